/**
 * The certificates themselves: a CA that may sign only for the loopback names, and server
 * certificates that browsers and strict TLS clients accept.
 */
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import forge from 'node-forge';
import t from 'tap';
import {
  CA_COMMON_NAME,
  createCertificateAuthority,
  issueServerCertificate,
  LOCAL_NAMES,
  type PemKeyPair,
  SERVER_VALIDITY_DAYS,
} from '../../../server/tls/certificate-authority.js';

const DAY_MS = 86_400_000;
/** The longest validity browsers accept for a server certificate issued after 2020-09-01. */
const MAX_SERVER_VALIDITY_DAYS = 397;
const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';

const now = new Date();
const ca = createCertificateAuthority(now);
const server = issueServerCertificate(ca, now);
const caX509 = new X509Certificate(ca.cert);
const serverX509 = new X509Certificate(server.cert);

function validityDays(x509: X509Certificate): number {
  return (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / DAY_MS;
}

function extension(pem: string, name: string): Record<string, unknown> {
  const found = forge.pki.certificateFromPem(pem).getExtension(name);
  if (!found) throw new Error(`no ${name} extension`);
  return found as Record<string, unknown>;
}

t.test('the CA is a self-signed CA for ten years that signs certificates only', async (t) => {
  t.equal(caX509.subject, `CN=${CA_COMMON_NAME}\nO=graph-callrecords-mock`);
  t.equal(caX509.issuer, caX509.subject, 'self-issued');
  t.ok(caX509.verify(caX509.publicKey), 'self-signed');
  t.ok(caX509.ca, 'a CA');
  t.match(extension(ca.cert, 'basicConstraints'), {
    cA: true,
    pathLenConstraint: 0,
    critical: true,
  });
  t.match(extension(ca.cert, 'keyUsage'), {
    keyCertSign: true,
    cRLSign: true,
    digitalSignature: false,
    critical: true,
  });
  const days = validityDays(caX509);
  t.ok(days > 3649 && days < 3652, `about ten years (${days} days)`);
  t.ok(Date.parse(caX509.validFrom) <= now.getTime(), 'valid from now');
  t.equal(caX509.publicKey.asymmetricKeyDetails?.modulusLength, 2048, 'RSA 2048');
});

t.test('the CA’s name constraints permit only localhost, 127.0.0.1 and ::1', async (t) => {
  const constraints = extension(ca.cert, 'nameConstraints');
  t.equal(constraints.critical, true);
  t.same(constraints.excludedSubtrees, []);
  const permitted = constraints.permittedSubtrees as { type: number; value: string }[];
  t.same(
    permitted.map((subtree) => [
      subtree.type,
      Buffer.from(subtree.value, 'binary').toString('hex'),
    ]),
    [
      [2, Buffer.from('localhost').toString('hex')],
      [7, '7f000001ffffffff'],
      [7, `${'00'.repeat(15)}01${'ff'.repeat(16)}`],
    ],
  );
});

t.test('the server certificate is for the loopback names, signed by the CA', async (t) => {
  t.equal(
    serverX509.subjectAltName,
    'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
  );
  for (const name of LOCAL_NAMES.dns)
    t.equal(serverX509.checkHost(name, { subject: 'never' }), name);
  for (const ip of LOCAL_NAMES.ips) t.equal(serverX509.checkIP(ip), ip);
  t.equal(serverX509.subject, 'CN=localhost\nO=graph-callrecords-mock');
  t.equal(serverX509.issuer, caX509.subject, 'issued by the CA');
  t.ok(serverX509.checkIssued(caX509), 'its authority key id is the CA’s');
  t.ok(serverX509.verify(caX509.publicKey), 'signed with the CA’s key');
  t.notOk(serverX509.ca, 'not a CA');
  t.same(serverX509.keyUsage, [SERVER_AUTH_OID], 'for TLS servers');
  t.match(extension(server.cert, 'keyUsage'), { digitalSignature: true, keyCertSign: false });
  const days = validityDays(serverX509);
  t.ok(days <= MAX_SERVER_VALIDITY_DAYS, `at most ${MAX_SERVER_VALIDITY_DAYS} days (${days})`);
  t.ok(days > SERVER_VALIDITY_DAYS, `a year and the backdating hour (${days})`);
  t.ok(Date.parse(serverX509.validFrom) < now.getTime(), 'valid already');
});

t.test('serial numbers are random, positive and 16 bytes long', async (t) => {
  const serials = [
    caX509,
    serverX509,
    new X509Certificate(issueServerCertificate(ca, now).cert),
  ].map((x509) => x509.serialNumber);
  t.equal(new Set(serials).size, serials.length, 'all different');
  for (const serial of serials) t.match(serial, /^[4-7][0-9A-F]{31}$/);
});

t.test('a certificate issued near the CA’s end ends with the CA', async (t) => {
  const late = new Date(now.getTime() + 3600 * DAY_MS);
  const last = new X509Certificate(issueServerCertificate(ca, late).cert);
  t.equal(last.validTo, caX509.validTo);
});

/** Whether a TLS client trusting `trusted` accepts `served` for `servername`; OpenSSL's reason if not. */
async function handshake(served: PemKeyPair, trusted: string, servername: string) {
  const server = createServer({ key: served.key, cert: served.cert });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const socket = connect({ host: '127.0.0.1', port, servername, ca: trusted });
    try {
      await once(socket, 'secureConnect');
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    } finally {
      socket.destroy();
    }
  } finally {
    server.close();
  }
}

t.test('TLS clients trusting the CA accept its server certificate', async (t) => {
  t.equal(await handshake(server, ca.cert, 'localhost'), 'accepted');
});

t.test('TLS clients refuse a certificate for another name from the CA', async (t) => {
  const foreign = issueServerCertificate(ca, now, { dns: ['example.com'], ips: ['192.0.2.1'] });
  t.equal(
    await handshake(foreign, ca.cert, 'example.com'),
    'permitted subtree violation',
    'the name constraints hold even where the name itself matches',
  );
});

t.test('TLS clients that do not trust the CA refuse its certificate', async (t) => {
  const other = createCertificateAuthority(now);
  t.equal(
    await handshake(server, other.cert, 'localhost'),
    'unable to verify the first certificate',
  );
});
