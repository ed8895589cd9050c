#!/usr/bin/env node
/**
 * Deletes compiled tests whose source is gone. The tests run from dist/test, and tsc never
 * removes the output of a deleted or renamed .ts file, so without this tap would still run a
 * test that no longer exists. Runs before `tsc -b tsconfig.test.json`.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUT = 'dist/test';
const COMPILED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

if (existsSync(OUT)) {
  for (const entry of readdirSync(OUT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPILED.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const source = join('test', relative(OUT, path)).replace(COMPILED, '.ts');
    if (!existsSync(source)) rmSync(path);
  }
}
