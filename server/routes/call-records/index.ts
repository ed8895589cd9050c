import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiVersion, errorSchemaRef, pageSchemaRef } from '../../../openapi/contract.js';
import type { Scenario } from '../../../scenarios/scenario.js';
import { planPage, universeFor } from '../../../scenarios/universe.js';
import { methodNotAllowed } from '../../errors.js';
import { bearerAuth } from '../../plugins/bearer-auth.js';
import { renderPage } from '../../rendering/page-renderer.js';
import { WriterPool } from '../../rendering/writer-pool.js';
import { checkCallWindow, parseFunctionSegment } from './function-segment.js';
import { PageCache } from './page-cache.js';
import { metadataContext, nextLink, requestOrigin } from './page-links.js';
import { parseQueryOptions } from './query-options.js';

/**
 * GET /{beta|v1.0}/communications/callRecords/getPstnCalls(…): parse the function segment and
 * query options, locate the page in the tenant's universe, render it.
 */
export interface CallRecordsOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly publicUrl: string | undefined;
  /** Memory for rendered pages asked for more than once. */
  readonly pageCacheBytes: number;
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

/** The function segment exactly as sent (still percent-encoded): the router would decode it. */
function rawFunctionSegment(url: string): string {
  const path = url.split('?', 1)[0]!.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

export async function callRecordsRoutes(
  app: FastifyInstance,
  options: CallRecordsOptions,
): Promise<void> {
  await app.register(bearerAuth);
  const cache = new PageCache(options.pageCacheBytes);
  const writers = new WriterPool(MAX_IDLE_WRITERS);

  function servePage(
    version: ApiVersion,
    request: FastifyRequest,
    reply: FastifyReply,
  ): FastifyReply {
    const window = parseFunctionSegment(rawFunctionSegment(request.url));
    checkCallWindow(window);
    const { skip, top } = parseQueryOptions(request.query as Record<string, string | string[]>);
    const origin = options.publicUrl ?? requestOrigin(request);
    const metadata = NO_METADATA.test(request.headers.accept ?? '') ? 'none' : 'minimal';
    const { scenario, seed } = options;
    const key = [
      scenario.name,
      seed,
      version,
      origin,
      metadata,
      window.from.minute,
      window.from.tick,
      window.to.minute,
      window.to.tick,
      skip,
      top,
    ].join('|');
    reply.type(CONTENT_TYPE[metadata]);
    const cached = cache.get(key);
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
        nextLink: page.hasMore ? nextLink(origin, version, window, skip + page.count, top) : null,
        count: page.count,
        forEachRow: page.forEachRow,
      },
      writer,
    );
    cache.offer(key, body);
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
