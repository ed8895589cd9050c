import type { CallIdentity } from './call-identity.js';
import { countryFacts, USD_EXCHANGE, ZONE_A } from './countries.js';
import type { RowFactory } from './event-log.js';
import { hash2Of, mix32, unit } from './hash.js';
import { maskedDigitsIn, type ShownNumbers, shownNumbersOf } from './number-masking.js';
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
  /** No connection fee is published and every public example shows 0.00, so it is always 0. */
  readonly connectionChargeCents: number;
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

/** A CallRow that the hot path refills in place, so walking a page allocates nothing per row. */
export class CallRecord implements CallRow {
  id0 = 0;
  id1 = 0;
  id2 = 0;
  id3 = 0;
  callIdA = 0;
  callIdB = 0;
  callIdHost = 0;
  user: TenantUser | null = null;
  minute = 0;
  tick = 0;
  duration = 0;
  callType: CallType = 'user_in';
  chargeCents = 0;
  readonly connectionChargeCents = 0;
  currency = '';
  calleeNumber = '';
  callerNumber = '';
  usageCountryCode = '';
  tenantCountryCode = '';
  destinationContext: 'Domestic' | 'International' | null = null;
  destinationName = '';
  otherPartyCountryCode = '';
  conferenceId: string | null = null;
  licenseCapability: LicenseCapability = 'MCOPSTN1';
  inventoryType: 'Subscriber' | 'Service' = 'Subscriber';
  operator = '';
  callDurationSource: 'microsoft' | 'operator' = 'microsoft';
  client: ClientAddresses | null = null;
  administrativeUnitIds: readonly string[] = [];
}

/**
 * Independent draws of one row. Each is hash2(word, field) of one of the row's id words, which
 * are a bijection of its position, so no two rows share their draws: DrawA off id0, DrawB off id3.
 */
const DrawA = {
  callType: 1,
  user: 2,
  abroad: 3,
  abroadCountry: 4,
  otherNumber: 5,
  client: 6,
  tollFree: 7,
  serviceNumber: 8,
} as const;
const DrawB = {
  duration: 1,
  overPool: 2,
  answered: 3,
  callIdHost: 4,
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

type CallKind = 'user' | 'conf' | 'ucap';

/** What each call type implies, worked out once instead of per row. */
interface CallTypeTraits {
  readonly type: CallType;
  readonly kind: CallKind;
  readonly inbound: boolean;
  /** A user's outbound attempt, which may go unanswered. */
  readonly userOutbound: boolean;
  /** Median seconds and lognormal σ of the duration (data reference §3). */
  readonly medianSeconds: number;
  readonly sigma: number;
}

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

const TRAITS: readonly CallTypeTraits[] = CALL_TYPES.map((type) => ({
  type,
  kind: type.slice(0, type.indexOf('_')) as CallKind,
  inbound: type.endsWith('_in'),
  userOutbound: type.startsWith('user_out'),
  medianSeconds: DURATION[type][0],
  sigma: DURATION[type][1],
}));

const TRAITS_BY_TYPE = Object.fromEntries(
  TRAITS.map((traits) => [traits.type, traits]),
) as Readonly<Record<CallType, CallTypeTraits>>;

/**
 * The facts of a pinned call that its row states, in place of their draws: its type, its user
 * (null: none), the other party's country and the length.
 */
export interface CallSteer {
  readonly callType?: CallType;
  readonly user?: TenantUser | null;
  readonly otherCountry?: string;
  readonly duration?: number;
}

const UNSTEERED: CallSteer = {};

/**
 * A drawn type that fits a stated user: a call with a user is no auto attendant's (ucap_*),
 * one without a user is one — in the same direction.
 */
function withUser(traits: CallTypeTraits, user: TenantUser | null | undefined): CallTypeTraits {
  if (user === undefined || (user === null) === (traits.kind === 'ucap')) return traits;
  const kind = user === null ? 'ucap' : 'user';
  return TRAITS_BY_TYPE[`${kind}_${traits.inbound ? 'in' : 'out'}`];
}

/** Per other-party country: what rows need of it, looked up once per row. */
interface PartyCountry {
  readonly code: string;
  readonly name: string;
  readonly numbers: NumberRange;
  /** Per-minute landline rate in millionths of the tenant currency. */
  readonly rateMicros: number;
  /** Tenant.numbers as rows of users living here show other parties: masked where the country masks. */
  readonly shownNumbers: ShownNumbers;
}

interface Destinations {
  readonly countries: readonly PartyCountry[];
  readonly table: WeightedTable;
}

export class CallFactory implements RowFactory<CallRecord> {
  private readonly callTypes: WeightedTable;
  /** Whose own calls these are: Calling Plan and Operator Connect users (Direct Routing's are not here). */
  private readonly users: WeightedTable | null;
  /** Who organizes the meetings behind conf_* calls: anyone; the bridge is Microsoft's whatever their routing. */
  private readonly organizers: WeightedTable;
  private readonly countries = new Map<string, PartyCountry>();
  /** International destinations as seen from each home country: the scenario's, minus home. */
  private readonly abroad = new Map<PartyCountry, Destinations | null>();
  private readonly tollFreeMicros: number;

  constructor(
    scenario: Scenario,
    private readonly tenant: Tenant,
  ) {
    const profile = scenario.tenant;
    const fx = USD_EXCHANGE[profile.currency];
    if (fx === undefined) {
      throw new Error(`No exchange rate is known for currency '${profile.currency}'`);
    }
    const micros = (usd: number) => Math.round(usd * fx * 1e6);
    this.callTypes = weightedTable(
      CALL_TYPES.map((type) => scenario.callTypeMix[type] ?? 0),
      12,
    );
    this.users =
      tenant.pstnUsers.length > 0
        ? weightedTable(tenant.pstnUsers.map((user) => user.activity))
        : null;
    this.organizers = weightedTable(tenant.users.map((user) => user.activity));
    for (const [code, numbers] of Object.entries(tenant.externalNumbers)) {
      const facts = countryFacts(code);
      this.countries.set(code, {
        code,
        name: facts.name,
        numbers,
        rateMicros: micros(facts.landlineRateUsd),
        shownNumbers: shownNumbersOf(tenant.numbers, maskedDigitsIn(code)),
      });
    }
    for (const home of this.countries.values()) {
      const destinations = Object.entries(profile.internationalDestinations).filter(
        ([code]) => code !== home.code,
      );
      this.abroad.set(
        home,
        destinations.length === 0
          ? null
          : {
              countries: destinations.map(([code]) => this.country(code)),
              table: weightedTable(
                destinations.map(([, weight]) => weight),
                12,
              ),
            },
      );
    }
    this.tollFreeMicros = micros(tenant.country.tollFreeRateUsd ?? 0);
  }

  /** The tenant holds other-party numbers for its own, its users' and its destinations' countries. */
  private country(code: string): PartyCountry {
    return this.countries.get(code)!;
  }

  create(): CallRecord {
    return new CallRecord();
  }

  /** Writes into `row` the call with this identity, starting at `tick` of `minute`. */
  fill(row: CallRecord, minute: number, tick: number, identity: CallIdentity): void {
    this.pin(row, minute, tick, identity, UNSTEERED);
  }

  /**
   * A pinned call: as `fill`, but with the facts `steer` gives in place of their draws, and
   * what follows from them (numbers, rate, charge, licence…) worked out from those.
   */
  pin(
    row: CallRecord,
    minute: number,
    tick: number,
    identity: CallIdentity,
    steer: CallSteer,
  ): void {
    // Every draw below is hash2(id0 or id3, field), with the word mixed once.
    const keyA = mix32(identity.id0);
    const keyB = mix32(identity.id3);
    const tenant = this.tenant;
    const profile = tenant.profile;
    const traits =
      steer.callType === undefined
        ? withUser(TRAITS[pick(this.callTypes, hash2Of(keyA, DrawA.callType))]!, steer.user)
        : TRAITS_BY_TYPE[steer.callType];
    const { kind, inbound } = traits;
    const user =
      steer.user === undefined ? this.userOf(kind, hash2Of(keyA, DrawA.user)) : steer.user;
    const ownUser = kind === 'user' ? user : null;
    const home = this.country(ownUser ? ownUser.usageCountry : profile.country);

    const destinations = this.abroad.get(home)!;
    const abroad =
      steer.otherCountry === undefined
        ? destinations !== null && unit(hash2Of(keyA, DrawA.abroad)) < profile.internationalShare
        : steer.otherCountry !== home.code;
    const other =
      steer.otherCountry !== undefined
        ? this.country(steer.otherCountry)
        : abroad
          ? destinations!.countries[pick(destinations!.table, hash2Of(keyA, DrawA.abroadCountry))]!
          : home;
    const otherRange = other.numbers;
    const otherNumber = home.shownNumbers.at(
      otherRange.start + (hash2Of(keyA, DrawA.otherNumber) % otherRange.count),
    );
    const lines = kind === 'conf' ? tenant.conferenceNumbers : tenant.botNumbers;
    const tollFree =
      inbound &&
      kind !== 'user' &&
      lines.tollFree.count > 0 &&
      unit(hash2Of(keyA, DrawA.tollFree)) < profile.tollFreeShare;
    const ownNumber = ownUser
      ? tenant.numbers[ownUser.number]!
      : this.numberIn(tollFree ? lines.tollFree : lines.toll, hash2Of(keyA, DrawA.serviceNumber));
    const duration = steer.duration ?? this.duration(traits, keyB);
    const rate = this.rateMicros(kind, inbound, abroad, tollFree, other, user, keyB);

    row.id0 = identity.id0;
    row.id1 = identity.id1;
    row.id2 = identity.id2;
    row.id3 = identity.id3;
    row.callIdA = identity.callIdA;
    row.callIdB = identity.callIdB;
    row.callIdHost = 1 + (hash2Of(keyB, DrawB.callIdHost) % 254);
    row.user = user;
    row.minute = minute;
    row.tick = tick;
    row.duration = duration;
    row.callType = traits.type;
    row.chargeCents = Math.round((rate * Math.ceil(duration / SECONDS_PER_MINUTE)) / 10_000);
    row.currency = profile.currency;
    row.calleeNumber = inbound ? ownNumber : otherNumber;
    row.callerNumber = inbound ? otherNumber : ownNumber;
    row.usageCountryCode = home.code;
    row.tenantCountryCode = profile.country;
    row.destinationContext = inbound ? null : abroad ? 'International' : 'Domestic';
    row.destinationName = inbound ? home.name : other.name;
    row.otherPartyCountryCode = other.code;
    row.conferenceId = kind === 'conf' && user ? user.conferenceId : null;
    row.licenseCapability = this.licenseOf(kind, tollFree, user);
    row.inventoryType = kind === 'user' ? 'Subscriber' : 'Service';
    row.operator = ownUser ? ownUser.operator : 'Microsoft';
    row.callDurationSource = ownUser ? ownUser.durationSource : 'microsoft';
    row.client = ownUser
      ? ownUser.clients[unit(hash2Of(keyA, DrawA.client)) < OFFICE_SHARE ? 0 : 1]
      : null;
    row.administrativeUnitIds = user ? user.administrativeUnitIds : NO_UNITS;
  }

  /** A call's user: its own for user_*, the meeting's organizer for conf_*, none for ucap_*. */
  private userOf(kind: CallKind, bits: number): TenantUser | null {
    if (kind === 'ucap') return null;
    // A generated user_* call exists only when the timeline has PSTN users to place it; a
    // pinned one may be any user's, like a meeting's.
    if (kind === 'conf' || this.users === null) {
      return this.tenant.users[pick(this.organizers, bits)]!;
    }
    return this.tenant.pstnUsers[pick(this.users, bits)]!;
  }

  private numberIn(range: NumberRange, bits: number): string {
    return this.tenant.numbers[range.start + (bits % range.count)]!;
  }

  /** `key`: mix32 of the row's id3. */
  private duration(traits: CallTypeTraits, key: number): number {
    if (traits.userOutbound && unit(hash2Of(key, DrawB.answered)) < UNANSWERED_OUTBOUND_SHARE) {
      return 0;
    }
    const draw = logNormal(traits.medianSeconds, traits.sigma, unit(hash2Of(key, DrawB.duration)));
    return Math.min(MAX_DURATION_SECONDS, Math.max(1, Math.round(draw)));
  }

  /** What a minute of this call costs the tenant, in millionths of its currency (0 when in a plan). */
  private rateMicros(
    kind: CallKind,
    inbound: boolean,
    abroad: boolean,
    tollFree: boolean,
    other: PartyCountry,
    user: TenantUser | null,
    key: number,
  ): number {
    if (inbound) return tollFree ? this.tollFreeMicros : 0;
    if (kind === 'conf') {
      const payPerMinute = this.tenant.profile.conferencingLicense === 'MCOMEETACPEA';
      return payPerMinute || !ZONE_A.has(other.code) ? other.rateMicros : 0;
    }
    if (kind === 'ucap') return abroad ? other.rateMicros : 0;
    // Only ucap calls have no user.
    const { license } = user!;
    if (abroad) return license === 'MCOPSTN2' ? 0 : other.rateMicros;
    if (license === 'MCOPSTNPP') return other.rateMicros;
    const overPool = OVER_POOL_SHARE[license];
    if (overPool !== undefined && unit(hash2Of(key, DrawB.overPool)) < overPool) {
      return other.rateMicros;
    }
    return 0;
  }

  private licenseOf(kind: CallKind, tollFree: boolean, user: TenantUser | null): LicenseCapability {
    if (kind === 'conf') return this.tenant.profile.conferencingLicense;
    if (kind === 'ucap') return tollFree ? 'MCOPSTNPP' : 'MCOPSTN1';
    return user!.license; // only ucap calls have no user
  }
}
