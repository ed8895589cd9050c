/**
 * The built bin in a real process with the user's own certificate (--tls-cert, --tls-key), and
 * bad TLS options; run() in-process, test/server/main-tls.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ensureLocalCertificates } from '../../server/tls/local-certificates.js';
import { fetchTrusting, HEALTHY, PREFIX, run, STACK_FRAME, startServer } from '../support/cli.js';

/** A certificate and key of the user's, as far as the CLI knows. */
const own = await ensureLocalCertificates(join(t.testdir(), 'own'));

t.test('--tls-cert and --tls-key serve the user’s certificate, with no trust line', async (t) => {
  const server = await startServer(['--tls-cert', own.certPath, '--tls-key', own.keyPath]);
  t.match(server.url, /^https:\/\/localhost:\d+$/);
  t.same(await fetchTrusting(own.caPath, [`${server.url}/healthz`]), [HEALTHY]);
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.notMatch(exit.stdout, /NODE_EXTRA_CA_CERTS/);
  t.equal(exit.stdout.split('\n').length, 2, 'the banner alone');
});

t.test('bad TLS configuration exits 2 with one line on stderr', async (t) => {
  const root = t.testdir({ 'a-file': 'x', 'junk.pem': 'junk', broken: { 'ca.pem': 'junk' } });
  writeFileSync(join(root, 'broken', 'ca-key.pem'), 'junk');
  const cases: [string, string[], Record<string, string>, string][] = [
    ['a bad MOCK_TLS', [], { MOCK_TLS: 'maybe' }, 'invalid --tls / MOCK_TLS "maybe"'],
    ['a certificate without a key', ['--tls-cert', own.certPath], {}, 'go together'],
    [
      'a missing certificate file',
      ['--tls-cert', join(root, 'missing.pem'), '--tls-key', own.keyPath],
      {},
      `cannot read the TLS certificate "${join(root, 'missing.pem')}" (ENOENT: no such file or directory)`,
    ],
    [
      'a key that is not PEM',
      [],
      { MOCK_TLS_CERT: own.certPath, MOCK_TLS_KEY: join(root, 'junk.pem') },
      'is not an unencrypted PEM private key',
    ],
    [
      'a directory that is a file',
      ['--tls', '--tls-dir', join(root, 'a-file')],
      {},
      'cannot create the certificate directory',
    ],
    [
      'a broken CA',
      ['--tls'],
      { MOCK_TLS_DIR: join(root, 'broken') },
      'delete the directory to create a new CA',
    ],
  ];
  // Each exits at once; started together, they take the time of one.
  const exits = await Promise.all(cases.map(([, args, env]) => run(['--port', '0', ...args], env)));
  for (const [index, [name, , , detail]] of cases.entries()) {
    const exit = exits[index]!;
    t.equal(exit.code, 2, `${name}: exit code`);
    t.equal(exit.stdout, '', `${name}: nothing on stdout`);
    t.equal(exit.stderr.split('\n').length, 2, `${name}: exactly one line on stderr`);
    t.ok(exit.stderr.startsWith(PREFIX), `${name}: the line starts with the program name`);
    t.match(exit.stderr, detail, `${name}: the line says what is wrong`);
    t.notMatch(exit.stderr, STACK_FRAME, `${name}: no stack frames`);
  }
});
