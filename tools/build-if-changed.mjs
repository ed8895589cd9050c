// `npm start`'s build step: runs `npm run build` only when a source, a build setting or the
// installed packages changed since the last build, judged by modification times against the CLI
// bundle, the build's last output. `tsc -b` alone would also skip an unchanged tree, but only
// after ~2 s of checking and with the console and the bundle rebuilt anyway (issue 9).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LAST_OUTPUT = 'dist/cli/graph-callrecords-mock.cjs';
const SOURCES = ['server', 'scenarios', 'openapi', 'bench', 'console'];
const SETTINGS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'tools/build-console.mjs',
  'tools/bundle-cli.mjs',
];

/** The newest modification time under `path` (a file or a folder), 0 where it is missing. */
function newest(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs; // a deleted file shows as its folder's change
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = newest(LAST_OUTPUT);
const changed = Math.max(...[...SOURCES, ...SETTINGS].map(newest));
if (built === 0 || changed > built) {
  const { status } = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  process.exit(status ?? 1);
}
