import t from 'tap';
import {
  addSeconds,
  civilFromDays,
  compareInstants,
  daysFromCivil,
  daysInMonth,
  MINUTES_PER_DAY,
  minutesBetween,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  weekdayOfDay,
} from '../../scenarios/instant.js';

const MS_PER_DAY = 86_400_000;

/** The UTC date of a day number, from Date: an oracle independent of Hinnant's algorithm. */
function dateOfDay(days: number): { year: number; month: number; day: number; weekday: number } {
  const date = new Date(days * MS_PER_DAY);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

t.test('units', async (t) => {
  t.equal(TICKS_PER_SECOND, 10_000_000, '100-ns ticks');
  t.equal(TICKS_PER_MINUTE, 600_000_000);
  t.equal(MINUTES_PER_DAY, 1440);
});

t.test('day numbers and calendar dates agree with Date over 5,000 years', async (t) => {
  let mismatches = 0;
  // Date covers ±100,000,000 days; 1,000,000 days each way is years −768 to 4707.
  for (let days = -1_000_000; days <= 1_000_000; days += 13) {
    const expected = dateOfDay(days);
    const civil = civilFromDays(days);
    if (
      civil.year !== expected.year ||
      civil.month !== expected.month ||
      civil.day !== expected.day ||
      daysFromCivil(expected.year, expected.month, expected.day) !== days ||
      weekdayOfDay(days) !== expected.weekday
    ) {
      mismatches++;
    }
  }
  t.equal(mismatches, 0);
});

t.test('daysFromCivil and civilFromDays round-trip every day of 1600–2400', async (t) => {
  const first = daysFromCivil(1600, 1, 1);
  const last = daysFromCivil(2400, 12, 31);
  let previous = civilFromDays(first - 1);
  let bad = 0;
  for (let days = first; days <= last; days++) {
    const civil = civilFromDays(days);
    if (daysFromCivil(civil.year, civil.month, civil.day) !== days) bad++;
    // Consecutive days: the next day of the month, or the 1st after a month's last day.
    const next =
      (civil.day === previous.day + 1 && civil.month === previous.month) ||
      (civil.day === 1 && previous.day === daysInMonth(previous.year, previous.month));
    if (!next) bad++;
    previous = civil;
  }
  t.equal(bad, 0, `${last - first + 1} days`);
});

t.test('landmark dates', async (t) => {
  t.equal(daysFromCivil(1970, 1, 1), 0, 'the epoch is day 0');
  t.same(civilFromDays(0), { year: 1970, month: 1, day: 1 });
  t.equal(daysFromCivil(1969, 12, 31), -1);
  t.equal(daysFromCivil(2000, 3, 1), 11_017);
  t.equal(daysFromCivil(2024, 2, 29), 19_782);
  t.same(civilFromDays(-719_468), { year: 0, month: 3, day: 1 }, "Hinnant's era origin");
  t.equal(weekdayOfDay(0), 4, '1970-01-01 was a Thursday');
  t.equal(weekdayOfDay(-1), 3, '1969-12-31 was a Wednesday');
  t.equal(weekdayOfDay(-4), 0, '1969-12-28 was a Sunday');
  t.equal(weekdayOfDay(daysFromCivil(2024, 6, 1)), 6, '2024-06-01 was a Saturday');
});

t.test('months have their lengths, leap years by the Gregorian rule', async (t) => {
  const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  for (let month = 1; month <= 12; month++) {
    t.equal(daysInMonth(2023, month), lengths[month - 1], `2023-${month}`);
  }
  t.equal(daysInMonth(2024, 2), 29, '2024 is a leap year');
  t.equal(daysInMonth(1900, 2), 28, '1900 is not (divisible by 100)');
  t.equal(daysInMonth(2000, 2), 29, '2000 is (divisible by 400)');
  t.equal(daysInMonth(2023, 12), 31, 'December rolls into the next year');
  for (const year of [1899, 1900, 1999, 2000, 2023, 2024, 2100]) {
    const total = Array.from({ length: 12 }, (_, i) => daysInMonth(year, i + 1)).reduce(
      (sum, n) => sum + n,
      0,
    );
    t.equal(total, daysFromCivil(year + 1, 1, 1) - daysFromCivil(year, 1, 1), `${year}`);
  }
});

t.test('compareInstants orders by minute, then tick', async (t) => {
  const a = { minute: 10, tick: 5 };
  t.equal(compareInstants(a, { minute: 10, tick: 5 }), 0);
  t.ok(compareInstants(a, { minute: 10, tick: 6 }) < 0);
  t.ok(compareInstants(a, { minute: 10, tick: 4 }) > 0);
  t.ok(compareInstants(a, { minute: 11, tick: 0 }) < 0, 'a later minute wins over ticks');
  t.ok(compareInstants(a, { minute: 9, tick: TICKS_PER_MINUTE - 1 }) > 0);
  t.ok(compareInstants({ minute: -1, tick: 0 }, { minute: 0, tick: 0 }) < 0, 'before 1970');
});

t.test('minutesBetween measures fractional minutes, signed', async (t) => {
  t.equal(minutesBetween({ minute: 0, tick: 0 }, { minute: 90, tick: 0 }), 90);
  t.equal(minutesBetween({ minute: 5, tick: TICKS_PER_MINUTE / 2 }, { minute: 6, tick: 0 }), 0.5);
  t.equal(minutesBetween({ minute: 6, tick: 0 }, { minute: 5, tick: TICKS_PER_MINUTE / 4 }), -0.75);
  const ninetyDays = 90 * MINUTES_PER_DAY;
  t.equal(
    minutesBetween({ minute: 28_000_000, tick: 0 }, { minute: 28_000_000 + ninetyDays, tick: 1 }),
    ninetyDays + 1 / TICKS_PER_MINUTE,
    'one tick past 90 days is measurably more',
  );
});

t.test('addSeconds carries into and borrows from minutes', async (t) => {
  const at = { minute: 100, tick: 59 * TICKS_PER_SECOND + 5 };
  t.same(addSeconds(at, 0), at);
  t.same(addSeconds(at, 1), { minute: 101, tick: 5 }, 'carries one minute');
  t.same(addSeconds(at, 3600), { minute: 160, tick: 59 * TICKS_PER_SECOND + 5 }, 'an hour');
  t.same(addSeconds(at, 14_400 + 1), { minute: 341, tick: 5 }, 'four hours and a second');
  t.same(addSeconds({ minute: 100, tick: 5 }, -1), {
    minute: 99,
    tick: 59 * TICKS_PER_SECOND + 5,
  });
  t.same(addSeconds({ minute: 0, tick: 0 }, -61), { minute: -2, tick: 59 * TICKS_PER_SECOND });
  for (let seconds = 0; seconds < 200; seconds += 7) {
    const end = addSeconds(at, seconds);
    t.ok(end.tick >= 0 && end.tick < TICKS_PER_MINUTE, `tick in range after +${seconds} s`);
    const measured = minutesBetween(at, end) * 60;
    t.ok(Math.abs(measured - seconds) < 1e-9, `+${seconds} s measures back (${measured})`);
  }
});
