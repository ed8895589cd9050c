import { type CallIdentity, drawGuid, type IdWords } from './call-identity.js';
import { countryFacts, USD_EXCHANGE } from './countries.js';
import type { RowFactory } from './event-log.js';
import { hash2 } from './hash.js';
import {
  SMS_CHARGE_USD_PER_UNIT,
  SMS_LICENSE_CAPABILITIES,
  SMS_TYPES,
  SMS_UNIT_WEIGHTS,
  type SmsType,
} from './message-log-facts.js';
import { type ShownNumbers, shownNumbersOf } from './number-masking.js';
import type { Scenario } from './scenario.js';
import type { Tenant, TenantUser } from './tenant.js';
import { pick, type WeightedTable, weightedTable } from './weighted-table.js';

/**
 * One Teams Phone SMS, drawn from its position alone like a call (call-row.ts). Every message
 * belongs to a user licensed for SMS — a Calling Plan user in the US or Canada — and is
 * exchanged with a number of their own country (Teams SMS reaches only US and Canadian
 * numbers, and the mock keeps each message domestic [ours]).
 */
export interface SmsRow {
  readonly id0: number;
  readonly id1: number;
  readonly id2: number;
  readonly id3: number;
  /** smsId: the docs say it is "not guaranteed to be unique"; here it is a hash of the row. */
  readonly smsId: Readonly<IdWords>;
  readonly user: TenantUser;
  /** sentDateTime: epoch minute plus 100-ns ticks. */
  readonly minute: number;
  readonly tick: number;
  readonly smsType: SmsType;
  readonly sourceNumber: string;
  readonly destinationNumber: string;
  /** In hundredths of the tenant's currency. */
  readonly chargeCents: number;
  readonly currency: string;
  readonly smsUnits: number;
  readonly userCountryCode: string;
  readonly tenantCountryCode: string;
  readonly otherPartyCountryCode: string;
  readonly destinationName: string;
  readonly licenseCapability: string;
}

/**
 * Digits masked of both numbers: the docs call source and destination "partially obfuscated"
 * without saying how much [doc]; the mock masks the last 4, as the usage reports' widest rule
 * does [ours].
 */
export const SMS_MASKED_DIGITS = 4;
const LICENSE = SMS_LICENSE_CAPABILITIES[0];

/** An SmsRow refilled in place on the hot path. */
export class SmsRecord implements SmsRow {
  id0 = 0;
  id1 = 0;
  id2 = 0;
  id3 = 0;
  readonly smsId: IdWords = { id0: 0, id1: 0, id2: 0, id3: 0 };
  user!: TenantUser;
  minute = 0;
  tick = 0;
  smsType: SmsType = 'sms_in';
  sourceNumber = '';
  destinationNumber = '';
  chargeCents = 0;
  currency = '';
  smsUnits = 1;
  userCountryCode = '';
  tenantCountryCode = '';
  otherPartyCountryCode = '';
  destinationName = '';
  licenseCapability: string = LICENSE;
}

/** Independent draws of one message: DrawA off id0, DrawB off id3 (as in call-row.ts). */
const DrawA = { user: 1, type: 2, otherNumber: 3 } as const;
const DrawB = { units: 1 } as const;
/** smsId's streams (drawGuid takes two off each key). */
const SMS_ID_STREAM = 100;

/** The facts of a pinned message that its row states, in place of their draws. */
export interface SmsSteer {
  readonly user?: TenantUser;
  readonly smsType?: SmsType;
  readonly smsUnits?: number;
}

const UNSTEERED: SmsSteer = {};

/** An SMS country as rows need it: its name and its other parties' numbers (a Tenant.numbers range). */
interface Country {
  readonly name: string;
  readonly start: number;
  readonly count: number;
}

export class SmsFactory implements RowFactory<SmsRecord> {
  private readonly users: WeightedTable | null;
  private readonly types = weightedTable(SMS_TYPES.map((type) => type.share));
  private readonly units = weightedTable(SMS_UNIT_WEIGHTS);
  /** Tenant.numbers with the last SMS_MASKED_DIGITS digits masked. */
  private readonly masked: ShownNumbers;
  private readonly centsPerUnit: number;
  /** The SMS users' countries, and any a pinned message's user lives in, as first used. */
  private readonly countries = new Map<string, Country>();
  /** Cents an outbound message of n units costs (index n), in the tenant's currency. */
  private readonly outboundCents: readonly number[];

  constructor(
    scenario: Scenario,
    private readonly tenant: Tenant,
  ) {
    this.users =
      tenant.smsUsers.length > 0
        ? weightedTable(tenant.smsUsers.map((user) => user.activity))
        : null;
    this.masked = shownNumbersOf(tenant.numbers, SMS_MASKED_DIGITS);
    const fx = USD_EXCHANGE[scenario.tenant.currency]!;
    const centsPerUnit = SMS_CHARGE_USD_PER_UNIT.outbound * fx * 100;
    this.centsPerUnit = centsPerUnit;
    this.outboundCents = Array.from({ length: SMS_UNIT_WEIGHTS.length + 1 }, (_, units) =>
      Math.round(units * centsPerUnit),
    );
  }

  private countryOf(code: string): Country {
    let country = this.countries.get(code);
    if (country === undefined) {
      country = { name: countryFacts(code).name, ...this.tenant.externalNumbers[code]! };
      this.countries.set(code, country);
    }
    return country;
  }

  create(): SmsRecord {
    return new SmsRecord();
  }

  /** Writes into `row` the message with this identity, sent at `tick` of `minute`. */
  fill(row: SmsRecord, minute: number, tick: number, identity: CallIdentity): void {
    const keyA = identity.id0;
    // The SMS timeline places messages only where the tenant has SMS users.
    const user = this.tenant.smsUsers[pick(this.users!, hash2(keyA, DrawA.user))]!;
    this.compose(row, minute, tick, identity, user, UNSTEERED);
  }

  /**
   * A pinned message: as `fill`, with the facts `steer` gives in place of their draws. Its user
   * may be anyone: a tenant without SMS users draws one from all users.
   */
  pin(row: SmsRecord, minute: number, tick: number, identity: CallIdentity, steer: SmsSteer): void {
    const bits = hash2(identity.id0, DrawA.user);
    const user =
      steer.user ??
      (this.users === null
        ? this.tenant.users[bits % this.tenant.users.length]!
        : this.tenant.smsUsers[pick(this.users, bits)]!);
    this.compose(row, minute, tick, identity, user, steer);
  }

  /** Cents an outbound message of `units` units costs. */
  private outboundCentsOf(units: number): number {
    return this.outboundCents[units] ?? Math.round(units * this.centsPerUnit);
  }

  private compose(
    row: SmsRecord,
    minute: number,
    tick: number,
    identity: CallIdentity,
    user: TenantUser,
    steer: SmsSteer,
  ): void {
    const keyA = identity.id0;
    const keyB = identity.id3;
    const { tenant } = this;
    const type =
      steer.smsType === undefined
        ? SMS_TYPES[pick(this.types, hash2(keyA, DrawA.type))]!
        : SMS_TYPES.find((facts) => facts.smsType === steer.smsType)!;
    const country = this.countryOf(user.usageCountry);
    const other = this.masked.at(country.start + (hash2(keyA, DrawA.otherNumber) % country.count));
    const own = this.masked.at(user.number);
    const units = steer.smsUnits ?? 1 + pick(this.units, hash2(keyB, DrawB.units));
    const outbound = type.direction === 'outbound';

    row.id0 = identity.id0;
    row.id1 = identity.id1;
    row.id2 = identity.id2;
    row.id3 = identity.id3;
    drawGuid(row.smsId, keyA, keyB, SMS_ID_STREAM);
    row.user = user;
    row.minute = minute;
    row.tick = tick;
    row.smsType = type.smsType;
    row.sourceNumber = outbound ? own : other;
    row.destinationNumber = outbound ? other : own;
    row.chargeCents = outbound ? this.outboundCentsOf(units) : 0;
    row.currency = tenant.profile.currency;
    row.smsUnits = units;
    row.userCountryCode = user.usageCountry;
    row.tenantCountryCode = tenant.profile.country;
    row.otherPartyCountryCode = user.usageCountry;
    row.destinationName = country.name;
  }
}
