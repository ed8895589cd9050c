/**
 * A scenario file's text into the data the loader checks: JSON, or YAML. A syntax error is one
 * sentence at the line and column an editor shows, so that a file on disk and a body sent to
 * `PUT /_mock/scenarios/{name}` are told about it in the same words.
 */
import { createRequire } from 'node:module';

export const SCENARIO_FORMATS = ['json', 'yaml'] as const;
export type ScenarioFormat = (typeof SCENARIO_FORMATS)[number];

/** What the text holds, or why it holds nothing: the sentence after the file's name. */
export type ParsedScenarioText = { readonly data: unknown } | { readonly problem: string };

const require = createRequire(import.meta.url);
/** Node's JSON.parse names the offending position; the line and column are what an editor shows. */
const JSON_POSITION = /\bposition (\d+)/;
/** Aliases a YAML text may expand: a scenario needs none, and a few bound what a body can cost. */
const MAX_YAML_ALIASES = 100;

/** `*.yaml` and `*.yml` are YAML; anything else is read as JSON. */
export function formatOfPath(path: string): ScenarioFormat {
  return /\.ya?ml$/i.test(path) ? 'yaml' : 'json';
}

export function parseScenarioText(text: string, format: ScenarioFormat): ParsedScenarioText {
  return format === 'yaml' ? parseYaml(text) : parseJson(text);
}

function parseJson(text: string): ParsedScenarioText {
  try {
    return { data: JSON.parse(text) };
  } catch (error) {
    const { message } = error as SyntaxError;
    const offset = Number(JSON_POSITION.exec(message)?.[1] ?? text.length);
    const what = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '');
    return { problem: `is not valid JSON: ${what} at ${lineAndColumn(text, offset)}` };
  }
}

/** The yaml package, loaded with the first YAML text: a mock with JSON files only never pays for it. */
function parseYaml(text: string): ParsedScenarioText {
  const yaml = require('yaml') as typeof import('yaml');
  // The positions of prettyErrors come with a copy of the line; the sentence wants only where.
  const document = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error !== undefined) {
    const what = error.message.replace(/; please use YAML\.parseAllDocuments\(\)$/, '');
    return { problem: `is not valid YAML: ${what} at ${lineAndColumn(text, error.pos[0])}` };
  }
  try {
    return { data: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (aliasError) {
    // An alias without its anchor, or more aliases than allowed: found only when resolving.
    return { problem: `is not valid YAML: ${(aliasError as Error).message}` };
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
