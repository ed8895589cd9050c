import type { CallRow } from '../../scenarios/call-row.js';
import { civilFromDays, MINUTES_PER_DAY, TICKS_PER_SECOND } from '../../scenarios/instant.js';
import { type ByteWriter, encodeText } from './byte-writer.js';

/**
 * How each property of a pstnCallLogRow is produced from a call's facts — once as a JSON
 * value (the plain path: tests, baselines) and once as bytes (the fast path). The schema in
 * openapi/ decides which properties a version has and in what order; this table only knows
 * how to make each one, and a test holds the two paths to each other and to the schema.
 */
export interface RowField {
  value(row: CallRow): unknown;
  write(w: ByteWriter, row: CallRow): void;
  /**
   * Set when the property depends on nothing but one pooled object of the row (its user, its
   * client addresses): adjacent properties of the same segment are then rendered once per
   * object, keys included, and copied together into every row that shares the object.
   */
  readonly segment?: RowSegment;
}

/**
 * Measured: this pays for runs of several properties (the user's three, the client's four);
 * for a single pooled string, a Map lookup and a copy cost more than writing the string.
 */
export interface RowSegment {
  /** The object the segment's properties depend on, or null. */
  source(row: CallRow): object | null;
}

const userSegment: RowSegment = { source: (row) => row.user };
const clientSegment: RowSegment = { source: (row) => row.client };
const unitsSegment: RowSegment = { source: (row) => row.administrativeUnitIds };

const NULL = encodeText('null');
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const QUOTE = 0x22;
const CALL_ID_HOST = encodeText('@203.0.113.');
const FRACTION_DIGITS = 7;

function administrativeUnitInfos(ids: readonly string[]): { id: string }[] {
  return ids.map((id) => ({ id }));
}

/** The row id's second and third words with RFC 4122's version-4 and variant bits set. */
const versioned = (word: number): number => ((word & 0xffff0fff) | 0x4000) >>> 0;
const varianted = (word: number): number => ((word & 0x3fffffff) | 0x80000000) >>> 0;

/** The four words a row id is written from. */
export type RowIdWords = Pick<CallRow, 'id0' | 'id1' | 'id2' | 'id3'>;

export function formatRowId(row: RowIdWords): string {
  const hex = (word: number) => word.toString(16).padStart(8, '0');
  const b = hex(versioned(row.id1));
  const c = hex(varianted(row.id2));
  return `${hex(row.id0)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex(row.id3)}`;
}

function writeGuid(w: ByteWriter, row: RowIdWords): void {
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

const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;

/** The end of a call: its start plus whole seconds, carried into minutes. */
const endMinute = (row: CallRow): number =>
  row.minute + Math.floor((row.tick + row.duration * TICKS_PER_SECOND) / TICKS_PER_MINUTE);
const endTick = (row: CallRow): number =>
  (row.tick + row.duration * TICKS_PER_SECOND) % TICKS_PER_MINUTE;

export function formatDateTime(minute: number, tick: number): string {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  const { year, month, day: dom } = civilFromDays(day);
  const minuteOfDay = minute - day * MINUTES_PER_DAY;
  const second = Math.floor(tick / TICKS_PER_SECOND);
  const fraction = tick - second * TICKS_PER_SECOND;
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(year).padStart(4, '0')}-${two(month)}-${two(dom)}T` +
    `${two(Math.floor(minuteOfDay / 60))}:${two(minuteOfDay % 60)}:${two(second)}.` +
    `${String(fraction).padStart(FRACTION_DIGITS, '0')}Z`
  );
}

/**
 * The last day converted to a date. Consecutive rows almost always share a day, and keeping
 * it here spares a conversion and an allocation per timestamp.
 */
const lastDate = { day: Number.NaN, year: 0, month: 0, dom: 0 };

function writeDateTime(w: ByteWriter, minute: number, tick: number): void {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  if (day !== lastDate.day) {
    const civil = civilFromDays(day);
    lastDate.day = day;
    lastDate.year = civil.year;
    lastDate.month = civil.month;
    lastDate.dom = civil.day;
  }
  const minuteOfDay = minute - day * MINUTES_PER_DAY;
  const second = Math.floor(tick / TICKS_PER_SECOND);
  w.byte(QUOTE);
  w.padded(lastDate.year, 4);
  w.byte(DASH);
  w.padded(lastDate.month, 2);
  w.byte(DASH);
  w.padded(lastDate.dom, 2);
  w.byte(0x54); // T
  w.padded(Math.floor(minuteOfDay / 60), 2);
  w.byte(COLON);
  w.padded(minuteOfDay % 60, 2);
  w.byte(COLON);
  w.padded(second, 2);
  w.byte(DOT);
  w.padded(tick - second * TICKS_PER_SECOND, FRACTION_DIGITS);
  w.byte(0x5a); // Z
  w.byte(QUOTE);
}

/** Money as Graph's examples show it: a JSON number with two decimals (0.00). */
function writeCents(w: ByteWriter, cents: number): void {
  const whole = Math.floor(cents / 100);
  w.uint(whole);
  w.byte(DOT);
  w.padded(cents - whole * 100, 2);
}

function nullable(w: ByteWriter, value: string | null): void {
  if (value === null) w.bytes(NULL);
  else w.string(value);
}

export const ROW_FIELDS: Readonly<Record<string, RowField>> = {
  id: { value: formatRowId, write: (w, row) => writeGuid(w, row) },
  callId: {
    value: (row) => `${row.callIdA}_${row.callIdB}@203.0.113.${row.callIdHost}`,
    write: (w, row) => {
      w.byte(QUOTE);
      w.uint(row.callIdA);
      w.byte(0x5f); // _
      w.uint(row.callIdB);
      w.bytes(CALL_ID_HOST);
      w.uint(row.callIdHost);
      w.byte(QUOTE);
    },
  },
  userId: {
    value: (row) => row.user?.id ?? null,
    write: (w, row) => nullable(w, row.user?.id ?? null),
    segment: userSegment,
  },
  userPrincipalName: {
    value: (row) => row.user?.userPrincipalName ?? null,
    write: (w, row) => nullable(w, row.user?.userPrincipalName ?? null),
    segment: userSegment,
  },
  userDisplayName: {
    value: (row) => row.user?.displayName ?? null,
    write: (w, row) => nullable(w, row.user?.displayName ?? null),
    segment: userSegment,
  },
  startDateTime: {
    value: (row) => formatDateTime(row.minute, row.tick),
    write: (w, row) => writeDateTime(w, row.minute, row.tick),
  },
  endDateTime: {
    value: (row) => formatDateTime(endMinute(row), endTick(row)),
    write: (w, row) => writeDateTime(w, endMinute(row), endTick(row)),
  },
  duration: { value: (row) => row.duration, write: (w, row) => w.uint(row.duration) },
  charge: {
    value: (row) => row.chargeCents / 100,
    write: (w, row) => writeCents(w, row.chargeCents),
  },
  callType: { value: (row) => row.callType, write: (w, row) => w.string(row.callType) },
  currency: { value: (row) => row.currency, write: (w, row) => w.string(row.currency) },
  calleeNumber: { value: (row) => row.calleeNumber, write: (w, row) => w.string(row.calleeNumber) },
  usageCountryCode: {
    value: (row) => row.usageCountryCode,
    write: (w, row) => w.string(row.usageCountryCode),
  },
  tenantCountryCode: {
    value: (row) => row.tenantCountryCode,
    write: (w, row) => w.string(row.tenantCountryCode),
  },
  connectionCharge: {
    value: () => 0,
    write: (w) => writeCents(w, 0),
    segment: { source: () => null },
  },
  callerNumber: { value: (row) => row.callerNumber, write: (w, row) => w.string(row.callerNumber) },
  destinationContext: {
    value: (row) => row.destinationContext,
    write: (w, row) => nullable(w, row.destinationContext),
  },
  destinationName: {
    value: (row) => row.destinationName,
    write: (w, row) => w.string(row.destinationName),
  },
  conferenceId: {
    value: (row) => row.conferenceId,
    write: (w, row) => nullable(w, row.conferenceId),
  },
  licenseCapability: {
    value: (row) => row.licenseCapability,
    write: (w, row) => w.string(row.licenseCapability),
  },
  inventoryType: {
    value: (row) => row.inventoryType,
    write: (w, row) => w.string(row.inventoryType),
  },
  operator: { value: (row) => row.operator, write: (w, row) => w.string(row.operator) },
  callDurationSource: {
    value: (row) => row.callDurationSource,
    write: (w, row) => w.string(row.callDurationSource),
  },
  otherPartyCountryCode: {
    value: (row) => row.otherPartyCountryCode,
    write: (w, row) => w.string(row.otherPartyCountryCode),
  },
  clientPublicIpV4Address: {
    value: (row) => row.client?.publicV4 ?? null,
    write: (w, row) => nullable(w, row.client?.publicV4 ?? null),
    segment: clientSegment,
  },
  clientPublicIpV6Address: {
    value: (row) => row.client?.publicV6 ?? null,
    write: (w, row) => nullable(w, row.client?.publicV6 ?? null),
    segment: clientSegment,
  },
  clientLocalIpV4Address: {
    value: (row) => row.client?.localV4 ?? null,
    write: (w, row) => nullable(w, row.client?.localV4 ?? null),
    segment: clientSegment,
  },
  clientLocalIpV6Address: {
    value: (row) => row.client?.localV6 ?? null,
    write: (w, row) => nullable(w, row.client?.localV6 ?? null),
    segment: clientSegment,
  },
  administrativeUnitInfos: {
    value: (row) => administrativeUnitInfos(row.administrativeUnitIds),
    write: (w, row) =>
      w.bytes(encodeText(JSON.stringify(administrativeUnitInfos(row.administrativeUnitIds)))),
    segment: unitsSegment,
  },
};
