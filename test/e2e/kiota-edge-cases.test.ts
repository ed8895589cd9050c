/**
 * The edge-cases tenant through the Graph SDKs' own models (v1.0 and beta, Kiota's JSON parse
 * nodes, PageIterator over every nextLink): every log of June parses, the models know every
 * member, a walk reads the rows /_mock/summary counts, and the awkward values come out of the
 * parser as they went in — names in every script, non-E.164 numbers, a 0 s and a day-long
 * call, the last tick of a month, a large charge, other currencies, an absent user.
 */
import type { Parsable } from '@microsoft/kiota-abstractions';
import {
  createDirectRoutingLogRowFromDiscriminatorValue as createBetaDirectRoutingRow,
  createPstnCallLogRowFromDiscriminatorValue as createBetaPstnRow,
  createPstnBlockedUsersLogRowFromDiscriminatorValue,
  createPstnOnlineMeetingDialoutReportFromDiscriminatorValue,
  createSmsLogRowFromDiscriminatorValue,
  deserializeIntoDirectRoutingLogRow as deserializeIntoBetaDirectRoutingRow,
  deserializeIntoPstnCallLogRow as deserializeIntoBetaPstnRow,
  deserializeIntoPstnBlockedUsersLogRow,
  deserializeIntoPstnOnlineMeetingDialoutReport,
  deserializeIntoSmsLogRow,
  type PstnCallLogRow,
  type SmsLogRow,
} from '@microsoft/msgraph-beta-sdk/models/callRecords/index.js';
import {
  createDirectRoutingLogRowFromDiscriminatorValue as createV1DirectRoutingRow,
  createPstnCallLogRowFromDiscriminatorValue as createV1PstnRow,
  deserializeIntoDirectRoutingLogRow as deserializeIntoV1DirectRoutingRow,
  deserializeIntoPstnCallLogRow as deserializeIntoV1PstnRow,
} from '@microsoft/msgraph-sdk/models/callRecords/index.js';
import t from 'tap';
import type { LogFunctionName } from '../../openapi/contract.js';
import { EDGE_CASE_USERS } from '../../scenarios/edge-cases.js';
import {
  BETA_SDK,
  type Deserializer,
  type GraphSdk,
  graphAdapter,
  logRequest,
  type RowFactory,
  startKiotaMock,
  unknownMembers,
  V1_SDK,
  walk,
} from '../support/kiota.js';

const mock = await startKiotaMock(t);
const FROM = new Date('2024-06-01T00:00:00Z');
const TO = new Date('2024-07-01T00:00:00Z');

async function rowsOf<Row extends Parsable>(
  sdk: GraphSdk,
  fn: LogFunctionName,
  create: RowFactory,
): Promise<Row[]> {
  const baseUrl = `${mock.origin}/${sdk.version}`;
  const request = logRequest(fn, baseUrl, FROM, TO, { scenario: 'edge-cases' });
  return (await walk<Row>(sdk, graphAdapter(sdk, baseUrl), request, create)).rows;
}

async function summaryRows(fn: LogFunctionName): Promise<number> {
  const query = new URLSearchParams({
    function: fn,
    scenario: 'edge-cases',
    fromDateTime: FROM.toISOString(),
    toDateTime: TO.toISOString(),
  });
  return ((await (await fetch(`${mock.origin}/_mock/summary?${query}`)).json()) as { rows: number })
    .rows;
}

const LOGS: readonly [GraphSdk, LogFunctionName, RowFactory, Deserializer][] = [
  [BETA_SDK, 'getPstnCalls', createBetaPstnRow, deserializeIntoBetaPstnRow as Deserializer],
  [V1_SDK, 'getPstnCalls', createV1PstnRow, deserializeIntoV1PstnRow as Deserializer],
  [
    BETA_SDK,
    'getDirectRoutingCalls',
    createBetaDirectRoutingRow,
    deserializeIntoBetaDirectRoutingRow as Deserializer,
  ],
  [
    V1_SDK,
    'getDirectRoutingCalls',
    createV1DirectRoutingRow,
    deserializeIntoV1DirectRoutingRow as Deserializer,
  ],
  [
    BETA_SDK,
    'getSmsLog',
    createSmsLogRowFromDiscriminatorValue,
    deserializeIntoSmsLogRow as Deserializer,
  ],
  [
    BETA_SDK,
    'getPstnBlockedUsersLog',
    createPstnBlockedUsersLogRowFromDiscriminatorValue,
    deserializeIntoPstnBlockedUsersLogRow as Deserializer,
  ],
  [
    BETA_SDK,
    'getPstnOnlineMeetingDialoutReport',
    createPstnOnlineMeetingDialoutReportFromDiscriminatorValue,
    deserializeIntoPstnOnlineMeetingDialoutReport as Deserializer,
  ],
];

for (const [sdk, fn, create, deserializeInto] of LOGS) {
  t.test(`${sdk.version} SDK: ${fn} of edge-cases' June parses whole`, async (t) => {
    const rows = await rowsOf(sdk, fn, create);
    t.equal(rows.length, await summaryRows(fn), 'the rows the summary counts');
    t.same(unknownMembers(rows, deserializeInto), [], 'the model knows every member');
  });
}

const pinnedRow = <Row extends { id?: string | null }>(rows: readonly Row[], n: number) =>
  rows.find((row) => row.id === `e0e0e0e0-0000-4000-9000-${String(n).padStart(12, '0')}`);

t.test('beta SDK: the awkward getPstnCalls values come out as they went in', async (t) => {
  const rows = await rowsOf<PstnCallLogRow>(BETA_SDK, 'getPstnCalls', createBetaPstnRow);
  const names = new Set(rows.map((row) => row.userDisplayName));
  for (const user of EDGE_CASE_USERS.filter((u) => u.trunk === undefined)) {
    t.ok(names.has(user.displayName), `${user.displayName!.slice(0, 24)}… parsed exactly`);
  }
  t.equal(pinnedRow(rows, 1)?.duration, 0, 'a zero-second call');
  t.equal(pinnedRow(rows, 2)?.duration, 86_400, 'a day-long call');
  t.equal(pinnedRow(rows, 2)?.endDateTime?.toISOString(), '2024-06-05T08:00:00.000Z');
  t.equal(pinnedRow(rows, 3)?.callerNumber, 'Anonymous');
  // A JavaScript Date holds milliseconds: the 7th fraction digit is cut, not rounded up.
  t.equal(pinnedRow(rows, 6)?.startDateTime?.toISOString(), '2024-06-30T23:59:59.999Z');
  t.equal(pinnedRow(rows, 10)?.charge, 98_765.43);
  t.same(
    [11, 12, 13].map((n) => [pinnedRow(rows, n)?.currency, pinnedRow(rows, n)?.charge]),
    [
      ['EUR', 12.5],
      ['GBP', 7.25],
      ['CAD', 3.1],
    ],
  );
  t.equal(pinnedRow(rows, 14)?.calleeNumber, '+4930123456***');
  const bot = pinnedRow(rows, 15);
  t.ok(bot, 'the auto attendant call');
  t.equal(bot?.userId ?? null, null, 'without a user');
});

t.test('beta SDK: a message to a short code', async (t) => {
  const rows = await rowsOf<SmsLogRow>(
    BETA_SDK,
    'getSmsLog',
    createSmsLogRowFromDiscriminatorValue,
  );
  t.equal(pinnedRow(rows, 203)?.destinationNumber, '+1001');
  t.notOk(pinnedRow(rows, 201), 'the message on fromDateTime is not in the window');
});
