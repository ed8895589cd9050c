/**
 * The README's pinned-rows example file, read from the README, loaded as a scenario file is:
 * tests of pinned rows serve what the README shows.
 */
import { readFileSync } from 'node:fs';
import { BUILT_IN_SCENARIOS } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { resolveScenarios } from '../../scenarios/scenario-file.js';
import { projectPath } from './project-root.js';

/** The README's JSON example that pins rows, parsed. */
export function readmePinnedExample(): Record<string, unknown> & {
  readonly name: string;
  readonly tenant: Record<string, unknown>;
  readonly pinned: Readonly<Record<string, readonly Record<string, unknown>[]>>;
} {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const block = readme
    .split('```json\n')
    .slice(1)
    .map((part) => part.slice(0, part.indexOf('```')))
    .find((json) => json.includes('"pinned"'));
  if (block === undefined) throw new Error('README has no example with pinned rows');
  return JSON.parse(block);
}

/** Scenario file contents loaded as the server loads them, against the built-ins. */
export function loadScenario(data: unknown, origin = 'pinned.json'): Scenario {
  return resolveScenarios([{ origin, data }], BUILT_IN_SCENARIOS)[0]!;
}
