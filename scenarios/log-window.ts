import { compareInstants, type Instant, MINUTES_PER_DAY, TICKS_PER_MINUTE } from './instant.js';

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
export function shiftTick(at: Instant, ticks: 1 | -1): Instant {
  const tick = at.tick + ticks;
  if (tick < 0) return { minute: at.minute - 1, tick: TICKS_PER_MINUTE - 1 };
  if (tick >= TICKS_PER_MINUTE) return { minute: at.minute + 1, tick: 0 };
  return { minute: at.minute, tick };
}

/** A UTC day from its first to its last tick. */
export function dayWindow(day: number): CallWindow {
  const first = day * MINUTES_PER_DAY;
  return {
    from: { minute: first, tick: 0 },
    to: { minute: first + MINUTES_PER_DAY - 1, tick: TICKS_PER_MINUTE - 1 },
  };
}

/**
 * Splits a window into the UTC days it covers: `whole(day)` for each day it spans entirely,
 * `part(window)` for the pieces of its first and last days — so totals of whole days can be
 * kept and reused by any window that covers them.
 */
export function forEachDayOf(
  window: CallWindow,
  whole: (day: number) => void,
  part: (piece: CallWindow) => void,
): void {
  if (compareInstants(window.from, window.to) > 0) return;
  const firstDay = Math.floor(window.from.minute / MINUTES_PER_DAY);
  const lastDay = Math.floor(window.to.minute / MINUTES_PER_DAY);
  for (let day = firstDay; day <= lastDay; day++) {
    const all = dayWindow(day);
    const piece = { from: later(window.from, all.from), to: earlier(window.to, all.to) };
    if (sameWindow(piece, all)) whole(day);
    else part(piece);
  }
}

const later = (a: Instant, b: Instant): Instant => (compareInstants(a, b) >= 0 ? a : b);
const earlier = (a: Instant, b: Instant): Instant => (compareInstants(a, b) <= 0 ? a : b);

function sameWindow(a: CallWindow, b: CallWindow): boolean {
  return compareInstants(a.from, b.from) === 0 && compareInstants(a.to, b.to) === 0;
}
