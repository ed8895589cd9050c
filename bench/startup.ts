/**
 * `npm run bench` (second part): how long the mock takes from spawn to its first 200 on a page
 * request, against a bare fastify app from spawn to its first 200, as the median of several
 * rounds, and their ratio. Each round starts a fresh process and asks as soon as it prints where
 * it listens. The target (issue 9) is a ratio of 1.5 or less. The CPU time each process has used
 * by its first 200 is shown too: on a busy machine it varies far less than the wall-clock time.
 *
 * Env: BENCH_STARTUP_ROUNDS (default 9).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, median } from './machine.js';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 9);
const TARGET_RATIO = 1.5;
const MOCK = fileURLToPath(new URL('../server/bin/main.js', import.meta.url));
const BARE = fileURLToPath(new URL('./bare-fastify.js', import.meta.url));
const PAGE =
  '/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01)';
/** The mock's banner and the bare app's line alike. */
const LISTENING = /listening on (https?:\/\/\S+)/;

interface Start {
  /** From spawn to the 200, wall-clock. */
  readonly ms: number;
  /** CPU time the process had used by then. */
  readonly cpuMs: number;
}

/** From spawning `node args` to a 200 on `path` of the origin it prints. */
async function timeToFirst200(args: readonly string[], path: string): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const found = line.match(LISTENING);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    });
    const response = await fetch(`${origin}${path}`, {
      headers: { authorization: 'Bearer bench' },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${origin}${path} answered ${response.status}`);
    return { ms: performance.now() - started, cpuMs: cpuSeconds(child.pid!) * 1000 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const mock: Start[] = [];
const bare: Start[] = [];
// Alternating, so a slower stretch of the machine weighs on both alike.
for (let round = 0; round < ROUNDS; round++) {
  bare.push(await timeToFirst200([BARE], '/'));
  mock.push(
    await timeToFirst200(
      [MOCK, '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'],
      PAGE,
    ),
  );
}
const row = (name: string, starts: readonly Start[]) => {
  const [ms, cpuMs] = [median(starts.map((s) => s.ms)), median(starts.map((s) => s.cpuMs))];
  console.log(
    `  ${name.padEnd(24)}${ms.toFixed(0).padStart(6)} ms   CPU ${cpuMs.toFixed(0).padStart(5)} ms`,
  );
  return { ms, cpuMs };
};
console.log(`start-up, spawn to first 200, median of ${ROUNDS} rounds:`);
const ofMock = row('mock, a 1000-row page', mock);
const ofBare = row('bare fastify', bare);
console.log(
  `  ratio${(ofMock.ms / ofBare.ms).toFixed(2).padStart(25)}      CPU ${(ofMock.cpuMs / ofBare.cpuMs).toFixed(2).padStart(5)}   (target ≤ ${TARGET_RATIO})`,
);
