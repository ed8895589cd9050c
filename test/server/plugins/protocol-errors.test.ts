/**
 * What Node answers or drops before fastify sees a request — malformed HTTP, oversized headers,
 * an Expect it cannot meet, CONNECT — still gets Graph's envelope.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import t from 'tap';
import { buildApp } from '../../../server/app.js';
import {
  answerProtocolErrors,
  clientErrorHandler,
} from '../../../server/plugins/protocol-errors.js';
import { contract, GUID } from '../../support/graph.js';
import { exchange, parseRawResponse } from '../../support/raw-http.js';

/** A socket stand-in that records what clientErrorHandler writes, and whether it destroyed it. */
function fakeSocket(writable = true): Socket & { written: string[]; destroyed: boolean } {
  const socket = {
    writable,
    written: [] as string[],
    destroyed: false,
    end(data?: string) {
      if (data !== undefined) socket.written.push(data);
    },
    destroy() {
      socket.destroyed = true;
    },
  };
  return socket as unknown as Socket & { written: string[]; destroyed: boolean };
}

function httpError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

t.test('malformed HTTP is answered with the envelope written straight to the socket', async (t) => {
  const cases = [
    [
      'HPE_INVALID_METHOD',
      'HTTP/1.1 400 Bad Request',
      'BadRequest',
      'The request is not valid HTTP.',
    ],
    [
      'HPE_HEADER_OVERFLOW',
      'HTTP/1.1 431 Request Header Fields Too Large',
      'RequestHeaderFieldsTooLarge',
      'The request headers are too large.',
    ],
    [
      'ERR_HTTP_REQUEST_TIMEOUT',
      'HTTP/1.1 408 Request Timeout',
      'RequestTimeout',
      'The request was not received in time.',
    ],
  ] as const;
  for (const [errorCode, statusLine, code, message] of cases) {
    const socket = fakeSocket();
    clientErrorHandler(httpError(errorCode), socket);
    t.equal(socket.written.length, 1, errorCode);
    const res = parseRawResponse(socket.written[0]!);
    t.equal(res.statusLine, statusLine);
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    t.equal(res.headers['odata-version'], '4.0');
    t.equal(res.headers['cache-control'], 'private');
    t.match(res.headers['x-ms-ags-diagnostic'], /graph-callrecords-mock/);
    t.ok(Number.isFinite(Date.parse(String(res.headers.date))), 'a Date header');
    t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body));
    t.equal(res.headers.connection, 'close');
    t.match(res.headers['request-id'], GUID);
    t.equal(res.headers['client-request-id'], res.headers['request-id']);
    t.same(contract.validateError(res.json), []);
    t.match(res.json, {
      error: { code, message, innerError: { 'request-id': res.headers['request-id'] } },
    });
  }
});

t.test(
  "a rejected request's own client-request-id is echoed when its bytes carry one",
  async (t) => {
    const withPacket = (packet: string) =>
      Object.assign(httpError('HPE_INVALID_METHOD'), { rawPacket: Buffer.from(packet, 'latin1') });
    const answer = (error: NodeJS.ErrnoException) => {
      const socket = fakeSocket();
      clientErrorHandler(error, socket);
      return parseRawResponse(socket.written[0]!);
    };
    const echoed = answer(
      withPacket('head / HTTP/1.1\r\nHost: x\r\nClient-Request-Id:  my-id-1 \r\n\r\n'),
    );
    t.equal(echoed.headers['client-request-id'], 'my-id-1', 'found case-insensitively, trimmed');
    t.match(echoed.headers['request-id'], GUID, 'request-id is still ours');
    t.equal(echoed.json.error.innerError['client-request-id'], 'my-id-1', 'and in innerError');
    // A value that can't go back out as a header, or no header at all: request-id stands in.
    for (const packet of [
      'head / HTTP/1.1\r\nclient-request-id: caf\xe9\r\n\r\n',
      'head / HTTP/1.1\r\n\r\n',
    ]) {
      const res = answer(withPacket(packet));
      t.equal(res.headers['client-request-id'], res.headers['request-id'], JSON.stringify(packet));
    }
  },
);

t.test('a reset or closed socket is destroyed without an answer', async (t) => {
  const reset = fakeSocket();
  clientErrorHandler(httpError('ECONNRESET'), reset);
  t.same(reset.written, []);
  t.ok(reset.destroyed);
  const closed = fakeSocket(false);
  clientErrorHandler(httpError('HPE_INVALID_METHOD'), closed);
  t.same(closed.written, []);
  t.ok(closed.destroyed);
});

t.test('over a real socket, garbage and oversized headers get Graph envelopes', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };

  const garbage = parseRawResponse(await exchange(port, 'GARBAGE\r\n\r\n'));
  t.equal(garbage.statusLine, 'HTTP/1.1 400 Bad Request');
  t.same(contract.validateError(garbage.json), []);

  const oversized = parseRawResponse(
    await exchange(
      port,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ),
  );
  t.equal(oversized.statusLine, 'HTTP/1.1 431 Request Header Fields Too Large');
  t.equal(oversized.json.error.code, 'RequestHeaderFieldsTooLarge');

  const control = parseRawResponse(
    await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nclient-request-id: a\u0001b\r\n\r\n'),
  );
  t.equal(control.statusLine, 'HTTP/1.1 400 Bad Request', 'a control character in a header');
});

t.test('over a real socket, CONNECT and an unmeetable Expect get Graph envelopes', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };

  const proxy = parseRawResponse(
    await exchange(
      port,
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nclient-request-id: c-1\r\n\r\n',
    ),
  );
  t.equal(proxy.statusLine, 'HTTP/1.1 405 Method Not Allowed');
  t.equal(proxy.headers['client-request-id'], 'c-1', "CONNECT echoes the caller's id");
  t.equal(proxy.headers.allow, 'GET, HEAD');
  t.same(contract.validateError(proxy.json), []);
  t.match(proxy.json.error.message, /not a proxy/);

  const expectation = parseRawResponse(
    await exchange(
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nclient-request-id: e-1\r\nConnection: close\r\n\r\n',
    ),
  );
  t.equal(expectation.statusLine, 'HTTP/1.1 417 Expectation Failed');
  t.equal(expectation.headers['client-request-id'], 'e-1', "417 echoes the caller's id");
  t.equal(expectation.json.error.innerError['client-request-id'], 'e-1');
  t.equal(expectation.json.error.code, 'ExpectationFailed');
  t.match(expectation.json.error.message, /'200-ok'/);
  t.same(contract.validateError(expectation.json), []);
});

t.test('CONNECT on a socket that already closed is left alone', async (t) => {
  const server = new EventEmitter() as Server;
  answerProtocolErrors(server);
  const closed = fakeSocket(false);
  server.emit('connect', {} as IncomingMessage, closed);
  t.same(closed.written, []);
});
