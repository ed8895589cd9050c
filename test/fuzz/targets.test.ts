/**
 * The fuzz's two ways to the server: inject, with the URL light-my-request makes of a raw
 * path, and a raw socket, with the bytes written as given, wire quirks applied and answers
 * parsed back, unanswered requests included.
 */
import { once } from 'node:events';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import t from 'tap';
import {
  exchange,
  injectedPath,
  injectTarget,
  NO_RESPONSE,
  parseResponse,
  REFUSED_BY_INJECT,
  requestBytes,
  socketTarget,
} from '../../tools/fuzz/targets.js';
import { asSent, RAW_TARGET, WIRE_QUIRKS, type WireQuirk } from '../../tools/fuzz/wire-quirks.js';
import { TOKEN } from '../support/graph.js';

const HEALTH = { method: 'GET', path: '/healthz', headers: {} };

function quirk(name: string): WireQuirk {
  const found = WIRE_QUIRKS.find((q) => q.name === name);
  if (found === undefined) throw new Error(`no wire quirk '${name}'`);
  return found;
}

t.test('inject sees the path as a WHATWG URL makes it', async (t) => {
  t.equal(injectedPath('/a\tb/\nc?x y#z'), '/ab/c?x%20y');
  t.equal(injectedPath('/a/../b\\c'), '/b/c');
  t.equal(injectedPath('//beta/x'), '//beta/x', 'a leading // is a path, not an authority');
});

t.test('the inject target answers, counts its own refusals, and keeps quirks out', async (t) => {
  const target = await injectTarget();
  t.teardown(() => target.close());
  t.equal(((await target.send(HEALTH, null)) as { status: number }).status, 200);
  const status = async (path: string) =>
    (
      (await target.send({ ...HEALTH, path, headers: { authorization: TOKEN } }, null)) as {
        status: number;
      }
    ).status;
  const sms = 'communications/callRecords/getSmsLog(from=2024-06-01,to=2024-06-02)';
  t.equal(await status(`/beta/${sms}`), 200, 'every log function, as the app serves it');
  t.equal(await status(`/v1.0/${sms}`), 400, 'in the versions that have it');
  t.equal(await status('/v1.0/communications/callRecords/x'), 404, 'and call records by id');
  const posted = await target.send(
    {
      method: 'POST',
      path: '/_mock/reset',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
    null,
  );
  t.equal((posted as { status: number }).status, 204, 'a body goes as the payload');
  t.equal(await target.send({ ...HEALTH, path: '/\\[' }, null), REFUSED_BY_INJECT);
  await t.rejects(target.send({ ...HEALTH, method: 'FUZZ' }, null), 'other failures are thrown');
  await t.rejects(target.send(HEALTH, quirk('CONNECT')), /inject cannot send CONNECT/);
  t.equal(target.seenAs({ ...HEALTH, path: '/x/../healthz' }, null).path, '/healthz');
  t.ok(await target.healthy());
  target.reset();
});

t.test('quirks change the method and the request-target as the server will see them', async (t) => {
  const sent = { method: 'GET', path: '/a/b?q', headers: {} };
  t.same(asSent(sent, null), sent);
  const odd = { ...sent, path: '/a b/é\t"{}<>`/%ZZ#\\' };
  t.equal(
    asSent(odd, null).path,
    '/a%20b/%C3%A9%09%22%7B%7D%3C%3E%60/%ZZ#\\',
    'as a client writes it',
  );
  t.equal(asSent(odd, RAW_TARGET).path, odd.path, 'or raw');
  t.equal(asSent(sent, quirk('a lower-case method')).method, 'get');
  t.equal(asSent(sent, quirk('CONNECT')).method, 'CONNECT');
  t.equal(asSent(sent, quirk('an asterisk-form target')).path, '*');
  t.equal(asSent(sent, quirk('an absolute-form target')).path, 'http://127.0.0.1/a/b?q');
  t.equal(asSent(sent, quirk('a fragment')).path, '/a/b?q#fragment');
  t.equal(asSent(sent, quirk('a fragment before the last segment')).path, '/a/x#/b?q');
  t.equal(
    asSent({ ...sent, path: '/a/b' }, quirk('a fragment before the last segment')).path,
    '/a/x#/b',
  );
});

t.test('request bytes: the request line, Host, the headers, framing and quirks', async (t) => {
  const text = (bytes: Buffer) => bytes.toString('latin1');
  t.equal(
    text(requestBytes({ method: 'GET', path: '/é', headers: { a: 'Ã©' } }, 'h:1', null)),
    'GET /Ã© HTTP/1.1\r\nhost: h:1\r\na: Ã©\r\nconnection: close\r\n\r\n',
    'the target as UTF-8, header values as latin1',
  );
  t.equal(
    text(
      requestBytes({ method: 'POST', path: '/', headers: { host: 'mine' }, body: 'é' }, 'h', null),
    ),
    'POST / HTTP/1.1\r\nhost: mine\r\ncontent-length: 2\r\nconnection: close\r\n\r\nÃ©',
  );
  t.equal(
    text(requestBytes(HEALTH, 'h', quirk('HTTP/1.0 without Host'))),
    'GET /healthz HTTP/1.0\r\nconnection: close\r\n\r\n',
  );
  t.equal(
    text(requestBytes(HEALTH, 'h', quirk('no version in the request line'))),
    'GET /healthz\r\nhost: h\r\nconnection: close\r\n\r\n',
  );
  t.equal(
    text(requestBytes({ ...HEALTH, body: 'x' }, 'h', quirk('an empty chunked body'))),
    'GET /healthz HTTP/1.1\r\nhost: h\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
    "a quirk's body comes with its own framing",
  );
});

t.test('responses are parsed past interim answers, framed every way', async (t) => {
  const parse = (text: string, method = 'GET') =>
    parseResponse(Buffer.from(text, 'latin1'), method);
  t.equal(parse('HTTP/1.1 200 OK\r\n'), undefined, 'an unfinished head');
  t.equal(parse('garbage\r\n\r\n'), undefined, 'not a status line');
  t.same(parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\na: 1\r\nA: 2\r\n\r\nrest'), {
    status: 200,
    headers: { a: '1, 2' },
    body: 'rest',
  });
  t.equal(parse('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nabc')?.body, 'ab');
  t.equal(parse('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n', 'HEAD')?.body, '');
  t.equal(parse('HTTP/1.1 204 No Content\r\n\r\nx')?.body, '');
  t.equal(
    parse('HTTP/1.1 400 Bad\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n')
      ?.body,
    'abc',
  );
  t.equal(parse('HTTP/1.1 400 Bad\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab')?.body, 'ab');
});

async function listening(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

t.test('an exchange gives up on a silent server', async (t) => {
  const connections: Socket[] = [];
  const silent = createServer((socket) => connections.push(socket));
  const port = await listening(silent);
  t.teardown(() => {
    for (const socket of connections) socket.destroy();
    silent.close();
  });
  t.equal(await exchange(port, Buffer.from('GET / HTTP/1.1\r\n\r\n'), 50), undefined);
});

t.test('an exchange with a closed port reads nothing', async (t) => {
  const closed = createServer();
  const port = await listening(closed);
  closed.close();
  await once(closed, 'close');
  t.same(await exchange(port, Buffer.from('x'), 1000), Buffer.alloc(0));
});

t.test('the socket target answers, and says so when it cannot', async (t) => {
  const target = await socketTarget(300);
  const health = await target.send(HEALTH, null);
  t.equal((health as { status: number }).status, 200);
  t.equal(target.seenAs(HEALTH, quirk('CONNECT')).method, 'CONNECT');
  const waiting = await target.send(
    { method: 'POST', path: '/_mock/reset', headers: { authorization: TOKEN } },
    { name: 'a body that never comes', lines: ['content-type: text/plain', 'content-length: 10'] },
  );
  t.equal(waiting, NO_RESPONSE, 'a request the server still waits on');
  t.ok(await target.healthy());
  target.reset();
  await target.close();
  t.notOk(await target.healthy(), 'a closed server is not healthy');
});
