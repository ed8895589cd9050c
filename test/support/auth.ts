/**
 * A small app with the auth pieces alone — Graph's errors and headers, the token routes and one
 * API route behind bearer-auth — so auth is tested without the rest of the mock.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { type BearerAuthOptions, bearerAuth } from '../../server/plugins/bearer-auth.js';
import { graphErrors } from '../../server/plugins/graph-errors.js';
import { graphResponses, newRequestId } from '../../server/plugins/graph-responses.js';
import { type TokenRoutesOptions, tokenRoutes } from '../../server/routes/token.js';

/** The API route behind bearer-auth: it answers with the caller bearer-auth found. */
export const PROBE_PATH = '/beta/communications/callRecords/probe';
/** A route outside bearer-auth's scope. */
export const OPEN_PATH = '/open';

export function buildAuthApp(
  auth?: Partial<BearerAuthOptions>,
  tokens: TokenRoutesOptions = { secret: auth?.secret },
): FastifyInstance {
  const app = Fastify({ genReqId: newRequestId, requestIdHeader: false });
  app.register(graphErrors);
  app.register(graphResponses);
  app.register(tokenRoutes, tokens);
  app.register(async (api) => {
    await api.register(bearerAuth, auth ?? {});
    api.get(PROBE_PATH, async (request) => ({ caller: request.graphCaller ?? null }));
  });
  app.get(OPEN_PATH, async (request) => ({ caller: request.graphCaller ?? null }));
  return app;
}
