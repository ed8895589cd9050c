import t from 'tap';
import type { CallIdentities, CallIdentity } from '../../scenarios/call-identity.js';
import { largeScenario, SCENARIOS } from '../../scenarios/catalog.js';
import { EventLog } from '../../scenarios/event-log.js';
import { hashString } from '../../scenarios/hash.js';
import { datasetOf } from '../../scenarios/scenario.js';
import { buildUniverse, type Universe } from '../../scenarios/universe.js';
import { idCensus } from './fixtures/id-census.js';
import { daysWindow } from './fixtures/windows.js';

t.test(
  'a week of the large tenant: every id and callId distinct, rows strictly ordered',
  async (t) => {
    const universe = buildUniverse(largeScenario, largeScenario.seed);
    const census = idCensus([{ universe, window: daysWindow(2024, 3, 4, 7) }]);
    t.ok(census.rows > 80_000, `${census.rows} rows`);
    t.equal(census.distinctIds, census.rows, 'ids');
    t.equal(census.distinctCallIds, census.rows, 'callIds');
    t.equal(census.disordered, 0, 'order');
  },
);

t.test(
  'the census counts a repeated id or callId once, and equal neighbours as disorder',
  async (t) => {
    // Identities that repeat in pairs, all on one tick: the census must see it, or its zeros prove nothing.
    const universe = buildUniverse(largeScenario, largeScenario.seed);
    const { identities, timeline } = universe.pstn;
    const broken = Object.create(timeline) as typeof timeline;
    broken.tickOf = () => 0;
    const repeating: Universe = {
      ...universe,
      pstn: new EventLog(
        broken,
        Object.assign(Object.create(identities) as CallIdentities, {
          identify: (minute: number, j: number, out: CallIdentity) =>
            identities.identify(minute, j & ~1, out),
        }),
        universe.pstn.rows,
      ),
    };
    const census = idCensus([{ universe: repeating, window: daysWindow(2024, 3, 5, 1) }]);
    t.ok(census.rows > 10_000, `${census.rows} rows`);
    t.ok(census.distinctIds < census.rows * 0.6, `${census.distinctIds} distinct ids`);
    t.ok(census.distinctCallIds < census.rows * 0.6, `${census.distinctCallIds} distinct callIds`);
    t.ok(
      census.disordered > census.rows * 0.4,
      `${census.disordered} rows not after their neighbour`,
    );
  },
);

t.test('every built-in dataset has its own key, so tenants never share an id', async (t) => {
  const datasets = [...new Set(SCENARIOS.map(datasetOf))];
  t.ok(datasets.length >= 5, datasets.join(', '));
  t.equal(new Set(datasets.map(hashString)).size, datasets.length);
});
