import { PAGE_SIZE } from '../openapi/contract.js';
import { BoundedCache } from './bounded-cache.js';
import type { CallRow } from './call-row.js';
import { type DayFigures, type DaySummary, summarizeDays } from './daily-summary.js';
import { type CallWindow, dayWindow, forEachDayOf } from './log-window.js';
import { CALL_TYPES, type CallType } from './scenario.js';
import type { Tenant } from './tenant.js';
import { planPage, type Universe } from './universe.js';

/**
 * The ground truth of a window: what a full walk of getPstnCalls over it returns, totalled —
 * rows, pages, money by currency, calls by type and by user. Rows are walked in the one
 * reused record planPage hands out, and whole UTC days are totalled once and kept, so a
 * 90-day summary of the large tenant never holds a row and a second one is a merge of days.
 */

/** An amount of one currency: exact integer cents, and the decimal they stand for. */
export interface Money {
  readonly cents: number;
  readonly amount: number;
}

export type MoneyByCurrency = Readonly<Record<string, Money>>;

export interface UserSummary {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly calls: number;
  /** `charge` of the user's rows, by the rows' currency. */
  readonly charge: MoneyByCurrency;
}

export interface CallSummary {
  readonly rows: number;
  /** Pages a full walk fetches at the default page size; an empty window is one empty page. */
  readonly pages: number;
  readonly charge: MoneyByCurrency;
  readonly connectionCharge: MoneyByCurrency;
  /** Every call type, zeros included. */
  readonly callTypes: Readonly<Record<CallType, number>>;
  /** Rows with null user fields: the auto attendants' and call queues' (`ucap_*`) calls. */
  readonly callsWithoutUser: number;
  /** Users with at least one call in the window, sorted by userId. */
  readonly users: readonly UserSummary[];
}

const CENTS_PER_UNIT = 100;
/**
 * Room for whole-day totals: a day of the 5,000-user tenant takes about 60 kB, so this holds a
 * year of `large` (22 MB) and of a few small tenants. At 12 MB a soak over seven tenants kept
 * recomputing summaries: each a ~1 s stall, which tripled its p99 latency (issue 13).
 */
const DAY_CACHE_BYTES = 32 * 1024 * 1024;
/** Rough size of a tally apart from its per-user arrays. */
const TALLY_OVERHEAD_BYTES = 512;
/** A user's calls (Int32) and charge cents (Float64) per currency. */
const BYTES_PER_USER_AND_CURRENCY = 12;

const CALL_TYPE_INDEX = Object.fromEntries(CALL_TYPES.map((type, i) => [type, i])) as Readonly<
  Record<CallType, number>
>;

interface CurrencyTally {
  chargeCents: number;
  connectionChargeCents: number;
  /** Indexed by TenantUser.index. */
  readonly userCalls: Int32Array;
  readonly userChargeCents: Float64Array;
}

/** Running totals of some rows of one universe; cents are integers, so sums stay exact. */
export class CallTally {
  rows = 0;
  callsWithoutUser = 0;
  readonly callTypes = new Float64Array(CALL_TYPES.length);
  readonly currencies = new Map<string, CurrencyTally>();
  /** Rows of a tenant share one currency string; this spares the Map lookup per row. */
  private lastCurrency: string | undefined;
  private lastTally: CurrencyTally | undefined;

  constructor(private readonly userCount: number) {}

  add(row: CallRow): void {
    this.rows++;
    this.callTypes[CALL_TYPE_INDEX[row.callType]]!++;
    const money = this.currency(row.currency);
    money.chargeCents += row.chargeCents;
    money.connectionChargeCents += row.connectionChargeCents;
    const user = row.user;
    if (user === null) {
      this.callsWithoutUser++;
      return;
    }
    money.userCalls[user.index]!++;
    money.userChargeCents[user.index]! += row.chargeCents;
  }

  merge(other: CallTally): void {
    this.rows += other.rows;
    this.callsWithoutUser += other.callsWithoutUser;
    for (let i = 0; i < CALL_TYPES.length; i++) this.callTypes[i]! += other.callTypes[i]!;
    for (const [currency, theirs] of other.currencies) {
      const ours = this.currency(currency);
      ours.chargeCents += theirs.chargeCents;
      ours.connectionChargeCents += theirs.connectionChargeCents;
      for (let u = 0; u < this.userCount; u++) {
        ours.userCalls[u]! += theirs.userCalls[u]!;
        ours.userChargeCents[u]! += theirs.userChargeCents[u]!;
      }
    }
  }

  get bytes(): number {
    return (
      TALLY_OVERHEAD_BYTES + this.currencies.size * this.userCount * BYTES_PER_USER_AND_CURRENCY
    );
  }

  private currency(currency: string): CurrencyTally {
    if (currency === this.lastCurrency) return this.lastTally!;
    let tally = this.currencies.get(currency);
    if (tally === undefined) {
      tally = {
        chargeCents: 0,
        connectionChargeCents: 0,
        userCalls: new Int32Array(this.userCount),
        userChargeCents: new Float64Array(this.userCount),
      };
      this.currencies.set(currency, tally);
    }
    this.lastCurrency = currency;
    this.lastTally = tally;
    return tally;
  }
}

/**
 * Totals of whole UTC days per universe, least recently used dropped past a byte budget; a
 * day that alone outweighs the budget is walked each time instead. A universe is told apart
 * by identity, so two scenario objects that share a name never mix.
 */
export class DayTallyCache {
  private readonly tallies: BoundedCache<string, CallTally>;
  private readonly universeIds = new WeakMap<Universe, number>();
  private nextUniverseId = 0;

  constructor(maxBytes: number) {
    this.tallies = new BoundedCache({ maxBytes, bytesOf: (tally: CallTally) => tally.bytes });
  }

  get bytes(): number {
    return this.tallies.bytes;
  }

  /** The totals of every call that started on a UTC day. */
  dayTally(universe: Universe, day: number): CallTally {
    const key = `${this.universeId(universe)}:${day}`;
    const cached = this.tallies.get(key);
    if (cached !== undefined) return cached;
    const tally = tallyWindow(universe, dayWindow(day));
    this.tallies.set(key, tally);
    return tally;
  }

  private universeId(universe: Universe): number {
    let id = this.universeIds.get(universe);
    if (id === undefined) {
      id = this.nextUniverseId++;
      this.universeIds.set(universe, id);
    }
    return id;
  }
}

const sharedDayTallies = new DayTallyCache(DAY_CACHE_BYTES);

/**
 * The totals of every call that started within the window (both ends inclusive). Whole UTC
 * days come from `days`; the partial first and last days are walked.
 */
export function summarize(
  universe: Universe,
  window: CallWindow,
  days: DayTallyCache = sharedDayTallies,
): CallSummary {
  const total = new CallTally(universe.tenant.users.length);
  forEachDayOf(
    window,
    (day) => total.merge(days.dayTally(universe, day)),
    (part) => addRows(total, universe, part),
  );
  return summaryOf(total, universe.tenant);
}

/** The window's calls day by day; whole days come from `days`, as in summarize. */
export function summarizeCallDays(
  universe: Universe,
  window: CallWindow,
  days: DayTallyCache = sharedDayTallies,
): DaySummary[] {
  return summarizeDays(
    window,
    (day) => dayFiguresOf(days.dayTally(universe, day)),
    (part) => dayFiguresOf(tallyWindow(universe, part)),
  );
}

function dayFiguresOf(tally: CallTally): DayFigures {
  return {
    rows: tally.rows,
    counts: Object.fromEntries(CALL_TYPES.map((type, i) => [type, tally.callTypes[i]!])),
    charge: byCurrency(tally, (currency) => currency.chargeCents),
  };
}

function tallyWindow(universe: Universe, window: CallWindow): CallTally {
  const tally = new CallTally(universe.tenant.users.length);
  addRows(tally, universe, window);
  return tally;
}

/** Every row of the window, in the one record planPage reuses: no row is kept. */
function addRows(tally: CallTally, universe: Universe, window: CallWindow): void {
  planPage(universe, window, 0, Number.MAX_SAFE_INTEGER).forEachRow((row) => tally.add(row));
}

export function money(cents: number): Money {
  return { cents, amount: cents / CENTS_PER_UNIT };
}

/** Currencies in alphabetical order, so equal totals always serialize the same. */
function byCurrency(
  tally: CallTally,
  cents: (currency: CurrencyTally) => number | undefined,
): MoneyByCurrency {
  const result: Record<string, Money> = {};
  for (const currency of [...tally.currencies.keys()].sort()) {
    const value = cents(tally.currencies.get(currency)!);
    if (value !== undefined) result[currency] = money(value);
  }
  return result;
}

/** What a tally of the tenant's rows adds up to; a user lists only the currencies of their rows. */
export function summaryOf(tally: CallTally, tenant: Tenant): CallSummary {
  const users: UserSummary[] = [];
  for (const user of tenant.users) {
    let calls = 0;
    for (const currency of tally.currencies.values()) calls += currency.userCalls[user.index]!;
    if (calls === 0) continue;
    users.push({
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      calls,
      charge: byCurrency(tally, (currency) =>
        currency.userCalls[user.index]! > 0 ? currency.userChargeCents[user.index] : undefined,
      ),
    });
  }
  // Code-unit order, not localeCompare: the same on every machine. User ids are unique.
  users.sort((a, b) => (a.userId < b.userId ? -1 : 1));
  return {
    rows: tally.rows,
    pages: Math.max(1, Math.ceil(tally.rows / PAGE_SIZE)),
    charge: byCurrency(tally, (currency) => currency.chargeCents),
    connectionCharge: byCurrency(tally, (currency) => currency.connectionChargeCents),
    callTypes: Object.fromEntries(
      CALL_TYPES.map((type, i) => [type, tally.callTypes[i]!]),
    ) as Record<CallType, number>,
    callsWithoutUser: tally.callsWithoutUser,
    users,
  };
}
