/**
 * getPstnCalls end to end through inject: every URL form real clients send, rows per API
 * version, determinism, and where links point.
 */
import t from 'tap';
import { rowPropertyNames } from '../../../../openapi/contract.js';
import { scenarioNames } from '../../../../scenarios/catalog.js';
import { buildApp } from '../../../../server/app.js';
import {
  expectPage,
  get,
  INJECT_ORIGIN,
  pathOf,
  pstnCallsPath,
  type Row,
  walk,
} from '../../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

const V1_MEMBERS = rowPropertyNames('getPstnCalls', 'v1.0');
const BETA_ONLY_MEMBERS = rowPropertyNames('getPstnCalls', 'beta').filter(
  (name) => !V1_MEMBERS.includes(name),
);

/** A business day: a few hundred calls, one page. */
const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-12');

const ids = (rows: readonly Row[]) => rows.map((row) => row.id);

t.test('the app builds its default tenant before the first request', async (t) => {
  await app.ready();
  const res = await get(app, DAY);
  t.equal(res.statusCode, 200);
});

t.test('an unknown scenario is refused when the app is built, naming the known ones', async (t) => {
  t.throws(
    () => buildApp({ scenario: 'nope' }),
    new RegExp(`Unknown scenario 'nope'; known: ${scenarioNames().join(', ')}`),
  );
});

t.test(
  'a beta page matches the beta contract and its rows carry the beta-only members',
  async (t) => {
    const page = expectPage(t, await get(app, DAY), 'beta');
    t.ok(page.value.length > 0, 'the day has calls');
    for (const row of page.value) {
      t.same(
        Object.keys(row),
        rowPropertyNames('getPstnCalls', 'beta'),
        `row ${row.id} has the beta members in order`,
      );
    }
  },
);

t.test('a v1.0 page matches the v1.0 contract and has none of the beta-only members', async (t) => {
  t.ok(BETA_ONLY_MEMBERS.length > 0, 'the contract names beta-only members');
  const page = expectPage(
    t,
    await get(app, pstnCallsPath('v1.0', '2024-06-11', '2024-06-12')),
    'v1.0',
  );
  t.ok(page.value.length > 0, 'the day has calls');
  for (const row of page.value) {
    t.same(Object.keys(row), V1_MEMBERS, `row ${row.id} has exactly the v1.0 members`);
  }
});

t.test('v1.0 and beta serve the same calls, beta adding its own members', async (t) => {
  const beta = expectPage(t, await get(app, DAY), 'beta');
  const v1 = expectPage(
    t,
    await get(app, pstnCallsPath('v1.0', '2024-06-11', '2024-06-12')),
    'v1.0',
  );
  const shared = beta.value.map((row) =>
    Object.fromEntries(V1_MEMBERS.map((name) => [name, row[name]])),
  );
  t.same(v1.value, shared);
});

t.test('@odata.context names the version and the row type at the request origin', async (t) => {
  for (const version of ['beta', 'v1.0'] as const) {
    const page = expectPage(
      t,
      await get(app, pstnCallsPath(version, '2024-06-11', '2024-06-12')),
      version,
    );
    t.equal(
      page['@odata.context'],
      `${INJECT_ORIGIN}/${version}/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)`,
    );
  }
});

t.test('rows come in ascending startDateTime, ids unique', async (t) => {
  const { rows } = await walk(t, app, 'beta', pstnCallsPath('beta', '2024-06-03', '2024-06-08'));
  const starts = rows.map((row) => row.startDateTime);
  t.same(starts, [...starts].sort(), 'ascending start times');
  t.equal(new Set(ids(rows)).size, rows.length, 'ids are unique');
});

t.test('every URL form real clients send asks for the same window', async (t) => {
  const reference = expectPage(t, await get(app, DAY), 'beta').value;
  t.ok(reference.length > 0);
  const prefix = '/beta/communications/callRecords';
  const forms: Record<string, string> = {
    'hand-built, literal colons and Z': `${prefix}/getPstnCalls(fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z)`,
    'seven fraction digits': `${prefix}/getPstnCalls(fromDateTime=2024-06-11T00:00:00.0000000Z,toDateTime=2024-06-12T00:00:00.0000000Z)`,
    'Kiota: namespace-qualified, percent-encoded': `${prefix}/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-06-11T00%3A00%3A00.000Z,toDateTime=2024-06-12T00%3A00%3A00.000Z)`,
    'Python/.NET: encoded +00:00 offsets': `${prefix}/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-06-11T00%3A00%3A00.0000000%2B00%3A00,toDateTime=2024-06-12T00%3A00%3A00%2B00%3A00)`,
    'local offsets': `${prefix}/getPstnCalls(fromDateTime=2024-06-11T05%3A30%3A00%2B05%3A30,toDateTime=2024-06-11T19:00:00-05:00)`,
    'quoted values': `${prefix}/getPstnCalls(fromDateTime='2024-06-11T00:00:00Z',toDateTime='2024-06-12')`,
    'a space instead of T': `${prefix}/getPstnCalls(fromDateTime=2024-06-11%2000:00:00Z,toDateTime=2024-06-12%2000:00:00Z)`,
    "the docs' short names": `${prefix}/getPstnCalls(from=2024-06-11,to=2024-06-12)`,
    'encodeURIComponent values (CLI for Microsoft 365)': `${prefix}/getPstnCalls(fromDateTime=${encodeURIComponent('2024-06-11T00:00:00.000Z')},toDateTime=${encodeURIComponent('2024-06-12T00:00:00.000Z')})`,
    'uppercase path segments':
      '/BETA/Communications/CallRecords/GetPstnCalls(fromDateTime=2024-06-11,toDateTime=2024-06-12)',
    'a trailing slash': `${DAY}/`,
    'query options the service ignores': `${DAY}?$filter=callType%20eq%20'user_in'&$search=x&$select=id&$count=true&$orderby=id`,
  };
  for (const [form, url] of Object.entries(forms)) {
    const page = expectPage(t, await get(app, url), 'beta');
    t.same(ids(page.value), ids(reference), form);
  }
});

t.test('$skip arrives literally or percent-encoded, in any case, and skips rows', async (t) => {
  const reference = expectPage(t, await get(app, DAY), 'beta').value;
  t.ok(reference.length > 10);
  for (const query of ['?$skip=5', '?%24skip=5', '?$SKIP=5', '?%24Skip=5']) {
    const page = expectPage(t, await get(app, `${DAY}${query}`), 'beta');
    t.same(ids(page.value), ids(reference.slice(5)), query);
  }
});

t.test('$top caps the page and $skip with $top reads any slice', async (t) => {
  const reference = expectPage(t, await get(app, DAY), 'beta').value;
  const page = expectPage(t, await get(app, `${DAY}?%24top=3&%24skip=4`), 'beta');
  t.same(ids(page.value), ids(reference.slice(4, 7)));
});

t.test('overlapping windows return identical rows for their overlap', async (t) => {
  const first = await walk(t, app, 'beta', pstnCallsPath('beta', '2024-06-03', '2024-06-12'));
  const second = await walk(t, app, 'beta', pstnCallsPath('beta', '2024-06-08', '2024-06-20'));
  t.ok(first.pages.length > 1 && second.pages.length > 1, 'both windows span several pages');
  const overlapFrom = '2024-06-08T00:00:00.0000000Z';
  const overlapTo = '2024-06-12T00:00:00.0000000Z';
  const inOverlap = (row: Row) =>
    row.startDateTime >= overlapFrom && row.startDateTime <= overlapTo;
  const fromFirst = first.rows.filter(inOverlap);
  const fromSecond = second.rows.filter(inOverlap);
  t.ok(fromFirst.length > 100, 'the overlap holds calls');
  t.same(fromFirst, fromSecond);
  const direct = await walk(t, app, 'beta', pstnCallsPath('beta', '2024-06-08', '2024-06-12'));
  t.same(direct.rows, fromFirst, 'and the overlap asked for directly');
});

t.test('both window ends are inclusive, on the call start instant', async (t) => {
  const reference = expectPage(t, await get(app, DAY), 'beta').value;
  const [first, second] = reference;
  t.ok(first && second && first.startDateTime !== second.startDateTime);
  const exact = expectPage(
    t,
    await get(app, pstnCallsPath('beta', first!.startDateTime, first!.startDateTime)),
    'beta',
  );
  t.same(ids(exact.value), [first!.id], 'from = to = a start instant finds that call');
  const both = expectPage(
    t,
    await get(app, pstnCallsPath('beta', first!.startDateTime, second!.startDateTime)),
    'beta',
  );
  t.same(ids(both.value), [first!.id, second!.id]);
});

t.test('the same request twice answers byte-identical bodies, cached or not', async (t) => {
  const url = pstnCallsPath('beta', '2024-06-01', '2024-06-30', '?$skip=1000');
  const bodies = [];
  for (let i = 0; i < 3; i++) bodies.push((await get(app, url)).rawPayload);
  t.ok(bodies[0]!.length > 100_000, 'a full page');
  t.ok(bodies[0]!.equals(bodies[1]!), 'second answer');
  t.ok(bodies[0]!.equals(bodies[2]!), 'third answer (from the page cache)');
});

t.test('concurrent requests each get their own page, as if asked one at a time', async (t) => {
  const urls = [0, 1000, 2000, 3000].flatMap((skip) => [
    pstnCallsPath('beta', '2024-05-01', '2024-05-31', `?$skip=${skip}`),
    pstnCallsPath('v1.0', '2024-05-01', '2024-05-31', `?$skip=${skip}`),
  ]);
  // Twice over, so the second round also races pages the cache now holds.
  for (const round of [1, 2]) {
    const together = await Promise.all(urls.map((url) => get(app, url)));
    for (const [i, url] of urls.entries()) {
      const alone = await get(app, url);
      t.equal(alone.statusCode, 200);
      t.ok(together[i]!.rawPayload.equals(alone.rawPayload), `round ${round}: ${url}`);
    }
  }
});

t.test('two separately built apps answer byte-identical bodies', async (t) => {
  const other = buildApp();
  t.teardown(() => other.close());
  const url = pstnCallsPath('v1.0', '2024-07-01', '2024-07-31', '?$skip=2000');
  const mine = await get(app, url);
  const theirs = await get(other, url);
  t.equal(mine.statusCode, 200);
  t.ok(mine.rawPayload.equals(theirs.rawPayload));
});

t.test('the seed option changes the tenant and its calls', async (t) => {
  const seeded = buildApp({ seed: 2 });
  t.teardown(() => seeded.close());
  const mine = expectPage(t, await get(app, DAY), 'beta');
  const theirs = expectPage(t, await get(seeded, DAY), 'beta');
  t.notSame(ids(theirs.value), ids(mine.value));
});

t.test('links use the publicUrl option when it is set', async (t) => {
  const publicUrl = 'https://mock.example:8443';
  const proxied = buildApp({ publicUrl });
  t.teardown(() => proxied.close());
  const url = pstnCallsPath('beta', '2024-06-01', '2024-06-30');
  const page = expectPage(t, await get(proxied, url, { host: 'internal:3000' }), 'beta');
  t.equal(
    page['@odata.context'],
    `${publicUrl}/beta/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)`,
  );
  t.equal(
    page['@odata.nextLink'],
    `${publicUrl}/beta/communications/callRecords/getPstnCalls(from=2024-06-01,to=2024-06-30)?$skip=1000`,
  );
  const next = expectPage(t, await get(proxied, pathOf(page['@odata.nextLink']!)), 'beta');
  t.equal(next['@odata.count'], 1000, 'the link leads to the next page');
});

t.test(
  'with publicUrl set, a Host header the mock could not write into a link is harmless',
  async (t) => {
    const proxied = buildApp({ publicUrl: 'https://mock.example' });
    t.teardown(() => proxied.close());
    expectPage(t, await get(proxied, DAY, { host: 'not a host!' }), 'beta');
  },
);

t.test(
  'without publicUrl, links use the origin the request came to (its Host header)',
  async (t) => {
    const url = pstnCallsPath('beta', '2024-06-01', '2024-06-30');
    for (const host of ['mock.test:1234', 'mock.test', '127.0.0.1:4010', '[::1]:8080']) {
      const page = expectPage(t, await get(app, url, { host }), 'beta');
      t.equal(
        page['@odata.context'],
        `http://${host}/beta/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)`,
        host,
      );
      t.match(page['@odata.nextLink'], `http://${host}/beta/communications/`, host);
    }
  },
);

t.test('HEAD answers GET’s status and headers without a body', async (t) => {
  const full = await get(app, DAY);
  const head = await get(app, DAY, {}, 'HEAD');
  t.equal(head.statusCode, 200);
  t.equal(head.body, '');
  t.equal(head.headers['content-type'], full.headers['content-type']);
  t.equal(head.headers['content-length'], full.headers['content-length']);
});
