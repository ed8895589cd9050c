/**
 * The image's HEALTHCHECK, configured by the environment alone: its run() in-process. The bin in
 * a real process, as Docker runs it, is test/e2e/healthcheck.test.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Server as TcpServer,
} from 'node:net';
import forge from 'node-forge';
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { run } from '../../server/healthcheck.js';
import { ensureLocalCertificates } from '../../server/tls/local-certificates.js';

interface Check {
  readonly code: number;
  readonly stderr: string;
}

/** The check with `env` as its whole environment. */
async function runCheck(env: Record<string, string>): Promise<Check> {
  let stderr = '';
  const code = await run(env, { stderr: { write: (text: string) => (stderr += text) } });
  return { code, stderr };
}

async function listening<S extends Server | TcpServer>(server: S, host = '127.0.0.1'): Promise<S> {
  server.listen(0, host);
  await once(server, 'listening');
  t.teardown(() => void server.close());
  return server;
}

const portOf = (server: Server | TcpServer) => String((server.address() as AddressInfo).port);

/** A self-signed certificate for localhost, as a server running with TLS might have. */
function selfSigned(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  const name = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
}

t.test('the mock answering /healthz is healthy', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const check = await runCheck({ HOST: '127.0.0.1', PORT: portOf(app.server) });
  t.same(check, { code: 0, stderr: '' });
});

t.test('a server on every IPv4 address is checked on 127.0.0.1', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const check = await runCheck({ HOST: '0.0.0.0', PORT: portOf(app.server) });
  t.same(check, { code: 0, stderr: '' });
});

t.test('a server on every IPv6 address is checked on ::1', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.listen({ host: '::1', port: 0 });
  const check = await runCheck({ HOST: '::', PORT: portOf(app.server) });
  t.same(check, { code: 0, stderr: '' });
});

t.test('a server that speaks TLS is checked over https, its certificate unverified', async (t) => {
  const server = await listening(
    createHttpsServer(selfSigned(), (request, response) =>
      response.writeHead(request.url === '/healthz' ? 200 : 404).end(),
    ),
  );
  const check = await runCheck({ HOST: '127.0.0.1', PORT: portOf(server) });
  t.same(check, { code: 0, stderr: '' });
});

t.test('the mock over HTTPS is checked over https after its plain-HTTP answer', async (t) => {
  const app = buildApp({ tls: await ensureLocalCertificates(t.testdir()) });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const check = await runCheck({ HOST: '127.0.0.1', PORT: portOf(app.server) });
  t.same(check, { code: 0, stderr: '' });
});

t.test('another status than 200 is unhealthy', async (t) => {
  const server = await listening(
    createHttpServer((_request, response) => response.writeHead(503).end()),
  );
  const check = await runCheck({ HOST: '127.0.0.1', PORT: portOf(server) });
  t.equal(check.code, 1);
  t.equal(
    check.stderr,
    `graph-callrecords-mock healthcheck: 127.0.0.1:${portOf(server)}/healthz answered 503\n`,
  );
});

t.test('nothing listening is unhealthy, without trying TLS', async (t) => {
  const server = await listening(createTcpServer());
  const port = portOf(server);
  server.close();
  await once(server, 'close');
  const check = await runCheck({ HOST: '127.0.0.1', PORT: port });
  t.equal(check.code, 1);
  t.match(check.stderr, `no answer from 127.0.0.1:${port}/healthz: connect ECONNREFUSED`);
});

t.test('a server that never answers is unhealthy after the attempt times out', async (t) => {
  const server = await listening(createTcpServer(() => {}));
  const check = await runCheck({ HOST: '127.0.0.1', PORT: portOf(server) });
  t.equal(check.code, 1);
  t.match(check.stderr, /no response within 2000 ms\n$/);
});

t.test('PORT 0 is unhealthy: the port the server picked is unknown', async (t) => {
  const check = await runCheck({ PORT: '0' });
  t.equal(check.code, 1);
  t.match(check.stderr, /PORT is 0, .*; set PORT\n$/);
});

t.test('a PORT the server would refuse is unhealthy, with the server’s message', async (t) => {
  const check = await runCheck({ PORT: 'http' });
  t.equal(check.code, 1);
  t.equal(
    check.stderr,
    'graph-callrecords-mock healthcheck: invalid --port / PORT "http": expected an integer from 0 to 65535\n',
  );
});
