import { BoundedCache } from './bounded-cache.js';
import type { CallRow } from './call-row.js';
import { type CallWindow, dayWindow, forEachDayOf } from './log-window.js';
import type { TenantUser } from './tenant.js';
import type { Universe } from './universe.js';

/**
 * getPstnOnlineMeetingDialoutReport: the tenant's audio-conferencing dial-outs, totalled. It is
 * computed from the getPstnCalls log itself — every `conf_out` row of the window, grouped by
 * the meeting's organizer (the row's user), usage location, destination context and currency
 * — so a reconciliation that adds up the PSTN rows gets exactly the report's figures.
 *
 * Whole UTC days are totalled once per tenant and kept; a window is a merge of its days plus
 * a walk of its partial first and last days.
 */
export interface DialoutEntry {
  readonly user: TenantUser;
  readonly usageLocation: string;
  readonly destinationContext: 'Domestic' | 'International';
  readonly currency: string;
  readonly totalCalls: number;
  readonly totalCallSeconds: number;
  /** In hundredths of the currency: sums of the rows' cents, exact. */
  readonly totalChargeCents: number;
}

interface Tally {
  user: TenantUser;
  usageLocation: string;
  destinationContext: 'Domestic' | 'International';
  currency: string;
  totalCalls: number;
  totalCallSeconds: number;
  totalChargeCents: number;
}

type DayTotals = ReadonlyMap<string, Readonly<Tally>>;

/** Days kept per tenant: a year's, so any 90-day window of it is a merge. */
const DAYS_KEPT = 366;
const dayTotals = new WeakMap<Universe, BoundedCache<number, DayTotals>>();
/** Reports kept per tenant: a walk asks for each page of one report, so each page is a slice. */
const REPORTS_KEPT = 8;
const reports = new WeakMap<Universe, BoundedCache<string, readonly DialoutEntry[]>>();

const keyOf = (row: CallRow): string =>
  `${row.user!.index}\u0000${row.usageCountryCode}\u0000${row.destinationContext}\u0000${row.currency}`;

function add(totals: Map<string, Tally>, universe: Universe, window: CallWindow): void {
  universe.pstn.plan(window, 0, Number.MAX_SAFE_INTEGER).forEachRow((row) => {
    // conf_out rows always have an organizer and a destination (call-row.ts).
    if (row.callType !== 'conf_out') return;
    const key = keyOf(row);
    let tally = totals.get(key);
    if (tally === undefined) {
      tally = {
        user: row.user!,
        usageLocation: row.usageCountryCode,
        destinationContext: row.destinationContext!,
        currency: row.currency,
        totalCalls: 0,
        totalCallSeconds: 0,
        totalChargeCents: 0,
      };
      totals.set(key, tally);
    }
    tally.totalCalls++;
    tally.totalCallSeconds += row.duration;
    tally.totalChargeCents += row.chargeCents;
  });
}

function merge(totals: Map<string, Tally>, day: DayTotals): void {
  for (const [key, theirs] of day) {
    const ours = totals.get(key);
    if (ours === undefined) {
      totals.set(key, { ...theirs });
      continue;
    }
    ours.totalCalls += theirs.totalCalls;
    ours.totalCallSeconds += theirs.totalCallSeconds;
    ours.totalChargeCents += theirs.totalChargeCents;
  }
}

function totalsOfDay(universe: Universe, day: number): DayTotals {
  let days = dayTotals.get(universe);
  if (days === undefined) {
    days = new BoundedCache({ maxEntries: DAYS_KEPT });
    dayTotals.set(universe, days);
  }
  let totals = days.get(day);
  if (totals === undefined) {
    const fresh = new Map<string, Tally>();
    add(fresh, universe, dayWindow(day));
    totals = fresh;
    days.set(day, totals);
  }
  return totals;
}

/**
 * The report's entries for a window, ordered by organizer (userPrincipalName), usage location
 * and destination context — an order of our own: the docs give none [ours]. A tenant bills in
 * one currency, so these three already tell its entries apart.
 */
export function dialoutReport(universe: Universe, window: CallWindow): readonly DialoutEntry[] {
  let kept = reports.get(universe);
  if (kept === undefined) {
    kept = new BoundedCache({ maxEntries: REPORTS_KEPT });
    reports.set(universe, kept);
  }
  const { from, to } = window;
  const key = `${from.minute}:${from.tick}:${to.minute}:${to.tick}`;
  let report = kept.get(key);
  if (report === undefined) {
    report = aggregate(universe, window);
    kept.set(key, report);
  }
  return report;
}

function aggregate(universe: Universe, window: CallWindow): DialoutEntry[] {
  const totals = new Map<string, Tally>();
  forEachDayOf(
    window,
    (day) => merge(totals, totalsOfDay(universe, day)),
    (part) => add(totals, universe, part),
  );
  // Code-unit order, not localeCompare: the same on every machine.
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...totals.values()].sort(
    (a, b) =>
      text(a.user.userPrincipalName, b.user.userPrincipalName) ||
      text(a.usageLocation, b.usageLocation) ||
      text(a.destinationContext, b.destinationContext),
  );
}
