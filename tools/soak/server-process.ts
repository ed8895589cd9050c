/**
 * The mock as users run it, `node dist/server/bin/main.js --port 0 --log-level warn`, in a child
 * process pinned to core 1 when it can be (the load generator takes core 0), with its RSS read
 * from /proc. Its stderr — warnings and errors only, at that log level — is counted, not shown,
 * so a flood of them cannot bury the report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serverCommand } from '../../bench/machine.js';

const MAIN_SCRIPT = fileURLToPath(new URL('../../server/bin/main.js', import.meta.url));
const LISTENING = /listening on http:\/\/\S+:(\d+) /;
/** How long the server may take to finish requests in flight and exit after SIGTERM. */
const STOP_TIMEOUT_MS = 15_000;
const LOG_LINES_KEPT = 5;

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** It exited before it was asked to stop. */
  readonly unasked: boolean;
}

export interface ServerLog {
  lines: number;
  readonly first: string[];
}

export interface ServerProcess {
  /** The node process itself: taskset execs it, keeping its own pid. */
  readonly pid: number;
  readonly origin: string;
  readonly log: ServerLog;
  /** SIGTERM, then how it exited (SIGKILL if it takes longer than STOP_TIMEOUT_MS). */
  stop(): Promise<ServerExit>;
}

export async function startServer(pinned: boolean): Promise<ServerProcess> {
  const [command, args] = serverCommand(pinned, [
    MAIN_SCRIPT,
    '--port',
    '0',
    '--log-level',
    'warn',
  ]);
  const child = spawn(command, args, { stdio: 'pipe' });
  const log = countLogLines(child);
  let stopping = false;
  const exited = new Promise<ServerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, unasked: !stopping }));
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then(({ code, signal }) =>
      reject(new Error(`the server exited with ${code ?? signal} before listening`)),
    );
  });
  const port = firstLine.match(LISTENING)?.[1];
  if (port === undefined) throw new Error(`unexpected first line from the server: ${firstLine}`);
  return {
    pid: child.pid!,
    origin: `http://127.0.0.1:${port}`,
    log,
    stop: async () => {
      stopping = true;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const exit = await exited;
      clearTimeout(killer);
      return exit;
    },
  };
}

function countLogLines(child: ChildProcess): ServerLog {
  const log: ServerLog = { lines: 0, first: [] };
  createInterface({ input: child.stderr! }).on('line', (line) => {
    log.lines++;
    if (log.first.length < LOG_LINES_KEPT) log.first.push(line);
  });
  return log;
}
