import type { LogFunctionName } from '../openapi/contract.js';
import { blockedUserRows } from './blocked-users-log.js';
import { type DayFigures, type DaySummary, summarizeEachDay } from './daily-summary.js';
import { dialoutReport } from './dialout-report.js';
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
}

/** Days of a log whose summary has no whole-day totals to reuse: a summary per day, projected. */
function eachDay<Summary>(
  summarize: (universe: Universe, window: CallWindow) => Summary,
  figures: (summary: Summary) => DayFigures,
): LogFunction<unknown, Summary>['days'] {
  return (universe, window) =>
    summarizeEachDay(window, (piece) => figures(summarize(universe, piece)));
}

/** getPstnCalls' range: both ends inclusive, at most 90 days (graph-reference.md). */
const NINETY_DAYS_INCLUSIVE: WindowRule = { fromInclusive: true, toInclusive: true, maxDays: 90 };

export const getPstnCalls: LogFunction<unknown, CallSummary> = {
  name: 'getPstnCalls',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) => universe.pstn.plan(window, skip, top),
  summarize: (universe, window) => summarize(universe, window),
  days: (universe, window) => summarizeCallDays(universe, window),
};

/** What each function's summary holds, for callers that know which function they asked about. */
export interface LogSummaries {
  readonly getPstnCalls: CallSummary;
  readonly getDirectRoutingCalls: DirectRoutingSummary;
  readonly getSmsLog: SmsSummary;
  readonly getPstnBlockedUsersLog: BlockedUsersSummary;
  readonly getPstnOnlineMeetingDialoutReport: DialoutSummary;
}

/**
 * getDirectRoutingCalls' range: from inclusive, to exclusive, and no limit — none is
 * documented for it, unlike the other four (graph-family-reference.md §2).
 */
export const getDirectRoutingCalls: LogFunction<unknown, DirectRoutingSummary> = {
  name: 'getDirectRoutingCalls',
  window: { fromInclusive: true, toInclusive: false, maxDays: null },
  plan: (universe, window, skip, top) => universe.directRouting.plan(window, skip, top),
  summarize: summarizeDirectRouting,
  days: eachDay(summarizeDirectRouting, ({ rows, callTypes }) => ({
    rows,
    counts: callTypes,
    charge: {},
  })),
};

/** The beta-only logs' ranges: 90 days at most, as their docs state. */
const NINETY_DAYS = 90;

/**
 * getSmsLog's range: the current docs say neither bound is inclusive (an older page said
 * both); the mock follows the current page. Rows are chosen by sentDateTime.
 */
export const getSmsLog: LogFunction<unknown, SmsSummary> = {
  name: 'getSmsLog',
  window: { fromInclusive: false, toInclusive: false, maxDays: NINETY_DAYS },
  plan: (universe, window, skip, top) => universe.sms.plan(window, skip, top),
  summarize: summarizeSms,
  days: eachDay(summarizeSms, ({ rows, smsTypes, charge }) => ({ rows, counts: smsTypes, charge })),
};

/** getPstnBlockedUsersLog's range: the docs name no exclusive end, so both count [ours]; by blockDateTime. */
export const getPstnBlockedUsersLog: LogFunction<unknown, BlockedUsersSummary> = {
  name: 'getPstnBlockedUsersLog',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) =>
    listPage(blockedUserRows(universe.blockIncidents, window, universe.pinnedBlocks), skip, top),
  summarize: summarizeBlockedUsers,
  days: eachDay(summarizeBlockedUsers, ({ rows, userBlockModes }) => ({
    rows,
    counts: userBlockModes,
    charge: {},
  })),
};

/**
 * getPstnOnlineMeetingDialoutReport's range: as getPstnCalls', so that the report of a range
 * is exactly the aggregate of the PSTN log's conf_out rows over that range.
 */
export const getPstnOnlineMeetingDialoutReport: LogFunction<unknown, DialoutSummary> = {
  name: 'getPstnOnlineMeetingDialoutReport',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) => listPage(dialoutReport(universe, window), skip, top),
  summarize: summarizeDialout,
  // The report sums a range; a day's entries are that day's report, its calls all conf_out.
  days: eachDay(summarizeDialout, ({ rows, totalCalls, totalCallCharge }) => ({
    rows,
    counts: { conf_out: totalCalls },
    charge: totalCallCharge,
  })),
};

/** Every log function the mock serves, in the order the docs list them. */
export const LOG_FUNCTION_TABLE: readonly LogFunction[] = [
  getPstnCalls,
  getDirectRoutingCalls,
  getSmsLog,
  getPstnBlockedUsersLog,
  getPstnOnlineMeetingDialoutReport,
];
