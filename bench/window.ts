import { daysFromCivil, type Instant, MINUTES_PER_DAY } from '../scenarios/instant.js';

/** The benchmark's range: 90 days of the `large` scenario (about 1.1 million calls). */
export const BENCH_FROM: Instant = { minute: daysFromCivil(2024, 3, 1) * MINUTES_PER_DAY, tick: 0 };
export const BENCH_TO: Instant = { minute: daysFromCivil(2024, 5, 30) * MINUTES_PER_DAY, tick: 0 };
export const BENCH_WINDOW = { from: BENCH_FROM, to: BENCH_TO };
