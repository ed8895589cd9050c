/** Where the local CA and its server certificate live. No I/O, so config.ts can use it cheaply. */
import { join, resolve } from 'node:path';
import { userDirectory } from '../user-directories.js';

/** The files of a certificate directory, by absolute path. */
export interface CertificatePaths {
  readonly dir: string;
  /** The CA certificate: what NODE_EXTRA_CA_CERTS, or a client's `ca` option, should name. */
  readonly caPath: string;
  readonly caKeyPath: string;
  /** The server certificate for localhost, 127.0.0.1 and ::1, signed by the CA. */
  readonly certPath: string;
  readonly keyPath: string;
  /** Held while one process creates or renews certificates, so parallel starts agree on one CA. */
  readonly lockPath: string;
}

export function certificatePaths(dir: string): CertificatePaths {
  const absolute = resolve(dir);
  return {
    dir: absolute,
    caPath: join(absolute, 'ca.pem'),
    caKeyPath: join(absolute, 'ca-key.pem'),
    certPath: join(absolute, 'localhost.pem'),
    keyPath: join(absolute, 'localhost-key.pem'),
    lockPath: join(absolute, '.lock'),
  };
}

/**
 * `$XDG_DATA_HOME/graph-callrecords-mock/tls`, or `~/.local/share/graph-callrecords-mock/tls`
 * when XDG_DATA_HOME is unset or, as the XDG spec says to treat it, not an absolute path.
 */
export function defaultCertificateDirectory(
  env: Readonly<Record<string, string | undefined>>,
  home?: string,
): string {
  return join(userDirectory('data', env, home), 'tls');
}
