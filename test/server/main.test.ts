/**
 * The CLI as a user meets it: the built entry point in a child process. Run after `npm run build`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { defaultScenario, largeScenario, scenarioNames } from '../../scenarios/catalog.js';
import { USAGE } from '../../server/config.js';

const MAIN = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));
const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'MOCK_SEED',
  'MOCK_SCENARIO',
  'MOCK_PUBLIC_URL',
  'MOCK_LOG_LEVEL',
  'MOCK_AUTH',
  'MOCK_TOKEN_SECRET',
];
const PREFIX = 'graph-callrecords-mock: ';
const BANNER =
  /^graph-callrecords-mock listening on (http:\/\/\S+) \(scenario (\S+), seed (\d+)\)$/;
const STACK_FRAME = /^\s+at /m;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test runner's environment without any of the mock's own variables, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !CONFIG_VARIABLES.includes(name),
  );
  return { ...Object.fromEntries(inherited), ...env };
}

/** Every child started, so a failed test cannot leave a server running. */
const children = new Set<ChildProcess>();
t.teardown(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { env: childEnv(env) });
  children.add(child);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });

  const exited = once(child, 'close').then(
    ([code, signal]): Exit => ({ code, signal, stdout, stderr }),
  );

  /** Resolves with the first complete stdout line matching `pattern`; rejects if the child exits first. */
  function lineMatching(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const complete = stdout.split('\n').slice(0, -1);
        const match = complete.map((line) => line.match(pattern)).find((found) => found !== null);
        if (!match) return;
        child.stdout.off('data', check);
        resolve(match);
      };
      child.stdout.on('data', check);
      check();
      void exited.then((exit) =>
        reject(new Error(`exited (${exit.code}) before printing ${pattern}: ${exit.stderr}`)),
      );
    });
  }

  return { child, exited, lineMatching };
}

function run(args: readonly string[], env: Record<string, string> = {}): Promise<Exit> {
  return start(args, env).exited;
}

async function canListenOn(host: string): Promise<boolean> {
  const probe = createServer();
  probe.listen(0, host);
  const listened = await Promise.race([
    once(probe, 'listening').then(() => true),
    once(probe, 'error').then(() => false),
  ]);
  if (listened) probe.close();
  return listened;
}

t.ok(existsSync(MAIN), `${MAIN} exists (run npm run build first)`);

t.test('bad configuration exits 2 with one line on stderr and no stack trace', async (t) => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ['a bad flag value', ['--port', 'abc'], {}, 'invalid --port / PORT "abc"'],
    [
      'a bad environment variable',
      [],
      { MOCK_SCENARIO: 'huge' },
      `expected one of ${scenarioNames().join(', ')}`,
    ],
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
