import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiVersion,
  errorSchemaRef,
  functionVersions,
  type LogFunctionName,
} from '../../../openapi/contract.js';
import type { FaultState } from '../../../scenarios/faults.js';
import { LOG_FUNCTION_TABLE, type LogFunction } from '../../../scenarios/log-functions.js';
import { methodNotAllowed, mockClosing } from '../../errors.js';
import { checkCallWindow } from '../../graph/call-window.js';
import { functionNamedIn, parseFunctionSegment } from '../../graph/function-segment.js';
import { requestOrigin } from '../../graph/page-links.js';
import { parseQueryOptions } from '../../graph/query-options.js';
import { lastSegmentOf } from '../../graph/request-target.js';
import {
  selectTenant,
  type TenantDefaults,
  type TenantSelection,
} from '../../graph/tenant-selection.js';
import { type BearerAuthOptions, bearerAuth } from '../../plugins/bearer-auth.js';
import type { MockContext } from '../../request-context.js';
import { type Delay, FaultGate } from './fault-gate.js';
import { sendWithNetworkFault } from './network-fault-sender.js';
import type { PageAddress, PageRequest, PageService } from './page-service.js';

/**
 * GET /{beta|v1.0}/communications/callRecords/<log function>(…), read top to bottom: pick the
 * tenant, apply the rate limit, parse the function segment and query options, apply the page's
 * faults, then send the page the page service renders (or has cached). One route per version
 * serves every log function that version has: the function is data (scenarios/log-functions.ts).
 */
export interface CallRecordsOptions {
  readonly defaults: TenantDefaults;
  readonly auth: BearerAuthOptions;
  readonly publicUrl: string | undefined;
  readonly pages: PageService;
  readonly faults: FaultState;
  /** How the route waits out injected latency. */
  readonly delay: Delay;
  /**
   * Told of a response a network fault left unfinished (a stall, a cut dribble, an empty
   * response), which fastify's onResponse never sees: the request journal records it.
   */
  readonly onCut?: (request: FastifyRequest, reply: FastifyReply) => void;
}

const VERSIONS: readonly ApiVersion[] = ['beta', 'v1.0'];
const CONTENT_TYPE = {
  minimal:
    'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  none: 'application/json;odata.metadata=none;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
} as const;
const NO_METADATA = /odata\.metadata\s*=\s*none/i;
const UNSUPPORTED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;

type Query = Record<string, string | string[]>;

async function rejectMethod(request: FastifyRequest): Promise<never> {
  throw methodNotAllowed(request.method);
}

/** Who a rate limit counts: the tenant and the calling app. */
function callerOf(request: FastifyRequest, tenant: TenantSelection): string {
  return `${tenant.scenario.name}\u0000${tenant.seed}\u0000${request.graphCaller?.appId}`;
}

/** The log functions each API version serves: those of the table the contract gives it. */
const SERVED: Readonly<Record<ApiVersion, ReadonlyMap<LogFunctionName, LogFunction>>> = {
  beta: servedBy('beta'),
  'v1.0': servedBy('v1.0'),
};

/** The same, as the names the segment parser accepts: made once, not per request. */
const SERVED_NAMES: Readonly<Record<ApiVersion, ReadonlySet<LogFunctionName>>> = {
  beta: new Set(SERVED.beta.keys()),
  'v1.0': new Set(SERVED['v1.0'].keys()),
};

function servedBy(version: ApiVersion): ReadonlyMap<LogFunctionName, LogFunction> {
  return new Map(
    LOG_FUNCTION_TABLE.filter((fn) => functionVersions(fn.name).includes(version)).map(
      (fn) => [fn.name, fn] as const,
    ),
  );
}

/** The page a request asks for: its function, its range read by the function's rule, $skip and $top. */
function pageRequestOf(
  version: ApiVersion,
  request: FastifyRequest,
  tenant: TenantSelection,
): PageRequest {
  const served = SERVED[version];
  const call = parseFunctionSegment(lastSegmentOf(request.url), SERVED_NAMES[version]);
  const fn = served.get(call.name)!;
  const window = checkCallWindow(fn, call.range);
  return {
    tenant,
    version,
    fn,
    range: call.range,
    window,
    slice: parseQueryOptions(request.query as Query),
  };
}

export async function callRecordsRoutes(
  app: FastifyInstance,
  options: CallRecordsOptions,
): Promise<void> {
  await app.register(bearerAuth, options.auth);
  const { pages } = options;
  const gate = new FaultGate(options.faults, options.delay);
  // A stalled or dribbling response is cut when the app starts closing: the server's close
  // waits for it, so onClose would never come. A latency wait is a request in flight like any
  // other: it has the shutdown grace to finish, and ends when the app has closed.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort(mockClosing()));
  const closed = new AbortController();
  app.addHook('onClose', async () => closed.abort(mockClosing()));

  function addressOf(request: FastifyRequest): PageAddress {
    return {
      origin: options.publicUrl ?? requestOrigin(request.protocol, request.host),
      metadata: NO_METADATA.test(request.headers.accept ?? '') ? 'none' : 'minimal',
    };
  }

  async function servePage(
    version: ApiVersion,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const tenant = selectTenant(request.headers, request.query as Query, options.defaults);
    const context: MockContext = { scenario: tenant.scenario.name, seed: tenant.seed, fault: null };
    request.mockContext = context;
    const faults = gate.forRequest(tenant, request.headers, context);
    faults.admitCaller(callerOf(request, tenant), functionNamedIn(lastSegmentOf(request.url)));

    const page = pageRequestOf(version, request, tenant);
    // fastify's request.signal aborts when the client goes away.
    const network = await faults.admitPage(pages.identity(page), () =>
      AbortSignal.any([request.signal, closed.signal]),
    );

    const address = addressOf(request);
    const rendered = pages.render(page, address);
    // 'close' follows 'finish', or an aborted connection: either way the bytes are no longer read.
    reply.raw.once('close', rendered.release);
    reply.type(CONTENT_TYPE[address.metadata]);
    if (network === undefined) return reply.send(rendered.body);
    return sendWithNetworkFault(reply, {
      body: rendered.body,
      fault: network,
      closing: closing.signal,
      onCut: () => options.onCut?.(request, reply),
    });
  }

  for (const version of VERSIONS) {
    const url = `/${version}/communications/callRecords/:function`;
    app.get(url, {
      // No 200 schema: a page is sent as the bytes the renderer made from the contract.
      schema: { response: { '4xx': errorSchemaRef() } },
      handler: (request, reply) => servePage(version, request, reply),
    });
    app.route({
      method: [...UNSUPPORTED_METHODS],
      url,
      schema: { response: { '4xx': errorSchemaRef() } },
      // A hook as well as the handler: fastify parses a body before handlers run, and a bad
      // body must not turn the 405 into a 400 or 415.
      onRequest: rejectMethod,
      handler: rejectMethod,
    });
  }
}
