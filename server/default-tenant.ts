import type { ServedScenarios } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { TenantDefaults } from './graph/tenant-selection.js';

/**
 * The tenant a request that names none gets: the start-up `--scenario` and `--seed` until
 * `PUT /_mock/default-scenario` switches them, so a QA container changes what an application
 * under test sees without a restart.
 *
 * @example
 * const defaults = new DefaultTenant(scenarios, 'default', undefined);
 * defaults.switchTo('large', 7);
 * defaults.scenario.name; // 'large'
 */
export class DefaultTenant implements TenantDefaults {
  constructor(
    readonly registry: ServedScenarios,
    private scenarioName: string,
    private seedOverride: number | undefined,
  ) {}

  /** Found per request: a PUT may replace it, and DELETE refuses to remove it. */
  get scenario(): Scenario {
    return this.registry.find(this.scenarioName)!;
  }

  get seed(): number | undefined {
    return this.seedOverride;
  }

  /** The caller has checked that `name` is served; `seed` undefined means the scenario's own. */
  switchTo(name: string, seed: number | undefined): void {
    this.scenarioName = name;
    this.seedOverride = seed;
  }
}
