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
import fc from 'fast-check';
import t from 'tap';
import { batchArbitrary, newStats, requestPathProperty } from '../../tools/fuzz/property.js';
import { signedBearerTokens } from '../../tools/fuzz/signed-tokens.js';
import { injectTarget } from '../../tools/fuzz/targets.js';
import { contract } from '../support/graph.js';

/** The same seed as the long run's default, so the bounded run is its first stretch. */
const SEED = 20261126;
/** About 2,500 requests: some 7 s on a 2-core machine, well inside tap's 30 s. */
const RUNS = 1000;

t.test(
  'fuzzed requests never get a 5xx nobody asked for, errors are Graph envelopes, pages match the contract, and the server stays up',
  async (t) => {
    const target = await injectTarget();
    t.teardown(() => target.close());
    const signedTokens = await signedBearerTokens();
    const stats = newStats();
    const batches = batchArbitrary({ signedTokens, wireQuirks: false });
    await fc.assert(requestPathProperty(target, batches, contract, stats), {
      seed: SEED,
      numRuns: RUNS,
    });
    t.equal(stats.batches, RUNS, `${RUNS} batches of fuzzed requests, seed ${SEED}`);
    t.ok((stats.statuses.get(200) ?? 0) > stats.requests / 10, 'a good share of them got a page');
  },
);
