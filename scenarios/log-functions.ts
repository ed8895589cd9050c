import type { LogFunctionName } from '../openapi/contract.js';
import { blockedUserRows } from './blocked-users-log.js';
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
import { type CallSummary, summarize } from './summary.js';
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
}

/** getPstnCalls' range: both ends inclusive, at most 90 days (graph-reference.md). */
const NINETY_DAYS_INCLUSIVE: WindowRule = { fromInclusive: true, toInclusive: true, maxDays: 90 };

export const getPstnCalls: LogFunction<unknown, CallSummary> = {
  name: 'getPstnCalls',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) => universe.pstn.plan(window, skip, top),
  summarize: (universe, window) => summarize(universe, window),
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
};

/** getPstnBlockedUsersLog's range: the docs name no exclusive end, so both count [ours]; by blockDateTime. */
export const getPstnBlockedUsersLog: LogFunction<unknown, BlockedUsersSummary> = {
  name: 'getPstnBlockedUsersLog',
  window: NINETY_DAYS_INCLUSIVE,
  plan: (universe, window, skip, top) =>
    listPage(blockedUserRows(universe.blockIncidents, window, universe.pinnedBlocks), skip, top),
  summarize: summarizeBlockedUsers,
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
};

/** Every log function the mock serves, in the order the docs list them. */
export const LOG_FUNCTION_TABLE: readonly LogFunction[] = [
  getPstnCalls,
  getDirectRoutingCalls,
  getSmsLog,
  getPstnBlockedUsersLog,
  getPstnOnlineMeetingDialoutReport,
];
