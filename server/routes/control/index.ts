import type { FastifyInstance } from 'fastify';
import { errorSchemaRef } from '../../../openapi/contract.js';
import type { FaultState } from '../../../scenarios/faults.js';
import type { ServedScenarios } from '../../../scenarios/registry.js';
import type { DefaultTenant } from '../../default-tenant.js';
import { adminTokenRequired } from '../../errors.js';
import { adminTokenGuard } from '../../plugins/admin-token.js';
import type { RequestJournal } from '../../request-journal.js';
import { defaultScenarioRoutes } from './default-scenario.js';
import { requestStreamRoutes } from './request-stream.js';
import { scenarioRoutes } from './scenarios.js';
import { requestsResponse, summaryResponse } from './schemas.js';
import { parseSummaryQuery, summarizeRange } from './summary-query.js';

/**
 * The control API, registered under `/_mock`: what the mock can serve (and changing it), what
 * it was asked (also live), a fresh start, and the ground truth of a window. No Graph token: tests call it to set up
 * and to check, and a token here would only be one more thing to fake. A shared mock (a QA
 * container) can guard it with an admin token of its own instead.
 */
export interface ControlOptions {
  readonly journal: RequestJournal;
  readonly faults: FaultState;
  /** The scenarios requests may name, which PUT and DELETE change. */
  readonly scenarios: ServedScenarios;
  /** The scenario and seed of a request that names none, which PUT /default-scenario switches. */
  readonly defaults: DefaultTenant;
  /** When set, every control request must carry `Authorization: Bearer <adminToken>`. */
  readonly adminToken?: string | undefined;
}

const NO_CONTENT = 204;

export async function controlRoutes(app: FastifyInstance, options: ControlOptions): Promise<void> {
  const { journal, faults, scenarios, defaults, adminToken } = options;
  // Awaited: its hook is then in place before any route below is added.
  await app.register(adminTokenGuard, { adminToken, refusal: adminTokenRequired });

  // After the hook: the admin token guards these too.
  app.register(scenarioRoutes, { scenarios, defaults });
  app.register(defaultScenarioRoutes, { scenarios, defaults });
  app.register(requestStreamRoutes, { journal });

  app.get('/requests', { schema: { response: { 200: requestsResponse } } }, async () => ({
    requests: journal.entries(),
  }));

  app.delete('/requests', async (_request, reply) => {
    journal.clear();
    return reply.code(NO_CONTENT).send();
  });

  /** Back to a just-started server: no journal, no throttle windows, no failed attempts. */
  app.post('/reset', async (_request, reply) => {
    journal.clear();
    faults.reset();
    return reply.code(NO_CONTENT).send();
  });

  app.get(
    '/summary',
    { schema: { response: { 200: summaryResponse, '4xx': errorSchemaRef() } } },
    async (request) => {
      const query = request.query as Record<string, string | string[]>;
      return summarizeRange(parseSummaryQuery(query, defaults));
    },
  );
}
