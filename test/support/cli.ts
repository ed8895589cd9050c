/**
 * The CLI as tests drive it: run() in this process (runInProcess, the fast tier), or the built
 * bin (dist/server/bin/main.js) in a child process as a user meets it (start, the e2e tier); and
 * clients in child processes, for what only a fresh process shows (NODE_EXTRA_CA_CERTS).
 * Child processes need `npm run build` first.
 */
import { type ChildProcess, type SpawnOptionsWithoutStdio, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import t, { type Test } from 'tap';
import { SERVER_ENV_VARIABLES } from '../../server/config/table.js';
import { type Io, run as runCli } from '../../server/main.js';
import { projectPath } from './project-root.js';

export const MAIN = projectPath('dist/server/bin/main.js');
/** What a child must not inherit from the test runner: the mock's own settings, and trust. */
const CONFIG_VARIABLES = [
  ...SERVER_ENV_VARIABLES,
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'NODE_EXTRA_CA_CERTS',
];
export const PREFIX = 'graph-callrecords-mock: ';
export const BANNER =
  /^graph-callrecords-mock listening on (https?:\/\/\S+) \(scenario (\S+), seed (\d+)\)$/;
/** The second line of a server using the local CA. */
export const TRUST_LINE = /^trust its CA with NODE_EXTRA_CA_CERTS=(.+)$/;
export const STACK_FRAME = /^\s+at /m;

/** A usage error as the CLI must give it: exit 2, nothing on stdout, one line naming the problem. */
export function assertUsageError(t: Test, name: string, exit: Exit, detail: string | RegExp): void {
  t.equal(exit.code, 2, `${name}: exit code`);
  t.equal(exit.stdout, '', `${name}: nothing on stdout`);
  const lines = exit.stderr.split('\n');
  t.equal(lines.length, 2, `${name}: exactly one line on stderr`);
  t.equal(lines[1], '', `${name}: the line is terminated`);
  t.ok(lines[0]?.startsWith(PREFIX), `${name}: the line starts with the program name`);
  t.match(lines[0], detail, `${name}: the line says what is wrong`);
  t.notMatch(exit.stderr, STACK_FRAME, `${name}: no stack frames`);
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The servers' tenant cache (on by default, in the user's cache directory) for this test file:
 * its own, so tests leave nothing in the home directory and share nothing with other files.
 */
const cacheHome = mkdtempSync(join(tmpdir(), 'graph-callrecords-mock-test-cache-'));
t.teardown(() => rmSync(cacheHome, { recursive: true, force: true }));

/** The test runner's environment without any of the mock's own variables, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !CONFIG_VARIABLES.includes(name),
  );
  return { ...Object.fromEntries(inherited), XDG_CACHE_HOME: cacheHome, ...env };
}

/** Every child started, so a failed test cannot leave a server running. */
const children = new Set<ChildProcess>();
t.teardown(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Kills `child` at the end of the test file if it is still running. */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  return child;
}

/** `command args` in a tracked child process; resolves with its output once it has exited. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptionsWithoutStdio,
): Promise<Exit> {
  const child = track(spawn(command, args, options));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return once(child, 'close').then(([code, signal]) => ({ code, signal, stdout, stderr }));
}

/** The built CLI in a child process, with its output collected. */
export function start(args: readonly string[], env: Record<string, string> = {}) {
  const child = track(spawn(process.execPath, [MAIN, ...args], { env: childEnv(env) }));
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });

  const exited = once(child, 'close').then(
    ([code, signal]): Exit => ({ code, signal, stdout, stderr }),
  );

  /**
   * Resolves with the `count`-th complete stdout line matching `pattern` (the first by default);
   * rejects if the child exits first.
   */
  const lineMatching = (pattern: RegExp, count = 1) =>
    waitForLine(() => stdout, child.stdout, exited, pattern, count);

  return { child, exited, lineMatching };
}

/** The `count`-th complete line of `text()` matching `pattern`, once `changed` has brought it. */
function waitForLine(
  text: () => string,
  changed: EventEmitter,
  exited: Promise<Exit>,
  pattern: RegExp,
  count: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const matches = text()
        .split('\n')
        .slice(0, -1)
        .map((line) => line.match(pattern))
        .filter((found) => found !== null);
      if (matches.length < count) return;
      changed.off('data', check);
      resolve(matches[count - 1]!);
    };
    changed.on('data', check);
    check();
    void exited.then((exit) =>
      reject(new Error(`exited (${exit.code}) before printing ${pattern}: ${exit.stderr}`)),
    );
  });
}

/** How runInProcess's fake process looks to the CLI. */
export interface InProcessOptions {
  /** Whether stdout is a terminal. */
  readonly isTTY?: boolean;
  /** Whether stderr is a terminal, `columns` wide (export draws its progress bar there). */
  readonly stderrIsTTY?: boolean;
  readonly columns?: number;
  /** A stdout of the test's own, to see how the CLI writes; its bytes are not collected. */
  readonly stdout?: Writable;
}

/**
 * The CLI's run() in this process, with `env` (and this file's tenant cache) as its whole environment: what it writes is
 * collected, `signal` delivers SIGTERM or SIGINT, `exited` resolves with its exit code.
 */
export function runInProcess(
  args: readonly string[],
  env: Record<string, string> = {},
  { isTTY = false, stderrIsTTY = false, columns, stdout: ownStdout }: InProcessOptions = {},
) {
  const changed = new EventEmitter();
  const signals = new EventEmitter();
  let stdout = '';
  let stderr = '';
  // A stream, as the CLI writes rows to it; a row split across chunks decodes whole.
  const decoder = new StringDecoder('utf8');
  const collected = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stdout += decoder.write(chunk);
      changed.emit('data');
      done();
    },
  });
  const io: Io = {
    stdout: Object.assign(ownStdout ?? collected, { isTTY }),
    stderr: {
      isTTY: stderrIsTTY,
      ...(columns === undefined ? {} : { columns }),
      write: (text: string) => {
        stderr += text;
      },
    },
    once: (signal, listener) => signals.once(signal, listener),
  };
  const exited = runCli(args, { XDG_CACHE_HOME: cacheHome, ...env }, io).then(
    (code): Exit => ({ code, signal: null, stdout, stderr }),
  );
  return {
    exited,
    signal: (name: 'SIGTERM' | 'SIGINT' = 'SIGTERM') => signals.emit(name),
    lineMatching: (pattern: RegExp, count = 1) =>
      waitForLine(() => stdout, changed, exited, pattern, count),
  };
}

/** runInProcess on a free port, quiet, once its banner is out; `url` is the one it shows. */
export async function serveInProcess(args: readonly string[], env: Record<string, string> = {}) {
  const server = runInProcess(['--port', '0', '--log-level', 'silent', ...args], env);
  const [, url] = await server.lineMatching(BANNER);
  return { ...server, url: url! };
}

export function run(args: readonly string[], env: Record<string, string> = {}): Promise<Exit> {
  return start(args, env).exited;
}

/** Whether this machine can listen on `host`, e.g. whether it has an IPv6 loopback. */
export async function canListenOn(host: string): Promise<boolean> {
  const probe = createServer();
  probe.listen(0, host);
  const listened = await Promise.race([
    once(probe, 'listening').then(() => true),
    once(probe, 'error').then(() => false),
  ]);
  if (listened) probe.close();
  return listened;
}

/**
 * Fetches `urls` in a fresh Node process that has only NODE_EXTRA_CA_CERTS=`caPath` for trust, as
 * a user's client would; resolves with one "status body" line per URL, or the error's cause.
 */
export async function fetchTrusting(caPath: string, urls: readonly string[]): Promise<string[]> {
  const script = `
    for (const url of JSON.parse(process.argv[1])) {
      try {
        const response = await fetch(url);
        console.log(response.status, await response.text());
      } catch (error) {
        console.log('failed', error.cause?.code ?? error.message);
      }
    }`;
  const child = track(
    spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(urls)], {
      env: childEnv(caPath === '' ? {} : { NODE_EXTRA_CA_CERTS: caPath }),
    }),
  );
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  await once(child, 'close');
  return stdout.trim().split('\n');
}

/** Starts a quiet server on a free port and waits for its banner; `url` is the one it shows. */
export async function startServer(args: readonly string[], env: Record<string, string> = {}) {
  const server = start(['--port', '0', '--log-level', 'silent', ...args], env);
  const [, url] = await server.lineMatching(BANNER);
  return { ...server, url: url! };
}

/** What fetchTrusting reports for /healthz. */
export const HEALTHY = '200 {"status":"ok"}';
