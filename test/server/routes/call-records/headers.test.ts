/**
 * The headers Graph puts on every response, success and error, and the odata.metadata
 * choice a client makes with Accept.
 */
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import {
  API_CONTENT_TYPE,
  expectGraphError,
  expectGraphHeaders,
  expectPage,
  GUID,
  get,
  NO_METADATA_CONTENT_TYPE,
  pstnCallsPath,
  type RequestHeaders,
} from '../../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-12');
const JUNE = pstnCallsPath('beta', '2024-06-01', '2024-06-30');
const CLIENT_REQUEST_ID = '0e9a6c4d-2b1f-4f8e-9a3c-7d5e6f708192';

t.test('a page is served as Graph’s OData JSON content type, exactly', async (t) => {
  const res = await get(app, DAY);
  t.equal(res.headers['content-type'], API_CONTENT_TYPE);
});

t.test(
  'a page carries request-id, client-request-id, OData-Version, Cache-Control and the diagnostic',
  async (t) => {
    expectGraphHeaders(t, await get(app, DAY));
  },
);

t.test('client-request-id echoes the caller’s value, on success and on error', async (t) => {
  const headers = { 'client-request-id': CLIENT_REQUEST_ID };
  expectPage(t, await get(app, DAY, headers), 'beta', { clientRequestId: CLIENT_REQUEST_ID });
  expectGraphError(
    t,
    await get(app, DAY, { ...headers, authorization: null }),
    401,
    'InvalidAuthenticationToken',
    'Access token is empty.',
    CLIENT_REQUEST_ID,
  );
});

t.test('client-request-id need not be a GUID: any value the caller sends comes back', async (t) => {
  const res = await get(app, DAY, { 'client-request-id': 'my-export-job 42' });
  t.equal(res.headers['client-request-id'], 'my-export-job 42');
  t.match(res.headers['request-id'], GUID);
});

t.test('an empty client-request-id is treated as absent', async (t) => {
  const res = await get(app, DAY, { 'client-request-id': '' });
  t.match(res.headers['request-id'], GUID);
  t.equal(res.headers['client-request-id'], res.headers['request-id']);
});

t.test(
  'request-id is the mock’s own, fresh for every request, whatever the caller sends',
  async (t) => {
    const first = await get(app, DAY, { 'request-id': CLIENT_REQUEST_ID });
    const second = await get(app, DAY, { 'request-id': CLIENT_REQUEST_ID });
    t.not(first.headers['request-id'], CLIENT_REQUEST_ID);
    t.not(first.headers['request-id'], second.headers['request-id']);
  },
);

t.test('errors carry the same Graph headers as pages', async (t) => {
  const cases: { url: string; headers: RequestHeaders; status: number; code: string }[] = [
    { url: DAY, headers: { authorization: null }, status: 401, code: 'InvalidAuthenticationToken' },
    { url: pstnCallsPath('beta', 'x', 'y'), headers: {}, status: 400, code: 'BadRequest' },
    {
      url: pstnCallsPath('beta', '2024-01-01', '2024-06-01'),
      headers: {},
      status: 406,
      code: 'NotAcceptable',
    },
    { url: '/beta/foo', headers: {}, status: 400, code: 'BadRequest' },
    { url: '/xyz/foo', headers: {}, status: 400, code: 'BadRequest' },
  ];
  for (const { url, headers, status, code } of cases) {
    expectGraphError(t, await get(app, url, headers), status, code);
  }
  expectGraphError(t, await get(app, DAY, {}, 'POST'), 405, 'MethodNotAllowed');
});

t.test('odata.metadata=none drops @odata.context and says so in the content type', async (t) => {
  const accept = 'application/json;odata.metadata=none';
  const res = await get(app, JUNE, { accept });
  const page = expectPage(t, res, 'beta', { contentType: NO_METADATA_CONTENT_TYPE });
  t.notOk('@odata.context' in page, 'no @odata.context');
  t.equal(page['@odata.count'], 1000, '@odata.count stays');
  t.type(page['@odata.nextLink'], 'string', '@odata.nextLink stays');
  t.equal(Object.keys(page)[0], '@odata.count', 'the body starts with @odata.count');
});

t.test('odata.metadata=none rows are the minimal rows', async (t) => {
  const minimal = expectPage(t, await get(app, JUNE), 'beta');
  const none = expectPage(
    t,
    await get(app, JUNE, { accept: 'application/json; odata.metadata=none' }),
    'beta',
    {
      contentType: NO_METADATA_CONTENT_TYPE,
    },
  );
  t.same(none.value, minimal.value);
  t.equal(none['@odata.nextLink'], minimal['@odata.nextLink']);
});

t.test('odata.metadata=none is recognised however the Accept header spells it', async (t) => {
  for (const accept of [
    'application/json;odata.metadata=none',
    'application/json; odata.metadata = none',
    'APPLICATION/JSON;ODATA.METADATA=NONE',
    'application/json;odata.metadata=none;odata.streaming=true, */*;q=0.1',
  ]) {
    const res = await get(app, DAY, { accept });
    t.equal(res.headers['content-type'], NO_METADATA_CONTENT_TYPE, accept);
    t.notOk('@odata.context' in res.json(), accept);
  }
});

t.test('other Accept values get odata.metadata=minimal', async (t) => {
  for (const accept of [
    'application/json',
    '*/*',
    'application/json;odata.metadata=full',
    'application/json;odata.metadata=minimal',
    'text/html',
  ]) {
    const res = await get(app, DAY, { accept });
    t.equal(res.headers['content-type'], API_CONTENT_TYPE, accept);
    t.type(res.json()['@odata.context'], 'string', accept);
  }
});
