import { type CallIdentity, compareIdentities, type IdWords } from './call-identity.js';
import type { EventLog, RowFactory } from './event-log.js';
import { hash2, unit } from './hash.js';
import { compareInstants, type Instant, MINUTES_PER_DAY, TICKS_PER_MINUTE } from './instant.js';
import type { CallWindow } from './log-window.js';
import { BLOCK_DURATION, BLOCK_REASONS, UNBLOCK_REASON } from './message-log-facts.js';
import { logNormal } from './sampling.js';
import type { Tenant, TenantUser } from './tenant.js';
import { pick, type WeightedTable, weightedTable } from './weighted-table.js';

/**
 * The PSTN blocked-users log. A block is an incident on the tenant's own timeline: a user is
 * blocked (toll-fraud protection, or an admin) and — usually — unblocked hours or days later.
 * Each incident gives a `blocked` row at its start and an `unblocked` row at its end, so every
 * unblock follows a block of the same user, with the number they hold.
 *
 * A window's rows are the blocks that start in it and the unblocks that fall in it, whose
 * blocks started up to BLOCK_DURATION.maxDays earlier. Incidents are rare (a few a month), so
 * a window's rows are gathered and sorted whole: a page costs the same at any $skip.
 */
export type UserBlockMode = 'blocked' | 'unblocked';

export interface BlockedUserRow {
  readonly user: TenantUser;
  /** blockDateTime: epoch minute plus 100-ns ticks. */
  readonly minute: number;
  readonly tick: number;
  readonly mode: UserBlockMode;
  /** The number the user holds, E.164. */
  readonly userTelephoneNumber: string;
  readonly reason: string;
  /** remediationId: the GUID of the block or unblock action. */
  readonly remediation: Readonly<IdWords>;
}

/** An incident as its timeline hands it out: who, why, and for how long (null: never lifted). */
export interface BlockIncident {
  /** When the block was made. */
  minute: number;
  tick: number;
  user: TenantUser;
  /** The user's number, from the tenant's pool. */
  number: string;
  reason: string;
  durationTicks: number | null;
  readonly block: IdWords;
}

const Draw = { user: 1, reason: 2, lifted: 3, duration: 4 } as const;
const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
const LONGEST_BLOCK_MINUTES = BLOCK_DURATION.maxDays * MINUTES_PER_DAY;
/**
 * An unblock's remediationId: its block's GUID with these bits flipped. XOR by a constant is
 * a bijection, so unblocks never share an id among themselves, as blocks never do.
 */
const UNBLOCK_FLIP: IdWords = {
  id0: 0x6b1d_0c4e,
  id1: 0x3e07_5a91,
  id2: 0x1c9a_7f23,
  id3: 0x5d42_e8b6,
};

export class BlockIncidentFactory implements RowFactory<BlockIncident> {
  private readonly users: WeightedTable;
  private readonly reasons = weightedTable(BLOCK_REASONS.map((reason) => reason.weight));

  constructor(private readonly tenant: Tenant) {
    // Anyone with a number can be blocked; busy callers the most (fraud follows use) [est].
    this.users = weightedTable(tenant.users.map((user) => user.activity));
  }

  create(): BlockIncident {
    return {
      minute: 0,
      tick: 0,
      user: this.tenant.users[0]!,
      number: '',
      reason: '',
      durationTicks: null,
      block: { id0: 0, id1: 0, id2: 0, id3: 0 },
    };
  }

  fill(row: BlockIncident, minute: number, tick: number, identity: CallIdentity): void {
    const key = identity.id0;
    row.minute = minute;
    row.tick = tick;
    row.user = this.tenant.users[pick(this.users, hash2(key, Draw.user))]!;
    row.number = this.tenant.numbers[row.user.number]!;
    row.reason = BLOCK_REASONS[pick(this.reasons, hash2(key, Draw.reason))]!.blockReason;
    const lifted = unit(hash2(key, Draw.lifted)) >= BLOCK_DURATION.neverUnblockedShare;
    const hours = logNormal(
      BLOCK_DURATION.medianHours,
      BLOCK_DURATION.sigma,
      unit(hash2(identity.id3, Draw.duration)),
    );
    // At least a minute, at most maxDays: the unblock always comes after its block.
    row.durationTicks = lifted
      ? Math.min(
          LONGEST_BLOCK_MINUTES * TICKS_PER_MINUTE,
          Math.max(TICKS_PER_MINUTE, Math.round(hours * TICKS_PER_HOUR)),
        )
      : null;
    row.block.id0 = identity.id0;
    row.block.id1 = identity.id1;
    row.block.id2 = identity.id2;
    row.block.id3 = identity.id3;
  }
}

/** The rows of a window, gathered from the incidents that can reach into it. */
export function blockedUserRows(
  incidents: EventLog<BlockIncident>,
  window: CallWindow,
  pinned: readonly BlockedUserRow[] = [],
): BlockedUserRow[] {
  // A scenario's pinned rows join the incidents' (universe.ts pinnedBlocks).
  const rows: BlockedUserRow[] = pinned.filter(
    (row) => compareInstants(row, window.from) >= 0 && compareInstants(row, window.to) <= 0,
  );
  const reach: CallWindow = {
    from: { minute: window.from.minute - LONGEST_BLOCK_MINUTES, tick: window.from.tick },
    to: window.to,
  };
  const inWindow = (at: Instant) =>
    compareInstants(at, window.from) >= 0 && compareInstants(at, window.to) <= 0;
  incidents.plan(reach, 0, Number.MAX_SAFE_INTEGER).forEachRow((incident) => {
    if (inWindow(incident)) {
      rows.push({
        user: incident.user,
        minute: incident.minute,
        tick: incident.tick,
        mode: 'blocked',
        userTelephoneNumber: incident.number,
        reason: incident.reason,
        remediation: { ...incident.block },
      });
    }
    if (incident.durationTicks === null) return;
    const total = incident.tick + incident.durationTicks;
    const carry = Math.floor(total / TICKS_PER_MINUTE);
    const lifted = { minute: incident.minute + carry, tick: total - carry * TICKS_PER_MINUTE };
    if (inWindow(lifted)) {
      rows.push({
        user: incident.user,
        ...lifted,
        mode: 'unblocked',
        userTelephoneNumber: incident.number,
        reason: UNBLOCK_REASON,
        remediation: {
          id0: (incident.block.id0 ^ UNBLOCK_FLIP.id0) >>> 0,
          id1: (incident.block.id1 ^ UNBLOCK_FLIP.id1) >>> 0,
          id2: (incident.block.id2 ^ UNBLOCK_FLIP.id2) >>> 0,
          id3: (incident.block.id3 ^ UNBLOCK_FLIP.id3) >>> 0,
        },
      });
    }
  });
  // By time, then remediationId: the order of every other log.
  return rows.sort(
    (a, b) => compareInstants(a, b) || compareIdentities(a.remediation, b.remediation),
  );
}
