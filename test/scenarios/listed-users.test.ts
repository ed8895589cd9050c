/**
 * Listed users (`tenant.users`): each used exactly as given whatever the seed, the members it
 * leaves out generated, the users it does not list as they were; their calls carry them; and
 * what a list cannot say is one sentence a problem.
 */
import t from 'tap';
import type { LogFunctionName } from '../../openapi/contract.js';
import { defaultScenario, directRoutingScenario } from '../../scenarios/catalog.js';
import { BUILT_IN_SCENARIOS } from '../../scenarios/registry.js';
import type { ListedUser, Scenario } from '../../scenarios/scenario.js';
import { resolveScenarios, ScenarioFileError } from '../../scenarios/scenario-file.js';
import { buildTenant, type Tenant, type TenantUser } from '../../scenarios/tenant.js';
import { buildApp } from '../../server/app.js';
import { docSection } from '../support/doc-pages.js';
import { logPath, walk } from '../support/graph.js';

const ADA: ListedUser = {
  id: '6f1e3c2a-2b7d-4e3f-9a1b-0c2d3e4f5a6b',
  userPrincipalName: 'Ada.Lovelace@contoso.com',
  displayName: 'Ada Lovelace',
  license: 'MCOPSTN2',
  usageCountry: 'US',
  number: '+12065550123',
  routing: 'callingPlan',
  smsLicensed: true,
  administrativeUnitIds: ['11111111-2222-4333-8444-555555555555'],
};
/** Only an id: everything else is generated. */
const GRACE: ListedUser = { id: '0d6a2f4e-8c1b-4a3d-9e5f-7a8b9c0d1e2f' };
/** Homed on an SBC; its routing follows from the trunk. */
const ALAN: ListedUser = {
  id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  displayName: 'Alan Turing',
  trunk: 'sbc1',
};
const LISTED = [ADA, GRACE, ALAN];

/** `base` with these users; its data, so that what they leave alone can be compared. */
const listing = (users: readonly ListedUser[], base: Scenario = defaultScenario): Scenario => ({
  ...base,
  name: 'listed',
  dataset: base.name,
  tenant: { ...base.tenant, users },
});

/** A user as a row shows it: its number as the number, not an index into the tenant's pool. */
const shown = (tenant: Tenant, { index: _index, number, trunk, ...user }: TenantUser) => ({
  ...user,
  number: tenant.numbers[number],
  trunk: tenant.trunks[trunk]?.fqdn ?? null,
});

t.test('a listed user is used exactly as given, for every seed', async (t) => {
  for (const seed of [1, 2, 4_294_967_295]) {
    const tenant = buildTenant(listing(LISTED), seed);
    const [ada, grace, alan] = tenant.users.map((user) => shown(tenant, user));
    t.match(ada, { ...ADA, trunk: null, operator: 'Microsoft' }, `seed ${seed}: every member`);
    t.equal(grace!.id, GRACE.id);
    t.equal(alan!.id, ALAN.id);
    t.equal(alan!.displayName, 'Alan Turing');
    t.equal(alan!.userPrincipalName, 'alan.turing@contoso.com', 'a UPN from the listed name');
    t.equal(alan!.routing, 'directRouting', 'the trunk implies Direct Routing');
    t.equal(alan!.trunk, 'sbc1.contoso.com');
    t.ok(tenant.smsUsers.some((user) => user.id === ADA.id));
    t.ok(tenant.directRoutingUsers.some((user) => user.id === ALAN.id));
    t.notOk(tenant.pstnUsers.some((user) => user.id === ALAN.id));
  }
});

t.test('what a listed user leaves out, and the users not listed, are as generated', async (t) => {
  const plain = buildTenant(defaultScenario, 1);
  const listed = buildTenant(listing(LISTED), 1);
  t.equal(listed.users.length, plain.users.length, 'the listed count among userCount');
  const { id: _id, ...graceRest } = shown(listed, listed.users[1]!);
  const { id: _plainId, ...plainRest } = shown(plain, plain.users[1]!);
  t.same(graceRest, plainRest, 'an id alone changes nothing else');
  for (let i = LISTED.length; i < plain.users.length; i++) {
    t.same(shown(listed, listed.users[i]!), shown(plain, plain.users[i]!), `user ${i}`);
  }
});

t.test('a listed name steers the generated UPNs away from it', async (t) => {
  const plain = buildTenant(defaultScenario, 1);
  const taken = plain.users[5]!.userPrincipalName;
  const listed = buildTenant(
    listing([{ id: GRACE.id, userPrincipalName: taken.toUpperCase() }]),
    1,
  );
  t.equal(listed.users[0]!.userPrincipalName, taken.toUpperCase());
  t.not(listed.users[5]!.userPrincipalName, taken, 'the generated user steps aside');
  t.match(listed.users[5]!.userPrincipalName, /2@contoso\.com$/);
  const oneWord = buildTenant(listing([{ id: GRACE.id, displayName: 'Reception' }]), 1);
  t.equal(oneWord.users[0]!.userPrincipalName, 'reception@contoso.com');
});

t.test('Operator Connect: the given operator, or one chosen by the id', async (t) => {
  const base = BUILT_IN_SCENARIOS.find('international')!;
  const operators = base.tenant.operatorConnectOperators;
  const tenant = buildTenant(
    listing(
      [
        { id: GRACE.id, operator: 'BT' },
        { id: ADA.id, routing: 'operatorConnect' },
        { id: ALAN.id, routing: 'callingPlan' },
      ],
      base,
    ),
    1,
  );
  const [grace, ada, alan] = tenant.users;
  t.match(grace, { routing: 'operatorConnect', operator: 'BT', durationSource: 'operator' });
  t.equal(ada!.routing, 'operatorConnect');
  t.ok(operators.includes(ada!.operator));
  t.match(alan, { routing: 'callingPlan', operator: 'Microsoft', durationSource: 'microsoft' });
  const trunked = buildTenant(
    listing([{ id: ALAN.id, trunk: 'sbc-lon-01', usageCountry: 'GB' }], directRoutingScenario),
    1,
  );
  t.equal(trunked.trunks[trunked.users[0]!.trunk]!.fqdn, 'sbc-lon-01.adatum.com');
});

t.test('their calls carry them, in every log they belong to', async (t) => {
  // A tenant of three, busy: each listed user makes calls in two days.
  const scenario: Scenario = {
    ...listing(LISTED),
    tenant: { ...listing(LISTED).tenant, userCount: 3 },
    volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 20 },
  };
  const tenant = buildTenant(scenario, scenario.seed);
  const app = buildApp({ scenarios: [scenario] });
  t.teardown(() => app.close());
  const headers = { 'x-mock-scenario': 'listed' };
  const from = '2024-06-03';
  const to = '2024-06-05';
  const walkOf = async (fn: LogFunctionName) =>
    (await walk(t, app, 'beta', logPath(fn, 'beta', from, to), headers)).rows;
  // Rows without a user (a DR call no one took) are no one's.
  const usersOf = (rows: readonly Record<string, unknown>[]) =>
    [...new Set(rows.map((row) => row.userId).filter((id) => id !== null))].sort();
  const idsOf = (users: readonly TenantUser[]) => users.map((user) => user.id).sort();

  // Their own calls; conferences they organize are billed to the bridge, whoever they are.
  const own = (await walkOf('getPstnCalls')).filter((row) => /^user_/.test(String(row.callType)));
  t.same(usersOf(own), idsOf(tenant.pstnUsers));
  const adas = own.filter((row) => row.userId === ADA.id);
  t.ok(adas.length > 0, 'Ada calls');
  for (const row of adas) {
    t.match(row, {
      userPrincipalName: ADA.userPrincipalName,
      userDisplayName: ADA.displayName,
      licenseCapability: ADA.license,
      usageCountryCode: ADA.usageCountry,
      administrativeUnitInfos: [{ id: ADA.administrativeUnitIds![0] }],
    });
  }
  const outbound = adas.filter((row) => String(row.callType).startsWith('user_out'));
  t.ok(outbound.length > 0);
  t.ok(
    outbound.every((row) => row.callerNumber === ADA.number),
    'from her own number',
  );

  const dr = await walkOf('getDirectRoutingCalls');
  t.same(usersOf(dr), idsOf(tenant.directRoutingUsers));
  t.ok(usersOf(dr).includes(ALAN.id), 'Alan calls through his SBC');
  t.ok(
    dr
      .filter((row) => row.userId === ALAN.id)
      .every(
        (row) =>
          row.userDisplayName === 'Alan Turing' &&
          row.trunkFullyQualifiedDomainName === 'sbc1.contoso.com',
      ),
  );
  const sms = await walkOf('getSmsLog');
  t.same(usersOf(sms), idsOf(tenant.smsUsers));
  t.ok(usersOf(sms).includes(ADA.id), 'Ada texts');
});

/** The problems of the default scenario with these users, in a file named acme.json. */
function problemsOf(tenant: Record<string, unknown>): readonly string[] {
  try {
    resolveScenarios(
      [{ origin: 'acme.json', data: { name: 'acme', extends: 'default', tenant } }],
      BUILT_IN_SCENARIOS,
    );
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    return error.problems;
  }
}

t.test('what a list cannot say, a sentence each', async (t) => {
  t.same(problemsOf({ users: LISTED }), [], 'the examples are consistent');
  t.same(
    problemsOf({
      userCount: 2,
      users: [
        ADA,
        { id: ADA.id.toUpperCase(), userPrincipalName: 'ada.lovelace@CONTOSO.com' },
        { id: GRACE.id, number: ADA.number, routing: 'callingPlan', trunk: 'sbc1' },
        {
          id: ALAN.id,
          routing: 'callingPlan',
          operator: 'BT',
          smsLicensed: true,
          usageCountry: 'GB',
        },
        { id: '00000000-0000-4000-8000-000000000001', trunk: 'sbc9' },
        {
          id: '00000000-0000-4000-8000-000000000002',
          routing: 'operatorConnect',
          smsLicensed: true,
        },
      ],
    }),
    [
      'acme.json: /tenant/users lists 6 users but /tenant/userCount is 2; the count includes the listed users',
      `acme.json: /tenant/users/1/id "${ADA.id.toUpperCase()}" is also /tenant/users/0's; ids must be unique`,
      'acme.json: /tenant/users/1/userPrincipalName "ada.lovelace@CONTOSO.com" is also /tenant/users/0\'s; user principal names must be unique',
      `acme.json: /tenant/users/2/number "${ADA.number}" is also /tenant/users/0's; numbers must be unique`,
      'acme.json: /tenant/users/2/trunk is given but /tenant/users/2/routing is "callingPlan"; only Direct Routing users have a trunk',
      'acme.json: /tenant/users/3/operator is given but /tenant/users/3/routing is "callingPlan"; only Operator Connect users have an operator',
      "acme.json: /tenant/users/3/smsLicensed is true but SMS is for users in US, PR, CA and the user's usage country is GB",
      'acme.json: /tenant/users/4/trunk "sbc9" is none of the tenant\'s trunks; expected one of sbc1',
      'acme.json: /tenant/users/5/routing is "operatorConnect" but neither /tenant/users/5/operator nor /tenant/operatorConnectOperators names an operator',
      'acme.json: /tenant/users/5/smsLicensed is true but SMS is for Calling Plan users and /tenant/users/5/routing is "operatorConnect"',
    ],
  );
  t.same(
    problemsOf({ directRouting: null, sms: null, users: [ALAN, { ...GRACE, smsLicensed: true }] }),
    [
      'acme.json: /tenant/users/0/routing implied "directRouting" but /tenant/directRouting has no trunks; add one or choose another routing',
      'acme.json: /tenant/users/1/smsLicensed is true but the tenant has no /tenant/sms',
    ],
  );
  t.same(
    problemsOf({
      users: [
        { id: 'ada', userPrincipalName: 'ada', number: '0206555', displayName: '', license: 'E5' },
        { userPrincipalName: 'x@contoso.com', nickname: 'x' },
      ],
    }),
    [
      'acme.json: /tenant/users/0/id must be a GUID, e.g. "6f1e3c2a-2b7d-4e3f-9a1b-0c2d3e4f5a6b", got "ada"',
      'acme.json: /tenant/users/0/userPrincipalName must be a user principal name, e.g. "ada.lovelace@contoso.com", got "ada"',
      'acme.json: /tenant/users/0/displayName must be a non-empty string, got ""',
      'acme.json: /tenant/users/0/license must be one of "MCOPSTN1", "MCOPSTN2", "MCOPSTN5", "MCOPSTN6", "MCOPSTNPP", "MCOPSTNU", "MCOMEETADD", "MCOMEETACPEA", got "E5"',
      'acme.json: /tenant/users/0/number must be a number in E.164, e.g. "+12065550123", got "0206555"',
      'acme.json: /tenant/users/1 must have a member "id"',
      'acme.json: /tenant/users/1/nickname is not a scenario member',
    ],
  );
});

t.test(
  'the Your own users example loads, and its users are the tenant’s first three',
  async (t) => {
    const section = docSection('docs/scenario-files.md', '## Your own users');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!);
    const [scenario] = resolveScenarios(
      [{ origin: 'docs/scenario-files.md', data: example }],
      BUILT_IN_SCENARIOS,
    );
    const tenant = buildTenant(scenario!, scenario!.seed);
    const given = example.tenant.users as ListedUser[];
    t.same(
      tenant.users.slice(0, given.length).map((user) => user.id),
      given.map((user) => user.id),
    );
    t.match(shown(tenant, tenant.users[0]!), given[0]!);
    t.match(tenant.users[1], { routing: 'directRouting', displayName: 'Alan Turing' });
    t.match(tenant.users[2], { usageCountry: 'CA', routing: 'callingPlan' });
  },
);

t.test(
  'a listed user of a country the profile names nowhere still has calls to show',
  async (t) => {
    const base = listing([{ id: GRACE.id, usageCountry: 'FR' }]);
    const scenario: Scenario = {
      ...base,
      tenant: { ...base.tenant, userCount: 2, foreignUserShare: 0, foreignUserCountries: {} },
      volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 20 },
    };
    const tenant = buildTenant(scenario, 1);
    t.ok(tenant.externalNumbers.FR!.count > 0, 'numbers in FR for the other parties');
    const app = buildApp({ scenarios: [scenario] });
    t.teardown(() => app.close());
    const rows = (
      await walk(t, app, 'beta', logPath('getPstnCalls', 'beta', '2024-06-03', '2024-06-05'), {
        'x-mock-scenario': 'listed',
      })
    ).rows.filter((row) => row.userId === GRACE.id && /^user_/.test(String(row.callType)));
    t.ok(rows.length > 0);
    t.ok(rows.every((row) => row.usageCountryCode === 'FR'));
  },
);
