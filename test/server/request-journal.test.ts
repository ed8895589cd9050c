/**
 * The request journal: a bounded list, oldest first; credentials cut to a recognisable part;
 * and the plugin that records every client request and leaves the mock's own out.
 */
import Fastify from 'fastify';
import t from 'tap';
import { isJournalled, requestJournal } from '../../server/plugins/request-journal.js';
import {
  DEFAULT_JOURNAL_CAPACITY,
  type JournalEntry,
  RequestJournal,
  redactCredential,
  redactHeaders,
} from '../../server/request-journal.js';

const JWT_HEADER = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
const JWT_PAYLOAD = 'eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ';
const JWT_SIGNATURE = 'c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw';

function entry(url: string): JournalEntry {
  return {
    time: '2024-06-01T00:00:00.000Z',
    method: 'GET',
    url,
    headers: {},
    status: 200,
    scenario: null,
    seed: null,
    fault: null,
    durationMs: 1,
  };
}

t.test(
  'the journal keeps entries oldest first and drops the oldest past its capacity',
  async (t) => {
    const journal = new RequestJournal(3);
    for (const n of [1, 2, 3, 4, 5]) journal.record(entry(`/${n}`));
    t.same(
      journal.entries().map((e) => e.url),
      ['/3', '/4', '/5'],
    );
  },
);

t.test('by default the journal keeps the last 1,000 requests', async (t) => {
  const journal = new RequestJournal();
  t.equal(journal.capacity, DEFAULT_JOURNAL_CAPACITY);
  t.equal(DEFAULT_JOURNAL_CAPACITY, 1000);
  for (let n = 0; n < 1005; n++) journal.record(entry(`/${n}`));
  t.equal(journal.entries().length, 1000);
  t.equal(journal.entries()[0]!.url, '/5');
});

t.test('entries() is a copy, and clear() empties the journal', async (t) => {
  const journal = new RequestJournal();
  journal.record(entry('/a'));
  const seen = journal.entries();
  journal.record(entry('/b'));
  t.equal(seen.length, 1, 'an earlier copy does not change');
  journal.clear();
  t.same(journal.entries(), []);
});

t.test('a subscriber hears each entry and clearing until it unsubscribes', async (t) => {
  const journal = new RequestJournal(1);
  const heard: string[] = [];
  const unsubscribe = journal.subscribe((event) =>
    heard.push(event.type === 'entry' ? event.entry.url : 'clear'),
  );
  journal.record(entry('/a'));
  journal.record(entry('/b'));
  journal.clear();
  unsubscribe();
  journal.record(entry('/c'));
  t.same(heard, ['/a', '/b', 'clear'], 'even an entry the capacity drops at once is told');
});

t.test('a JWT keeps its header and payload; its signature is cut', async (t) => {
  const jwt = `${JWT_HEADER}.${JWT_PAYLOAD}.${JWT_SIGNATURE}`;
  t.equal(redactCredential(`Bearer ${jwt}`), `Bearer ${JWT_HEADER}.${JWT_PAYLOAD}.…`);
  t.equal(redactCredential(jwt), `${JWT_HEADER}.${JWT_PAYLOAD}.…`, 'without a scheme too');
  t.equal(
    redactCredential(`Bearer ${JWT_HEADER}.${JWT_PAYLOAD}.`),
    `Bearer ${JWT_HEADER}.${JWT_PAYLOAD}.…`,
    'an unsigned JWT',
  );
});

t.test('any other credential keeps its scheme and first four characters', async (t) => {
  t.equal(redactCredential('Bearer opaque-token-123'), 'Bearer opaq…');
  t.equal(redactCredential('Basic dXNlcjpwYXNzd29yZA=='), 'Basic dXNl…');
  t.equal(redactCredential('bearer  spaced-token'), 'bearer  spac…', 'spacing kept as sent');
  t.equal(redactCredential('sk-live-secret'), 'sk-l…', 'a value without a scheme');
  t.equal(redactCredential('Bearer abcd'), 'Bearer …', 'a token no longer than the prefix');
  t.equal(redactCredential('Bearer abcd.efgh'), 'Bearer abcd…', 'one dot does not make a JWT');
});

t.test('a bare scheme or an empty value has no secret and stays as sent', async (t) => {
  t.equal(redactCredential('Bearer'), 'Bearer');
  t.equal(redactCredential('Bearer   '), 'Bearer   ');
  t.equal(redactCredential(''), '');
});

t.test('only credential headers are redacted; the rest are journalled as sent', async (t) => {
  t.same(
    redactHeaders({
      authorization: 'Bearer opaque-token-123',
      'proxy-authorization': 'Basic dXNlcjpwYXNzd29yZA==',
      'client-request-id': 'abc',
      accept: 'application/json',
      'x-forwarded-for': ['203.0.113.1', '203.0.113.2'],
      Cookie: 'session=s3cret; theme=dark',
      absent: undefined,
    }),
    {
      authorization: 'Bearer opaq…',
      'proxy-authorization': 'Basic dXNl…',
      'client-request-id': 'abc',
      accept: 'application/json',
      'x-forwarded-for': ['203.0.113.1', '203.0.113.2'],
      Cookie: '…',
    },
  );
  t.same(redactHeaders({ authorization: ['Bearer one-token', 'Bearer two-token'] }), {
    authorization: ['Bearer one-…', 'Bearer two-…'],
  });
});

t.test('a record is written into its entry when first read, once', async (t) => {
  const journal = new RequestJournal();
  let written = 0;
  journal.record(() => {
    written++;
    return entry('/lazy');
  });
  t.equal(written, 0, 'not while no one reads');
  const [first] = journal.entries();
  t.equal(first?.url, '/lazy');
  t.equal(journal.entries()[0], first, 'read again, the same entry');
  t.equal(written, 1);
  const heard: JournalEntry[] = [];
  journal.subscribe((event) => {
    if (event.type === 'entry') heard.push(event.entry);
  });
  journal.record(() => {
    written++;
    return entry('/heard');
  });
  t.equal(written, 2, 'a listener hears it at once');
  t.equal(journal.entries()[1], heard[0], 'the entry it heard');
});

t.test('the control API and the health check are not journalled; anything else is', async (t) => {
  for (const url of [
    '/_mock/requests',
    '/_MOCK/summary?x=1',
    '//_mock',
    '/healthz',
    '/Healthz/',
    '/healthz//?probe=1',
    '///healthz#top',
    // Percent-encoded, as the router decodes it: an admin token must not reach the journal.
    '/%5Fmock/scenarios',
    '/%5fMOCK',
    '/health%7A',
  ]) {
    t.notOk(isJournalled(url), url);
  }
  for (const url of [
    '/beta/communications/callRecords/getPstnCalls(from=2024-06-01,to=2024-06-02)',
    '/',
    '/nope',
    '/healthz/more',
    '/beta/_mock',
    '/%ZZmock',
  ]) {
    t.ok(isJournalled(url), url);
  }
});

t.test('the plugin records each answered request with its status and timing', async (t) => {
  const journal = new RequestJournal();
  const app = Fastify();
  app.decorateRequest('mockContext', null);
  app.register(requestJournal, { journal });
  app.register(async (scope) => {
    scope.get('/api', async (request) => {
      request.mockContext = { scenario: 'default', seed: 1, fault: '503' };
      return { ok: true };
    });
    scope.get('/healthz', async () => ({ status: 'ok' }));
  });
  t.teardown(() => app.close());

  const before = Date.now();
  await app.inject({ url: '/api?x=1', headers: { authorization: 'Bearer opaque-token-123' } });
  await app.inject({ url: '/healthz' });
  await app.inject({ method: 'POST', url: '/missing' });
  const [api, missing, ...rest] = journal.entries();
  t.equal(rest.length, 0, 'the health check is not recorded');
  t.match(api, {
    method: 'GET',
    url: '/api?x=1',
    status: 200,
    scenario: 'default',
    seed: 1,
    fault: '503',
    headers: { authorization: 'Bearer opaq…' },
  });
  t.match(missing, { method: 'POST', url: '/missing', status: 404, scenario: null, fault: null });
  const time = Date.parse(api!.time);
  t.match(api!.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO 8601 in UTC');
  t.ok(time >= before - 1 && time <= Date.now(), 'the time the request arrived');
  t.ok(api!.durationMs >= 0 && api!.durationMs < 10_000, 'a duration in milliseconds');
});

t.test('a request that never met a scenario route has no tenant', async (t) => {
  const journal = new RequestJournal();
  const app = Fastify();
  app.register(requestJournal, { journal });
  app.get('/plain', async () => 'ok');
  t.teardown(() => app.close());
  await app.inject({ url: '/plain' });
  t.match(journal.entries(), [{ url: '/plain', scenario: null, seed: null, fault: null }]);
});
