/**
 * The control API behind its own admin token (MOCK_ADMIN_TOKEN): every control request must
 * carry it; Graph's endpoints and /healthz are unaffected.
 */
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import { expectGraphError, get } from '../../../support/graph.js';

const ADMIN_TOKEN = 'qa-admin-token';
const PAGE_URL =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-11,toDateTime=2024-06-12)';
const CONTROL_REQUESTS = [
  ['GET', '/_mock/scenarios'],
  ['GET', '/_mock/requests'],
  ['DELETE', '/_mock/requests'],
  ['POST', '/_mock/reset'],
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

t.test('Graph’s endpoints and /healthz do not want it', async (t) => {
  t.equal((await get(app, PAGE_URL)).statusCode, 200);
  t.equal((await get(app, '/healthz', { authorization: null })).statusCode, 200);
});

t.test('without an admin token the control API is open', async (t) => {
  const open = buildApp();
  t.teardown(() => open.close());
  t.equal((await get(open, '/_mock/scenarios', { authorization: null })).statusCode, 200);
});
