import { BoundedCache } from './bounded-cache.js';
import {
  CallIdentities,
  type CallIdentity,
  compareIdentities,
  MAX_CALLS_PER_MINUTE,
} from './call-identity.js';
import { CallFactory, CallRecord, type CallRow } from './call-row.js';
import { CallTimeline } from './call-timeline.js';
import { hash2, hashString } from './hash.js';
import { type Instant, MINUTES_PER_DAY } from './instant.js';
import { datasetOf, type Scenario } from './scenario.js';
import { buildTenant, type Tenant } from './tenant.js';

/**
 * A tenant's whole call history for one (scenario, seed): fixed facts that any window or
 * page reads the same way. Nothing here holds rows; a page is generated when asked for.
 */
export interface Universe {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly tenant: Tenant;
  readonly timeline: CallTimeline;
  readonly identities: CallIdentities;
  readonly calls: CallFactory;
}

export interface CallWindow {
  readonly from: Instant;
  readonly to: Instant;
}

export interface PageSlice {
  readonly rows: readonly CallRow[];
  /** True when rows exist after this page within the window. */
  readonly hasMore: boolean;
}

/** Universes kept built; a tenant's pools take a few ms to a few hundred ms to build. */
const UNIVERSE_CACHE_SIZE = 8;
const universes = new BoundedCache<string, Universe>({ maxEntries: UNIVERSE_CACHE_SIZE });

export function universeFor(scenario: Scenario, seed: number): Universe {
  const cacheKey = `${scenario.name}\u0000${seed}`;
  const cached = universes.get(cacheKey);
  if (cached) return cached;
  const universe = buildUniverse(scenario, seed);
  universes.set(cacheKey, universe);
  return universe;
}

export function buildUniverse(scenario: Scenario, seed: number): Universe {
  const datasetKey = hashString(datasetOf(scenario));
  const seedKey = hash2(datasetKey, seed >>> 0);
  const timeline = new CallTimeline(
    {
      volume: scenario.volume,
      userCount: scenario.tenant.userCount,
      utcOffsetMinutes: scenario.tenant.utcOffsetMinutes,
    },
    seedKey,
  );
  // A call's id holds its number within its minute in 25 bits; a day's most calls bound a minute's.
  const maxCalls = timeline.maxCallsOnADay();
  if (maxCalls > MAX_CALLS_PER_MINUTE) {
    throw new Error(
      `Scenario '${scenario.name}' could place up to ${maxCalls} calls in a day; a minute holds at most ${MAX_CALLS_PER_MINUTE}`,
    );
  }
  // After the check: a tenant's pools are the slow part, and a refused scenario needs none.
  const tenant = buildTenant(scenario, seed);
  return {
    scenario,
    seed,
    tenant,
    timeline,
    identities: new CallIdentities(seed, datasetKey),
    calls: new CallFactory(scenario, tenant),
  };
}

/** How many calls started within the window (both ends inclusive). */
export function countCalls(universe: Universe, window: CallWindow): number {
  return universe.timeline.callsInWindow(window.from, window.to);
}

/**
 * Where a page lies in a window, and how to walk its rows. The walk hands each row to `visit`
 * in one reused record (valid only during the call), so rendering a page allocates nothing
 * per row.
 */
export interface PagePlan {
  /** Rows on this page. */
  readonly count: number;
  /** True when rows exist after this page within the window. */
  readonly hasMore: boolean;
  forEachRow(visit: (row: CallRow) => void): void;
}

/**
 * Rows skip … skip+top−1 of the window in (startDateTime, id) order. Costs the same at any
 * skip: the first row is found by walking day counts and one day's minute tree, then rows
 * are generated forward from there.
 */
export function planPage(
  universe: Universe,
  window: CallWindow,
  skip: number,
  top: number,
): PagePlan {
  const total = countCalls(universe, window);
  const count = Math.max(0, Math.min(top, total - skip));
  return {
    count,
    hasMore: skip + count < total,
    forEachRow: (visit) => {
      if (count > 0) walkRows(universe, window, skip, count, visit);
    },
  };
}

/** The rows of a page as separate objects, for callers that keep them. */
export function pageOf(
  universe: Universe,
  window: CallWindow,
  skip: number,
  top: number,
): PageSlice {
  const plan = planPage(universe, window, skip, top);
  const rows: CallRow[] = [];
  plan.forEachRow((row) => rows.push({ ...row }));
  return { rows, hasMore: plan.hasMore };
}

function walkRows(
  universe: Universe,
  window: CallWindow,
  skip: number,
  count: number,
  visit: (row: CallRow) => void,
): void {
  const { timeline, calls } = universe;
  let day = Math.floor(window.from.minute / MINUTES_PER_DAY);
  let index = timeline.callsBeforeInDay(window.from, false) + skip;
  for (let n = timeline.callsOnDay(day); index >= n; n = timeline.callsOnDay(day)) {
    index -= n;
    day++;
  }

  const row = new CallRecord();
  const order = new MinuteOrder(universe);
  let walker = timeline.walkDay(day, index);
  let visited = 0;
  while (visited < count) {
    if (walker.exhausted) {
      day++;
      walker = timeline.walkDay(day, 0);
      continue;
    }
    order.sort(walker.minute, walker.count);
    for (let k = walker.first; k < walker.count && visited < count; k++) {
      const call = order.calls[k]!;
      calls.fill(row, walker.minute, call.tick, call);
      visit(row);
      visited++;
    }
    walker.advance();
  }
}

/** A call of a minute, placed: its identity and its start tick. */
interface PlacedCall extends CallIdentity {
  tick: number;
}

/** Sorts a minute's calls by (start tick, id) into reused objects. */
class MinuteOrder {
  readonly calls: PlacedCall[] = [];

  constructor(private readonly universe: Universe) {}

  sort(minute: number, count: number): void {
    const { timeline, identities } = this.universe;
    const calls = this.calls;
    while (calls.length < count) {
      calls.push({ id0: 0, id1: 0, id2: 0, id3: 0, callIdA: 0, callIdB: 0, tick: 0 });
    }
    // Insertion sort: a minute holds a few dozen calls at most.
    for (let n = 0; n < count; n++) {
      const call = calls[n]!;
      identities.identify(minute, n, call);
      call.tick = timeline.tickOf(minute, n);
      let i = n;
      while (i > 0 && comparePlaced(calls[i - 1]!, call) > 0) {
        calls[i] = calls[i - 1]!;
        i--;
      }
      calls[i] = call;
    }
  }
}

function comparePlaced(a: PlacedCall, b: PlacedCall): number {
  return a.tick - b.tick || compareIdentities(a, b);
}
