import type { CallRow } from '../../scenarios/call-row.js';
import { TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../scenarios/instant.js';
import { encodeText } from './byte-writer.js';
import {
  administrativeUnitInfosField,
  choiceField,
  formatDateTime,
  formatRowId,
  writeNullable as nullable,
  nullableChoiceField,
  QUOTE,
  type RowField,
  type RowSegment,
  userFields,
  writeCents,
  writeDateTime,
  writeGuid,
} from './row-field.js';

/** How each property of a pstnCallLogRow (v1.0 and beta) is made from a call's facts. */

/**
 * The row's tail — its client's addresses and its user's units — is one segment: a client is
 * one of its user's own (call-row.ts), so the client names both, and without a client the
 * user (or no one) does.
 */
const tailSegment: RowSegment<CallRow> = { source: (row) => row.client ?? row.user };
const CALL_ID_HOST = encodeText('@203.0.113.');

/** The end of a call: its start plus whole seconds, carried into minutes. */
const endMinute = (row: CallRow): number =>
  row.minute + Math.floor((row.tick + row.duration * TICKS_PER_SECOND) / TICKS_PER_MINUTE);
const endTick = (row: CallRow): number =>
  (row.tick + row.duration * TICKS_PER_SECOND) % TICKS_PER_MINUTE;

export const PSTN_ROW_FIELDS: Readonly<Record<string, RowField<CallRow>>> = {
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
  ...userFields((row) => row.user),
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
  callType: choiceField((row) => row.callType),
  currency: choiceField((row) => row.currency),
  calleeNumber: { value: (row) => row.calleeNumber, write: (w, row) => w.string(row.calleeNumber) },
  usageCountryCode: choiceField((row) => row.usageCountryCode),
  tenantCountryCode: choiceField((row) => row.tenantCountryCode),
  connectionCharge: {
    value: () => 0,
    write: (w) => writeCents(w, 0),
    choice: () => null,
  },
  callerNumber: { value: (row) => row.callerNumber, write: (w, row) => w.string(row.callerNumber) },
  destinationContext: nullableChoiceField((row) => row.destinationContext),
  destinationName: choiceField((row) => row.destinationName),
  conferenceId: {
    value: (row) => row.conferenceId,
    write: (w, row) => nullable(w, row.conferenceId),
  },
  licenseCapability: choiceField((row) => row.licenseCapability),
  inventoryType: choiceField((row) => row.inventoryType),
  operator: choiceField((row) => row.operator),
  callDurationSource: choiceField((row) => row.callDurationSource),
  otherPartyCountryCode: choiceField((row) => row.otherPartyCountryCode),
  clientPublicIpV4Address: {
    value: (row) => row.client?.publicV4 ?? null,
    write: (w, row) => nullable(w, row.client?.publicV4 ?? null),
    segment: tailSegment,
  },
  clientPublicIpV6Address: {
    value: (row) => row.client?.publicV6 ?? null,
    write: (w, row) => nullable(w, row.client?.publicV6 ?? null),
    segment: tailSegment,
  },
  clientLocalIpV4Address: {
    value: (row) => row.client?.localV4 ?? null,
    write: (w, row) => nullable(w, row.client?.localV4 ?? null),
    segment: tailSegment,
  },
  clientLocalIpV6Address: {
    value: (row) => row.client?.localV6 ?? null,
    write: (w, row) => nullable(w, row.client?.localV6 ?? null),
    segment: tailSegment,
  },
  administrativeUnitInfos: {
    ...administrativeUnitInfosField((row) => row.administrativeUnitIds),
    segment: tailSegment,
  },
};
