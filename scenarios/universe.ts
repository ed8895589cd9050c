import {
  type BlockedUserRow,
  type BlockIncident,
  BlockIncidentFactory,
} from './blocked-users-log.js';
import { BoundedCache } from './bounded-cache.js';
import { CallIdentities, MAX_CALLS_PER_MINUTE } from './call-identity.js';
import { CallFactory, type CallRecord, type CallRow } from './call-row.js';
import { CallTimeline } from './call-timeline.js';
import { DirectRoutingFactory, type DirectRoutingRecord } from './direct-routing-row.js';
import { EventLog, type PagePlan } from './event-log.js';
import { hash2, hashString } from './hash.js';
import type { CallWindow } from './log-window.js';
import { buildPinnedLogs } from './pinned-logs.js';
import { datasetOf, type Scenario, type VolumeProfile } from './scenario.js';
import { SmsFactory, type SmsRecord } from './sms-row.js';
import { buildTenant, type Tenant } from './tenant.js';

/**
 * A tenant's whole call history for one (scenario, seed): fixed facts that any window or
 * page reads the same way. Nothing here holds rows; a page is generated when asked for.
 */
export interface Universe {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly tenant: Tenant;
  /** The PSTN call log: Calling Plan and Operator Connect calls, conferencing and bots. */
  readonly pstn: EventLog<CallRecord>;
  /** Direct Routing call attempts: the calls of users behind the tenant's own SBCs. */
  readonly directRouting: EventLog<DirectRoutingRecord>;
  /** Teams Phone SMS of the users licensed for it. */
  readonly sms: EventLog<SmsRecord>;
  /** PSTN blocks of users; each gives a block row and, usually, an unblock row later. */
  readonly blockIncidents: EventLog<BlockIncident>;
  /** The scenario's pinned block rows, in (blockDateTime, remediationId) order. */
  readonly pinnedBlocks: readonly BlockedUserRow[];
}

export interface PageSlice {
  readonly rows: readonly CallRow[];
  /** True when rows exist after this page within the window. */
  readonly hasMore: boolean;
}

/** Universes kept built; a tenant's pools take a few ms to a few hundred ms to build. */
const UNIVERSE_CACHE_SIZE = 8;
const universes = new BoundedCache<string, Universe>({ maxEntries: UNIVERSE_CACHE_SIZE });

/**
 * Each scenario object's own key: a loaded scenario may share its name with another server's in
 * the same process (two tests' files, say), or with its own definition before a PUT replaced
 * it, so names alone cannot key a cache of its data.
 */
const scenarioKeys = new WeakMap<Scenario, number>();
let nextScenarioKey = 0;

export function scenarioKeyOf(scenario: Scenario): number {
  let key = scenarioKeys.get(scenario);
  if (key === undefined) {
    key = nextScenarioKey++;
    scenarioKeys.set(scenario, key);
  }
  return key;
}

/** Where a universe's tenant comes from: built, or read back from where it was kept. */
export type TenantSource = (scenario: Scenario, seed: number) => Tenant;

/** The universe of (scenario, seed), built on first use and kept; `tenantOf` makes its tenant. */
export function universeFor(
  scenario: Scenario,
  seed: number,
  tenantOf: TenantSource = buildTenant,
): Universe {
  const cacheKey = `${scenario.name}\u0000${scenarioKeyOf(scenario)}\u0000${seed}`;
  const cached = universes.get(cacheKey);
  if (cached) return cached;
  const universe = buildUniverse(scenario, seed, tenantOf);
  universes.set(cacheKey, universe);
  return universe;
}

/**
 * Each log's own streams: its timeline draws under hash2(seedKey, stream), and its ids under
 * the dataset key XOR its salt, so no two logs of a tenant can share an id (the id network is
 * a bijection of (seed, dataset key, minute, call)). getPstnCalls keeps the plain keys it had
 * before there were other logs, and with them its rows.
 */
const LOG_STREAMS = {
  directRouting: { timeline: 0x10c0_0001, idSalt: 0x5a17_0001 },
  sms: { timeline: 0x10c0_0002, idSalt: 0x5a17_0002 },
  blocks: { timeline: 0x10c0_0003, idSalt: 0x5a17_0003 },
} as const;

/**
 * Each log's pinned rows' ids: a stream of their own, salted apart from every log's generated
 * ids as those are from each other's, so a pinned row's id never equals a generated one.
 */
const PINNED_ID_SALTS = {
  pstn: 0x91a0_0000,
  directRouting: 0x91a0_0001,
  sms: 0x91a0_0002,
  blocks: 0x91a0_0003,
} as const;

const DAYS_PER_MONTH = 365.25 / 12;
/** Blocks come at any hour of any day: toll fraud does not keep office hours [est]. */
const ROUND_THE_CLOCK: VolumeProfile = {
  callsPerUserPerWeekday: 0,
  weekendFactor: 1,
  hourlyWeights: new Array<number>(24).fill(1),
  dailyVariation: 0,
};

/**
 * The most calls a day of some log could place, when that is more than a minute's ids can
 * number (a call's id holds its number within its minute in 25 bits, and a day's most calls
 * bound a minute's); undefined when every log fits. Cheap — no tenant is built — so the loader
 * asks it too, and a scenario too busy to serve is refused with a sentence, not on a request.
 */
export function excessCallsPerDay(scenario: Scenario): number | undefined {
  const { tenant, volume } = scenario;
  // The timeline's key only draws; the bound is its shape's. PSTN and Direct Routing share one.
  const most = (userCount: number, shape: VolumeProfile) =>
    new CallTimeline(
      { volume: shape, userCount, utcOffsetMinutes: tenant.utcOffsetMinutes },
      0,
    ).maxCallsOnADay();
  const maxCalls = Math.max(
    most(tenant.userCount, volume),
    most(tenant.userCount, smsVolumeOf(scenario)),
    most(1, blockVolumeOf(scenario)),
  );
  return maxCalls > MAX_CALLS_PER_MINUTE ? maxCalls : undefined;
}

function smsVolumeOf(scenario: Scenario): VolumeProfile {
  return {
    ...scenario.volume,
    callsPerUserPerWeekday: scenario.tenant.sms?.messagesPerUserPerWeekday ?? 0,
  };
}

function blockVolumeOf(scenario: Scenario): VolumeProfile {
  return {
    ...ROUND_THE_CLOCK,
    callsPerUserPerWeekday: (scenario.tenant.blocking?.blocksPerMonth ?? 0) / DAYS_PER_MONTH,
  };
}

export function buildUniverse(
  scenario: Scenario,
  seed: number,
  tenantOf: TenantSource = buildTenant,
): Universe {
  const datasetKey = hashString(datasetOf(scenario));
  const seedKey = hash2(datasetKey, seed >>> 0);
  const profile = scenario.tenant;
  const timelineOf = (userCount: number, key: number, volume = scenario.volume) =>
    new CallTimeline({ volume, userCount, utcOffsetMinutes: profile.utcOffsetMinutes }, key);
  const keys = (stream: keyof typeof LOG_STREAMS) => ({
    timeline: hash2(seedKey, LOG_STREAMS[stream].timeline),
    ids: new CallIdentities(seed, datasetKey ^ LOG_STREAMS[stream].idSalt),
  });
  const dr = keys('directRouting');
  const sms = keys('sms');
  const smsVolume = smsVolumeOf(scenario);
  const blocks = keys('blocks');
  const blockVolume = blockVolumeOf(scenario);
  const excess = excessCallsPerDay(scenario);
  if (excess !== undefined) {
    throw new Error(
      `Scenario '${scenario.name}' could place up to ${excess} calls in a day; a minute holds at most ${MAX_CALLS_PER_MINUTE}`,
    );
  }
  const tenant = tenantOf(scenario, seed);
  const pinnedIds = (log: keyof typeof PINNED_ID_SALTS) =>
    new CallIdentities(seed, datasetKey ^ PINNED_ID_SALTS[log]);
  const factories = {
    pstn: new CallFactory(scenario, tenant),
    directRouting: new DirectRoutingFactory(scenario, tenant),
    sms: new SmsFactory(scenario, tenant),
    blocks: new BlockIncidentFactory(tenant),
  };
  const pinned = buildPinnedLogs(scenario, {
    tenant,
    pstn: { factory: factories.pstn, ids: pinnedIds('pstn') },
    directRouting: { factory: factories.directRouting, ids: pinnedIds('directRouting') },
    sms: { factory: factories.sms, ids: pinnedIds('sms') },
    blocks: { factory: factories.blocks, ids: pinnedIds('blocks') },
  });
  return {
    scenario,
    seed,
    tenant,
    pstn: new EventLog(
      timelineOf(tenant.pstnUsers.length, seedKey),
      new CallIdentities(seed, datasetKey),
      factories.pstn,
      pinned.pstn,
    ),
    directRouting: new EventLog(
      timelineOf(tenant.directRoutingUsers.length, dr.timeline),
      dr.ids,
      factories.directRouting,
      pinned.directRouting,
    ),
    sms: new EventLog(
      timelineOf(tenant.smsUsers.length, sms.timeline, smsVolume),
      sms.ids,
      factories.sms,
      pinned.sms,
    ),
    blockIncidents: new EventLog(
      timelineOf(1, blocks.timeline, blockVolume),
      blocks.ids,
      factories.blocks,
    ),
    pinnedBlocks: pinned.blocks,
  };
}

/** How many calls started within the window (both ends inclusive). */
export function countCalls(universe: Universe, window: CallWindow): number {
  return universe.pstn.count(window);
}

/** A page of getPstnCalls: rows skip … skip+top−1 of the window (see EventLog.plan). */
export function planPage(
  universe: Universe,
  window: CallWindow,
  skip: number,
  top: number,
): PagePlan<CallRow> {
  return universe.pstn.plan(window, skip, top);
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
