/**
 * `GET /_mock/summary?scenario=…&seed=…&fromDateTime=…&toDateTime=…` read into the tenant and
 * window to total. The tenant follows the API's rule (asked for > server override > the
 * scenario's own seed), and the window is checked exactly as getPstnCalls checks it.
 */
import { findScenario, scenarioNames } from '../../../scenarios/catalog.js';
import type { Instant } from '../../../scenarios/instant.js';
import type { CallWindow } from '../../../scenarios/log-window.js';
import type { Scenario } from '../../../scenarios/scenario.js';
import { type CallSummary, summarize } from '../../../scenarios/summary.js';
import { universeFor } from '../../../scenarios/universe.js';
import {
  invalidQueryDateTime,
  invalidSeed,
  missingQueryParameter,
  repeatedQueryParameter,
  unknownQueryParameter,
  unknownScenario,
} from '../../errors.js';
import { checkCallWindow } from '../../graph/call-window.js';
import { formatDateTimeLiteral, parseDateTimeOffset } from '../../graph/date-time-offset.js';
import type { TenantDefaults } from '../../graph/tenant-selection.js';
import { MAX_SEED, parseSeed } from '../../seed.js';

export interface SummaryRequest {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly window: CallWindow;
}

/** What `GET /_mock/summary` answers: the tenant and window as understood, then their totals. */
export interface RangeSummary extends CallSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly fromDateTime: string;
  readonly toDateTime: string;
}

type Query = Readonly<Record<string, string | string[] | undefined>>;

const PARAMETERS = ['scenario', 'seed', 'fromDateTime', 'toDateTime'] as const;
type Parameter = (typeof PARAMETERS)[number];

const EXAMPLE_DATE = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' } as const;

export function parseSummaryQuery(query: Query, defaults: TenantDefaults): SummaryRequest {
  for (const name of Object.keys(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw unknownQueryParameter(name, PARAMETERS);
    }
  }
  const scenario = scenarioOf(single(query, 'scenario'), defaults.scenario);
  const seed = seedOf(single(query, 'seed')) ?? defaults.seed ?? scenario.seed;
  const window = { from: instantOf(query, 'fromDateTime'), to: instantOf(query, 'toDateTime') };
  checkCallWindow(window);
  return { scenario, seed, window };
}

/** The ground truth of the request's window, for the control API and the test fixture alike. */
export function summarizeRange({ scenario, seed, window }: SummaryRequest): RangeSummary {
  return {
    scenario: scenario.name,
    seed,
    fromDateTime: formatDateTimeLiteral(window.from),
    toDateTime: formatDateTimeLiteral(window.to),
    ...summarize(universeFor(scenario, seed), window),
  };
}

function single(query: Query, name: Parameter): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw repeatedQueryParameter(name);
  return value;
}

function scenarioOf(name: string | undefined, fallback: Scenario): Scenario {
  if (name === undefined) return fallback;
  const scenario = findScenario(name);
  if (scenario === undefined) throw unknownScenario(name, scenarioNames());
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
