/**
 * getDirectRoutingCalls' and getSmsLog's days come from the walk that makes their summary,
 * counted into days as the rows go by. They must be, byte for byte, what a summary of each
 * day's part of the window says — the reference below, as `days` was computed before.
 */
import t from 'tap';
import { defaultScenario, emptyScenario } from '../../scenarios/catalog.js';
import { type DayFigures, summarizeEachDay } from '../../scenarios/daily-summary.js';
import { DayTally } from '../../scenarios/day-tally.js';
import { summarizeDirectRouting } from '../../scenarios/direct-routing-summary.js';
import {
  getDirectRoutingCalls,
  getSmsLog,
  LOG_FUNCTION_TABLE,
} from '../../scenarios/log-functions.js';
import { summarizeSms } from '../../scenarios/log-summaries.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { type Universe, universeFor } from '../../scenarios/universe.js';
import {
  daysWindow,
  MINUTES_PER_DAY,
  minuteOf,
  minutesWindow,
  shiftTicks,
  TICKS_PER_MINUTE,
} from './fixtures/windows.js';

const busy = universeFor(defaultScenario, defaultScenario.seed);
const empty = universeFor(emptyScenario, emptyScenario.seed);

/** The reference: a summary of each day's part of the window, projected as the days were. */
const REFERENCES = [
  {
    fn: getDirectRoutingCalls,
    reference: (universe: Universe, window: CallWindow) =>
      summarizeEachDay(window, (piece): DayFigures => {
        const { rows, callTypes } = summarizeDirectRouting(universe, piece);
        return { rows, counts: callTypes, charge: {} };
      }),
  },
  {
    fn: getSmsLog,
    reference: (universe: Universe, window: CallWindow) =>
      summarizeEachDay(window, (piece): DayFigures => {
        const { rows, smsTypes, charge } = summarizeSms(universe, piece);
        return { rows, counts: smsTypes, charge };
      }),
  },
];

const WINDOWS: readonly { readonly name: string; readonly window: CallWindow }[] = [
  {
    name: 'partial first and last days, eight whole between',
    window: minutesWindow(minuteOf(2024, 6, 3, 13, 47), 8 * MINUTES_PER_DAY + 12 * 60 + 16),
  },
  // 2024-06-01 and 02 are a weekend: getDirectRoutingCalls has a day with no rows.
  { name: 'thirty whole days, weekends included', window: daysWindow(2024, 6, 1, 30) },
  {
    name: 'one day cut at both ends, mid-minute',
    window: {
      from: shiftTicks({ minute: minuteOf(2024, 6, 5, 9, 13), tick: 0 }, 1),
      to: { minute: minuteOf(2024, 6, 5, 17, 2), tick: TICKS_PER_MINUTE / 2 },
    },
  },
  {
    name: 'a last day of one tick',
    window: {
      from: { minute: minuteOf(2024, 6, 10, 8), tick: 0 },
      to: { minute: minuteOf(2024, 6, 11), tick: 0 },
    },
  },
];

t.test('the one-walk days are those of a summary per day, byte for byte', async (t) => {
  let emptyDays = 0;
  let busyDays = 0;
  for (const { fn, reference } of REFERENCES) {
    for (const { name, window } of WINDOWS) {
      for (const universe of [busy, empty]) {
        const expected = reference(universe, window);
        const days = fn.days(universe, window);
        t.equal(JSON.stringify(days), JSON.stringify(expected), `${fn.name}, ${name}`);
        for (const day of days) day.rows === 0 ? emptyDays++ : busyDays++;
      }
    }
  }
  t.ok(emptyDays > 0 && busyDays > 0, 'the windows have empty days and days with rows');
});

t.test('a window that ends before it starts has no days', async (t) => {
  const window = daysWindow(2024, 6, 3, 2);
  const backwards = { from: window.to, to: window.from };
  t.same(new DayTally(backwards, ['sms_out']).days, []);
  for (const { fn } of REFERENCES) t.same(fn.days(busy, backwards), [], fn.name);
});

t.test('summarizeWithDays answers what summarize and days answer apart', async (t) => {
  const { window } = WINDOWS[0]!;
  for (const fn of LOG_FUNCTION_TABLE) {
    const { summary, days } = fn.summarizeWithDays(busy, window);
    t.equal(
      JSON.stringify(summary),
      JSON.stringify(fn.summarize(busy, window)),
      `${fn.name} totals`,
    );
    t.equal(JSON.stringify(days), JSON.stringify(fn.days(busy, window)), `${fn.name} days`);
  }
});
