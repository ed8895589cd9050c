/**
 * The bounded, seeded run of the request-path fuzz, in the e2e tier for its time (the fast tier
 * runs its first 100 batches, test/fuzz/request-path.test.ts; the long run is `npm run fuzz`,
 * tools/fuzz/main.ts). Arbitraries, oracle and property live in tools/fuzz/.
 *
 * A failure prints fast-check's counterexample (the shrunk batch, as source with long runs
 * written `'a'.repeat(n)`), the seed and the path; replay it with
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> FUZZ_RUNS=<runs> npm run fuzz`, then keep the request as a
 * plain regression test next to test/fuzz/findings.test.ts.
 */
import t from 'tap';
import { fuzzRequestPath } from '../support/fuzz-run.js';

/** About 2,500 requests: some 7 s on a 2-core machine, well inside tap's 30 s. */
const RUNS = 1000;

t.test(
  'fuzzed requests never get a 5xx nobody asked for, errors are Graph envelopes, pages match the contract, and the server stays up',
  (t) => fuzzRequestPath(t, RUNS),
);
