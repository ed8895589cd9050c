/**
 * A window's totals day by day (the summary's `days`, the console's charts): every UTC day the
 * window touches, first to last, empty days included, and for every log function they add up
 * to the window's own summary — rows, rows by type, money — so a chart never disagrees with
 * the totals beside it.
 */
import t from 'tap';
import { defaultScenario } from '../../scenarios/catalog.js';
import { type DaySummary, dateOfDay, summarizeEachDay } from '../../scenarios/daily-summary.js';
import {
  getDirectRoutingCalls,
  getPstnBlockedUsersLog,
  getPstnCalls,
  getPstnOnlineMeetingDialoutReport,
  getSmsLog,
  LOG_FUNCTION_TABLE,
  type LogFunction,
} from '../../scenarios/log-functions.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import type { MoneyByCurrency } from '../../scenarios/summary.js';
import { universeFor } from '../../scenarios/universe.js';
import { MINUTES_PER_DAY, minuteOf, minutesWindow } from './fixtures/windows.js';

const universe = universeFor(defaultScenario, defaultScenario.seed);
/** 2024-06-03 13:47 to 2024-06-12 02:02:59.9999999: partial first and last days, eight whole between. */
const ODD_WINDOW = minutesWindow(minuteOf(2024, 6, 3, 13, 47), 8 * MINUTES_PER_DAY + 12 * 60 + 16);
const DATES = [
  '2024-06-03',
  '2024-06-04',
  '2024-06-05',
  '2024-06-06',
  '2024-06-07',
  '2024-06-08',
  '2024-06-09',
  '2024-06-10',
  '2024-06-11',
  '2024-06-12',
];

function sumCounts(days: readonly DaySummary[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const day of days) {
    for (const [type, count] of Object.entries(day.counts))
      total[type] = (total[type] ?? 0) + count;
  }
  return total;
}

function sumCents(days: readonly DaySummary[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const day of days) {
    for (const [currency, { cents }] of Object.entries(day.charge)) {
      total[currency] = (total[currency] ?? 0) + cents;
    }
  }
  return total;
}

const centsOf = (money: MoneyByCurrency) =>
  Object.fromEntries(Object.entries(money).map(([currency, { cents }]) => [currency, cents]));

/** What each function's summary says its days must add up to. */
const TOTALS: ReadonlyMap<LogFunction, (window: CallWindow) => DaySummaryTotals> = new Map<
  LogFunction,
  (window: CallWindow) => DaySummaryTotals
>([
  [
    getPstnCalls,
    (window) => {
      const s = getPstnCalls.summarize(universe, window);
      return { rows: s.rows, counts: s.callTypes, cents: centsOf(s.charge) };
    },
  ],
  [
    getDirectRoutingCalls,
    (window) => {
      const s = getDirectRoutingCalls.summarize(universe, window);
      return { rows: s.rows, counts: s.callTypes, cents: {} };
    },
  ],
  [
    getSmsLog,
    (window) => {
      const s = getSmsLog.summarize(universe, window);
      return { rows: s.rows, counts: s.smsTypes, cents: centsOf(s.charge) };
    },
  ],
  [
    getPstnBlockedUsersLog,
    (window) => {
      const s = getPstnBlockedUsersLog.summarize(universe, window);
      return { rows: s.rows, counts: s.userBlockModes, cents: {} };
    },
  ],
  [
    getPstnOnlineMeetingDialoutReport,
    (window) => {
      const s = getPstnOnlineMeetingDialoutReport.summarize(universe, window);
      // A range's entries merge the days' entries of one organizer: rows do not add up, calls do.
      return { rows: null, counts: { conf_out: s.totalCalls }, cents: centsOf(s.totalCallCharge) };
    },
  ],
]);

interface DaySummaryTotals {
  readonly rows: number | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly cents: Readonly<Record<string, number>>;
}

t.test('dateOfDay names a day since 1970 by its UTC date', async (t) => {
  t.equal(dateOfDay(0), '1970-01-01');
  t.equal(dateOfDay(minuteOf(2024, 2, 29) / MINUTES_PER_DAY), '2024-02-29');
});

t.test('every day the window touches is listed once, in order, empty days too', async (t) => {
  const seen: string[] = [];
  const days = summarizeEachDay(ODD_WINDOW, (piece) => {
    seen.push(`${piece.from.minute}-${piece.to.minute}`);
    return { rows: 0, counts: {}, charge: {} };
  });
  t.same(
    days.map((day) => day.date),
    DATES,
  );
  t.equal(seen[0], `${ODD_WINDOW.from.minute}-${minuteOf(2024, 6, 4) - 1}`, 'the first day is cut');
  t.equal(seen.at(-1), `${minuteOf(2024, 6, 12)}-${ODD_WINDOW.to.minute}`, 'the last day is cut');
  t.same(
    summarizeEachDay({ from: ODD_WINDOW.to, to: ODD_WINDOW.from }, () => {
      throw new Error('an empty window has no day to summarize');
    }),
    [],
    'an empty window has no days',
  );
});

t.test('every log function has days, and they add up to its summary', async (t) => {
  t.equal(TOTALS.size, LOG_FUNCTION_TABLE.length, 'each function is checked');
  for (const fn of LOG_FUNCTION_TABLE) {
    await t.test(fn.name, async (t) => {
      const days = fn.days(universe, ODD_WINDOW);
      const totals = TOTALS.get(fn)!(ODD_WINDOW);
      t.same(
        days.map((day) => day.date),
        DATES,
      );
      if (totals.rows !== null) {
        t.equal(
          days.reduce((sum, day) => sum + day.rows, 0),
          totals.rows,
          'rows',
        );
      }
      t.ok(
        days.some((day) => day.rows > 0),
        'the window has rows',
      );
      t.same(sumCounts(days), totals.counts, 'rows by type');
      t.same(sumCents(days), totals.cents, 'money by currency');
    });
  }
});

t.test('a whole day of getPstnCalls has the figures of that day alone', async (t) => {
  const june5 = minutesWindow(minuteOf(2024, 6, 5), MINUTES_PER_DAY);
  const [day] = getPstnCalls.days(universe, june5);
  const inside = getPstnCalls.days(universe, ODD_WINDOW).find((d) => d.date === '2024-06-05');
  const alone = getPstnCalls.summarize(universe, june5);
  t.same(day, inside, 'the same figures inside a longer window');
  t.equal(day!.rows, alone.rows);
  t.same(day!.counts, alone.callTypes);
  t.same(day!.charge, alone.charge);
});
