/**
 * The limits the server puts on connections and requests, and Graph's envelope where HTTP lets
 * the mock answer: over real sockets, with the limits shrunk so the tests run in a second or two.
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { DEFAULT_LIMITS, type ServerLimits } from '../../server/http-server.js';
import { contract } from '../support/graph.js';
import { exchange, parseRawResponse } from '../support/raw-http.js';

async function listening(limits: Partial<ServerLimits>) {
  const app = buildApp({ limits });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as { port: number }).port };
}

function envelopeOf(answer: string) {
  const { statusLine, json } = parseRawResponse(answer);
  return { statusLine, json, violations: contract.validateError(json) };
}

t.test('buildApp applies the default limits to its server', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.ready();
  t.equal(app.server.headersTimeout, DEFAULT_LIMITS.headersTimeoutMs);
  t.equal(app.server.requestTimeout, DEFAULT_LIMITS.requestTimeoutMs);
  t.equal(app.server.keepAliveTimeout, DEFAULT_LIMITS.keepAliveTimeoutMs);
  t.equal(app.server.timeout, DEFAULT_LIMITS.idleSocketTimeoutMs);
  t.equal(app.server.maxConnections, DEFAULT_LIMITS.maxConnections);
});

t.test('a request timeout shorter than the headers timeout shortens that too', async (t) => {
  const app = buildApp({ limits: { requestTimeoutMs: 5_000 } });
  t.teardown(() => app.close());
  await app.ready();
  t.equal(app.server.requestTimeout, 5_000);
  t.equal(app.server.headersTimeout, 5_000);
});

t.test('a request whose headers do not arrive in time is answered 408', async (t) => {
  const { port } = await listening({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
  const answer = envelopeOf(await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'));
  t.equal(answer.statusLine, 'HTTP/1.1 408 Request Timeout');
  t.equal(answer.json.error.code, 'RequestTimeout');
  t.same(answer.violations, []);
});

t.test('a request line and headers over the size limit are answered 431', async (t) => {
  const { port } = await listening({ maxHeaderBytes: 1024 });
  const url = `/healthz?${'a'.repeat(2000)}`;
  const answer = envelopeOf(await exchange(port, `GET ${url} HTTP/1.1\r\nHost: x\r\n\r\n`));
  t.equal(answer.statusLine, 'HTTP/1.1 431 Request Header Fields Too Large');
  t.equal(answer.json.error.code, 'RequestHeaderFieldsTooLarge');
  t.same(answer.violations, []);
});

t.test('an idle keep-alive connection is closed after the keep-alive timeout', async (t) => {
  const { port } = await listening({ keepAliveTimeoutMs: 200 });
  const answer = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  t.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
  t.match(answer, /\r\nKeep-Alive: timeout=\d+\r\n/i, 'the client was told how long it may idle');
});

t.test('a connection that sends nothing is closed after the idle timeout', async (t) => {
  const { port } = await listening({ idleSocketTimeoutMs: 200 });
  t.equal(await exchange(port, ''), '', 'closed without an answer: there was no request');
});

t.test('connections beyond the cap are closed as they open', async (t) => {
  const { port } = await listening({ maxConnections: 1 });
  const first = connect(port, '127.0.0.1');
  await once(first, 'connect');
  t.teardown(() => first.destroy());
  // The first connection is surely counted once it has been answered.
  first.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await once(first, 'data');
  t.equal(
    await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'),
    '',
    'the second got nothing',
  );
});
