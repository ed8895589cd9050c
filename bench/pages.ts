/**
 * `npm run bench`: how fast the mock serves 1000-row pages, against references measured in the
 * same run on the same server. The server runs in its own process pinned to one core and this
 * load generator to the other, so they don't fight for CPU; figures are medians of several
 * rounds, and server CPU per request is read from /proc alongside requests per second.
 *
 * Env: BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (default 5),
 * BENCH_CONNECTIONS (default 4).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { largeScenario } from '../scenarios/catalog.js';
import { getPstnCalls, LOG_FUNCTION_TABLE, type LogFunction } from '../scenarios/log-functions.js';
import { countCalls, universeFor } from '../scenarios/universe.js';
import { formatDateTimeLiteral } from '../server/graph/date-time-offset.js';
import { SCENARIO_PARAMETER } from '../server/graph/tenant-selection.js';
import { LOG_BENCHES, rowsInWindow } from './log-benches.js';
import {
  canPin,
  cpuSeconds,
  median,
  PINNING_NOTE,
  pinLoadGenerator,
  rssMegabytes,
  serverCommand,
} from './machine.js';
import { BENCH_FROM, BENCH_TO, BENCH_WINDOW } from './window.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const PAGE = 1000;
const DEEP_SKIP = 900_000;
const TOKEN = 'Bearer bench';
const SERVER_SCRIPT = fileURLToPath(new URL('./server.js', import.meta.url));
const BARE_SCRIPT = fileURLToPath(new URL('./bare-fastify.js', import.meta.url));
/** Where the bench server leaves its prebuilt page for the bare fastify app to send. */
const BUFFER_DIR = mkdtempSync(join(tmpdir(), 'bench-page-'));
const BUFFER_FILE = join(BUFFER_DIR, 'page.json');
const pinned = canPin();

interface ServerProcess {
  readonly pid: number;
  readonly origin: string;
  readonly bufferBytes: number;
  stop(): Promise<void>;
}

interface Measurement {
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
}

type PathSource = () => string;

/** The bench server (its first line: port and page size), or the bare app (`listening on …`). */
async function startServer(script = SERVER_SCRIPT): Promise<ServerProcess> {
  const [command, args] = serverCommand(pinned, [script]);
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_BUFFER_FILE: BUFFER_FILE },
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const bare = firstLine.match(/listening on (\S+)/);
  const [port, bytes] = firstLine.split(' ').map(Number) as [number, number];
  return {
    pid: child.pid!,
    origin: bare ? bare[1]! : `http://127.0.0.1:${port}`,
    bufferBytes: bare ? 0 : bytes,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function measure(server: ServerProcess, nextPath: PathSource): Promise<Measurement> {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await autocannon({
    url: server.origin,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: TOKEN },
    requests: [
      {
        setupRequest: (request) => {
          request.path = nextPath();
          return request;
        },
      },
    ],
  });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors during a run`);
  }
  const requests = result.requests.total;
  return {
    requestsPerSecond: requests / (result.duration || SECONDS),
    cpuMicrosPerRequest: (cpu * 1e6) / requests,
  };
}

function pagePath(fromShiftSeconds: number, skip: number, fn: LogFunction = getPstnCalls): string {
  const from = {
    minute: BENCH_FROM.minute + Math.floor(fromShiftSeconds / 60),
    tick: (fromShiftSeconds % 60) * 1e7,
  };
  const { scenario } = LOG_BENCHES[fn.name];
  // The server's own tenant is large; any other is chosen per request.
  const tenant = scenario === largeScenario ? '' : `&${SCENARIO_PARAMETER}=${scenario.name}`;
  return (
    `/beta/communications/callRecords/${fn.name}(fromDateTime=${formatDateTimeLiteral(from)},` +
    `toDateTime=${formatDateTimeLiteral(BENCH_TO)})?$skip=${skip}${tenant}`
  );
}

/**
 * Shifts the window start by a few seconds per run (a quiet night hour, so page counts stay the
 * same), so that no run meets a page rendered in an earlier one.
 */
let runSalt = 0;

/** Every request a page no one asked for before: a new window start once all pages are used. */
function uniquePages(firstSkip: number, pageCount: number, fn?: LogFunction): PathSource {
  let i = 0;
  let pass = 0;
  return () => {
    const n = i++;
    if (n > 0 && n % pageCount === 0) pass++;
    return pagePath(runSalt * 10 + pass, firstSkip + (n % pageCount) * PAGE, fn);
  };
}

/**
 * The other paged logs of LOG_FUNCTION_TABLE, each over the same 90 days of its own tenant,
 * cycling through all its pages as the (a) run does. The logs too small for pages, and the
 * dial-out report (6 pages of whole days kept per tenant), are measured in-process only.
 */
const OTHER_PAGED_LOGS = LOG_FUNCTION_TABLE.filter(
  (fn) => fn !== getPstnCalls && LOG_BENCHES[fn.name].shape === 'pages',
).map((fn) => ({ fn, pages: Math.floor(rowsInWindow(fn) / PAGE) - 1 }));

async function walkEverything(
  server: ServerProcess,
): Promise<{ rows: number; firstPageRss: number; endRss: number }> {
  let url: string | undefined = `${server.origin}${pagePath(0, 0)}`;
  let rows = 0;
  let firstPageRss = 0;
  while (url) {
    const response = await fetch(url, { headers: { authorization: TOKEN } });
    const page = (await response.json()) as { '@odata.count': number; '@odata.nextLink'?: string };
    rows += page['@odata.count'];
    if (firstPageRss === 0) firstPageRss = rssMegabytes(server.pid)!;
    url = page['@odata.nextLink'];
  }
  return { rows, firstPageRss, endRss: rssMegabytes(server.pid)! };
}

async function main(): Promise<void> {
  if (pinned) pinLoadGenerator();
  const total = countCalls(universeFor(largeScenario, largeScenario.seed), BENCH_WINDOW);
  const fullPages = Math.floor(total / PAGE) - 1;
  const deepPages = Math.floor((total - DEEP_SKIP) / PAGE) - 1;
  process.stdout.write(
    `bench: large scenario, ${total} rows in the window; ${ROUNDS} rounds × ${SECONDS} s × 6 runs, ` +
      `${CONNECTIONS} connections; ${PINNING_NOTE(pinned)}\n` +
      `  (g) is a bare fastify app (bench/bare-fastify.ts, no plugins) sending the page of (d)\n` +
      `  and ${OTHER_PAGED_LOGS.length} more runs a round for ` +
      `${OTHER_PAGED_LOGS.map(({ fn, pages }) => `${fn.name} (${LOG_BENCHES[fn.name].scenario.name}, ${pages + 1} pages)`).join(', ')}\n`,
  );

  const server = await startServer();
  // Started second: it sends the page the bench server wrote out.
  const bareServer = await startServer(BARE_SCRIPT);
  const runs = {
    unique: [] as Measurement[],
    deep: [] as Measurement[],
    stringify: [] as Measurement[],
    buffer: [] as Measurement[],
    repeated: [] as Measurement[],
    'bare buffer': [] as Measurement[],
  };
  const others = new Map(OTHER_PAGED_LOGS.map(({ fn }) => [fn, [] as Measurement[]]));
  // Warm-up: JIT and the tenant's pools, outside any measured run.
  runSalt = 59;
  await measure(server, uniquePages(0, fullPages));
  for (const { fn, pages } of OTHER_PAGED_LOGS) await warmUp(server, uniquePages(0, pages, fn));
  for (let round = 0; round < ROUNDS; round++) {
    runSalt = round * 7 + 1;
    runs.unique.push(await measure(server, uniquePages(0, fullPages)));
    runSalt = round * 7 + 2;
    runs.deep.push(await measure(server, uniquePages(DEEP_SKIP, deepPages)));
    runs.stringify.push(await measure(server, () => '/_bench/stringify'));
    runs.buffer.push(await measure(server, () => '/_bench/buffer'));
    const repeated = pagePath(0, 500_000);
    runs.repeated.push(await measure(server, () => repeated));
    runs['bare buffer'].push(await measure(bareServer, () => '/_bench/buffer'));
    for (const { fn, pages } of OTHER_PAGED_LOGS) {
      runSalt = round * 7 + 3;
      others.get(fn)!.push(await measure(server, uniquePages(0, pages, fn)));
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  await server.stop();
  await bareServer.stop();

  const walker = await startServer();
  const walk = await walkEverything(walker);
  await walker.stop();
  // Last: every bench server writes its page there as it starts, the walker too.
  rmSync(BUFFER_DIR, { recursive: true, force: true });

  const rps = (name: keyof typeof runs) => median(runs[name].map((m) => m.requestsPerSecond));
  const cpu = (name: keyof typeof runs) => median(runs[name].map((m) => m.cpuMicrosPerRequest));
  const rows = Object.keys(runs).map((name) => {
    const key = name as keyof typeof runs;
    return {
      run: name,
      'pages/s (median)': Math.round(rps(key)),
      'server CPU µs/page (median)': Math.round(cpu(key)),
    };
  });
  console.table(rows);
  const ratios = {
    '(a)/(c) unique vs JSON.stringify, pages/s': rps('unique') / rps('stringify'),
    '(a)/(c) same, by server CPU per page': cpu('stringify') / cpu('unique'),
    '(b)/(a) deep ($skip ≥ 900,000) vs unique, pages/s': rps('deep') / rps('unique'),
    '(b)/(a) same, by server CPU per page': cpu('unique') / cpu('deep'),
    '(e)/(d) repeated page vs prebuilt buffer, pages/s': rps('repeated') / rps('buffer'),
    '(e)/(d) same, by server CPU per page': cpu('buffer') / cpu('repeated'),
    '(e)/(g) repeated page vs a bare fastify app sending it, by server CPU':
      cpu('bare buffer') / cpu('repeated'),
    '(f) RSS after walking vs after the first page': walk.endRss / walk.firstPageRss,
  };
  console.table(
    Object.entries(ratios).map(([ratio, value]) => ({ ratio, value: Number(value.toFixed(2)) })),
  );
  console.log(
    `(f) walked ${walk.rows} rows: RSS ${walk.firstPageRss.toFixed(1)} MB after the first page, ` +
      `${walk.endRss.toFixed(1)} MB at the end. Page size ${(walker.bufferBytes / 1024).toFixed(0)} KB.`,
  );
  console.log('unique pages of each paged log over HTTP, all its pages in turn, beside (a):');
  const logRow = (fn: LogFunction, measured: readonly Measurement[]) => {
    const [rate, micros] = [
      median(measured.map((m) => m.requestsPerSecond)),
      median(measured.map((m) => m.cpuMicrosPerRequest)),
    ];
    return {
      function: fn.name,
      scenario: LOG_BENCHES[fn.name].scenario.name,
      'pages/s (median)': Math.round(rate),
      'server CPU µs/page (median)': Math.round(micros),
      'pages/s vs (a)': Number((rate / rps('unique')).toFixed(2)),
      'CPU vs (a), (a)/this': Number((cpu('unique') / micros).toFixed(2)),
    };
  };
  console.table([
    logRow(getPstnCalls, runs.unique),
    ...OTHER_PAGED_LOGS.map(({ fn }) => logRow(fn, others.get(fn)!)),
  ]);
}

/** A few hundred pages one at a time: the tenant built and the row writer compiled. */
async function warmUp(server: ServerProcess, nextPath: PathSource): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${server.origin}${nextPath()}`, {
      headers: { authorization: TOKEN },
    });
    await response.arrayBuffer();
    if (response.status !== 200)
      throw new Error(`warm-up: ${nextPath()} answered ${response.status}`);
  }
}

await main();
