/**
 * Which tenant answers: `x-mock-scenario` / `x-mock-seed` as headers or query parameters, the
 * header first, then the server's seed, then the scenario's own; bad values are 400s.
 */

import t from 'tap';
import {
  defaultScenario,
  internationalScenario,
  largeScenario,
  scenarioNames,
} from '../../../scenarios/catalog.js';
import { BUILT_IN_SCENARIOS } from '../../../scenarios/registry.js';
import { buildApp } from '../../../server/app.js';
import { GraphError } from '../../../server/errors.js';
import {
  SCENARIO_PARAMETER,
  SEED_PARAMETER,
  selectTenant,
  type TenantDefaults,
  type TenantSelection,
  tenantParameters,
} from '../../../server/graph/tenant-selection.js';
import { MAX_SEED } from '../../../server/seed.js';
import {
  type Assertions,
  expectGraphError,
  expectPage,
  get,
  pstnCallsPath,
} from '../../support/graph.js';

const DEFAULTS: TenantDefaults = {
  scenario: defaultScenario,
  seed: undefined,
  registry: BUILT_IN_SCENARIOS,
};
const NONE = {};

/** The GraphError `select` throws, or a failed assertion when it throws none. */
function refusal(t: Assertions, select: () => unknown): GraphError | undefined {
  try {
    select();
  } catch (error) {
    t.type(error, GraphError);
    return error as GraphError;
  }
  t.fail('no error was thrown');
  return undefined;
}

t.test('the parameter names', async (t) => {
  t.equal(SCENARIO_PARAMETER, 'x-mock-scenario');
  t.equal(SEED_PARAMETER, 'x-mock-seed');
});

t.test('without either parameter the server’s defaults answer, not chosen', async (t) => {
  t.same(selectTenant(NONE, NONE, DEFAULTS), {
    scenario: defaultScenario,
    seed: defaultScenario.seed,
    chosen: false,
  });
  t.same(selectTenant(NONE, NONE, { ...DEFAULTS, scenario: largeScenario }), {
    scenario: largeScenario,
    seed: largeScenario.seed,
    chosen: false,
  });
});

t.test('the scenario and seed as headers', async (t) => {
  const selection = selectTenant(
    { 'x-mock-scenario': 'large', 'x-mock-seed': '42' },
    NONE,
    DEFAULTS,
  );
  t.equal(selection.scenario, largeScenario);
  t.equal(selection.seed, 42);
  t.equal(selection.chosen, true);
});

t.test('the scenario and seed as query parameters', async (t) => {
  const selection = selectTenant(
    NONE,
    { 'x-mock-scenario': 'international', 'x-mock-seed': '0' },
    DEFAULTS,
  );
  t.equal(selection.scenario, internationalScenario);
  t.equal(selection.seed, 0, 'seed 0 is a seed');
  t.equal(selection.chosen, true);
});

t.test('a header wins over the query, each parameter on its own', async (t) => {
  const both = selectTenant(
    { 'x-mock-scenario': 'large', 'x-mock-seed': '5' },
    { 'x-mock-scenario': 'international', 'x-mock-seed': '6' },
    DEFAULTS,
  );
  t.equal(both.scenario, largeScenario);
  t.equal(both.seed, 5);
  const mixed = selectTenant({ 'x-mock-scenario': 'large' }, { 'x-mock-seed': '6' }, DEFAULTS);
  t.equal(mixed.scenario, largeScenario, 'scenario from the header');
  t.equal(mixed.seed, 6, 'seed from the query');
});

t.test('a repeated header or query parameter counts once: the first', async (t) => {
  const headers = selectTenant(
    { 'x-mock-scenario': ['large', 'empty'], 'x-mock-seed': ['8', '9'] },
    NONE,
    DEFAULTS,
  );
  t.equal(headers.scenario, largeScenario);
  t.equal(headers.seed, 8);
  const query = selectTenant(
    NONE,
    { 'x-mock-scenario': ['international', 'large'], 'x-mock-seed': ['10', 'x'] },
    DEFAULTS,
  );
  t.equal(query.scenario, internationalScenario);
  t.equal(query.seed, 10);
});

t.test('a seed alone keeps the default scenario and counts as chosen', async (t) => {
  const selection = selectTenant({ 'x-mock-seed': '77' }, NONE, DEFAULTS);
  t.equal(selection.scenario, defaultScenario);
  t.equal(selection.seed, 77);
  t.equal(selection.chosen, true);
});

t.test('seed precedence: the request’s, then the server’s, then the scenario’s', async (t) => {
  const server: TenantDefaults = {
    scenario: defaultScenario,
    seed: 42,
    registry: BUILT_IN_SCENARIOS,
  };
  t.equal(selectTenant({ 'x-mock-seed': '5' }, NONE, server).seed, 5, 'the request’s first');
  t.equal(selectTenant(NONE, { 'x-mock-seed': '5' }, server).seed, 5, 'also in the query');
  t.equal(selectTenant(NONE, NONE, server).seed, 42, 'then the server’s');
  t.equal(
    selectTenant({ 'x-mock-scenario': 'large' }, NONE, server).seed,
    42,
    'the server’s seed also applies to a scenario the request picks',
  );
  t.equal(
    selectTenant({ 'x-mock-scenario': 'large' }, NONE, DEFAULTS).seed,
    largeScenario.seed,
    'then the scenario’s own',
  );
});

t.test('the seed’s range: whole numbers from 0 to 2^32 − 1', async (t) => {
  t.equal(MAX_SEED, 2 ** 32 - 1);
  for (const [text, seed] of [
    ['0', 0],
    ['1', 1],
    ['007', 7],
    [' 12 ', 12],
    ['4294967295', 4_294_967_295],
  ] as const) {
    t.equal(selectTenant({ 'x-mock-seed': text }, NONE, DEFAULTS).seed, seed, `'${text}'`);
  }
});

t.test('a seed that is not one answers 400 saying what a seed is', async (t) => {
  for (const text of ['-1', '1.5', '4294967296', '99999999999', 'abc', '', ' ', '0x10', '1e3']) {
    for (const [headers, query] of [
      [{ 'x-mock-seed': text }, NONE],
      [NONE, { 'x-mock-seed': text }],
    ] as const) {
      const error = refusal(t, () => selectTenant(headers, query, DEFAULTS));
      t.equal(error?.statusCode, 400, `'${text}': 400`);
      t.equal(error?.code, 'BadRequest');
      t.equal(
        error?.message,
        `The x-mock-seed '${text}' is not a seed; use a whole number from 0 to 4294967295.`,
      );
    }
  }
});

t.test('an unknown scenario answers 400 naming the known ones', async (t) => {
  for (const name of ['nope', 'Large', 'default ', '']) {
    for (const [headers, query] of [
      [{ 'x-mock-scenario': name }, NONE],
      [NONE, { 'x-mock-scenario': name }],
    ] as const) {
      const error = refusal(t, () => selectTenant(headers, query, DEFAULTS));
      t.equal(error?.statusCode, 400, `'${name}': 400`);
      t.equal(error?.code, 'BadRequest');
      t.equal(
        error?.message,
        `Unknown scenario '${name}' in x-mock-scenario. Known scenarios: ${scenarioNames().join(', ')}.`,
      );
    }
  }
  const error = refusal(t, () => selectTenant({ 'x-mock-scenario': 'nope' }, NONE, DEFAULTS));
  for (const known of [
    'default',
    'empty',
    'single-page',
    'large',
    'international',
    'contact-center',
    'throttled',
    'flaky',
    'slow',
  ]) {
    t.match(error?.message, new RegExp(`[ ,]${known}[,.]`), `lists ${known}`);
  }
});

t.test('an unknown scenario is refused even with a good seed, and vice versa', async (t) => {
  t.equal(
    refusal(t, () =>
      selectTenant({ 'x-mock-scenario': 'nope', 'x-mock-seed': '1' }, NONE, DEFAULTS),
    )?.statusCode,
    400,
  );
  t.equal(
    refusal(t, () =>
      selectTenant({ 'x-mock-scenario': 'large', 'x-mock-seed': 'x' }, NONE, DEFAULTS),
    )?.statusCode,
    400,
  );
});

t.test('tenantParameters: carried only when the request chose the tenant', async (t) => {
  t.equal(tenantParameters(selectTenant(NONE, NONE, DEFAULTS)), '', 'nothing when not chosen');
  t.equal(
    tenantParameters(
      selectTenant(NONE, NONE, { scenario: largeScenario, seed: 9, registry: BUILT_IN_SCENARIOS }),
    ),
    '',
    'the server’s own choice is not carried',
  );
  t.equal(
    tenantParameters(selectTenant({ 'x-mock-scenario': 'large' }, NONE, DEFAULTS)),
    '&x-mock-scenario=large&x-mock-seed=7',
    'a chosen scenario travels with its seed',
  );
  t.equal(
    tenantParameters(selectTenant({ 'x-mock-seed': '3' }, NONE, DEFAULTS)),
    '&x-mock-scenario=default&x-mock-seed=3',
    'a chosen seed travels with its scenario',
  );
  const odd: TenantSelection = {
    scenario: { ...defaultScenario, name: 'a b&c=d' },
    seed: 1,
    chosen: true,
  };
  t.equal(tenantParameters(odd), '&x-mock-scenario=a%20b%26c%3Dd&x-mock-seed=1', 'encoded');
});

t.test('over HTTP', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-12');

  t.test('an unknown scenario answers 400 as a Graph error, header or query', async (t) => {
    const message = `Unknown scenario 'nope' in x-mock-scenario. Known scenarios: ${scenarioNames().join(', ')}.`;
    expectGraphError(
      t,
      await get(app, DAY, { 'x-mock-scenario': 'nope' }),
      400,
      'BadRequest',
      message,
    );
    expectGraphError(t, await get(app, `${DAY}?x-mock-scenario=nope`), 400, 'BadRequest', message);
  });

  t.test('a bad seed answers 400 as a Graph error, header or query', async (t) => {
    for (const seed of ['-1', '1.5', '4294967296', 'abc', '']) {
      const message = `The x-mock-seed '${seed}' is not a seed; use a whole number from 0 to 4294967295.`;
      expectGraphError(t, await get(app, DAY, { 'x-mock-seed': seed }), 400, 'BadRequest', message);
      expectGraphError(
        t,
        await get(app, `${DAY}?x-mock-seed=${encodeURIComponent(seed)}`),
        400,
        'BadRequest',
        message,
      );
    }
  });

  t.test('a percent-encoded query value is decoded', async (t) => {
    const encoded = await get(app, `${DAY}?x-mock-scenario=single%2Dpage&x-mock-seed=%34`);
    const plain = await get(app, DAY, { 'x-mock-scenario': 'single-page', 'x-mock-seed': '4' });
    t.same(expectPage(t, encoded, 'beta').value, expectPage(t, plain, 'beta').value);
  });

  t.test('the server’s seed is beaten by the request’s', async (t) => {
    const seeded = buildApp({ seed: 42 });
    t.teardown(() => seeded.close());
    const plain = expectPage(t, await get(seeded, DAY), 'beta');
    const asked42 = expectPage(t, await get(app, DAY, { 'x-mock-seed': '42' }), 'beta');
    t.same(
      plain.value.map((row) => row.id),
      asked42.value.map((row) => row.id),
      'seed 42 from the server is seed 42',
    );
    const asked5 = expectPage(t, await get(seeded, DAY, { 'x-mock-seed': '5' }), 'beta');
    const five = expectPage(t, await get(app, DAY, { 'x-mock-seed': '5' }), 'beta');
    t.same(
      asked5.value.map((row) => row.id),
      five.value.map((row) => row.id),
      'the request’s seed wins',
    );
    t.not(asked5.value[0]?.id, plain.value[0]?.id);
  });
});
