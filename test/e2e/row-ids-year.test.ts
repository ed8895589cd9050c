import t from 'tap';
import {
  defaultScenario,
  directRoutingScenario,
  largeScenario,
  SCENARIOS,
} from '../../scenarios/catalog.js';
import { datasetOf } from '../../scenarios/scenario.js';
import { buildUniverse } from '../../scenarios/universe.js';
import { idCensus } from '../scenarios/fixtures/id-census.js';
import { daysWindow, minuteOf } from '../scenarios/fixtures/windows.js';

// The long walks behind "ids never repeat": every row of a year, counted exactly.

t.test(
  "the Scenarios page's 90-day window of large: 1,129,263 rows, every id distinct",
  async (t) => {
    // Before ids were derived from positions, this window held only 1,129,061 distinct ids.
    const window = {
      from: { minute: minuteOf(2024, 3, 1), tick: 0 },
      to: { minute: minuteOf(2024, 5, 30), tick: 0 },
    };
    const census = idCensus([
      { universe: buildUniverse(largeScenario, largeScenario.seed), window },
    ]);
    t.equal(census.rows, 1_129_263);
    t.equal(census.distinctIds, census.rows, 'ids');
    t.equal(census.distinctCallIds, census.rows, 'callIds');
    t.equal(census.disordered, 0, 'order');
  },
);

t.test(
  'a whole year of every built-in dataset, and a second seed: no id repeats anywhere',
  async (t) => {
    const tenants = [...new Set(SCENARIOS.map(datasetOf))].map((dataset) => {
      const scenario = SCENARIOS.find((candidate) => datasetOf(candidate) === dataset)!;
      return buildUniverse(scenario, scenario.seed);
    });
    tenants.push(buildUniverse(defaultScenario, defaultScenario.seed + 1));
    const year = daysWindow(2024, 1, 1, 366);
    const census = idCensus(tenants.map((universe) => ({ universe, window: year })));
    t.ok(census.rows > 5_000_000, `${census.rows} rows in ${tenants.length} tenants`);
    t.equal(census.distinctIds, census.rows, 'every id distinct across all tenants');
    t.equal(census.distinctCallIds, census.rows, 'every callId distinct within its tenant');
    t.equal(census.disordered, 0, 'every tenant in (start, id) order');
  },
);

t.test('a year of one tenant’s PSTN, Direct Routing and SMS logs: no id in two rows', async (t) => {
  const universe = buildUniverse(directRoutingScenario, directRoutingScenario.seed);
  const year = daysWindow(2024, 1, 1, 366);
  const census = idCensus(
    (['pstn', 'directRouting', 'sms'] as const).map((log) => ({ universe, window: year, log })),
  );
  t.ok(census.rows > 1_500_000, `${census.rows} rows in three logs`);
  t.equal(census.distinctIds, census.rows, 'every id distinct across the logs');
  t.equal(census.distinctCallIds, census.callIdRows, 'every PSTN callId distinct');
  t.equal(census.disordered, 0, 'each log in (start, id) order');
});
