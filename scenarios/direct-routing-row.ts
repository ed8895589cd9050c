import { type CallIdentity, drawGuid, type IdWords } from './call-identity.js';
import {
  COMPLETED,
  type Direction,
  DR_CALL_TYPES,
  type DrCallType,
  FAILED,
  OUTCOME_SHARES,
  type RegionCode,
  regionsFor,
  type SipOutcome,
  UNANSWERED,
} from './direct-routing-facts.js';
import type { RowFactory } from './event-log.js';
import { hash2Of, mix32, unit } from './hash.js';
import { TICKS_PER_SECOND } from './instant.js';
import { maskedDigitsIn, type ShownNumbers, shownNumbersOf } from './number-masking.js';
import { logNormal } from './sampling.js';
import type { OutcomeMix, Scenario } from './scenario.js';
import type { NumberRange, Tenant, TenantUser, Trunk } from './tenant.js';
import { pick, type WeightedTable, weightedTable } from './weighted-table.js';

/**
 * One Direct Routing call attempt's facts, drawn from its position alone like a PSTN call's
 * (call-row.ts). The call belongs to a Direct Routing user and runs over their SBC — or, for
 * the bot and unassigned-number types, to nobody, over one of the tenant's SBCs. How it ended
 * (completed, unanswered, failed) decides which times it has and its SIP code triple.
 */

export type DirectRoutingOutcome = 'completed' | 'unanswered' | 'failed';

/** What the renderer reads of a Direct Routing row. */
export interface DirectRoutingRow {
  readonly id0: number;
  readonly id1: number;
  readonly id2: number;
  readonly id3: number;
  /** correlationId: shared by the legs of one call; here each attempt is one leg. */
  readonly correlation: Readonly<IdWords>;
  /** transferorCorrelationId, for transfers only. */
  readonly transferor: Readonly<IdWords> | null;
  readonly user: TenantUser | null;
  /** Start: epoch minute plus 100-ns ticks. */
  readonly minute: number;
  readonly tick: number;
  /** The INVITE came this many ticks before the start (0 when the call never started). */
  readonly setupTicks: number;
  /** End (completed) or failure (otherwise): this many ticks after the start. */
  readonly finishTicks: number;
  /** Seconds: start to end when completed, invite to failure otherwise. */
  readonly duration: number;
  readonly callType: DrCallType;
  readonly outcome: DirectRoutingOutcome;
  readonly sip: SipOutcome;
  readonly callerNumber: string;
  readonly calleeNumber: string;
  readonly trunk: Trunk;
  /** Null with media bypass: the media never passes a Microsoft region. */
  readonly mediaPathLocation: RegionCode | null;
  readonly signalingLocation: RegionCode;
  readonly userCountryCode: string;
  readonly otherPartyCountryCode: string;
  readonly administrativeUnitIds: readonly string[];
}

const blankGuid = (): IdWords => ({ id0: 0, id1: 0, id2: 0, id3: 0 });

/** A DirectRoutingRow refilled in place on the hot path. */
export class DirectRoutingRecord implements DirectRoutingRow {
  id0 = 0;
  id1 = 0;
  id2 = 0;
  id3 = 0;
  readonly correlation = blankGuid();
  /** Where transferor points when the attempt is a transfer. */
  readonly transferorWords = blankGuid();
  transferor: IdWords | null = null;
  user: TenantUser | null = null;
  minute = 0;
  tick = 0;
  setupTicks = 0;
  finishTicks = 0;
  duration = 0;
  callType: DrCallType = 'dr_in';
  outcome: DirectRoutingOutcome = 'completed';
  sip: SipOutcome = COMPLETED[0]!;
  callerNumber = '';
  calleeNumber = '';
  trunk: Trunk = { fqdn: '', mediaBypass: false };
  mediaPathLocation: RegionCode | null = null;
  signalingLocation: RegionCode = 'USEA';
  userCountryCode = '';
  otherPartyCountryCode = '';
  administrativeUnitIds: readonly string[] = [];
}

/** Independent draws of one row, as in call-row.ts: DrawA off id0, DrawB off id3. */
const DrawA = {
  callType: 1,
  user: 2,
  abroad: 3,
  abroadCountry: 4,
  otherNumber: 5,
  serviceNumber: 6,
  trunk: 7,
} as const;
const DrawB = {
  outcomeClass: 1,
  outcome: 2,
  talk: 3,
  setup: 4,
  ring: 5,
  media: 6,
  signalling: 7,
} as const;
/** The row's other GUIDs, drawn off both keys (drawGuid takes two streams from each). */
const Draw = { correlation: 100, transferor: 102 } as const;

const MAX_TALK_SECONDS = 4 * 3600;
/** Talk time as for PSTN user calls (data reference §3): lognormal, median 90 s. */
const TALK = { median: 90, sigma: 1.26 } as const;
/** INVITE to answer of a completed call [est]: a few seconds of ringing. */
const SETUP = { median: 3, sigma: 0.5, maxSeconds: 30 } as const;
/** INVITE to giving up on an unanswered call [est]: ringing until a cancel or timeout. */
const RING = { median: 18, sigma: 0.5, maxSeconds: 60 } as const;
/** INVITE to a failure response [est]: most fail fast; an SBC failover timeout takes 10 s. */
const FAILING = { median: 1.5, sigma: 0.8, maxSeconds: 15 } as const;
const FAILOVER_TIMER_SUBCODE = 500001;
const FAILOVER_TIMER_SECONDS = 10;
/** Share of calls on the nearest region of a country's list, media and signalling alike [est]. */
const NEAREST_REGION_SHARE = 0.75;
const TICKS_PER_MS = 10_000;

/** Numbers an emergency call dials, by the caller's country [pub]; 112 elsewhere in Europe. */
const EMERGENCY_NUMBERS: Readonly<Record<string, string>> = {
  US: '911',
  CA: '911',
  GB: '999',
  AU: '000',
};
const EUROPEAN_EMERGENCY = '112';

interface CallTypeTraits {
  readonly type: DrCallType;
  readonly inbound: boolean;
  readonly direction: Direction;
  readonly hasUser: boolean;
  readonly emergency: boolean;
  readonly transfer: boolean;
}

const TRAITS: readonly CallTypeTraits[] = DR_CALL_TYPES.map((facts) => ({
  type: facts.callType,
  inbound: facts.direction === 'inbound',
  direction: facts.direction,
  hasUser: facts.hasUser,
  emergency: facts.callType === 'dr_emergency_out',
  transfer: facts.callType === 'dr_out_user_transfer',
}));

/**
 * The facts of a pinned attempt that its row states, in place of their draws: its type, its
 * user (null: none), whether it connected, and how long after its start it ended or failed.
 */
export interface DirectRoutingSteer {
  readonly callType?: DrCallType;
  readonly user?: TenantUser | null;
  readonly successful?: boolean;
  readonly finishTicks?: number;
}

const UNSTEERED: DirectRoutingSteer = {};

/**
 * A drawn type that fits a stated user: a user's own call (dr_in, dr_out) when one is stated,
 * a bot's (dr_in_bot, dr_out_bot) when none is — in the same direction.
 */
function withUser(traits: CallTypeTraits, user: TenantUser | null | undefined): CallTypeTraits {
  if (user === undefined || (user !== null) === traits.hasUser) return traits;
  const type = `dr_${traits.inbound ? 'in' : 'out'}${user === null ? '_bot' : ''}`;
  return TRAITS.find((candidate) => candidate.type === type)!;
}

/** A direction's outcome classes and, per class, its SIP triples, as O(1) weighted tables. */
interface OutcomeTables {
  readonly classes: WeightedTable;
  readonly byClass: Readonly<Record<DirectRoutingOutcome, readonly SipOutcome[]>>;
  readonly tables: Readonly<Record<DirectRoutingOutcome, WeightedTable>>;
}

const OUTCOME_CLASSES: readonly DirectRoutingOutcome[] = ['completed', 'unanswered', 'failed'];
const OUTCOME_FACTS: Readonly<Record<DirectRoutingOutcome, readonly SipOutcome[]>> = {
  completed: COMPLETED,
  unanswered: UNANSWERED,
  failed: FAILED,
};

function outcomeTables(direction: Direction, mix: OutcomeMix): OutcomeTables {
  const ending = (name: DirectRoutingOutcome) =>
    OUTCOME_FACTS[name].filter((outcome) => outcome.directions.includes(direction));
  const byClass = {
    completed: ending('completed'),
    unanswered: ending('unanswered'),
    failed: ending('failed'),
  };
  const table = (outcomes: readonly SipOutcome[]) =>
    weightedTable(outcomes.map((outcome) => outcome.weight));
  return {
    classes: weightedTable(OUTCOME_CLASSES.map((name) => mix[name])),
    byClass,
    tables: {
      completed: table(byClass.completed),
      unanswered: table(byClass.unanswered),
      failed: table(byClass.failed),
    },
  };
}

/** What rows need of a country, from the side of a user who lives in `home`. */
interface Side {
  readonly code: string;
  readonly numbers: NumberRange;
  /** Tenant.numbers as rows of users living here show other parties (masked where it masks). */
  readonly shownNumbers: ShownNumbers;
  readonly media: readonly RegionCode[];
  readonly signalling: readonly RegionCode[];
  readonly emergencyNumber: string;
}

export class DirectRoutingFactory implements RowFactory<DirectRoutingRecord> {
  private readonly callTypes: WeightedTable;
  private readonly users: WeightedTable | null;
  private readonly outcomes: Readonly<Record<Direction, OutcomeTables>>;
  private readonly sides = new Map<string, Side>();
  /** The tenant's international destinations; null when it calls no other country. */
  private readonly abroad: {
    readonly codes: readonly string[];
    readonly table: WeightedTable;
  } | null;

  constructor(
    scenario: Scenario,
    private readonly tenant: Tenant,
  ) {
    const profile = scenario.tenant;
    const mix = profile.directRouting?.outcomes ?? OUTCOME_SHARES;
    this.callTypes = weightedTable(DR_CALL_TYPES.map((facts) => facts.weight));
    this.users =
      tenant.directRoutingUsers.length > 0
        ? weightedTable(tenant.directRoutingUsers.map((user) => user.activity))
        : null;
    this.outcomes = {
      inbound: outcomeTables('inbound', mix.inbound),
      outbound: outcomeTables('outbound', mix.outbound),
    };
    const destinations = Object.entries(profile.internationalDestinations);
    this.abroad =
      destinations.length === 0
        ? null
        : {
            codes: destinations.map(([code]) => code),
            table: weightedTable(destinations.map(([, weight]) => weight)),
          };
    for (const code of Object.keys(tenant.externalNumbers)) {
      const regions = regionsFor(code);
      this.sides.set(code, {
        code,
        numbers: tenant.externalNumbers[code]!,
        shownNumbers: shownNumbersOf(tenant.numbers, maskedDigitsIn(code)),
        media: regions.media,
        signalling: regions.signalling,
        emergencyNumber: EMERGENCY_NUMBERS[code] ?? EUROPEAN_EMERGENCY,
      });
    }
  }

  create(): DirectRoutingRecord {
    return new DirectRoutingRecord();
  }

  /** Writes into `row` the attempt with this identity, starting at `tick` of `minute`. */
  fill(row: DirectRoutingRecord, minute: number, tick: number, identity: CallIdentity): void {
    this.pin(row, minute, tick, identity, UNSTEERED);
  }

  /**
   * A pinned attempt: as `fill`, with the facts `steer` gives in place of their draws. Its user
   * may be anyone; one not on Direct Routing has their call carried by a drawn SBC.
   */
  pin(
    row: DirectRoutingRecord,
    minute: number,
    tick: number,
    identity: CallIdentity,
    steer: DirectRoutingSteer,
  ): void {
    const keyA = identity.id0;
    const keyB = identity.id3;
    // The draws are hash2(id0 or id3, field), with the word mixed once.
    const mixedA = mix32(keyA);
    const mixedB = mix32(keyB);
    const tenant = this.tenant;
    const traits =
      steer.callType === undefined
        ? withUser(TRAITS[pick(this.callTypes, hash2Of(mixedA, DrawA.callType))]!, steer.user)
        : TRAITS.find((candidate) => candidate.type === steer.callType)!;
    // Types with a user exist only where the tenant has Direct Routing users to place them.
    const user =
      steer.user !== undefined
        ? steer.user
        : traits.hasUser && this.users !== null
          ? tenant.directRoutingUsers[pick(this.users, hash2Of(mixedA, DrawA.user))]!
          : null;
    const home = this.sides.get(user ? user.usageCountry : tenant.profile.country)!;
    const other = this.otherSide(home, mixedA);

    const ownNumber = user
      ? tenant.numbers[user.number]!
      : this.serviceNumber(hash2Of(mixedA, DrawA.serviceNumber));
    const otherNumber = traits.emergency
      ? home.emergencyNumber
      : home.shownNumbers.at(
          other.numbers.start + (hash2Of(mixedA, DrawA.otherNumber) % other.numbers.count),
        );
    const trunk =
      user && user.trunk >= 0
        ? tenant.trunks[user.trunk]!
        : tenant.trunks[hash2Of(mixedA, DrawA.trunk) % tenant.trunks.length]!;

    const tables = this.outcomes[traits.direction];
    const drawn = OUTCOME_CLASSES[pick(tables.classes, hash2Of(mixedB, DrawB.outcomeClass))]!;
    const outcome =
      steer.successful === undefined || steer.successful === (drawn === 'completed')
        ? drawn
        : steer.successful
          ? 'completed'
          : 'failed';
    const sip =
      tables.byClass[outcome][pick(tables.tables[outcome], hash2Of(mixedB, DrawB.outcome))]!;

    row.id0 = identity.id0;
    row.id1 = identity.id1;
    row.id2 = identity.id2;
    row.id3 = identity.id3;
    drawGuid(row.correlation, keyA, keyB, Draw.correlation);
    if (traits.transfer) drawGuid(row.transferorWords, keyA, keyB, Draw.transferor);
    row.transferor = traits.transfer ? row.transferorWords : null;
    row.user = user;
    row.minute = minute;
    row.tick = tick;
    this.times(row, outcome, sip, mixedB);
    if (steer.finishTicks !== undefined) {
      row.finishTicks = steer.finishTicks;
      row.duration = Math.round(steer.finishTicks / TICKS_PER_SECOND);
    }
    row.callType = traits.type;
    row.outcome = outcome;
    row.sip = sip;
    row.callerNumber = traits.inbound ? otherNumber : ownNumber;
    row.calleeNumber = traits.inbound ? ownNumber : otherNumber;
    row.trunk = trunk;
    row.mediaPathLocation = trunk.mediaBypass
      ? null
      : regionOf(home.media, hash2Of(mixedB, DrawB.media));
    row.signalingLocation = regionOf(home.signalling, hash2Of(mixedB, DrawB.signalling));
    row.userCountryCode = home.code;
    row.otherPartyCountryCode = other.code;
    row.administrativeUnitIds = user ? user.administrativeUnitIds : NO_UNITS;
  }

  /**
   * Abroad with the tenant's international share, to one of its destinations; else at home.
   * `key` is mix32 of the row's id0.
   */
  private otherSide(home: Side, key: number): Side {
    const { abroad } = this;
    if (
      abroad === null ||
      unit(hash2Of(key, DrawA.abroad)) >= this.tenant.profile.internationalShare
    ) {
      return home;
    }
    return this.sides.get(abroad.codes[pick(abroad.table, hash2Of(key, DrawA.abroadCountry))]!)!;
  }

  /** An auto attendant's or call queue's number (also what unassigned-number routing answers on). */
  private serviceNumber(bits: number): string {
    const range = this.tenant.botNumbers.toll;
    return this.tenant.numbers[range.start + (bits % range.count)]!;
  }

  /** Invite, start and end or failure of an attempt, and its duration, by how it ended (`key`: mix32 of id3). */
  private times(
    row: DirectRoutingRecord,
    outcome: DirectRoutingOutcome,
    sip: SipOutcome,
    key: number,
  ): void {
    if (outcome === 'completed') {
      const talk = Math.min(
        MAX_TALK_SECONDS,
        Math.max(1, Math.round(logNormal(TALK.median, TALK.sigma, unit(hash2Of(key, DrawB.talk))))),
      );
      row.setupTicks = millisecondTicks(SETUP, unit(hash2Of(key, DrawB.setup)));
      row.finishTicks = talk * TICKS_PER_SECOND;
      row.duration = talk;
      return;
    }
    // An attempt that never connected starts when its INVITE went out.
    const finish =
      sip.callEndSubReason === FAILOVER_TIMER_SUBCODE
        ? FAILOVER_TIMER_SECONDS * TICKS_PER_SECOND
        : millisecondTicks(
            outcome === 'unanswered' ? RING : FAILING,
            unit(hash2Of(key, DrawB.ring)),
          );
    row.setupTicks = 0;
    row.finishTicks = finish;
    row.duration = Math.round(finish / TICKS_PER_SECOND);
  }
}

const NO_UNITS: readonly string[] = [];

/** A lognormal span in whole milliseconds (at least one), as ticks. */
function millisecondTicks(
  shape: { readonly median: number; readonly sigma: number; readonly maxSeconds: number },
  u: number,
): number {
  const seconds = Math.min(shape.maxSeconds, logNormal(shape.median, shape.sigma, u));
  return Math.max(1, Math.round(seconds * 1000)) * TICKS_PER_MS;
}

/** The nearest region mostly, the others evenly otherwise. */
function regionOf(regions: readonly RegionCode[], bits: number): RegionCode {
  const u = unit(bits);
  if (u < NEAREST_REGION_SHARE || regions.length === 1) return regions[0]!;
  const rest = (u - NEAREST_REGION_SHARE) / (1 - NEAREST_REGION_SHARE);
  return regions[1 + Math.floor(rest * (regions.length - 1))]!;
}
