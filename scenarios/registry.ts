import { SCENARIOS } from './catalog.js';
import type { Scenario } from './scenario.js';
import { resolveScenarios, ScenarioFileError } from './scenario-file.js';

/** What finding a scenario by name needs: tenant selection, the summary, `extends`. */
export interface ScenarioLookup {
  find(name: string): Scenario | undefined;
  names(): string[];
}

/**
 * The scenarios one server starts with: the built-ins, then those loaded from files, in that
 * order. Made once at start-up and never changed, so one registry can start several mocks;
 * each server serves it through its own ServedScenarios, which runtime changes go to.
 */
export class ScenarioRegistry implements ScenarioLookup {
  readonly scenarios: readonly Scenario[];
  private readonly byName: ReadonlyMap<string, Scenario>;

  /** Throws if a loaded scenario takes a name already taken; the loader reports that first. */
  constructor(loaded: readonly Scenario[] = []) {
    this.scenarios = [...SCENARIOS, ...loaded];
    this.byName = new Map(this.scenarios.map((scenario) => [scenario.name, scenario]));
    if (this.byName.size !== this.scenarios.length) {
      throw new Error(`Two scenarios share a name among ${this.names().join(', ')}`);
    }
  }

  find(name: string): Scenario | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return this.scenarios.map((scenario) => scenario.name);
  }
}

/** The built-in scenarios alone. */
export const BUILT_IN_SCENARIOS = new ScenarioRegistry();

/**
 * Where a served scenario comes from, which says what may change it: a built-in is fixed; one
 * loaded from a file at start-up may be replaced but not deleted (the server's default may be
 * one, and a restart would bring it back); one added at runtime may be replaced and deleted.
 */
export const SCENARIO_ORIGINS = ['built-in', 'loaded', 'added'] as const;
export type ScenarioOrigin = (typeof SCENARIO_ORIGINS)[number];

export interface ServedScenario {
  readonly scenario: Scenario;
  readonly origin: ScenarioOrigin;
  /** True once a runtime definition has replaced the one the name was first served with. */
  readonly replaced: boolean;
}

/** What `define` did: the scenario now served, and whether the name is new. */
export interface Definition {
  readonly scenario: Scenario;
  readonly created: boolean;
}

/**
 * The scenarios one server serves now: its start-up registry, and what was added or replaced
 * at runtime (`PUT /_mock/scenarios/{name}`, `mock.useScenario`). A change swaps the scenario
 * object a name finds; a request already in flight keeps the object it chose, and the next
 * page of a walk finds whatever the name holds then. Changes are synchronous, so no request
 * sees one half made.
 */
export class ServedScenarios implements ScenarioLookup {
  // A Map keeps insertion order, and replacing a name keeps its place: listings stay in order.
  private readonly byName = new Map<string, ServedScenario>();

  constructor(startup: ScenarioRegistry) {
    for (const scenario of startup.scenarios) {
      const origin = SCENARIOS.includes(scenario) ? 'built-in' : 'loaded';
      this.byName.set(scenario.name, { scenario, origin, replaced: false });
    }
  }

  find(name: string): Scenario | undefined {
    return this.byName.get(name)?.scenario;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Every served scenario, built-ins first, then loaded, then added, each in the order it came. */
  list(): ServedScenario[] {
    return [...this.byName.values()];
  }

  originOf(name: string): ScenarioOrigin | undefined {
    return this.byName.get(name)?.origin;
  }

  /**
   * Checks `data` as the scenario file of `name` — the loader's rules and sentences, each
   * headed by `origin`; `extends` may name any scenario served but `name` itself — and serves
   * it under that name. `data` may leave its `name` out. Throws a ScenarioFileError for a bad
   * file, for a `name` in it that is not `name`, and for a built-in's name.
   */
  define(name: string, data: unknown, origin: string): Definition {
    const given = isObject(data) ? data.name : undefined;
    if (given !== undefined && given !== name) {
      throw new ScenarioFileError([
        `${origin}: /name ${JSON.stringify(given)} is not "${name}", the name it is defined under; leave /name out or make it "${name}"`,
      ]);
    }
    const file = isObject(data) ? { ...data, name } : data;
    const current = this.byName.get(name);
    // The name's own definition is not a base to build on: PUT replaces, and `extends` it is a cycle.
    const others: ScenarioLookup =
      current === undefined || current.origin === 'built-in' ? this : this.without(name);
    const [scenario] = resolveScenarios([{ origin, data: file }], others) as [Scenario];
    this.byName.set(name, {
      scenario,
      origin: current?.origin ?? 'added',
      replaced: current !== undefined,
    });
    return { scenario, created: current === undefined };
  }

  /** Stops serving `name` if it was added at runtime; false, and nothing done, otherwise. */
  remove(name: string): boolean {
    if (this.byName.get(name)?.origin !== 'added') return false;
    return this.byName.delete(name);
  }

  private without(name: string): ScenarioLookup {
    return {
      find: (other) => (other === name ? undefined : this.find(other)),
      names: () => this.names().filter((other) => other !== name),
    };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
