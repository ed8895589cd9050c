/**
 * The image builds from what its context holds: every file and folder `npm run build` reads is
 * copied by the Dockerfile's build stage and let through by .dockerignore. A tool added to the
 * build and not to the image broke the container build once (dist/cli), and no test saw it,
 * because the engine that builds the image does not run in CI.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { projectPath } from '../support/project-root.js';

const read = (path: string) => readFileSync(projectPath(path), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const DOCKERFILE = read('Dockerfile');
const LET_THROUGH = read('.dockerignore')
  .split('\n')
  .filter((line) => line.startsWith('!'))
  .map((line) => line.slice(1).trim());

/** The build's inputs: its tools, the tsconfig folders it names and tsconfig.build.json's. */
function buildInputs(): string[] {
  const build = [scripts.build!, scripts['build:console']!].join(' ');
  const tools = build.match(/tools\/[\w-]+\.mjs/g) ?? [];
  const projects = [...build.matchAll(/-p ([\w-]+)\/tsconfig\.json/g)].map((match) => match[1]!);
  const sources = (JSON.parse(read('tsconfig.build.json')) as { include: string[] }).include
    .map((pattern) => pattern.split('/')[0]!)
    // The image leaves the benchmarks out, and the build does not need them.
    .filter((folder) => folder !== 'bench');
  return [...new Set([...tools, ...projects, ...sources])];
}

const inputs = buildInputs();

t.ok(inputs.includes('tools/bundle-cli.mjs') && inputs.includes('console'), inputs.join(', '));
for (const input of inputs) {
  const copied = new RegExp(`^COPY [^\\n]*\\b${input.replaceAll('.', '\\.')}\\b`, 'm');
  t.match(DOCKERFILE, copied, `the build stage copies ${input}`);
  t.ok(
    LET_THROUGH.some((path) => input === path || input.startsWith(`${path}/`)),
    `.dockerignore lets ${input} through`,
  );
}
