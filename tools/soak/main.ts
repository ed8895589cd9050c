/**
 * `npm run soak`: the mock at saturation for a while — many keep-alive connections asking for a
 * seeded mix of pages, scenarios, control calls and expected errors — to show that it stays
 * correct and that its memory levels off under sustained load. Reports requests/s, latency,
 * errors and the server's RSS, sampled every second. An error is any status other than the one
 * the request must get (so an intended 4xx or 503 is not one, but a 500 or a wrong 4xx is), a
 * sampled page body that is not a page, a connection error or a timeout.
 *
 * The server runs as users run it (`node dist/server/bin/main.js --port 0`), pinned to core 1 and
 * this load generator to core 0 when taskset is available. A warm-up outside the figures starts
 * filling the server's caches, and lasts until every connection has had an answer, so the
 * measured period starts with all of them open. The caches are bounded (pages 16 MB, day
 * summaries 32 MB), so RSS may still rise early in the measured period and must then level off.
 * Exit 0 only with no errors, RSS growth under 10 % from the first third of the measured period
 * to the last, and exit code 0 from the server on SIGTERM.
 *
 * Env: SOAK_SECONDS (default 60), SOAK_WARMUP_SECONDS (default 45), SOAK_CONNECTIONS
 * (default 64), SOAK_SEED (default 1; fixes the sequence of requests).
 */
import autocannon from 'autocannon';
import {
  canPin,
  median,
  PINNING_NOTE,
  pinLoadGenerator,
  rssMegabytes,
} from '../../bench/machine.js';
import { type PlannedRequest, RequestMix } from './request-mix.js';
import { type ServerProcess, startServer } from './server-process.js';
import { ResponseTally } from './tally.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
/**
 * Long enough for the bounded caches to fill under this mix (measured: RSS levels off after
 * 40–60 s), so the first-to-last-third comparison sees steady state, not cache filling.
 */
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 45);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 64);
const SEED = Number(process.env.SOAK_SEED ?? 1);
const RSS_SAMPLE_MS = 1000;
const RSS_GROWTH_LIMIT_PERCENT = 10;
/**
 * How long a request may wait for its answer before it counts as a timeout. Above autocannon's
 * 10 s because a saturated Node server accepts queued connections only a few per second (a bare
 * `http.createServer` does the same), so the first answer on the last of 64 new connections can
 * take over 10 s: the start of the warm-up, not a hang.
 */
const RESPONSE_TIMEOUT_SECONDS = 30;
/** By then every connection has had its first answer or timed out. */
const MAX_WARMUP_SECONDS = WARMUP_SECONDS + RESPONSE_TIMEOUT_SECONDS;

/** autocannon's context is fresh for each request, so it carries that request's plan. */
interface SoakContext {
  readonly planned: PlannedRequest;
  readonly sentAt: number;
}

interface RssSample {
  /** Since the measured period started. */
  readonly seconds: number;
  readonly megabytes: number;
}

interface RssSampler {
  readonly samples: readonly RssSample[];
  stop(): void;
}

interface SoakRun {
  readonly warmup: ResponseTally;
  /** Length of the warm-up: until every connection was answered, WARMUP_SECONDS at least. */
  readonly warmupSeconds: number;
  readonly measured: ResponseTally;
  /** Length of the measured period. */
  readonly seconds: number;
  readonly rss: readonly RssSample[];
}

/** A sample now, one every second, and a last one on stop. */
function sampleRss(pid: number): RssSampler {
  const started = performance.now();
  const samples: RssSample[] = [];
  const sample = () => {
    const megabytes = rssMegabytes(pid);
    if (megabytes === undefined) return;
    samples.push({ seconds: (performance.now() - started) / 1000, megabytes });
  };
  sample();
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      sample();
    },
  };
}

/**
 * One autocannon run on the same connections throughout, as keep-alive clients hold them. The
 * warm-up lasts WARMUP_SECONDS and until every connection has had an answer, so the measured
 * period starts with all of them open; RSS is sampled from its first moment, and it ends after
 * SECONDS.
 */
async function soak(server: ServerProcess, mix: RequestMix): Promise<SoakRun> {
  const warmup = new ResponseTally(server.origin);
  const measured = new ResponseTally(server.origin);
  let tally = warmup;
  const started = performance.now();
  const answeredConnections = new Set<autocannon.Client>();
  let measuring: { since: number; rss: RssSampler } | undefined;
  let instance: autocannon.Instance | undefined;
  const startMeasuring = () => {
    if (measuring) return;
    tally = measured;
    measuring = { since: performance.now(), rss: sampleRss(server.pid) };
    setTimeout(() => instance!.stop(), SECONDS * 1000);
  };
  const warmupLimit = setTimeout(startMeasuring, MAX_WARMUP_SECONDS * 1000);
  await new Promise<void>((resolve, reject) => {
    instance = autocannon(
      {
        url: server.origin,
        connections: CONNECTIONS,
        // An upper bound: the run is stopped SECONDS after the warm-up ends.
        duration: MAX_WARMUP_SECONDS + SECONDS + 1,
        timeout: RESPONSE_TIMEOUT_SECONDS,
        requests: [
          {
            // Called as the request is written, so sentAt is when it was sent.
            setupRequest: (request, context) => {
              const planned = mix.next();
              Object.assign(context, { planned, sentAt: performance.now() } satisfies SoakContext);
              return { ...request, path: planned.path, headers: planned.headers };
            },
            onResponse: (status, body, context) => {
              const { planned, sentAt } = context as SoakContext;
              tally.record(planned, status, body, performance.now() - sentAt);
            },
          },
        ],
      },
      (error) => (error ? reject(error) : resolve()),
    );
    instance.on('reqError', (error: NodeJS.ErrnoException) => tally.recordFailure(error));
    instance.on('response', (client) => {
      if (measuring) return;
      answeredConnections.add(client);
      const warmedUp = performance.now() - started >= WARMUP_SECONDS * 1000;
      if (warmedUp && answeredConnections.size === CONNECTIONS) startMeasuring();
    });
  });
  clearTimeout(warmupLimit);
  const { since, rss } = measuring!;
  rss.stop();
  return {
    warmup,
    warmupSeconds: (since - started) / 1000,
    measured,
    seconds: (performance.now() - since) / 1000,
    rss: rss.samples,
  };
}

interface RssFigures {
  readonly start: number;
  readonly middle: number;
  readonly end: number;
  readonly firstThirdMedian: number;
  readonly lastThirdMedian: number;
  readonly growthPercent: number;
}

/** Undefined without samples: the server was gone before the measured period began. */
function rssFigures(samples: readonly RssSample[]): RssFigures | undefined {
  if (samples.length === 0) return undefined;
  const span = samples.at(-1)!.seconds;
  const closestTo = (seconds: number) =>
    samples.reduce((best, s) =>
      Math.abs(s.seconds - seconds) < Math.abs(best.seconds - seconds) ? s : best,
    );
  const megabytesWhere = (keep: (s: RssSample) => boolean) =>
    samples.filter(keep).map((s) => s.megabytes);
  const firstThirdMedian = median(megabytesWhere((s) => s.seconds <= span / 3));
  const lastThirdMedian = median(megabytesWhere((s) => s.seconds >= (span * 2) / 3));
  return {
    start: samples[0]!.megabytes,
    middle: closestTo(span / 2).megabytes,
    end: samples.at(-1)!.megabytes,
    firstThirdMedian,
    lastThirdMedian,
    growthPercent: (lastThirdMedian / firstThirdMedian - 1) * 100,
  };
}

function counts<K>(map: ReadonlyMap<K, number>): string {
  const entries = [...map].sort(([a], [b]) => String(a).localeCompare(String(b)));
  return entries.map(([key, n]) => `${key} ×${n}`).join(', ') || 'none';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function errorDetail(tally: ResponseTally): string {
  return (
    `unexpected status: ${counts(tally.unexpectedStatus)}; ` +
    `bad page bodies (1 page in 100 parsed): ${tally.badBodies}; no answer: ${counts(tally.failures)}`
  );
}

function rssReport(memory: RssFigures | undefined, samples: number): string[] {
  if (memory === undefined) return ['server RSS: no samples, the server was gone'];
  const sign = memory.growthPercent >= 0 ? '+' : '';
  return [
    `server RSS MB: start ${memory.start.toFixed(1)}, middle ${memory.middle.toFixed(1)}, ` +
      `end ${memory.end.toFixed(1)} (${samples} samples)`,
    `server RSS, median of the first third ${memory.firstThirdMedian.toFixed(1)} MB, of the last ` +
      `${memory.lastThirdMedian.toFixed(1)} MB: ${sign}${memory.growthPercent.toFixed(1)} % ` +
      `(limit ${RSS_GROWTH_LIMIT_PERCENT} %)`,
  ];
}

/** Responses and latency by kind of request, the most frequent first. */
function latencyTable(tally: ResponseTally): Record<string, number | string>[] {
  const kinds = [...tally.latenciesByKind].sort(([, a], [, b]) => b.length - a.length);
  return kinds.map(([kind]) => {
    const { responses, p50, p99, max } = tally.latency(kind);
    return {
      kind,
      'expected status': tally.expectedStatusByKind.get(kind)!,
      responses,
      'p50 ms': round1(p50),
      'p99 ms': round1(p99),
      'max ms': round1(max),
    };
  });
}

async function main(): Promise<void> {
  const pinned = canPin();
  if (pinned) pinLoadGenerator();
  const mix = new RequestMix(SEED);
  process.stdout.write(
    `soak: ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, ` +
      `seed ${SEED}; ${PINNING_NOTE(pinned)}\n`,
  );

  const server = await startServer(pinned);
  const { warmup, warmupSeconds, measured, seconds, rss } = await soak(server, mix);
  const exit = await server.stop();

  const memory = rssFigures(rss);
  const latency = measured.latency();
  const requestsPerSecond = measured.responses / seconds;
  const failures = [
    measured.errors > 0 && `${measured.errors} errors`,
    warmup.errors > 0 && `${warmup.errors} errors in the warm-up`,
    memory === undefined
      ? 'no RSS samples'
      : memory.growthPercent >= RSS_GROWTH_LIMIT_PERCENT &&
        `RSS grew ${memory.growthPercent.toFixed(1)} % (limit ${RSS_GROWTH_LIMIT_PERCENT} %)`,
    exit.unasked && 'the server exited during the run',
    exit.code !== 0 && `the server exited with ${exit.code ?? exit.signal}`,
  ].filter((failure) => failure !== false);

  const warmupErrors = warmup.errors > 0 ? ` (${errorDetail(warmup)})` : '';
  process.stdout.write(
    `warm-up: ${warmupSeconds.toFixed(1)} s (${WARMUP_SECONDS} s or more, until each of the ` +
      `${CONNECTIONS} connections had an answer), ${warmup.responses} responses, ` +
      `max latency ${round1(warmup.latency().max)} ms, ${warmup.errors} errors${warmupErrors}\n` +
      `requests: ${measured.responses} in ${seconds.toFixed(1)} s, ${requestsPerSecond.toFixed(1)}/s\n` +
      `latency ms: p50 ${round1(latency.p50)}, p99 ${round1(latency.p99)}, max ${round1(latency.max)}\n`,
  );
  console.table(latencyTable(measured));
  const lines = [
    `expected non-2xx by status: ${counts(measured.expectedNon2xx)}`,
    `errors: ${measured.errors} (${errorDetail(measured)})`,
    ...measured.examples.map((example) => `  ${example}`),
    ...warmup.examples.map((example) => `  in the warm-up: ${example}`),
    ...rssReport(memory, rss.length),
    `server log lines (warn and above): ${server.log.lines}`,
    ...server.log.first.map((line) => `  ${line}`),
    `server exit on SIGTERM: ${exit.unasked ? 'it had already exited, ' : ''}` +
      `code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}`,
    failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  console.log(
    JSON.stringify({
      seconds: round1(seconds),
      warmupSeconds: round1(warmupSeconds),
      connections: CONNECTIONS,
      seed: SEED,
      pinned,
      requests: measured.responses,
      requestsPerSecond: round1(requestsPerSecond),
      latencyMs: { p50: round1(latency.p50), p99: round1(latency.p99), max: round1(latency.max) },
      errors: {
        total: measured.errors,
        unexpectedStatus: Object.fromEntries(measured.unexpectedStatus),
        badPageBodies: measured.badBodies,
        noAnswer: Object.fromEntries(measured.failures),
        warmup: warmup.errors,
      },
      expectedNon2xx: Object.fromEntries(measured.expectedNon2xx),
      rssMb: memory
        ? {
            start: round1(memory.start),
            middle: round1(memory.middle),
            end: round1(memory.end),
            firstThirdMedian: round1(memory.firstThirdMedian),
            lastThirdMedian: round1(memory.lastThirdMedian),
          }
        : null,
      rssGrowthPercent: memory ? round1(memory.growthPercent) : null,
      serverLogLines: server.log.lines,
      serverExit: { code: exit.code, signal: exit.signal },
      passed: failures.length === 0,
    }),
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
