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
import { exchange } from '../../support/raw-http.js';

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

t.test('a plain HTTP request to the HTTPS port is told, in plain HTTP, to use https', async (t) => {
  const answer = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
  t.match(answer, /\r\nContent-Type: text\/plain; charset=utf-8\r\n/i);
  const [, body] = answer.split('\r\n\r\n');
  t.equal(
    body,
    'This port speaks HTTPS only: send the request again with https:// and the same host and port.\n',
  );
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  t.equal(response.status, 400, 'fetch reads it as an answer too');
  t.match(await response.text(), /speaks HTTPS only/);
});

t.test('a TLS handshake that fails otherwise is left to Node: no plain-HTTP answer', async (t) => {
  // A TLS record header announcing a handshake, then junk: not an HTTP request.
  const junk = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const answer = await exchange(port, junk.toString('latin1'));
  t.notMatch(answer, /HTTP\//, 'at most a TLS alert, never an HTTP answer');
});
