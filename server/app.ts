import http, { type RequestListener, type Server } from 'node:http';
import https from 'node:https';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifySchemas } from '../openapi/contract.js';
import { DEFAULT_SCENARIO_NAME, findScenario, scenarioNames } from '../scenarios/catalog.js';
import { FaultState } from '../scenarios/faults.js';
import { universeFor } from '../scenarios/universe.js';
import type { AppOptions } from './options.js';
import './request-context.js';
import { DEFAULT_TOKEN_SECRET } from './auth/signing-key.js';
import { frameworkErrors, graphErrors } from './plugins/graph-errors.js';
import { graphResponses, newRequestId } from './plugins/graph-responses.js';
import { answerProtocolErrors, clientErrorHandler } from './plugins/protocol-errors.js';
import { requestJournal } from './plugins/request-journal.js';
import { RequestJournal } from './request-journal.js';
import { callRecordsRoutes } from './routes/call-records/index.js';
import { controlRoutes } from './routes/control/index.js';
import { healthRoutes } from './routes/health.js';
import { openApiRoutes } from './routes/openapi.js';
import { tokenRoutes } from './routes/token.js';

/** Room for pages polled repeatedly; a page is about 1 MB. */
const PAGE_CACHE_BYTES = 32 * 1024 * 1024;
/** Kiota's function segments run to ~130 characters; the router's default cap is 100. */
const MAX_SEGMENT_LENGTH = 8192;

/**
 * The HTTP or HTTPS server under fastify. Made here rather than by fastify so that Node's own
 * answers — a bare 400 for a missing Host, a bare 417, a dropped CONNECT — become Graph's.
 */
function createServer(handler: RequestListener, tls: AppOptions['tls']): Server {
  const server = tls
    ? // Only the key and certificate: anything else a caller's object holds is not for Node's TLS.
      (https.createServer(
        { key: tls.key, cert: tls.cert, requireHostHeader: false },
        handler,
      ) as unknown as Server)
    : http.createServer({ requireHostHeader: false }, handler);
  answerProtocolErrors(server);
  return server;
}

/** State the app keeps between requests; tests may pass their own to observe or drive it. */
export interface AppState {
  readonly faults?: FaultState;
  readonly journal?: RequestJournal;
}

/** The mock as a fastify instance, not yet listening: tests inject into it, the CLI listens. */
export function buildApp(options: AppOptions = {}, state: AppState = {}): FastifyInstance {
  const scenarioName = options.scenario ?? DEFAULT_SCENARIO_NAME;
  const scenario = findScenario(scenarioName);
  if (!scenario) {
    throw new Error(`Unknown scenario '${scenarioName}'; known: ${scenarioNames().join(', ')}`);
  }
  const seed = options.seed ?? scenario.seed;
  const faults = state.faults ?? new FaultState();

  const app = Fastify({
    serverFactory: (handler) => createServer(handler, options.tls),
    logger: { level: options.logLevel ?? 'silent' },
    genReqId: newRequestId,
    // request-id is always ours; the caller's id travels as client-request-id.
    requestIdHeader: false,
    routerOptions: {
      // Graph's URLs are case-insensitive.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: MAX_SEGMENT_LENGTH,
    },
    frameworkErrors,
    clientErrorHandler,
  });

  for (const schema of fastifySchemas()) app.addSchema(schema);
  app.register(graphErrors); // first: every later error renders as a Graph envelope
  app.register(graphResponses); // Graph's headers on every response, errors included
  app.decorateRequest('mockContext', null);
  const journal = state.journal ?? new RequestJournal();
  if (options.control ?? true) app.register(requestJournal, { journal });
  app.register(healthRoutes);
  app.register(openApiRoutes, { publicUrl: options.publicUrl });
  app.register(tokenRoutes, { secret: options.tokenSecret, publicUrl: options.publicUrl });
  app.register(callRecordsRoutes, {
    defaults: { scenario, seed: options.seed },
    auth: { mode: options.auth ?? 'lenient', secret: options.tokenSecret ?? DEFAULT_TOKEN_SECRET },
    publicUrl: options.publicUrl,
    pageCacheBytes: PAGE_CACHE_BYTES,
    faults,
  });
  if (options.control ?? true) {
    app.register(controlRoutes, {
      prefix: '/_mock',
      journal,
      faults,
      defaultScenario: scenario,
      defaultSeed: options.seed,
    });
  }
  // Build the default tenant before the first request, so it is not the slow one.
  app.addHook('onReady', async () => {
    universeFor(scenario, seed);
  });
  return app;
}
