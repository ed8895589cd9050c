/**
 * Every log function but getPstnCalls through the generated SDKs' own models, over http: the
 * request as the generated builder makes it, the page as its GetResponse reads it, the rows as
 * the SDK's model factories type them, and PageIterator following every nextLink
 * (test/support/kiota.ts). Each walk is compared with /_mock/summary for the same window — the
 * summary applies the function's own window rule — and every model must know every property
 * the mock sends. The dial-out report is reconciled with the conf_out rows of getPstnCalls,
 * both read through the beta SDK.
 */

import type { Parsable } from '@microsoft/kiota-abstractions';
import {
  type DirectRoutingLogRow as BetaDirectRoutingRow,
  createDirectRoutingLogRowFromDiscriminatorValue as createBetaDirectRoutingRow,
  createPstnBlockedUsersLogRowFromDiscriminatorValue,
  createPstnCallLogRowFromDiscriminatorValue,
  createPstnOnlineMeetingDialoutReportFromDiscriminatorValue,
  createSmsLogRowFromDiscriminatorValue,
  deserializeIntoDirectRoutingLogRow as deserializeIntoBetaDirectRoutingRow,
  deserializeIntoPstnBlockedUsersLogRow,
  deserializeIntoPstnCallLogRow,
  deserializeIntoPstnOnlineMeetingDialoutReport,
  deserializeIntoSmsLogRow,
  type PstnBlockedUsersLogRow,
  type PstnCallLogRow,
  type PstnOnlineMeetingDialoutReport,
  PstnUserBlockModeObject,
  type SmsLogRow,
} from '@microsoft/msgraph-beta-sdk/models/callRecords/index.js';
import {
  createDirectRoutingLogRowFromDiscriminatorValue as createV1DirectRoutingRow,
  deserializeIntoDirectRoutingLogRow as deserializeIntoV1DirectRoutingRow,
  type DirectRoutingLogRow as V1DirectRoutingRow,
} from '@microsoft/msgraph-sdk/models/callRecords/index.js';
import t, { type Test } from 'tap';
import type { LogFunctionName } from '../../openapi/contract.js';
import {
  BETA_SDK,
  type Deserializer,
  type GraphSdk,
  graphAdapter,
  KIOTA_TOKEN,
  type LogPage,
  logRequest,
  type RowFactory,
  type SeenRequest,
  startKiotaMock,
  unknownMembers,
  V1_SDK,
  walk,
} from '../support/kiota.js';

const PAGE_SIZE = 1000;

interface Window {
  readonly scenario: string;
  readonly from: Date;
  readonly to: Date;
}

const windowOf = (scenario: string, from: string, to: string): Window => ({
  scenario,
  from: new Date(from),
  to: new Date(to),
});

/** Saturday 1 to Tuesday 4 June, to exclusive: about 7,200 attempts of the SBC tenant, 8 pages. */
const DIRECT_ROUTING = windowOf('direct-routing', '2024-06-01T00:00:00Z', '2024-06-04T00:00:00Z');
/** June, both ends excluded: about 1,550 messages, 2 pages. */
const SMS = windowOf('default', '2024-06-01T00:00:00Z', '2024-07-01T00:00:00Z');
/** 90 days, both ends included: a handful of blocks and unblocks. */
const BLOCKED = windowOf('default', '2024-04-01T00:00:00Z', '2024-06-30T00:00:00Z');
/** June of the large tenant: over 3,000 report entries, 4 pages. */
const DIALOUT_PAGES = windowOf('large', '2024-06-01T00:00:00Z', '2024-06-30T00:00:00Z');
/**
 * The reconciliation walks getPstnCalls too, so it takes a tenant whose month is walkable in a
 * few seconds (large's is ~400,000 rows) and whose dial-outs are charged: international's June,
 * about 12,000 PSTN rows and ~180 report entries in GBP.
 */
const DIALOUT_RECONCILED = windowOf(
  'international',
  '2024-06-01T00:00:00Z',
  '2024-06-30T00:00:00Z',
);

type Counts = Readonly<Record<string, number>>;
type Money = Readonly<Record<string, { readonly cents: number }>>;

interface Summary {
  readonly rows: number;
  readonly pages: number;
  readonly callTypes?: Counts;
  readonly successfulCalls?: number;
  readonly smsTypes?: Counts;
  readonly smsUnits?: number;
  readonly charge?: Money;
  readonly userBlockModes?: Counts;
  readonly blockReasons?: Counts;
  readonly totalCalls?: number;
  readonly totalCallSeconds?: number;
  readonly totalCallCharge?: Money;
  readonly organizers?: number;
}

const mock = await startKiotaMock(t);

async function summary(fn: LogFunctionName, window: Window): Promise<Summary> {
  const query = new URLSearchParams({
    function: fn,
    scenario: window.scenario,
    fromDateTime: window.from.toISOString(),
    toDateTime: window.to.toISOString(),
  });
  const response = await fetch(`${mock.origin}/_mock/summary?${query}`);
  if (response.status !== 200) throw new Error(`summary ${query}: ${response.status}`);
  return (await response.json()) as Summary;
}

interface LogWalk<Row extends Parsable> {
  readonly rows: Row[];
  readonly pages: LogPage<Row>[];
  readonly requests: SeenRequest[];
}

async function walkLog<Row extends Parsable>(
  sdk: GraphSdk,
  fn: LogFunctionName,
  window: Window,
  createRow: RowFactory,
): Promise<LogWalk<Row>> {
  const baseUrl = `${mock.origin}/${sdk.version}`;
  const adapter = graphAdapter(sdk, baseUrl);
  const request = logRequest(fn, baseUrl, window.from, window.to, { scenario: window.scenario });
  const { result, requests } = await mock.watch(() => walk<Row>(sdk, adapter, request, createRow));
  return { ...result, requests };
}

/** `/{version}/…/microsoft.graph.callRecords.{fn}(fromDateTime=…,toDateTime=…)`, as sent. */
const firstPath = (sdk: GraphSdk, fn: LogFunctionName, window: Window): string =>
  `/${sdk.version}/communications/callRecords/microsoft.graph.callRecords.${fn}(` +
  `fromDateTime=${encodeURIComponent(window.from.toISOString())},` +
  `toDateTime=${encodeURIComponent(window.to.toISOString())})`;

/** The walk against the summary: rows, pages, one authenticated SDK request per page. */
function checkPaging<Row extends Parsable>(
  t: Test,
  sdk: GraphSdk,
  fn: LogFunctionName,
  window: Window,
  run: LogWalk<Row>,
  truth: Summary,
): void {
  t.equal(run.rows.length, truth.rows, `as many rows as /_mock/summary counts (${truth.rows})`);
  t.equal(run.pages.length, truth.pages, `the summary's ${truth.pages} pages`);
  t.equal(run.requests.length, run.pages.length, 'one request per page');
  t.ok(
    run.pages.slice(0, -1).every((page) => page.value.length === PAGE_SIZE),
    'every page but the last is full',
  );
  t.equal(run.requests[0]?.url, firstPath(sdk, fn, window), 'the first request is the SDK’s URL');
  t.ok(
    run.requests.every((request) => request.authorization === `Bearer ${KIOTA_TOKEN}`),
    'every request, nextLinks included, carries the bearer token',
  );
  t.ok(
    run.requests.every((request) => request.sdkVersion?.startsWith(sdk.sdkVersionPrefix)),
    `every request went through the ${sdk.version} adapter’s middleware`,
  );
}

const isDate = (value: unknown): value is Date =>
  value instanceof Date && !Number.isNaN(value.getTime());
const isWhole = (value: unknown): value is number => Number.isInteger(value);
const isMoney = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const cents = (amount: number): number => Math.round(amount * 100);

/** Rows failing `check`, named by `name`. */
function failing<Row>(
  rows: readonly Row[],
  name: (row: Row) => unknown,
  check: (row: Row) => boolean,
) {
  return rows.filter((row) => !check(row)).map(name);
}

/** `[)`: from included, to excluded; `()`: both excluded; `[]`: both included. */
type WindowEnds = '[)' | '()' | '[]';

/** Each row's `field` is a Date inside the window, under the function's rule for its ends. */
function checkTimes<Row extends object>(
  t: Test,
  rows: readonly Row[],
  name: (row: Row) => unknown,
  field: keyof Row & string,
  window: Window,
  ends: WindowEnds,
): void {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const at = (row: Row): unknown => row[field];
  t.same(
    failing(rows, name, (row) => isDate(at(row))),
    [],
    `${field} is a Date`,
  );
  t.same(
    failing(rows, name, (row) => {
      const time = (at(row) as Date).getTime();
      return (
        (ends[0] === '[' ? time >= from : time > from) && (ends[1] === ']' ? time <= to : time < to)
      );
    }),
    [],
    `every ${field} is in ${ends[0]}fromDateTime, toDateTime${ends[1]}`,
  );
}

function countBy<Row>(rows: readonly Row[], key: (row: Row) => string | null | undefined): Counts {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const k = String(key(row));
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Counts without their zero entries, keys in order. */
function nonZero(counts: Counts | undefined): Counts {
  return Object.fromEntries(
    Object.entries(counts ?? {})
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

const sum = <Row>(rows: readonly Row[], value: (row: Row) => number): number =>
  rows.reduce((total, row) => total + value(row), 0);

/** Cents per currency, each amount rounded to the cent, zeros left out. */
function centsCharged<Row>(
  rows: readonly Row[],
  currency: (row: Row) => string | null | undefined,
  amount: (row: Row) => number | null | undefined,
): Counts {
  const charged: Record<string, number> = {};
  for (const row of rows) {
    const c = String(currency(row));
    charged[c] = (charged[c] ?? 0) + cents(amount(row)!);
  }
  return nonZero(charged);
}

const centsByCurrency = (money: Money | undefined): Counts =>
  nonZero(Object.fromEntries(Object.entries(money ?? {}).map(([c, m]) => [c, m.cents])));

/** What both SDKs' DirectRoutingLogRow have in common. */
type DirectRoutingRow = BetaDirectRoutingRow | V1DirectRoutingRow;

const directRoutingIds: Record<string, (string | null | undefined)[]> = {};

const directRoutingSdks = [
  {
    sdk: BETA_SDK,
    create: createBetaDirectRoutingRow,
    deserializeInto: deserializeIntoBetaDirectRoutingRow as Deserializer,
  },
  {
    sdk: V1_SDK,
    create: createV1DirectRoutingRow,
    deserializeInto: deserializeIntoV1DirectRoutingRow as Deserializer,
  },
];

for (const { sdk, create, deserializeInto } of directRoutingSdks) {
  t.test(`${sdk.version} SDK: getDirectRoutingCalls over several days of SBC calls`, async (t) => {
    const fn = 'getDirectRoutingCalls';
    const truth = await summary(fn, DIRECT_ROUTING);
    t.ok(truth.pages > 3, `${truth.rows} attempts on ${truth.pages} pages`);
    const run = await walkLog<DirectRoutingRow>(sdk, fn, DIRECT_ROUTING, create);
    checkPaging(t, sdk, fn, DIRECT_ROUTING, run, truth);
    const { rows } = run;
    const id = (row: DirectRoutingRow) => row.id;
    directRoutingIds[sdk.version] = rows.map(id);

    t.equal(new Set(rows.map(id)).size, rows.length, 'no id twice');
    t.same(
      failing(rows, id, (row) =>
        [row.startDateTime, row.inviteDateTime, row.endDateTime, row.failureDateTime].every(isDate),
      ),
      [],
      'startDateTime, inviteDateTime, endDateTime and failureDateTime are Dates',
    );
    checkTimes(t, rows, id, 'startDateTime', DIRECT_ROUTING, '[)');
    t.same(
      failing(rows, id, (row) => typeof row.successfulCall === 'boolean'),
      [],
      'successfulCall is a boolean',
    );
    t.same(
      failing(rows, id, (row) => typeof row.mediaBypassEnabled === 'boolean'),
      [],
      'mediaBypassEnabled is a boolean',
    );
    t.same(
      failing(
        rows,
        id,
        (row) =>
          isWhole(row.finalSipCode) && isWhole(row.callEndSubReason) && isWhole(row.duration),
      ),
      [],
      'finalSipCode, callEndSubReason and duration are whole numbers',
    );
    t.same(
      failing(rows, id, (row) => typeof row.trunkFullyQualifiedDomainName === 'string'),
      [],
      'every attempt names its trunk',
    );
    t.equal(
      rows.filter((row) => row.successfulCall === true).length,
      truth.successfulCalls,
      'the successful calls the summary counts',
    );
    t.same(nonZero(countBy(rows, (row) => row.callType)), nonZero(truth.callTypes), 'call types');
    t.same(
      unknownMembers(rows, deserializeInto),
      [],
      `the ${sdk.version} model knows every member`,
    );
  });
}

t.test('v1.0 and beta see the same Direct Routing attempts in the same order', async (t) => {
  t.ok(directRoutingIds.beta && directRoutingIds['v1.0'], 'both walks ran');
  t.same(directRoutingIds['v1.0'], directRoutingIds.beta);
});

t.test('beta SDK: getSmsLog over June', async (t) => {
  const fn = 'getSmsLog';
  const truth = await summary(fn, SMS);
  t.ok(truth.pages > 1, `${truth.rows} messages on ${truth.pages} pages`);
  const run = await walkLog<SmsLogRow>(BETA_SDK, fn, SMS, createSmsLogRowFromDiscriminatorValue);
  checkPaging(t, BETA_SDK, fn, SMS, run, truth);
  const { rows } = run;
  const id = (row: SmsLogRow) => row.id;

  t.equal(new Set(rows.map(id)).size, rows.length, 'no id twice');
  t.equal(new Set(rows.map((row) => row.smsId)).size, rows.length, 'no smsId twice');
  checkTimes(t, rows, id, 'sentDateTime', SMS, '()');
  t.same(
    failing(
      rows,
      id,
      (row) => isMoney(row.callCharge) && isWhole(row.smsUnits) && row.smsUnits! >= 1,
    ),
    [],
    'callCharge is a number and smsUnits a whole number of at least 1',
  );
  t.equal(
    sum(rows, (row) => row.smsUnits!),
    truth.smsUnits,
    'the summary’s SMS units',
  );
  t.same(
    centsCharged(
      rows,
      (row) => row.currency,
      (row) => row.callCharge,
    ),
    centsByCurrency(truth.charge),
    'the summary’s charge, to the cent',
  );
  t.same(nonZero(countBy(rows, (row) => row.smsType)), nonZero(truth.smsTypes), 'SMS types');
  t.same(unknownMembers(rows, deserializeIntoSmsLogRow as Deserializer), [], 'no unknown member');
});

t.test('beta SDK: getPstnBlockedUsersLog over 90 days', async (t) => {
  const fn = 'getPstnBlockedUsersLog';
  const truth = await summary(fn, BLOCKED);
  t.ok(truth.rows > 0, `${truth.rows} rows`);
  const run = await walkLog<PstnBlockedUsersLogRow>(
    BETA_SDK,
    fn,
    BLOCKED,
    createPstnBlockedUsersLogRowFromDiscriminatorValue,
  );
  checkPaging(t, BETA_SDK, fn, BLOCKED, run, truth);
  const { rows } = run;
  // The model has no id: a row is one remediation.
  const id = (row: PstnBlockedUsersLogRow) => row.remediationId;

  t.equal(new Set(rows.map(id)).size, rows.length, 'no remediationId twice');
  checkTimes(t, rows, id, 'blockDateTime', BLOCKED, '[]');
  const modes: unknown[] = Object.values(PstnUserBlockModeObject);
  t.same(
    failing(rows, id, (row) => modes.includes(row.userBlockMode)),
    [],
    `userBlockMode reads as the SDK enum (${modes.join(', ')})`,
  );
  t.same(
    failing(
      rows,
      id,
      (row) => typeof row.userId === 'string' && typeof row.userTelephoneNumber === 'string',
    ),
    [],
    'every row names its user and number',
  );
  t.same(
    nonZero(countBy(rows, (row) => row.userBlockMode)),
    nonZero(truth.userBlockModes),
    'block modes',
  );
  t.same(
    nonZero(countBy(rows, (row) => row.blockReason)),
    nonZero(truth.blockReasons),
    'block reasons',
  );
  t.same(
    unknownMembers(rows, deserializeIntoPstnBlockedUsersLogRow as Deserializer),
    [],
    'no unknown member',
  );
});

/** A report entry's key: organizer, usage location, destination context, currency. */
const entryKey = (
  userId: string | null | undefined,
  country: string | null | undefined,
  context: string | null | undefined,
  currency: string | null | undefined,
) => `${userId}|${country}|${context}|${currency}`;

interface Tally {
  calls: number;
  seconds: number;
  cents: number;
}

const walkReport = (window: Window) =>
  walkLog<PstnOnlineMeetingDialoutReport>(
    BETA_SDK,
    'getPstnOnlineMeetingDialoutReport',
    window,
    createPstnOnlineMeetingDialoutReportFromDiscriminatorValue,
  );

t.test(
  'beta SDK: getPstnOnlineMeetingDialoutReport over a month of the large tenant',
  async (t) => {
    const fn = 'getPstnOnlineMeetingDialoutReport';
    const truth = await summary(fn, DIALOUT_PAGES);
    t.ok(truth.pages > 1, `${truth.rows} entries on ${truth.pages} pages`);
    const run = await walkReport(DIALOUT_PAGES);
    checkPaging(t, BETA_SDK, fn, DIALOUT_PAGES, run, truth);
    const { rows } = run;
    const key = (row: PstnOnlineMeetingDialoutReport) =>
      entryKey(row.userId, row.usageLocation, row.destinationContext, row.currency);

    t.equal(
      new Set(rows.map(key)).size,
      rows.length,
      'one entry per user, location, context, currency',
    );
    t.same(
      failing(
        rows,
        key,
        (row) =>
          isWhole(row.totalCalls) &&
          row.totalCalls! >= 1 &&
          isWhole(row.totalCallSeconds) &&
          row.totalCallSeconds! >= 0 &&
          isMoney(row.totalCallCharge),
      ),
      [],
      'totalCalls and totalCallSeconds are whole numbers, totalCallCharge a number',
    );
    t.equal(
      sum(rows, (row) => row.totalCalls!),
      truth.totalCalls,
      'the summary’s calls',
    );
    t.equal(
      sum(rows, (row) => row.totalCallSeconds!),
      truth.totalCallSeconds,
      'the summary’s seconds',
    );
    t.same(
      centsCharged(
        rows,
        (row) => row.currency,
        (row) => row.totalCallCharge,
      ),
      centsByCurrency(truth.totalCallCharge),
      'the summary’s charge, to the cent',
    );
    t.equal(
      new Set(rows.map((row) => row.userId)).size,
      truth.organizers,
      'the summary’s organizers',
    );
    t.same(
      unknownMembers(rows, deserializeIntoPstnOnlineMeetingDialoutReport as Deserializer),
      [],
      'no unknown member',
    );
  },
);

t.test(
  'the dial-out report is the conf_out rows of getPstnCalls, both through the SDK',
  async (t) => {
    const window = DIALOUT_RECONCILED;
    const report = await walkReport(window);
    const calls = await walkLog<PstnCallLogRow>(
      BETA_SDK,
      'getPstnCalls',
      window,
      createPstnCallLogRowFromDiscriminatorValue,
    );
    const truth = await summary('getPstnCalls', window);
    t.equal(
      calls.rows.length,
      truth.rows,
      `getPstnCalls: ${truth.rows} rows, as the summary counts`,
    );
    t.same(
      unknownMembers(calls.rows, deserializeIntoPstnCallLogRow as Deserializer),
      [],
      'no unknown member in getPstnCalls either',
    );

    const fromCalls = new Map<string, Tally>();
    for (const row of calls.rows) {
      if (row.callType !== 'conf_out') continue;
      const key = entryKey(row.userId, row.usageCountryCode, row.destinationContext, row.currency);
      const tally = fromCalls.get(key) ?? { calls: 0, seconds: 0, cents: 0 };
      tally.calls++;
      tally.seconds += row.duration!;
      tally.cents += cents(row.charge!);
      fromCalls.set(key, tally);
    }
    const fromReport = new Map<string, Tally>(
      report.rows.map((row) => [
        entryKey(row.userId, row.usageLocation, row.destinationContext, row.currency),
        {
          calls: row.totalCalls!,
          seconds: row.totalCallSeconds!,
          cents: cents(row.totalCallCharge!),
        },
      ]),
    );
    const sorted = (tallies: Map<string, Tally>) =>
      Object.fromEntries([...tallies].sort(([a], [b]) => (a < b ? -1 : 1)));

    t.ok(fromCalls.size > 0, `${fromCalls.size} organizer entries from conf_out rows`);
    t.ok(
      [...fromCalls.values()].some((tally) => tally.cents > 0),
      'some dial-outs are charged, so the charge is reconciled too',
    );
    t.equal(report.rows.length, fromReport.size, 'no report entry twice');
    t.same(sorted(fromReport), sorted(fromCalls), 'calls, seconds and cents per entry, exactly');
  },
);
