import { isIPv4, isIPv6 } from 'node:net';
import t from 'tap';
import { defaultScenario, largeScenario } from '../../scenarios/catalog.js';
import { blockNumbers, COUNTRIES } from '../../scenarios/countries.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { buildTenant, maxUsersIn, type NumberRange, type Tenant } from '../../scenarios/tenant.js';
import { buildApp } from '../../server/app.js';
import { pstnCallsPath, walk } from '../support/graph.js';
import { sameJson } from './fixtures/windows.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const standard = buildTenant(defaultScenario, defaultScenario.seed);
const large = buildTenant(largeScenario, largeScenario.seed);

const geographicSets = new Map(
  Object.entries(COUNTRIES).map(([code, facts]) => [
    code,
    new Set(facts.geographic.flatMap(blockNumbers)),
  ]),
);
const geographic = (code: string): ReadonlySet<string> => geographicSets.get(code)!;
const numbersOf = (tenant: Tenant, range: NumberRange): string[] =>
  tenant.numbers.slice(range.start, range.start + range.count);

t.test('the tenant is built the same from the same scenario and seed', async (t) => {
  t.ok(sameJson(buildTenant(defaultScenario, defaultScenario.seed), standard));
});

t.test('another seed or scenario name gives another directory', async (t) => {
  const reseeded = buildTenant(defaultScenario, defaultScenario.seed + 1);
  const renamed = buildTenant({ ...defaultScenario, name: 'other' }, defaultScenario.seed);
  for (const [what, other] of [
    ['seed', reseeded],
    ['name', renamed],
  ] as const) {
    const ids = new Set(standard.users.map((user) => user.id));
    t.equal(other.users.filter((user) => ids.has(user.id)).length, 0, `${what}: no shared ids`);
    // Joined, not t.notSame: diffing two 24,000-entry arrays would take tcompare minutes.
    t.not(other.numbers.join(), standard.numbers.join(), `${what}: other numbers`);
  }
});

t.test('the directory has the scenario user count, in index order', async (t) => {
  for (const [tenant, scenario] of [
    [standard, defaultScenario],
    [large, largeScenario],
  ] as const) {
    t.equal(tenant.users.length, scenario.tenant.userCount);
    t.ok(
      tenant.users.every((user, i) => user.index === i),
      'index is the position',
    );
    t.equal(tenant.profile, scenario.tenant);
    t.equal(tenant.country, COUNTRIES[scenario.tenant.country]);
  }
});

t.test('user ids are unique version-4 GUIDs', async (t) => {
  for (const tenant of [standard, large]) {
    t.ok(
      tenant.users.every((user) => GUID.test(user.id)),
      'GUID shape',
    );
    t.equal(new Set(tenant.users.map((user) => user.id)).size, tenant.users.length, 'unique');
  }
});

t.test('user principal names are unique, ASCII and on the tenant domain', async (t) => {
  for (const [tenant, scenario] of [
    [standard, defaultScenario],
    [large, largeScenario],
  ] as const) {
    const domain = scenario.tenant.domain.replace('.', '\\.');
    const upn = new RegExp(`^[a-z0-9]+\\.[a-z0-9]+\\d*@${domain}$`);
    const bad = tenant.users.filter((user) => !upn.test(user.userPrincipalName));
    t.same(
      bad.map((user) => user.userPrincipalName),
      [],
      `${scenario.name}: first.last@${scenario.tenant.domain}`,
    );
    const names = tenant.users.map((user) => user.userPrincipalName);
    t.equal(new Set(names).size, names.length, `${scenario.name}: unique`);
  }
  const numbered = large.users.filter((user) => /\d@/.test(user.userPrincipalName));
  t.ok(numbered.length > 0, `namesakes get a number (${numbered.length} in large)`);
  t.ok(
    numbered.every((user) =>
      large.users.some(
        (other) =>
          other.userPrincipalName === user.userPrincipalName.replace(/\d+@/, '@') &&
          other.index < user.index,
      ),
    ),
    'a numbered name has an unnumbered namesake before it',
  );
});

t.test('display names are the names the UPN was made from', async (t) => {
  for (const user of standard.users) {
    const [first, last] = user.userPrincipalName.split('@')[0]!.replace(/\d+$/, '').split('.');
    const folded = user.displayName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9 ]/g, '');
    if (!folded.startsWith(first!) || !folded.replace(/ /g, '').endsWith(last!)) {
      t.fail(`${user.displayName} vs ${user.userPrincipalName}`);
    }
  }
  t.ok(
    standard.users.every((user) => user.displayName.trim().length > 2),
    'non-empty names',
  );
});

t.test('usage countries and licences follow the profile', async (t) => {
  const profile = largeScenario.tenant;
  const foreign = large.users.filter((user) => user.usageCountry !== profile.country);
  const share = foreign.length / large.users.length;
  t.ok(Math.abs(share - profile.foreignUserShare) < 0.015, `${(100 * share).toFixed(1)}% abroad`);
  t.same(
    [...new Set(foreign.map((user) => user.usageCountry))].sort(),
    Object.keys(profile.foreignUserCountries).sort(),
  );
  const total = Object.values(profile.licenseMix).reduce((sum, w) => sum + (w ?? 0), 0);
  for (const [license, weight] of Object.entries(profile.licenseMix)) {
    const observed = large.users.filter((user) => user.license === license).length;
    const expected = ((weight ?? 0) / total) * large.users.length;
    t.ok(
      Math.abs(observed - expected) <= 4 * Math.sqrt(expected) + 2,
      `${license}: ${observed} users, ~${expected.toFixed(0)} expected`,
    );
  }
  t.ok(
    large.users.every((user) => user.license in profile.licenseMix),
    'only licences of the mix',
  );
});

t.test("each user has their own fictional number in their usage country's ranges", async (t) => {
  for (const tenant of [standard, large]) {
    const bad = tenant.users.filter(
      (user) => !geographic(user.usageCountry).has(tenant.numbers[user.number]!),
    );
    t.equal(bad.length, 0, 'in range');
    const own = tenant.users.map((user) => tenant.numbers[user.number]);
    t.equal(new Set(own).size, own.length, 'no two users share a number');
  }
});

t.test(
  'the most users the numbers allow each get one; a full foreign country sends the rest home',
  async (t) => {
    const most = maxUsersIn('US');
    t.equal(most, 26_195);
    // Half of them drawn for CA, whose fiction ranges hold 3,800 numbers.
    const crowded: Scenario = {
      ...defaultScenario,
      name: 'crowded',
      tenant: {
        ...defaultScenario.tenant,
        userCount: most,
        foreignUserShare: 0.5,
        foreignUserCountries: { CA: 1 },
        directRouting: undefined,
      },
    };
    const tenant = buildTenant(crowded, 1);
    const own = tenant.users.map((user) => tenant.numbers[user.number]);
    t.notOk(
      tenant.users.some((user) => !geographic(user.usageCountry).has(tenant.numbers[user.number]!)),
      'every user a number of their country',
    );
    t.equal(new Set(own).size, most, 'no two users share a number');
    t.equal(tenant.users.filter((user) => user.usageCountry === 'CA').length, 2800, 'CA is full');
    t.equal(tenant.externalNumbers.CA!.count, 1000, 'CA: numbers left for other parties');
    t.ok(tenant.externalNumbers.US!.count >= 1000, 'US too');
    // Every row of a day renders: each call has numbers to show.
    const app = buildApp({ scenarios: [crowded] });
    t.teardown(() => app.close());
    const day = await walk(t, app, 'v1.0', pstnCallsPath('v1.0', '2024-06-03', '2024-06-04'), {
      'x-mock-scenario': 'crowded',
    });
    t.ok(day.rows.length > 10_000);
  },
);

t.test('every number the tenant knows is E.164 and listed once', async (t) => {
  for (const tenant of [standard, large]) {
    t.ok(
      tenant.numbers.every((n) => E164.test(n)),
      'E.164',
    );
    t.equal(new Set(tenant.numbers).size, tenant.numbers.length, 'no duplicates');
  }
});

t.test('service lines are the tenant country’s, toll-free from its freephone ranges', async (t) => {
  const home = geographic('US');
  const freephone = new Set(COUNTRIES.US!.tollFree.flatMap(blockNumbers));
  for (const tenant of [standard, large]) {
    const { conferenceNumbers, botNumbers } = tenant;
    t.equal(conferenceNumbers.toll.count, 2);
    t.equal(botNumbers.toll.count, 3);
    t.equal(conferenceNumbers.tollFree.count, 1);
    t.equal(botNumbers.tollFree.count, 1);
    for (const range of [conferenceNumbers.toll, botNumbers.toll]) {
      t.ok(
        numbersOf(tenant, range).every((n) => home.has(n)),
        'toll lines are US fiction numbers',
      );
    }
    for (const range of [conferenceNumbers.tollFree, botNumbers.tollFree]) {
      t.ok(
        numbersOf(tenant, range).every((n) => freephone.has(n)),
        'toll-free lines are 8xx 555-01xx',
      );
    }
  }
});

t.test('other parties are drawn from each called country’s fiction ranges', async (t) => {
  const profile = defaultScenario.tenant;
  for (const tenant of [standard, large]) {
    t.same(
      Object.keys(tenant.externalNumbers).sort(),
      [profile.country, ...Object.keys(profile.internationalDestinations)].sort(),
    );
    const tenantOwn = new Set([
      ...tenant.users.map((user) => tenant.numbers[user.number]!),
      ...[
        tenant.conferenceNumbers.toll,
        tenant.conferenceNumbers.tollFree,
        tenant.botNumbers.toll,
        tenant.botNumbers.tollFree,
      ].flatMap((range) => numbersOf(tenant, range)),
    ]);
    for (const [code, range] of Object.entries(tenant.externalNumbers)) {
      const numbers = numbersOf(tenant, range);
      const pool = geographic(code);
      t.ok(range.count > 100, `${code}: ${range.count} numbers`);
      t.ok(range.count <= 4000, `${code}: bounded`);
      t.ok(
        numbers.every((n) => pool.has(n)),
        `${code}: all fictional`,
      );
      t.ok(
        numbers.every((n) => !tenantOwn.has(n)),
        `${code}: none is the tenant's own`,
      );
    }
  }
  // Canada has 38 × 100 fiction numbers: its users' numbers and the pool split them.
  const canadians = large.users.filter((user) => user.usageCountry === 'CA').length;
  t.equal(large.externalNumbers.CA!.count, 3800 - canadians, 'a small country is used up');
});

t.test('conference ids, administrative units and activity', async (t) => {
  for (const tenant of [standard, large]) {
    t.ok(
      tenant.users.every((user) => /^[1-9]\d{8}$/.test(user.conferenceId)),
      'nine-digit conference ids',
    );
    t.equal(tenant.administrativeUnitIds.length, 4);
    t.ok(tenant.administrativeUnitIds.every((id) => GUID.test(id)));
    const units = new Set(tenant.administrativeUnitIds);
    t.ok(
      tenant.users.every(
        (user) =>
          user.administrativeUnitIds.length <= 2 &&
          new Set(user.administrativeUnitIds).size === user.administrativeUnitIds.length &&
          user.administrativeUnitIds.every((id) => units.has(id)),
      ),
      'each user in up to two distinct units of the tenant',
    );
    t.ok(
      tenant.users.every((user) => Number.isFinite(user.activity) && user.activity > 0),
      'activity is positive',
    );
  }
  const sizes = [0, 1, 2].map(
    (n) => large.users.filter((user) => user.administrativeUnitIds.length === n).length,
  );
  t.ok(
    sizes.every((n) => n > 0),
    `users in 0, 1 and 2 units: ${sizes}`,
  );
  const activity = large.users.map((user) => user.activity).sort((a, b) => b - a);
  const top = activity.slice(0, 500).reduce((sum, a) => sum + a, 0);
  const all = activity.reduce((sum, a) => sum + a, 0);
  t.ok(top / all > 0.2, `the busiest 10% of users make ${((100 * top) / all).toFixed(0)}%`);
});

t.test('client addresses are in documentation and private ranges', async (t) => {
  const bad: string[] = [];
  for (const tenant of [standard, large]) {
    for (const user of tenant.users) {
      const [office, home] = user.clients;
      if (!isIPv4(office.publicV4) || !office.publicV4.startsWith('203.0.113.')) {
        bad.push(office.publicV4);
      }
      if (!isIPv4(office.localV4) || !office.localV4.startsWith('10.')) bad.push(office.localV4);
      for (const v6 of [office.publicV6, office.localV6]) {
        if (v6 !== null && (!isIPv6(v6) || !/^2001:db8:/.test(v6))) bad.push(v6);
      }
      if (!isIPv4(home.publicV4) || !home.publicV4.startsWith('198.51.100.')) {
        bad.push(home.publicV4);
      }
      if (!isIPv4(home.localV4) || !home.localV4.startsWith('192.168.')) bad.push(home.localV4);
      if (home.publicV6 !== null || home.localV6 !== null) bad.push('home has IPv6');
    }
  }
  t.same(bad, []);
  const offices = new Set(large.users.map((user) => user.clients[0].publicV4));
  t.ok(offices.size >= 2 && offices.size <= 3, `${offices.size} office public addresses`);
});

t.test('Calling Plan users are on Microsoft; Operator Connect users on an operator', async (t) => {
  t.ok(
    large.users.every(
      (user) => user.operator === 'Microsoft' && user.durationSource === 'microsoft',
    ),
    'the US tenant has no Operator Connect users',
  );
  const connected: Scenario = {
    ...defaultScenario,
    name: 'operator-connect',
    tenant: {
      ...defaultScenario.tenant,
      userCount: 400,
      operatorConnectShare: 0.25,
      operatorConnectOperators: ['Verizon', 'Intrado'],
    },
  };
  const tenant = buildTenant(connected, 1);
  const onOperator = tenant.users.filter((user) => user.operator !== 'Microsoft');
  t.ok(
    Math.abs(onOperator.length / 400 - 0.25) < 0.07,
    `${onOperator.length} of 400 on Operator Connect`,
  );
  t.same([...new Set(onOperator.map((user) => user.operator))].sort(), ['Intrado', 'Verizon']);
  t.ok(
    tenant.users.every(
      (user) => user.durationSource === (user.operator === 'Microsoft' ? 'microsoft' : 'operator'),
    ),
    'operators supply the duration',
  );
});

t.test('a tenant in a country without fiction ranges is refused with the reason', async (t) => {
  const dutch: Scenario = {
    ...defaultScenario,
    tenant: { ...defaultScenario.tenant, country: 'NL', userCount: 2 },
  };
  t.throws(() => buildTenant(dutch, 1), /No number ranges are known for country 'NL'/);
});

t.test('a tenant of non-English speakers gets names from their locale', async (t) => {
  const german: Scenario = {
    ...defaultScenario,
    name: 'de-tenant',
    tenant: {
      ...defaultScenario.tenant,
      country: 'DE',
      currency: 'EUR',
      domain: 'beispiel.de',
      userCount: 300,
      foreignUserShare: 0,
      foreignUserCountries: {},
    },
  };
  const tenant = buildTenant(german, 1);
  t.ok(
    tenant.users.every((user) => user.usageCountry === 'DE'),
    'all users in Germany',
  );
  t.ok(
    tenant.users.every((user) => tenant.numbers[user.number]!.startsWith('+49')),
    'German numbers',
  );
  t.ok(
    tenant.users.some((user) => /[äöüßÄÖÜ]/.test(user.displayName)),
    'German names, with umlauts',
  );
  t.ok(
    tenant.users.every((user) => /^[a-z0-9.]+@beispiel\.de$/.test(user.userPrincipalName)),
    'folded to ASCII in the UPN',
  );
  t.equal(tenant.conferenceNumbers.tollFree.count, 0, 'no German freephone fiction range');
});
