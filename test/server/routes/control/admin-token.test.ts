/**
 * The control API behind its own admin token (MOCK_ADMIN_TOKEN): every control request must
 * carry it; Graph's endpoints and /healthz are unaffected.
 */
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import { presentedToken } from '../../../../server/plugins/admin-token.js';
import { expectGraphError, get } from '../../../support/graph.js';

const ADMIN_TOKEN = 'qa-admin-token';
const PAGE_URL =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-11,toDateTime=2024-06-12)';
const CONTROL_REQUESTS = [
  ['GET', '/_mock/scenarios'],
  ['GET', '/_mock/requests'],
  ['DELETE', '/_mock/requests'],
  ['POST', '/_mock/reset'],
  ['GET', '/_mock/default-scenario'],
  ['GET', '/_mock/summary?fromDateTime=2024-06-01&toDateTime=2024-06-02'],
] as const;

const app = buildApp({ adminToken: ADMIN_TOKEN });
t.teardown(() => app.close());

t.test('without the admin token, or with another, every control request is a 401', async (t) => {
  const sameLength = `Bearer ${ADMIN_TOKEN.replace(/.$/, 'X')}`;
  for (const authorization of [
    null,
    'Bearer wrong',
    `Bearer ${ADMIN_TOKEN}x`,
    ADMIN_TOKEN,
    sameLength,
    `Basic ${ADMIN_TOKEN}`,
  ]) {
    for (const [method, url] of CONTROL_REQUESTS) {
      const res = await get(app, url, { authorization }, method);
      expectGraphError(t, res, 401, 'InvalidAuthenticationToken', /MOCK_ADMIN_TOKEN/);
      t.match(res.headers['www-authenticate'], /^Bearer realm=/);
    }
  }
});

t.test('with it, every control request is answered, whatever the scheme’s case', async (t) => {
  for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
    for (const [method, url] of CONTROL_REQUESTS) {
      const res = await get(app, url, { authorization: `${scheme} ${ADMIN_TOKEN}` }, method);
      t.ok(res.statusCode === 200 || res.statusCode === 204, `${scheme}: ${method} ${url}`);
    }
  }
});

t.test('it guards defining scenarios too, before a body is read', async (t) => {
  const scenario = (method: 'GET' | 'PUT' | 'DELETE', authorization?: string) =>
    app.inject({
      method,
      url: '/_mock/scenarios/guarded',
      headers: {
        ...(method === 'PUT' && { 'content-type': 'application/json' }),
        ...(authorization !== undefined && { authorization }),
      },
      ...(method === 'PUT' && { payload: JSON.stringify({ extends: 'default' }) }),
    });
  for (const method of ['GET', 'PUT', 'DELETE'] as const) {
    for (const authorization of [undefined, 'Bearer wrong']) {
      const res = await scenario(method, authorization);
      expectGraphError(t, res, 401, 'InvalidAuthenticationToken', /MOCK_ADMIN_TOKEN/);
    }
  }
  const garbage = await app.inject({
    method: 'PUT',
    url: '/_mock/scenarios/guarded',
    headers: { 'content-type': 'text/plain' },
    payload: 'not a scenario',
  });
  t.equal(garbage.statusCode, 401, 'not 415: the token is checked first');
  t.equal((await get(app, '/_mock/scenarios/guarded', { authorization: null })).statusCode, 401);

  const admin = `Bearer ${ADMIN_TOKEN}`;
  t.equal((await scenario('PUT', admin)).statusCode, 201);
  t.equal((await scenario('GET', admin)).statusCode, 200);
  t.equal((await scenario('DELETE', admin)).statusCode, 204);
});

t.test('Graph’s endpoints and /healthz do not want it', async (t) => {
  t.equal((await get(app, PAGE_URL)).statusCode, 200);
  t.equal((await get(app, '/healthz', { authorization: null })).statusCode, 200);
});

t.test('without an admin token the control API is open', async (t) => {
  const open = buildApp();
  t.teardown(() => open.close());
  t.equal((await get(open, '/_mock/scenarios', { authorization: null })).statusCode, 200);
});

t.test(
  'the live journal wants it too (with it, the stream opens: request-stream.test.ts)',
  async (t) => {
    const res = await get(app, '/_mock/requests/stream', { authorization: 'Bearer wrong' });
    expectGraphError(t, res, 401, 'InvalidAuthenticationToken', /MOCK_ADMIN_TOKEN/);
  },
);

t.test('a browser may give it as the password of HTTP Basic, with any user name', async (t) => {
  const basic = (userAndPassword: string) =>
    `Basic ${Buffer.from(userAndPassword).toString('base64')}`;
  for (const userAndPassword of [`qa:${ADMIN_TOKEN}`, `:${ADMIN_TOKEN}`, `a:b:${ADMIN_TOKEN}`]) {
    const res = await get(app, '/_mock/scenarios', { authorization: basic(userAndPassword) });
    t.equal(res.statusCode, userAndPassword.startsWith('a:b') ? 401 : 200, userAndPassword);
  }
  for (const refused of [basic(ADMIN_TOKEN), basic(`${ADMIN_TOKEN}:qa`), basic('qa:wrong')]) {
    expectGraphError(
      t,
      await get(app, '/_mock/scenarios', { authorization: refused }),
      401,
      'InvalidAuthenticationToken',
    );
  }
});

t.test('presentedToken reads Bearer’s credential and Basic’s password, else nothing', async (t) => {
  t.equal(presentedToken('Bearer abc'), 'abc');
  t.equal(presentedToken('basic cWE6YWJj'), 'abc', 'qa:abc');
  t.equal(presentedToken('Basic cWE6'), '', 'an empty password');
  t.equal(presentedToken('Basic YWJj'), '', 'no colon: no password');
  t.equal(presentedToken('Digest abc'), '');
  t.equal(presentedToken(undefined), '');
});
