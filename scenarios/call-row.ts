import { countryFacts, USD_EXCHANGE, ZONE_A } from './countries.js';
import { hash2, hash3, unit } from './hash.js';
import { logNormal } from './sampling.js';
import { CALL_TYPES, type CallType, type LicenseCapability, type Scenario } from './scenario.js';
import type { ClientAddresses, NumberRange, Tenant, TenantUser } from './tenant.js';
import { pick, type WeightedTable, weightedTable } from './weighted-table.js';

/**
 * One call's facts, drawn from the coordinates (minute, j) alone: the same call comes out
 * whatever range or page asks for it. Strings are references into the tenant's pools, so
 * building a row allocates one small object and nothing else.
 */
export interface CallRow {
  /** The row id as four 32-bit words of a version-4 GUID. */
  readonly id0: number;
  readonly id1: number;
  readonly id2: number;
  readonly id3: number;
  /** callId is `<callIdA>_<callIdB>@203.0.113.<callIdHost>`. */
  readonly callIdA: number;
  readonly callIdB: number;
  readonly callIdHost: number;
  readonly user: TenantUser | null;
  /** Start: epoch minute plus 100-ns ticks; end = start + duration seconds. */
  readonly minute: number;
  readonly tick: number;
  readonly duration: number;
  readonly callType: CallType;
  /** Charges in hundredths of the tenant currency. */
  readonly chargeCents: number;
  readonly currency: string;
  readonly calleeNumber: string;
  readonly callerNumber: string;
  readonly usageCountryCode: string;
  readonly tenantCountryCode: string;
  readonly destinationContext: 'Domestic' | 'International' | null;
  readonly destinationName: string;
  readonly otherPartyCountryCode: string;
  readonly conferenceId: string | null;
  readonly licenseCapability: LicenseCapability;
  readonly inventoryType: 'Subscriber' | 'Service';
  readonly operator: string;
  readonly callDurationSource: 'microsoft' | 'operator';
  readonly client: ClientAddresses | null;
  readonly administrativeUnitIds: readonly string[];
}

const STREAM_ROW = 0x5eed0010;
/** Independent draws of one row, each hash2(rowKey, field). */
const Draw = {
  id0: 1,
  id1: 2,
  id2: 3,
  id3: 4,
  callType: 5,
  user: 6,
  abroad: 7,
  abroadCountry: 8,
  otherNumber: 9,
  duration: 10,
  overPool: 11,
  client: 12,
  callIdA: 13,
  callIdB: 14,
  callIdHost: 15,
  answered: 16,
  tollFree: 17,
  serviceNumber: 18,
} as const;

const SECONDS_PER_MINUTE = 60;
const MAX_DURATION_SECONDS = 4 * 3600;
const UNANSWERED_OUTBOUND_SHARE = 0.07;
const OFFICE_SHARE = 0.7;
/** Share of domestic minutes billed past the small plans' pools (120 and 240 minutes). */
const OVER_POOL_SHARE: Partial<Record<LicenseCapability, number>> = {
  MCOPSTN5: 0.25,
  MCOPSTN6: 0.1,
};
const NO_UNITS: readonly string[] = [];

/** Median seconds and lognormal σ per call type (data reference §3). */
const DURATION: Readonly<Record<CallType, readonly [number, number]>> = {
  user_in: [90, 1.26],
  user_out: [90, 1.26],
  user_out_conf: [240, 1.1],
  user_out_transfer: [120, 1.2],
  user_out_forwarding: [90, 1.26],
  conf_in: [1500, 0.8],
  conf_out: [1200, 0.9],
  ucap_in: [120, 1.0],
  ucap_out: [90, 1.0],
};

export class CallFactory {
  private readonly keyRow: number;
  private readonly callTypes: WeightedTable;
  private readonly users: WeightedTable;
  private readonly destinations: WeightedTable;
  private readonly destinationCodes: readonly string[];
  /** Per-minute rates in millionths of the tenant currency. */
  private readonly landlineMicros = new Map<string, number>();
  private readonly tollFreeMicros: number;
  private readonly fx: number;

  constructor(
    scenario: Scenario,
    private readonly tenant: Tenant,
    seedKey: number,
  ) {
    const profile = scenario.tenant;
    this.keyRow = hash2(seedKey, STREAM_ROW);
    this.callTypes = weightedTable(
      CALL_TYPES.map((type) => scenario.callTypeMix[type] ?? 0),
      12,
    );
    this.users = weightedTable(tenant.users.map((user) => user.activity));
    const destinations = Object.entries(profile.internationalDestinations);
    this.destinationCodes = destinations.map(([code]) => code);
    this.destinations = weightedTable(
      destinations.length > 0 ? destinations.map(([, w]) => w ?? 0) : [1],
      12,
    );
    const fx = USD_EXCHANGE[profile.currency];
    if (fx === undefined)
      throw new Error(`No exchange rate is known for currency '${profile.currency}'`);
    this.fx = fx;
    for (const code of Object.keys(tenant.externalNumbers)) {
      this.landlineMicros.set(code, this.micros(countryFacts(code).landlineRateUsd));
    }
    this.tollFreeMicros = this.micros(tenant.country.tollFreeRateUsd ?? 0);
  }

  private micros(usd: number): number {
    return Math.round(usd * this.fx * 1e6);
  }

  /** The key every draw of call j of a minute derives from; its id0 orders same-tick calls. */
  rowKey(minute: number, j: number): number {
    return hash3(this.keyRow, minute, j);
  }

  id0Of(rowKey: number): number {
    return hash2(rowKey, Draw.id0);
  }

  build(minute: number, j: number, tick: number): CallRow {
    const key = this.rowKey(minute, j);
    const tenant = this.tenant;
    const profile = tenant.profile;
    const callType = CALL_TYPES[pick(this.callTypes, hash2(key, Draw.callType))]!;
    const kind = callType.slice(0, callType.indexOf('_')) as 'user' | 'conf' | 'ucap';
    const inbound = callType.endsWith('_in');
    const user = kind === 'ucap' ? null : tenant.users[pick(this.users, hash2(key, Draw.user))]!;
    const homeCode = user && kind === 'user' ? user.usageCountry : profile.country;

    const abroad =
      unit(hash2(key, Draw.abroad)) < profile.internationalShare &&
      this.destinationCodes.length > 0;
    const otherCode = abroad
      ? this.destinationCodes[pick(this.destinations, hash2(key, Draw.abroadCountry))]!
      : homeCode;
    const otherNumber = this.numberIn(
      tenant.externalNumbers[otherCode]!,
      hash2(key, Draw.otherNumber),
    );
    const tollFree =
      inbound && kind !== 'user' && unit(hash2(key, Draw.tollFree)) < profile.tollFreeShare;
    const ownNumber =
      user && kind === 'user'
        ? tenant.numbers[user.number]!
        : this.serviceNumber(kind, tollFree, key);

    const duration = this.duration(callType, key);
    const minutesBilled = Math.ceil(duration / SECONDS_PER_MINUTE);
    const rate = this.rateMicros(kind, inbound, abroad, tollFree, otherCode, user, key);
    const clientBits = hash2(key, Draw.client);

    return {
      id0: hash2(key, Draw.id0),
      id1: hash2(key, Draw.id1),
      id2: hash2(key, Draw.id2),
      id3: hash2(key, Draw.id3),
      callIdA: hash2(key, Draw.callIdA) >>> 1,
      callIdB: hash2(key, Draw.callIdB) >>> 3,
      callIdHost: 1 + (hash2(key, Draw.callIdHost) % 254),
      user,
      minute,
      tick,
      duration,
      callType,
      chargeCents: Math.round((rate * minutesBilled) / 10_000),
      currency: profile.currency,
      calleeNumber: inbound ? ownNumber : otherNumber,
      callerNumber: inbound ? otherNumber : ownNumber,
      usageCountryCode: homeCode,
      tenantCountryCode: profile.country,
      destinationContext: inbound ? null : abroad ? 'International' : 'Domestic',
      destinationName: countryFacts(inbound ? homeCode : otherCode).name,
      otherPartyCountryCode: otherCode,
      conferenceId: kind === 'conf' && user ? user.conferenceId : null,
      licenseCapability: this.licenseOf(kind, tollFree, user),
      inventoryType: kind === 'user' ? 'Subscriber' : 'Service',
      operator: kind === 'user' && user ? user.operator : 'Microsoft',
      callDurationSource: kind === 'user' && user ? user.durationSource : 'microsoft',
      client:
        kind === 'user' && user ? user.clients[unit(clientBits) < OFFICE_SHARE ? 0 : 1] : null,
      administrativeUnitIds: user ? user.administrativeUnitIds : NO_UNITS,
    };
  }

  private numberIn(range: NumberRange, bits: number): string {
    return this.tenant.numbers[range.start + (bits % range.count)]!;
  }

  /** The tenant-side number of a service call: the conference bridge or a bot's line. */
  private serviceNumber(kind: 'conf' | 'ucap' | 'user', tollFree: boolean, key: number): string {
    const lines = kind === 'conf' ? this.tenant.conferenceNumbers : this.tenant.botNumbers;
    const range = tollFree && lines.tollFree.count > 0 ? lines.tollFree : lines.toll;
    return this.numberIn(range, hash2(key, Draw.serviceNumber));
  }

  private duration(callType: CallType, key: number): number {
    const outbound = callType.startsWith('user_out');
    if (outbound && unit(hash2(key, Draw.answered)) < UNANSWERED_OUTBOUND_SHARE) return 0;
    const [median, sigma] = DURATION[callType];
    const seconds = Math.round(logNormal(median, sigma, unit(hash2(key, Draw.duration))));
    return Math.min(MAX_DURATION_SECONDS, Math.max(1, seconds));
  }

  /** What a minute of this call costs the tenant, in millionths of its currency (0 when in a plan). */
  private rateMicros(
    kind: 'user' | 'conf' | 'ucap',
    inbound: boolean,
    abroad: boolean,
    tollFree: boolean,
    otherCode: string,
    user: TenantUser | null,
    key: number,
  ): number {
    if (inbound) return tollFree ? this.tollFreeMicros : 0;
    const destinationRate = this.landlineMicros.get(otherCode) ?? 0;
    if (kind === 'conf') {
      const payPerMinute = this.tenant.profile.conferencingLicense === 'MCOMEETACPEA';
      return payPerMinute || !ZONE_A.has(otherCode) ? destinationRate : 0;
    }
    if (kind === 'ucap') return abroad ? destinationRate : 0;
    const license = user?.license;
    if (abroad) return license === 'MCOPSTN2' ? 0 : destinationRate;
    if (license === 'MCOPSTNPP') return destinationRate;
    const overPool = license ? OVER_POOL_SHARE[license] : undefined;
    if (overPool !== undefined && unit(hash2(key, Draw.overPool)) < overPool)
      return destinationRate;
    return 0;
  }

  private licenseOf(
    kind: 'user' | 'conf' | 'ucap',
    tollFree: boolean,
    user: TenantUser | null,
  ): LicenseCapability {
    if (kind === 'conf') return this.tenant.profile.conferencingLicense;
    if (kind === 'ucap') return tollFree ? 'MCOPSTNPP' : 'MCOPSTN1';
    return user?.license ?? 'MCOPSTN1';
  }
}
