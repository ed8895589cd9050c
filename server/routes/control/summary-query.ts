/**
 * `GET /_mock/summary?function=…&scenario=…&seed=…&fromDateTime=…&toDateTime=…` read into the
 * log, tenant and window to total. The tenant follows the API's rule (asked for > server
 * override > the scenario's own seed), and the range is read exactly as the function reads it
 * (getPstnCalls when none is named), so the totals are those of a full walk of that request.
 */
import type { DaySummary } from '../../../scenarios/daily-summary.js';
import type { Instant } from '../../../scenarios/instant.js';
import {
  getPstnCalls,
  LOG_FUNCTION_TABLE,
  type LogFunction,
} from '../../../scenarios/log-functions.js';
import type { CallWindow } from '../../../scenarios/log-window.js';
import type { ScenarioLookup } from '../../../scenarios/registry.js';
import type { Scenario } from '../../../scenarios/scenario.js';
import type { CallSummary } from '../../../scenarios/summary.js';
import { universeFor } from '../../../scenarios/universe.js';
import {
  invalidQueryDateTime,
  invalidSeed,
  missingQueryParameter,
  repeatedQueryParameter,
  unknownLogFunction,
  unknownQueryParameter,
  unknownScenario,
} from '../../errors.js';
import { checkCallWindow } from '../../graph/call-window.js';
import { formatDateTimeLiteral, parseDateTimeOffset } from '../../graph/date-time-offset.js';
import type { TenantDefaults } from '../../graph/tenant-selection.js';
import { MAX_SEED, parseSeed } from '../../seed.js';

export interface SummaryRequest {
  readonly fn: LogFunction;
  readonly scenario: Scenario;
  readonly seed: number;
  /** The range as written, and the rows it selects under the function's rule. */
  readonly range: CallWindow;
  readonly window: CallWindow;
}

/** The log, tenant and range as understood, before the log's own totals. */
export interface SummaryHeading {
  readonly function: string;
  readonly scenario: string;
  readonly seed: number;
  readonly fromDateTime: string;
  readonly toDateTime: string;
}

/**
 * What `GET /_mock/summary` answers: the heading, the log's totals (getPstnCalls' by default),
 * and the same totals day by day.
 */
export type RangeSummary<Totals = CallSummary> = SummaryHeading &
  Totals & { readonly days: readonly DaySummary[] };

type Query = Readonly<Record<string, string | string[] | undefined>>;

const PARAMETERS = ['function', 'scenario', 'seed', 'fromDateTime', 'toDateTime'] as const;
type Parameter = (typeof PARAMETERS)[number];

const EXAMPLE_DATE = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' } as const;

export function parseSummaryQuery(query: Query, defaults: TenantDefaults): SummaryRequest {
  for (const name of Object.keys(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw unknownQueryParameter(name, PARAMETERS);
    }
  }
  const fn = functionOf(single(query, 'function'));
  const scenario = scenarioOf(single(query, 'scenario'), defaults.scenario, defaults.registry);
  const seed = seedOf(single(query, 'seed')) ?? defaults.seed ?? scenario.seed;
  const range = { from: instantOf(query, 'fromDateTime'), to: instantOf(query, 'toDateTime') };
  return { fn, scenario, seed, range, window: checkCallWindow(fn, range) };
}

/** The ground truth of the request's window, for the control API and the test fixture alike. */
export function summarizeRange(request: SummaryRequest): RangeSummary<unknown> {
  const { fn, scenario, seed, range, window } = request;
  const heading: SummaryHeading = {
    function: fn.name,
    scenario: scenario.name,
    seed,
    fromDateTime: formatDateTimeLiteral(range.from),
    toDateTime: formatDateTimeLiteral(range.to),
  };
  const { summary, days } = fn.summarizeWithDays(universeFor(scenario, seed), window);
  return { ...heading, ...(summary as object), days };
}

function functionOf(name: string | undefined): LogFunction {
  if (name === undefined) return getPstnCalls;
  const fn = LOG_FUNCTION_TABLE.find((entry) => entry.name === name);
  if (fn === undefined) {
    throw unknownLogFunction(
      name,
      LOG_FUNCTION_TABLE.map((entry) => entry.name),
    );
  }
  return fn;
}

function single(query: Query, name: Parameter): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw repeatedQueryParameter(name);
  return value;
}

function scenarioOf(
  name: string | undefined,
  fallback: Scenario,
  registry: ScenarioLookup,
): Scenario {
  if (name === undefined) return fallback;
  const scenario = registry.find(name);
  if (scenario === undefined) throw unknownScenario(name, registry.names());
  return scenario;
}

function seedOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = parseSeed(text);
  if (seed === undefined) throw invalidSeed(text, MAX_SEED);
  return seed;
}

function instantOf(query: Query, name: 'fromDateTime' | 'toDateTime'): Instant {
  const text = single(query, name);
  if (text === undefined) throw missingQueryParameter(name, EXAMPLE_DATE[name]);
  const instant = parseDateTimeOffset(text);
  if (instant === undefined) throw invalidQueryDateTime(name, text, EXAMPLE_DATE[name]);
  return instant;
}
