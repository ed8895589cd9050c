/**
 * HTTPS certificates for the mock: a local CA, created on first use and kept in a directory, and a
 * server certificate for localhost, 127.0.0.1 and ::1 that the CA signs and renews — or else the
 * user's own certificate and key files.
 *
 *   const tls = await ensureLocalCertificates(defaultCertificateDirectory(process.env));
 *   const app = buildApp({ tls });   // then trust tls.caPath: NODE_EXTRA_CA_CERTS, or `ca:`
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import {
  createCertificateAuthority,
  issueServerCertificate,
  LOCAL_NAMES,
  type PemKeyPair,
} from './certificate-authority.js';
import { withLock } from './directory-lock.js';
import { CertificateError, describeFileError, errorCode } from './errors.js';
import { type CertificatePaths, certificatePaths } from './paths.js';

export type { PemKeyPair } from './certificate-authority.js';
export { CertificateError } from './errors.js';
export { defaultCertificateDirectory } from './paths.js';

/** What ensureLocalCertificates hands back: `cert` and `key` go to buildApp's `tls`. */
export interface LocalCertificates {
  /** Absolute path of the CA certificate, for NODE_EXTRA_CA_CERTS or a client's `ca` option. */
  readonly caPath: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** The CA certificate, PEM. */
  readonly ca: string;
  /** The server certificate, PEM. */
  readonly cert: string;
  /** The server certificate's private key, PEM. */
  readonly key: string;
}

export interface LocalCertificateOptions {
  /** The time certificates are checked against and issued from. Default: now. */
  readonly now?: Date;
  /** How long to wait for another process preparing the same directory. Default: 60 s. */
  readonly lockTimeoutMs?: number;
}

const DAY_MS = 86_400_000;
/** Renewed this long before it expires, so a server started today still has a valid one next month. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
const DIRECTORY_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * The certificates in `dir`, created there on first use: the directory (mode 0700), `ca.pem` and
 * `ca-key.pem` (a CA valid for ten years), `localhost.pem` and `localhost-key.pem` (a server
 * certificate valid for a year). Key files are mode 0600.
 *
 * Later calls reuse the files. The server certificate is issued again when it is missing,
 * unreadable as PEM, not signed by the CA, not for all of localhost, 127.0.0.1 and ::1, not valid
 * yet, or expired or expiring within 30 days; the CA is never replaced, since users trust it. A CA
 * that is broken, half there or expired is a CertificateError saying to delete the directory, as is
 * a directory or file that cannot be read or written.
 *
 * Async only to wait, without blocking, for another process creating certificates in the same
 * directory (parallel test files); creating them takes about half a second, reusing them a few ms.
 */
export async function ensureLocalCertificates(
  dir: string,
  options: LocalCertificateOptions = {},
): Promise<LocalCertificates> {
  const paths = certificatePaths(dir);
  const now = options.now ?? new Date();
  const ready = readyCertificates(paths, now);
  if (ready) return ready;

  createDirectory(paths.dir);
  return withLock(paths.lockPath, () => prepare(paths, now), options.lockTimeoutMs);
}

/**
 * The user's own certificate (PEM, optionally followed by its chain) and private key (unencrypted
 * PEM), checked to be readable and to belong together.
 */
export function readCertificateFiles(certFile: string, keyFile: string): PemKeyPair {
  const cert = readUserFile(certFile, 'certificate');
  const key = readUserFile(keyFile, 'key');
  const x509 = parseCertificate(cert);
  if (!x509) {
    throw new CertificateError(`the TLS certificate "${certFile}" is not a PEM certificate`);
  }
  const privateKey = parsePrivateKey(key);
  if (!privateKey) {
    throw new CertificateError(`the TLS key "${keyFile}" is not an unencrypted PEM private key`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new CertificateError(
      `the TLS key "${keyFile}" is not the private key of the certificate "${certFile}"`,
    );
  }
  return { cert, key };
}

/**
 * Everything in place and fresh, read without the lock; else undefined. Any problem — including
 * another process being midway through writing — is looked at again, and reported, under the lock.
 */
function readyCertificates(paths: CertificatePaths, now: Date): LocalCertificates | undefined {
  try {
    const ca = readCa(paths, now);
    const server = ca && readServerCertificate(paths, ca, now);
    return server && certificatesOf(paths, ca, server);
  } catch {
    return undefined;
  }
}

/** Under the lock: creates what is missing, renews what is stale. */
function prepare(paths: CertificatePaths, now: Date): LocalCertificates {
  const ca =
    readCa(paths, now) ?? writePair(createCertificateAuthority(now), paths.caPath, paths.caKeyPath);
  const server =
    readServerCertificate(paths, ca, now) ??
    writePair(issueServerCertificate(ca, now), paths.certPath, paths.keyPath);
  return certificatesOf(paths, ca, server);
}

function certificatesOf(
  paths: CertificatePaths,
  ca: PemKeyPair,
  server: PemKeyPair,
): LocalCertificates {
  return {
    caPath: paths.caPath,
    certPath: paths.certPath,
    keyPath: paths.keyPath,
    ca: ca.cert,
    cert: server.cert,
    key: server.key,
  };
}

/** The CA, or undefined if the directory has none yet; throws if it has a CA that cannot be used. */
function readCa(paths: CertificatePaths, now: Date): PemKeyPair | undefined {
  const cert = readIfPresent(paths.caPath);
  const key = readIfPresent(paths.caKeyPath);
  if (cert === undefined && key === undefined) return undefined;

  if (cert === undefined) throw unusableCa(paths, `it has ca-key.pem but no ca.pem`);
  if (key === undefined) throw unusableCa(paths, `it has ca.pem but no ca-key.pem`);
  const x509 = parseCertificate(cert);
  if (!x509?.ca) throw unusableCa(paths, `"${paths.caPath}" is not a PEM CA certificate`);
  const privateKey = parsePrivateKey(key);
  if (!privateKey || !x509.checkPrivateKey(privateKey)) {
    throw unusableCa(paths, `"${paths.caKeyPath}" is not the private key of "${paths.caPath}"`);
  }
  if (!isValidAt(x509, now, 0)) {
    throw unusableCa(paths, `the CA is valid from ${x509.validFrom} to ${x509.validTo}, not now`);
  }
  return { cert, key };
}

function unusableCa(paths: CertificatePaths, reason: string): CertificateError {
  return new CertificateError(
    `cannot use the CA in "${paths.dir}": ${reason}; delete the directory to create a new CA (and trust the new ca.pem)`,
  );
}

/** The server certificate and key if they can still be served; undefined if they must be issued. */
function readServerCertificate(
  paths: CertificatePaths,
  ca: PemKeyPair,
  now: Date,
): PemKeyPair | undefined {
  const cert = readIfPresent(paths.certPath);
  const key = readIfPresent(paths.keyPath);
  if (cert === undefined || key === undefined) return undefined;

  const x509 = parseCertificate(cert);
  const privateKey = parsePrivateKey(key);
  const usable =
    x509 !== undefined &&
    privateKey !== undefined &&
    x509.checkPrivateKey(privateKey) &&
    x509.verify(new X509Certificate(ca.cert).publicKey) &&
    coversLocalNames(x509) &&
    isValidAt(x509, now, RENEW_BEFORE_MS);
  return usable ? { cert, key } : undefined;
}

function coversLocalNames(x509: X509Certificate): boolean {
  return (
    LOCAL_NAMES.dns.every((name) => x509.checkHost(name, { subject: 'never' }) !== undefined) &&
    LOCAL_NAMES.ips.every((ip) => x509.checkIP(ip) !== undefined)
  );
}

/** Valid at `now` and for at least `marginMs` after it. */
function isValidAt(x509: X509Certificate, now: Date, marginMs: number): boolean {
  const time = now.getTime();
  return Date.parse(x509.validFrom) <= time && Date.parse(x509.validTo) - marginMs > time;
}

function parseCertificate(pem: string): X509Certificate | undefined {
  // X509Certificate takes DER too, which Node's TLS options do not.
  if (!pem.includes(PEM_CERTIFICATE)) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function parsePrivateKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

/** The directory and any missing parents, mode 0700 (the parents too, when it creates them). */
function createDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: DIRECTORY_MODE });
  } catch (error) {
    throw new CertificateError(
      `cannot create the certificate directory "${dir}" (${describeFileError(error)})`,
    );
  }
}

/** The file's text, or undefined if there is no such file. */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new CertificateError(`cannot read "${path}" (${describeFileError(error)})`);
  }
}

function readUserFile(path: string, what: 'certificate' | 'key'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CertificateError(
      `cannot read the TLS ${what} "${path}" (${describeFileError(error)})`,
    );
  }
}

/** Writes the key first: a reader without the lock that sees the new certificate sees its key. */
function writePair(pair: PemKeyPair, certPath: string, keyPath: string): PemKeyPair {
  writeFile(keyPath, pair.key, PRIVATE_FILE_MODE);
  writeFile(certPath, pair.cert, PUBLIC_FILE_MODE);
  return pair;
}

/** Whole or not at all: written aside, then renamed over the old file. The lock keeps writers apart. */
function writeFile(path: string, text: string, mode: number): void {
  const temporary = `${path}.tmp`;
  try {
    rmSync(temporary, { force: true });
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    throw new CertificateError(`cannot write "${path}" (${describeFileError(error)})`);
  }
}
