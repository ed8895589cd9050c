/**
 * A log function's range as the function reads it: checked against its rule (in order, not
 * longer than its limit) and turned into the inclusive window its rows are taken from. The
 * control API's summary reads its range the same way, so its totals are those of a walk.
 */
import {
  compareInstants,
  type Instant,
  MINUTES_PER_DAY,
  minutesBetween,
} from '../../scenarios/instant.js';
import type { LogFunction } from '../../scenarios/log-functions.js';
import { type CallWindow, inclusiveWindow } from '../../scenarios/log-window.js';
import { rangeTooLong, reversedWindow } from '../errors.js';
import { formatDateTimeLiteral } from './date-time-offset.js';

/**
 * Rejects ranges Graph refuses — reversed, or longer than the function's limit — and returns
 * the window of rows the range selects (both ends inclusive; empty when an exclusive end
 * meets the other).
 *
 * @example
 * checkCallWindow(getPstnCalls, parseFunctionSegment(segment).range); // → CallWindow, or throws 400/406
 */
export function checkCallWindow(
  fn: Pick<LogFunction, 'name' | 'window'>,
  range: CallWindow,
): CallWindow {
  const { from, to } = range;
  if (compareInstants(from, to) > 0)
    throw reversedWindow(formatDateTimeLiteral(from), formatDateTimeLiteral(to));
  const { maxDays } = fn.window;
  if (maxDays !== null) {
    // Compared exactly in minutes and ticks so that the limit plus one tick is already too long.
    const limit: Instant = { minute: from.minute + maxDays * MINUTES_PER_DAY, tick: from.tick };
    if (compareInstants(to, limit) > 0) {
      throw rangeTooLong(fn.name, minutesBetween(from, to) / MINUTES_PER_DAY, maxDays);
    }
  }
  return inclusiveWindow(fn.window, range);
}
