/**
 * Direct Routing rows, checked over whole months of two tenants: whose calls they are, which
 * trunk and region carry them, how they ended and what times and SIP codes that implies, and
 * that they never share an id with the PSTN log. Every property is asserted of every row.
 */
import tap from 'tap';
import { createContractValidator } from '../../openapi/contract.js';
import { defaultScenario, directRoutingScenario } from '../../scenarios/catalog.js';
import { blockNumbers, COUNTRIES } from '../../scenarios/countries.js';
import {
  COMPLETED,
  DR_CALL_TYPES,
  FAILED,
  OUTCOME_SHARES,
  regionsFor,
  UNANSWERED,
} from '../../scenarios/direct-routing-facts.js';
import type { DirectRoutingRow } from '../../scenarios/direct-routing-row.js';
import { summarizeDirectRouting } from '../../scenarios/direct-routing-summary.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { maskedDigitsIn, maskNumber } from '../../scenarios/number-masking.js';
import { buildUniverse, type Universe } from '../../scenarios/universe.js';
import { rowObject } from '../../server/rendering/page-renderer.js';
import { renderedPage } from '../support/rendered-page.js';
import { daysWindow } from './fixtures/windows.js';

const JUNE = daysWindow(2024, 6, 1, 30);
/** The large tenant's sample: ten days hold ~45,000 attempts, plenty to judge shares by. */
const TEN_DAYS = daysWindow(2024, 6, 3, 10);
const TICKS_PER_SECOND = 10_000_000;
const E164 = /^\+[1-9]\d{6,14}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Sample {
  readonly name: string;
  readonly universe: Universe;
  readonly rows: readonly DirectRoutingRow[];
  readonly window: CallWindow;
}

function sampleOf(scenario: typeof defaultScenario, window: CallWindow): Sample {
  const universe = buildUniverse(scenario, scenario.seed);
  const rows: DirectRoutingRow[] = [];
  universe.directRouting.plan(window, 0, Number.MAX_SAFE_INTEGER).forEachRow((row) => {
    rows.push({
      ...row,
      correlation: { ...row.correlation },
      transferor: row.transferor && { ...row.transferor },
    });
  });
  return { name: scenario.name, universe, rows, window };
}

const samples = [sampleOf(defaultScenario, JUNE), sampleOf(directRoutingScenario, TEN_DAYS)];
const inbound = new Set<string>(
  DR_CALL_TYPES.filter((type) => type.direction === 'inbound').map((type) => type.callType),
);
const withUser = new Set<string>(
  DR_CALL_TYPES.filter((type) => type.hasUser).map((type) => type.callType),
);
const otherSide = (row: DirectRoutingRow) =>
  inbound.has(row.callType) ? row.callerNumber : row.calleeNumber;
const ownSide = (row: DirectRoutingRow) =>
  inbound.has(row.callType) ? row.calleeNumber : row.callerNumber;

function holds(
  t: Pick<typeof tap, 'equal'>,
  rows: readonly DirectRoutingRow[],
  what: string,
  property: (row: DirectRoutingRow) => boolean,
): void {
  const bad = rows.filter((row) => !property(row));
  t.equal(bad.length, 0, `${what} (${rows.length} rows)`, {
    examples: bad.slice(0, 3).map(({ user, ...facts }) => ({ ...facts, user: user?.id })),
  });
}

const share = (rows: readonly DirectRoutingRow[], test: (row: DirectRoutingRow) => boolean) =>
  rows.filter(test).length / rows.length;

tap.test('the samples are large enough to judge shares', async (t) => {
  t.ok(samples[0]!.rows.length >= 400, `default: ${samples[0]!.rows.length} attempts`);
  t.ok(samples[1]!.rows.length >= 40_000, `direct-routing: ${samples[1]!.rows.length} attempts`);
});

tap.test('every attempt is a Direct Routing user’s, over their SBC; bots have none', async (t) => {
  for (const { name, universe, rows } of samples) {
    const { tenant } = universe;
    holds(t, rows, `${name}: user types have a Direct Routing user, bot types none`, (row) =>
      withUser.has(row.callType)
        ? row.user !== null && row.user.routing === 'directRouting'
        : row.user === null,
    );
    holds(t, rows, `${name}: a user's attempts run over their own trunk`, (row) =>
      row.user === null
        ? tenant.trunks.includes(row.trunk)
        : row.trunk === tenant.trunks[row.user.trunk],
    );
    holds(t, rows, `${name}: FQDNs lie in the tenant's domain`, (row) =>
      row.trunk.fqdn.endsWith(`.${tenant.profile.domain}`),
    );
    const services = new Set(
      tenant.numbers.slice(
        tenant.botNumbers.toll.start,
        tenant.botNumbers.toll.start + tenant.botNumbers.toll.count,
      ),
    );
    holds(t, rows, `${name}: the own side is the user's number, else a service line's`, (row) =>
      row.user === null
        ? services.has(ownSide(row))
        : ownSide(row) === tenant.numbers[row.user.number],
    );
  }
});

tap.test('users are homed on an SBC that serves their country', async (t) => {
  const { tenant } = samples[1]!.universe;
  const trunks = directRoutingScenario.tenant.directRouting!.trunks;
  for (const user of tenant.directRoutingUsers) {
    t.ok(
      trunks[user.trunk]!.countries!.includes(user.usageCountry),
      `${user.usageCountry} user on ${tenant.trunks[user.trunk]!.fqdn}`,
    );
  }
  t.ok(tenant.directRoutingUsers.length > 1800, `${tenant.directRoutingUsers.length} users`);
  for (const user of tenant.users) {
    t.equal(user.trunk >= 0, user.routing === 'directRouting', `${user.id} has a trunk iff on DR`);
  }
});

tap.test('times and durations follow from how the attempt ended', async (t) => {
  for (const { name, rows } of samples) {
    holds(t, rows, `${name}: completed ⇔ successful, with an end after the start`, (row) =>
      row.outcome === 'completed'
        ? row.setupTicks > 0 && row.finishTicks === row.duration * TICKS_PER_SECOND
        : true,
    );
    holds(t, rows, `${name}: an attempt that never connected starts at its INVITE`, (row) =>
      row.outcome === 'completed'
        ? true
        : row.setupTicks === 0 &&
          row.finishTicks > 0 &&
          row.duration === Math.round(row.finishTicks / TICKS_PER_SECOND),
    );
    holds(t, rows, `${name}: times are whole milliseconds apart`, (row) =>
      row.outcome === 'completed' ? row.setupTicks % 10_000 === 0 : row.finishTicks % 10_000 === 0,
    );
  }
});

tap.test('SIP triples come from the outcome’s own table, for the call’s direction', async (t) => {
  const tables = { completed: COMPLETED, unanswered: UNANSWERED, failed: FAILED };
  for (const { name, rows } of samples) {
    holds(
      t,
      rows,
      `${name}: the triple is one of its outcome's`,
      (row) =>
        tables[row.outcome].includes(row.sip) &&
        row.sip.directions.includes(inbound.has(row.callType) ? 'inbound' : 'outbound'),
    );
  }
  const rows = samples[1]!.rows;
  for (const direction of ['inbound', 'outbound'] as const) {
    const mine = rows.filter((row) => inbound.has(row.callType) === (direction === 'inbound'));
    for (const outcome of ['completed', 'unanswered', 'failed'] as const) {
      const seen = share(mine, (row) => row.outcome === outcome);
      const expected = OUTCOME_SHARES[direction][outcome];
      t.ok(
        Math.abs(seen - expected) < 0.01,
        `${direction} ${outcome}: ${(seen * 100).toFixed(2)} % (expected ${expected * 100} %)`,
      );
    }
  }
});

tap.test('media bypass is the trunk’s; regions are those of the user’s country', async (t) => {
  for (const { name, universe, rows } of samples) {
    holds(t, rows, `${name}: no media region with bypass, one of the country's without`, (row) => {
      const regions = regionsFor(row.userCountryCode);
      return row.trunk.mediaBypass
        ? row.mediaPathLocation === null
        : regions.media.includes(row.mediaPathLocation!);
    });
    holds(t, rows, `${name}: signalling in one of the country's regions`, (row) =>
      regionsFor(row.userCountryCode).signalling.includes(row.signalingLocation),
    );
    holds(
      t,
      rows,
      `${name}: userCountryCode is the user's, else the tenant's`,
      (row) => row.userCountryCode === (row.user?.usageCountry ?? universe.tenant.profile.country),
    );
  }
  const bypass = share(samples[1]!.rows, (row) => row.trunk.mediaBypass);
  t.ok(bypass > 0.2 && bypass < 0.6, `direct-routing: ${(bypass * 100).toFixed(1)} % with bypass`);
});

tap.test('numbers: E.164, fictional, the other party masked by the user’s country', async (t) => {
  // Every fiction number of each country, as shown with 0, 3 or 4 digits masked.
  const fiction = new Map(
    Object.entries(COUNTRIES).flatMap(([code, facts]) => {
      const numbers = [...facts.geographic, ...facts.tollFree].flatMap(blockNumbers);
      return [0, 3, 4].map(
        (digits) =>
          [`${code}/${digits}`, new Set(numbers.map((n) => maskNumber(n, digits)))] as const,
      );
    }),
  );
  for (const { name, rows } of samples) {
    holds(t, rows, `${name}: own side E.164`, (row) => E164.test(ownSide(row)));
    holds(t, rows, `${name}: other side an emergency number or a masked fiction number`, (row) => {
      if (row.callType === 'dr_emergency_out') return /^(911|999|000|112)$/.test(row.calleeNumber);
      const digits = maskedDigitsIn(row.userCountryCode);
      return fiction.get(`${row.otherPartyCountryCode}/${digits}`)!.has(otherSide(row));
    });
  }
  const germans = samples[1]!.rows.filter((row) => row.userCountryCode === 'DE');
  t.ok(germans.length > 1000, `${germans.length} attempts of users in Germany`);
  holds(t, germans, 'German users see the last 3 digits masked', (row) =>
    row.callType === 'dr_emergency_out' ? true : /[0-9]\*\*\*$/.test(otherSide(row)),
  );
  const british = samples[1]!.rows.filter((row) => row.userCountryCode === 'GB');
  holds(t, british, 'British users see numbers whole', (row) => !otherSide(row).includes('*'));
});

tap.test(
  'ids, correlation ids and transferors are GUIDs; ids unique across both logs',
  async (t) => {
    for (const { name, universe, rows, window } of samples) {
      const ids = new Set<string>();
      for (const row of rows) ids.add(rowObject('getDirectRoutingCalls', 'beta', row).id as string);
      t.equal(ids.size, rows.length, `${name}: no id twice among ${rows.length} attempts`);
      universe.pstn.plan(window, 0, Number.MAX_SAFE_INTEGER).forEachRow((row) => {
        const id = rowObject('getPstnCalls', 'beta', row).id as string;
        if (ids.has(id)) t.fail(`${name}: PSTN id ${id} is also a Direct Routing id`);
      });
      holds(t, rows, `${name}: GUIDs`, (row) => {
        const object = rowObject('getDirectRoutingCalls', 'beta', row);
        return (
          GUID.test(object.id as string) &&
          GUID.test(object.correlationId as string) &&
          (row.callType === 'dr_out_user_transfer'
            ? GUID.test(object.transferorCorrelationId as string)
            : object.transferorCorrelationId === null)
        );
      });
    }
  },
);

tap.test(
  'rendered pages are the contract’s, in both versions, and equal the plain rows',
  async (t) => {
    const contract = createContractValidator();
    const { universe } = samples[1]!;
    for (const version of ['v1.0', 'beta'] as const) {
      for (const skip of [0, 30_000]) {
        const plan = universe.directRouting.plan(TEN_DAYS, skip, 1000);
        const expected: unknown[] = [];
        universe.directRouting
          .plan(TEN_DAYS, skip, 1000)
          .forEachRow((row) => expected.push(rowObject('getDirectRoutingCalls', version, row)));
        const page = renderedPage('getDirectRoutingCalls', version, plan);
        t.same(
          contract.validatePage('getDirectRoutingCalls', version, page),
          [],
          `${version} @${skip}`,
        );
        t.strictSame(page.value, expected, `${version} @${skip}: bytes = plain rows`);
      }
    }
    const [row] = samples[1]!.rows.filter((r) => r.outcome !== 'completed');
    const object = rowObject('getDirectRoutingCalls', 'v1.0', row!);
    t.equal(
      object.endDateTime,
      '0001-01-01T00:00:00Z',
      'an attempt that never connected has no end',
    );
    t.equal(object.inviteDateTime, object.startDateTime, 'and starts at its INVITE');
    t.equal(object.successfulCall, false);
    const [completed] = samples[1]!.rows.filter((r) => r.outcome === 'completed');
    const done = rowObject('getDirectRoutingCalls', 'v1.0', completed!);
    t.equal(done.failureDateTime, '0001-01-01T00:00:00Z', 'a completed call has no failure');
    t.ok(String(done.inviteDateTime) < String(done.startDateTime), 'its INVITE came first');
    t.match(done.startDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'milliseconds');
    const end = Date.parse(String(done.endDateTime)) - Date.parse(String(done.startDateTime));
    t.equal(end, (done.duration as number) * 1000, 'end = start + duration');
  },
);

tap.test(
  'a tenant without Direct Routing has no attempts; one without destinations calls home',
  async (t) => {
    const none = buildUniverse(
      {
        ...defaultScenario,
        name: 'no-sbc',
        tenant: { ...defaultScenario.tenant, directRouting: undefined },
      },
      1,
    );
    t.equal(none.directRouting.count(JUNE), 0);
    t.equal(none.tenant.directRoutingUsers.length, 0);
    const home = buildUniverse(
      {
        ...directRoutingScenario,
        name: 'dr-home',
        tenant: {
          ...directRoutingScenario.tenant,
          userCount: 200,
          internationalDestinations: {},
        },
      },
      1,
    );
    const rows: DirectRoutingRow[] = [];
    home.directRouting.plan(JUNE, 0, 5000).forEachRow((row) => rows.push({ ...row }));
    t.ok(rows.length > 1000);
    holds(
      t,
      rows,
      'every other party is in the user’s country',
      (row) => row.otherPartyCountryCode === row.userCountryCode,
    );
  },
);

tap.test('a tenant all on Direct Routing has no PSTN calls of its own', async (t) => {
  const all = buildUniverse(
    {
      ...directRoutingScenario,
      name: 'all-dr',
      tenant: {
        ...directRoutingScenario.tenant,
        userCount: 50,
        directRouting: { ...directRoutingScenario.tenant.directRouting!, userShare: 1 },
      },
    },
    1,
  );
  t.equal(all.tenant.pstnUsers.length, 0);
  t.equal(all.pstn.count(JUNE), 0, 'no PSTN users: no PSTN calls');
  t.ok(all.directRouting.count(JUNE) > 1000);
});

tap.test('the summary totals the sample it walks', async (t) => {
  for (const { name, universe, rows, window } of samples) {
    const summary = summarizeDirectRouting(universe, window);
    t.equal(summary.rows, rows.length, `${name}: rows`);
    t.equal(summary.mediaBypassCalls, rows.filter((row) => row.trunk.mediaBypass).length);
    t.equal(summary.successfulCalls, summary.outcomes.completed);
    t.equal(
      Object.values(summary.callTypes).reduce((sum, n) => sum + n, 0),
      rows.length,
      `${name}: every row has a call type`,
    );
    t.same(
      summary.trunks.map((trunk) => trunk.trunkFullyQualifiedDomainName),
      [...new Set(rows.map((row) => row.trunk.fqdn))].sort(),
    );
  }
});
