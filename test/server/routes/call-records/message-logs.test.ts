/**
 * The beta-only logs over HTTP: each walks to its summary's rows and pages, reads its range by
 * its own rule, names itself in its links, and the dial-out report fetched over HTTP equals the
 * getPstnCalls conf_out rows of the same range, added up as a reconciliation would.
 */
import t from 'tap';
import { LOG_FUNCTIONS, type LogFunctionName } from '../../../../openapi/contract.js';
import { defaultScenario } from '../../../../scenarios/catalog.js';
import { universeFor } from '../../../../scenarios/universe.js';
import { buildApp } from '../../../../server/app.js';
import { issueToken } from '../../../../server/auth/tokens.js';
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

async function summaryOf(fn: LogFunctionName, from: string, to: string, scenario = 'default') {
  const res = await get(
    app,
    `/_mock/summary?function=${fn}&scenario=${scenario}&fromDateTime=${from}&toDateTime=${to}`,
  );
  if (res.statusCode !== 200) throw new Error(`summary answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

const BETA_ONLY = [
  'getSmsLog',
  'getPstnBlockedUsersLog',
  'getPstnOnlineMeetingDialoutReport',
] as const;

t.test('each beta-only log walks to its summary, and names itself in its links', async (t) => {
  const ranges: Record<(typeof BETA_ONLY)[number], [string, string]> = {
    getSmsLog: ['2024-06-01', '2024-07-01'],
    getPstnBlockedUsersLog: ['2024-03-01', '2024-05-30'],
    getPstnOnlineMeetingDialoutReport: ['2024-03-01', '2024-05-30'],
  };
  for (const fn of BETA_ONLY) {
    const [from, to] = ranges[fn];
    const walked = await walk(t, app, 'beta', logPath(fn, 'beta', from, to));
    const summary = await summaryOf(fn, from, to);
    t.equal(summary.function, fn);
    t.equal(walked.rows.length, summary.rows, `${fn}: ${summary.rows} rows, as the summary says`);
    t.equal(walked.pages.length, summary.pages, `${fn}: ${summary.pages} pages`);
    t.ok(summary.rows > 0, `${fn}: the default tenant has some`);
    t.match(
      walked.pages[0]!['@odata.context'],
      /\/beta\/\$metadata#Collection\(microsoft\.graph\.callRecords\.\w+\)$/,
    );
    for (const url of walked.urls.slice(1))
      t.match(url, `/beta/communications/callRecords/${fn}(from=`);
  }
});

t.test('getSmsLog counts neither end of its range', async (t) => {
  const day = (await walk(t, app, 'beta', logPath('getSmsLog', 'beta', '2024-06-11', '2024-06-12')))
    .rows;
  t.ok(day.length > 10, `${day.length} messages`);
  const first = day[0]!.sentDateTime as string;
  const last = day.at(-1)!.sentDateTime as string;
  const inner = await walk(t, app, 'beta', logPath('getSmsLog', 'beta', first, last));
  t.equal(inner.rows.length, day.length - 2, 'the messages sent exactly at either end are out');
  t.equal(inner.rows[0]!.id, day[1]!.id);
  t.equal(inner.rows.at(-1)!.id, day.at(-2)!.id);
  const summary = await summaryOf('getSmsLog', first, last);
  t.equal(summary.rows, inner.rows.length, 'and so does its summary');
  const long = await get(app, logPath('getSmsLog', 'beta', '2024-01-01', '2024-06-01'));
  expectGraphError(t, long, 406, 'NotAcceptable', /getSmsLog accepts at most 90 days/);
});

t.test('the dial-out report fetched over HTTP reconciles with getPstnCalls', async (t) => {
  const from = '2024-04-02T09:30:00Z';
  const to = '2024-05-17T16:45:00.5Z';
  const report = await walk(
    t,
    app,
    'beta',
    logPath('getPstnOnlineMeetingDialoutReport', 'beta', from, to),
  );
  const pstn = await walk(t, app, 'v1.0', pstnCallsPath('v1.0', from, to));
  const groups = new Map<string, { calls: number; seconds: number; cents: number }>();
  for (const row of pstn.rows as (Row & Record<string, unknown>)[]) {
    if (row.callType !== 'conf_out') continue;
    const key = [row.userId, row.usageCountryCode, row.destinationContext, row.currency].join('|');
    const group = groups.get(key) ?? { calls: 0, seconds: 0, cents: 0 };
    group.calls++;
    group.seconds += row.duration as number;
    group.cents += Math.round((row.charge as number) * 100);
    groups.set(key, group);
  }
  t.ok(groups.size > 10, `${groups.size} groups of dial-out calls`);
  t.equal(report.rows.length, groups.size, 'one entry per group');
  for (const entry of report.rows as (Row & Record<string, unknown>)[]) {
    const key = [entry.userId, entry.usageLocation, entry.destinationContext, entry.currency].join(
      '|',
    );
    t.same(
      {
        calls: entry.totalCalls,
        seconds: entry.totalCallSeconds,
        cents: Math.round((entry.totalCallCharge as number) * 100),
      },
      groups.get(key),
      key,
    );
  }
});

t.test('blocked-users rows name users the tenant has, with their numbers', async (t) => {
  const res = await get(app, logPath('getPstnBlockedUsersLog', 'beta', '2024-01-01', '2024-03-30'));
  const page = expectPage(t, res, 'beta', { fn: 'getPstnBlockedUsersLog' });
  t.ok(page.value.length > 0);
  // The tenant's directory, from the universe the mock serves: each user's number.
  const { tenant } = universeFor(defaultScenario, defaultScenario.seed);
  const numbers = new Map(tenant.users.map((user) => [user.id, tenant.numbers[user.number]]));
  for (const row of page.value as (Row & Record<string, unknown>)[]) {
    t.ok(numbers.has(row.userId as string), `${row.userId} is a user of the tenant`);
    t.equal(
      row.userTelephoneNumber,
      numbers.get(row.userId as string),
      'with the number they hold',
    );
    t.match(row.userBlockMode, /^(blocked|unblocked)$/);
  }
});

t.test('every function meets the same auth, faults, journal and tenant switching', async (t) => {
  const { app: mock, journal } = buildControlTestApp();
  t.teardown(() => mock.close());
  const strict = buildApp({ auth: 'strict', tokenSecret: 'family' });
  t.teardown(() => strict.close());
  const good = `Bearer ${await issueToken({ secret: 'family' })}`;
  for (const fn of LOG_FUNCTIONS) {
    const path = logPath(fn, 'beta', '2024-06-03', '2024-06-04');
    expectGraphError(
      t,
      await get(mock, path, { authorization: null }),
      401,
      'InvalidAuthenticationToken',
    );
    expectGraphError(
      t,
      await get(strict, path, { authorization: 'Bearer x' }),
      401,
      'InvalidAuthenticationToken',
    );
    expectPage(t, await get(strict, path, { authorization: good }), 'beta', { fn });
    for (const [fault, status] of [
      ['503', 503],
      ['429', 429],
      ['504', 504],
    ] as const) {
      const res = await get(mock, path, { 'x-mock-fault': fault });
      t.equal(res.statusCode, status, `${fn}: x-mock-fault ${fault}`);
    }
    const flaky = await get(mock, `${path}?$top=1&$skip=2`, { 'x-mock-scenario': 'flaky' });
    t.equal(flaky.statusCode, 503, `${fn}: the flaky scenario fails page 3 once`);
    const retry = await get(mock, `${path}?$top=1&$skip=2`, { 'x-mock-scenario': 'flaky' });
    t.not(retry.statusCode, 503, `${fn}: and not its retry`);
    const other = await get(mock, path, {
      'x-mock-scenario': 'direct-routing',
      'x-mock-seed': '5',
    });
    expectPage(t, other, 'beta', { fn });
  }
  const logged = journal.entries().filter((entry) => entry.scenario === 'direct-routing');
  t.equal(logged.length, LOG_FUNCTIONS.length, 'the journal holds each function’s request');
  t.ok(logged.every((entry) => entry.seed === 5 && entry.status === 200));
});
