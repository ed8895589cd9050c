import Fastify, { type FastifyInstance } from 'fastify';
import { fastifySchemas } from '../openapi/contract.js';
import { DEFAULT_SCENARIO_NAME, findScenario, scenarioNames } from '../scenarios/catalog.js';
import { universeFor } from '../scenarios/universe.js';
import type { AppOptions } from './options.js';
import { clientErrorHandler, frameworkErrors, graphErrors } from './plugins/graph-errors.js';
import { graphResponses, newRequestId } from './plugins/graph-responses.js';
import { callRecordsRoutes } from './routes/call-records/index.js';
import { healthRoutes } from './routes/health.js';

/** Room for pages polled repeatedly; a page is about 1 MB. */
const PAGE_CACHE_BYTES = 32 * 1024 * 1024;
/** Kiota's function segments run to ~130 characters; the router's default cap is 100. */
const MAX_SEGMENT_LENGTH = 8192;

/** The mock as a fastify instance, not yet listening: tests inject into it, the CLI listens. */
export function buildApp(options: AppOptions = {}): FastifyInstance {
  const scenarioName = options.scenario ?? DEFAULT_SCENARIO_NAME;
  const scenario = findScenario(scenarioName);
  if (!scenario) {
    throw new Error(`Unknown scenario '${scenarioName}'; known: ${scenarioNames().join(', ')}`);
  }
  const seed = options.seed ?? scenario.seed;

  const app = Fastify({
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
  app.register(healthRoutes);
  app.register(callRecordsRoutes, {
    scenario,
    seed,
    publicUrl: options.publicUrl,
    pageCacheBytes: PAGE_CACHE_BYTES,
  });
  // Build the default tenant before the first request, so it is not the slow one.
  app.addHook('onReady', async () => {
    universeFor(scenario, seed);
  });
  return app;
}
