/**
 * Network faults on a real listening server (inject has no socket to break): what arrives on
 * the wire byte for byte, what Node's fetch makes of it, what the journal records, and that
 * every wait ends when the client goes or the mock closes. The SDK clients' view: test/e2e.
 */
import { once } from 'node:events';
import { get as httpsGet } from 'node:https';
import { connect } from 'node:net';
import { text } from 'node:stream/consumers';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import type { AppOptions } from '../../../../server/options.js';
import {
  cutAt,
  dribbledBody,
  malformedBodyOf,
} from '../../../../server/routes/call-records/network-fault-sender.js';
import { ensureLocalCertificates } from '../../../../server/tls/local-certificates.js';

const PATH =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)?$top=5';
const AUTH = { authorization: 'Bearer network-faults' };

async function listening(
  options: AppOptions = {},
): Promise<{ app: FastifyInstance; port: number }> {
  const app = buildApp(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not on TCP');
  return { app, port: address.port };
}

/** What a raw socket receives for one GET until the server ends the connection, and how it ended. */
interface Wire {
  readonly head: string;
  readonly body: Buffer;
  /** The socket error, e.g. ECONNRESET; undefined for an orderly close. */
  readonly error: string | undefined;
}

async function rawGet(port: number, headers: Record<string, string>): Promise<Wire> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  let error: string | undefined;
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', (thrown: NodeJS.ErrnoException) => {
    error = thrown.code;
  });
  const lines = Object.entries({ host: `127.0.0.1:${port}`, ...AUTH, ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  // Not once(socket, 'close'): it rejects on the 'error' a reset brings.
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(`GET ${PATH} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  await closed;
  const all = Buffer.concat(chunks);
  const end = all.indexOf('\r\n\r\n');
  return {
    head: end === -1 ? all.toString('latin1') : all.subarray(0, end).toString('latin1'),
    body: end === -1 ? Buffer.alloc(0) : all.subarray(end + 4),
    error,
  };
}

const contentLength = (head: string) => Number(/content-length: (\d+)/i.exec(head)?.[1]);

/** The page as it is without faults. */
async function wholePage(port: number): Promise<Buffer> {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    headers: { ...AUTH, 'x-mock-fault': 'none' },
  });
  return Buffer.from(await res.arrayBuffer());
}

function journalFaults(app: FastifyInstance) {
  return app
    .inject({ url: '/_mock/requests' })
    .then((res) =>
      (res.json().requests as { fault: string | null; status: number }[]).map((r) => r.fault),
    );
}

/** Waits until `check` holds, as a response's close reaches the journal a moment after the client sees it. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let tries = 0; tries < 100; tries++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

const { app, port } = await listening();
const page = await wholePage(port);

t.test('the page to break is a few thousand bytes', async (t) => {
  t.ok(page.length > 1000, `${page.length} bytes`);
});

t.test('connection-reset=N: the headers, N bytes of body, then a TCP reset', async (t) => {
  const wire = await rawGet(port, { 'x-mock-fault': 'connection-reset=100' });
  t.match(wire.head, /^HTTP\/1\.1 200 OK/);
  t.equal(contentLength(wire.head), page.length, 'the full Content-Length is declared');
  t.ok(wire.body.length <= 100, `${wire.body.length} bytes of body at most 100`);
  t.same(wire.body, page.subarray(0, wire.body.length), 'the page’s own bytes');
  t.equal(wire.error, 'ECONNRESET', 'a reset, not an orderly end');
});

t.test('truncated-body=N: the headers and exactly N bytes, then an orderly close', async (t) => {
  const wire = await rawGet(port, { 'x-mock-fault': 'truncated-body=100' });
  t.equal(contentLength(wire.head), page.length);
  t.same(wire.body, page.subarray(0, 100));
  t.equal(wire.error, undefined, 'a FIN, not a reset');
});

t.test('a cut at or past the end falls one byte short of it', async (t) => {
  const wire = await rawGet(port, { 'x-mock-fault': 'truncated-body=100000000' });
  t.same(wire.body, page.subarray(0, page.length - 1));
  t.equal(cutAt(10, 3), 3);
  t.equal(cutAt(10, 10), 9);
  t.equal(cutAt(0, 5), 0);
});

t.test('fetch: the response arrives, its body fails with a socket error', async (t) => {
  const causes = {
    'connection-reset=100': 'ECONNRESET',
    'connection-reset=0': 'ECONNRESET',
    'truncated-body=100': 'UND_ERR_SOCKET',
  };
  for (const [fault, code] of Object.entries(causes)) {
    const res = await fetch(`http://127.0.0.1:${port}${PATH}`, {
      headers: { ...AUTH, 'x-mock-fault': fault },
    });
    t.equal(res.status, 200, fault);
    const error = await res.text().then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    t.match(error, { name: 'TypeError', message: 'terminated' }, fault);
    t.equal((error?.cause as { code?: string } | undefined)?.code, code, fault);
  }
});

t.test('empty-response: not a byte, and the connection closes', async (t) => {
  const wire = await rawGet(port, { 'x-mock-fault': 'empty-response' });
  t.equal(wire.head, '');
  t.equal(wire.body.length, 0);
  const error = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    headers: { ...AUTH, 'x-mock-fault': 'empty-response' },
  }).then(
    () => undefined,
    (thrown: Error) => thrown,
  );
  t.match(error, { name: 'TypeError', message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } });
});

t.test('malformed-body: a 200 of the page’s length whose JSON breaks off mid-row', async (t) => {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    headers: { ...AUTH, 'x-mock-fault': 'malformed-body' },
  });
  t.equal(res.status, 200);
  const body = Buffer.from(await res.arrayBuffer());
  t.equal(body.length, page.length, 'the full length');
  t.equal(Number(res.headers.get('content-length')), page.length);
  const middle = Math.floor(page.length / 2);
  t.same(body.subarray(0, middle - 4), page.subarray(0, middle - 4), 'the first half as it was');
  t.match(body.subarray(middle).toString(), /^ +$/, 'the rest spaces');
  t.throws(() => JSON.parse(body.toString()), SyntaxError);
});

t.test(
  'malformed bodies stay valid UTF-8: the break moves back to a character’s start',
  async (t) => {
    const word = Buffer.from('{"a":"ééé"}');
    const broken = malformedBodyOf(word);
    t.equal(broken.length, word.length);
    t.equal(broken.toString('utf8').includes('\ufffd'), false);
    t.same(malformedBodyOf(Buffer.from('{}')), Buffer.from('{ '));
    t.same(word, Buffer.from('{"a":"ééé"}'), 'the page itself is untouched');
  },
);

t.test(
  'stall=ms: the headers, then nothing until the stall ends and the mock closes',
  async (t) => {
    const wire = await rawGet(port, { 'x-mock-fault': 'stall=150' });
    t.match(wire.head, /^HTTP\/1\.1 200 OK/);
    t.equal(contentLength(wire.head), page.length);
    t.equal(wire.body.length, 0);
    t.equal(wire.error, undefined);
  },
);

t.test('stall: a client that gives up leaves nothing waiting, and is journalled', async (t) => {
  await app.inject({ method: 'POST', url: '/_mock/reset' });
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    headers: { ...AUTH, 'x-mock-fault': 'stall=60000' },
    signal: AbortSignal.timeout(200),
  });
  t.equal(res.status, 200, 'the headers come at once');
  const error = await res.text().then(
    () => undefined,
    (thrown: Error) => thrown,
  );
  t.match(error, { name: 'TimeoutError' });
  t.ok(await eventually(async () => (await journalFaults(app)).includes('stall=60000')));
});

t.test('dribble=B: the whole page, a piece at a time', async (t) => {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    headers: { ...AUTH, 'x-mock-fault': `dribble=${page.length * 4}` },
  });
  t.equal(res.status, 200);
  const pieces: number[] = [];
  for await (const piece of res.body!) pieces.push(piece.length);
  t.equal(
    pieces.reduce((sum, n) => sum + n, 0),
    page.length,
  );
  t.ok(pieces.length >= 2, `${pieces.length} pieces`);
});

t.test('a dribble sends what is left at once when its time is up', async (t) => {
  const body = Buffer.from('abcdefghij');
  t.equal(await text(dribbledBody(body, 5, 0)), 'abcdefghij', 'at once');
  t.equal(await text(dribbledBody(body, 50, 300)), 'abcdefghij', '5 bytes a tick, then the rest');
  t.equal(await text(dribbledBody(Buffer.from('ab'), 20)), 'ab', 'a byte each 50 ms');
});

t.test('the journal names each network fault, cut or finished', async (t) => {
  await app.inject({ method: 'POST', url: '/_mock/reset' });
  for (const fault of ['connection-reset=10', 'truncated-body=10', 'empty-response', 'stall=0']) {
    await rawGet(port, { 'x-mock-fault': fault });
  }
  await fetch(`http://127.0.0.1:${port}${PATH}`, {
    headers: { ...AUTH, 'x-mock-fault': 'malformed-body' },
  }).then((res) => res.arrayBuffer());
  const expected = [
    'connection-reset=10',
    'truncated-body=10',
    'empty-response',
    'stall=0',
    'malformed-body',
  ];
  t.ok(await eventually(async () => (await journalFaults(app)).length === expected.length));
  t.same((await journalFaults(app)).sort(), [...expected].sort());
});

t.test('a scenario rule breaks the pages it picks, the first failures attempts', async (t) => {
  const { app, port } = await listening({
    scenarios: [
      {
        name: 'resets',
        extends: 'default',
        faults: [{ kind: 'connectionReset', afterBytes: 64, pages: [1], failures: 2 }],
      },
    ],
    scenario: 'resets',
  });
  const cut = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const wire = await rawGet(port, { connection: 'close' });
    cut.push(wire.body.length < contentLength(wire.head));
  }
  t.same(cut, [true, true, false], 'two attempts cut, the third whole');
  const requests = (await app.inject({ url: '/_mock/requests' })).json().requests;
  t.same(
    requests.map((r: { fault: string | null }) => r.fault),
    ['connection-reset=64 (/faults/0)', 'connection-reset=64 (/faults/0)', null],
  );
});

t.test('close() ends a stall and a dribble at once', async (t) => {
  const { app, port } = await listening();
  const stalled = rawGet(port, { 'x-mock-fault': 'stall=60000' });
  const dribbling = rawGet(port, { 'x-mock-fault': 'dribble=1' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await app.close();
  const [stall, dribble] = await Promise.all([stalled, dribbling]);
  t.match(stall.head, /^HTTP\/1\.1 200 OK/);
  t.ok(dribble.body.length < page.length, `${dribble.body.length} bytes of the dribble`);
});

t.test('without the control API a cut response is simply gone', async (t) => {
  const { port } = await listening({ control: false });
  const wire = await rawGet(port, { 'x-mock-fault': 'empty-response' });
  t.equal(wire.head, '');
});

t.test('over TLS a reset is a close: Node keeps the TCP handle under TLS to itself', async (t) => {
  const tls = await ensureLocalCertificates(t.testdir());
  const { port } = await listening({ tls });
  const { status, received, complete } = await new Promise<{
    status: number | undefined;
    received: number;
    complete: boolean;
  }>((resolve) => {
    const headers = { ...AUTH, 'x-mock-fault': 'connection-reset=100' };
    httpsGet(
      `https://localhost:${port}${PATH}`,
      { agent: false, ca: tls.ca, headers },
      (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
        });
        response.on('error', () => {});
        response.on('close', () =>
          resolve({ status: response.statusCode, received, complete: response.complete }),
        );
      },
    );
  });
  t.equal(status, 200);
  t.equal(received, 100, 'the first 100 bytes');
  t.equal(complete, false, 'the body cut short');
});
