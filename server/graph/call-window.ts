/** The window rule getPstnCalls and the control API's summary share: in order, at most 90 days. */
import {
  compareInstants,
  type Instant,
  MINUTES_PER_DAY,
  minutesBetween,
} from '../../scenarios/instant.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { MAX_RANGE_DAYS, rangeTooLong, reversedWindow } from '../errors.js';
import { formatDateTimeLiteral } from './date-time-offset.js';

/** Rejects windows Graph refuses: reversed, or longer than MAX_RANGE_DAYS. */
export function checkCallWindow(window: CallWindow): void {
  const { from, to } = window;
  if (compareInstants(from, to) > 0)
    throw reversedWindow(formatDateTimeLiteral(from), formatDateTimeLiteral(to));
  // Compared exactly in minutes and ticks so that 90 days plus one tick is already too long.
  const limit: Instant = {
    minute: from.minute + MAX_RANGE_DAYS * MINUTES_PER_DAY,
    tick: from.tick,
  };
  if (compareInstants(to, limit) > 0) {
    throw rangeTooLong(minutesBetween(from, to) / MINUTES_PER_DAY);
  }
}
