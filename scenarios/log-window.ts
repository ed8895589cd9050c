import { type Instant, TICKS_PER_MINUTE } from './instant.js';

/**
 * The stretch of time a log request covers, and each log function's rule for reading its
 * two parameters: which ends count, and how long a range may be. Logs and summaries always
 * take the window with both ends inclusive; a rule turns what a client wrote into that.
 */

/** Both ends inclusive. */
export interface CallWindow {
  readonly from: Instant;
  readonly to: Instant;
}

export interface WindowRule {
  /** Whether a row starting exactly at `fromDateTime` is in the range. */
  readonly fromInclusive: boolean;
  /** Whether a row starting exactly at `toDateTime` is in the range. */
  readonly toInclusive: boolean;
  /** The longest range accepted, in days; null when the function documents no limit. */
  readonly maxDays: number | null;
}

/** The window of rows a (from, to) pair selects under `rule`: empty when from > to after it. */
export function inclusiveWindow(rule: WindowRule, range: CallWindow): CallWindow {
  return {
    from: rule.fromInclusive ? range.from : shiftTick(range.from, 1),
    to: rule.toInclusive ? range.to : shiftTick(range.to, -1),
  };
}

/** One 100-ns tick later (+1) or earlier (−1), carried across minutes. */
function shiftTick(at: Instant, ticks: 1 | -1): Instant {
  const tick = at.tick + ticks;
  if (tick < 0) return { minute: at.minute - 1, tick: TICKS_PER_MINUTE - 1 };
  if (tick >= TICKS_PER_MINUTE) return { minute: at.minute + 1, tick: 0 };
  return { minute: at.minute, tick };
}
