import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root: the nearest folder above this file that holds package.json. Tests run
 * compiled, from dist/test, but read and spawn files of the tree itself (the docs, the built
 * bins, the clients in test/e2e/clients).
 */
export const PROJECT_ROOT = rootAbove(dirname(fileURLToPath(import.meta.url)));

function rootAbove(dir: string): string {
  if (existsSync(join(dir, 'package.json'))) return dir;
  const parent = dirname(dir);
  if (parent === dir) throw new Error('no package.json above the tests');
  return rootAbove(parent);
}

/** A path inside the project, from its root. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
