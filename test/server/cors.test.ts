/**
 * CORS: off unless asked for; with `cors`, browsers on the named origins (or any, with `*`) may
 * call the mock, read Graph's ids and Retry-After, and their preflights are answered.
 */
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { get } from '../support/graph.js';

const PAGE_URL =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-11,toDateTime=2024-06-12)';
const APP_ORIGIN = 'http://localhost:5173';
const PREFLIGHT = {
  origin: APP_ORIGIN,
  'access-control-request-method': 'GET',
  'access-control-request-headers': 'authorization,client-request-id',
};

t.test(
  'by default there are no CORS headers, and a preflight is not answered as one',
  async (t) => {
    const app = buildApp();
    t.teardown(() => app.close());
    const page = await get(app, PAGE_URL, { origin: APP_ORIGIN });
    t.equal(page.statusCode, 200);
    t.notOk(page.headers['access-control-allow-origin']);
    const preflight = await get(app, PAGE_URL, { ...PREFLIGHT, authorization: null }, 'OPTIONS');
    t.not(preflight.statusCode, 204);
    t.notOk(preflight.headers['access-control-allow-origin']);
  },
);

t.test('with named origins, those get CORS headers and others do not', async (t) => {
  const app = buildApp({ cors: [APP_ORIGIN] });
  t.teardown(() => app.close());

  const preflight = await get(app, PAGE_URL, { ...PREFLIGHT, authorization: null }, 'OPTIONS');
  t.equal(preflight.statusCode, 204, 'the preflight is answered without a token');
  t.equal(preflight.headers['access-control-allow-origin'], APP_ORIGIN);
  t.match(preflight.headers['access-control-allow-methods'], /\bGET\b/);
  t.match(preflight.headers['access-control-allow-headers'], /authorization/);

  const page = await get(app, PAGE_URL, { origin: APP_ORIGIN });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['access-control-allow-origin'], APP_ORIGIN);
  t.match(page.headers.vary, /Origin/, 'caches keep origins apart');
  t.same(
    String(page.headers['access-control-expose-headers']).split(', '),
    ['request-id', 'client-request-id', 'Retry-After', 'x-ms-ags-diagnostic'],
    'a browser app may read Graph’s ids and Retry-After',
  );

  const error = await get(app, PAGE_URL, { origin: APP_ORIGIN, authorization: null });
  t.equal(error.statusCode, 401);
  t.equal(error.headers['access-control-allow-origin'], APP_ORIGIN, 'errors are readable too');

  const other = await get(app, PAGE_URL, { origin: 'http://evil.example' });
  t.notOk(other.headers['access-control-allow-origin'], 'another origin is not allowed');
});

t.test('with *, any origin may call it', async (t) => {
  const app = buildApp({ cors: '*' });
  t.teardown(() => app.close());
  const page = await get(app, PAGE_URL, { origin: 'http://anywhere.example' });
  t.equal(page.headers['access-control-allow-origin'], '*');
});
