/**
 * Graceful shutdown of the CLI: on SIGTERM or SIGINT it stops accepting connections, lets the
 * requests in flight finish within the grace period, and exits 0. Run after `npm run build`.
 */
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { BANNER, STACK_FRAME, start } from '../support/cli.js';
import { contract, type PageBody } from '../support/graph.js';

const PAGE_PATH =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01)';
const IN_FLIGHT = 3;
/** fastify's log line for each request as it arrives, before the handler runs. */
const ARRIVAL = /"msg":"incoming request"/;
const CUT_OFF = /requests still in flight after \d+ s; closing their connections/;

interface Answer {
  readonly status?: number;
  readonly connection?: string;
  readonly body?: string;
  readonly error?: string;
}

/** GET of a month's first page over `agent`: the whole answer, or the error that ended it. */
function getPage(port: number, agent: Agent, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve) => {
    const options = {
      host: '127.0.0.1',
      port,
      path: PAGE_PATH,
      agent,
      headers: { authorization: 'Bearer shutdown-test', ...headers },
    };
    get(options, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        const { statusCode: status, headers } = response;
        resolve({ status: status!, connection: headers.connection!, body });
      });
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code! }));
    }).on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code! }));
  });
}

/** The CLI on a free port of 127.0.0.1, logging each request as it arrives. */
async function serve(t: Test, args: readonly string[] = []) {
  const server = start(['--port', '0', '--host', '127.0.0.1', '--log-level', 'info', ...args]);
  const [, url] = await server.lineMatching(BANNER);
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  return { ...server, port: Number(new URL(url!).port), agent };
}

t.test('SIGTERM lets every request in flight finish, then exits 0', async (t) => {
  const server = await serve(t, ['--shutdown-grace', '30']);
  // An idle keep-alive connection, of another agent, must not hold the exit up either.
  const idle = new Agent({ keepAlive: true });
  t.teardown(() => idle.destroy());
  t.equal((await getPage(server.port, idle)).status, 200);
  const inFlight = Array.from({ length: IN_FLIGHT }, () =>
    getPage(server.port, server.agent, { 'x-mock-fault': 'latency=1500' }),
  );
  await server.lineMatching(ARRIVAL, 1 + IN_FLIGHT);
  server.child.kill('SIGTERM');

  for (const answer of await Promise.all(inFlight)) {
    t.equal(answer.status, 200, 'answered, not cut');
    t.equal(answer.connection, 'close', 'and told to close its connection');
    const page = JSON.parse(answer.body!) as PageBody;
    t.equal(page.value.length, 1000, 'the whole page');
    t.same(contract.validatePage('getPstnCalls', 'beta', page), []);
  }
  t.same(await getPage(server.port, new Agent()), { error: 'ECONNREFUSED' }, 'no new connections');

  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.equal(exit.signal, null, 'it exited by itself');
  t.notMatch(exit.stdout, CUT_OFF, 'within the grace period: nothing was cut');
  t.notMatch(exit.stderr, STACK_FRAME);
});

/** Opens a TCP connection and writes `bytes`, if any, but never a whole request. */
async function openWithout(port: number, bytes?: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  if (bytes !== undefined) socket.write(bytes);
  return socket;
}

for (const tls of [false, true]) {
  t.test(
    `${tls ? 'HTTPS' : 'HTTP'}: connections with no request in flight do not hold the exit up`,
    async (t) => {
      const tlsArgs = tls ? ['--tls', '--tls-dir', t.testdir()] : [];
      const server = await serve(t, ['--shutdown-grace', '30', ...tlsArgs]);
      // Silent (over HTTPS: stuck before its TLS handshake) and half a request.
      const sockets = [
        await openWithout(server.port),
        await openWithout(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'),
      ];
      t.teardown(() => {
        for (const socket of sockets) socket.destroy();
      });
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      t.equal(exit.code, 0);
      t.notMatch(exit.stdout, CUT_OFF, 'they were ended at once, not after the grace period');
    },
  );
}

t.test('SIGINT shuts down the same way', async (t) => {
  const server = await serve(t);
  const inFlight = getPage(server.port, server.agent, { 'x-mock-fault': 'latency=1000' });
  await server.lineMatching(ARRIVAL);
  server.child.kill('SIGINT');
  t.equal((await inFlight).status, 200);
  t.equal((await server.exited).code, 0);
});

t.test('after the grace period, the requests still in flight are cut and it exits 0', async (t) => {
  const server = await serve(t, ['--shutdown-grace', '1']);
  const stuck = getPage(server.port, server.agent, { 'x-mock-fault': 'latency=60000' });
  await server.lineMatching(ARRIVAL);
  server.child.kill('SIGTERM');
  t.same(await stuck, { error: 'ECONNRESET' }, 'the slow request was cut');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.match(exit.stdout, CUT_OFF, 'and the log says so');
});
