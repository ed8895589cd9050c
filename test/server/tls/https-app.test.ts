/**
 * buildApp({ tls }) on a real socket: HTTPS that clients trusting the local CA accept on every
 * loopback name, and whose nextLinks are https:// — what the Graph JS SDK v3 needs.
 */
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp } from '../../../server/app.js';
import { ensureLocalCertificates } from '../../../server/tls/local-certificates.js';
import { canListenOn } from '../../support/cli.js';
import { httpsGet } from '../../support/https-get.js';

const PAGE =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01)';

const certificates = await ensureLocalCertificates(t.testdir());
const app = buildApp({ tls: certificates });
t.teardown(() => app.close());
await app.listen({ port: 0, host: 'localhost' });
const { port } = app.server.address() as AddressInfo;

t.test('a client trusting the CA gets answers over HTTPS', async (t) => {
  const answer = await httpsGet(`https://localhost:${port}/healthz`, { ca: certificates.ca });
  t.same(answer, { status: 200, body: '{"status":"ok"}' });
});

t.test('127.0.0.1 is covered too', async (t) => {
  const answer = await httpsGet(`https://127.0.0.1:${port}/healthz`, { ca: certificates.ca });
  t.equal(answer.status, 200);
});

const ipv6 = { skip: (await canListenOn('::1')) ? false : 'this machine has no IPv6 loopback' };
t.test('and ::1', ipv6, async (t) => {
  // Listening on ::1 itself: `localhost` may resolve to 127.0.0.1 alone (as in many containers).
  const onIpv6 = buildApp({ tls: certificates });
  t.teardown(() => onIpv6.close());
  await onIpv6.listen({ port: 0, host: '::1' });
  const { port: ipv6Port } = onIpv6.server.address() as AddressInfo;
  const answer = await httpsGet(`https://[::1]:${ipv6Port}/healthz`, { ca: certificates.ca });
  t.equal(answer.status, 200);
});

t.test('a client that does not trust the CA refuses the connection', async (t) => {
  await t.rejects(httpsGet(`https://localhost:${port}/healthz`), {
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  });
});

t.test('nextLinks carry the https origin the client used', async (t) => {
  const answer = await httpsGet(`https://localhost:${port}${PAGE}`, {
    ca: certificates.ca,
    headers: { authorization: 'Bearer anything' },
  });
  t.equal(answer.status, 200);
  const page = JSON.parse(answer.body) as Record<string, unknown>;
  t.match(page['@odata.nextLink'], new RegExp(`^https://localhost:${port}/beta/`));
  t.match(page['@odata.context'], new RegExp(`^https://localhost:${port}/beta/`));
});

t.test('inject still works on an HTTPS app', async (t) => {
  const response = await app.inject({ url: '/healthz' });
  t.equal(response.statusCode, 200);
  t.same(response.json(), { status: 'ok' });
});

t.test('a plain HTTP request to the HTTPS port gets no HTTP answer', async (t) => {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch((error: Error) => error);
  t.ok(response instanceof Error, 'the request fails');
});
