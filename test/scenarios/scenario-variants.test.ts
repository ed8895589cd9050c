/**
 * Tenants unlike the catalog's: data a scenario author may leave out (call types, destinations,
 * a toll-free rate) must fall back to sensible values rather than break row generation.
 */
import t from 'tap';
import { defaultScenario } from '../../scenarios/catalog.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { buildUniverse, countCalls } from '../../scenarios/universe.js';
import { daysWindow, walk } from './fixtures/windows.js';

const JUNE_WEEK = daysWindow(2024, 6, 3, 7);

const domesticOnly: Scenario = {
  ...defaultScenario,
  name: 'domestic-only',
  tenant: {
    ...defaultScenario.tenant,
    foreignUserShare: 0,
    foreignUserCountries: {},
    internationalShare: 0.5,
    internationalDestinations: {},
  },
  callTypeMix: { user_out: 1 },
};

const french: Scenario = {
  ...defaultScenario,
  name: 'french',
  tenant: {
    ...defaultScenario.tenant,
    country: 'FR',
    currency: 'EUR',
    domain: 'fabrikam.fr',
    utcOffsetMinutes: 60,
    foreignUserShare: 0,
    foreignUserCountries: {},
    internationalDestinations: { DE: 1 },
  },
  callTypeMix: { conf_in: 1, ucap_in: 1 },
};

t.test('without international destinations every call is domestic', async (t) => {
  const universe = buildUniverse(domesticOnly, 3);
  const rows = walk(universe, JUNE_WEEK);
  t.ok(rows.length > 0, 'the week has calls');
  t.equal(rows.length, countCalls(universe, JUNE_WEEK));
  t.ok(
    rows.every((row) => row.callType === 'user_out'),
    'only the one call type in the mix',
  );
  t.ok(
    rows.every(
      (row) => row.destinationContext === 'Domestic' && row.otherPartyCountryCode === 'US',
    ),
  );
});

t.test(
  'a tenant with no toll-free numbers answers every service call on a toll line',
  async (t) => {
    const universe = buildUniverse(french, 3);
    const tollLines = new Set(
      [universe.tenant.conferenceNumbers.toll, universe.tenant.botNumbers.toll].flatMap((range) =>
        universe.tenant.numbers.slice(range.start, range.start + range.count),
      ),
    );
    const rows = walk(universe, JUNE_WEEK);
    t.ok(rows.length > 0, 'the week has calls');
    t.ok(
      rows.every((row) => tollLines.has(row.calleeNumber)),
      'callee is a toll line',
    );
    t.ok(
      rows.every((row) => row.chargeCents === 0),
      'inbound to toll lines is free',
    );
    t.ok(rows.every((row) => row.currency === 'EUR' && row.tenantCountryCode === 'FR'));
    t.ok(
      rows.every((row) => row.calleeNumber.startsWith('+33')),
      'French service numbers',
    );
  },
);
