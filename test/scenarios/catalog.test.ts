import t from 'tap';
import {
  DEFAULT_SCENARIO_NAME,
  defaultScenario,
  findScenario,
  largeScenario,
  SCENARIOS,
  scenarioNames,
} from '../../scenarios/catalog.js';
import { COUNTRIES, USD_EXCHANGE } from '../../scenarios/countries.js';
import { CALL_TYPES, LICENSE_CAPABILITIES } from '../../scenarios/scenario.js';

t.test('scenarios are found by name', async (t) => {
  t.same(
    scenarioNames(),
    SCENARIOS.map((s) => s.name),
  );
  t.ok(scenarioNames().includes('default') && scenarioNames().includes('large'));
  t.equal(DEFAULT_SCENARIO_NAME, 'default');
  t.equal(findScenario('default'), defaultScenario);
  t.equal(findScenario('large'), largeScenario);
  t.equal(findScenario('Large'), undefined, 'names are case-sensitive');
  t.equal(findScenario('nope'), undefined);
  t.equal(findScenario(DEFAULT_SCENARIO_NAME), defaultScenario);
});

t.test('scenario names are distinct', async (t) => {
  t.equal(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length);
});

for (const scenario of SCENARIOS) {
  t.test(`the '${scenario.name}' scenario is data the generator can use`, async (t) => {
    const { tenant, volume, callTypeMix } = scenario;
    t.ok(scenario.description.length > 20, 'described');
    t.ok(Number.isInteger(scenario.seed) && scenario.seed >= 0, 'a uint seed');
    t.ok(tenant.country in COUNTRIES, `${tenant.country} has fiction number ranges`);
    t.ok(tenant.currency in USD_EXCHANGE, `${tenant.currency} has an exchange rate`);
    t.match(tenant.domain, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain');
    t.ok(Number.isInteger(tenant.userCount) && tenant.userCount > 0);
    t.ok(
      Object.keys(tenant.foreignUserCountries).every((code) => code in COUNTRIES),
      'foreign users live where numbers are known',
    );
    t.ok(
      Object.keys(tenant.internationalDestinations).every((code) => code in COUNTRIES),
      'destinations abroad have numbers',
    );
    // A destination may be the tenant's own country: abroad for its users in other countries.
    for (const home of [tenant.country, ...Object.keys(tenant.foreignUserCountries)]) {
      t.ok(
        Object.keys(tenant.internationalDestinations).some((code) => code !== home),
        `users in ${home} have somewhere abroad to call`,
      );
    }
    t.ok(
      Object.keys(tenant.licenseMix).every(
        (license) =>
          (LICENSE_CAPABILITIES as readonly string[]).includes(license) &&
          !license.startsWith('MCOMEET'),
      ),
      'users hold calling plans, not conferencing licences',
    );
    for (const share of [
      tenant.foreignUserShare,
      tenant.internationalShare,
      tenant.operatorConnectShare,
      tenant.tollFreeShare,
    ]) {
      t.ok(share >= 0 && share <= 1, `share ${share} in [0, 1]`);
    }
    t.ok(
      tenant.utcOffsetMinutes > -14 * 60 && tenant.utcOffsetMinutes <= 14 * 60,
      'a real UTC offset',
    );
    t.equal(volume.hourlyWeights.length, 24, 'one weight per local hour');
    if (scenario.name === 'edge-cases') {
      // Calls at every hour, so that generated ones cross midnight too.
      t.equal(new Set(volume.hourlyWeights).size, 1, 'round the clock');
      t.equal(volume.weekendFactor, 0.5, 'and at weekends');
    } else {
      t.equal(volume.hourlyWeights.indexOf(Math.max(...volume.hourlyWeights)), 10, 'peak 10–11');
    }
    if (scenario.name === 'contact-center') {
      t.ok(
        volume.weekendFactor > 0.1 && volume.weekendFactor < 0.5,
        'a contact centre opens Saturdays',
      );
    } else if (scenario.name !== 'edge-cases') {
      t.ok(volume.weekendFactor > 0.02 && volume.weekendFactor < 0.06, 'weekend 3–5% of weekday');
    }
    if (scenario.name === 'empty') {
      t.equal(volume.callsPerUserPerWeekday, 0, 'the empty tenant makes no calls');
    } else {
      t.ok(volume.callsPerUserPerWeekday >= 1 && volume.callsPerUserPerWeekday <= 8);
    }
    t.ok(
      Object.keys(callTypeMix).every((type) => (CALL_TYPES as readonly string[]).includes(type)),
      'known call types',
    );
    const mix = CALL_TYPES.map((type) => callTypeMix[type] ?? 0);
    const total = mix.reduce((sum, w) => sum + w, 0);
    const inbound = (callTypeMix.user_in ?? 0) / total;
    const outbound = (callTypeMix.user_out ?? 0) / total;
    t.ok(Math.abs(inbound - outbound) < 0.1, 'user PSTN traffic is about half in, half out');
  });
}

t.test('the large scenario is the big one', async (t) => {
  const perWeekday = (s: typeof defaultScenario) =>
    s.tenant.userCount * s.volume.callsPerUserPerWeekday;
  t.ok(perWeekday(largeScenario) > 50 * perWeekday(defaultScenario));
});
