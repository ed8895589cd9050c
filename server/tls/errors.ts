/** The one error the TLS setup throws for the user to fix: an unreadable, foreign or broken file. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

/**
 * `ENOENT: no such file or directory` from Node's `ENOENT: no such file or directory, open '…'`
 * (or `…, read`): the caller names the file.
 */
export function describeFileError(error: unknown): string {
  return (error as Error).message.replace(/, \w+(?: '.*')?$/s, '');
}

/** The code of a Node file-system error, e.g. `ENOENT`. */
export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}
