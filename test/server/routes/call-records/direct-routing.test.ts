/**
 * getDirectRoutingCalls over HTTP: both versions, the docs' window rule (to exclusive, no
 * 90-day limit), nextLinks and @odata.context that name the function, a summary that equals
 * the walk, and one tenant behind both logs — a Direct Routing user's calls never reach
 * getPstnCalls.
 */
import t from 'tap';
import { directRoutingScenario } from '../../../../scenarios/catalog.js';
import { buildControlTestApp } from '../../../support/control-app.js';
import {
  expectGraphError,
  expectPage,
  get,
  logPath,
  pstnCallsPath,
  type Row,
  walk,
} from '../../../support/graph.js';

const { app } = buildControlTestApp();
t.teardown(() => app.close());
const JUNE = ['2024-06-01', '2024-07-01'] as const;

t.test('v1.0 and beta serve the contract’s rows; the context names the row type', async (t) => {
  for (const version of ['v1.0', 'beta'] as const) {
    const res = await get(app, logPath('getDirectRoutingCalls', version, ...JUNE, '?$top=5'));
    const page = expectPage(t, res, version, { fn: 'getDirectRoutingCalls' });
    t.equal(
      page['@odata.context'],
      `http://localhost:80/${version}/$metadata#Collection(microsoft.graph.callRecords.directRoutingLogRow)`,
    );
    t.equal(page.value.length, 5);
    t.match(
      page['@odata.nextLink'],
      `/${version}/communications/callRecords/getDirectRoutingCalls(from=2024-06-01,to=2024-07-01)?$skip=5&$top=5`,
    );
  }
  const qualified = await get(
    app,
    '/v1.0/communications/callRecords/microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime=2024-06-01T00%3A00%3A00Z,toDateTime=2024-06-02T00%3A00%3A00Z)',
  );
  expectPage(t, qualified, 'v1.0', { fn: 'getDirectRoutingCalls' });
});

t.test('fromDateTime is inclusive and toDateTime exclusive, to the millisecond', async (t) => {
  const day = (
    await walk(t, app, 'beta', logPath('getDirectRoutingCalls', 'beta', '2024-06-11', '2024-06-12'))
  ).rows;
  t.ok(day.length > 5, `${day.length} attempts on 2024-06-11`);
  const first = day[0]!.startDateTime;
  const last = day.at(-1)!.startDateTime;
  const from = await walk(
    t,
    app,
    'beta',
    logPath('getDirectRoutingCalls', 'beta', first, '2024-06-12'),
  );
  t.equal(from.rows[0]!.id, day[0]!.id, 'a row starting exactly at fromDateTime is in');
  const to = await walk(
    t,
    app,
    'beta',
    logPath('getDirectRoutingCalls', 'beta', '2024-06-11', last),
  );
  t.equal(to.rows.length, day.length - 1, 'a row starting exactly at toDateTime is out');
  t.notOk(
    to.rows.some((row) => row.id === day.at(-1)!.id),
    'the last row is the one left out',
  );
  const empty = await get(app, logPath('getDirectRoutingCalls', 'beta', first, first));
  t.same(
    expectPage(t, empty, 'beta', { fn: 'getDirectRoutingCalls' }).value,
    [],
    'from = to: nothing',
  );
});

t.test('no 90-day limit is documented, so none applies; order still does', async (t) => {
  const res = await get(
    app,
    logPath('getDirectRoutingCalls', 'beta', '2024-01-01', '2024-12-31', '?$top=1'),
  );
  expectPage(t, res, 'beta', { fn: 'getDirectRoutingCalls' });
  const pstn = await get(app, pstnCallsPath('beta', '2024-01-01', '2024-12-31', '?$top=1'));
  expectGraphError(t, pstn, 406, 'NotAcceptable', /getPstnCalls accepts at most 90 days/);
  const reversed = await get(
    app,
    logPath('getDirectRoutingCalls', 'beta', '2024-06-02', '2024-06-01'),
  );
  expectGraphError(t, reversed, 400, 'BadRequest', /is after toDateTime/);
});

t.test('the summary of a month equals a walk of it', async (t) => {
  const walked = await walk(t, app, 'v1.0', logPath('getDirectRoutingCalls', 'v1.0', ...JUNE));
  const res = await get(
    app,
    `/_mock/summary?function=getDirectRoutingCalls&fromDateTime=${JUNE[0]}&toDateTime=${JUNE[1]}`,
  );
  t.equal(res.statusCode, 200);
  const summary = res.json();
  const rows = walked.rows as (Row & Record<string, unknown>)[];
  t.equal(summary.function, 'getDirectRoutingCalls');
  t.equal(summary.rows, rows.length);
  t.equal(summary.pages, walked.pages.length);
  t.equal(summary.successfulCalls, rows.filter((row) => row.successfulCall === true).length);
  t.equal(
    summary.durationSeconds,
    rows.reduce((sum, row) => sum + (row.duration as number), 0),
  );
  t.equal(summary.mediaBypassCalls, rows.filter((row) => row.mediaBypassEnabled).length);
  t.equal(summary.callsWithoutUser, rows.filter((row) => row.userId === null).length);
  const codes: Record<string, number> = {};
  for (const row of rows)
    codes[String(row.finalSipCode)] = (codes[String(row.finalSipCode)] ?? 0) + 1;
  t.same(summary.finalSipCodes, codes);
  const users = new Set(rows.flatMap((row) => (row.userId === null ? [] : [row.userId])));
  t.equal(summary.users.length, users.size);
  t.equal(
    summary.users.reduce((sum: number, user: { calls: number }) => sum + user.calls, 0),
    rows.length - summary.callsWithoutUser,
  );
});

t.test('one tenant: Direct Routing users’ own calls are never in getPstnCalls', async (t) => {
  const dr = await walk(t, app, 'beta', logPath('getDirectRoutingCalls', 'beta', ...JUNE));
  const pstn = await walk(
    t,
    app,
    'beta',
    pstnCallsPath('beta', '2024-06-01', '2024-06-30T23:59:59.9999999Z'),
  );
  const drUsers = new Set(dr.rows.flatMap((row) => (row.userId === null ? [] : [row.userId])));
  t.ok(drUsers.size > 10, `${drUsers.size} Direct Routing users called in June`);
  const ownPstn = pstn.rows.filter((row) => String(row.callType).startsWith('user_'));
  t.notOk(
    ownPstn.some((row) => drUsers.has(row.userId as string)),
    'no user_* PSTN row belongs to a Direct Routing user',
  );
  const ids = new Set(pstn.rows.map((row) => row.id));
  t.notOk(
    dr.rows.some((row) => ids.has(row.id)),
    'and no id is in both logs',
  );
});

t.test('a scenario picked per request serves its own SBCs', async (t) => {
  const res = await get(
    app,
    logPath('getDirectRoutingCalls', 'beta', '2024-06-03', '2024-06-04', `?$top=200`),
    { 'x-mock-scenario': directRoutingScenario.name },
  );
  const page = expectPage(t, res, 'beta', { fn: 'getDirectRoutingCalls' });
  const trunks = new Set(page.value.map((row) => row.trunkFullyQualifiedDomainName));
  t.ok(trunks.size >= 3, `${[...trunks].join(', ')}`);
  t.ok([...trunks].every((fqdn) => String(fqdn).endsWith('.adatum.com')));
  t.match(page['@odata.nextLink'], /x-mock-scenario=direct-routing|scenario=direct-routing/);
});

t.test('a log row’s id is no call record: GET callRecords/{id} answers 404 NotFound', async (t) => {
  const page = expectPage(
    t,
    await get(app, logPath('getDirectRoutingCalls', 'v1.0', ...JUNE, '?$top=1')),
    'v1.0',
    { fn: 'getDirectRoutingCalls' },
  );
  for (const version of ['v1.0', 'beta']) {
    const res = await get(app, `/${version}/communications/callRecords/${page.value[0]!.id}`);
    expectGraphError(
      t,
      res,
      404,
      'NotFound',
      'Could not find the requested call record. Records about calls or online meetings that started more than 30 days ago are not available.',
    );
  }
});
