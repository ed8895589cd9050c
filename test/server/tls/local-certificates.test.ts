/**
 * The certificate directory: first use creates a CA and a server certificate, later uses reuse
 * them, a stale server certificate is issued again, and a broken CA is reported, never replaced.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import t from 'tap';
import {
  createCertificateAuthority,
  issueServerCertificate,
  type PemKeyPair,
} from '../../../server/tls/certificate-authority.js';
import {
  CertificateError,
  defaultCertificateDirectory,
  ensureLocalCertificates,
  type LocalCertificates,
  readCertificateFiles,
} from '../../../server/tls/local-certificates.js';

type Assertions = Pick<typeof t, 'ok' | 'equal' | 'not'>;

const DAY_MS = 86_400_000;
const FILES = ['ca.pem', 'ca-key.pem', 'localhost.pem', 'localhost-key.pem'] as const;
const START_OVER = 'delete the directory to create a new CA (and trust the new ca.pem)';

function daysFrom(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(FILES.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Asserts a usable set: a CA, a server certificate it signed, and the files holding them. */
function expectUsable(t: Assertions, certificates: LocalCertificates, now = new Date()): void {
  const ca = new X509Certificate(certificates.ca);
  const cert = new X509Certificate(certificates.cert);
  t.ok(ca.ca, 'the CA is a CA');
  t.ok(cert.verify(ca.publicKey), 'the CA signed the server certificate');
  t.ok(cert.checkPrivateKey(createPrivateKey(certificates.key)), 'the key is the certificate’s');
  t.ok(Date.parse(cert.validFrom) <= now.getTime(), 'valid already');
  t.ok(Date.parse(cert.validTo) > daysFrom(now, 30).getTime(), 'and for 30 days more at least');
  t.equal(readFileSync(certificates.caPath, 'utf8'), certificates.ca, 'ca.pem holds the CA');
  t.equal(readFileSync(certificates.certPath, 'utf8'), certificates.cert, 'the certificate file');
  t.equal(readFileSync(certificates.keyPath, 'utf8'), certificates.key, 'the key file');
}

/** The CertificateError `promise` rejects with; fails the test on anything else. */
async function certificateError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CertificateError) return error.message;
    throw error;
  }
  throw new Error('expected a CertificateError');
}

function syncCertificateError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof CertificateError) return error.message;
    throw error;
  }
  throw new Error('expected a CertificateError');
}

t.test('first use creates the directory, a CA and a server certificate', async (t) => {
  const dir = join(t.testdir(), 'nested', 'tls');
  const certificates = await ensureLocalCertificates(dir);
  t.same(
    { caPath: certificates.caPath, certPath: certificates.certPath, keyPath: certificates.keyPath },
    {
      caPath: join(dir, 'ca.pem'),
      certPath: join(dir, 'localhost.pem'),
      keyPath: join(dir, 'localhost-key.pem'),
    },
    'absolute paths in the directory',
  );
  expectUsable(t, certificates);
  t.same(readdirSync(dir).sort(), [...FILES].sort(), 'the four files, no lock or temporary left');
  t.equal(modeOf(dir), 0o700, 'the directory is private');
  t.equal(modeOf(join(dir, 'ca-key.pem')), 0o600, 'the CA key is private');
  t.equal(modeOf(join(dir, 'localhost-key.pem')), 0o600, 'the server key is private');
  t.equal(modeOf(join(dir, 'ca.pem')) & 0o200, 0o200, 'the CA certificate is an ordinary file');
  t.equal(
    new X509Certificate(certificates.ca).subject,
    'CN=graph-callrecords-mock local CA\nO=graph-callrecords-mock',
  );
});

t.test('a relative directory is resolved, so the paths are absolute', async (t) => {
  const dir = t.testdir();
  const given = join(relative(process.cwd(), dir), 'tls');
  t.notOk(isAbsolute(given), `${given} is relative`);
  const certificates = await ensureLocalCertificates(given);
  t.equal(certificates.caPath, join(dir, 'tls', 'ca.pem'));
});

t.test('an existing, empty directory is used as it is', async (t) => {
  const dir = t.testdir();
  expectUsable(t, await ensureLocalCertificates(dir));
});

t.test('later uses reuse the files unchanged', async (t) => {
  const dir = t.testdir();
  const first = await ensureLocalCertificates(dir);
  const files = filesIn(dir);
  const modified = statSync(join(dir, 'localhost.pem')).mtimeMs;
  const started = performance.now();
  const second = await ensureLocalCertificates(dir);
  t.ok(performance.now() - started < 200, 'reusing is quick: no keys are generated');
  t.same(second, first);
  t.same(filesIn(dir), files, 'no file rewritten');
  t.equal(statSync(join(dir, 'localhost.pem')).mtimeMs, modified);
  t.same(
    await ensureLocalCertificates(dir, { now: daysFrom(new Date(), 300) }),
    first,
    'at 300 days',
  );
});

t.test('parallel first uses agree on one CA', async (t) => {
  const dir = join(t.testdir(), 'tls');
  const results = await Promise.all([1, 2, 3, 4].map(() => ensureLocalCertificates(dir)));
  for (const result of results) t.same(result, results[0]);
  expectUsable(t, results[0]!);
  t.notOk(existsSync(join(dir, '.lock')), 'the lock is released');
});

t.test('the server certificate is issued again, with the same CA, when it is stale', async (t) => {
  const dir = t.testdir();
  const now = new Date();
  const original = await ensureLocalCertificates(dir, { now });
  const ca: PemKeyPair = { cert: original.ca, key: readFileSync(join(dir, 'ca-key.pem'), 'utf8') };
  const caKey = ca.key;
  const other = issueServerCertificate(ca, now);
  const foreignCa = createCertificateAuthority(now);
  const write = (pair: Partial<PemKeyPair>) => {
    if (pair.cert !== undefined) writeFileSync(original.certPath, pair.cert);
    if (pair.key !== undefined) writeFileSync(original.keyPath, pair.key);
  };
  const cases: [string, () => void, Date?][] = [
    ['the certificate file is missing', () => rmSync(original.certPath)],
    ['the key file is missing', () => rmSync(original.keyPath)],
    ['the certificate is not PEM', () => write({ cert: 'not a certificate' })],
    [
      'the certificate is damaged PEM',
      () => write({ cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }),
    ],
    ['the key is not PEM', () => write({ key: 'not a key' })],
    ['the key belongs to another certificate', () => write({ key: original.key })],
    ['another CA signed it', () => write(issueServerCertificate(foreignCa, now))],
    [
      'it does not cover ::1',
      () => write(issueServerCertificate(ca, now, { dns: ['localhost'], ips: ['127.0.0.1'] })),
    ],
    [
      'it does not cover localhost',
      () => write(issueServerCertificate(ca, now, { dns: [], ips: ['127.0.0.1', '::1'] })),
    ],
    ['it has expired', () => {}, daysFrom(now, 400)],
    ['it expires within 30 days', () => {}, daysFrom(now, 340)],
    [
      'it is not valid yet',
      () => write(issueServerCertificate(ca, daysFrom(now, 10))),
      daysFrom(now, 1),
    ],
  ];
  for (const [name, spoil, at = now] of cases) {
    write(other);
    spoil();
    const before = existsSync(original.certPath) ? readFileSync(original.certPath, 'utf8') : '';
    const renewed = await ensureLocalCertificates(dir, { now: at });
    t.not(renewed.cert, before, `${name}: a new certificate`);
    t.not(renewed.cert, other.cert, `${name}: not the one written before`);
    expectUsable(t, renewed, at);
    t.equal(renewed.ca, original.ca, `${name}: the same CA`);
    t.equal(readFileSync(join(dir, 'ca-key.pem'), 'utf8'), caKey, `${name}: the same CA key`);
    t.equal(modeOf(original.keyPath), 0o600, `${name}: the new key is private`);
  }
});

t.test('a CA that cannot be used is an error saying to start over', async (t) => {
  const now = new Date();
  const ca = createCertificateAuthority(now);
  const server = issueServerCertificate(ca, now);
  const cases: [string, Record<string, string>, string, Date?][] = [
    ['only the key', { 'ca-key.pem': ca.key }, 'it has ca-key.pem but no ca.pem'],
    ['only the certificate', { 'ca.pem': ca.cert }, 'it has ca.pem but no ca-key.pem'],
    ['a CA that is not PEM', { 'ca.pem': 'junk', 'ca-key.pem': ca.key }, 'is not a PEM CA'],
    [
      'a server certificate in ca.pem',
      { 'ca.pem': server.cert, 'ca-key.pem': server.key },
      'is not a PEM CA certificate',
    ],
    [
      'a key that is not PEM',
      { 'ca.pem': ca.cert, 'ca-key.pem': 'junk' },
      'is not the private key',
    ],
    [
      'another certificate’s key',
      { 'ca.pem': ca.cert, 'ca-key.pem': server.key },
      'is not the private key',
    ],
    ['an expired CA', { 'ca.pem': ca.cert, 'ca-key.pem': ca.key }, 'not now', daysFrom(now, 3651)],
    [
      'a CA not valid yet',
      { 'ca.pem': ca.cert, 'ca-key.pem': ca.key },
      'not now',
      daysFrom(now, -1),
    ],
  ];
  const base = t.testdir();
  for (const [index, [name, files, reason, at]] of cases.entries()) {
    const dir = join(base, String(index));
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    const message = await certificateError(ensureLocalCertificates(dir, at && { now: at }));
    t.match(message, `cannot use the CA in "${dir}": `, `${name}: names the directory`);
    t.match(message, reason, `${name}: says why`);
    t.match(message, START_OVER, `${name}: says what to do`);
    t.notMatch(message, /\n/, `${name}: one line`);
    for (const [file, text] of Object.entries(files)) {
      t.equal(readFileSync(join(dir, file), 'utf8'), text, `${name}: ${file} left alone`);
    }
  }
});

t.test('a CA past its time names the dates', async (t) => {
  const dir = t.testdir();
  await ensureLocalCertificates(dir);
  const message = await certificateError(
    ensureLocalCertificates(dir, { now: daysFrom(new Date(), 4000) }),
  );
  t.match(message, /the CA is valid from \w{3} .+ GMT to \w{3} .+ GMT, not now/);
});

t.test('files and directories that cannot be read or written are errors', async (t) => {
  const root = t.testdir({ file: 'not a directory', unreadable: { 'ca.pem': {} }, tls: {} });
  t.equal(
    await certificateError(ensureLocalCertificates(join(root, 'file'))),
    `cannot create the certificate directory "${join(root, 'file')}" (EEXIST: file already exists)`,
  );
  t.equal(
    await certificateError(ensureLocalCertificates(join(root, 'file', 'tls'))),
    `cannot create the certificate directory "${join(root, 'file', 'tls')}" (ENOTDIR: not a directory)`,
  );
  t.equal(
    await certificateError(ensureLocalCertificates(join(root, 'unreadable'))),
    `cannot read "${join(root, 'unreadable', 'ca.pem')}" (EISDIR: illegal operation on a directory)`,
  );

  const dir = join(root, 'tls');
  await ensureLocalCertificates(dir);
  rmSync(join(dir, 'localhost.pem'));
  mkdirSync(join(dir, 'localhost-key.pem.tmp'));
  t.match(
    await certificateError(ensureLocalCertificates(dir)),
    `cannot write "${join(dir, 'localhost-key.pem')}" (`,
  );
});

t.test('a lock left by a process that died is taken over', async (t) => {
  const dir = t.testdir({ '.lock': '12345\n' });
  const longAgo = new Date(Date.now() - 10 * 60_000);
  utimesSync(join(dir, '.lock'), longAgo, longAgo);
  expectUsable(t, await ensureLocalCertificates(dir));
  t.notOk(existsSync(join(dir, '.lock')));
});

t.test('a lock held too long is an error naming it', async (t) => {
  const dir = t.testdir({ '.lock': '12345\n' });
  const message = await certificateError(ensureLocalCertificates(dir, { lockTimeoutMs: 120 }));
  t.equal(
    message,
    `"${join(dir, '.lock')}" is still held after 120 ms; if no other graph-callrecords-mock is starting, delete it`,
  );
  t.notOk(existsSync(join(dir, 'ca.pem')), 'nothing was written');
  rmSync(join(dir, '.lock'));
  expectUsable(t, await ensureLocalCertificates(dir));
});

t.test('the default directory follows XDG_DATA_HOME, else ~/.local/share', async (t) => {
  t.equal(
    defaultCertificateDirectory({ XDG_DATA_HOME: '/data' }, '/home/u'),
    '/data/graph-callrecords-mock/tls',
  );
  t.equal(
    defaultCertificateDirectory({}, '/home/u'),
    '/home/u/.local/share/graph-callrecords-mock/tls',
  );
  t.equal(
    defaultCertificateDirectory({ XDG_DATA_HOME: '' }, '/home/u'),
    '/home/u/.local/share/graph-callrecords-mock/tls',
    'empty counts as unset',
  );
  t.equal(
    defaultCertificateDirectory({ XDG_DATA_HOME: 'relative/data' }, '/home/u'),
    '/home/u/.local/share/graph-callrecords-mock/tls',
    'a relative path is ignored, as the XDG spec says',
  );
  t.match(defaultCertificateDirectory({}), /\/\.local\/share\/graph-callrecords-mock\/tls$/);
});

t.test('a user’s certificate and key files are read and checked', async (t) => {
  const now = new Date();
  const ca = createCertificateAuthority(now);
  const server = issueServerCertificate(ca, now);
  const encrypted = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const dir = t.testdir({
    'cert.pem': server.cert + ca.cert,
    'key.pem': server.key,
    'junk.pem': 'junk',
    'encrypted.pem': encrypted,
    'ca-key.pem': ca.key,
  });
  const file = (name: string) => join(dir, name);

  t.same(readCertificateFiles(file('cert.pem'), file('key.pem')), {
    cert: server.cert + ca.cert,
    key: server.key,
  });
  const cases: [string, string, string][] = [
    [
      'missing.pem',
      'key.pem',
      `cannot read the TLS certificate "${file('missing.pem')}" (ENOENT: no such file or directory)`,
    ],
    [
      'cert.pem',
      'missing.pem',
      `cannot read the TLS key "${file('missing.pem')}" (ENOENT: no such file or directory)`,
    ],
    ['junk.pem', 'key.pem', `the TLS certificate "${file('junk.pem')}" is not a PEM certificate`],
    ['key.pem', 'key.pem', `the TLS certificate "${file('key.pem')}" is not a PEM certificate`],
    [
      'cert.pem',
      'junk.pem',
      `the TLS key "${file('junk.pem')}" is not an unencrypted PEM private key`,
    ],
    [
      'cert.pem',
      'encrypted.pem',
      `the TLS key "${file('encrypted.pem')}" is not an unencrypted PEM private key`,
    ],
    [
      'cert.pem',
      'ca-key.pem',
      `the TLS key "${file('ca-key.pem')}" is not the private key of the certificate "${file('cert.pem')}"`,
    ],
  ];
  for (const [cert, key, message] of cases) {
    t.equal(
      syncCertificateError(() => readCertificateFiles(file(cert), file(key))),
      message,
    );
  }
});

t.test('CertificateError is a named Error', async (t) => {
  const error = new CertificateError('x');
  t.ok(error instanceof Error);
  t.equal(error.name, 'CertificateError');
});
