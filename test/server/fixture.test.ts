/**
 * startMockGraph, the package's entry point, as a test suite meets it: listening on a free port
 * over HTTP or HTTPS, and every member of what it hands back.
 */
import { lookup } from 'node:dns/promises';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { type MockGraph, type MockGraphOptions, startMockGraph } from '../../server/fixture.js';
import { loadScenarios } from '../../server/scenario-files.js';
import {
  createCertificateAuthority,
  issueServerCertificate,
} from '../../server/tls/certificate-authority.js';
import { canListenOn, fetchTrusting, HEALTHY } from '../support/cli.js';
import type { PageBody } from '../support/graph.js';
import { httpsGet } from '../support/https-get.js';

const JUNE = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' } as const;

/** Any non-empty bearer token passes the default (lenient) auth. */
const HEADERS = { authorization: 'Bearer fixture-test' };

interface Walk {
  readonly rows: number;
  readonly pages: number;
  readonly nextLinks: string[];
}

/** Follows @odata.nextLink from `url` to the last page. */
async function walk(url: string): Promise<Walk> {
  const nextLinks: string[] = [];
  let rows = 0;
  let pages = 0;
  for (let next: string | undefined = url; next !== undefined; ) {
    const response = await fetch(next, { headers: HEADERS });
    if (response.status !== 200) throw new Error(`${next} answered ${response.status}`);
    const page = (await response.json()) as PageBody;
    rows += page.value.length;
    pages++;
    next = page['@odata.nextLink'] ?? undefined;
    if (next !== undefined) nextLinks.push(next);
  }
  return { rows, pages, nextLinks };
}

/** The status of a GET, its body read to the end so the connection is free again. */
async function statusOf(url: string, headers: Record<string, string> = HEADERS): Promise<number> {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.status;
}

/** Starts a mock that the test closes when it ends. */
async function started(t: Test, options: MockGraphOptions = {}): Promise<MockGraph> {
  const mock = await startMockGraph(options);
  t.teardown(() => mock.close());
  return mock;
}

t.test('it listens on a free localhost port over HTTP and names its URLs', async (t) => {
  const mock = await started(t);
  t.match(mock.url, /^http:\/\/localhost:\d+$/);
  t.equal(mock.url, `http://localhost:${mock.port}`);
  t.not(mock.port, 0, 'the port the OS picked');
  t.equal(mock.betaUrl, `${mock.url}/beta`);
  t.equal(mock.v1Url, `${mock.url}/v1.0`);
  t.equal(mock.scenario, 'default');
  t.equal(mock.seed, 1, 'the scenario’s own seed');
  t.equal(mock.caPath, undefined, 'no CA over HTTP');
  t.equal(mock.ca, undefined);
  t.notOk('caPath' in mock, 'the CA members are absent, not undefined');

  t.equal(await statusOf(`${mock.url}/healthz`), 200);
  const injected = await mock.app.inject({ url: '/healthz' });
  t.equal(injected.statusCode, 200, 'app is the fastify instance, for inject');
});

t.test('a walk from pstnCallsUrl gets the rows and pages summary() counts', async (t) => {
  const mock = await started(t);
  const summary = await mock.summary(JUNE);
  const url = mock.pstnCallsUrl(JUNE);
  t.equal(
    url,
    `${mock.url}/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01)`,
  );
  const beta = await walk(url);
  t.equal(beta.rows, summary.rows, `${summary.rows} rows`);
  t.equal(beta.pages, summary.pages, `${summary.pages} pages`);
  t.ok(
    beta.nextLinks.every((link) => link.startsWith(`${mock.betaUrl}/`)),
    'every nextLink is on the mock’s own origin',
  );

  const v1 = await walk(mock.pstnCallsUrl({ ...JUNE, version: 'v1.0' }));
  t.equal(v1.rows, summary.rows, 'v1.0 holds the same rows');
  t.ok(v1.nextLinks.every((link) => link.startsWith(`${mock.v1Url}/`)));

  const requests = mock.requests();
  t.equal(requests.length, beta.pages + v1.pages, 'the journal holds one entry per page');
  t.match(requests[0], {
    method: 'GET',
    url: new URL(url).pathname,
    status: 200,
    scenario: 'default',
    seed: 1,
    headers: { authorization: 'Bearer fixt…' },
  });
});

t.test('logUrl names any log function; its walk gets the rows summary() counts', async (t) => {
  const mock = await started(t);
  for (const fn of ['getDirectRoutingCalls', 'getSmsLog'] as const) {
    const url = mock.logUrl(fn, JUNE);
    t.equal(
      url,
      `${mock.url}/beta/communications/callRecords/${fn}(fromDateTime=2024-06-01,toDateTime=2024-07-01)`,
    );
    const walked = await walk(url);
    const summary = await mock.summary({ ...JUNE, function: fn });
    t.equal(walked.rows, summary.rows, `${fn}: ${summary.rows} rows`);
    t.equal(walked.pages, summary.pages);
  }
  const v1 = await mock.summary({ ...JUNE, function: 'getDirectRoutingCalls' });
  t.equal(
    (await walk(mock.logUrl('getDirectRoutingCalls', { ...JUNE, version: 'v1.0' }))).rows,
    v1.successfulCalls + v1.outcomes.unanswered + v1.outcomes.failed,
    'v1.0 holds the same attempts; the summary is typed per function',
  );
  t.equal(mock.pstnCallsUrl(JUNE), mock.logUrl('getPstnCalls', JUNE));
});

t.test('pstnCallsUrl writes Dates as ISO strings', async (t) => {
  const mock = await started(t);
  t.equal(
    mock.pstnCallsUrl({
      fromDateTime: new Date('2024-06-01T00:00:00Z'),
      toDateTime: '2024-06-02T00:00:00+02:00',
      version: 'v1.0',
    }),
    `${mock.v1Url}/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01T00:00:00.000Z,toDateTime=2024-06-02T00:00:00+02:00)`,
  );
});

t.test('summary() answers as GET /_mock/summary does', async (t) => {
  const mock = await started(t, { scenario: 'international', seed: 5 });
  const range = { fromDateTime: new Date('2024-06-03T00:00:00Z'), toDateTime: '2024-06-05' };
  const control = await fetch(
    `${mock.url}/_mock/summary?fromDateTime=2024-06-03T00:00:00.000Z&toDateTime=2024-06-05`,
  );
  t.strictSame(await mock.summary(range), await control.json(), 'the server’s tenant by default');
  t.match(await mock.summary(range), { scenario: 'international', seed: 5 });

  const other = await mock.summary({ ...range, scenario: 'single-page', seed: 9 });
  t.match(other, { scenario: 'single-page', seed: 9, fromDateTime: '2024-06-03' });
  const otherControl = await fetch(
    `${mock.url}/_mock/summary?scenario=single-page&seed=9&fromDateTime=2024-06-03T00:00:00.000Z&toDateTime=2024-06-05`,
  );
  t.strictSame(other, await otherControl.json(), 'or the one asked for');

  const named = await mock.summary({ ...range, function: 'getPstnCalls' });
  t.strictSame(named, await mock.summary(range), 'getPstnCalls is the log summarized by default');
  t.equal(named.function, 'getPstnCalls');

  await t.rejects(
    mock.summary({ fromDateTime: '2024-01-01', toDateTime: '2024-06-01' }),
    { name: 'GraphError', message: /at most 90 days/ },
    'a range over 90 days rejects with the endpoint’s message',
  );
  await t.rejects(mock.summary({ ...range, scenario: 'nope' }), { message: /nope/ });
});

t.test('token() signs with the mock’s secret; its options spoil it on purpose', async (t) => {
  const mock = await started(t, { auth: 'strict', tokenSecret: 'fixture secret' });
  const status = (token: string) =>
    statusOf(mock.pstnCallsUrl(JUNE), { authorization: `Bearer ${token}` });

  t.equal(await status(await mock.token()), 200, 'strict auth accepts it');
  t.equal(await status(await mock.token({ secret: undefined })), 200, 'an unset secret is ours');
  t.equal(await status(await mock.token({ roles: [] })), 403, 'no role: forbidden');
  t.equal(await status(await mock.token({ expired: true })), 401, 'expired');
  t.equal(await status(await mock.token({ secret: 'another' })), 401, 'another secret');

  const lenient = await started(t);
  t.equal(await status(await lenient.token()), 401, 'the default secret is not this one');
});

t.test('reset() clears the journal and the fault counters', async (t) => {
  const mock = await started(t, { scenario: 'throttled' });
  const url = mock.pstnCallsUrl({ fromDateTime: '2024-06-11', toDateTime: '2024-06-12' });
  const statuses: number[] = [];
  for (let n = 0; n < 11; n++) statuses.push(await statusOf(url));
  t.same(statuses, [...Array(10).fill(200), 429], 'ten requests, then the rate limit');
  t.equal(mock.requests().length, 11);

  mock.reset();
  t.same(mock.requests(), [], 'the journal is empty');
  t.equal(await statusOf(url), 200, 'and the limit starts afresh');
});

t.test('with control: false, requests() throws; the rest still works', async (t) => {
  const mock = await started(t, { control: false });
  t.equal(await statusOf(`${mock.url}/_mock/scenarios`), 400, 'no control API');
  t.throws(() => mock.requests(), {
    message:
      'The request journal is off: this mock was started with control: false. Start it with control: true (the default) to read mock.requests().',
  });
  t.equal((await mock.summary(JUNE)).rows, 2993, 'summary() needs no control API');
  mock.reset();
});

t.test('buildApp’s options pass through: scenario, seed, publicUrl', async (t) => {
  const mock = await started(t, {
    scenario: 'contact-center',
    seed: 42,
    publicUrl: 'https://mock.example:8443',
    logLevel: 'silent',
  });
  t.equal(mock.scenario, 'contact-center');
  t.equal(mock.seed, 42);
  const page = (await (
    await fetch(mock.pstnCallsUrl(JUNE), { headers: HEADERS })
  ).json()) as PageBody;
  t.match(page['@odata.nextLink'], /^https:\/\/mock\.example:8443\/beta\//, 'nextLinks use it');
  t.equal(mock.url, `http://localhost:${mock.port}`, 'url stays where the mock listens');
});

t.test('scenarios: objects or files join the built-ins, and summary() totals them', async (t) => {
  const dir = t.testdir({
    'acme.json': JSON.stringify({ name: 'acme', extends: 'default', tenant: { userCount: 20 } }),
  });
  const mock = await started(t, {
    scenarios: [`${dir}/acme.json`, { name: 'acme-dr', extends: 'acme', seed: 3 }],
    scenario: 'acme-dr',
  });
  t.equal(mock.scenario, 'acme-dr');
  t.equal(mock.seed, 3);
  const walked = await walk(mock.pstnCallsUrl(JUNE));
  const truth = await mock.summary(JUNE);
  t.equal(truth.scenario, 'acme-dr');
  t.same({ rows: walked.rows, pages: walked.pages }, { rows: truth.rows, pages: truth.pages });
  const other = await mock.summary({ ...JUNE, scenario: 'acme' });
  t.equal(other.seed, 1, 'another loaded scenario, by name');

  const registry = loadScenarios([{ name: 'tiny', extends: 'single-page' }]);
  const again = await started(t, { scenarios: registry, scenario: 'tiny' });
  t.equal(again.scenario, 'tiny', 'or a registry loadScenarios made');
  await t.rejects(startMockGraph({ scenarios: [{ name: 'default', extends: 'empty' }] }), {
    name: 'ScenarioFileError',
    message:
      'scenarios[0]: /name "default" is the name of a built-in scenario; choose another name',
  });
});

t.test(
  'useScenario serves a tenant per test: its URLs select it, summary() totals it',
  async (t) => {
    const dir = t.testdir({
      'acme.json': JSON.stringify({ name: 'acme', extends: 'default', seed: 2 }),
    });
    const mock = await started(t, { scenarios: [`${dir}/acme.json`] });
    const tiny = mock.useScenario({
      extends: 'default',
      tenant: { userCount: 9, domain: 'tiny.example' },
    });
    t.equal(tiny.name, 'test-1', 'a name made up');
    t.equal(tiny.seed, 1, 'default’s seed, which it extends');
    t.equal(tiny.scenario.tenant.userCount, 9);
    t.equal(tiny.pstnCallsUrl(JUNE), `${mock.pstnCallsUrl(JUNE)}?x-mock-scenario=test-1`);
    t.equal(
      tiny.logUrl('getSmsLog', JUNE),
      `${mock.logUrl('getSmsLog', JUNE)}?x-mock-scenario=test-1`,
    );
    const walked = await walk(tiny.pstnCallsUrl(JUNE));
    const truth = await tiny.summary(JUNE);
    t.equal(truth.scenario, 'test-1');
    t.same({ rows: walked.rows, pages: walked.pages }, { rows: truth.rows, pages: truth.pages });
    t.ok(truth.users.every((user) => user.userPrincipalName.endsWith('@tiny.example')));
    t.ok(
      walked.nextLinks.every((link) => link.includes('x-mock-scenario=test-1')),
      'nextLinks carry it on',
    );
    const sms = await tiny.summary({ function: 'getSmsLog', ...JUNE });
    t.equal(sms.function, 'getSmsLog', 'any log, typed by function');
    t.equal((await walk(tiny.logUrl('getSmsLog', JUNE))).rows, sms.rows);
    const listed = await fetch(`${mock.url}/_mock/scenarios/test-1`);
    t.equal(listed.status, 200, 'the control API sees it');
    t.equal(((await listed.json()) as { tenant: { userCount: number } }).tenant.userCount, 9);

    const second = mock.useScenario({ extends: 'acme' });
    t.equal(second.name, 'test-2');
    t.equal(second.seed, 2, 'a loaded scenario’s seed');
    const named = mock.useScenario({ name: 'mine', extends: 'empty' });
    t.equal(named.name, 'mine');
    t.equal((await named.summary(JUNE)).rows, 0);
    const renamed = mock.useScenario({ name: 'mine', extends: 'single-page' });
    const replaced = (await renamed.summary(JUNE)).rows;
    t.ok(replaced > 0, 'a name used again is replaced');
    t.equal((await named.summary(JUNE)).rows, replaced, 'for every handle of it');

    t.throws(() => mock.useScenario({ name: 'acme', extends: 'default' }), {
      message:
        "'acme' is a scenario loaded at start-up; useScenario defines scenarios of a test's own. Give it another name, or { extends: 'acme', … } to start from it.",
    });
    t.throws(() => mock.useScenario({ name: 'default', extends: 'empty' }), {
      name: 'ScenarioFileError',
      message:
        'useScenario(default): /name "default" is the name of a built-in scenario; choose another name',
    });
    t.throws(() => mock.useScenario({ extends: 'default', tenant: { userCount: 0 } }), {
      name: 'ScenarioFileError',
      message:
        'useScenario(test-3): /tenant/userCount must be a whole number from 1 to 100000, got 0',
    });

    tiny.remove();
    t.equal(await statusOf(tiny.pstnCallsUrl(JUNE)), 400, 'removed: its URLs name no scenario');
    await t.rejects(tiny.summary(JUNE), { message: /There is no scenario 'test-1'/ });
    t.doesNotThrow(() => tiny.remove(), 'twice is harmless');
    t.equal(
      mock.useScenario({ extends: 'default' }).name,
      'test-4',
      'made-up names are not reused',
    );
  },
);

t.test('useScenario follows the mock’s seed, and a removed tenant leaves others be', async (t) => {
  const mock = await started(t, { seed: 42 });
  mock.useScenario({ name: 'test-1', extends: 'empty' });
  const a = mock.useScenario({ extends: 'default' });
  t.equal(a.name, 'test-2', 'a made-up name skips one taken');
  const b = mock.useScenario({ extends: 'default', seed: 5 });
  t.same([a.seed, b.seed], [42, 42], 'the mock’s seed overrides a scenario’s own');
  t.equal((await a.summary(JUNE)).seed, 42);
  a.remove();
  t.equal(await statusOf(b.pstnCallsUrl(JUNE)), 200);
  t.equal(await statusOf(mock.pstnCallsUrl(JUNE)), 200);
});

t.test('a bad option or a taken port rejects, leaving nothing listening', async (t) => {
  await t.rejects(startMockGraph({ scenario: 'nope' }), { message: /Unknown scenario 'nope'/ });
  const first = await started(t, { host: '127.0.0.1' });
  await t.rejects(startMockGraph({ host: '127.0.0.1', port: first.port }), {
    code: 'EADDRINUSE',
  });
});

t.test('close() stops listening; calling it again is harmless', async (t) => {
  const mock = await startMockGraph();
  await mock.close();
  await mock.close();
  await t.rejects(fetch(`${mock.url}/healthz`), 'nothing answers');
});

const activeTimers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

t.test('close() does not wait for a request in flight, nor leaves its timer', async (t) => {
  const timersBefore = activeTimers();
  const mock = await startMockGraph();
  const arrived = once(mock.app.server, 'request');
  const slow = fetch(mock.pstnCallsUrl(JUNE), {
    headers: { ...HEADERS, 'x-mock-fault': 'latency=60000' },
  });
  await arrived;
  const started = performance.now();
  await mock.close();
  const closedInMs = performance.now() - started;
  t.ok(closedInMs < 1000, `close() resolved in ${Math.round(closedInMs)} ms`);
  await t.rejects(slow, 'the request was cut, not answered a minute later');
  // The wait's timer goes as the connection is cut; nothing of the mock's is left to wait on.
  t.equal(activeTimers(), timersBefore, 'no timer of the mock is left');
});

t.test('a given host and port are used, and named in url', async (t) => {
  const ipv4 = await started(t, { host: '127.0.0.1' });
  t.equal(ipv4.url, `http://127.0.0.1:${ipv4.port}`);
  const wildcard = await started(t, { host: '0.0.0.0' });
  t.equal(wildcard.url, `http://127.0.0.1:${wildcard.port}`, '0.0.0.0 is reached on 127.0.0.1');
  t.equal(await statusOf(`${wildcard.url}/healthz`), 200);

  const probe = await startMockGraph({ host: '127.0.0.1' });
  const port = probe.port;
  await probe.close();
  const fixed = await started(t, { host: '127.0.0.1', port });
  t.equal(fixed.port, port, 'the port asked for');
});

t.test('localhost is served at every address it resolves to, as the CLI serves it', async (t) => {
  const mock = await started(t);
  const addresses = await lookup('localhost', { all: true });
  t.ok(addresses.length > 0, addresses.map(({ address }) => address).join(', '));
  for (const { address, family } of addresses) {
    const host = family === 6 ? `[${address}]` : address;
    t.equal(await statusOf(`http://${host}:${mock.port}/healthz`), 200, address);
  }
});

const ipv6 = { skip: (await canListenOn('::1')) ? false : 'this machine has no IPv6 loopback' };
t.test('an IPv6 host goes in brackets; :: is reached on ::1', ipv6, async (t) => {
  const loopback = await started(t, { host: '::1' });
  t.equal(loopback.url, `http://[::1]:${loopback.port}`);
  t.equal(await statusOf(`${loopback.url}/healthz`), 200);
  const wildcard = await started(t, { host: '::' });
  t.equal(wildcard.url, `http://[::1]:${wildcard.port}`);
  t.equal(await statusOf(`${wildcard.url}/healthz`), 200);
});

t.test('tls: { dir } serves HTTPS from the local CA kept there', async (t) => {
  const dir = t.testdir();
  const mock = await started(t, { tls: { dir } });
  t.equal(mock.url, `https://localhost:${mock.port}`);
  t.equal(mock.betaUrl, `${mock.url}/beta`);
  t.equal(mock.caPath, join(dir, 'ca.pem'));
  t.equal(mock.ca, readFileSync(join(dir, 'ca.pem'), 'utf8'), 'ca is that file’s PEM');

  t.same(
    await httpsGet(`${mock.url}/healthz`, { ca: mock.ca }),
    { status: 200, body: '{"status":"ok"}' },
    'an in-process client given `ca` trusts it',
  );
  t.same(
    await fetchTrusting(mock.caPath!, [`${mock.url}/healthz`]),
    [HEALTHY],
    'a child process trusts it through NODE_EXTRA_CA_CERTS=caPath',
  );
  const page = await httpsGet(mock.pstnCallsUrl(JUNE), { ca: mock.ca, headers: HEADERS });
  t.match(
    (JSON.parse(page.body) as PageBody)['@odata.nextLink'],
    /^https:\/\/localhost:\d+\/beta\//,
    'nextLinks are https',
  );
});

t.test('tls: true and tls: {} use the CLI’s default CA directory', async (t) => {
  const before = process.env.XDG_DATA_HOME;
  const dataHome = t.testdir();
  process.env.XDG_DATA_HOME = dataHome;
  t.teardown(() => {
    if (before === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = before;
  });
  const expected = join(dataHome, 'graph-callrecords-mock', 'tls', 'ca.pem');
  const first = await started(t, { tls: true });
  t.equal(first.caPath, expected);
  const second = await started(t, { tls: {} });
  t.equal(second.caPath, expected, 'the same directory');
  t.equal(second.ca, first.ca, 'the same CA, reused');
  t.equal((await httpsGet(`${second.url}/healthz`, { ca: second.ca })).status, 200);
});

t.test('tls: { cert, key } serves your own certificate; there is no local CA', async (t) => {
  const ca = createCertificateAuthority(new Date());
  const server = issueServerCertificate(ca, new Date());
  const mock = await started(t, { tls: server, host: '127.0.0.1' });
  t.equal(mock.url, `https://127.0.0.1:${mock.port}`);
  t.equal(mock.caPath, undefined);
  t.equal(mock.ca, undefined);
  t.equal((await httpsGet(`${mock.url}/healthz`, { ca: ca.cert })).status, 200);
});

t.test('tls: false is plain HTTP', async (t) => {
  const mock = await started(t, { tls: false });
  t.match(mock.url, /^http:\/\//);
});
