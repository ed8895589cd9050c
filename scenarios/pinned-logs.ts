import type { BlockedUserRow, BlockIncidentFactory } from './blocked-users-log.js';
import { type CallIdentities, type CallIdentity, compareIdentities } from './call-identity.js';
import { type CallFactory, CallRecord, type CallSteer } from './call-row.js';
import { USD_EXCHANGE } from './countries.js';
import type { DrCallType } from './direct-routing-facts.js';
import {
  type DirectRoutingFactory,
  DirectRoutingRecord,
  type DirectRoutingSteer,
} from './direct-routing-row.js';
import type { PinnedEvent } from './event-log.js';
import { compareInstants, type Instant, TICKS_PER_SECOND } from './instant.js';
import { type SmsType, UNBLOCK_REASON } from './message-log-facts.js';
import {
  centsOf,
  countryOfNumber,
  guidWords,
  isTimeProperty,
  listedUserOf,
  otherNumberProperty,
  PINNED_LOGS,
  type PinnableFunction,
  parsePinnedTime,
  ticksBetween,
} from './pinned-rows.js';
import type { CallType, PinnedRow, Scenario } from './scenario.js';
import { type SmsFactory, SmsRecord, type SmsSteer } from './sms-row.js';
import type { Tenant, TenantUser } from './tenant.js';

/**
 * A universe's pinned rows, built once per (scenario, seed): each row is filled by its log's
 * factory as a generated row would be — from an identity of the log's own pinned-id stream —
 * with what the row states steering the draws, then the stated values written over. The
 * scenario loader has checked the rows (pinned-rows.ts), so nothing here can fail on them.
 */

/** The factories and pinned-id streams of a universe's logs. */
export interface PinnedLogSources {
  readonly tenant: Tenant;
  readonly pstn: { readonly factory: CallFactory; readonly ids: CallIdentities };
  readonly directRouting: { readonly factory: DirectRoutingFactory; readonly ids: CallIdentities };
  readonly sms: { readonly factory: SmsFactory; readonly ids: CallIdentities };
  readonly blocks: { readonly factory: BlockIncidentFactory; readonly ids: CallIdentities };
}

export interface PinnedLogs {
  readonly pstn: readonly PinnedEvent<CallRecord>[];
  readonly directRouting: readonly PinnedEvent<DirectRoutingRecord>[];
  readonly sms: readonly PinnedEvent<SmsRecord>[];
  /** Block rows in (blockDateTime, remediationId) order, joined to the incidents' rows per window. */
  readonly blocks: readonly BlockedUserRow[];
}

/** A pinned row's placing: its time, its identity (its stated id, if any), its user. */
interface Placed {
  readonly at: Instant;
  readonly identity: CallIdentity;
  /** undefined: the row states no user; null: it states none (userId null). */
  readonly user: TenantUser | null | undefined;
  readonly times: ReadonlyMap<string, Instant>;
}

export function buildPinnedLogs(scenario: Scenario, sources: PinnedLogSources): PinnedLogs {
  const pinned = scenario.pinned ?? {};
  const place = (fn: PinnableFunction, ids: CallIdentities) =>
    (pinned[fn] ?? []).map((row, j) => ({
      row,
      ...placed(fn, row, j, ids, scenario, sources.tenant),
    }));
  return {
    pstn: place('getPstnCalls', sources.pstn.ids).map((p) => pstnEvent(p, p.row, sources)),
    directRouting: place('getDirectRoutingCalls', sources.directRouting.ids).map((p) =>
      directRoutingEvent(p, p.row, sources),
    ),
    sms: place('getSmsLog', sources.sms.ids).map((p) => smsEvent(p, p.row, sources)),
    blocks: place('getPstnBlockedUsersLog', sources.blocks.ids)
      .map((p) => blockRow(p, p.row, sources))
      .sort((a, b) => compareInstants(a, b) || compareIdentities(a.remediation, b.remediation)),
  };
}

function placed(
  fn: PinnableFunction,
  row: PinnedRow,
  j: number,
  ids: CallIdentities,
  scenario: Scenario,
  tenant: Tenant,
): Placed {
  const spec = PINNED_LOGS[fn];
  const times = new Map<string, Instant>();
  for (const [property, value] of Object.entries(row)) {
    const parsed = typeof value === 'string' ? parsePinnedTime(value) : undefined;
    if (parsed !== undefined && isTimeProperty(property)) times.set(property, parsed.at);
  }
  const at = times.get(spec.time)!;
  const identity: CallIdentity = { id0: 0, id1: 0, id2: 0, id3: 0, callIdA: 0, callIdB: 0 };
  // The j-th pinned row of the log: its own stream never meets a generated id.
  ids.identify(at.minute, j, identity);
  const given = row.id ?? row.remediationId;
  if (typeof given === 'string') Object.assign(identity, guidWords(given));
  const listed = listedUserOf(row, scenario.tenant.users ?? []);
  const user =
    typeof listed === 'number' ? tenant.users[listed]! : row.userId === null ? null : undefined;
  return { at, identity, user, times };
}

function pstnEvent(
  p: Placed,
  row: PinnedRow,
  { tenant, pstn }: PinnedLogSources,
): PinnedEvent<CallRecord> {
  const callType = row.callType as CallType | undefined;
  const end = p.times.get('endDateTime');
  const number = callType === undefined ? undefined : row[otherNumberProperty(callType)];
  const home = p.user?.usageCountry ?? tenant.profile.country;
  const steer: CallSteer = {
    callType,
    user: p.user,
    otherCountry:
      (row.otherPartyCountryCode as string | undefined) ??
      (typeof number === 'string'
        ? countryOfNumber(number, Object.keys(tenant.externalNumbers), home)
        : undefined),
    duration:
      (row.duration as number | undefined) ??
      (end === undefined ? undefined : ticksBetween(p.at, end) / TICKS_PER_SECOND),
  };
  const record = new CallRecord();
  pstn.factory.pin(record, p.at.minute, p.at.tick, p.identity, steer);
  if (typeof row.calleeNumber === 'string') record.calleeNumber = row.calleeNumber;
  if (typeof row.callerNumber === 'string') record.callerNumber = row.callerNumber;
  if (typeof row.currency === 'string') {
    // A call billed in another currency than the tenant's: its derived charge converted.
    const rate = USD_EXCHANGE[row.currency]! / USD_EXCHANGE[record.currency]!;
    record.chargeCents = Math.round(record.chargeCents * rate);
    record.currency = row.currency;
  }
  if (typeof row.charge === 'number') record.chargeCents = centsOf(row.charge)!;
  return { ...p.at, id: p.identity, row: record };
}

function directRoutingEvent(
  p: Placed,
  row: PinnedRow,
  { directRouting }: PinnedLogSources,
): PinnedEvent<DirectRoutingRecord> {
  const end = p.times.get('endDateTime');
  const failure = p.times.get('failureDateTime');
  const finish = end ?? failure;
  const steer: DirectRoutingSteer = {
    callType: row.callType as DrCallType | undefined,
    user: p.user,
    successful:
      (row.successfulCall as boolean | undefined) ??
      (end !== undefined ? true : failure !== undefined ? false : undefined),
    finishTicks:
      finish !== undefined
        ? ticksBetween(p.at, finish)
        : typeof row.duration === 'number'
          ? row.duration * TICKS_PER_SECOND
          : undefined,
  };
  const record = new DirectRoutingRecord();
  directRouting.factory.pin(record, p.at.minute, p.at.tick, p.identity, steer);
  if (typeof row.callerNumber === 'string') record.callerNumber = row.callerNumber;
  if (typeof row.calleeNumber === 'string') record.calleeNumber = row.calleeNumber;
  return { ...p.at, id: p.identity, row: record };
}

function smsEvent(p: Placed, row: PinnedRow, { sms }: PinnedLogSources): PinnedEvent<SmsRecord> {
  const steer: SmsSteer = {
    user: p.user ?? undefined,
    smsType: row.smsType as SmsType | undefined,
    smsUnits: row.smsUnits as number | undefined,
  };
  const record = new SmsRecord();
  sms.factory.pin(record, p.at.minute, p.at.tick, p.identity, steer);
  if (typeof row.sourceNumber === 'string') record.sourceNumber = row.sourceNumber;
  if (typeof row.destinationNumber === 'string') record.destinationNumber = row.destinationNumber;
  if (typeof row.callCharge === 'number') record.chargeCents = centsOf(row.callCharge)!;
  return { ...p.at, id: p.identity, row: record };
}

function blockRow(p: Placed, row: PinnedRow, { tenant, blocks }: PinnedLogSources): BlockedUserRow {
  const incident = blocks.factory.create();
  blocks.factory.fill(incident, p.at.minute, p.at.tick, p.identity);
  const user = p.user ?? incident.user;
  const mode = (row.userBlockMode as BlockedUserRow['mode'] | undefined) ?? 'blocked';
  return {
    user,
    minute: p.at.minute,
    tick: p.at.tick,
    mode,
    userTelephoneNumber:
      (row.userTelephoneNumber as string | undefined) ?? tenant.numbers[user.number]!,
    reason:
      (row.blockReason as string | undefined) ??
      (mode === 'unblocked' ? UNBLOCK_REASON : incident.reason),
    remediation: { ...incident.block },
  };
}
