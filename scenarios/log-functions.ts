import type { LogFunctionName } from '../openapi/contract.js';
import { blockedUserRows } from './blocked-users-log.js';
import { type DayFigures, type DaySummary, summarizeEachDay } from './daily-summary.js';
import { DayTally } from './day-tally.js';
import { dialoutReport } from './dialout-report.js';
import { DR_CALL_TYPES } from './direct-routing-facts.js';
import { type DirectRoutingSummary, summarizeDirectRouting } from './direct-routing-summary.js';
import { listPage, type PagePlan } from './event-log.js';
import {
  type BlockedUsersSummary,
  type DialoutSummary,
  type SmsSummary,
  summarizeBlockedUsers,
  summarizeDialout,
  summarizeSms,
} from './log-summaries.js';
import type { CallWindow, WindowRule } from './log-window.js';
import { SMS_TYPES } from './message-log-facts.js';
import { type CallSummary, summarize, summarizeCallDays } from './summary.js';
import type { Universe } from './universe.js';

/**
 * What makes a log function a log function, as data: its name, how it reads its range, where
 * its rows come from in the tenant's universe, and what a full walk of a window adds up to.
 * The contract (openapi/) says which API versions have it and what its rows look like; the
 * renderer (server/rendering/) how each row property is written. Adding a function is an
 * entry here, a schema there and a field table for the renderer — never a route.
 */
export interface LogFunction<Row = unknown, Summary = unknown> {
  readonly name: LogFunctionName;
  readonly window: WindowRule;
  /** Rows skip … skip+top−1 of the window, in the log's order. */
  plan(universe: Universe, window: CallWindow, skip: number, top: number): PagePlan<Row>;
  /** The ground truth of a window: what a full walk of it returns, totalled. */
  summarize(universe: Universe, window: CallWindow): Summary;
  /** The window's totals per UTC day, from the same rows as summarize. */
  days(universe: Universe, window: CallWindow): readonly DaySummary[];
  /** summarize and days together, as the summary route answers them: one walk where it can. */
  summarizeWithDays(universe: Universe, window: CallWindow): SummaryWithDays<Summary>;
}

export interface SummaryWithDays<Summary> {
  readonly summary: Summary;
  readonly days: readonly DaySummary[];
}

type Totals<Summary> = (universe: Universe, window: CallWindow) => Summary;
type Days = (universe: Universe, window: CallWindow) => readonly DaySummary[];

/** Totals and days of a log whose days cost no second walk of note: kept whole days, or few rows. */
function apart<Summary>(
  summarize: Totals<Summary>,
  days: Days,
): LogFunction<unknown, Summary>['summarizeWithDays'] {
  return (universe, window) => ({
    summary: summarize(universe, window),
    days: days(universe, window),
  });
}

/** Totals and days of a log from one walk: its summary counts each row into its day as it goes. */
function together<Summary>(
  summarize: (universe: Universe, window: CallWindow, days: DayTally) => Summary,
  types: readonly string[],
): LogFunction<unknown, Summary>['summarizeWithDays'] {
  return (universe, window) => {
    const days = new DayTally(window, types);
    return { summary: summarize(universe, window, days), days: days.days };
  };
}

/** Days of a log whose summary has no whole-day totals to reuse: a summary per day, projected. */
function eachDay<Summary>(
  summarize: Totals<Summary>,
  figures: (summary: Summary) => DayFigures,
): Days {
  return (universe, window) =>
    summarizeEachDay(window, (piece) => figures(summarize(universe, piece)));
}

/** getPstnCalls' range: both ends inclusive, at most 90 days (graph-reference.md). */
const NINETY_DAYS_INCLUSIVE: WindowRule = { fromInclusive: true, toInclusive: true, maxDays: 90 };

const pstnTotals: Totals<CallSummary> = (universe, window) => summarize(universe, window);
const pstnDays: Days = (universe, window) => summarizeCallDays(universe, window);

export const getPstnCalls: LogFunction<unknown, CallSummary> = {
  name: 'getPstnCalls',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) => universe.pstn.plan(window, skip, top),
  summarize: pstnTotals,
  days: pstnDays,
  // Both merge the kept totals of whole days; only the partial first and last days are walked.
  summarizeWithDays: apart(pstnTotals, pstnDays),
};

/** What each function's summary holds, for callers that know which function they asked about. */
export interface LogSummaries {
  readonly getPstnCalls: CallSummary;
  readonly getDirectRoutingCalls: DirectRoutingSummary;
  readonly getSmsLog: SmsSummary;
  readonly getPstnBlockedUsersLog: BlockedUsersSummary;
  readonly getPstnOnlineMeetingDialoutReport: DialoutSummary;
}

const directRoutingWithDays = together(
  summarizeDirectRouting,
  DR_CALL_TYPES.map(({ callType }) => callType),
);

/**
 * getDirectRoutingCalls' range: from inclusive, to exclusive, and no limit — none is
 * documented for it, unlike the other four (graph-family-reference.md §2).
 */
export const getDirectRoutingCalls: LogFunction<unknown, DirectRoutingSummary> = {
  name: 'getDirectRoutingCalls',
  window: { fromInclusive: true, toInclusive: false, maxDays: null },
  plan: (universe, window, skip, top) => universe.directRouting.plan(window, skip, top),
  summarize: (universe, window) => summarizeDirectRouting(universe, window),
  days: (universe, window) => directRoutingWithDays(universe, window).days,
  summarizeWithDays: directRoutingWithDays,
};

/** The beta-only logs' ranges: 90 days at most, as their docs state. */
const NINETY_DAYS = 90;

const smsWithDays = together(
  summarizeSms,
  SMS_TYPES.map(({ smsType }) => smsType),
);

/**
 * getSmsLog's range: the current docs say neither bound is inclusive (an older page said
 * both); the mock follows the current page. Rows are chosen by sentDateTime.
 */
export const getSmsLog: LogFunction<unknown, SmsSummary> = {
  name: 'getSmsLog',
  window: { fromInclusive: false, toInclusive: false, maxDays: NINETY_DAYS },
  plan: (universe, window, skip, top) => universe.sms.plan(window, skip, top),
  summarize: (universe, window) => summarizeSms(universe, window),
  days: (universe, window) => smsWithDays(universe, window).days,
  summarizeWithDays: smsWithDays,
};

const blockedUserDays = eachDay(summarizeBlockedUsers, ({ rows, userBlockModes }) => ({
  rows,
  counts: userBlockModes,
  charge: {},
}));

/** getPstnBlockedUsersLog's range: the docs name no exclusive end, so both count [ours]; by blockDateTime. */
export const getPstnBlockedUsersLog: LogFunction<unknown, BlockedUsersSummary> = {
  name: 'getPstnBlockedUsersLog',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) =>
    listPage(blockedUserRows(universe.blockIncidents, window, universe.pinnedBlocks), skip, top),
  summarize: summarizeBlockedUsers,
  days: blockedUserDays,
  // A block or two a month: a summary per day costs next to nothing.
  summarizeWithDays: apart(summarizeBlockedUsers, blockedUserDays),
};

// The report sums a range; a day's entries are that day's report, its calls all conf_out.
const dialoutDays = eachDay(summarizeDialout, ({ rows, totalCalls, totalCallCharge }) => ({
  rows,
  counts: { conf_out: totalCalls },
  charge: totalCallCharge,
}));

/**
 * getPstnOnlineMeetingDialoutReport's range: as getPstnCalls', so that the report of a range
 * is exactly the aggregate of the PSTN log's conf_out rows over that range.
 */
export const getPstnOnlineMeetingDialoutReport: LogFunction<unknown, DialoutSummary> = {
  name: 'getPstnOnlineMeetingDialoutReport',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) => listPage(dialoutReport(universe, window), skip, top),
  summarize: summarizeDialout,
  days: dialoutDays,
  // Each day's report is built from the PSTN log's kept whole-day totals, not by a walk.
  summarizeWithDays: apart(summarizeDialout, dialoutDays),
};

/** Every log function the mock serves, in the order the docs list them. */
export const LOG_FUNCTION_TABLE: readonly LogFunction[] = [
  getPstnCalls,
  getDirectRoutingCalls,
  getSmsLog,
  getPstnBlockedUsersLog,
  getPstnOnlineMeetingDialoutReport,
];
