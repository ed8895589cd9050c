/**
 * The built bin (dist/server/bin/main.js) in a child process, for what only a real process shows:
 * exit codes through process.exit, stderr out before the exit, signals, and stdout's first line.
 * What the CLI says and does is tested in-process, in test/server/main.test.ts.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import t from 'tap';
import { USAGE } from '../../server/config/usage.js';
import { assertUsageError, BANNER, MAIN, PREFIX, run, STACK_FRAME, start } from '../support/cli.js';

t.ok(existsSync(MAIN), `${MAIN} exists (run npm run build first)`);

t.test('bad configuration exits 2 with one line on stderr and no stack trace', async (t) => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ['a non-numeric port', ['--port', 'abc'], {}, 'invalid --port / PORT "abc"'],
    ['a bad TLS switch', [], { MOCK_TLS: 'yes please' }, 'invalid --tls / MOCK_TLS'],
    [
      'an unreadable certificate',
      ['--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem'],
      {},
      '/nonexistent/cert.pem',
    ],
    ['an unknown flag', ['--verbose'], {}, "Unknown option '--verbose'"],
  ];
  const exits = await Promise.all(cases.map(([, args, env]) => run(args, env)));
  for (const [index, [name, , , detail]] of cases.entries()) {
    const exit = exits[index]!;
    assertUsageError(t, name, exit, detail);
  }
});

t.test('--help prints the usage on stdout and exits 0', async (t) => {
  const exit = await run(['--help']);
  t.equal(exit.code, 0);
  t.equal(exit.stdout, `${USAGE}\n`);
  t.equal(exit.stderr, '');
});

t.test('the first line on stdout is the banner, at every log level', async (t) => {
  for (const level of ['info', 'trace', 'silent']) {
    const server = start(['--port', '0', '--log-level', level]);
    const [banner, url] = await server.lineMatching(BANNER);
    const response = await fetch(`${url}/healthz`);
    await response.arrayBuffer();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    const lines = exit.stdout.split('\n');
    t.equal(lines[0], banner, `${level}: the banner comes first`);
    t.match(url, /^http:\/\/localhost:\d+$/, `${level}: naming localhost`);
    if (level !== 'silent') {
      t.match(
        JSON.parse(lines[1]!),
        {
          level: 30,
          msg: new RegExp(`^Server listening at http://127\\.0\\.0\\.1:${new URL(url!).port}$`),
        },
        `${level}: then the log, with the address it listens on`,
      );
    } else {
      t.same(lines, [banner, ''], 'silent: the banner alone');
    }
  }
});

t.test('it exits 0 by itself on SIGTERM and on SIGINT', async (t) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const server = start(['--port', '0', '--host', '127.0.0.1', '--log-level', 'silent']);
    const [, url] = await server.lineMatching(BANNER);
    t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    server.child.kill(signal);
    const exit = await server.exited;
    t.equal(exit.code, 0, `${signal}: exit code`);
    t.equal(exit.signal, null, `${signal}: it exited by itself rather than being killed`);
    t.notMatch(exit.stderr, STACK_FRAME);
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
