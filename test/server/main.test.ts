/**
 * The CLI as a user meets it: the built entry point in a child process. Run after `npm run build`.
 * HTTPS has its own file, main-tls.test.ts.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import t from 'tap';
import { defaultScenario, largeScenario, scenarioNames } from '../../scenarios/catalog.js';
import { USAGE } from '../../server/config.js';
import { BANNER, canListenOn, MAIN, PREFIX, run, STACK_FRAME, start } from '../support/cli.js';

t.ok(existsSync(MAIN), `${MAIN} exists (run npm run build first)`);

t.test('bad configuration exits 2 with one line on stderr and no stack trace', async (t) => {
  // One bad value for every option, through the real CLI.
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
    const exit = await run(args, env);
    t.equal(exit.code, 2, `${name}: exit code`);
    t.equal(exit.stdout, '', `${name}: nothing on stdout`);
    const lines = exit.stderr.split('\n');
    t.equal(lines.length, 2, `${name}: exactly one line on stderr`);
    t.equal(lines[1], '', `${name}: the line is terminated`);
    t.ok(lines[0]?.startsWith(PREFIX), `${name}: the line starts with the program name`);
    t.match(lines[0], detail, `${name}: the line says what is wrong`);
    t.notMatch(exit.stderr, STACK_FRAME, `${name}: no stack frames`);
  }
});

t.test('--help prints the usage on stdout and exits 0', async (t) => {
  const exit = await run(['--help']);
  t.equal(exit.code, 0);
  t.equal(exit.stdout, `${USAGE}\n`);
  t.equal(exit.stderr, '');
});

t.test('it serves on the port it reports and exits 0 on SIGTERM', async (t) => {
  const server = start(['--port', '0']);
  const [, url, scenario, seed] = await server.lineMatching(BANNER);
  t.match(url, /^http:\/\/localhost:\d+$/);
  t.not(url, 'http://localhost:0', 'the banner reports the bound port, not 0');
  t.equal(scenario, defaultScenario.name);
  t.equal(seed, String(defaultScenario.seed), "the default scenario's own seed");

  const response = await fetch(`${url}/healthz`);
  await response.arrayBuffer();
  t.ok(response.status < 500, `the server answered (${response.status})`);

  server.child.kill('SIGTERM');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.equal(exit.signal, null, 'it exited by itself rather than being killed');
  t.notMatch(exit.stderr, STACK_FRAME);
});

t.test('SIGINT also shuts it down with exit code 0', async (t) => {
  const server = start(['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent']);
  const [, url] = await server.lineMatching(BANNER);
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  server.child.kill('SIGINT');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.equal(exit.signal, null);
});

const ipv6 = { skip: (await canListenOn('::1')) ? false : 'this machine has no IPv6 loopback' };
t.test('an IPv6 host is bracketed in the banner URL', ipv6, async (t) => {
  const server = start(['--port', '0', '--host', '::1', '--log-level', 'silent']);
  const [, url] = await server.lineMatching(BANNER);
  t.match(url, /^http:\/\/\[::1\]:\d+$/);
  const response = await fetch(`${url}/healthz`);
  await response.arrayBuffer();
  t.ok(response.status < 500, `the server answered (${response.status})`);
  server.child.kill('SIGTERM');
  t.equal((await server.exited).code, 0);
});

t.test('the banner shows the chosen scenario and seed', async (t) => {
  const cases: [string[], Record<string, string>, string, string][] = [
    [['--scenario', 'large'], {}, 'large', String(largeScenario.seed)],
    [['--seed', '42'], { MOCK_SCENARIO: 'large' }, 'large', '42'],
  ];
  for (const [args, env, scenario, seed] of cases) {
    const server = start(['--port', '0', '--log-level', 'silent', ...args], env);
    const [, , shownScenario, shownSeed] = await server.lineMatching(BANNER);
    t.equal(shownScenario, scenario, `${args.join(' ')}: scenario`);
    t.equal(shownSeed, seed, `${args.join(' ')}: seed`);
    server.child.kill('SIGTERM');
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

  const exit = await run(['--host', '127.0.0.1', '--port', String(address.port)], {
    MOCK_LOG_LEVEL: 'silent',
  });
  t.equal(exit.code, 1);
  t.equal(
    exit.stderr,
    `${PREFIX}cannot listen on 127.0.0.1 port ${address.port}: the port is already in use; ` +
      'stop the other server or choose another --port / PORT\n',
  );
});

t.test('an address it cannot bind exits 1 with the reason on one line', async (t) => {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a local interface.
  const exit = await run(['--host', '192.0.2.1', '--port', '0', '--log-level', 'silent']);
  t.equal(exit.code, 1);
  t.match(
    exit.stderr,
    /^graph-callrecords-mock: cannot listen on 192\.0\.2\.1 port 0: .*EADDRNOTAVAIL.*\n$/,
  );
  t.equal(exit.stderr.split('\n').length, 2, 'one line');
  t.notMatch(exit.stderr, STACK_FRAME);
});
