import { PAGE_SIZE } from '../openapi/contract.js';
import { blockedUserRows, type UserBlockMode } from './blocked-users-log.js';
import type { DayTally } from './day-tally.js';
import { dialoutReport } from './dialout-report.js';
import type { CallWindow } from './log-window.js';
import type { SmsType } from './message-log-facts.js';
import { type MoneyByCurrency, money } from './summary.js';
import type { TenantUser } from './tenant.js';
import type { Universe } from './universe.js';

/**
 * The ground truth of the beta-only logs' windows: what a full walk of getSmsLog,
 * getPstnBlockedUsersLog or getPstnOnlineMeetingDialoutReport returns, totalled.
 */

/** Pages a full walk fetches at the default page size; an empty window is one empty page. */
const pagesOf = (rows: number): number => Math.max(1, Math.ceil(rows / PAGE_SIZE));
const byUserId = <T extends { readonly userId: string }>(a: T, b: T): number =>
  a.userId < b.userId ? -1 : 1;

interface UserHeading {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
}

const headingOf = (user: TenantUser): UserHeading => ({
  userId: user.id,
  userPrincipalName: user.userPrincipalName,
  displayName: user.displayName,
});

/** Cents per currency, as Money in alphabetical order of currency. */
export function moneyOf(cents: ReadonlyMap<string, number>): MoneyByCurrency {
  return Object.fromEntries(
    [...cents].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => [c, money(n)]),
  );
}

export interface SmsUserSummary extends UserHeading {
  readonly messages: number;
  readonly smsUnits: number;
  readonly charge: MoneyByCurrency;
}

export interface SmsSummary {
  readonly rows: number;
  readonly pages: number;
  readonly smsTypes: Readonly<Record<SmsType, number>>;
  readonly smsUnits: number;
  readonly charge: MoneyByCurrency;
  /** Users with at least one message in the window, sorted by userId. */
  readonly users: readonly SmsUserSummary[];
}

/** The window's totals; `days`, when given, counts the same rows day by day in the same walk. */
export function summarizeSms(universe: Universe, window: CallWindow, days?: DayTally): SmsSummary {
  let rows = 0;
  let smsUnits = 0;
  const smsTypes: Record<SmsType, number> = { sms_out: 0, sms_in: 0 };
  const charge = new Map<string, number>();
  const users = new Map<
    TenantUser,
    { messages: number; smsUnits: number; charge: Map<string, number> }
  >();
  universe.sms.plan(window, 0, Number.MAX_SAFE_INTEGER).forEachRow((row) => {
    days?.add(row.minute, row.smsType, row.currency, row.chargeCents);
    rows++;
    smsUnits += row.smsUnits;
    smsTypes[row.smsType]++;
    charge.set(row.currency, (charge.get(row.currency) ?? 0) + row.chargeCents);
    let user = users.get(row.user);
    if (user === undefined) {
      user = { messages: 0, smsUnits: 0, charge: new Map() };
      users.set(row.user, user);
    }
    user.messages++;
    user.smsUnits += row.smsUnits;
    user.charge.set(row.currency, (user.charge.get(row.currency) ?? 0) + row.chargeCents);
  });
  return {
    rows,
    pages: pagesOf(rows),
    smsTypes,
    smsUnits,
    charge: moneyOf(charge),
    users: [...users]
      .map(([user, tally]) => ({
        ...headingOf(user),
        messages: tally.messages,
        smsUnits: tally.smsUnits,
        charge: moneyOf(tally.charge),
      }))
      .sort(byUserId),
  };
}

export interface BlockedUserSummary extends UserHeading {
  readonly blocked: number;
  readonly unblocked: number;
}

export interface BlockedUsersSummary {
  readonly rows: number;
  readonly pages: number;
  readonly userBlockModes: Readonly<Record<UserBlockMode, number>>;
  /** Rows by blockReason, in alphabetical order of reason. */
  readonly blockReasons: Readonly<Record<string, number>>;
  readonly users: readonly BlockedUserSummary[];
}

export function summarizeBlockedUsers(universe: Universe, window: CallWindow): BlockedUsersSummary {
  const rows = blockedUserRows(universe.blockIncidents, window, universe.pinnedBlocks);
  const userBlockModes: Record<UserBlockMode, number> = { blocked: 0, unblocked: 0 };
  const reasons = new Map<string, number>();
  const users = new Map<TenantUser, Record<UserBlockMode, number>>();
  for (const row of rows) {
    userBlockModes[row.mode]++;
    reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + 1);
    let user = users.get(row.user);
    if (user === undefined) {
      user = { blocked: 0, unblocked: 0 };
      users.set(row.user, user);
    }
    user[row.mode]++;
  }
  return {
    rows: rows.length,
    pages: pagesOf(rows.length),
    userBlockModes,
    blockReasons: Object.fromEntries([...reasons].sort(([a], [b]) => (a < b ? -1 : 1))),
    users: [...users].map(([user, modes]) => ({ ...headingOf(user), ...modes })).sort(byUserId),
  };
}

export interface DialoutSummary {
  /** Report entries: one per organizer, usage location, destination context and currency. */
  readonly rows: number;
  readonly pages: number;
  /** The conf_out calls the entries add up, their seconds and their charge. */
  readonly totalCalls: number;
  readonly totalCallSeconds: number;
  readonly totalCallCharge: MoneyByCurrency;
  /** Organizers with at least one entry. */
  readonly organizers: number;
}

export function summarizeDialout(universe: Universe, window: CallWindow): DialoutSummary {
  const entries = dialoutReport(universe, window);
  const charge = new Map<string, number>();
  let totalCalls = 0;
  let totalCallSeconds = 0;
  for (const entry of entries) {
    totalCalls += entry.totalCalls;
    totalCallSeconds += entry.totalCallSeconds;
    charge.set(entry.currency, (charge.get(entry.currency) ?? 0) + entry.totalChargeCents);
  }
  return {
    rows: entries.length,
    pages: pagesOf(entries.length),
    totalCalls,
    totalCallSeconds,
    totalCallCharge: moneyOf(charge),
    organizers: new Set(entries.map((entry) => entry.user)).size,
  };
}
