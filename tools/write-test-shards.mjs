#!/usr/bin/env node
/**
 * Writes the fast tier's entry files, dist/test-shards/fast-<k>.test.js: shard k imports every
 * SHARDS-th compiled test outside dist/test/e2e, so `tap` (package.json "include") starts
 * SHARDS processes instead of one per test file. Measured on the 2-core machine: a process per
 * file costs tap ~1 s of CPU and reloads fastify, faker, ajv's compiled schemas and the built-in
 * universes every time; the 101 files took 165 CPU-s run one process each, 84 CPU-s in one.
 * Every test file still runs alone too: `npx tap dist/test/scenarios/hash.test.js`.
 * Runs after `tsc -b tsconfig.test.json`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const TESTS = 'dist/test';
const OUT = 'dist/test-shards';
const SLOW_TIER = join(TESTS, 'e2e');
/**
 * Three for two cores: the files' measured CPU (each run alone) splits 56/54/56 CPU-s over three
 * shards by every third file, 65/100 over two, so three keep both cores busy to the end.
 */
const SHARDS = 3;

const files = readdirSync(TESTS, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
  .map((entry) => join(entry.parentPath, entry.name))
  .filter((path) => !path.startsWith(`${SLOW_TIER}/`))
  .sort();

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (let shard = 0; shard < SHARDS; shard++) {
  const imports = files
    .filter((_, index) => index % SHARDS === shard)
    .map((path) => `import '${relative(OUT, path)}';`);
  const header = `// Written by tools/write-test-shards.mjs: shard ${shard + 1} of ${SHARDS} of the fast tier.`;
  writeFileSync(join(OUT, `fast-${shard + 1}.test.js`), [header, ...imports, ''].join('\n'));
}
