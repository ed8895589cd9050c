import { SCENARIOS } from './catalog.js';
import type { Scenario } from './scenario.js';

/**
 * The scenarios one server can serve: the built-ins, then those loaded from files, in that
 * order. Made once at start-up and passed down (buildApp → tenant selection, control routes,
 * the summary, the fixture); nothing here is global, so two mocks in one process can load
 * different files.
 */
export class ScenarioRegistry {
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
