/**
 * The built bin with `--tls` in a real process: HTTPS from a local CA it creates and reuses, which
 * clients in fresh processes trust through NODE_EXTRA_CA_CERTS alone. The user's own certificate
 * and bad TLS options are in main-tls-files.test.ts; run() in-process, test/server/main-tls.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { defaultScenario } from '../../scenarios/catalog.js';
import { canListenOn, fetchTrusting, HEALTHY, startServer, TRUST_LINE } from '../support/cli.js';

t.test('--tls serves HTTPS with a local CA and says how to trust it', async (t) => {
  const dir = join(t.testdir(), 'tls');
  const server = await startServer(['--tls', '--tls-dir', dir]);
  const [, caPath] = await server.lineMatching(TRUST_LINE);
  t.match(server.url, /^https:\/\/localhost:\d+$/);
  t.equal(caPath, join(dir, 'ca.pem'), 'the absolute path of ca.pem');
  t.ok(existsSync(join(dir, 'ca.pem')), 'which exists');

  const port = new URL(server.url).port;
  t.same(
    await fetchTrusting(caPath!, [`${server.url}/healthz`, `https://127.0.0.1:${port}/healthz`]),
    [HEALTHY, HEALTHY],
    'a client trusting only NODE_EXTRA_CA_CERTS reaches it as localhost and 127.0.0.1',
  );
  t.same(
    await fetchTrusting('', [`${server.url}/healthz`]),
    ['failed UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    'a client without it refuses the certificate',
  );

  server.child.kill('SIGTERM');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.equal(exit.signal, null);
  t.same(
    exit.stdout.split('\n'),
    [
      `graph-callrecords-mock listening on ${server.url} (scenario ${defaultScenario.name}, seed ${defaultScenario.seed})`,
      `trust its CA with NODE_EXTRA_CA_CERTS=${join(dir, 'ca.pem')}`,
      '',
    ],
    'the banner, then the trust line',
  );
  t.equal(exit.stderr, '');
});

t.test('a second start reuses the CA; MOCK_TLS and MOCK_TLS_DIR do as the flags', async (t) => {
  const dir = t.testdir();
  const first = await startServer(['--tls'], { MOCK_TLS_DIR: dir });
  const [, caPath] = await first.lineMatching(TRUST_LINE);
  const ca = readFileSync(caPath!, 'utf8');
  first.child.kill('SIGTERM');
  t.equal((await first.exited).code, 0);

  const second = await startServer(['--host', '127.0.0.1'], { MOCK_TLS: '1', MOCK_TLS_DIR: dir });
  t.match(second.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  t.equal(readFileSync(caPath!, 'utf8'), ca, 'the same CA');
  t.same(await fetchTrusting(caPath!, [`${second.url}/healthz`]), [HEALTHY]);
  second.child.kill('SIGTERM');
  t.equal((await second.exited).code, 0);
});

const ipv6 = { skip: (await canListenOn('::1')) ? false : 'this machine has no IPv6 loopback' };
t.test('on --host ::1 the certificate holds for [::1]', ipv6, async (t) => {
  const dir = t.testdir();
  const server = await startServer(['--tls', '--tls-dir', dir, '--host', '::1']);
  t.match(server.url, /^https:\/\/\[::1\]:\d+$/);
  t.same(await fetchTrusting(join(dir, 'ca.pem'), [`${server.url}/healthz`]), [HEALTHY]);
  server.child.kill('SIGTERM');
  t.equal((await server.exited).code, 0);
});

t.test('servers started together on a new directory share one CA', async (t) => {
  const dir = join(t.testdir(), 'shared certs');
  const servers = await Promise.all([1, 2, 3].map(() => startServer(['--tls', '--tls-dir', dir])));
  const caPath = join(dir, 'ca.pem');
  for (const server of servers) {
    const [, shown] = await server.lineMatching(TRUST_LINE);
    t.equal(shown, `'${caPath}'`, 'the trust line quotes a path the shell would split');
  }
  t.same(
    await fetchTrusting(
      caPath,
      servers.map((server) => `${server.url}/healthz`),
    ),
    [HEALTHY, HEALTHY, HEALTHY],
    'the one ca.pem on disk vouches for every server',
  );
  for (const server of servers) server.child.kill('SIGTERM');
  for (const server of servers) t.equal((await server.exited).code, 0);
});
