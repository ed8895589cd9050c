/**
 * Scenario files as data: checked against the scenario schema (scenario-schema.ts), `extends`
 * applied as a merge patch, and every problem told as one sentence naming where it is — the
 * file, the JSON pointer, what is expected. Reading files is the caller's (server/scenario-files.ts);
 * this takes what they parsed to, so the rules are tested without a disk.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { LOG_FUNCTIONS } from '../openapi/contract.js';
import { MAX_CALLS_PER_MINUTE } from './call-identity.js';
import { appliesTo, isPageRule } from './faults.js';
import { listedUserProblems } from './listed-users.js';
import { pinnedRowProblems, unpinnablePropertySentence } from './pinned-rows.js';
import type { ScenarioLookup } from './registry.js';
import { datasetOf, type FaultRule, type PagePick, type Scenario } from './scenario.js';
import { PATTERN_PHRASES, SCENARIO_SCHEMA, SCENARIO_SCHEMA_ID } from './scenario-schema.js';
import { maxUsersIn } from './tenant.js';
import { excessCallsPerDay } from './universe.js';

/** Changes to a scenario: any member may be left out, and an optional one nulled to remove it. */
export type ScenarioPatch<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object | undefined
      ? ScenarioPatch<NonNullable<T[K]>> | null
      : T[K] | null;
};

/** What a scenario file says: a whole scenario, or changes to the one it `extends`. */
export type ScenarioFile = (
  | Scenario
  | ({ readonly name: string; readonly extends: string } & ScenarioPatch<Omit<Scenario, 'name'>>)
) & { readonly $schema?: string };

/** One file's content, parsed, and where it came from (a path, or `scenarios[2]` for an object). */
export interface ScenarioSource {
  readonly origin: string;
  readonly data: unknown;
}

/** Start-up stops on these: one sentence a problem, each naming its file. */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const require = createRequire(import.meta.url);
/** How long a value quoted back in a sentence may be. */
const MAX_SHOWN = 40;
/** Edits at most that make a member name a likely typo of a known one. */
const MAX_TYPO_DISTANCE = 2;

interface Validators {
  readonly file: ValidateFunction;
  readonly complete: ValidateFunction;
}
let validators: Validators | undefined;

/** ajv, loaded and compiled on first use: a mock without scenario files never pays for it. */
function validatorsFor(): Validators {
  if (validators !== undefined) return validators;
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv: Ajv2020 = new Ajv({
    strict: true,
    // The complete rule and `if: { not: { required: [extends] } }` name members defined
    // elsewhere, and leave types to the rules that define them (directRouting may be null).
    strictRequired: false,
    strictTypes: false,
    allowUnionTypes: true,
    allErrors: true,
    verbose: true,
  });
  // Pinned rows carry the contract's formats (date-time, uuid).
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  addFormats(ajv);
  ajv.addSchema(SCENARIO_SCHEMA);
  validators = {
    file: ajv.getSchema(SCENARIO_SCHEMA_ID)!,
    complete: ajv.getSchema(`${SCENARIO_SCHEMA_ID}#/$defs/complete`)!,
  };
  return validators;
}

/**
 * What the scenario schema finds wrong with a file's content, a sentence a problem; [] when
 * it is a valid file (a whole scenario, or changes to the one it extends).
 *
 * @example
 * schemaProblemsOf({ name: 'acme', extends: 'default', tenant: { userCount: 0 } });
 * // ['/tenant/userCount must be a whole number from 1 to 100000, got 0']
 */
export function schemaProblemsOf(data: unknown): string[] {
  const { file } = validatorsFor();
  return file(data) ? [] : sentencesOf(file.errors!);
}

/**
 * The scenarios `sources` describe, complete and ready to serve beside `known`'s. Throws a
 * ScenarioFileError listing every problem found.
 */
export function resolveScenarios(
  sources: readonly ScenarioSource[],
  known: ScenarioLookup,
): Scenario[] {
  const problems: string[] = [];
  /** Files that have told their problem, so that what extends them, or a cycle, adds none. */
  const told = new Set<string>();
  const files = new Map<string, { origin: string; data: FileData }>();
  for (const { origin, data } of sources) {
    const wrong = schemaProblemsOf(data);
    if (wrong.length > 0) {
      problems.push(...wrong.map((sentence) => `${origin}: ${sentence}`));
      const { name } = data as { name?: unknown };
      if (typeof name === 'string') told.add(name);
      continue;
    }
    const scenarioFile = data as FileData;
    const taken = known.find(scenarioFile.name)
      ? 'the name of a built-in scenario'
      : files.has(scenarioFile.name)
        ? `already the name of the scenario in ${files.get(scenarioFile.name)!.origin}`
        : undefined;
    if (taken !== undefined) {
      problems.push(`${origin}: /name "${scenarioFile.name}" is ${taken}; choose another name`);
      continue;
    }
    files.set(scenarioFile.name, { origin, data: scenarioFile });
  }
  const resolved = new Map<string, Scenario>();
  const resolve = (name: string, chain: readonly string[]): Scenario | undefined => {
    if (told.has(name)) return undefined;
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const { origin, data } = files.get(name)!;
    const { $schema: _schema, extends: baseName, ...patch } = data;
    let merged: unknown = patch;
    if (baseName !== undefined) {
      const base = baseOf(baseName, origin, [...chain, name]);
      if (base === undefined) {
        told.add(name);
        return undefined;
      }
      merged = { ...(mergePatch(base, patch) as object), name };
      const { complete } = validatorsFor();
      if (!complete(merged)) {
        problems.push(
          ...sentencesOf(complete.errors!).map(
            (sentence) => `${origin}: extending "${baseName}", ${sentence}`,
          ),
        );
        told.add(name);
        return undefined;
      }
    }
    const scenario = withoutNulls(merged) as Scenario;
    const inconsistent = inconsistenciesOf(scenario);
    if (inconsistent.length > 0) {
      problems.push(...inconsistent.map((sentence) => `${origin}: ${sentence}`));
      told.add(name);
      return undefined;
    }
    resolved.set(name, scenario);
    return scenario;
  };
  const baseOf = (name: string, origin: string, chain: readonly string[]) => {
    if (chain.includes(name)) {
      problems.push(
        `${origin}: /extends "${name}" makes a cycle: ${[...chain.slice(chain.indexOf(name)), name].join(' extends ')}`,
      );
      return undefined;
    }
    if (told.has(name)) return undefined;
    if (files.has(name)) return resolve(name, chain);
    const builtIn = known.find(name);
    if (builtIn === undefined) {
      // Not those on the way here: extending them would be a cycle.
      const names = [...known.names(), ...files.keys()].filter((other) => !chain.includes(other));
      problems.push(
        `${origin}: /extends "${name}" is not a scenario; expected one of ${names.join(', ')}`,
      );
    }
    return builtIn;
  };
  const scenarios = [...files.keys()].map((name) => resolve(name, []));
  if (problems.length > 0) throw new ScenarioFileError(problems);
  return scenarios as Scenario[];
}

/**
 * A scenario as a complete file (`GET /_mock/scenarios/{name}`): it loads back to the same
 * scenario, and under another name to the same data, since it names its `dataset` (whose ids
 * its rows derive from) even when that is its own name.
 */
export function scenarioFileOf(scenario: Scenario): Scenario {
  const { name, description, seed, ...rest } = scenario;
  return { name, description, dataset: datasetOf(scenario), seed, ...rest };
}

/** RFC 7396: objects merge member by member, null removes, anything else replaces. */
/**
 * What a schema cannot say: members that each are valid but together say nothing sensible — a
 * share of users with nowhere to put them, more calls a day than ids can number, a delay whose
 * least is over its most.
 */
export function inconsistenciesOf(scenario: Scenario): string[] {
  const problems: string[] = [];
  const { tenant } = scenario;
  const named = (share: number, names: number, what: string, list: string) => {
    if (share > 0 && names === 0) {
      problems.push(`${what} is ${share} but ${list} names none; add some or set the share to 0`);
    }
  };
  named(
    tenant.foreignUserShare,
    Object.keys(tenant.foreignUserCountries).length,
    '/tenant/foreignUserShare',
    '/tenant/foreignUserCountries',
  );
  named(
    tenant.internationalShare,
    Object.keys(tenant.internationalDestinations).length,
    '/tenant/internationalShare',
    '/tenant/internationalDestinations',
  );
  named(
    tenant.operatorConnectShare,
    tenant.operatorConnectOperators.length,
    '/tenant/operatorConnectShare',
    '/tenant/operatorConnectOperators',
  );
  problems.push(...pinnedRowProblems(scenario));
  const most = maxUsersIn(tenant.country);
  if (tenant.userCount > most) {
    problems.push(
      `/tenant/userCount (${tenant.userCount}) is more than the ${most} users the fictional numbers of ${tenant.country} can give a number each; lower it`,
    );
  }
  const excess = excessCallsPerDay(scenario);
  if (excess !== undefined) {
    problems.push(
      `/tenant/userCount (${tenant.userCount}) with its volumes could place up to ${excess} calls in a day, and the mock numbers at most ${MAX_CALLS_PER_MINUTE} a minute; lower /tenant/userCount, /volume/callsPerUserPerWeekday or /tenant/sms/messagesPerUserPerWeekday`,
    );
  }
  scenario.faults.forEach((fault, i) => {
    if (fault.kind === 'latency' && fault.minMs > fault.maxMs) {
      problems.push(
        `/faults/${i}/minMs (${fault.minMs}) is more than /faults/${i}/maxMs (${fault.maxMs}); the least delay must not exceed the most`,
      );
    }
    problems.push(...shadowingOf(scenario.faults, i));
  });
  problems.push(...listedUserProblems(tenant));
  return problems;
}

/**
 * Where earlier rules take all that rule `i` aims at, so that it never fires: a page it names
 * that, for every function it names, an earlier page rule (transient or network) fails first
 * (the first rule that picks a page owns it), or functions that earlier latency rules all delay first.
 */
function shadowingOf(faults: readonly FaultRule[], i: number): string[] {
  const fault = faults[i]!;
  const problems: string[] = [];
  if (fault.kind === 'latency') {
    const takers = takenFrom(faults, i, (earlier) => (earlier.kind === 'latency' ? '' : undefined));
    if (takers !== undefined) {
      problems.push(
        `/faults/${i} delays nothing: every function it names is delayed first by ${takers}; a request waits by the first latency rule of its function only, so move /faults/${i} earlier or drop it`,
      );
    }
  }
  if (!isPageRule(fault)) return problems;
  for (const [k, page] of (fault.pages ?? []).entries()) {
    const takers = takenFrom(faults, i, (earlier) =>
      isPageRule(earlier) ? pickedBy(earlier, page) : undefined,
    );
    if (takers === undefined) continue;
    problems.push(
      `/faults/${i}/pages/${k} (${page}) is failed first by ${takers}, for every function /faults/${i} names; the first rule that picks a page owns it, so move /faults/${i} earlier or drop the page`,
    );
  }
  return problems;
}

/**
 * The earlier rules that take rule `i`'s aim for every function it names — for each function
 * the first that applies to it and that `takes` says why, e.g. `/faults/0 (everyNthPage 3)`;
 * undefined when some function is left to rule `i`.
 */
function takenFrom(
  faults: readonly FaultRule[],
  i: number,
  takes: (earlier: FaultRule) => string | undefined,
): string | undefined {
  const takers = new Map<number, string>();
  for (const fn of faults[i]!.functions ?? LOG_FUNCTIONS) {
    const j = faults.findIndex(
      (earlier, e) => e < i && appliesTo(earlier, fn) && takes(earlier) !== undefined,
    );
    if (j === -1) return undefined;
    const why = takes(faults[j]!)!;
    takers.set(j, why === '' ? `/faults/${j}` : `/faults/${j} (${why})`);
  }
  return [...takers.keys()]
    .sort((x, y) => x - y)
    .map((j) => takers.get(j)!)
    .join(' and ');
}

/** Why a page rule surely picks page `page` of every walk; undefined when it may not. */
function pickedBy(rule: PagePick, page: number): string | undefined {
  if (rule.everyNthPage !== undefined && page % rule.everyNthPage === 0) {
    return `everyNthPage ${rule.everyNthPage}`;
  }
  if (rule.pages?.includes(page)) return `pages`;
  return rule.share === 1 ? 'share 1' : undefined;
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const merged: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = mergePatch(merged[key], value);
  }
  return merged;
}

/** A scenario as the code reads it: an optional member set to null is simply absent. */
function withoutNulls(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null && member !== undefined)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type SchemaNode = Readonly<Record<string, unknown>>;
/** A file the schema accepted, as the loader reads it. */
type FileData = { readonly name: string; readonly extends?: string } & Record<string, unknown>;

/** ajv's errors as sentences, one per member at fault. */
export function sentencesOf(errors: readonly ErrorObject[]): string[] {
  const sentences = new Map<string, string>();
  for (const error of errors) {
    const told = sentenceOf(error);
    if (told === undefined) continue;
    const [subject, sentence] = told;
    if (!sentences.has(subject)) sentences.set(subject, sentence);
  }
  return [...sentences.values()];
}

/** The member a sentence is about, and the sentence; undefined for ajv's summaries of others. */
function sentenceOf(error: ErrorObject): [string, string] | undefined {
  const at = error.instancePath;
  const node = error.parentSchema as SchemaNode;
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    const key = `${at}/${error.propertyName}`;
    return [key, `${key} is not a key ${at} takes; expected ${expected(node)}`];
  }
  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined;
    case 'required':
      // A branch of anyOf (a transient fault's everyNthPage, pages, share): anyOf's own sentence tells it.
      if (error.schemaPath.includes('/anyOf/')) return undefined;
      return [
        `${at}/${String(params.missingProperty)}`,
        `${at === '' ? 'the scenario' : at} must have a member "${String(params.missingProperty)}"`,
      ];
    case 'additionalProperties': {
      const member = `${at}/${String(params.additionalProperty)}`;
      const pinnedRow = /^\/pinned\/(\w+)\/\d+$/.exec(at);
      const known = Object.keys(node.properties as object);
      const guess = closest(String(params.additionalProperty), known);
      const hint = guess === undefined ? '' : `; did you mean ${guess}?`;
      if (pinnedRow !== null) {
        const sentence = unpinnablePropertySentence(
          member,
          pinnedRow[1]!,
          String(params.additionalProperty),
        );
        return [
          member,
          guess === undefined
            ? sentence
            : `${member} is not a property a pinned ${pinnedRow[1]} row can state${hint}`,
        ];
      }
      return [member, `${member} is not a scenario member${hint}`];
    }
    case 'anyOf': {
      const choices = (node.anyOf as SchemaNode[]).map(
        (branch) => (branch.required as string[])[0],
      );
      return [at, `${at} must have at least one of ${choices.join(', ')}`];
    }
    default:
      return [
        at,
        `${at === '' ? 'the scenario' : at} must be ${expected(node)}, got ${shown(error.data)}`,
      ];
  }
}

/** What a schema node wants, as the end of "must be …". */
function expected(node: SchemaNode): string {
  if (Array.isArray(node.enum))
    return `one of ${node.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const types = ([] as unknown[]).concat(node.type);
  const orNull = types.includes('null') ? ' or null' : '';
  switch (types[0]) {
    case 'integer':
      return `a whole number ${range(node)}`;
    case 'number':
      return `a number ${range(node)}`;
    case 'string':
      return (
        (FORMAT_PHRASES[String(node.format)] ??
          PATTERN_PHRASES[String(node.pattern)] ??
          (node.minLength ? 'a non-empty string' : 'a string')) + orNull
      );
    case 'boolean':
      return 'true or false';
    case 'array':
      if (node.minItems === undefined) return 'a list';
      return node.minItems === node.maxItems
        ? `a list of exactly ${String(node.minItems)} items`
        : 'a non-empty list';
    default:
      return `an object${orNull}`;
  }
}

/** What a string of each format is, for the sentences. */
const FORMAT_PHRASES: Readonly<Record<string, string>> = {
  'date-time': 'a date and time with its zone, e.g. "2024-06-12T09:30:00Z"',
  uuid: 'a GUID, e.g. "0b6ab5e1-7d3c-4f59-9a54-8e0d6b1c2f3a"',
};

function range(node: SchemaNode): string {
  if (node.maximum === undefined) return `of ${String(node.minimum)} or more`;
  return `from ${String(node.minimum)} to ${String(node.maximum)}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** The known name `given` is most likely a typo of, if any is close. */
function closest(given: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === given.toLowerCase() ? 0 : editDistance(given, name);
    if (distance <= MAX_TYPO_DISTANCE && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
