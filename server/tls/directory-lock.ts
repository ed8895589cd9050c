/**
 * A lock file, so that processes starting together — test files run in parallel, each starting a
 * mock — create one CA between them instead of overwriting each other's.
 */
import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { CertificateError, describeFileError, errorCode } from './errors.js';

/**
 * Creating certificates takes under a second; a lock this old was left by a process that died
 * holding it, and is taken over. (Two processes taking over the same dead lock at once could
 * both proceed; that needs a crash first, and at worst leaves a CA pair start-up reports.)
 */
const STALE_LOCK_MS = 30_000;
const POLL_MS = 50;
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** Runs `work` while holding `lockPath`, waiting up to `timeoutMs` for another holder. */
export async function withLock<T>(
  lockPath: string,
  work: () => T,
  timeoutMs: number = DEFAULT_LOCK_TIMEOUT_MS,
): Promise<T> {
  await acquire(lockPath, timeoutMs);
  try {
    return work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function acquire(lockPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryCreate(lockPath)) return;
    if (await isStale(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new CertificateError(
        `"${lockPath}" is still held after ${timeoutMs} ms; if no other graph-callrecords-mock is starting, delete it`,
      );
    }
    await delay(POLL_MS);
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    // The holder's pid, for a person wondering whose lock it is.
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    /* c8 ignore start */
    // Reached with a directory the user may not write in (EACCES), which tests running as root,
    // as in CI containers, cannot make.
    throw new CertificateError(`cannot create "${lockPath}" (${describeFileError(error)})`);
  }
  /* c8 ignore stop */
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > STALE_LOCK_MS;
    /* c8 ignore start */
  } catch {
    // The holder released it between our open and this stat, a race tests cannot time: not
    // stale, just try again.
    return false;
  }
  /* c8 ignore stop */
}
