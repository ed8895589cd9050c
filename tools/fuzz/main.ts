/**
 * `npm run fuzz`: the long property-based fuzz of the request path (the bounded one runs in
 * `npm test` and `npm run test:e2e`, test/fuzz/request-path.test.ts and
 * test/e2e/fuzz-request-path.test.ts, with the same arbitraries and property). Two runs:
 *
 * 1. in process, through `inject`: FUZZ_RUNS batches (default 100,000) of one to four requests;
 * 2. over a real socket to a listening server, with the request-target written byte for byte and
 *    wire quirks inject cannot express: FUZZ_SOCKET_RUNS batches (default 2,000; 0 skips it).
 *
 * Reproducible: FUZZ_SEED (default 20261126) fixes every request. On a counterexample it prints
 * fast-check's report (the shrunk batch as source, the seed and the path) and exits 1. FUZZ_PATH
 * with the same seed replays just that case; set the other run's count to 0 (FUZZ_RUNS=0 to
 * replay a socket case, FUZZ_SOCKET_RUNS=0 for an inject one).
 */
import fc from 'fast-check';
import { createContractValidator, LOG_FUNCTIONS } from '../../openapi/contract.js';
import {
  batchArbitrary,
  type FuzzCase,
  type FuzzStats,
  newStats,
  requestPathProperty,
} from './property.js';
import { signedBearerTokens } from './signed-tokens.js';
import { type FuzzTarget, injectTarget, socketTarget } from './targets.js';

const DEFAULT_SEED = 20261126;
const SEED = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SOCKET_RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 2_000);
const PATH = process.env.FUZZ_PATH;
const PROGRESS_EVERY_MS = 10_000;

const contract = createContractValidator();

function histogram(stats: FuzzStats): string {
  return [...stats.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

function pagesByFunction(stats: FuzzStats): string {
  return LOG_FUNCTIONS.map((fn) => `${fn}×${stats.pages.get(fn) ?? 0}`).join(' ');
}

async function run(
  name: string,
  target: FuzzTarget,
  batches: fc.Arbitrary<FuzzCase[]>,
  numRuns: number,
): Promise<boolean> {
  const stats = newStats();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const progress = setInterval(() => {
    const rate = Math.round(stats.batches / seconds());
    console.log(
      `  ${name}: ${stats.batches}/${numRuns} batches, ${stats.requests} requests, ${rate} batches/s`,
    );
  }, PROGRESS_EVERY_MS);
  console.log(`${name}: ${numRuns} batches, seed ${SEED}${PATH ? `, path ${PATH}` : ''}`);
  const details = await fc.check(requestPathProperty(target, batches, contract, stats), {
    seed: SEED,
    numRuns,
    ...(PATH === undefined ? {} : { path: PATH }),
  });
  clearInterval(progress);
  await target.close();
  const refused = stats.refusedByInject > 0 ? `, ${stats.refusedByInject} refused by inject` : '';
  console.log(
    `${name}: ${details.failed ? 'FAILED' : 'passed'} after ${stats.batches} batches ` +
      `(${stats.requests} requests${refused}) in ${seconds().toFixed(1)} s`,
  );
  console.log(`  statuses: ${histogram(stats)}`);
  console.log(`  pages: ${pagesByFunction(stats)}`);
  if (details.failed) {
    console.error(fc.defaultReportMessage(details));
    const error = details.errorInstance;
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  }
  return !details.failed;
}

const signedTokens = await signedBearerTokens();
const results = [
  await run(
    'inject',
    await injectTarget(),
    batchArbitrary({ signedTokens, wireQuirks: false }),
    RUNS,
  ),
];
if (SOCKET_RUNS > 0) {
  results.push(
    await run(
      'socket',
      await socketTarget(),
      batchArbitrary({ signedTokens, wireQuirks: true }),
      SOCKET_RUNS,
    ),
  );
}
if (results.includes(false)) process.exitCode = 1;
