/**
 * The pinned-rows example file of docs/scenario-files.md, read from the page, loaded as a
 * scenario file is: tests of pinned rows serve what the page shows.
 */
import { BUILT_IN_SCENARIOS } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { resolveScenarios } from '../../scenarios/scenario-file.js';
import { docSection } from './doc-pages.js';

/** The Pinned rows section's JSON example, parsed. */
export function readmePinnedExample(): Record<string, unknown> & {
  readonly name: string;
  readonly tenant: Record<string, unknown>;
  readonly pinned: Readonly<Record<string, readonly Record<string, unknown>[]>>;
} {
  const block = docSection('docs/scenario-files.md', '## Pinned rows')
    .split('```json\n')
    .slice(1)
    .map((part) => part.slice(0, part.indexOf('```')))
    .find((json) => json.includes('"pinned"'));
  if (block === undefined)
    throw new Error('docs/scenario-files.md has no example with pinned rows');
  return JSON.parse(block);
}

/** Scenario file contents loaded as the server loads them, against the built-ins. */
export function loadScenario(data: unknown, origin = 'pinned.json'): Scenario {
  return resolveScenarios([{ origin, data }], BUILT_IN_SCENARIOS)[0]!;
}
