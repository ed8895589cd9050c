import t from 'tap';
import { type Instant, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../../scenarios/instant.js';
import {
  formatDateTimeLiteral,
  parseDateTimeOffset,
} from '../../../server/graph/date-time-offset.js';

const MS_PER_MINUTE = 60_000;
const TICKS_PER_MS = 10_000;

/**
 * The instant of a UTC date and time with millisecond precision, computed by Date as an
 * independent oracle (setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999).
 */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, ms = 0): Instant {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute);
  return { minute: date.getTime() / MS_PER_MINUTE, tick: ms * TICKS_PER_MS };
}

/** Adds ticks within the minute, for expectations finer than a millisecond. */
function withTicks(at: Instant, tick: number): Instant {
  return { minute: at.minute, tick };
}

t.test('a date-only value means midnight UTC', async (t) => {
  t.same(parseDateTimeOffset('2019-11-01'), utc(2019, 11, 1));
});

t.test('hours and minutes without seconds are accepted', async (t) => {
  t.same(parseDateTimeOffset('2022-01-18T06:30'), utc(2022, 1, 18, 6, 30));
});

t.test('a time with seconds and Z is UTC', async (t) => {
  t.same(parseDateTimeOffset('2022-01-18T06:00:07Z'), utc(2022, 1, 18, 6, 0, 7000));
});

t.test('a value with no zone is UTC', async (t) => {
  t.same(parseDateTimeOffset('2022-01-18T06:00:07'), utc(2022, 1, 18, 6, 0, 7000));
});

t.test('lower-case t and z are accepted', async (t) => {
  t.same(parseDateTimeOffset('2022-01-18t06:00:00z'), utc(2022, 1, 18, 6));
});

t.test('a single space may separate date and time', async (t) => {
  t.same(parseDateTimeOffset('2022-01-18 06:00:00Z'), utc(2022, 1, 18, 6));
});

t.test('a seven-digit fraction is kept to the 100-ns tick', async (t) => {
  t.same(
    parseDateTimeOffset('2021-05-06T01:48:48.7950838Z'),
    withTicks(utc(2021, 5, 6, 1, 48), 48 * TICKS_PER_SECOND + 7_950_838),
  );
});

t.test('a one-digit fraction means tenths of a second', async (t) => {
  t.same(
    parseDateTimeOffset('2021-05-06T01:48:48.5Z'),
    withTicks(utc(2021, 5, 6, 1, 48), 48 * TICKS_PER_SECOND + 5_000_000),
  );
});

t.test('digits past the seventh are truncated, not rounded', async (t) => {
  t.same(
    parseDateTimeOffset('2021-05-06T01:48:48.123456789999Z'),
    withTicks(utc(2021, 5, 6, 1, 48), 48 * TICKS_PER_SECOND + 1_234_567),
  );
});

t.test('a positive offset means that many hours before UTC', async (t) => {
  t.same(parseDateTimeOffset('2024-06-11T05:30:00+05:30'), utc(2024, 6, 11));
});

t.test('a negative offset means that many hours after UTC', async (t) => {
  t.same(parseDateTimeOffset('2024-06-10T16:00:00-08:00'), utc(2024, 6, 11));
});

t.test('+00:00 and -00:00 both mean UTC', async (t) => {
  t.same(parseDateTimeOffset('2024-06-11T00:00:00.0000000+00:00'), utc(2024, 6, 11));
  t.same(parseDateTimeOffset('2024-06-11T00:00:00-00:00'), utc(2024, 6, 11));
});

t.test('an offset can move the instant into the previous day, month and leap day', async (t) => {
  t.same(parseDateTimeOffset('2024-03-01T00:00:00.25+01:00'), utc(2024, 2, 29, 23, 0, 250));
});

t.test('offsets of up to 14 hours either way are accepted', async (t) => {
  t.same(parseDateTimeOffset('2024-06-11T14:00:00+14:00'), utc(2024, 6, 11));
  t.same(parseDateTimeOffset('2024-06-10T10:00:00-14:00'), utc(2024, 6, 11));
});

t.test('offsets beyond 14 hours or with minute 60 are rejected', async (t) => {
  for (const text of [
    '2024-06-11T00:00:00+14:01',
    '2024-06-11T00:00:00-15:00',
    '2024-06-11T00:00:00+05:60',
  ]) {
    t.equal(parseDateTimeOffset(text), undefined, text);
  }
});

t.test('instants before 1970 are normalized with a non-negative tick', async (t) => {
  const at = parseDateTimeOffset('1969-12-31T23:59:59.5Z');
  t.same(at, { minute: -1, tick: 59 * TICKS_PER_SECOND + 5_000_000 });
});

t.test('the first and last representable instants are accepted', async (t) => {
  t.same(parseDateTimeOffset('0001-01-01'), utc(1, 1, 1));
  t.same(
    parseDateTimeOffset('9999-12-31T23:59:59.9999999Z'),
    withTicks(utc(9999, 12, 31, 23, 59), TICKS_PER_MINUTE - 1),
  );
  t.same(parseDateTimeOffset('9999-12-31T23:00:00+01:00'), utc(9999, 12, 31, 22));
});

t.test('an offset that moves the instant outside years 0001-9999 is rejected', async (t) => {
  t.equal(parseDateTimeOffset('0001-01-01T00:30:00+01:00'), undefined);
  t.equal(parseDateTimeOffset('9999-12-31T23:30:00-01:00'), undefined);
});

t.test('a leap day is accepted only in a leap year', async (t) => {
  t.same(parseDateTimeOffset('2024-02-29'), utc(2024, 2, 29));
  t.same(parseDateTimeOffset('2000-02-29'), utc(2000, 2, 29));
  t.equal(parseDateTimeOffset('2023-02-29'), undefined);
  t.equal(parseDateTimeOffset('1900-02-29'), undefined);
});

t.test('impossible dates and times are rejected', async (t) => {
  for (const text of [
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-04-31',
    '2023-01-01T24:00:00Z',
    '2023-01-01T23:60:00Z',
    '2023-12-31T23:59:60Z',
    '0000-01-01',
  ]) {
    t.equal(parseDateTimeOffset(text), undefined, text);
  }
});

t.test('malformed text is rejected', async (t) => {
  for (const text of [
    '',
    '10000-01-01',
    '2023-1-01',
    '2023-01-1',
    '2023-01-01T1:00',
    '2023-01-01T01',
    '2023-01-01T01:00:0Z',
    '2023-01-01T01:00:00.Z',
    '2023-01-01T01:00:00.1234567890123Z',
    '2023-01-01Z',
    '2023-01-01T00:00:00+0530',
    '2023-01-01T00:00:00+5:30',
    '2023-01-01T00:00:00 +05:30',
    '2023-01-01  00:00:00Z',
    '2023-01-01_00:00:00Z',
    ' 2023-01-01',
    '2023-01-01 ',
    '2023-01-01T00:00:00Zjunk',
    '2023-01-01T00:00:00ZZ',
    '２０２３-01-01',
    '2023/01/01',
    'Mon, 01 Jan 2023 00:00:00 GMT',
  ]) {
    t.equal(parseDateTimeOffset(text), undefined, JSON.stringify(text));
  }
});

t.test('midnight UTC is written as the date alone', async (t) => {
  t.equal(formatDateTimeLiteral(utc(2019, 11, 1)), '2019-11-01');
});

t.test('other times are written with seconds and Z', async (t) => {
  t.equal(formatDateTimeLiteral(utc(2019, 11, 1, 6)), '2019-11-01T06:00:00Z');
  t.equal(formatDateTimeLiteral(utc(2019, 11, 1, 0, 0, 1000)), '2019-11-01T00:00:01Z');
});

t.test('a fraction is written to its last significant digit', async (t) => {
  const minute = utc(2021, 5, 6, 1, 48);
  t.equal(
    formatDateTimeLiteral(withTicks(minute, 48 * TICKS_PER_SECOND + 7_950_838)),
    '2021-05-06T01:48:48.7950838Z',
  );
  t.equal(
    formatDateTimeLiteral(withTicks(minute, 48 * TICKS_PER_SECOND + 5_000_000)),
    '2021-05-06T01:48:48.5Z',
  );
  t.equal(formatDateTimeLiteral(withTicks(minute, 1)), '2021-05-06T01:48:00.0000001Z');
});

t.test('years before 1000 and instants before 1970 are written in full', async (t) => {
  t.equal(formatDateTimeLiteral(utc(1, 1, 1)), '0001-01-01');
  t.equal(formatDateTimeLiteral(utc(999, 12, 31, 23, 59)), '0999-12-31T23:59:00Z');
  t.equal(formatDateTimeLiteral({ minute: -1, tick: 0 }), '1969-12-31T23:59:00Z');
});

t.test('an offset value is written back as its UTC instant', async (t) => {
  const at = parseDateTimeOffset('2024-06-11T05:30:00+05:30');
  t.ok(at);
  if (at !== undefined) t.equal(formatDateTimeLiteral(at), '2024-06-11');
});

t.test('every formatted instant parses back to exactly the same instant', async (t) => {
  const first = utc(1, 1, 1).minute;
  const last = utc(9999, 12, 31, 23, 59).minute;
  const samples = 20_000;
  const mismatches: string[] = [];
  for (let i = 0; i <= samples; i += 1) {
    // Spread over the whole calendar; every third sample at midnight, every fourth on a
    // whole second, the rest with ticks that touch every fraction digit.
    const spread = first + Math.floor(((last - first) * i) / samples);
    const minute = i % 3 === 0 ? spread - (((spread % 1440) + 1440) % 1440) : spread;
    const tick =
      i % 3 === 0
        ? 0
        : i % 4 === 0
          ? (i % 60) * TICKS_PER_SECOND
          : (i * 7_919_993 + 104_729) % TICKS_PER_MINUTE;
    const at = { minute, tick };
    const text = formatDateTimeLiteral(at);
    const back = parseDateTimeOffset(text);
    if (back?.minute !== minute || back.tick !== tick) {
      mismatches.push(`${JSON.stringify(at)} → ${text} → ${JSON.stringify(back)}`);
    }
  }
  t.same(mismatches, []);
});

t.test('parsing then formatting a shortest literal gives the same text', async (t) => {
  for (const text of [
    '2019-11-01',
    '2022-01-18T06:00:00Z',
    '2021-05-06T01:48:48.7950838Z',
    '2021-05-06T01:48:48.05Z',
    '1600-02-29T12:34:56.789Z',
    '9999-12-31T23:59:59.9999999Z',
  ]) {
    const at = parseDateTimeOffset(text);
    t.equal(at === undefined ? undefined : formatDateTimeLiteral(at), text, text);
  }
});
