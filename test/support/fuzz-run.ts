import fc from 'fast-check';
import type { Test } from 'tap';
import { LOG_FUNCTIONS } from '../../openapi/contract.js';
import { batchArbitrary, newStats, requestPathProperty } from '../../tools/fuzz/property.js';
import { signedBearerTokens } from '../../tools/fuzz/signed-tokens.js';
import { injectTarget } from '../../tools/fuzz/targets.js';
import { contract } from './graph.js';

/** The same seed as the long run's default, so a bounded run is its first stretch. */
const SEED = 20261126;

/** The request-path property over `runs` seeded batches, in-process: what both tiers run. */
export async function fuzzRequestPath(t: Test, runs: number): Promise<void> {
  const target = await injectTarget();
  t.teardown(() => target.close());
  const signedTokens = await signedBearerTokens();
  const stats = newStats();
  const batches = batchArbitrary({ signedTokens, wireQuirks: false });
  await fc.assert(requestPathProperty(target, batches, contract, stats), {
    seed: SEED,
    numRuns: runs,
  });
  t.equal(stats.batches, runs, `${runs} batches of fuzzed requests, seed ${SEED}`);
  t.ok((stats.statuses.get(200) ?? 0) > stats.requests / 10, 'a good share of them got a page');
  for (const fn of LOG_FUNCTIONS) {
    t.ok((stats.pages.get(fn) ?? 0) > 0, `some got a page of ${fn}`);
  }
}
