/**
 * What a server serves, and how it changes at runtime: a built-in is fixed, a loaded file's
 * scenario may be replaced but not deleted, an added one both; every change goes through the
 * loader's rules and sentences, and none reaches the start-up registry another server shares.
 */
import t from 'tap';
import { defaultScenario, SCENARIOS, throttledScenario } from '../../scenarios/catalog.js';
import { BUILT_IN_SCENARIOS, ScenarioRegistry, ServedScenarios } from '../../scenarios/registry.js';
import { datasetOf } from '../../scenarios/scenario.js';
import {
  resolveScenarios,
  ScenarioFileError,
  scenarioFileOf,
} from '../../scenarios/scenario-file.js';

const BUILT_IN_NAMES = SCENARIOS.map((scenario) => scenario.name);
const ORIGIN = 'PUT /_mock/scenarios/acme';

/** A start-up registry with `acme` loaded from a file. */
function withAcme(): ScenarioRegistry {
  return new ScenarioRegistry(
    resolveScenarios(
      [{ origin: 'acme.json', data: { name: 'acme', extends: 'default', seed: 5 } }],
      BUILT_IN_SCENARIOS,
    ),
  );
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const problemsOf = (define: () => unknown): readonly string[] => {
  try {
    define();
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    return error.problems;
  }
};

t.test('it serves the start-up registry, each scenario with its origin', async (t) => {
  const served = new ServedScenarios(withAcme());
  t.same(served.names(), [...BUILT_IN_NAMES, 'acme']);
  t.same(
    served.list().map(({ scenario, origin, replaced }) => [scenario.name, origin, replaced]),
    [...BUILT_IN_NAMES.map((name) => [name, 'built-in', false]), ['acme', 'loaded', false]],
  );
  t.equal(served.find('default'), defaultScenario, 'the catalog’s own objects');
  t.equal(served.originOf('acme'), 'loaded');
  t.equal(served.originOf('nope'), undefined);
  t.equal(served.find('nope'), undefined);
});

t.test('define adds a name, then replaces it in place; remove takes it away', async (t) => {
  const served = new ServedScenarios(BUILT_IN_SCENARIOS);
  const first = served.define('acme', { extends: 'default', tenant: { userCount: 7 } }, ORIGIN);
  t.equal(first.created, true);
  t.equal(first.scenario.name, 'acme', 'the name it is defined under');
  t.equal(first.scenario.tenant.userCount, 7);
  t.equal(served.find('acme'), first.scenario);
  served.define('beta', { name: 'beta', extends: 'acme', seed: 9 }, 'beta');
  t.equal(served.find('beta')!.tenant.userCount, 7, 'extends finds what was added');

  const second = served.define('acme', { extends: 'default', tenant: { userCount: 8 } }, ORIGIN);
  t.equal(second.created, false);
  t.not(second.scenario, first.scenario, 'a new object: caches keyed by it start afresh');
  t.equal(served.find('beta')!.tenant.userCount, 7, 'what extended the old one keeps it');
  t.same(served.names(), [...BUILT_IN_NAMES, 'acme', 'beta'], 'the replaced name keeps its place');
  t.same(
    served
      .list()
      .slice(-2)
      .map(({ origin, replaced }) => [origin, replaced]),
    [
      ['added', true],
      ['added', false],
    ],
  );

  t.equal(served.remove('acme'), true);
  t.equal(served.find('acme'), undefined);
  t.equal(served.remove('acme'), false, 'twice is harmless');
  t.same(served.names(), [...BUILT_IN_NAMES, 'beta']);
  t.same(BUILT_IN_SCENARIOS.names(), BUILT_IN_NAMES, 'the shared start-up registry is untouched');
});

t.test('a loaded scenario may be replaced, never removed; a built-in neither', async (t) => {
  const startup = withAcme();
  const served = new ServedScenarios(startup);
  const loaded = served.find('acme');
  const { created, scenario } = served.define('acme', { extends: 'empty' }, ORIGIN);
  t.equal(created, false);
  t.equal(scenario.volume.callsPerUserPerWeekday, 0);
  t.same(served.list().at(-1)!.origin, 'loaded', 'still the file’s name');
  t.equal(served.list().at(-1)!.replaced, true);
  t.equal(served.remove('acme'), false);
  t.equal(served.find('acme'), scenario);
  t.equal(startup.find('acme'), loaded, 'the start-up registry keeps the file’s version');
  t.equal(new ServedScenarios(startup).find('acme'), loaded, 'and so does the next server');

  t.equal(served.remove('default'), false);
  t.equal(served.find('default'), defaultScenario);
  t.same(
    problemsOf(() =>
      served.define('default', { extends: 'empty' }, 'PUT /_mock/scenarios/default'),
    ),
    [
      'PUT /_mock/scenarios/default: /name "default" is the name of a built-in scenario; choose another name',
    ],
  );
});

t.test('a bad definition is the loader’s sentences, and changes nothing', async (t) => {
  const served = new ServedScenarios(withAcme());
  const before = served.find('acme');
  t.same(
    problemsOf(() =>
      served.define('acme', { extends: 'default', tenant: { userCount: 0 } }, ORIGIN),
    ),
    [`${ORIGIN}: /tenant/userCount must be a whole number from 1 to 100000, got 0`],
  );
  t.same(
    problemsOf(() => served.define('acme', { extends: 'acme' }, ORIGIN)),
    [`${ORIGIN}: /extends "acme" makes a cycle: acme extends acme`],
  );
  t.same(
    problemsOf(() => served.define('acme', { name: 'other', extends: 'default' }, ORIGIN)),
    [
      `${ORIGIN}: /name "other" is not "acme", the name it is defined under; leave /name out or make it "acme"`,
    ],
  );
  t.same(
    problemsOf(() => served.define('acme', [1], ORIGIN)),
    [`${ORIGIN}: the scenario must be an object, got [1]`],
  );
  t.same(
    problemsOf(() => served.define('acme', { extends: 'missing' }, ORIGIN)),
    [
      `${ORIGIN}: /extends "missing" is not a scenario; expected one of ${BUILT_IN_NAMES.join(', ')}`,
    ],
    'what it replaces is no base',
  );
  t.same(
    problemsOf(() => served.define('nope', { extends: 'missing' }, 'x')),
    [
      `x: /extends "missing" is not a scenario; expected one of ${[...BUILT_IN_NAMES, 'acme'].join(', ')}`,
    ],
  );
  t.equal(served.find('acme'), before);
  t.equal(served.find('nope'), undefined);
});

t.test(
  'every built-in as a file loads back to itself, and under another name to its data',
  async (t) => {
    const served = new ServedScenarios(BUILT_IN_SCENARIOS);
    for (const builtIn of SCENARIOS) {
      const file = scenarioFileOf(builtIn);
      t.equal(file.dataset, datasetOf(builtIn), `${builtIn.name} names its dataset`);
      const copy = served.define(`copy-of-${builtIn.name}`, { ...file, name: undefined }, 'copy');
      const { name: _name, ...same } = copy.scenario;
      const { name: _builtInName, ...expected } = { ...builtIn, dataset: datasetOf(builtIn) };
      // As JSON: a catalog object may spell an absent member as undefined.
      t.same(asJson(same), asJson(expected), `${builtIn.name}: the same scenario but its name`);
      t.equal(datasetOf(copy.scenario), datasetOf(builtIn));
    }
    const throttledCopy = served.find('copy-of-throttled')!;
    t.equal(datasetOf(throttledCopy), 'default', 'a fault scenario’s copy keeps default’s data');
    t.same(throttledCopy.faults, throttledScenario.faults);
  },
);
