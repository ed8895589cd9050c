import type { CallRow } from '../../scenarios/call-row.js';
import { civilFromDays, MINUTES_PER_DAY, TICKS_PER_SECOND } from '../../scenarios/instant.js';
import type { Tenant } from '../../scenarios/tenant.js';
import { type ByteWriter, encodeJsonString, encodeText } from './byte-writer.js';

/**
 * How each property of a pstnCallLogRow is produced from a call's facts — once as a JSON
 * value (the plain path: tests, baselines) and once as bytes (the fast path). The schema in
 * openapi/ decides which properties a version has and in what order; this table only knows
 * how to make each one, and a test holds the two paths to each other and to the schema.
 */
export interface RowField {
  value(row: CallRow): unknown;
  write(w: ByteWriter, row: CallRow, tenant: EncodedTenant): void;
}

/** Per-tenant values encoded to JSON bytes once, copied into every row that needs them. */
export interface EncodedTenant {
  readonly users: readonly EncodedUser[];
  readonly emptyArray: Uint8Array;
}

interface EncodedUser {
  readonly id: Uint8Array;
  readonly userPrincipalName: Uint8Array;
  readonly displayName: Uint8Array;
  readonly administrativeUnitInfos: Uint8Array;
}

const NULL = encodeText('null');
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const QUOTE = 0x22;
const CALL_ID_HOST = encodeText('@203.0.113.');
const FRACTION_DIGITS = 7;
const TICKS_PER_MINUTE_SECONDS = 60;

const encodedTenants = new WeakMap<Tenant, EncodedTenant>();

export function encodedTenant(tenant: Tenant): EncodedTenant {
  let encoded = encodedTenants.get(tenant);
  if (!encoded) {
    encoded = {
      users: tenant.users.map((user) => ({
        id: encodeJsonString(user.id),
        userPrincipalName: encodeJsonString(user.userPrincipalName),
        displayName: encodeJsonString(user.displayName),
        administrativeUnitInfos: encodeText(
          JSON.stringify(administrativeUnitInfos(user.administrativeUnitIds)),
        ),
      })),
      emptyArray: encodeText('[]'),
    };
    encodedTenants.set(tenant, encoded);
  }
  return encoded;
}

function administrativeUnitInfos(ids: readonly string[]): { id: string }[] {
  return ids.map((id) => ({ id }));
}

/** The row id: four hash words shaped as an RFC 4122 version-4 GUID. */
function guidWords(row: CallRow): [number, number, number, number] {
  return [
    row.id0,
    ((row.id1 & 0xffff0fff) | 0x4000) >>> 0,
    ((row.id2 & 0x3fffffff) | 0x80000000) >>> 0,
    row.id3,
  ];
}

export function formatRowId(row: CallRow): string {
  const [a, b, c, d] = guidWords(row).map((word) => word.toString(16).padStart(8, '0')) as [
    string,
    string,
    string,
    string,
  ];
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

function writeGuid(w: ByteWriter, row: CallRow): void {
  const [a, b, c, d] = guidWords(row);
  w.byte(QUOTE);
  w.hex32(a);
  w.byte(DASH);
  w.hex16(b >>> 16);
  w.byte(DASH);
  w.hex16(b & 0xffff);
  w.byte(DASH);
  w.hex16(c >>> 16);
  w.byte(DASH);
  w.hex16(c & 0xffff);
  w.hex32(d);
  w.byte(QUOTE);
}

/** Start or end of a call as epoch minute + ticks, shifted by whole seconds. */
function shifted(minute: number, tick: number, seconds: number): [number, number] {
  const totalTicks = tick + seconds * TICKS_PER_SECOND;
  const carry = Math.floor(totalTicks / (TICKS_PER_MINUTE_SECONDS * TICKS_PER_SECOND));
  return [minute + carry, totalTicks - carry * TICKS_PER_MINUTE_SECONDS * TICKS_PER_SECOND];
}

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

function writeDateTime(w: ByteWriter, minute: number, tick: number): void {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  const { year, month, day: dom } = civilFromDays(day);
  const minuteOfDay = minute - day * MINUTES_PER_DAY;
  const second = Math.floor(tick / TICKS_PER_SECOND);
  w.byte(QUOTE);
  w.padded(year, 4);
  w.byte(DASH);
  w.padded(month, 2);
  w.byte(DASH);
  w.padded(dom, 2);
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
    write: (w, row, t) => w.bytes(row.user ? t.users[row.user.index]!.id : NULL),
  },
  userPrincipalName: {
    value: (row) => row.user?.userPrincipalName ?? null,
    write: (w, row, t) => w.bytes(row.user ? t.users[row.user.index]!.userPrincipalName : NULL),
  },
  userDisplayName: {
    value: (row) => row.user?.displayName ?? null,
    write: (w, row, t) => w.bytes(row.user ? t.users[row.user.index]!.displayName : NULL),
  },
  startDateTime: {
    value: (row) => formatDateTime(row.minute, row.tick),
    write: (w, row) => writeDateTime(w, row.minute, row.tick),
  },
  endDateTime: {
    value: (row) => formatDateTime(...shifted(row.minute, row.tick, row.duration)),
    write: (w, row) => {
      const [minute, tick] = shifted(row.minute, row.tick, row.duration);
      writeDateTime(w, minute, tick);
    },
  },
  duration: { value: (row) => row.duration, write: (w, row) => w.uint(row.duration) },
  charge: {
    value: (row) => row.chargeCents / 100,
    write: (w, row) => writeCents(w, row.chargeCents),
  },
  callType: { value: (row) => row.callType, write: (w, row) => w.string(row.callType) },
  currency: { value: (row) => row.currency, write: (w, row) => w.string(row.currency) },
  calleeNumber: {
    value: (row) => row.calleeNumber,
    write: (w, row) => w.string(row.calleeNumber),
  },
  usageCountryCode: {
    value: (row) => row.usageCountryCode,
    write: (w, row) => w.string(row.usageCountryCode),
  },
  tenantCountryCode: {
    value: (row) => row.tenantCountryCode,
    write: (w, row) => w.string(row.tenantCountryCode),
  },
  connectionCharge: { value: () => 0, write: (w) => writeCents(w, 0) },
  callerNumber: {
    value: (row) => row.callerNumber,
    write: (w, row) => w.string(row.callerNumber),
  },
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
  },
  clientPublicIpV6Address: {
    value: (row) => row.client?.publicV6 ?? null,
    write: (w, row) => nullable(w, row.client?.publicV6 ?? null),
  },
  clientLocalIpV4Address: {
    value: (row) => row.client?.localV4 ?? null,
    write: (w, row) => nullable(w, row.client?.localV4 ?? null),
  },
  clientLocalIpV6Address: {
    value: (row) => row.client?.localV6 ?? null,
    write: (w, row) => nullable(w, row.client?.localV6 ?? null),
  },
  administrativeUnitInfos: {
    value: (row) => administrativeUnitInfos(row.administrativeUnitIds),
    write: (w, row, t) =>
      w.bytes(row.user ? t.users[row.user.index]!.administrativeUnitInfos : t.emptyArray),
  },
};
