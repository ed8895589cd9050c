/**
 * Requests the request-path fuzz (`npm run fuzz`, its socket run) found answered wrongly, kept
 * as literal regression tests. Each one goes over a real socket, because each needs bytes
 * inject cannot send, and is judged by the fuzz's own oracle plus the specific expectation.
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { LOG_FUNCTIONS } from '../../openapi/contract.js';
import { buildApp } from '../../server/app.js';
import { checkResponse, type FuzzResponse } from '../../tools/fuzz/oracle.js';
import type { FuzzRequest } from '../../tools/fuzz/request-path.js';
import { parseResponse } from '../../tools/fuzz/targets.js';
import { contract } from '../support/graph.js';

const PAGE_PATH =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)';
const SOCKET_TIMEOUT_MS = 5000;

let app: FastifyInstance;
let port: number;

t.before(async () => {
  app = buildApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});
t.teardown(() => app.close());

/** Writes `head` (latin1, as header bytes are) and returns the answer, or status 0 for none. */
function exchange(head: string, method: string): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const none: FuzzResponse = { status: 0, headers: {}, body: '' };
    socket.setTimeout(SOCKET_TIMEOUT_MS, () => socket.destroy());
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks), method) ?? none));
    socket.write(Buffer.from(head, 'latin1'));
  });
}

function request(method: string, path: string, headers: Record<string, string> = {}): FuzzRequest {
  return { method, path, headers };
}

t.test('an HTTP/1.1 request without Host is answered with a Graph envelope', async (t) => {
  const res = await exchange(
    `GET ${PAGE_PATH} HTTP/1.1\r\nauthorization: Bearer fuzz\r\nconnection: close\r\n\r\n`,
    'GET',
  );
  t.equal(res.status, 400, 'a 400');
  t.same(checkResponse(request('GET', PAGE_PATH), res, contract), [], 'a Graph envelope');
});

t.test('an unknown expectation is answered with a Graph envelope', async (t) => {
  const res = await exchange(
    `GET ${PAGE_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer fuzz\r\nexpect: fuzz\r\nconnection: close\r\n\r\n`,
    'GET',
  );
  t.not(res.status, 0, 'an answer');
  t.same(checkResponse(request('GET', PAGE_PATH), res, contract), [], 'a Graph envelope or a page');
});

t.test('CONNECT is answered, not dropped', async (t) => {
  const res = await exchange(
    `CONNECT ${PAGE_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer fuzz\r\nconnection: close\r\n\r\n`,
    'CONNECT',
  );
  t.not(res.status, 0, 'an answer');
  t.same(checkResponse(request('CONNECT', PAGE_PATH), res, contract), [], 'a Graph envelope');
});

t.test('a fragment that hides the last segment from the router gets no page', async (t) => {
  // The router stops at '#' and routes `…/callRecords/x`; the function segment after it must
  // not be what answers, whichever function it calls.
  for (const fn of LOG_FUNCTIONS) {
    const path = `/beta/communications/callRecords/x#/${fn}(fromDateTime=2024-06-01,toDateTime=2024-06-02)`;
    const res = await exchange(
      `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer fuzz\r\nconnection: close\r\n\r\n`,
      'GET',
    );
    t.equal(res.status, 404, `${fn}: a 404, as for the call record …/callRecords/x`);
    t.same(checkResponse(request('GET', path), res, contract), [], `${fn}: a Graph envelope`);
  }
});

t.test('a non-ASCII client-request-id is echoed unchanged or not at all', async (t) => {
  // 'é' sent as UTF-8 (C3 A9) reaches the server as the latin1 string 'Ã©'. Written back next
  // to a string body, Node re-encodes the head as UTF-8, so the client read 'Ã\u0083Â©'.
  const sent = Buffer.from('é', 'utf8').toString('latin1');
  for (const path of ['/healthz', '/beta/communications/callRecords/x', PAGE_PATH]) {
    const res = await exchange(
      `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer fuzz\r\nclient-request-id: ${sent}\r\nconnection: close\r\n\r\n`,
      'GET',
    );
    const headers = { 'client-request-id': sent };
    t.same(checkResponse(request('GET', path, headers), res, contract), [], path);
  }
});
