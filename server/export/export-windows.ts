/**
 * The windows an export walks: the range as the function's rule reads it, cut into pieces the
 * endpoint itself would accept, one after the other, so that a long export is the endpoint's
 * walks of consecutive ranges and no row is in two of them. No fastify types: pure arithmetic
 * on instants.
 */
import { compareInstants, type Instant, MINUTES_PER_DAY } from '../../scenarios/instant.js';
import {
  type CallWindow,
  inclusiveWindow,
  shiftTick,
  type WindowRule,
} from '../../scenarios/log-window.js';

/**
 * The range's window under `rule` (both ends inclusive), in consecutive pieces: the first starts
 * where the window does, each later one a tick (100 ns) after the one before ended, and the last
 * ends where the window does. A function without a limit is walked whole, as the endpoint walks
 * it; an empty window is one empty piece, so the walk still asks once.
 *
 * A piece spans `maxDays` less a tick, so the next starts `maxDays` after it on the same time
 * of day (getPstnCalls' pieces of a range from midnight are whole UTC days, which the dial-out
 * report totals fastest). With both ends exclusive (getSmsLog) a request names a tick more at
 * each end, so its pieces are a tick shorter still, and the range a client writes for one is
 * never longer than the endpoint takes.
 *
 * @example
 * exportWindows(getPstnCalls.window, { from: 2024-01-01, to: 2024-12-31T23:59:59Z });
 * // → [2024-01-01 … 2024-03-30T23:59:59.9999999Z], [2024-03-31 … 2024-06-28T23:59:59.9999999Z], …
 */
export function exportWindows(rule: WindowRule, range: CallWindow): CallWindow[] {
  const window = inclusiveWindow(rule, range);
  if (rule.maxDays === null) return [window];
  // A request for [from, to] names from − 1 tick when from is exclusive, to + 1 tick when to is.
  const ticksAdded = (rule.fromInclusive ? 0 : 1) + (rule.toInclusive ? 0 : 1);
  const pieces: CallWindow[] = [];
  let from = window.from;
  do {
    let last: Instant = { minute: from.minute + rule.maxDays * MINUTES_PER_DAY, tick: from.tick };
    for (let tick = 0; tick < Math.max(1, ticksAdded); tick++) last = shiftTick(last, -1);
    const to = compareInstants(last, window.to) < 0 ? last : window.to;
    pieces.push({ from, to });
    from = shiftTick(to, 1);
  } while (compareInstants(from, window.to) <= 0);
  return pieces;
}
