/**
 * A short, seeded run of the request-path fuzz for the fast tier; a longer bounded one is
 * test/e2e/fuzz-request-path.test.ts and the long run is `npm run fuzz` (tools/fuzz/main.ts).
 * Arbitraries, oracle and property live in tools/fuzz/, so the runner shares them with this test.
 *
 * A failure prints fast-check's counterexample (the shrunk batch, as source with long runs
 * written `'a'.repeat(n)`), the seed and the path; replay it with
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> FUZZ_RUNS=<runs> npm run fuzz`, then keep the request as a
 * plain regression test next to test/fuzz/findings.test.ts.
 */
import t from 'tap';
import { fuzzRequestPath } from '../support/fuzz-run.js';

/** About 250 requests, a second or two: the first stretch of the e2e tier's 1,000 batches. */
const RUNS = 100;

t.test(
  'fuzzed requests never get a 5xx nobody asked for, errors are Graph envelopes, pages match the contract, and the server stays up',
  (t) => fuzzRequestPath(t, RUNS),
);
