/**
 * How the benchmarks page each log function of LOG_FUNCTION_TABLE: the tenant whose log has
 * rows enough, and the shape of the log, which decides what a fair figure of it is. Keyed by
 * function name, so a function added to the table without an entry here fails to compile.
 */
import type { LogFunctionName } from '../openapi/contract.js';
import { directRoutingScenario, largeScenario } from '../scenarios/catalog.js';
import type { LogFunction } from '../scenarios/log-functions.js';
import { type CallWindow, inclusiveWindow } from '../scenarios/log-window.js';
import type { Scenario } from '../scenarios/scenario.js';
import { universeFor } from '../scenarios/universe.js';
import { BENCH_WINDOW } from './window.js';

/**
 * - `pages`: an event log generated from the position alone — unique pages at a shallow and a
 *   deep `$skip`, which should cost the same.
 * - `whole-window`: so few rows that a window is one short page — its whole cost.
 * - `cached-days`: an aggregate whose whole UTC days are kept per tenant — the first page
 *   (cold, the days computed) apart from later pages (warm, the days merged).
 */
export type LogShape = 'pages' | 'whole-window' | 'cached-days';

export interface LogBench {
  readonly scenario: Scenario;
  readonly shape: LogShape;
}

export const LOG_BENCHES: Readonly<Record<LogFunctionName, LogBench>> = {
  getPstnCalls: { scenario: largeScenario, shape: 'pages' },
  // ~4,700 attempts a weekday: ~420 pages in the 90 days.
  getDirectRoutingCalls: { scenario: directRoutingScenario, shape: 'pages' },
  // ~65k messages a month: ~200 pages.
  getSmsLog: { scenario: largeScenario, shape: 'pages' },
  // A block or two a month.
  getPstnBlockedUsersLog: { scenario: largeScenario, shape: 'whole-window' },
  // ~5,200 entries: 6 pages, all from the PSTN log's conf_out rows.
  getPstnOnlineMeetingDialoutReport: { scenario: largeScenario, shape: 'cached-days' },
};

/** The benchmark's 90 days, read by the function's rule, shifted later by `seconds`. */
export function benchWindow(fn: LogFunction, seconds = 0): CallWindow {
  return inclusiveWindow(fn.window, shiftedRange(seconds));
}

/** BENCH_WINDOW as a client writes it, its start `seconds` later (a quiet night hour). */
export function shiftedRange(seconds: number): CallWindow {
  return {
    from: {
      minute: BENCH_WINDOW.from.minute + Math.floor(seconds / 60),
      tick: (seconds % 60) * 1e7,
    },
    to: BENCH_WINDOW.to,
  };
}

/** Rows of the function's log in the benchmark's window. */
export function rowsInWindow(fn: LogFunction): number {
  const { scenario } = LOG_BENCHES[fn.name];
  return fn.plan(universeFor(scenario, scenario.seed), benchWindow(fn), 0, Number.MAX_SAFE_INTEGER)
    .count;
}
