/**
 * The edge-cases tenant: what docs/scenarios.md promises it holds is what its logs serve, through the
 * contract (every page of every function and version validated by the walk), under each
 * function's window rule.
 */
import t from 'tap';
import type { ApiVersion, LogFunctionName } from '../../openapi/contract.js';
import { EDGE_CASE_USERS, edgeCasesScenario } from '../../scenarios/edge-cases.js';
import { inconsistenciesOf } from '../../scenarios/scenario-file.js';
import { buildApp } from '../../server/app.js';
import { type Assertions, get, logPath, walk } from '../support/graph.js';

const app = buildApp({});
t.teardown(() => app.close());
const headers = { 'x-mock-scenario': 'edge-cases' };

type Row = Record<string, unknown>;
const walkOf = async (
  t: Assertions,
  fn: LogFunctionName,
  from: string,
  to: string,
  version: ApiVersion = 'beta',
): Promise<Row[]> => (await walk(t, app, version, logPath(fn, version, from, to), headers)).rows;
const pinned = (rows: readonly Row[]) =>
  rows.filter((row) => String(row.id ?? row.remediationId).startsWith('e0e0e0e0'));
const byId = (rows: readonly Row[], n: number) =>
  rows.find((row) => row.id === `e0e0e0e0-0000-4000-9000-${String(n).padStart(12, '0')}`);

t.test('it is a consistent scenario', async (t) => {
  t.same(inconsistenciesOf(edgeCasesScenario), []);
});

t.test('June of getPstnCalls: every awkward value, on both bounds', async (t) => {
  for (const version of ['v1.0', 'beta'] as const) {
    const rows = await walkOf(t, 'getPstnCalls', '2024-06-01', '2024-07-01', version);
    t.same(
      pinned(rows).map((row) => row.startDateTime),
      [
        '2024-06-01T00:00:00.0000000Z',
        '2024-06-03T09:00:00.0000000Z',
        '2024-06-04T08:00:00.0000000Z',
        '2024-06-05T23:59:30.0000000Z',
        '2024-06-10T14:00:00.0000000Z',
        '2024-06-11T10:00:00.0000000Z',
        '2024-06-11T10:05:00.0000000Z',
        '2024-06-11T10:10:00.0000000Z',
        '2024-06-12T16:00:00.0000000Z',
        '2024-06-13T03:00:00.0000000Z',
        '2024-06-30T23:58:00.0000000Z',
        '2024-06-30T23:59:59.9999999Z',
        '2024-07-01T00:00:00.0000000Z',
      ],
      `${version}: both ends are inclusive`,
    );
    t.match(byId(rows, 1), { duration: 0, endDateTime: '2024-06-03T09:00:00.0000000Z' });
    t.match(byId(rows, 2), { duration: 86_400, endDateTime: '2024-06-05T08:00:00.0000000Z' });
    t.match(byId(rows, 3), {
      callerNumber: 'Anonymous',
      endDateTime: '2024-06-06T00:01:05.0000000Z',
    });
    t.match(byId(rows, 4), { endDateTime: '2024-07-01T00:08:00.0000000Z' });
    t.match(byId(rows, 10), {
      charge: 98_765.43,
      currency: 'USD',
      otherPartyCountryCode: version === 'beta' ? 'AU' : undefined,
    });
    t.same(
      [11, 12, 13].map((n) => [byId(rows, n)!.currency, byId(rows, n)!.charge]),
      [
        ['EUR', 12.5],
        ['GBP', 7.25],
        ['CAD', 3.1],
      ],
    );
    t.match(byId(rows, 14), { calleeNumber: '+4930123456***' });
    t.match(byId(rows, 15), { userId: null, userPrincipalName: null, userDisplayName: null });
    // What the generated rows leave empty, as the service does.
    const nullSomewhere = (name: string) => rows.some((row) => row[name] === null);
    for (const name of [
      'userId',
      'userPrincipalName',
      'userDisplayName',
      'conferenceId',
      'destinationContext',
    ]) {
      t.ok(nullSomewhere(name), `${version}: ${name} is null in some rows`);
    }
    if (version === 'beta') {
      for (const name of [
        'clientPublicIpV6Address',
        'clientLocalIpV6Address',
        'clientPublicIpV4Address',
      ]) {
        t.ok(nullSomewhere(name), `beta: ${name} is null in some rows`);
      }
      t.ok(
        rows.some((row) => /\*{3}$/.test(String(row.calleeNumber))),
        'masked numbers of users in DE',
      );
      t.ok(
        rows.some((row) => /\*{4}$/.test(String(row.calleeNumber))),
        'and in FR',
      );
    }
  }
  const summary = (
    await get(
      app,
      '/_mock/summary?scenario=edge-cases&fromDateTime=2024-06-01&toDateTime=2024-07-01',
      {
        authorization: null,
      },
    )
  ).json();
  t.same(Object.keys(summary.charge).sort(), ['CAD', 'EUR', 'GBP', 'USD'], 'several currencies');
  t.equal(summary.charge.EUR.cents, 1250);
});

t.test('the listed users: every script, one letter to 256', async (t) => {
  const rows = await walkOf(t, 'getPstnCalls', '2024-06-01', '2024-07-01');
  const names = new Set(rows.map((row) => row.userDisplayName));
  for (const user of EDGE_CASE_USERS.filter((u) => u.trunk === undefined)) {
    t.ok(names.has(user.displayName), `${user.displayName!.slice(0, 30)} has calls`);
  }
  const lengths = EDGE_CASE_USERS.map((u) => u.displayName!.length);
  t.equal(Math.max(...lengths), 256);
  t.equal(Math.min(...lengths), 1);
});

t.test('the leap day and the year’s end', async (t) => {
  const february = await walkOf(t, 'getPstnCalls', '2024-02-29', '2024-03-01');
  t.match(byId(february, 8), {
    calleeNumber: '+1001',
    startDateTime: '2024-02-29T12:00:00.0000000Z',
  });
  const december = await walkOf(t, 'getPstnCalls', '2024-12-31', '2025-01-01');
  t.match(byId(december, 9), { endDateTime: '2025-01-01T00:59:59.0000000Z' });
  const dr = await walkOf(t, 'getDirectRoutingCalls', '2024-02-29', '2024-03-01');
  t.match(byId(dr, 103), { successfulCall: false, duration: 0 });
  const sms = await walkOf(t, 'getSmsLog', '2024-02-28', '2024-03-01');
  t.match(byId(sms, 202), { smsUnits: 40, sentDateTime: '2024-02-29T23:59:59.9999999Z' });
  const blocks = pinned(await walkOf(t, 'getPstnBlockedUsersLog', '2024-02-29', '2024-03-01'));
  t.same(
    blocks.map((row) => [row.blockDateTime, row.userBlockMode]),
    [
      ['2024-02-29T00:00:00.0000000Z', 'blocked'],
      ['2024-03-01T00:00:00.0000000Z', 'unblocked'],
    ],
  );
});

t.test('each log’s own bounds: Direct Routing to exclusive, SMS neither end', async (t) => {
  for (const version of ['v1.0', 'beta'] as const) {
    const dr = pinned(
      await walkOf(t, 'getDirectRoutingCalls', '2024-06-01', '2024-07-01', version),
    );
    t.same(
      dr.map((row) => row.startDateTime),
      ['2024-06-01T00:00:00.000Z', '2024-06-14T12:00:00.000Z'],
      `${version}: the row on toDateTime is July's`,
    );
    t.equal(dr[1]!.callerNumber, 'Anonymous');
    t.ok(
      dr.some((row) => row.mediaPathLocation === null),
      'media bypass: no media path',
    );
  }
  const june = pinned(await walkOf(t, 'getSmsLog', '2024-06-01', '2024-07-01'));
  t.same(
    june.map((row) => row.destinationNumber),
    ['+1001'],
    'the message on fromDateTime is not June’s',
  );
  const may = pinned(await walkOf(t, 'getSmsLog', '2024-05-01', '2024-06-01'));
  t.same(may, [], 'nor May’s');
  const around = pinned(
    await walkOf(t, 'getSmsLog', '2024-05-31T23:59:59Z', '2024-06-01T00:00:01Z'),
  );
  t.equal(around.length, 1, 'but a window around it has it');
});

t.test('a pinned currency converts the derived charge; a stated one is kept', async (t) => {
  const call = {
    id: 'e0e0e0e0-0000-4000-9000-00000000f001',
    startDateTime: '2024-06-10T14:00:00Z',
    callType: 'user_out',
    userId: EDGE_CASE_USERS[1]!.id,
    duration: 3600,
    otherPartyCountryCode: 'AU',
  };
  const variant = (name: string, currency?: string) => ({
    ...edgeCasesScenario,
    name,
    pinned: { getPstnCalls: [currency === undefined ? call : { ...call, currency }] },
  });
  const local = buildApp({ scenarios: [variant('in-usd'), variant('in-gbp', 'GBP')] });
  t.teardown(() => local.close());
  const charged = async (scenario: string) => {
    const path = logPath('getPstnCalls', 'beta', '2024-06-10T14:00:00Z', '2024-06-10T14:00:00Z');
    const page = (await get(local, path, { 'x-mock-scenario': scenario })).json();
    return page.value.find((row: Row) => row.id === call.id);
  };
  const usd = await charged('in-usd');
  const gbp = await charged('in-gbp');
  t.equal(usd.currency, 'USD');
  t.ok(usd.charge > 0, 'an international call costs');
  t.equal(gbp.currency, 'GBP');
  t.equal(gbp.charge, Math.round(usd.charge * 100 * 0.79) / 100, 'at the exchange rate');
});
