import type { DirectRoutingRow } from '../../scenarios/direct-routing-row.js';
import { TICKS_PER_MINUTE } from '../../scenarios/instant.js';
import { type ByteWriter, encodeText } from './byte-writer.js';
import {
  administrativeUnitInfosField,
  choiceField,
  formatDateTime,
  formatRowId,
  guidField,
  integerField,
  nullableChoiceField,
  type RowField,
  type RowSegment,
  stringField,
  userFields,
  writeDateTime,
  writeGuid,
  writeNullable,
} from './row-field.js';

/**
 * How each property of a directRoutingLogRow (v1.0 and beta) is made from an attempt's facts.
 * Times carry milliseconds, as the docs' example does; a time the attempt lacks (the failure
 * of a completed call, the end of a failed one) is Edm.DateTimeOffset's minimum, as the
 * example writes it for a successful call's failureDateTime.
 */

type Row = DirectRoutingRow;

const trunkSegment: RowSegment<Row> = { source: (row) => row.trunk };
const sipSegment: RowSegment<Row> = { source: (row) => row.sip };

/** The docs example's failureDateTime on a successful call: "0001-01-01T00:00:00Z". */
const NO_TIME_TEXT = '0001-01-01T00:00:00Z';
const NO_TIME = encodeText(JSON.stringify(NO_TIME_TEXT));
const TRUE = encodeText('true');
const FALSE = encodeText('false');

/** Ticks from the start, carried into minutes. */
function shifted(row: Row, ticks: number): { minute: number; tick: number } {
  const total = row.tick + ticks;
  const carry = Math.floor(total / TICKS_PER_MINUTE);
  return { minute: row.minute + carry, tick: total - carry * TICKS_PER_MINUTE };
}

/** A time `ticks` after the start (before it when negative), as a millisecond timestamp. */
function timeField(ticksOf: (row: Row) => number | null): RowField<Row> {
  return {
    value: (row) => {
      const ticks = ticksOf(row);
      if (ticks === null) return NO_TIME_TEXT;
      const at = shifted(row, ticks);
      return formatDateTime(at.minute, at.tick, 3);
    },
    write: (w, row) => {
      const ticks = ticksOf(row);
      if (ticks === null) {
        w.bytes(NO_TIME);
        return;
      }
      const at = shifted(row, ticks);
      writeDateTime(w, at.minute, at.tick, 3);
    },
  };
}

function writeBoolean(w: ByteWriter, value: boolean): void {
  w.bytes(value ? TRUE : FALSE);
}

export const DIRECT_ROUTING_ROW_FIELDS: Readonly<Record<string, RowField<Row>>> = {
  id: guidField((row) => row),
  correlationId: guidField((row) => row.correlation),
  ...userFields((row) => row.user),
  startDateTime: timeField(() => 0),
  inviteDateTime: timeField((row) => -row.setupTicks),
  failureDateTime: timeField((row) => (row.outcome === 'completed' ? null : row.finishTicks)),
  endDateTime: timeField((row) => (row.outcome === 'completed' ? row.finishTicks : null)),
  duration: integerField((row) => row.duration),
  callType: choiceField((row) => row.callType),
  successfulCall: {
    value: (row) => row.outcome === 'completed',
    write: (w, row) => writeBoolean(w, row.outcome === 'completed'),
    choice: (row) => (row.outcome === 'completed' ? 'true' : 'false'),
  },
  callerNumber: stringField((row) => row.callerNumber),
  calleeNumber: stringField((row) => row.calleeNumber),
  mediaPathLocation: nullableChoiceField((row) => row.mediaPathLocation),
  signalingLocation: choiceField((row) => row.signalingLocation),
  // An outcome of the SIP table: one object per code, subcode and phrase.
  finalSipCode: { ...integerField((row) => row.sip.finalSipCode), segment: sipSegment },
  callEndSubReason: { ...integerField((row) => row.sip.callEndSubReason), segment: sipSegment },
  finalSipCodePhrase: { ...stringField((row) => row.sip.finalSipCodePhrase), segment: sipSegment },
  trunkFullyQualifiedDomainName: { ...stringField((row) => row.trunk.fqdn), segment: trunkSegment },
  mediaBypassEnabled: {
    value: (row) => row.trunk.mediaBypass,
    write: (w, row) => writeBoolean(w, row.trunk.mediaBypass),
    segment: trunkSegment,
  },
  userCountryCode: choiceField((row) => row.userCountryCode),
  otherPartyCountryCode: choiceField((row) => row.otherPartyCountryCode),
  transferorCorrelationId: {
    value: (row) => (row.transferor === null ? null : formatRowId(row.transferor)),
    write: (w, row) => {
      if (row.transferor === null) writeNullable(w, null);
      else writeGuid(w, row.transferor);
    },
  },
  administrativeUnitInfos: administrativeUnitInfosField((row) => row.administrativeUnitIds),
};
