import type { ScenarioLookup } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { invalidSeedSelected, unknownScenarioSelected } from '../errors.js';
import { MAX_SEED, parseSeed } from '../seed.js';

/**
 * Which tenant answers a request: the `x-mock-scenario` / `x-mock-seed` headers, else the
 * same names in the query (where nextLinks carry them), else the server's defaults. A test
 * can thus switch tenants per request, and a client that follows nextLinks without resending
 * the headers stays on the tenant it started with.
 */
export const SCENARIO_PARAMETER = 'x-mock-scenario';
export const SEED_PARAMETER = 'x-mock-seed';

export interface TenantDefaults {
  /** The scenarios a request may name: the built-ins, the loaded ones and those added at runtime. */
  readonly registry: ScenarioLookup;
  /** Read per request: a PUT may replace the default scenario's definition. */
  readonly scenario: Scenario;
  /** The server's seed override; without it each scenario uses its own seed. */
  readonly seed: number | undefined;
}

export interface TenantSelection {
  readonly scenario: Scenario;
  readonly seed: number;
  /** True when the request chose the tenant, so links must carry the choice. */
  readonly chosen: boolean;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;
type Query = Readonly<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function selectTenant(
  headers: Headers,
  query: Query,
  defaults: TenantDefaults,
): TenantSelection {
  const scenarioName = first(headers[SCENARIO_PARAMETER]) ?? first(query[SCENARIO_PARAMETER]);
  const seedText = first(headers[SEED_PARAMETER]) ?? first(query[SEED_PARAMETER]);
  const scenario =
    scenarioName === undefined ? defaults.scenario : defaults.registry.find(scenarioName);
  if (!scenario) {
    throw unknownScenarioSelected(scenarioName!, SCENARIO_PARAMETER, defaults.registry.names());
  }
  const seed = seedText === undefined ? undefined : parseSeed(seedText.trim());
  if (seedText !== undefined && seed === undefined) {
    throw invalidSeedSelected(seedText, SEED_PARAMETER, MAX_SEED);
  }
  return {
    scenario,
    seed: seed ?? defaults.seed ?? scenario.seed,
    chosen: scenarioName !== undefined || seedText !== undefined,
  };
}

/** The query parameters a nextLink carries so that following it keeps the request's tenant. */
export function tenantParameters(selection: TenantSelection): string {
  return selection.chosen
    ? `&${SCENARIO_PARAMETER}=${encodeURIComponent(selection.scenario.name)}&${SEED_PARAMETER}=${selection.seed}`
    : '';
}
