/**
 * Scenario files from disk, or scenario objects from code, into the registry a server serves:
 * a path is a file — YAML if it ends in `.yaml` or `.yml`, JSON otherwise — or a directory whose
 * `*.json`, `*.yaml` and `*.yml` files load in name order. Every problem, from a missing file to
 * a wrong member, comes back in one ScenarioFileError, a sentence each.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_SCENARIOS, ScenarioRegistry } from '../scenarios/registry.js';
import {
  resolveScenarios,
  type ScenarioFile,
  ScenarioFileError,
  type ScenarioSource,
} from '../scenarios/scenario-file.js';
import { formatOfPath, parseScenarioText } from '../scenarios/scenario-text.js';

/** A scenario file's path, a directory of them, or a scenario as an object (which may `extends`). */
export type ScenarioInput = string | ScenarioFile;

const SCENARIO_FILE = /\.(?:json|ya?ml)$/i;

/**
 * The built-in scenarios and those `inputs` describe. Throws a ScenarioFileError naming every
 * problem. Reads the files synchronously: it runs once, at start-up.
 */
export function loadScenarios(inputs: readonly ScenarioInput[] = []): ScenarioRegistry {
  if (inputs.length === 0) return BUILT_IN_SCENARIOS;
  const problems: string[] = [];
  const sources: ScenarioSource[] = [];
  inputs.forEach((input, index) => {
    if (typeof input !== 'string') {
      sources.push({ origin: `scenarios[${index}]`, data: input });
      return;
    }
    for (const path of filesOf(input, problems)) {
      const source = sourceOf(path, problems);
      if (source !== undefined) sources.push(source);
    }
  });
  if (problems.length > 0) throw new ScenarioFileError(problems);
  return new ScenarioRegistry(resolveScenarios(sources, BUILT_IN_SCENARIOS));
}

function filesOf(path: string, problems: string[]): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    problems.push(`${path}: no such file or directory`);
    return [];
  }
  if (!isDirectory) return [path];
  const names = readdirSync(path)
    .filter((name) => SCENARIO_FILE.test(name))
    .sort();
  if (names.length === 0)
    problems.push(`${path}: the directory has no .json, .yaml or .yml scenario files`);
  return names.map((name) => join(path, name));
}

function sourceOf(path: string, problems: string[]): ScenarioSource | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
    return undefined;
  }
  const parsed = parseScenarioText(text, formatOfPath(path));
  if ('problem' in parsed) {
    problems.push(`${path}: ${parsed.problem}`);
    return undefined;
  }
  return { origin: path, data: parsed.data };
}
