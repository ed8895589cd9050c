/**
 * The beta-only logs on the scenarios' universes: SMS of licensed users, block incidents that
 * pair a block with its unblock, and the dial-out report as the aggregate of the PSTN log's
 * conf_out rows — asserted of every row of whole windows.
 */
import tap from 'tap';
import { createContractValidator } from '../../openapi/contract.js';
import { type BlockedUserRow, blockedUserRows } from '../../scenarios/blocked-users-log.js';
import type { CallRow } from '../../scenarios/call-row.js';
import {
  defaultScenario,
  directRoutingScenario,
  internationalScenario,
  largeScenario,
} from '../../scenarios/catalog.js';
import { dialoutReport } from '../../scenarios/dialout-report.js';
import { EventLog } from '../../scenarios/event-log.js';
import { compareInstants, MINUTES_PER_DAY } from '../../scenarios/instant.js';
import {
  getPstnBlockedUsersLog,
  getPstnOnlineMeetingDialoutReport,
  getSmsLog,
} from '../../scenarios/log-functions.js';
import {
  summarizeBlockedUsers,
  summarizeDialout,
  summarizeSms,
} from '../../scenarios/log-summaries.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import {
  BLOCK_DURATION,
  BLOCK_REASONS,
  SMS_COUNTRIES,
  UNBLOCK_REASON,
} from '../../scenarios/message-log-facts.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { SMS_MASKED_DIGITS, type SmsRow } from '../../scenarios/sms-row.js';
import { buildUniverse, universeFor } from '../../scenarios/universe.js';
import { rowObject } from '../../server/rendering/page-renderer.js';
import { renderedPage } from '../support/rendered-page.js';
import { daysWindow, shiftTicks } from './fixtures/windows.js';

const JUNE = daysWindow(2024, 6, 1, 30);
const QUARTER = daysWindow(2024, 3, 1, 90);
const contract = createContractValidator();

function rowsOf<Row>(
  plan: { forEachRow(visit: (row: Row) => void): void },
  copy: (row: Row) => Row,
): Row[] {
  const rows: Row[] = [];
  plan.forEachRow((row) => rows.push(copy(row)));
  return rows;
}

const smsOf = (scenario: Scenario, window: CallWindow): SmsRow[] =>
  rowsOf(
    universeFor(scenario, scenario.seed).sms.plan(window, 0, Number.MAX_SAFE_INTEGER),
    (row) => ({
      ...row,
      smsId: { ...row.smsId },
    }),
  );

tap.test('SMS belong to licensed Calling Plan users in SMS countries', async (t) => {
  const universe = universeFor(defaultScenario, defaultScenario.seed);
  const rows = smsOf(defaultScenario, JUNE);
  t.ok(rows.length > 1000, `${rows.length} messages in June`);
  const licensed = universe.tenant.smsUsers;
  t.ok(licensed.length > 0 && licensed.every((user) => user.routing === 'callingPlan'));
  t.ok(
    licensed.every((user) => SMS_COUNTRIES.has(user.usageCountry)),
    'only US and CA users',
  );
  t.ok(
    rows.every((row) => row.user.smsLicensed),
    'every message is a licensed user’s',
  );
  const masked = new RegExp(`^\\+1\\d{${10 - SMS_MASKED_DIGITS}}\\*{${SMS_MASKED_DIGITS}}$`);
  t.ok(
    rows.every((row) => masked.test(row.sourceNumber) && masked.test(row.destinationNumber)),
    'both numbers NANP with the last four digits masked',
  );
  const own = (row: SmsRow) =>
    row.smsType === 'sms_out' ? row.sourceNumber : row.destinationNumber;
  t.ok(
    rows.every(
      (row) => own(row) === `${universe.tenant.numbers[row.user.number]!.slice(0, -4)}****`,
    ),
    'the user’s side is their own number',
  );
  t.ok(
    rows.every((row) => row.smsUnits >= 1 && row.smsUnits <= 3),
    'one to three units',
  );
  t.ok(
    rows.every((row) => (row.smsType === 'sms_in' ? row.chargeCents === 0 : row.chargeCents > 0)),
    'inbound free, outbound charged',
  );
  t.ok(
    rows.every(
      (row) => row.smsType === 'sms_in' || row.chargeCents === Math.round(row.smsUnits * 0.75),
    ),
    'outbound: 0.0075 USD a unit, to the cent',
  );
  const outbound = rows.filter((row) => row.smsType === 'sms_out').length / rows.length;
  t.ok(outbound > 0.5 && outbound < 0.66, `${(outbound * 100).toFixed(1)} % sent`);
});

tap.test('tenants outside the US and Canada have no SMS', async (t) => {
  t.equal(universeFor(internationalScenario, internationalScenario.seed).sms.count(JUNE), 0);
  t.equal(universeFor(internationalScenario, internationalScenario.seed).tenant.smsUsers.length, 0);
});

tap.test(
  'SMS pages are the contract’s, equal the plain rows, and sum to the summary',
  async (t) => {
    const universe = universeFor(defaultScenario, defaultScenario.seed);
    const rows = smsOf(defaultScenario, JUNE);
    const plan = universe.sms.plan(JUNE, 1000, 1000);
    const page = renderedPage('getSmsLog', 'beta', plan);
    t.same(contract.validatePage('getSmsLog', 'beta', page), []);
    t.strictSame(
      page.value,
      rows.slice(1000, 2000).map((row) => rowObject('getSmsLog', 'beta', row)),
    );
    const summary = summarizeSms(universe, JUNE);
    t.equal(summary.rows, rows.length);
    t.equal(
      summary.smsUnits,
      rows.reduce((sum, row) => sum + row.smsUnits, 0),
    );
    t.equal(
      summary.charge.USD!.cents,
      rows.reduce((sum, row) => sum + row.chargeCents, 0),
    );
    t.equal(summary.smsTypes.sms_in + summary.smsTypes.sms_out, rows.length);
    t.equal(
      summary.users.reduce((sum, user) => sum + user.messages, 0),
      rows.length,
    );
    t.same(getSmsLog.summarize(universe, JUNE), summary, 'the table entry summarizes the same');
    const ids = new Set(rows.map((row) => rowObject('getSmsLog', 'beta', row).id));
    t.equal(ids.size, rows.length, 'no id twice');
  },
);

const blocksOf = (scenario: Scenario, window: CallWindow): BlockedUserRow[] =>
  blockedUserRows(universeFor(scenario, scenario.seed).blockIncidents, window);

tap.test('an unblock follows a block of the same user and number, within 14 days', async (t) => {
  // A year, so incidents are plenty; the window reaches 14 days back for late unblocks.
  const year = daysWindow(2024, 1, 1, 366);
  const rows = blocksOf(directRoutingScenario, year);
  const { tenant } = universeFor(directRoutingScenario, directRoutingScenario.seed);
  const blocks = rows.filter((row) => row.mode === 'blocked');
  const unblocks = rows.filter((row) => row.mode === 'unblocked');
  t.ok(blocks.length > 15, `${blocks.length} blocks and ${unblocks.length} unblocks in 2024`);
  t.ok(unblocks.length < blocks.length + 3, 'most blocks are lifted; some never are');
  for (const row of rows) {
    if (!tenant.users.includes(row.user)) t.fail('a row of a user the tenant does not have');
    if (row.userTelephoneNumber !== tenant.numbers[row.user.number])
      t.fail('a number the user does not hold');
  }
  const reasons = new Set<string>(BLOCK_REASONS.map((reason) => reason.blockReason));
  t.ok(
    blocks.every((row) => reasons.has(row.reason)),
    'blocks give a documented reason',
  );
  t.ok(unblocks.every((row) => row.reason === UNBLOCK_REASON));
  const windowStart = year.from;
  for (const unblock of unblocks) {
    const block = blocks.find(
      (row) =>
        row.user === unblock.user &&
        compareInstants(row, unblock) < 0 &&
        unblock.minute - row.minute <= BLOCK_DURATION.maxDays * MINUTES_PER_DAY,
    );
    // An unblock early in January may lift a block of late December, before the window.
    const early = unblock.minute - windowStart.minute <= BLOCK_DURATION.maxDays * MINUTES_PER_DAY;
    if (block === undefined && !early) t.fail(`unblock at minute ${unblock.minute} has no block`);
  }
  for (let i = 1; i < rows.length; i++) {
    if (compareInstants(rows[i - 1]!, rows[i]!) > 0) t.fail('rows out of time order');
  }
  const ids = new Set(
    rows.map((row) => rowObject('getPstnBlockedUsersLog', 'beta', row).remediationId),
  );
  t.equal(ids.size, rows.length, 'no remediationId twice');
});

tap.test('a window holds exactly the rows whose time falls in it, block or unblock', async (t) => {
  const year = daysWindow(2024, 1, 1, 366);
  const all = blocksOf(directRoutingScenario, year);
  const inner = daysWindow(2024, 5, 1, 61);
  const inside = all.filter(
    (row) => compareInstants(row, inner.from) >= 0 && compareInstants(row, inner.to) <= 0,
  );
  t.strictSame(blocksOf(directRoutingScenario, inner), inside);
  // Both ends inclusive: a window from a row's own instant to the same instant holds it.
  const one = inside[0]!;
  const exact = {
    from: { minute: one.minute, tick: one.tick },
    to: { minute: one.minute, tick: one.tick },
  };
  t.strictSame(blocksOf(directRoutingScenario, exact), [one]);
  t.strictSame(
    blocksOf(directRoutingScenario, { from: shiftTicks(exact.from, 1), to: exact.to }),
    [],
  );
  const universe = universeFor(directRoutingScenario, directRoutingScenario.seed);
  const summary = summarizeBlockedUsers(universe, inner);
  t.equal(summary.rows, inside.length);
  t.equal(summary.userBlockModes.blocked, inside.filter((row) => row.mode === 'blocked').length);
  t.same(getPstnBlockedUsersLog.summarize(universe, inner), summary);
  const plan = getPstnBlockedUsersLog.plan(universe, inner, 1, 2);
  const paged: unknown[] = [];
  plan.forEachRow((row) => paged.push(row));
  t.strictSame(paged, inside.slice(1, 3), '$skip and $top slice the window’s rows');
  t.equal(plan.hasMore, inside.length > 3);
  const page = renderedPage('getPstnBlockedUsersLog', 'beta', {
    count: inside.length,
    hasMore: false,
    forEachRow: (visit) => inside.forEach(visit),
  });
  t.same(contract.validatePage('getPstnBlockedUsersLog', 'beta', page), []);
  t.ok(page.value.every((row) => ['blocked', 'unblocked'].includes(String(row.userBlockMode))));
});

/** What a reconciliation computes from the PSTN log: conf_out rows grouped as the report groups them. */
function aggregateConfOut(rows: readonly CallRow[]) {
  const groups = new Map<string, { calls: number; seconds: number; cents: number }>();
  for (const row of rows) {
    if (row.callType !== 'conf_out') continue;
    const key = [row.user!.id, row.usageCountryCode, row.destinationContext, row.currency].join(
      '|',
    );
    const group = groups.get(key) ?? { calls: 0, seconds: 0, cents: 0 };
    group.calls++;
    group.seconds += row.duration;
    group.cents += row.chargeCents;
    groups.set(key, group);
  }
  return groups;
}

tap.test('the dial-out report is the aggregate of the PSTN log’s conf_out rows', async (t) => {
  const odd = {
    from: { minute: daysWindow(2024, 6, 3, 1).from.minute + 757, tick: 123_456_789 },
    to: { minute: daysWindow(2024, 6, 20, 1).from.minute + 101, tick: 42 },
  };
  for (const [scenario, window] of [
    [internationalScenario, QUARTER],
    [defaultScenario, JUNE],
    [defaultScenario, odd],
  ] as const) {
    const universe = universeFor(scenario, scenario.seed);
    const pstn = rowsOf(universe.pstn.plan(window, 0, Number.MAX_SAFE_INTEGER), (row) => ({
      ...row,
    }));
    const expected = aggregateConfOut(pstn);
    const report = dialoutReport(universe, window);
    t.equal(report.length, expected.size, `${scenario.name}: one entry per group`);
    for (const entry of report) {
      const key = [
        entry.user.id,
        entry.usageLocation,
        entry.destinationContext,
        entry.currency,
      ].join('|');
      t.same(
        { calls: entry.totalCalls, seconds: entry.totalCallSeconds, cents: entry.totalChargeCents },
        expected.get(key),
        `${scenario.name}: ${key}`,
      );
    }
    const again = dialoutReport(universe, window);
    t.strictSame(again, report, `${scenario.name}: the same from the kept days`);
  }
  const gbp = dialoutReport(universeFor(internationalScenario, 11), QUARTER);
  t.ok(
    gbp.some((entry) => entry.totalChargeCents > 0),
    'pay-per-minute conferencing is charged',
  );
  const summary = summarizeDialout(universeFor(internationalScenario, 11), QUARTER);
  t.equal(
    summary.totalCalls,
    gbp.reduce((sum, entry) => sum + entry.totalCalls, 0),
  );
  t.equal(
    summary.totalCallCharge.GBP!.cents,
    gbp.reduce((sum, entry) => sum + entry.totalChargeCents, 0),
  );
  t.same(
    getPstnOnlineMeetingDialoutReport.summarize(universeFor(internationalScenario, 11), QUARTER),
    summary,
  );
});

tap.test('report entries are ordered and paged like rows, and match the contract', async (t) => {
  const universe = universeFor(largeScenario, largeScenario.seed);
  const report = dialoutReport(universe, JUNE);
  t.ok(report.length > 1000, `${report.length} entries: more than a page`);
  const key = (e: (typeof report)[number]) =>
    [e.user.userPrincipalName, e.usageLocation, e.destinationContext, e.currency].join('\u0000');
  for (let i = 1; i < report.length; i++) {
    if (key(report[i - 1]!) >= key(report[i]!)) t.fail(`entries ${i - 1} and ${i} out of order`);
  }
  const plan = getPstnOnlineMeetingDialoutReport.plan(universe, JUNE, 1000, 1000);
  t.equal(plan.count, Math.min(1000, report.length - 1000));
  const page = renderedPage('getPstnOnlineMeetingDialoutReport', 'beta', plan);
  t.same(contract.validatePage('getPstnOnlineMeetingDialoutReport', 'beta', page), []);
  t.strictSame(
    page.value,
    report
      .slice(1000, 2000)
      .map((entry) => rowObject('getPstnOnlineMeetingDialoutReport', 'beta', entry)),
  );
});

tap.test('a tenant without SMS or blocks has empty logs', async (t) => {
  const quiet = buildUniverse(
    {
      ...defaultScenario,
      name: 'quiet',
      tenant: { ...defaultScenario.tenant, sms: undefined, blocking: undefined },
    },
    1,
  );
  t.equal(quiet.sms.count(JUNE), 0);
  t.same(blockedUserRows(quiet.blockIncidents, JUNE), []);
});

tap.test('rows at the same instant are ordered by remediationId', async (t) => {
  // A storm of blocks, all on the first tick of their minute: ties everywhere.
  const storm = buildUniverse(
    {
      ...directRoutingScenario,
      name: 'storm',
      tenant: {
        ...directRoutingScenario.tenant,
        userCount: 100,
        blocking: { blocksPerMonth: 100_000 },
      },
    },
    1,
  );
  const { timeline, identities, rows: factory } = storm.blockIncidents;
  const onTheMinute = Object.assign(Object.create(timeline) as typeof timeline, {
    tickOf: () => 0,
  });
  const rows = blockedUserRows(
    new EventLog(onTheMinute, identities, factory),
    daysWindow(2024, 6, 3, 1),
  );
  const ids = rows.map(
    (row) => rowObject('getPstnBlockedUsersLog', 'beta', row).remediationId as string,
  );
  let ties = 0;
  for (let i = 1; i < rows.length; i++) {
    const order = compareInstants(rows[i - 1]!, rows[i]!);
    if (order > 0) t.fail(`rows ${i - 1} and ${i} out of time order`);
    if (order === 0) {
      ties++;
      if (ids[i - 1]! >= ids[i]!) t.fail(`rows ${i - 1} and ${i} tie and are out of id order`);
    }
  }
  t.ok(ties > 100, `${ties} ties among ${rows.length} rows, each in remediationId order`);
});
