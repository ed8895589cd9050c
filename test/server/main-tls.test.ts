/**
 * The CLI's run() in-process with HTTPS: the local CA and its trust line, the user's own
 * certificate, and bad TLS options. The bin in a real process is test/e2e/main-tls*.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ensureLocalCertificates } from '../../server/tls/local-certificates.js';
import { PREFIX, runInProcess, STACK_FRAME, serveInProcess, TRUST_LINE } from '../support/cli.js';
import { httpsGet } from '../support/https-get.js';

const HEALTHY = { status: 200, body: '{"status":"ok"}' };

t.test('--tls serves HTTPS with a local CA and says how to trust it', async (t) => {
  const dir = join(t.testdir(), 'tls');
  const server = await serveInProcess(['--tls', '--tls-dir', dir]);
  const [, caPath] = await server.lineMatching(TRUST_LINE);
  t.match(server.url, /^https:\/\/localhost:\d+$/);
  t.equal(caPath, join(dir, 'ca.pem'), 'the absolute path of ca.pem');
  const { ca } = await ensureLocalCertificates(dir);
  t.same(await httpsGet(`${server.url}/healthz`, { ca }), HEALTHY, 'a client trusting it gets in');
  server.signal();
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.equal(exit.stdout.split('\n').length, 3, 'the banner, then the trust line');
});

t.test('a CA path the shell would split is quoted in the trust line', async (t) => {
  const dir = join(t.testdir(), "shared certs, O'Brien's");
  const server = await serveInProcess(['--tls'], { MOCK_TLS_DIR: dir });
  const [, shown] = await server.lineMatching(TRUST_LINE);
  t.equal(shown, `'${join(dir, 'ca.pem').replaceAll("'", `'\\''`)}'`);
  server.signal();
  t.equal((await server.exited).code, 0);
});

t.test('--tls-cert and --tls-key serve the user’s certificate, with no trust line', async (t) => {
  const own = await ensureLocalCertificates(join(t.testdir(), 'own'));
  const server = await serveInProcess(['--tls-cert', own.certPath, '--tls-key', own.keyPath]);
  t.same(await httpsGet(`${server.url}/healthz`, { ca: own.ca }), HEALTHY);
  server.signal();
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.notMatch(exit.stdout, /NODE_EXTRA_CA_CERTS/);
  t.equal(exit.stdout.split('\n').length, 2, 'the banner alone');
});

t.test('bad TLS configuration exits 2 with one line on stderr', async (t) => {
  const root = t.testdir({ 'a-file': 'x', 'junk.pem': 'junk', broken: { 'ca.pem': 'junk' } });
  const own = await ensureLocalCertificates(join(root, 'own'));
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
  for (const [name, args, env, detail] of cases) {
    const exit = await runInProcess(['--port', '0', ...args], env).exited;
    t.equal(exit.code, 2, `${name}: exit code`);
    t.equal(exit.stdout, '', `${name}: nothing on stdout`);
    t.equal(exit.stderr.split('\n').length, 2, `${name}: exactly one line on stderr`);
    t.ok(exit.stderr.startsWith(PREFIX), `${name}: the line starts with the program name`);
    t.match(exit.stderr, detail, `${name}: the line says what is wrong`);
    t.notMatch(exit.stderr, STACK_FRAME, `${name}: no stack frames`);
  }
});
