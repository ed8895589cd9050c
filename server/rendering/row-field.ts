import type { IdWords } from '../../scenarios/call-identity.js';
import { civilFromDays, MINUTES_PER_DAY, TICKS_PER_SECOND } from '../../scenarios/instant.js';
import { type ByteWriter, encodeText } from './byte-writer.js';

/**
 * How a property of a log row is produced from the row's facts — once as a JSON value (the
 * plain path: tests, baselines) and once as bytes (the fast path) — and the writers the log
 * functions' field tables share. The schema in openapi/ decides which properties a version
 * has and in what order; a field table only knows how to make each one, and tests hold the
 * two paths to each other and to the schema.
 */
export interface RowField<Row> {
  value(row: Row): unknown;
  write(w: ByteWriter, row: Row): void;
  /**
   * Set when the property depends on nothing but one pooled object of the row (its user, its
   * client addresses): adjacent properties of the same segment are then rendered once per
   * object, keys included, and copied together into every row that shares the object.
   */
  readonly segment?: RowSegment<Row>;
  /**
   * Set when the property is one of a few values — a type, a code, a country's name, a
   * constant — named by this string (or null): its bytes depend on that alone. Adjacent such
   * properties are rendered once per combination of their values, keys included, and copied
   * into every row that has it. Not for values drawn from large pools (numbers, names, ids):
   * every value kept is kept for good.
   */
  readonly choice?: (row: Row) => string | null;
}

/**
 * Measured: this pays for runs of several properties (the user's three, the client's four);
 * for a single pooled string, a Map lookup and a copy cost more than writing the string.
 */
export interface RowSegment<Row> {
  /** The object the segment's properties depend on, or null. */
  source(row: Row): object | null;
}

const NULL = encodeText('null');
const DASH = 0x2d;
const DOT = 0x2e;
export const QUOTE = 0x22;

export function administrativeUnitInfos(ids: readonly string[]): { id: string }[] {
  return ids.map((id) => ({ id }));
}

/**
 * `administrativeUnitInfos` of rows whose units are `unitsOf(row)`: the same array object
 * for every row of a user, so its JSON is rendered once per user and copied after that.
 */
export function administrativeUnitInfosField<Row>(
  unitsOf: (row: Row) => readonly string[],
): RowField<Row> {
  return {
    value: (row) => administrativeUnitInfos(unitsOf(row)),
    write: (w, row) => w.bytes(encodeText(JSON.stringify(administrativeUnitInfos(unitsOf(row))))),
    segment: { source: unitsOf },
  };
}

/** The row id's second and third words with RFC 4122's version-4 and variant bits set. */
const versioned = (word: number): number => ((word & 0xffff0fff) | 0x4000) >>> 0;
const varianted = (word: number): number => ((word & 0x3fffffff) | 0x80000000) >>> 0;

/** The four words a GUID is written from. */
export type RowIdWords = Readonly<IdWords>;

export function formatRowId(row: RowIdWords): string {
  const hex = (word: number) => word.toString(16).padStart(8, '0');
  const b = hex(versioned(row.id1));
  const c = hex(varianted(row.id2));
  return `${hex(row.id0)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex(row.id3)}`;
}

/** A version-4 GUID as a JSON string, from four words (version and variant bits set here). */
export function writeGuid(w: ByteWriter, row: RowIdWords): void {
  const b = versioned(row.id1);
  const c = varianted(row.id2);
  w.byte(QUOTE);
  w.hex32(row.id0);
  w.byte(DASH);
  w.hex16(b >>> 16);
  w.byte(DASH);
  w.hex16(b & 0xffff);
  w.byte(DASH);
  w.hex16(c >>> 16);
  w.byte(DASH);
  w.hex16(c & 0xffff);
  w.hex32(row.id3);
  w.byte(QUOTE);
}

/**
 * Digits of a second's fraction a timestamp carries: getPstnCalls and getSmsLog show 7 (the
 * 100-ns ticks of Edm.DateTimeOffset), getDirectRoutingCalls 3 (milliseconds; digits below
 * are cut, so a shown time is never later than the event).
 */
export type FractionDigits = 3 | 7;
const TICKS_PER_DIGITS: Readonly<Record<FractionDigits, number>> = { 3: 10_000, 7: 1 };

export function formatDateTime(minute: number, tick: number, digits: FractionDigits = 7): string {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  const { year, month, day: dom } = civilFromDays(day);
  const minuteOfDay = minute - day * MINUTES_PER_DAY;
  const second = Math.floor(tick / TICKS_PER_SECOND);
  const fraction = Math.floor((tick - second * TICKS_PER_SECOND) / TICKS_PER_DIGITS[digits]);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(year).padStart(4, '0')}-${two(month)}-${two(dom)}T` +
    `${two(Math.floor(minuteOfDay / 60))}:${two(minuteOfDay % 60)}:${two(second)}.` +
    `${String(fraction).padStart(digits, '0')}Z`
  );
}

/**
 * The last day as the bytes a timestamp starts with, `"YYYY-MM-DDT`. Consecutive rows almost
 * always share a day, and keeping it here spares a conversion and ten digits per timestamp.
 */
const lastDay = { day: Number.NaN, prefix: new Uint8Array(12) };

function dayPrefix(day: number): Uint8Array {
  if (day !== lastDay.day) {
    const { year, month, day: dom } = civilFromDays(day);
    lastDay.day = day;
    lastDay.prefix.set(encodeText(`"${pad(year, 4)}-${pad(month, 2)}-${pad(dom, 2)}T`));
  }
  return lastDay.prefix;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `HH:MM:` of every minute of a day, six bytes each. */
const TIME_OF_DAY = encodeText(
  Array.from(
    { length: MINUTES_PER_DAY },
    (_, m) => `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}:`,
  ).join(''),
);

/** A timestamp as a JSON string, the fast path of formatDateTime. */
export function writeDateTime(
  w: ByteWriter,
  minute: number,
  tick: number,
  digits: FractionDigits = 7,
): void {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  const prefix = dayPrefix(day);
  const minuteOfDay = minute - day * MINUTES_PER_DAY;
  const second = Math.floor(tick / TICKS_PER_SECOND);
  const buf = w.buf;
  const p = w.pos;
  for (let i = 0; i < 12; i++) buf[p + i] = prefix[i]!;
  const time = minuteOfDay * 6;
  for (let i = 0; i < 6; i++) buf[p + 12 + i] = TIME_OF_DAY[time + i]!;
  w.pos = p + 18;
  w.padded(second, 2);
  w.byte(DOT);
  w.padded(Math.floor((tick - second * TICKS_PER_SECOND) / TICKS_PER_DIGITS[digits]), digits);
  w.byte(0x5a); // Z
  w.byte(QUOTE);
}

/** Money as Graph's examples show it: a JSON number with two decimals (0.00). */
export function writeCents(w: ByteWriter, cents: number): void {
  const whole = Math.floor(cents / 100);
  w.uint(whole);
  w.byte(DOT);
  w.padded(cents - whole * 100, 2);
}

/** A string, or JSON null. */
export function writeNullable(w: ByteWriter, value: string | null): void {
  if (value === null) w.bytes(NULL);
  else w.string(value);
}

/** The user a row belongs to, as its three user properties need it. */
interface RowUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
}

/**
 * `userId`, `userPrincipalName` and `userDisplayName` of rows whose user is `userOf(row)`
 * (null for rows without one): adjacent in every log's schema, so rendered once per user.
 */
export function userFields<Row>(
  userOf: (row: Row) => RowUser | null,
): Readonly<Record<'userId' | 'userPrincipalName' | 'userDisplayName', RowField<Row>>> {
  const segment: RowSegment<Row> = { source: userOf };
  const field = (of: (user: RowUser) => string): RowField<Row> => ({
    value: (row) => {
      const user = userOf(row);
      return user === null ? null : of(user);
    },
    write: (w, row) => {
      const user = userOf(row);
      writeNullable(w, user === null ? null : of(user));
    },
    segment,
  });
  return {
    userId: field((user) => user.id),
    userPrincipalName: field((user) => user.userPrincipalName),
    userDisplayName: field((user) => user.displayName),
  };
}

/** A string property. */
export function stringField<Row>(of: (row: Row) => string): RowField<Row> {
  return { value: of, write: (w, row) => w.string(of(row)) };
}

/** A string property that may be null. */
export function nullableStringField<Row>(of: (row: Row) => string | null): RowField<Row> {
  return { value: of, write: (w, row) => writeNullable(w, of(row)) };
}

/** A string property with few values (a type, a code): see RowField.choice. */
export function choiceField<Row>(of: (row: Row) => string): RowField<Row> {
  return { ...stringField(of), choice: of };
}

/** A string property with few values that may be null. */
export function nullableChoiceField<Row>(of: (row: Row) => string | null): RowField<Row> {
  return { ...nullableStringField(of), choice: of };
}

/** A non-negative integer property. */
export function integerField<Row>(of: (row: Row) => number): RowField<Row> {
  return { value: of, write: (w, row) => w.uint(of(row)) };
}

/** Money as hundredths of a unit, written with two decimals (Edm.Decimal). */
export function centsField<Row>(of: (row: Row) => number): RowField<Row> {
  return { value: (row) => of(row) / 100, write: (w, row) => writeCents(w, of(row)) };
}

/** A GUID property from four words. */
export function guidField<Row>(of: (row: Row) => RowIdWords): RowField<Row> {
  return { value: (row) => formatRowId(of(row)), write: (w, row) => writeGuid(w, of(row)) };
}

/** A timestamp with 7 fraction digits, from an epoch minute and 100-ns ticks. */
export function dateTimeField<
  Row extends { readonly minute: number; readonly tick: number },
>(): RowField<Row> {
  return {
    value: (row) => formatDateTime(row.minute, row.tick),
    write: (w, row) => writeDateTime(w, row.minute, row.tick),
  };
}
