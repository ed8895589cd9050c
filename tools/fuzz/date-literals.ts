/**
 * Edm.DateTimeOffset literals for the fuzzer: real instants written in every form Graph's clients
 * use (date only, minutes, seconds, 1–12 fraction digits, Z or an offset up to ±14:00, T, t or a
 * space), and literals at or past the edges: leap seconds, Feb 29 of non-leap years, years 0000,
 * 9999 and 10000, offsets past ±14:00, bare numbers and 8 KB runs.
 */
import fc from 'fast-check';
import { longRun, mostly, sometimes } from './choices.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

interface LiteralStyle {
  readonly form: 'date' | 'minutes' | 'seconds' | 'fraction';
  readonly separator: string;
  readonly fraction: string;
  readonly zone: 'Z' | 'z' | '' | 'offset';
  readonly offsetMinutes: number;
}

const literalStyle: fc.Arbitrary<LiteralStyle> = fc.record({
  form: fc.constantFrom('date', 'minutes', 'seconds', 'fraction'),
  separator: mostly('T', ['t', ' ']),
  fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 }),
  zone: fc.constantFrom('Z', 'Z', 'z', '', 'offset', 'offset'),
  // Real zones, and the ±14:00 edges .NET accepts.
  offsetMinutes: fc.constantFrom(0, 60, -300, 330, 345, 540, -600, 840, -840, 780, -720),
});

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** An instant written as a client would: the local time of `offsetMinutes`, then the zone. */
function formatInstant(ms: number, style: LiteralStyle): string {
  const offset = style.zone === 'offset' ? style.offsetMinutes : 0;
  const local = new Date(ms + offset * MS_PER_MINUTE);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  if (style.form === 'date') return date;
  let time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  if (style.form !== 'minutes') time += `:${pad(local.getUTCSeconds())}`;
  if (style.form === 'fraction') time += `.${style.fraction}`;
  const zone =
    style.zone === 'offset'
      ? `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
      : style.zone;
  return `${date}${style.separator}${time}${zone}`;
}

/** Literals at and past the edges of Edm.DateTimeOffset, and things that only look like dates. */
const ODD_LITERALS = [
  '2024-06-30T23:59:60Z', // leap second
  '2016-12-31T23:59:60Z',
  '2023-02-29', // Feb 29 of non-leap years
  '1900-02-29T00:00:00Z',
  '2100-02-29',
  '2024-02-29', // a real one
  '2024-02-30',
  '2024-04-31',
  '2024-13-01',
  '2024-00-10',
  '2024-06-00',
  '2024-06-01T24:00:00Z',
  '2024-06-01T23:60:00Z',
  '0000-01-01',
  '0001-01-01',
  '0001-01-01T00:00:00+00:01',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31',
  '9999-12-31T23:59:59.9999999Z',
  '9999-12-31T23:59:59.999999999999Z',
  '9999-12-31T23:59:59-14:00',
  '9999-12-31T10:00:00-14:00',
  '10000-01-01',
  '-0001-01-01',
  '+2024-06-01',
  '2024-06-01T00:00:00+14:00',
  '2024-06-01T00:00:00-14:00',
  '2024-06-01T00:00:00+14:01',
  '2024-06-01T00:00:00-14:01',
  '2024-06-01T00:00:00+99:99',
  '2024-06-01T00:00:00+00:60',
  '2024-06-01T00:00:00+5:30',
  '2024-06-01T00:00:00+0530',
  '2024-06-01T00:00:00+05',
  '2024-06-01T00:00:00GMT',
  '2024-06-01T00:00:00 Z',
  '2024-06-01Z',
  '2024-06-01T',
  '2024-06-01T00',
  '2024-06-01T00:00:00.',
  '2024-06-01T00:00:00.Z',
  '2024-06-01T00:00:00.1234567890123Z',
  '2024-6-1',
  '24-06-01',
  '2024/06/01',
  '20240601',
  '2024-06-01T00:00:00Z[UTC]',
  "datetime'2024-06-01T00:00:00Z'",
  '２０２４-０６-０１',
  '2024-06-01T00:00:00\u00a0Z',
  'now',
  'today',
  'null',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  '1717200000',
  '1717200000000',
  "''",
  "'",
] as const;

const oddLiteral: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ODD_LITERALS) },
  { weight: 1, arbitrary: longRun(['9', '2024-06-01', 'x', '%20']) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** How far `to` lies from `from`: mostly short windows, some at and past the 90-day limit. */
const windowLength: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 60 * MS_PER_MINUTE }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: MS_PER_DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: MS_PER_DAY, max: 3 * MS_PER_DAY }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      89 * MS_PER_DAY,
      90 * MS_PER_DAY,
      90 * MS_PER_DAY + 1,
      91 * MS_PER_DAY,
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: -MS_PER_DAY, max: -1 }) },
);

/** The two ends of a window, each written in its own style, or odd. */
export const windowLiterals: fc.Arbitrary<readonly [string, string]> = fc
  .record({
    from: fc.date({
      min: new Date('2019-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    length: windowLength,
    fromStyle: literalStyle,
    toStyle: literalStyle,
    oddFrom: sometimes(oddLiteral, 15),
    oddTo: sometimes(oddLiteral, 15),
  })
  .map(({ from, length, fromStyle, toStyle, oddFrom, oddTo }) => [
    oddFrom ?? formatInstant(from.getTime(), fromStyle),
    oddTo ?? formatInstant(from.getTime() + length, toStyle),
  ]);
