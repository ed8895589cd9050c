import type { LogFunctionName } from '../openapi/contract.js';
import type { NetworkFault } from './network-faults.js';

/**
 * A scenario is plain data: who the tenant is, how much it calls and how. The universe
 * (universe.ts) turns a scenario plus a seed into a fixed, browsable history of calls.
 */

export const CALL_TYPES = [
  'user_in',
  'user_out',
  'user_out_conf',
  'user_out_transfer',
  'user_out_forwarding',
  'conf_in',
  'conf_out',
  'ucap_in',
  'ucap_out',
] as const;
export type CallType = (typeof CALL_TYPES)[number];

export const LICENSE_CAPABILITIES = [
  'MCOPSTN1',
  'MCOPSTN2',
  'MCOPSTN5',
  'MCOPSTN6',
  'MCOPSTNPP',
  'MCOPSTNU',
  'MCOMEETADD',
  'MCOMEETACPEA',
] as const;
export type LicenseCapability = (typeof LICENSE_CAPABILITIES)[number];

/** Relative weights; they need not sum to 1. */
export type Weights<K extends string> = Readonly<Partial<Record<K, number>>>;

export interface TenantProfile {
  /** ISO 3166-1 alpha-2 country of the tenant (its billing and main usage country). */
  readonly country: string;
  /** ISO 4217 billing currency. */
  readonly currency: string;
  /** UPN domain, e.g. `contoso.com`. */
  readonly domain: string;
  /** Fixed offset of the tenant's local time from UTC, in minutes (no daylight saving). */
  readonly utcOffsetMinutes: number;
  readonly userCount: number;
  /** Calling licence of user accounts (`MCOMEET*` are conferencing, not user plans). */
  readonly licenseMix: Weights<LicenseCapability>;
  /** Share of users whose usage location is another country, and which countries. */
  readonly foreignUserShare: number;
  readonly foreignUserCountries: Readonly<Record<string, number>>;
  /** Share of outbound PSTN calls that go abroad, and where. */
  readonly internationalShare: number;
  readonly internationalDestinations: Readonly<Record<string, number>>;
  /** Share of users whose numbers come from an Operator Connect operator, and which. */
  readonly operatorConnectShare: number;
  readonly operatorConnectOperators: readonly string[];
  /** Audio-conferencing licence of the tenant: bundled or pay-per-minute. */
  readonly conferencingLicense: 'MCOMEETADD' | 'MCOMEETACPEA';
  /** Share of inbound service calls (conf_in, ucap_in) that reach a toll-free number. */
  readonly tollFreeShare: number;
  /** The tenant's own SBCs and the users behind them; none when absent. */
  readonly directRouting?: DirectRoutingProfile;
  /** Teams Phone SMS; no messages when absent. */
  readonly sms?: SmsProfile;
  /** PSTN blocks of users (toll-fraud protection, admins); none when absent. */
  readonly blocking?: BlockingProfile;
  /**
   * Users the scenario names: the first `users.length` of `userCount`, used exactly as given;
   * members left out, and the users not listed, are generated as before.
   */
  readonly users?: readonly ListedUser[];
}

/** How a user's number reaches the PSTN, and so which call log holds their calls. */
export type Routing = 'callingPlan' | 'operatorConnect' | 'directRouting';

/** A user of the tenant's directory as a scenario gives it; only `id` is required. */
export interface ListedUser {
  /** The user's object id, as the tenant's directory (and a test's fixtures) has it. */
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly displayName?: string;
  readonly license?: LicenseCapability;
  /** ISO 3166-1 alpha-2 code of the user's usage location. */
  readonly usageCountry?: string;
  /** The user's own number, in E.164. */
  readonly number?: string;
  readonly routing?: Routing;
  /** An Operator Connect user's operator. */
  readonly operator?: string;
  /** A Direct Routing user's SBC: the `host` of one of the tenant's trunks. */
  readonly trunk?: string;
  /** Licensed for Teams Phone SMS (Calling Plan users in SMS countries only). */
  readonly smsLicensed?: boolean;
  readonly administrativeUnitIds?: readonly string[];
}

/** An SBC of the tenant: its host name under the tenant's domain, and whether media bypasses Microsoft. */
export interface TrunkProfile {
  /** e.g. `sbc1` for `sbc1.contoso.com`: the FQDN must lie in a domain the tenant owns. */
  readonly host: string;
  readonly mediaBypass: boolean;
  /** Usage countries of the users homed on this SBC; absent: users of countries no trunk lists. */
  readonly countries?: readonly string[];
}

/**
 * Direct Routing: users whose numbers the tenant's own SBCs carry. Their calls appear in
 * getDirectRoutingCalls and never in getPstnCalls; each user is homed on one trunk.
 */
export interface DirectRoutingProfile {
  /** Share of users on Direct Routing instead of a Calling Plan or Operator Connect. */
  readonly userShare: number;
  readonly trunks: readonly TrunkProfile[];
  /** How attempts end, per direction; the facts' shares when absent. */
  readonly outcomes?: Readonly<Record<'inbound' | 'outbound', OutcomeMix>>;
}

/** Shares of attempts that complete, go unanswered or fail; they need not sum to 1. */
export interface OutcomeMix {
  readonly completed: number;
  readonly unanswered: number;
  readonly failed: number;
}

/** Teams Phone SMS, for Calling Plan users in the countries that have it (US, CA). */
export interface SmsProfile {
  /** Share of those users licensed for SMS. */
  readonly userShare: number;
  /** Mean messages per licensed user on a weekday, both directions. */
  readonly messagesPerUserPerWeekday: number;
}

/** How often the tenant's users are blocked from PSTN calling, and for how long. */
export interface BlockingProfile {
  /** Mean blocks a month across the tenant. */
  readonly blocksPerMonth: number;
}

export interface VolumeProfile {
  /** Mean PSTN calls per user on a weekday. */
  readonly callsPerUserPerWeekday: number;
  /** Saturday and Sunday volume as a fraction of a weekday's. */
  readonly weekendFactor: number;
  /** Relative call volume per local hour 0–23. */
  readonly hourlyWeights: readonly number[];
  /** Relative standard deviation of a day's volume around its mean. */
  readonly dailyVariation: number;
}

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 4_294_967_295;

export interface Scenario {
  readonly name: string;
  /**
   * Whose tenant and calls this scenario serves, when not its own: the fault scenarios serve
   * `default`'s data, so the same seed gives the same rows with or without faults.
   */
  readonly dataset?: string;
  readonly description: string;
  readonly seed: number;
  readonly tenant: TenantProfile;
  readonly volume: VolumeProfile;
  readonly callTypeMix: Weights<CallType>;
  readonly faults: readonly FaultRule[];
  /** Exact rows the logs serve beside the generated ones (pinned-rows.ts). */
  readonly pinned?: PinnedRows;
}

/**
 * A row as the API writes it — property names and JSON values — with any subset of its
 * properties beyond its time; the mock derives the rest as for a generated row.
 */
export type PinnedRow = Readonly<Record<string, unknown>>;

/**
 * Rows a scenario pins, per log function. The dial-out report has none of its own: it adds
 * up pinned conf_out calls like any other.
 */
export interface PinnedRows {
  readonly getPstnCalls?: readonly PinnedRow[];
  readonly getDirectRoutingCalls?: readonly PinnedRow[];
  readonly getSmsLog?: readonly PinnedRow[];
  readonly getPstnBlockedUsersLog?: readonly PinnedRow[];
}

/** The name a scenario's data is generated under: its dataset's, else its own. */
export function datasetOf(scenario: Scenario): string {
  return scenario.dataset ?? scenario.name;
}

/**
 * Failures a scenario injects. Every decision is a function of the request sequence, never of
 * a random draw, so the same requests always meet the same faults.
 */
export type FaultRule =
  | ThrottleRule
  | ThrottleAfterRule
  | TransientRule
  | LatencyRule
  | NetworkRule;

/** A throttleAfter rule without `failures` refuses one request, the one after its `requests`. */
export const DEFAULT_THROTTLE_AFTER_FAILURES = 1;

/** What every rule may say: which log functions it applies to. */
interface FaultScope {
  /** The log functions whose requests the rule sees; absent: all of them. */
  readonly functions?: readonly LogFunctionName[];
}

/**
 * A rate limit, as Graph applies per app per tenant: `requests` per `windowSeconds`; the
 * request past the limit answers 429 with Retry-After `retryAfterSeconds`, and the app is
 * refused until then, after which a new window starts.
 */
export interface ThrottleRule extends FaultScope {
  readonly kind: 'throttle';
  readonly requests: number;
  readonly windowSeconds: number;
  readonly retryAfterSeconds: number;
}

/**
 * One 429 at a chosen spot: the `failures` requests after the first `requests` an app sends
 * (since the last reset) answer 429 with Retry-After `retryAfterSeconds`; every other passes.
 */
export interface ThrottleAfterRule extends FaultScope {
  readonly kind: 'throttleAfter';
  readonly requests: number;
  readonly retryAfterSeconds: number;
  /** Refused requests in a row; DEFAULT_THROTTLE_AFTER_FAILURES when absent. */
  readonly failures?: number;
}

/**
 * The pages a page rule picks — every `everyNthPage`-th page of a walk, the page numbers in
 * `pages`, and/or a seeded `share` of pages — and how many attempts at each it fails: the first
 * `failures`; the retry after them succeeds. Of the page rules (transient and network ones)
 * that pick a page, the first owns it.
 */
export interface PagePick extends FaultScope {
  readonly everyNthPage?: number;
  /** 1-based positions of pages in their walk. */
  readonly pages?: readonly number[];
  readonly share?: number;
  readonly failures: number;
}

/** 503 or 504 on the pages it picks. */
export interface TransientRule extends PagePick {
  readonly kind: 'transient';
  readonly status: 503 | 504;
  /** Sent as Retry-After with the failure, when set. */
  readonly retryAfterSeconds?: number;
}

/** A network fault (network-faults.ts) on the pages it picks: the page is sent, and broken on the wire. */
export type NetworkRule = NetworkFault & PagePick;

/** The rules that pick pages and fail attempts at them. */
export type PageRule = TransientRule | NetworkRule;

/** A delay before answering, drawn per request from [minMs, maxMs] by the request's identity. */
export interface LatencyRule extends FaultScope {
  readonly kind: 'latency';
  readonly minMs: number;
  readonly maxMs: number;
}
