/**
 * `GET` and `PUT /_mock/default-scenario`: the tenant a request that names none is served, and
 * switching it while the server runs — what a QA console offers a tester who cannot add
 * `x-mock-scenario` to the application under test.
 */
import type { FastifyInstance } from 'fastify';
import type { ServedScenarios } from '../../../scenarios/registry.js';
import type { DefaultTenant } from '../../default-tenant.js';
import { invalidDefaultScenarioBody, scenarioNotFound } from '../../errors.js';
import { MAX_SEED } from '../../seed.js';
import { defaultScenarioResponse } from './schemas.js';

export interface DefaultScenarioOptions {
  readonly scenarios: ServedScenarios;
  readonly defaults: DefaultTenant;
}

/** What the default is now, with the seed it serves (the override, or the scenario's own). */
export interface DefaultScenario {
  readonly scenario: string;
  readonly seed: number;
}

export function defaultScenarioOf(defaults: DefaultTenant): DefaultScenario {
  const { scenario, seed } = defaults;
  return { scenario: scenario.name, seed: seed ?? scenario.seed };
}

interface Choice {
  readonly scenario: string;
  readonly seed: number | undefined;
}

/** The body read into a choice, or a sentence saying what is wrong with it. */
export function parseDefaultChoice(body: unknown): Choice | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'The body is not a JSON object';
  }
  const { scenario, seed, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return `The body has members this does not take: ${unknown.join(', ')}`;
  if (typeof scenario !== 'string') return "The body's scenario is not a scenario name";
  if (seed === undefined || seed === null) return { scenario, seed: undefined };
  if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > MAX_SEED) {
    return `The body's seed ${JSON.stringify(seed)} is not a seed: use a whole number from 0 to ${MAX_SEED}`;
  }
  return { scenario, seed: seed as number };
}

export async function defaultScenarioRoutes(
  app: FastifyInstance,
  { scenarios, defaults }: DefaultScenarioOptions,
): Promise<void> {
  const schema = { response: { 200: defaultScenarioResponse } };

  app.get('/default-scenario', { schema }, async () => defaultScenarioOf(defaults));

  app.put('/default-scenario', { schema }, async (request) => {
    const choice = parseDefaultChoice(request.body);
    if (typeof choice === 'string') throw invalidDefaultScenarioBody(choice);
    if (scenarios.find(choice.scenario) === undefined) {
      throw scenarioNotFound(choice.scenario, scenarios.names());
    }
    defaults.switchTo(choice.scenario, choice.seed);
    return defaultScenarioOf(defaults);
  });
}
