/**
 * getPstnCalls through the beta SDK's Kiota stack (test/support/kiota.ts): PageIterator walks a
 * month of the default tenant over http, with and without $top, the beta models type every
 * row, and a host outside allowedHosts gets no token.
 */

import type { RequestAdapter, RequestInformation } from '@microsoft/kiota-abstractions';
import {
  createPstnCallLogRowFromDiscriminatorValue,
  type PstnCallLogRow,
} from '@microsoft/msgraph-beta-sdk/models/callRecords/index.js';
import type { ODataError } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js';
import t from 'tap';
import { defaultScenario } from '../../scenarios/catalog.js';
import type { Instant } from '../../scenarios/instant.js';
import { countCalls, universeFor } from '../../scenarios/universe.js';
import { parseDateTimeOffset } from '../../server/graph/date-time-offset.js';
import {
  BETA_SDK,
  graphAdapter,
  KIOTA_TOKEN,
  logRequest,
  pageFactory,
  startKiotaMock,
  walk as walkLog,
} from '../support/kiota.js';

const PAGE_SIZE = 1000;
/** 30 days of the default tenant: about 3,000 calls, so 3 pages of 1000. */
const FROM = new Date('2024-06-01T00:00:00Z');
const TO = new Date('2024-07-01T00:00:00Z');
/** The path the SDK sends: namespace-qualified name, ISO values with ':' percent-encoded. */
const FIRST_PATH =
  '/beta/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(' +
  'fromDateTime=2024-06-01T00%3A00%3A00.000Z,toDateTime=2024-07-01T00%3A00%3A00.000Z)';

const getPstnCallsRequest = (baseUrl: string, from: Date, to: Date, query: { top?: number } = {}) =>
  logRequest('getPstnCalls', baseUrl, from, to, query);

const walk = (adapter: RequestAdapter, request: RequestInformation) =>
  walkLog<PstnCallLogRow>(BETA_SDK, adapter, request, createPstnCallLogRowFromDiscriminatorValue);

function instant(date: Date): Instant {
  const parsed = parseDateTimeOffset(date.toISOString());
  if (parsed === undefined) throw new Error(`${date.toISOString()} does not parse`);
  return parsed;
}

/** How many calls the default tenant holds in [from, to], straight from the universe. */
function callsInRange(from: Date, to: Date): number {
  const universe = universeFor(defaultScenario, defaultScenario.seed);
  return countCalls(universe, { from: instant(from), to: instant(to) });
}

const mock = await startKiotaMock(t);
const { origin, seen } = mock;
const baseUrl = `${origin}/beta`;
const expected = callsInRange(FROM, TO);

/** Runs a walk and returns it with the requests the mock received for it. */
async function walkAndWatch(adapter: RequestAdapter, request: RequestInformation) {
  const { result, requests } = await mock.watch(() => walk(adapter, request));
  return { ...result, requests };
}

t.test('the default tenant has a multi-page month to walk', async (t) => {
  t.ok(expected > 2 * PAGE_SIZE, `${expected} calls in June 2024: at least 3 pages of 1000`);
});

t.test('PageIterator walks every page of a month over http, each row once', async (t) => {
  const adapter = graphAdapter(BETA_SDK, baseUrl);
  const { rows, pages, requests } = await walkAndWatch(
    adapter,
    getPstnCallsRequest(baseUrl, FROM, TO),
  );

  t.equal(rows.length, expected, 'as many rows as the universe holds in the range');
  t.equal(new Set(rows.map((row) => row.id)).size, rows.length, 'no row id seen twice');
  t.equal(pages.length, Math.ceil(expected / PAGE_SIZE), 'one page per 1000 rows');
  t.equal(requests.length, pages.length, 'one request per page');

  t.same(
    pages.map((page) => page.odataCount),
    pages.map((page) => page.value.length),
    '@odata.count is the size of its own page',
  );
  t.ok(
    pages.slice(0, -1).every((page) => page.value.length === PAGE_SIZE),
    'every page but the last is full',
  );
  t.same(
    pages.map((page) => page.odataNextLink ?? null),
    [...requests.slice(1).map((request) => `${origin}${request.url}`), null],
    'each request after the first is the previous page’s nextLink, verbatim; the last page has none',
  );

  t.equal(requests[0]?.url, FIRST_PATH, 'the first request is the SDK’s own URL form');
  t.ok(
    requests.every((request) => request.authorization === `Bearer ${KIOTA_TOKEN}`),
    'every request, nextLinks included, carries the bearer token',
  );
  t.ok(
    requests.every((request) => request.sdkVersion?.startsWith('graph-typescript-beta/')),
    'every request went through the Graph beta adapter’s middleware (SdkVersion header)',
  );

  const starts = rows.map((row) => row.startDateTime?.getTime() ?? Number.NaN);
  t.ok(
    starts.every((start, n) => n === 0 || start >= starts[n - 1]!),
    'rows arrive in ascending startDateTime',
  );
  t.ok(
    starts.every((start) => start >= FROM.getTime() && start <= TO.getTime()),
    'every row starts inside the range',
  );
});

t.test('with $top the page size holds on every nextLink and the rows are the same', async (t) => {
  const top = 400;
  const adapter = graphAdapter(BETA_SDK, baseUrl);
  const byThousand = await walk(adapter, getPstnCallsRequest(baseUrl, FROM, TO));
  const { rows, pages, requests } = await walkAndWatch(
    adapter,
    getPstnCallsRequest(baseUrl, FROM, TO, { top }),
  );

  // ParametersNameDecodingHandler turns the template's %24top back into $top on the wire.
  t.equal(requests[0]?.url, `${FIRST_PATH}?$top=${top}`, 'the first request carries $top');
  t.equal(pages.length, Math.ceil(expected / top), `one page per ${top} rows`);
  t.ok(
    pages.slice(0, -1).every((page) => page.value.length === top),
    `every page but the last holds ${top} rows`,
  );
  t.same(
    rows.map((row) => row.id),
    byThousand.rows.map((row) => row.id),
    'the same rows in the same order as the walk by 1000',
  );
});

t.test('the beta models deserialize every row with the right types', async (t) => {
  const adapter = graphAdapter(BETA_SDK, baseUrl);
  const { rows } = await walk(adapter, getPstnCallsRequest(baseUrl, FROM, TO));
  const bots = rows.filter((row) => row.callType?.startsWith('ucap_'));
  const people = rows.filter((row) => !row.callType?.startsWith('ucap_'));
  t.ok(bots.length > 0, `${bots.length} bot (ucap_*) calls in the range`);

  const bad = (check: (row: PstnCallLogRow) => boolean) =>
    rows.filter((row) => !check(row)).map((row) => row.id);
  const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
  const isDate = (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime());

  t.same(
    bad((row) => isDate(row.startDateTime) && isDate(row.endDateTime)),
    [],
    'startDateTime and endDateTime are Dates',
  );
  t.same(
    bad((row) => row.endDateTime!.getTime() >= row.startDateTime!.getTime()),
    [],
    'no call ends before it starts',
  );
  t.same(
    bad((row) => Number.isInteger(row.duration) && row.duration! >= 0),
    [],
    'duration is a whole number of seconds',
  );
  t.same(
    bad((row) => isNumber(row.charge) && isNumber(row.connectionCharge)),
    [],
    'charge and connectionCharge are numbers',
  );
  t.same(
    bad((row) => typeof row.id === 'string' && typeof row.callId === 'string'),
    [],
    'id and callId are strings',
  );
  t.same(
    bad((row) => row.callDurationSource === 'microsoft' || row.callDurationSource === 'operator'),
    [],
    'callDurationSource reads as the SDK enum',
  );
  // JSON null reaches the model as undefined: JsonParseNode.getStringValue only returns strings.
  t.same(
    bots
      .filter(
        (row) => row.userId != null || row.userPrincipalName != null || row.userDisplayName != null,
      )
      .map((row) => row.id),
    [],
    'bot calls have no user fields',
  );
  t.same(
    people
      .filter(
        (row) =>
          typeof row.userId !== 'string' ||
          typeof row.userPrincipalName !== 'string' ||
          typeof row.userDisplayName !== 'string',
      )
      .map((row) => row.id),
    [],
    'user calls have all three user fields',
  );
});

t.test('a host missing from allowedHosts gets no token: 401 as an ODataError', async (t) => {
  // 'localhost' does not cover 127.0.0.1: AllowedHostsValidator compares URL hostnames.
  const adapter = graphAdapter(BETA_SDK, baseUrl, ['localhost']);
  const before = seen.length;
  const error = await adapter
    .send(
      getPstnCallsRequest(baseUrl, FROM, TO),
      pageFactory(BETA_SDK, createPstnCallLogRowFromDiscriminatorValue, []),
      BETA_SDK.errorMappings,
    )
    .then(
      () => undefined,
      (thrown: unknown) => thrown as ODataError,
    );
  t.equal(error?.responseStatusCode, 401, 'the adapter throws the 401');
  t.equal(error?.errorEscaped?.code, 'InvalidAuthenticationToken', 'with Graph’s error code');
  t.equal(seen.length, before + 1, 'one request reached the mock');
  t.equal(seen[before]?.authorization, undefined, 'it carried no Authorization header');
});
