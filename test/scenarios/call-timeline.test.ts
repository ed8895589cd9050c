import t from 'tap';
import { CallTimeline, type TimelineShape } from '../../scenarios/call-timeline.js';
import { defaultScenario, largeScenario } from '../../scenarios/catalog.js';
import {
  MINUTES_PER_DAY,
  minuteOf,
  minutesWindow,
  seededRandom,
  shiftTicks,
  TICKS_PER_MINUTE,
} from './fixtures/windows.js';

const office: TimelineShape = {
  volume: defaultScenario.volume,
  userCount: defaultScenario.tenant.userCount,
  utcOffsetMinutes: defaultScenario.tenant.utcOffsetMinutes,
};
const busy: TimelineShape = { ...office, userCount: largeScenario.tenant.userCount };
const timeline = new CallTimeline(office, 0x1234);

/** A Tuesday (2024-03-05) and the Saturday after it, as UTC day numbers. */
const TUESDAY = minuteOf(2024, 3, 5) / MINUTES_PER_DAY;
const SATURDAY = minuteOf(2024, 3, 9) / MINUTES_PER_DAY;

/** Every non-empty minute of a day, by walking from its first call. */
function minutesOfDay(line: CallTimeline, day: number): { minute: number; count: number }[] {
  const minutes: { minute: number; count: number }[] = [];
  const walker = line.walkDay(day, 0);
  if (walker.exhausted) return minutes;
  do {
    minutes.push({ minute: walker.minute, count: walker.count });
  } while (walker.advance());
  return minutes;
}

/** Local weekday (0 = Sunday) and hour of a UTC epoch minute. */
function localTime(minute: number, offset: number): { weekday: number; hour: number } {
  const date = new Date((minute + offset) * 60_000);
  return { weekday: date.getUTCDay(), hour: date.getUTCHours() };
}

t.test("a day's walk visits non-empty minutes in order, holding all its calls", async (t) => {
  for (const day of [TUESDAY, SATURDAY, TUESDAY + 1, -3]) {
    const minutes = minutesOfDay(timeline, day);
    const total = minutes.reduce((sum, m) => sum + m.count, 0);
    t.equal(total, timeline.callsOnDay(day), `day ${day}: ${total} calls`);
    t.ok(
      minutes.every((m) => m.count > 0),
      'no empty minute is visited',
    );
    t.ok(
      minutes.every(
        (m, i) =>
          m.minute >= day * MINUTES_PER_DAY &&
          m.minute < (day + 1) * MINUTES_PER_DAY &&
          (i === 0 || m.minute > minutes[i - 1]!.minute),
      ),
      'minutes ascend within the day',
    );
  }
});

t.test('a walk from the k-th call starts in the minute that holds it', async (t) => {
  const minutes = minutesOfDay(timeline, TUESDAY);
  const n = timeline.callsOnDay(TUESDAY);
  let index = 0;
  let mismatches = 0;
  for (const { minute, count } of minutes) {
    for (let first = 0; first < count; first++, index++) {
      const walker = timeline.walkDay(TUESDAY, index);
      if (walker.exhausted || walker.minute !== minute || walker.first !== first) mismatches++;
      if (walker.count !== count) mismatches++;
    }
  }
  t.equal(index, n);
  t.equal(mismatches, 0, `all ${n} starting points`);
  const past = timeline.walkDay(TUESDAY, n);
  t.ok(past.exhausted, 'a walk from past the last call is exhausted at once');
  t.notOk(past.advance(), 'and stays exhausted');
});

t.test('a walk ends after the last minute and stays ended', async (t) => {
  const walker = timeline.walkDay(TUESDAY, 0);
  let steps = 0;
  while (walker.advance()) steps++;
  t.equal(steps + 1, minutesOfDay(timeline, TUESDAY).length);
  t.ok(walker.exhausted);
  t.notOk(walker.advance());
});

t.test('calls before an instant agree with the walk, to the tick', async (t) => {
  const random = seededRandom(21);
  const minutes = minutesOfDay(timeline, TUESDAY);
  for (let i = 0; i < 40; i++) {
    // Half the probes sit on a call's own tick, where inclusive and exclusive differ.
    const probe = minutes[Math.floor(random() * minutes.length)]!;
    const j = Math.floor(random() * probe.count);
    const tick =
      i % 2 === 0 ? timeline.tickOf(probe.minute, j) : Math.floor(random() * TICKS_PER_MINUTE);
    const at = { minute: probe.minute, tick };
    let before = 0;
    let atTick = 0;
    for (const { minute, count } of minutes) {
      if (minute < at.minute) before += count;
      if (minute !== at.minute) continue;
      for (let k = 0; k < count; k++) {
        const own = timeline.tickOf(minute, k);
        if (own < tick) before++;
        if (own === tick) atTick++;
      }
    }
    t.equal(timeline.callsBeforeInDay(at, false), before, `probe ${i}: exclusive`);
    t.equal(timeline.callsBeforeInDay(at, true), before + atTick, `probe ${i}: inclusive`);
    if (i % 2 === 0) t.ok(atTick >= 1, `probe ${i} lands on a call`);
  }
});

t.test('start ticks lie inside their minute and differ between calls', async (t) => {
  const ticks = new Set<number>();
  let outside = 0;
  for (let j = 0; j < 10_000; j++) {
    const tick = timeline.tickOf(TUESDAY * MINUTES_PER_DAY + 600, j);
    if (!Number.isInteger(tick) || tick < 0 || tick >= TICKS_PER_MINUTE) outside++;
    ticks.add(tick);
  }
  t.equal(outside, 0);
  t.ok(ticks.size >= 9_990, `${ticks.size} distinct ticks of 10,000`);
});

t.test('a window counts whole days plus the partial days at its ends', async (t) => {
  const random = seededRandom(22);
  for (let i = 0; i < 20; i++) {
    const from = {
      minute: TUESDAY * MINUTES_PER_DAY + Math.floor(random() * 3 * MINUTES_PER_DAY),
      tick: Math.floor(random() * TICKS_PER_MINUTE),
    };
    const to = shiftTicks(from, Math.floor(random() * 5 * MINUTES_PER_DAY) * TICKS_PER_MINUTE);
    const fromDay = Math.floor(from.minute / MINUTES_PER_DAY);
    const toDay = Math.floor(to.minute / MINUTES_PER_DAY);
    let expected = 0;
    for (let day = fromDay; day <= toDay; day++) expected += timeline.callsOnDay(day);
    expected -= timeline.callsBeforeInDay(from, false);
    expected -= timeline.callsOnDay(toDay) - timeline.callsBeforeInDay(to, true);
    t.equal(timeline.callsInWindow(from, to), expected, `window ${i}`);
  }
  t.equal(
    timeline.callsInWindow({ minute: 100, tick: 1 }, { minute: 100, tick: 0 }),
    0,
    'an inverted window is empty',
  );
});

t.test('the same seed key gives the same timeline, another key another', async (t) => {
  const same = new CallTimeline(office, 0x1234);
  const other = new CallTimeline(office, 0x1235);
  const days = Array.from({ length: 28 }, (_, i) => TUESDAY + i);
  t.same(
    days.map((day) => same.callsOnDay(day)),
    days.map((day) => timeline.callsOnDay(day)),
  );
  t.same(minutesOfDay(same, TUESDAY), minutesOfDay(timeline, TUESDAY));
  t.notSame(
    days.map((day) => other.callsOnDay(day)),
    days.map((day) => timeline.callsOnDay(day)),
  );
  t.notSame(minutesOfDay(other, TUESDAY), minutesOfDay(timeline, TUESDAY));
});

t.test('a tenant with no volume has no calls', async (t) => {
  const silentShapes: TimelineShape[] = [
    { ...office, volume: { ...office.volume, callsPerUserPerWeekday: 0 } },
    { ...office, volume: { ...office.volume, hourlyWeights: new Array(24).fill(0) } },
    { ...office, userCount: 0 },
  ];
  for (const shape of silentShapes) {
    const silent = new CallTimeline(shape, 1);
    t.equal(silent.callsOnDay(TUESDAY), 0);
    t.ok(silent.walkDay(TUESDAY, 0).exhausted);
    const week = minutesWindow(TUESDAY * MINUTES_PER_DAY, 7 * MINUTES_PER_DAY);
    t.equal(silent.callsInWindow(week.from, week.to), 0);
    t.equal(silent.callsBeforeInDay({ minute: TUESDAY * MINUTES_PER_DAY + 700, tick: 5 }, true), 0);
  }
});

t.test('calls happen only in local hours that have weight, at any UTC offset', async (t) => {
  for (const offset of [-300, 0, 330, 600, -720, 840]) {
    const noonOnly = new Array<number>(24).fill(0);
    noonOnly[12] = 1;
    const line = new CallTimeline(
      { ...busy, utcOffsetMinutes: offset, volume: { ...busy.volume, hourlyWeights: noonOnly } },
      offset,
    );
    let calls = 0;
    let outside = 0;
    for (let day = TUESDAY - 1; day <= TUESDAY + 1; day++) {
      for (const { minute, count } of minutesOfDay(line, day)) {
        calls += count;
        if (localTime(minute, offset).hour !== 12) outside += count;
      }
    }
    t.ok(calls > 1000, `offset ${offset}: ${calls} calls`);
    t.equal(outside, 0, `offset ${offset}: all at local noon`);
  }
});

t.test('hours missing from a short weight list have no calls', async (t) => {
  const morningsOnly = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]; // 08:00–09:59, nothing listed after
  const line = new CallTimeline(
    { ...busy, utcOffsetMinutes: 0, volume: { ...busy.volume, hourlyWeights: morningsOnly } },
    3,
  );
  const hours = new Set(minutesOfDay(line, TUESDAY).map((m) => localTime(m.minute, 0).hour));
  t.same(
    [...hours].sort((a, b) => a - b),
    [8, 9],
  );
});

t.test("weekends are weekends in the tenant's local time", async (t) => {
  for (const offset of [-600, 600]) {
    const line = new CallTimeline(
      {
        ...busy,
        utcOffsetMinutes: offset,
        volume: { ...busy.volume, weekendFactor: 0, hourlyWeights: new Array(24).fill(1) },
      },
      7,
    );
    const byWeekday = new Array<number>(7).fill(0);
    for (let day = TUESDAY - 2; day < TUESDAY + 12; day++) {
      for (const { minute, count } of minutesOfDay(line, day)) {
        byWeekday[localTime(minute, offset).weekday]! += count;
      }
    }
    t.equal(byWeekday[0], 0, `offset ${offset}: nothing on a local Sunday`);
    t.equal(byWeekday[6], 0, `offset ${offset}: nothing on a local Saturday`);
    t.ok(
      byWeekday.slice(1, 6).every((n) => n > 1000),
      `offset ${offset}: weekdays busy ${byWeekday}`,
    );
  }
});

t.test('without daily variation, weekday counts are Poisson around the mean', async (t) => {
  const steady: TimelineShape = {
    ...office,
    volume: { ...office.volume, dailyVariation: 0 },
    utcOffsetMinutes: 0,
  };
  const expected = steady.userCount * steady.volume.callsPerUserPerWeekday;
  const counts: number[] = [];
  for (let seedKey = 0; seedKey < 300; seedKey++) {
    counts.push(new CallTimeline(steady, seedKey).callsOnDay(TUESDAY));
  }
  const mean = counts.reduce((sum, n) => sum + n, 0) / counts.length;
  const variance = counts.reduce((sum, n) => sum + (n - mean) ** 2, 0) / (counts.length - 1);
  t.ok(Math.abs(mean - expected) < 3, `mean ${mean.toFixed(1)} vs ${expected}`);
  t.ok(variance / expected > 0.75 && variance / expected < 1.3, `variance ${variance.toFixed(1)}`);
});

t.test('the busiest minutes of the large tenant hold dozens of calls', async (t) => {
  const line = new CallTimeline(busy, 99);
  const peak = Math.max(...minutesOfDay(line, TUESDAY).map((m) => m.count));
  t.ok(peak > 20 && peak < 120, `peak minute: ${peak} calls`);
});

t.test("no day's count exceeds the timeline's bound, and the bound is not slack", async (t) => {
  for (const [name, shape] of [
    ['office', office],
    ['busy', busy],
    [
      'tiny',
      { ...office, userCount: 1, volume: { ...office.volume, callsPerUserPerWeekday: 0.01 } },
    ],
  ] as const) {
    const line = new CallTimeline(shape, 0x77);
    const bound = line.maxCallsOnADay();
    let most = 0;
    const first = minuteOf(2024, 1, 1) / MINUTES_PER_DAY;
    for (let day = first; day < first + 2 * 366; day++) most = Math.max(most, line.callsOnDay(day));
    t.ok(most <= bound, `${name}: busiest day of two years ${most} ≤ bound ${bound}`);
    if (most > 1000) t.ok(bound < 3 * most, `${name}: bound within 3× the busiest day`);
  }
});
