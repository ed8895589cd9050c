import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifySchemas } from '../openapi/contract.js';
import { DEFAULT_SCENARIO_NAME } from '../scenarios/catalog.js';
import { FaultState } from '../scenarios/faults.js';
import { ScenarioRegistry, ServedScenarios } from '../scenarios/registry.js';
import { universeFor } from '../scenarios/universe.js';
import { createHttpServer, DEFAULT_LIMITS } from './http-server.js';
import { lazySerializers, validatorsOnDemand } from './lazy-compilers.js';
import type { AppOptions } from './options.js';
import './request-context.js';
import { DEFAULT_TOKEN_SECRET } from './auth/signing-key.js';
import { DefaultTenant } from './default-tenant.js';
import { connectionDraining } from './plugins/connection-draining.js';
import { frameworkErrors, graphErrors } from './plugins/graph-errors.js';
import { graphResponses, newRequestId } from './plugins/graph-responses.js';
import { clientErrorHandler } from './plugins/protocol-errors.js';
import { journalResponse, requestJournal } from './plugins/request-journal.js';
import { RequestJournal } from './request-journal.js';
import { type Delay, timerDelay } from './routes/call-records/fault-gate.js';
import { callRecordsRoutes } from './routes/call-records/index.js';
import { PageService } from './routes/call-records/page-service.js';
import { consoleRoutes } from './routes/console/index.js';
import { controlRoutes } from './routes/control/index.js';
import { healthRoutes } from './routes/health.js';
import { openApiRoutes } from './routes/openapi.js';
import { tokenRoutes } from './routes/token.js';
import { loadScenarios } from './scenario-files.js';
import { cachedTenants } from './tenant-cache.js';

/**
 * Room for pages asked for again — retries after a fault, polls of the last page: a 1,000-row
 * page of `large` is about 1 MB. Each MB of budget cost ~1.5 MB of RSS at saturation (issue 13).
 */
const PAGE_CACHE_BYTES = 16 * 1024 * 1024;
/** Kiota's function segments run to ~130 characters; the router's default cap is 100. */
const MAX_SEGMENT_LENGTH = 8192;

/** State the app keeps between requests; tests may pass their own to observe or drive it. */
export interface AppState {
  readonly faults?: FaultState;
  readonly journal?: RequestJournal;
  readonly pages?: PageService;
  /** How injected latency is waited out: a real timer unless a test brings a fake clock. */
  readonly delay?: Delay;
  /**
   * The scenarios served, which `PUT /_mock/scenarios/{name}` changes; by default the start-up
   * registry `options.scenarios` makes. The fixture brings its own to define scenarios in-process.
   */
  readonly scenarios?: ServedScenarios;
}

/**
 * The mock as a fastify instance, not yet listening: tests inject into it, the CLI listens.
 * Throws if `options.scenario` names no scenario, or a ScenarioFileError (a sentence a problem)
 * if `options.scenarios` has a bad one.
 *
 * @example
 * import { buildApp } from 'graph-callrecords-mock';
 *
 * const app = buildApp({ scenario: 'large', seed: 7 });
 * const res = await app.inject({
 *   url: '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)',
 *   headers: { authorization: 'Bearer any-token' }, // lenient auth: any bearer token passes
 * });
 * console.log(res.statusCode, res.json()['@odata.nextLink']);
 * await app.close();
 */
export function buildApp(options: AppOptions = {}, state: AppState = {}): FastifyInstance {
  const scenarios = state.scenarios ?? new ServedScenarios(startupRegistry(options.scenarios));
  const scenarioName = options.scenario ?? DEFAULT_SCENARIO_NAME;
  const scenario = scenarios.find(scenarioName);
  if (!scenario) {
    throw new Error(`Unknown scenario '${scenarioName}'; known: ${scenarios.names().join(', ')}`);
  }
  const seed = options.seed ?? scenario.seed;
  const defaults = new DefaultTenant(scenarios, scenarioName, options.seed);
  const faults = state.faults ?? new FaultState();

  const app = Fastify({
    serverFactory: (handler) =>
      createHttpServer(handler, options.tls, { ...DEFAULT_LIMITS, ...options.limits }),
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
    // connectionDraining answers these instead, in full, with Connection: close.
    return503OnClosing: false,
    // A response schema compiles when first used, not at ready: most never are in a process.
    // No route validates by schema, so ajv loads only should one come to.
    schemaController: {
      compilersFactory: {
        buildSerializer: lazySerializers(),
        buildValidator: validatorsOnDemand(),
      },
    },
  });

  for (const schema of fastifySchemas()) app.addSchema(schema);
  app.register(graphErrors); // first: every later error renders as a Graph envelope
  app.register(graphResponses); // Graph's headers on every response, errors included
  app.register(connectionDraining);
  if (options.cors) {
    app.register(fastifyCors, {
      origin: options.cors === '*' ? '*' : [...options.cors],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      // What a browser app reads: Graph's ids for a support ticket, and when to retry.
      exposedHeaders: ['request-id', 'client-request-id', 'Retry-After', 'x-ms-ags-diagnostic'],
      // Any OPTIONS is answered as a preflight, never with the plugin's plain-text 400.
      strictPreflight: false,
    });
  }
  app.decorateRequest('mockContext', null);
  const journal = state.journal ?? new RequestJournal();
  const journalled = options.control ?? true;
  if (journalled) app.register(requestJournal, { journal });
  app.register(healthRoutes);
  app.register(openApiRoutes, { publicUrl: options.publicUrl });
  app.register(tokenRoutes, { secret: options.tokenSecret, publicUrl: options.publicUrl });
  app.register(callRecordsRoutes, {
    defaults,
    auth: { mode: options.auth ?? 'lenient', secret: options.tokenSecret ?? DEFAULT_TOKEN_SECRET },
    publicUrl: options.publicUrl,
    pages: state.pages ?? new PageService(PAGE_CACHE_BYTES),
    faults,
    delay: state.delay ?? timerDelay,
    // What a network fault cuts never reaches the journal's onResponse hook.
    onCut: journalled ? (request, reply) => journalResponse(journal, request, reply) : undefined,
  });
  if (journalled) {
    app.register(controlRoutes, {
      prefix: '/_mock',
      journal,
      faults,
      scenarios,
      defaults,
      adminToken: options.adminToken,
    });
    // Its own scope: the page's 401 asks a browser for the token, the API's names Bearer.
    app.register(consoleRoutes, {
      prefix: '/_mock',
      adminToken: options.adminToken,
      publicUrl: options.publicUrl,
    });
  }
  // Build the default tenant before the first request, so it is not the slow one.
  const tenantOf =
    options.tenantCache === undefined ? undefined : cachedTenants(options.tenantCache);
  app.addHook('onReady', async () => {
    universeFor(scenario, seed, tenantOf);
  });
  return app;
}

/** The scenarios a server starts with: a registry as given, or the one its inputs describe. */
export function startupRegistry(scenarios: AppOptions['scenarios']): ScenarioRegistry {
  return scenarios instanceof ScenarioRegistry ? scenarios : loadScenarios(scenarios);
}
