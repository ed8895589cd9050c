import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiVersion, errorSchemaRef, pageSchemaRef } from '../../../openapi/contract.js';
import type { FaultState } from '../../../scenarios/faults.js';
import { hashString } from '../../../scenarios/hash.js';
import { planPage, universeFor } from '../../../scenarios/universe.js';
import { methodNotAllowed } from '../../errors.js';
import { checkCallWindow } from '../../graph/call-window.js';
import { parseFunctionSegment } from '../../graph/function-segment.js';
import { metadataContext, nextLink, requestOrigin } from '../../graph/page-links.js';
import { parseQueryOptions } from '../../graph/query-options.js';
import { lastSegmentOf } from '../../graph/request-target.js';
import {
  selectTenant,
  type TenantDefaults,
  tenantParameters,
} from '../../graph/tenant-selection.js';
import { type BearerAuthOptions, bearerAuth } from '../../plugins/bearer-auth.js';
import { renderPage } from '../../rendering/page-renderer.js';
import { WriterPool } from '../../rendering/writer-pool.js';
import type { MockContext } from '../../request-context.js';
import { FaultGate } from './fault-gate.js';
import { FAULT_HEADER, parseFaultHeader } from './fault-header.js';
import { PageCache } from './page-cache.js';

/**
 * GET /{beta|v1.0}/communications/callRecords/getPstnCalls(…), read top to bottom: pick the
 * tenant, apply the rate limit, parse the function segment and query options, apply the page's
 * faults, locate the page in the tenant's universe, render it.
 */
export interface CallRecordsOptions {
  readonly defaults: TenantDefaults;
  readonly auth: BearerAuthOptions;
  readonly publicUrl: string | undefined;
  /** Memory for rendered pages asked for more than once. */
  readonly pageCacheBytes: number;
  readonly faults: FaultState;
}

const VERSIONS: readonly ApiVersion[] = ['beta', 'v1.0'];
const CONTENT_TYPE = {
  minimal:
    'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  none: 'application/json;odata.metadata=none;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
} as const;
const NO_METADATA = /odata\.metadata\s*=\s*none/i;
/** Writers kept for reuse: enough for the concurrent requests of a busy test suite. */
const MAX_IDLE_WRITERS = 16;
const UNSUPPORTED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;

async function rejectMethod(request: FastifyRequest): Promise<never> {
  throw methodNotAllowed(request.method);
}

/** Who a rate limit counts: the tenant and the calling app. */
function callerOf(request: FastifyRequest, context: MockContext): string {
  return `${context.scenario}\u0000${context.seed}\u0000${request.graphCaller?.appId}`;
}

export async function callRecordsRoutes(
  app: FastifyInstance,
  options: CallRecordsOptions,
): Promise<void> {
  await app.register(bearerAuth, options.auth);
  const cache = new PageCache(options.pageCacheBytes);
  const writers = new WriterPool(MAX_IDLE_WRITERS);
  const gate = new FaultGate(options.faults);

  async function servePage(
    version: ApiVersion,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const query = request.query as Record<string, string | string[]>;
    const tenant = selectTenant(request.headers, query, options.defaults);
    const { scenario, seed } = tenant;
    const override = parseFaultHeader(request.headers[FAULT_HEADER]);
    const rules = override.none ? [] : scenario.faults;
    const context: MockContext = { scenario: scenario.name, seed, fault: null };
    request.mockContext = context;
    gate.admit(rules, override, callerOf(request, context), context);

    const window = parseFunctionSegment(lastSegmentOf(request.url));
    checkCallWindow(window);
    const { skip, top } = parseQueryOptions(query);
    const pageKey = [
      scenario.name,
      seed,
      version,
      window.from.minute,
      window.from.tick,
      window.to.minute,
      window.to.tick,
      skip,
      top,
    ].join('|');
    const seedKey = hashString(scenario.name) ^ seed;
    await gate.serve(
      rules,
      override,
      { key: pageKey, number: Math.floor(skip / top) + 1 },
      seedKey,
      context,
    );

    const origin = options.publicUrl ?? requestOrigin(request.protocol, request.host);
    const metadata = NO_METADATA.test(request.headers.accept ?? '') ? 'none' : 'minimal';
    const carried = tenantParameters(tenant);
    const cacheKey = `${pageKey}|${origin}|${metadata}|${carried}`;
    reply.type(CONTENT_TYPE[metadata]);
    const cached = cache.get(cacheKey);
    if (cached) return reply.send(cached);

    const universe = universeFor(scenario, seed);
    const page = planPage(universe, window, skip, top);
    const writer = writers.acquire();
    // 'close' follows 'finish', or an aborted connection: either way the bytes are no longer read.
    reply.raw.once('close', () => writers.release(writer));
    const body = renderPage(
      {
        version,
        context: metadata === 'none' ? null : metadataContext(origin, version),
        nextLink: page.hasMore
          ? nextLink(origin, version, window, skip + page.count, top, carried)
          : null,
        count: page.count,
        forEachRow: page.forEachRow,
      },
      writer,
    );
    cache.offer(cacheKey, body);
    return reply.send(body);
  }

  for (const version of VERSIONS) {
    const url = `/${version}/communications/callRecords/:function`;
    app.get(url, {
      schema: { response: { 200: pageSchemaRef(version), '4xx': errorSchemaRef() } },
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
