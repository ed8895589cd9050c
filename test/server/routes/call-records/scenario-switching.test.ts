/**
 * One running mock, many tenants: `x-mock-scenario` / `x-mock-seed` switch per request, links
 * carry the choice, and every scenario's pages keep its promises and the contract.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { findScenario, SCENARIOS } from '../../../../scenarios/catalog.js';
import { countCalls, universeFor } from '../../../../scenarios/universe.js';
import { buildApp } from '../../../../server/app.js';
import { daysWindow } from '../../../scenarios/fixtures/windows.js';
import {
  type Assertions,
  expectPage,
  get,
  type PageBody,
  pathOf,
  pstnCallsPath,
  type RequestHeaders,
  type Row,
  walk,
} from '../../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-11T23:59:59Z');
/** The docs' reference window (docs/scenarios.md), both ends inclusive: 2024-06-01T00:00Z up to July. */
const REFERENCE = pstnCallsPath('beta', '2024-06-01', '2024-06-30T23:59:59.9999999Z');
const REFERENCE_WINDOW = daysWindow(2024, 6, 1, 30);
const WEEK = pstnCallsPath('beta', '2024-06-03', '2024-06-09T23:59:59Z');
const PAGE_SIZE = 1000;
const US_TOLL_FREE = /^\+1(800|833|844|855|866|877|888)/;

const ids = (rows: readonly Row[]) => rows.map((row) => row.id);
const share = (rows: readonly Row[], test: (row: Row) => boolean) =>
  rows.length === 0 ? 0 : rows.filter(test).length / rows.length;
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

async function page(t: Assertions, url: string, headers: RequestHeaders = {}): Promise<PageBody> {
  return expectPage(t, await get(app, url, headers), 'beta');
}

/** Follows nextLinks, sending `headers` with the first request only. */
async function walkFromHeaders(
  t: Assertions,
  server: FastifyInstance,
  url: string,
  headers: RequestHeaders,
): Promise<{ pages: PageBody[]; rows: Row[] }> {
  const pages: PageBody[] = [];
  let next: string | undefined = url;
  let sent = headers;
  while (next !== undefined && pages.length < 100) {
    const body = expectPage(t, await get(server, next, sent), 'beta');
    pages.push(body);
    const link = body['@odata.nextLink'];
    next = link ? pathOf(link) : undefined;
    sent = {};
  }
  return { pages, rows: pages.flatMap((p) => p.value) };
}

t.test('x-mock-scenario switches the tenant without a restart, for that request', async (t) => {
  const before = await page(t, DAY, {});
  const large = await page(t, DAY, { 'x-mock-scenario': 'large' });
  const after = await page(t, DAY, {});
  t.equal(large['@odata.count'], PAGE_SIZE, 'a large day fills a page');
  t.type(large['@odata.nextLink'], 'string', 'and goes on');
  t.ok(before['@odata.count'] < PAGE_SIZE, `a default day is one page (${before['@odata.count']})`);
  const defaultIds = new Set(ids(before.value));
  t.notOk(
    large.value.some((row) => defaultIds.has(row.id)),
    'no row of the default day in the large one',
  );
  t.match(large.value[0]?.userPrincipalName ?? '@northwind.com', /@northwind\.com$/);
  t.same(ids(after.value), ids(before.value), 'a plain request is back on the default tenant');
});

// Next to the switching test, while the large tenant is still among the universes kept built.
t.test('large: a million-row tenant answers its first page at once', async (t) => {
  const first = await page(t, REFERENCE, { 'x-mock-scenario': 'large' });
  t.equal(first['@odata.count'], PAGE_SIZE);
  t.match(first['@odata.nextLink'], /\?\$skip=1000&x-mock-scenario=large&x-mock-seed=7$/);
  const large = findScenario('large')!;
  t.ok(countCalls(universeFor(large, large.seed), REFERENCE_WINDOW) > 300_000);
});

t.test('each scenario’s reference month, walked over HTTP', async (t) => {
  const counts: string[] = [];
  const defaultRows = await walk(t, app, 'beta', REFERENCE);
  for (const scenario of SCENARIOS) {
    if (scenario.name === 'large') continue;
    t.test(scenario.name, async (t) => {
      // `none`: this walk is about the data; faults have their own tests.
      const headers = { 'x-mock-scenario': scenario.name, 'x-mock-fault': 'none' };
      const { pages, rows } = await walk(t, app, 'beta', REFERENCE, headers);
      const expected = countCalls(universeFor(scenario, scenario.seed), REFERENCE_WINDOW);
      counts.push(`${scenario.name}: ${rows.length} rows in ${pages.length} page(s)`);
      t.equal(rows.length, expected, `${rows.length} rows, as the universe counts`);
      t.equal(new Set(ids(rows)).size, rows.length, 'no row twice');
      t.ok(
        pages
          .slice(0, -1)
          .every((p) => p['@odata.nextLink']?.includes(`x-mock-scenario=${scenario.name}&`)),
        'every nextLink carries the scenario',
      );
      checkScenario(t, scenario.name, pages, rows, defaultRows.rows);
    });
  }
  t.teardown(() => t.comment(`2024-06 over HTTP:\n${counts.join('\n')}`));
});

function checkScenario(
  t: Assertions,
  name: string,
  pages: readonly PageBody[],
  rows: readonly Row[],
  defaultRows: readonly Row[],
): void {
  switch (name) {
    case 'empty':
      t.equal(pages.length, 1, 'one page');
      t.same(pages[0]?.value, [], 'with no rows');
      t.equal(pages[0]?.['@odata.count'], 0);
      t.notOk('@odata.nextLink' in (pages[0] ?? {}), 'and no nextLink');
      return;
    case 'single-page':
      t.equal(pages.length, 1, 'one page');
      t.ok(rows.length > 0 && rows.length < PAGE_SIZE, `${rows.length} rows`);
      t.notOk('@odata.nextLink' in (pages[0] ?? {}), 'no nextLink');
      return;
    case 'international': {
      t.ok(
        rows.every((row) => row.currency === 'GBP' && row.tenantCountryCode === 'GB'),
        'GBP, tenant in GB',
      );
      const outbound = rows.filter((row) => row.destinationContext !== null);
      const abroad = share(outbound, (row) => row.destinationContext === 'International');
      t.ok(abroad > 0.15, `${percent(abroad)} of outbound calls are International`);
      for (const country of ['DE', 'FR']) {
        t.ok(
          rows.some((row) => row.usageCountryCode === country && row.userId !== null),
          `users in ${country}`,
        );
      }
      const connect = rows.filter((row) => row.operator !== 'Microsoft');
      t.ok(connect.length > 0.05 * rows.length, `${connect.length} Operator Connect rows`);
      t.same(
        [...new Set(connect.map((row) => row.operator))].sort(),
        ['BT', 'Virgin Media O2 Business'],
        'both operators',
      );
      t.ok(
        connect.every((row) => row.callDurationSource === 'operator'),
        'operator-sourced durations',
      );
      return;
    }
    case 'contact-center': {
      const bots = share(rows, (row) => String(row.callType).startsWith('ucap_'));
      t.ok(bots > 0.5, `${percent(bots)} ucap_*`);
      const tollFree = share(rows, (row) => US_TOLL_FREE.test(String(row.calleeNumber)));
      t.ok(tollFree > 0.25, `${percent(tollFree)} to toll-free numbers`);
      return;
    }
    case 'direct-routing': {
      // 95 % of its 2,000 users are on its SBCs: their calls are getDirectRoutingCalls' only.
      const ownCalls = rows.filter((row) => String(row.callType).startsWith('user_'));
      const callers = new Set(ownCalls.map((row) => row.userId));
      t.ok(
        callers.size > 0 && callers.size < 150,
        `${callers.size} users with PSTN calls of their own`,
      );
      return;
    }
    case 'edge-cases': {
      // Its pinned rows bill in four currencies (test/scenarios/edge-cases.test.ts has the rest).
      const currencies = new Set(rows.map((row) => row.currency));
      t.same([...currencies].sort(), ['CAD', 'EUR', 'GBP', 'USD'], 'four currencies');
      return;
    }
    case 'throttled':
    case 'flaky':
    case 'slow':
      t.equal(rows.length, defaultRows.length, 'as many rows as default');
      t.ok(
        sameIds(rows, defaultRows),
        'the default tenant’s rows (same ids as default with the same seed)',
      );
      return;
    default:
      t.equal(name, 'default');
      t.ok(rows.every((row) => row.currency === 'USD' && row.tenantCountryCode === 'US'));
  }
}

function sameIds(a: readonly Row[], b: readonly Row[]): boolean {
  return a.length === b.length && a.every((row, i) => row.id === b[i]?.id);
}

t.test('a walk that sends the headers only first stays on its tenant and seed', async (t) => {
  const headers = { 'x-mock-scenario': 'international', 'x-mock-seed': '12345' };
  const { pages, rows } = await walkFromHeaders(t, app, WEEK, headers);
  t.ok(pages.length >= 2, `${pages.length} pages`);
  for (const body of pages.slice(0, -1)) {
    t.match(
      body['@odata.nextLink'],
      /&x-mock-scenario=international&x-mock-seed=12345$/,
      'the nextLink carries scenario and seed',
    );
  }
  t.ok(
    rows.every((row) => row.currency === 'GBP'),
    'every page is the international tenant’s',
  );
  const everyTime = await walk(t, app, 'beta', WEEK, headers);
  t.same(ids(rows), ids(everyTime.rows), 'the same rows as sending the headers every time');
  const ownSeed = await walk(t, app, 'beta', WEEK, { 'x-mock-scenario': 'international' });
  t.not(ids(ownSeed.rows)[0], ids(rows)[0], 'and not the scenario’s own seed');
});

t.test('a plain walk’s links carry no tenant', async (t) => {
  const { pages } = await walk(t, app, 'beta', REFERENCE);
  t.ok(pages.length > 1);
  t.ok(
    pages.slice(0, -1).every((p) => !p['@odata.nextLink']?.includes('x-mock-')),
    'no x-mock-* in the nextLinks',
  );
});

t.test('x-mock-seed changes the data; the same seed gives the same data', async (t) => {
  const one = await page(t, DAY, {});
  const two = await page(t, DAY, { 'x-mock-seed': '2' });
  const twoAgain = await page(t, DAY, { 'x-mock-seed': '2' });
  const twoByQuery = await page(t, `${DAY}?x-mock-seed=2`, {});
  const explicitOne = await page(t, DAY, { 'x-mock-seed': '1' });
  t.not(ids(two.value)[0], ids(one.value)[0], 'seed 2 is another history');
  t.same(ids(twoAgain.value), ids(two.value), 'seed 2 again is the same');
  t.same(ids(twoByQuery.value), ids(two.value), 'as a query parameter too');
  t.same(ids(explicitOne.value), ids(one.value), 'seed 1 is the default scenario’s own');
});

t.test('the query form, and a header beating the query', async (t) => {
  const byHeader = await page(t, DAY, { 'x-mock-scenario': 'single-page' });
  const byQuery = await page(t, `${DAY}?x-mock-scenario=single-page`, {});
  t.same(ids(byQuery.value), ids(byHeader.value));
  const both = await page(t, `${DAY}?x-mock-scenario=large`, { 'x-mock-scenario': 'single-page' });
  t.same(ids(both.value), ids(byHeader.value), 'the header wins');
  const link = (await page(t, DAY, { 'x-mock-scenario': 'contact-center' }))['@odata.nextLink']!;
  const redirected = await page(t, pathOf(link), { 'x-mock-scenario': 'default' });
  t.ok(
    redirected.value.every((row) =>
      String(row.userPrincipalName ?? '@contoso.com').endsWith('@contoso.com'),
    ),
    'a header beats the scenario a nextLink carries',
  );
});

t.test('the server’s scenario answers plain requests; requests still switch', async (t) => {
  const international = buildApp({ scenario: 'international' });
  t.teardown(() => international.close());
  const plain = expectPage(t, await get(international, DAY), 'beta');
  t.ok(
    plain.value.every((row) => row.currency === 'GBP'),
    'plain: the server’s scenario',
  );
  const switched = expectPage(
    t,
    await get(international, DAY, { 'x-mock-scenario': 'default' }),
    'beta',
  );
  t.ok(
    switched.value.every((row) => row.currency === 'USD'),
    'switched back to default',
  );
  t.same(ids(switched.value), ids((await page(t, DAY, {})).value), 'the default tenant’s day');
});
