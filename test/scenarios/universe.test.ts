import t from 'tap';
import type { CallRow } from '../../scenarios/call-row.js';
import { defaultScenario, largeScenario } from '../../scenarios/catalog.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import type { Scenario } from '../../scenarios/scenario.js';
import {
  buildUniverse,
  countCalls,
  pageOf,
  planPage,
  universeFor,
} from '../../scenarios/universe.js';
import {
  compareInstant,
  compareRows,
  daysWindow,
  fingerprint,
  firstDifference,
  instantIn,
  inWindow,
  MINUTES_PER_DAY,
  minuteOf,
  minutesWindow,
  sameJson,
  seededRandom,
  shiftTicks,
  startOf,
  walk,
} from './fixtures/windows.js';

const universe = buildUniverse(defaultScenario, defaultScenario.seed);
const large = buildUniverse(largeScenario, largeScenario.seed);

/** January 2024, 31 whole days, and every call in it: the reference the other windows cut. */
const MONTH_DAYS = 31;
const MONTH_START = minuteOf(2024, 1, 1);
const month = daysWindow(2024, 1, 1, MONTH_DAYS);
const monthRows = walk(universe, month);

/** The rows of the month that start inside a window: a contiguous run, since rows are sorted. */
function monthRowsIn(window: CallWindow): CallRow[] {
  return monthRows.filter((row) => inWindow(row, window));
}

function ids(rows: readonly CallRow[]): string[] {
  return rows.map((row) => `${row.id0}-${row.id1}-${row.id2}-${row.id3}`);
}

t.test('the reference month is big enough to cut windows from', async (t) => {
  t.ok(monthRows.length > 2000, `${monthRows.length} calls in January 2024`);
});

t.test('building the universe twice gives the same tenant and the same pages', async (t) => {
  const again = buildUniverse(defaultScenario, defaultScenario.seed);
  t.not(again, universe, 'a fresh build, not a cached object');
  t.ok(sameJson(again.tenant, universe.tenant), 'the same tenant');
  for (const skip of [0, 1000, 3000]) {
    const first = pageOf(universe, month, skip, 1000).rows;
    const second = pageOf(again, month, skip, 1000).rows;
    t.equal(second.length, first.length, `page at skip ${skip} has the same length`);
    t.equal(firstDifference(second, first), -1, `page at skip ${skip} has the same rows`);
  }
  t.equal(countCalls(again, month), countCalls(universe, month));
});

t.test('another seed gives another tenant and other calls', async (t) => {
  const other = buildUniverse(defaultScenario, defaultScenario.seed + 1);
  t.not(other.tenant.users[0]!.id, universe.tenant.users[0]!.id, 'user ids differ');
  t.notSame(
    other.tenant.users.map((user) => user.userPrincipalName),
    universe.tenant.users.map((user) => user.userPrincipalName),
    'the directory differs',
  );
  const otherRows = pageOf(other, month, 0, 1000).rows;
  const seen = new Set(ids(monthRows));
  t.equal(ids(otherRows).filter((id) => seen.has(id)).length, 0, 'no row id is shared');
  t.notSame(
    otherRows.slice(0, 50).map((row) => [row.minute, row.tick]),
    monthRows.slice(0, 50).map((row) => [row.minute, row.tick]),
    'calls start at other times',
  );
});

t.test('another scenario with the same seed gives other calls', async (t) => {
  const renamed: Scenario = { ...defaultScenario, name: 'default-renamed' };
  const other = buildUniverse(renamed, defaultScenario.seed);
  const seen = new Set(ids(monthRows));
  t.equal(ids(pageOf(other, month, 0, 1000).rows).filter((id) => seen.has(id)).length, 0);
});

t.test('universeFor keeps recently used universes and rebuilds evicted ones', async (t) => {
  // A three-user tenant builds in milliseconds, so evicting the cache is cheap.
  const tiny: Scenario = {
    ...defaultScenario,
    name: 'cache-probe',
    tenant: {
      ...defaultScenario.tenant,
      userCount: 3,
      foreignUserCountries: {},
      internationalDestinations: {},
    },
  };
  const first = universeFor(tiny, 1);
  t.equal(universeFor(tiny, 1), first, 'the same (scenario, seed) returns the cached object');
  t.equal(first.seed, 1);
  t.equal(first.scenario, tiny);

  for (let seed = 2; seed <= 8; seed++) universeFor(tiny, seed);
  t.equal(universeFor(tiny, 1), first, 'still cached after 7 others (and now most recent)');
  universeFor(tiny, 9);
  t.equal(universeFor(tiny, 1), first, 'a recently used universe survives the next insertion');

  for (let seed = 10; seed <= 17; seed++) universeFor(tiny, seed);
  const rebuilt = universeFor(tiny, 1);
  t.not(rebuilt, first, 'evicted after 8 newer universes, so built again');
  t.ok(sameJson(rebuilt.tenant, first.tenant), 'and built the same');
  t.equal(firstDifference(walk(rebuilt, month), walk(first, month)), -1, 'with the same calls');
});

t.test('a window inside the month returns exactly the month rows that start in it', async (t) => {
  const random = seededRandom(11);
  for (let i = 0; i < 30; i++) {
    const from = instantIn(random, MONTH_START, MONTH_DAYS * MINUTES_PER_DAY);
    const span = Math.floor(random() * 5 * MINUTES_PER_DAY * 600_000_000);
    const to = shiftTicks(from, span);
    const window = { from, to: compareInstant(to, month.to) > 0 ? month.to : to };
    const expected = monthRowsIn(window);
    const rows = walk(universe, window);
    t.equal(rows.length, expected.length, `window ${i}: ${expected.length} rows`);
    t.equal(firstDifference(rows, expected), -1, `window ${i}: the same rows, field for field`);
    t.equal(countCalls(universe, window), expected.length, `window ${i}: counted the same`);
  }
});

t.test('overlapping windows agree on the calls they share', async (t) => {
  const random = seededRandom(12);
  for (let i = 0; i < 10; i++) {
    const a = instantIn(random, MONTH_START, 20 * MINUTES_PER_DAY);
    const b = shiftTicks(a, Math.floor(random() * 3 * MINUTES_PER_DAY * 600_000_000));
    const c = shiftTicks(b, Math.floor(random() * 3 * MINUTES_PER_DAY * 600_000_000));
    const d = shiftTicks(c, Math.floor(random() * 3 * MINUTES_PER_DAY * 600_000_000));
    const left = walk(universe, { from: a, to: c });
    const right = walk(universe, { from: b, to: d });
    const sharedFromLeft = left.filter((row) => compareInstant(startOf(row), b) >= 0);
    const sharedFromRight = right.filter((row) => compareInstant(startOf(row), c) <= 0);
    t.ok(sharedFromLeft.length > 0, `overlap ${i} holds calls`);
    t.equal(firstDifference(sharedFromLeft, sharedFromRight), -1, `overlap ${i} agrees`);
  }
});

t.test('a window split a tick apart adds up to the whole', async (t) => {
  const random = seededRandom(13);
  const whole = countCalls(universe, month);
  for (let i = 0; i < 50; i++) {
    const b = instantIn(random, MONTH_START, MONTH_DAYS * MINUTES_PER_DAY);
    const first = countCalls(universe, { from: month.from, to: b });
    const second = countCalls(universe, { from: shiftTicks(b, 1), to: month.to });
    t.equal(first + second, whole, `split ${i}: ${first} + ${second}`);
    if (i < 4) {
      const rows = [
        ...walk(universe, { from: month.from, to: b }),
        ...walk(universe, { from: shiftTicks(b, 1), to: month.to }),
      ];
      t.equal(firstDifference(rows, monthRows), -1, `split ${i}: the halves list the whole`);
    }
  }
});

t.test('a split exactly at a call puts it in the half whose end is inclusive', async (t) => {
  const call = monthRows[1500]!;
  const at = startOf(call);
  const before = { from: month.from, to: at };
  const after = { from: shiftTicks(at, 1), to: month.to };
  t.equal(countCalls(universe, before), 1501, 'the call closes the first half');
  t.equal(countCalls(universe, after), monthRows.length - 1501);
  const earlier = { from: month.from, to: shiftTicks(at, -1) };
  const later = { from: at, to: month.to };
  t.equal(countCalls(universe, earlier), 1500, 'a tick earlier it opens the second half');
  t.equal(fingerprint(pageOf(universe, later, 0, 1).rows[0]!), fingerprint(call));
});

t.test('a page at any skip equals that slice of the full walk', async (t) => {
  const random = seededRandom(14);
  const cases: [number, number][] = [
    [0, 1],
    [0, 1000],
    [999, 2],
    [monthRows.length - 1, 1000],
    [monthRows.length - 5, 5],
  ];
  for (let i = 0; i < 40; i++) {
    cases.push([Math.floor(random() * monthRows.length), 1 + Math.floor(random() * 1000)]);
  }
  for (const [skip, top] of cases) {
    const page = pageOf(universe, month, skip, top);
    const expected = monthRows.slice(skip, skip + top);
    t.equal(firstDifference(page.rows, expected), -1, `skip ${skip}, top ${top}`);
    t.equal(page.hasMore, skip + top < monthRows.length, `hasMore at skip ${skip}, top ${top}`);
  }
});

t.test('a page walked in place visits the rows pageOf returns', async (t) => {
  for (const [skip, top] of [
    [0, 1000],
    [1234, 500],
    [monthRows.length - 3, 1000],
    [monthRows.length, 1000],
  ] as const) {
    const plan = planPage(universe, month, skip, top);
    const expected = monthRows.slice(skip, skip + top);
    const visited: string[] = [];
    plan.forEachRow((row) => visited.push(fingerprint(row)));
    t.equal(plan.count, expected.length, `skip ${skip}: count`);
    t.equal(plan.hasMore, skip + top < monthRows.length, `skip ${skip}: hasMore`);
    t.same(visited, expected.map(fingerprint), `skip ${skip}: the same rows, in order`);
    const again: string[] = [];
    plan.forEachRow((row) => again.push(fingerprint(row)));
    t.same(again, visited, `skip ${skip}: a plan can be walked twice`);
  }
});

t.test('minutes crowded with hundreds of calls keep their order', async (t) => {
  // 400,000 calls a weekday: the peak minutes hold several hundred calls each.
  const crowded: Scenario = {
    ...defaultScenario,
    name: 'crowded',
    tenant: { ...defaultScenario.tenant, userCount: 20 },
    volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 20_000 },
  };
  const busy = buildUniverse(crowded, 1);
  const window = minutesWindow(minuteOf(2024, 3, 5, 15, 0), 4);
  const rows = walk(busy, window);
  const perMinute = rows.length / 4;
  t.ok(perMinute > 200, `${perMinute} calls a minute`);
  t.equal(countCalls(busy, window), rows.length);
  let disorder = 0;
  for (let i = 1; i < rows.length; i++) if (compareRows(rows[i - 1]!, rows[i]!) >= 0) disorder++;
  t.equal(disorder, 0, 'ascending by start, then id');
  t.equal(firstDifference(walk(busy, window, 97), rows), -1, 'any page size agrees');
  const inner = { from: startOf(rows[500]!), to: startOf(rows[900]!) };
  t.equal(firstDifference(walk(busy, inner), rows.slice(500, 901)), -1, 'a cut agrees');
});

t.test('calls that start on the same tick are ordered by id and share the bounds', async (t) => {
  // A million calls a weekday puts ~2,000 calls in a peak minute, so within a few days two
  // calls of one minute draw the same 100-ns tick. Find the first such pair.
  const packed: Scenario = {
    ...defaultScenario,
    name: 'same-tick',
    tenant: { ...defaultScenario.tenant, userCount: 20 },
    volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 50_000 },
  };
  const busy = buildUniverse(packed, 1);
  const firstDay = minuteOf(2024, 3, 4) / MINUTES_PER_DAY;
  let tie: { minute: number; tick: number } | undefined;
  for (let day = firstDay; day < firstDay + 14 && !tie; day++) {
    const walker = busy.pstn.timeline.walkDay(day, 0);
    for (; !walker.exhausted && !tie; walker.advance()) {
      const ticks = new Set<number>();
      for (let j = 0; j < walker.count; j++) {
        const tick = busy.pstn.timeline.tickOf(walker.minute, j);
        if (ticks.has(tick)) tie = { minute: walker.minute, tick };
        ticks.add(tick);
      }
    }
  }
  if (!tie) {
    t.fail('no two calls share a tick in two weeks');
    return;
  }
  const atTie = { from: tie, to: tie };
  const tied = walk(busy, atTie);
  t.equal(tied.length, 2, 'a one-tick window holds both calls');
  t.ok(
    tied.every((row) => row.minute === tie.minute && row.tick === tie.tick),
    'at that tick',
  );
  t.ok(compareRows(tied[0]!, tied[1]!) < 0, 'ordered by id');
  t.equal(countCalls(busy, { from: shiftTicks(tie, 1), to: shiftTicks(tie, 10) }), 0);
  const minute = minutesWindow(tie.minute, 1);
  const minuteRows = walk(busy, minute);
  const index = minuteRows.findIndex((row) => row.tick === tie.tick);
  t.equal(fingerprint(minuteRows[index]!), fingerprint(tied[0]!));
  t.equal(fingerprint(minuteRows[index + 1]!), fingerprint(tied[1]!));
  t.equal(
    fingerprint(pageOf(busy, minute, index + 1, 1).rows[0]!),
    fingerprint(tied[1]!),
    'a page boundary between the two keeps their order',
  );
  t.equal(countCalls(busy, { from: minute.from, to: tie }), index + 2, 'to = tick takes both');
  t.equal(countCalls(busy, { from: tie, to: minute.to }), minuteRows.length - index);
});

t.test('walking with 7-row pages gives the same sequence as 1000-row pages', async (t) => {
  const small = walk(universe, month, 7);
  t.equal(small.length, monthRows.length);
  t.equal(firstDifference(small, monthRows), -1);
});

t.test('rows ascend by start then id within and across pages and days', async (t) => {
  for (const [name, rows] of [
    ['default, January', monthRows],
    ['large, 36 hours', walk(large, minutesWindow(minuteOf(2024, 3, 5, 6, 30), 36 * 60))],
  ] as const) {
    let disorder = 0;
    let firstBad = -1;
    for (let i = 1; i < rows.length; i++) {
      if (compareRows(rows[i - 1]!, rows[i]!) >= 0) {
        disorder++;
        if (firstBad < 0) firstBad = i;
      }
    }
    t.equal(disorder, 0, `${name}: ${rows.length} rows in order (first bad at ${firstBad})`);
    const days = new Set(rows.map((row) => Math.floor(row.minute / MINUTES_PER_DAY)));
    t.ok(days.size >= 2, `${name}: spans ${days.size} days`);
  }
});

t.test('every row starts inside its window', async (t) => {
  const random = seededRandom(15);
  for (let i = 0; i < 10; i++) {
    const from = instantIn(random, MONTH_START, MONTH_DAYS * MINUTES_PER_DAY);
    const window = { from, to: shiftTicks(from, Math.floor(random() * 6e8 * 60 * 30)) };
    const outside = walk(universe, window).filter((row) => !inWindow(row, window));
    t.equal(outside.length, 0, `window ${i}`);
  }
});

t.test('both ends of a window are inclusive, to the tick', async (t) => {
  const index = 2000;
  const call = monthRows[index]!;
  const at = startOf(call);
  t.ok(compareInstant(startOf(monthRows[index - 1]!), at) < 0, 'no other call at that tick');
  t.ok(compareInstant(at, startOf(monthRows[index + 1]!)) < 0, 'no other call at that tick');

  const fromAt = { from: at, to: month.to };
  t.equal(fingerprint(pageOf(universe, fromAt, 0, 1).rows[0]!), fingerprint(call), 'from = start');
  t.equal(countCalls(universe, fromAt), monthRows.length - index);
  const fromAfter = { from: shiftTicks(at, 1), to: month.to };
  t.equal(
    fingerprint(pageOf(universe, fromAfter, 0, 1).rows[0]!),
    fingerprint(monthRows[index + 1]!),
    'from one tick later excludes it',
  );

  const toAt = { from: month.from, to: at };
  const last = pageOf(universe, toAt, index, 1000);
  t.equal(last.rows.length, 1);
  t.equal(fingerprint(last.rows[0]!), fingerprint(call), 'to = start includes it');
  t.equal(last.hasMore, false);
  const toBefore = { from: month.from, to: shiftTicks(at, -1) };
  t.equal(countCalls(universe, toBefore), index, 'to one tick earlier excludes it');
  t.same(pageOf(universe, toBefore, index, 1000), { rows: [], hasMore: false });

  const instant = { from: at, to: at };
  t.equal(countCalls(universe, instant), 1, 'a one-tick window holds the call');
  t.equal(fingerprint(pageOf(universe, instant, 0, 1000).rows[0]!), fingerprint(call));
});

t.test('a window of whole minutes counts the calls that start in those minutes', async (t) => {
  const random = seededRandom(16);
  for (let i = 0; i < 20; i++) {
    const first = monthRows[Math.floor(random() * monthRows.length)]!.minute;
    const length = 1 + Math.floor(random() * 3);
    const window = minutesWindow(first, length);
    const expected = monthRows.filter((row) => row.minute >= first && row.minute < first + length);
    t.equal(countCalls(universe, window), expected.length, `minutes ${first} +${length}`);
    t.equal(firstDifference(walk(universe, window), expected), -1);
  }
});

t.test('countCalls equals the rows a full walk returns', async (t) => {
  t.equal(countCalls(universe, month), monthRows.length, 'default, 31 days');
  const window = minutesWindow(minuteOf(2024, 3, 5, 6, 30), 36 * 60);
  const rows = walk(large, window);
  t.equal(countCalls(large, window), rows.length, `large, 36 hours (${rows.length} rows)`);
  t.ok(rows.length > 10_000, 'large has many calls in 36 hours');
});

t.test('a month counts the same as the sum of its days', async (t) => {
  let sum = 0;
  for (let day = 0; day < MONTH_DAYS; day++) {
    sum += countCalls(
      universe,
      minutesWindow(MONTH_START + day * MINUTES_PER_DAY, MINUTES_PER_DAY),
    );
  }
  t.equal(sum, countCalls(universe, month));
});

t.test('a skip at or past the total gives an empty last page', async (t) => {
  const total = countCalls(universe, month);
  for (const skip of [total, total + 1, total + 5000]) {
    t.same(pageOf(universe, month, skip, 1000), { rows: [], hasMore: false }, `skip ${skip}`);
  }
  const lastOne = pageOf(universe, month, total - 1, 1000);
  t.equal(lastOne.rows.length, 1);
  t.equal(lastOne.hasMore, false);
});

t.test('hasMore is false exactly on the last page', async (t) => {
  const total = countCalls(universe, month);
  const pages = Math.ceil(total / 1000);
  for (let p = 0; p < pages; p++) {
    const page = pageOf(universe, month, p * 1000, 1000);
    t.equal(page.hasMore, p < pages - 1, `page ${p + 1} of ${pages}`);
    t.equal(page.rows.length, p < pages - 1 ? 1000 : total - (pages - 1) * 1000);
  }
  const exact = pageOf(universe, month, 0, total);
  t.equal(exact.rows.length, total);
  t.equal(exact.hasMore, false, 'a page that ends on the last row has no more');
});

t.test('a window whose start is after its end holds no calls', async (t) => {
  const inverted = { from: month.to, to: month.from };
  t.equal(countCalls(universe, inverted), 0);
  t.same(pageOf(universe, inverted, 0, 1000), { rows: [], hasMore: false });
});

t.test('windows before 1970 and across the epoch behave like any other', async (t) => {
  const window = daysWindow(1969, 12, 29, 6);
  const rows = walk(universe, window);
  t.ok(rows.some((row) => row.minute < 0) && rows.some((row) => row.minute >= 0), 'both sides');
  t.equal(countCalls(universe, window), rows.length);
  t.equal(rows.filter((row) => !inWindow(row, window)).length, 0);
  for (let i = 1; i < rows.length; i++) {
    if (compareRows(rows[i - 1]!, rows[i]!) >= 0) t.fail(`out of order at ${i}`);
  }
  const split = { minute: 0, tick: 0 };
  const before = countCalls(universe, { from: window.from, to: shiftTicks(split, -1) });
  t.equal(before + countCalls(universe, { from: split, to: window.to }), rows.length);
});

t.test('the default tenant makes a few thousand calls a month', async (t) => {
  const june = countCalls(universe, daysWindow(2024, 6, 1, 30));
  t.ok(june >= 2000 && june <= 8000, `${june} calls in June 2024`);
});

t.test('the large tenant makes over a million calls in 90 days, counted fast', async (t) => {
  const window = daysWindow(2024, 1, 1, 90);
  const started = performance.now();
  const total = countCalls(large, window);
  const elapsed = performance.now() - started;
  t.ok(total >= 1_000_000 && total <= 1_300_000, `${total} calls`);
  t.ok(elapsed < 250, `counted in ${elapsed.toFixed(1)} ms`);
  const deep = performance.now();
  const page = pageOf(large, window, total - 1000, 1000);
  t.equal(page.rows.length, 1000);
  t.equal(page.hasMore, false);
  t.ok(performance.now() - deep < 500, 'the last page is found without walking the range');
});

/** Calls per local calendar day of the tenant, for `days` days from a UTC date. */
function localDayCounts(
  u: typeof universe,
  year: number,
  month: number,
  day: number,
  days: number,
): { weekday: number; count: number }[] {
  const offset = u.scenario.tenant.utcOffsetMinutes;
  const counts: { weekday: number; count: number }[] = [];
  for (let d = 0; d < days; d++) {
    const localMidnight = minuteOf(year, month, day + d) - offset;
    const weekday = new Date(Date.UTC(year, month - 1, day + d)).getUTCDay();
    counts.push({ weekday, count: countCalls(u, minutesWindow(localMidnight, MINUTES_PER_DAY)) });
  }
  return counts;
}

const mean = (values: readonly number[]): number =>
  values.reduce((sum, v) => sum + v, 0) / values.length;

t.test('weekdays are far busier than weekends, in local time', async (t) => {
  for (const u of [universe, large]) {
    const days = localDayCounts(u, 2024, 1, 1, 56);
    const weekend = days.filter((d) => d.weekday === 0 || d.weekday === 6).map((d) => d.count);
    const weekdays = days.filter((d) => d.weekday !== 0 && d.weekday !== 6).map((d) => d.count);
    const ratio = mean(weekdays) / mean(weekend);
    const expected = 1 / u.scenario.volume.weekendFactor;
    t.ok(
      ratio > expected * 0.6 && ratio < expected * 1.6,
      `${u.scenario.name}: weekday/weekend = ${ratio.toFixed(1)}, scenario says ${expected}`,
    );
    t.ok(mean(weekend) > 0, `${u.scenario.name}: weekends still see a few calls`);
  }
});

t.test('the busiest local hours are 9 to 16, peaking at 10', async (t) => {
  const offset = large.scenario.tenant.utcOffsetMinutes;
  const byHour = new Array<number>(24).fill(0);
  const start = minuteOf(2024, 1, 1) - offset;
  for (let day = 0; day < 28; day++) {
    for (let hour = 0; hour < 24; hour++) {
      byHour[hour]! += countCalls(
        large,
        minutesWindow(start + day * MINUTES_PER_DAY + hour * 60, 60),
      );
    }
  }
  const total = byHour.reduce((sum, n) => sum + n, 0);
  const ranked = byHour.map((n, hour) => [hour, n] as const).sort((a, b) => b[1] - a[1]);
  t.same(
    ranked
      .slice(0, 8)
      .map(([hour]) => hour)
      .sort((a, b) => a - b),
    [9, 10, 11, 12, 13, 14, 15, 16],
  );
  t.equal(ranked[0]![0], 10, 'the 10:00 hour is the busiest');
  const night = [0, 1, 2, 3, 4, 5, 20, 21, 22, 23].reduce((sum, h) => sum + byHour[h]!, 0);
  t.ok(night / total < 0.02, `night hours hold ${((100 * night) / total).toFixed(2)}%`);
  const peakShare = ranked[0]![1] / total;
  t.ok(peakShare > 0.1 && peakShare < 0.15, `the peak hour holds ${(100 * peakShare).toFixed(1)}%`);
});

t.test("a weekday's volume varies around the scenario's mean", async (t) => {
  const weekdays = localDayCounts(large, 2024, 1, 1, 84)
    .filter((d) => d.weekday !== 0 && d.weekday !== 6)
    .map((d) => d.count);
  const m = mean(weekdays);
  const sd = Math.sqrt(mean(weekdays.map((n) => (n - m) ** 2)));
  const expected = largeScenario.tenant.userCount * largeScenario.volume.callsPerUserPerWeekday;
  t.ok(Math.abs(m / expected - 1) < 0.06, `mean ${m.toFixed(0)} vs ${expected}`);
  const cv = sd / m;
  t.ok(cv > 0.06 && cv < 0.22, `relative spread ${cv.toFixed(3)} (dailyVariation 0.12)`);
});

t.test(
  'a scenario that could put more calls in a minute than an id can number is refused',
  async (t) => {
    const flood: Scenario = {
      ...defaultScenario,
      name: 'flood',
      tenant: { ...defaultScenario.tenant, userCount: 1_000_000 },
      volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 100 },
    };
    t.throws(
      () => buildUniverse(flood, 1),
      /Scenario 'flood' could place up to \d+ calls in a day; a minute holds at most 33554432/,
    );
    t.doesNotThrow(() => buildUniverse(largeScenario, 1), 'the largest built-in tenant fits');
  },
);
