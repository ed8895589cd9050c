/**
 * The CLI's run() in-process: options, usage, errors, the banner, serving and shutting down on a
 * signal. The built bin in a real process is test/e2e/cli.test.ts; HTTPS is main-tls.test.ts.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import t from 'tap';
import { defaultScenario, findScenario, scenarioNames } from '../../scenarios/catalog.js';
import { USAGE } from '../../server/config/usage.js';
import {
  assertUsageError,
  BANNER,
  canListenOn,
  PREFIX,
  runInProcess,
  STACK_FRAME,
  serveInProcess,
} from '../support/cli.js';

/** Exits at once: the command line or the environment is bad. */
const exitOf = (args: readonly string[], env: Record<string, string> = {}) =>
  runInProcess(args, env).exited;

t.test('bad configuration exits 2 with one line on stderr and no stack trace', async (t) => {
  // One bad value for every option.
  const cases: [string, string[], Record<string, string>, string][] = [
    ['a non-numeric port', ['--port', 'abc'], {}, 'invalid --port / PORT "abc"'],
    ['a port out of range', [], { PORT: '70000' }, 'invalid --port / PORT "70000"'],
    ['a bad host', ['--host', 'no such host!'], {}, 'invalid --host / HOST'],
    ['a bad seed', ['--seed', 'seven'], {}, 'invalid --seed / MOCK_SEED "seven"'],
    ['a seed out of range', [], { MOCK_SEED: '4294967296' }, 'invalid --seed / MOCK_SEED'],
    [
      'an unknown scenario',
      [],
      { MOCK_SCENARIO: 'huge' },
      `expected one of ${scenarioNames().join(', ')}`,
    ],
    [
      'a public URL with a path',
      ['--public-url', 'https://mock.example/beta'],
      {},
      'invalid --public-url / MOCK_PUBLIC_URL',
    ],
    ['a bad log level', ['--log-level', 'loud'], {}, 'invalid --log-level / MOCK_LOG_LEVEL'],
    ['a bad auth mode', [], { MOCK_AUTH: 'none' }, 'invalid --auth / MOCK_AUTH "none"'],
    ['an empty token secret', ['--token-secret', ''], {}, 'invalid --token-secret'],
    ['a bad control switch', ['--control', 'maybe'], {}, 'invalid --control / MOCK_CONTROL'],
    ['a bad TLS switch', [], { MOCK_TLS: 'yes please' }, 'invalid --tls / MOCK_TLS'],
    ['an empty TLS directory', ['--tls-dir', ''], {}, 'invalid --tls-dir / MOCK_TLS_DIR'],
    ['a certificate without its key', ['--tls-cert', 'cert.pem'], {}, 'go together'],
    [
      'an unreadable certificate',
      ['--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem'],
      {},
      '/nonexistent/cert.pem',
    ],
    ['an empty admin token', ['--admin-token', ''], {}, 'invalid --admin-token / MOCK_ADMIN_TOKEN'],
    ['a bad CORS origin', ['--cors', 'localhost:5173'], {}, 'invalid --cors / MOCK_CORS'],
    ['a bad shutdown grace', [], { MOCK_SHUTDOWN_GRACE: 'soon' }, 'invalid --shutdown-grace'],
    ['an unknown flag', ['--verbose'], {}, "Unknown option '--verbose'"],
  ];
  for (const [name, args, env, detail] of cases) {
    const exit = await exitOf(args, env);
    assertUsageError(t, name, exit, detail);
  }
});

t.test('--help prints the usage on stdout and exits 0', async (t) => {
  const exit = await exitOf(['--help']);
  t.equal(exit.code, 0);
  t.equal(exit.stdout, `${USAGE}\n`);
  t.equal(exit.stderr, '');
});

t.test('it serves on the port it reports and exits 0 on SIGTERM', async (t) => {
  const server = runInProcess(['--port', '0', '--log-level', 'silent']);
  const [, url, scenario, seed] = await server.lineMatching(BANNER);
  t.match(url, /^http:\/\/localhost:\d+$/);
  t.not(url, 'http://localhost:0', 'the banner reports the bound port, not 0');
  t.equal(scenario, defaultScenario.name);
  t.equal(seed, String(defaultScenario.seed), "the default scenario's own seed");

  const response = await fetch(`${url}/healthz`);
  await response.arrayBuffer();
  t.ok(response.status < 500, `the server answered (${response.status})`);

  server.signal('SIGTERM');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.equal(exit.stdout.split('\n').length, 2, 'the banner alone on stdout');
  t.equal(exit.stderr, '');
});

t.test('SIGINT also shuts it down with exit code 0', async (t) => {
  const server = await serveInProcess(['--host', '127.0.0.1']);
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  server.signal('SIGINT');
  t.equal((await server.exited).code, 0);
});

t.test(
  'requests still in flight after the shutdown grace have their connections cut',
  async (t) => {
    const server = await serveInProcess(['--host', '127.0.0.1', '--shutdown-grace', '0']);
    const slow = fetch(
      `${server.url}/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01)`,
      { headers: { authorization: 'Bearer test', 'x-mock-fault': 'latency=5000' } },
    ).catch((error: Error) => error);
    // The request is in flight once the server has it; a moment is enough on the loopback.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    server.signal('SIGTERM');
    t.equal((await server.exited).code, 0, 'it still exits 0');
    t.ok(Date.now() - started < 4000, 'without waiting for the slow page');
    t.ok((await slow) instanceof Error, 'the slow request lost its connection');
  },
);

const ipv6 = { skip: (await canListenOn('::1')) ? false : 'this machine has no IPv6 loopback' };
t.test('an IPv6 host is bracketed in the banner URL', ipv6, async (t) => {
  const server = await serveInProcess(['--host', '::1']);
  t.match(server.url, /^http:\/\/\[::1\]:\d+$/);
  const response = await fetch(`${server.url}/healthz`);
  await response.arrayBuffer();
  t.ok(response.status < 500, `the server answered (${response.status})`);
  server.signal();
  t.equal((await server.exited).code, 0);
});

t.test('the banner shows the chosen scenario and seed', async (t) => {
  // A small tenant: building the large one's directory would take seconds.
  const small = findScenario('single-page')!;
  const cases: [string[], Record<string, string>, string, string][] = [
    [['--scenario', small.name], {}, small.name, String(small.seed)],
    [['--seed', '42'], { MOCK_SCENARIO: small.name }, small.name, '42'],
  ];
  for (const [args, env, scenario, seed] of cases) {
    const server = runInProcess(['--port', '0', '--log-level', 'silent', ...args], env);
    const [, , shownScenario, shownSeed] = await server.lineMatching(BANNER);
    t.equal(shownScenario, scenario, `${args.join(' ')}: scenario`);
    t.equal(shownSeed, seed, `${args.join(' ')}: seed`);
    server.signal();
    t.equal((await server.exited).code, 0);
  }
});

t.test('a port already in use exits 1 with one line on stderr', async (t) => {
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const address = blocker.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  const exit = await exitOf(['--host', '127.0.0.1', '--port', String(address.port)], {
    MOCK_LOG_LEVEL: 'silent',
  });
  t.equal(exit.code, 1);
  t.equal(
    exit.stderr,
    `${PREFIX}cannot listen on 127.0.0.1 port ${address.port}: the port is already in use; ` +
      'stop the other server or choose another --port / PORT\n',
  );
});

t.test('on a name, the line names the address where the port is taken', async (t) => {
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const { port } = blocker.address() as { port: number };
  const exit = await exitOf(['--host', 'localhost', '--port', String(port)]);
  t.equal(exit.code, 1);
  t.match(
    exit.stderr,
    `${PREFIX}cannot listen on localhost (127.0.0.1) port ${port}: the port is already in use`,
  );
});

t.test('a name that does not resolve exits 1 with the reason on one line', async (t) => {
  // .invalid never resolves (RFC 6761).
  const exit = await exitOf(['--host', 'no-such-host.invalid', '--port', '0']);
  t.equal(exit.code, 1);
  t.match(
    exit.stderr,
    /^graph-callrecords-mock: cannot listen on no-such-host\.invalid port 0: .*ENOTFOUND.*\n$/,
  );
});

t.test('an address it cannot bind exits 1 with the reason on one line', async (t) => {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a local interface.
  const exit = await exitOf(['--host', '192.0.2.1', '--port', '0', '--log-level', 'silent']);
  t.equal(exit.code, 1);
  t.match(
    exit.stderr,
    /^graph-callrecords-mock: cannot listen on 192\.0\.2\.1 port 0: .*EADDRNOTAVAIL.*\n$/,
  );
  t.equal(exit.stderr.split('\n').length, 2, 'one line');
  t.notMatch(exit.stderr, STACK_FRAME);
});
