/**
 * Public facts behind getSmsLog rows (`smsLogRow`) and getPstnBlockedUsersLog rows
 * (`pstnBlockedUsersLogRow`). Pure data for the row makers.
 *
 * Tags: [doc] Microsoft documentation · [pub] other public source · [est] our estimate ·
 * [ours] a choice the public material does not settle (the README lists these).
 * Sources: ../shared/graph-family-reference.md §3–4; learn.microsoft.com MicrosoftTeams
 * sms-overview, sms-setup-brand, sms-setup-campaign (Plan for SMS in Teams); Graph beta
 * callrecords-smslogrow, callrecords-pstnblockeduserslogrow and their get… pages.
 */

export interface SmsTypeFacts {
  readonly smsType: string;
  readonly direction: 'inbound' | 'outbound';
  /** Share of a tenant's messages [est]. */
  readonly share: number;
}

/**
 * `smsType` values. The docs show only `sms_in` [doc]; the outbound spelling is unpublished, so
 * the mock writes `sms_out`, the same `_in`/`_out` grammar as every PSTN call type [ours].
 * Shares [est]: business texting from Teams is mostly sent by staff (reminders, follow-ups),
 * with replies somewhat fewer than messages sent.
 */
export const SMS_TYPES = [
  { smsType: 'sms_out', direction: 'outbound', share: 0.58 },
  { smsType: 'sms_in', direction: 'inbound', share: 0.42 },
] as const satisfies readonly SmsTypeFacts[];

export type SmsType = (typeof SMS_TYPES)[number]['smsType'];

/**
 * `licenseCapability` of an SMS row. The docs example is `MCOSMS1` [doc]; no other value is
 * published, so the mock emits only this one [ours].
 */
export const SMS_LICENSE_CAPABILITIES = ['MCOSMS1'] as const;

/**
 * Where SMS in Teams works: Calling Plan numbers in the United States (including Puerto Rico)
 * and Canada, to and from numbers of those countries only, after the tenant's 10DLC Brand and
 * Campaign are approved [doc: sms-overview, sms-setup-brand]. A user elsewhere sends no SMS.
 */
export const SMS_COUNTRIES: ReadonlySet<string> = new Set(['US', 'PR', 'CA']);

/**
 * What one `smsUnits` counts: a message segment [pub: 3GPP TS 23.040 / GSM 03.38]. A single
 * segment holds 160 GSM-7 or 70 UCS-2 characters; a concatenated message loses 6 bytes per
 * segment to its header, leaving 153 GSM-7 or 67 UCS-2 characters each.
 */
export const SMS_SEGMENT_CHARS = {
  gsm7: { single: 160, concatenated: 153 },
  ucs2: { single: 70, concatenated: 67 },
} as const;

/**
 * Distribution of `smsUnits` [est]: business texts are short (appointment reminders, "call me
 * back"), so most fit one segment; emoji or accented names switch a message to UCS-2 and push
 * some to two. Index = units − 1.
 */
export const SMS_UNIT_WEIGHTS: readonly number[] = [0.84, 0.13, 0.03];

/**
 * `callCharge` and `currency` [est unless tagged]. The docs example is an inbound row with
 * 0.00 USD [doc]. Microsoft publishes no per-message rate for SMS in Teams Calling Plans; the
 * mock writes 0.00 for inbound (receiving is free on every Microsoft plan, as inbound calls
 * are) and, for outbound, the Azure Communication Services US/CA long-code rate per segment as
 * the best public proxy ([pub, weak] ACS SMS pricing, about 0.0075 USD a segment before carrier
 * surcharges). Money columns are rounded to 2 decimals like the call logs, so a single-segment
 * outbound message shows 0.01.
 */
export const SMS_CHARGE_USD_PER_UNIT = { inbound: 0, outbound: 0.0075 } as const;

/** Currency by tenant country for SMS rows [est, as the call logs]. */
export const SMS_CURRENCY: Readonly<Record<string, string>> = { US: 'USD', PR: 'USD', CA: 'CAD' };

/**
 * Mean SMS messages per SMS-enabled user per weekday, both directions [est]: Teams SMS is
 * enabled for front-line and customer-facing staff, who send a few texts a day; a share of
 * enabled users send none on a given day. Weekend volume as for calls (data reference §3).
 */
export const SMS_PER_USER_PER_WEEKDAY = 3;

/** Share of a tenant's licensed users enabled for SMS [est]: the customer-facing ones. */
export const SMS_ENABLED_USER_SHARE = 0.2;

/**
 * `blockReason` values of a block row, with relative weights [est]. Only these two are
 * published [doc: the getPstnBlockedUsersLog example]. "High Overall Usage" is Microsoft's
 * automatic toll-fraud protection; "Tenant Requested" is an admin's block. Automatic blocks
 * are the more common [est].
 */
export const BLOCK_REASONS = [
  { blockReason: 'High Overall Usage', weight: 0.7 },
  { blockReason: 'Tenant Requested', weight: 0.3 },
] as const;

/**
 * `blockReason` of an unblock row (`userBlockMode: 'unblocked'`) [ours]: no unblock example is
 * published. Users are unblocked by an admin or on the tenant's request to support, so the
 * mock reuses the documented "Tenant Requested".
 */
export const UNBLOCK_REASON = 'Tenant Requested';

/**
 * `userBlockMode` values the mock emits: the enum's lower-case spelling, although the docs
 * example writes "Blocked" [doc; ours to follow the enum].
 */
export const USER_BLOCK_MODES = ['blocked', 'unblocked'] as const;

/**
 * How often a tenant sees blocks: about 0.3 blocked users per 1,000 licensed users per month
 * [est]. Toll-fraud blocks follow compromised accounts, which are rare; admin blocks are
 * leavers and misuse. A 1,000-user tenant thus sees a block every few months.
 */
export const BLOCKS_PER_1000_USERS_PER_MONTH = 0.3;

/**
 * How long a block lasts before its unblock row [est]: lognormal, median 18 hours (an admin
 * reviews the next working day), with a long tail to about a week; 10 % stay blocked beyond
 * the 90-day window (the account was closed), so their unblock row never comes.
 */
export const BLOCK_DURATION = {
  medianHours: 18,
  sigma: 1.1,
  maxDays: 14,
  neverUnblockedShare: 0.1,
} as const;
