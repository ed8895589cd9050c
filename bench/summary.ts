/**
 * `npm run bench` (last part): what `GET /_mock/summary` costs for each log function over the
 * benchmark's 90 days of its tenant (large, or direct-routing) — the window's totals and its
 * days, as the QA console asks for them. Cold is the first summary of a process (whole days
 * not yet totalled and kept; the tenant itself is built beforehand and shown apart); warm is
 * the median of later ones. The process runs on one core, as the bench server does.
 *
 * Env: BENCH_ROUNDS (warm samples per function, default 5).
 */
import { LOG_FUNCTION_TABLE, type LogFunction } from '../scenarios/log-functions.js';
import { universeFor } from '../scenarios/universe.js';
import { benchWindow, LOG_BENCHES } from './log-benches.js';
import { canPin, median, pinInProcess } from './machine.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

let sink = 0;

function millisecondsOf(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The summary route's work: the totals and the days (summary-query.ts). */
function summaryOf(fn: LogFunction): void {
  const { scenario } = LOG_BENCHES[fn.name];
  const universe = universeFor(scenario, scenario.seed);
  const window = benchWindow(fn);
  const { summary, days } = fn.summarizeWithDays(universe, window);
  sink += (summary as { rows: number }).rows + days.length;
}

if (canPin()) pinInProcess();
console.log(`summary of 90 days, totals and days (warm: median of ${ROUNDS})`);
for (const fn of LOG_FUNCTION_TABLE) {
  const { scenario } = LOG_BENCHES[fn.name];
  const build = millisecondsOf(() => universeFor(scenario, scenario.seed));
  const cold = millisecondsOf(() => summaryOf(fn));
  const warm = median(Array.from({ length: ROUNDS }, () => millisecondsOf(() => summaryOf(fn))));
  console.log(
    `${fn.name.padEnd(34)} ${scenario.name.padEnd(14)} tenant ${build.toFixed(0).padStart(5)} ms` +
      `  cold ${cold.toFixed(0).padStart(6)} ms  warm ${warm.toFixed(1).padStart(7)} ms`,
  );
}
if (sink < 0) console.log(sink);
