/**
 * Builds and signs the local CA and its server certificates. Keys come from Node's native
 * generator; node-forge assembles and signs the X.509 structures, which Node cannot do.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, both PEM. */
export interface PemKeyPair {
  readonly cert: string;
  readonly key: string;
}

/** The names a server certificate covers. */
export interface ServerNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

/** The loopback names the mock serves on; the CA may sign for nothing else. */
export const LOCAL_NAMES: ServerNames = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };

export const CA_COMMON_NAME = 'graph-callrecords-mock local CA';
const ORGANIZATION = 'graph-callrecords-mock';
const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3650;
/** Browsers and Apple's TLS stack refuse server certificates valid for more than 398 days. */
export const SERVER_VALIDITY_DAYS = 365;
/** Issued an hour early, so a client whose clock runs a little behind (a VM, WSL) accepts it. */
const BACKDATE_MS = 3_600_000;
const RSA_MODULUS_BITS = 2048;
const SERIAL_NUMBER_BYTES = 16;
/** node-forge's IPv4/IPv6 parser, which @types/node-forge does not declare. */
const { bytesFromIP } = forge.util as unknown as { bytesFromIP(ip: string): string | null };
const NAME_CONSTRAINTS_OID = '2.5.29.30';
/** GeneralName tags (RFC 5280 4.2.1.6). */
const DNS_NAME = 2;
const IP_ADDRESS = 7;

/**
 * A CA for `now` and the next ten years. Its name constraints let it sign only for localhost and
 * the loopback addresses, so trusting it — or leaking its key — puts no other site at risk.
 */
export function createCertificateAuthority(now: Date): PemKeyPair {
  const keys = newKeyPair();
  const cert = newCertificate(keys.publicKey, now, addDays(now, CA_VALIDITY_DAYS));
  const subject = [
    { name: 'commonName', value: CA_COMMON_NAME },
    { name: 'organizationName', value: ORGANIZATION },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    // pathLen 0: it signs server certificates, never another CA.
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { id: NAME_CONSTRAINTS_OID, critical: true, value: permittedSubtrees(LOCAL_NAMES) },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.privateKey };
}

/**
 * A server certificate for `names`, signed by `ca`, valid from `now` for SERVER_VALIDITY_DAYS
 * (but not past the CA's own end).
 */
export function issueServerCertificate(
  ca: PemKeyPair,
  now: Date,
  names: ServerNames = LOCAL_NAMES,
): PemKeyPair {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const keys = newKeyPair();
  const notAfter = new Date(
    Math.min(addDays(now, SERVER_VALIDITY_DAYS).getTime(), caCert.validity.notAfter.getTime()),
  );
  const cert = newCertificate(keys.publicKey, now, notAfter);
  cert.setSubject([
    { name: 'commonName', value: names.dns[0] ?? names.ips[0]! },
    { name: 'organizationName', value: ORGANIZATION },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...names.dns.map((value) => ({ type: DNS_NAME, value })),
        ...names.ips.map((ip) => ({ type: IP_ADDRESS, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.privateKey };
}

function newKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: RSA_MODULUS_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function newCertificate(publicKeyPem: string, now: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = notAfter;
  return cert;
}

/**
 * 128 random bits, positive, and with no leading zero byte, so DER keeps all 16 bytes (RFC 5280
 * asks for at most 20 octets; CAs use 64 random bits or more).
 */
function serialNumber(): string {
  const bytes = randomBytes(SERIAL_NUMBER_BYTES);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees } (RFC 5280 4.2.1.10). */
function permittedSubtrees(names: ServerNames): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const subtree = (tag: number, value: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, value),
    ]);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      ...names.dns.map((name) => subtree(DNS_NAME, name)),
      ...names.ips.map((ip) => subtree(IP_ADDRESS, hostRange(ip))),
    ]),
  ]);
}

/** An iPAddress constraint: the address and an all-ones mask, as a forge byte string. */
function hostRange(ip: string): string {
  // Only LOCAL_NAMES get here, and they are valid addresses, so the parser returns bytes.
  const address = bytesFromIP(ip) as string;
  return address + '\xff'.repeat(address.length);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
