import { PAGE_SIZE } from '../openapi/contract.js';
import type { DayTally } from './day-tally.js';
import { DR_CALL_TYPES, type DrCallType } from './direct-routing-facts.js';
import type { DirectRoutingOutcome, DirectRoutingRow } from './direct-routing-row.js';
import type { CallWindow } from './log-window.js';
import type { Universe } from './universe.js';

/**
 * The ground truth of a getDirectRoutingCalls window: what a full walk returns, totalled —
 * attempts by outcome, call type, final SIP code and trunk, seconds, and per user. Rows are
 * walked in the one reused record the log hands out; nothing is kept per row.
 */
export interface DirectRoutingUserSummary {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly calls: number;
  readonly successfulCalls: number;
  readonly durationSeconds: number;
}

export interface DirectRoutingSummary {
  readonly rows: number;
  /** Pages a full walk fetches at the default page size; an empty window is one empty page. */
  readonly pages: number;
  /** Rows with `successfulCall: true`. */
  readonly successfulCalls: number;
  readonly outcomes: Readonly<Record<DirectRoutingOutcome, number>>;
  /** Every Direct Routing call type, zeros included. */
  readonly callTypes: Readonly<Record<DrCallType, number>>;
  /** Rows by `finalSipCode` (keys are the codes as text). */
  readonly finalSipCodes: Readonly<Record<string, number>>;
  /** Sum of `duration`. */
  readonly durationSeconds: number;
  readonly mediaBypassCalls: number;
  /** Rows per SBC, by FQDN, sorted by FQDN. */
  readonly trunks: readonly {
    readonly trunkFullyQualifiedDomainName: string;
    readonly calls: number;
  }[];
  /** Rows with null user fields: the bot and unassigned-number types. */
  readonly callsWithoutUser: number;
  /** Users with at least one row in the window, sorted by userId. */
  readonly users: readonly DirectRoutingUserSummary[];
}

interface UserTally {
  calls: number;
  successfulCalls: number;
  durationSeconds: number;
}

/** The window's totals; `days`, when given, counts the same rows day by day in the same walk. */
export function summarizeDirectRouting(
  universe: Universe,
  window: CallWindow,
  days?: DayTally,
): DirectRoutingSummary {
  let rows = 0;
  let successfulCalls = 0;
  let durationSeconds = 0;
  let mediaBypassCalls = 0;
  let callsWithoutUser = 0;
  const outcomes: Record<DirectRoutingOutcome, number> = { completed: 0, unanswered: 0, failed: 0 };
  const callTypes = Object.fromEntries(
    DR_CALL_TYPES.map(({ callType }) => [callType, 0]),
  ) as Record<DrCallType, number>;
  const finalSipCodes = new Map<number, number>();
  const trunks = new Map<string, number>();
  const users = new Map<DirectRoutingRow['user'] & object, UserTally>();

  universe.directRouting.plan(window, 0, Number.MAX_SAFE_INTEGER).forEachRow((row) => {
    days?.add(row.minute, row.callType);
    rows++;
    const successful = row.outcome === 'completed';
    if (successful) successfulCalls++;
    durationSeconds += row.duration;
    if (row.trunk.mediaBypass) mediaBypassCalls++;
    outcomes[row.outcome]++;
    callTypes[row.callType]++;
    const code = row.sip.finalSipCode;
    finalSipCodes.set(code, (finalSipCodes.get(code) ?? 0) + 1);
    trunks.set(row.trunk.fqdn, (trunks.get(row.trunk.fqdn) ?? 0) + 1);
    if (row.user === null) {
      callsWithoutUser++;
      return;
    }
    let tally = users.get(row.user);
    if (tally === undefined) {
      tally = { calls: 0, successfulCalls: 0, durationSeconds: 0 };
      users.set(row.user, tally);
    }
    tally.calls++;
    if (successful) tally.successfulCalls++;
    tally.durationSeconds += row.duration;
  });

  return {
    rows,
    pages: Math.max(1, Math.ceil(rows / PAGE_SIZE)),
    successfulCalls,
    outcomes,
    callTypes,
    finalSipCodes: Object.fromEntries(
      [...finalSipCodes].sort(([a], [b]) => a - b).map(([code, n]) => [String(code), n]),
    ),
    durationSeconds,
    mediaBypassCalls,
    // Code-unit order, not localeCompare: the same on every machine.
    trunks: [...trunks]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([trunkFullyQualifiedDomainName, calls]) => ({ trunkFullyQualifiedDomainName, calls })),
    callsWithoutUser,
    users: [...users]
      .map(([user, tally]) => ({
        userId: user.id,
        userPrincipalName: user.userPrincipalName,
        displayName: user.displayName,
        ...tally,
      }))
      .sort((a, b) => (a.userId < b.userId ? -1 : 1)),
  };
}
