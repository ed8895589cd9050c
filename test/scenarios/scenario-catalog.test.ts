/**
 * What each built-in scenario promises, checked on its universe: how many calls, which kinds,
 * in which currency and countries. The fault-only scenarios serve the default tenant's rows.
 * The HTTP side of the same promises is in test/server/routes/call-records/scenario-switching.
 */
import t from 'tap';
import type { CallRow } from '../../scenarios/call-row.js';
import {
  contactCenterScenario,
  defaultScenario,
  emptyScenario,
  flakyScenario,
  internationalScenario,
  largeScenario,
  SCENARIOS,
  singlePageScenario,
  slowScenario,
  throttledScenario,
} from '../../scenarios/catalog.js';
import { countCalls, pageOf, universeFor } from '../../scenarios/universe.js';
import { daysWindow, firstDifference, minutesWindow, walk } from './fixtures/windows.js';

/** The docs' reference window (docs/scenarios.md): 2024-06-01T00:00Z up to 2024-07-01T00:00Z (30 days). */
const REFERENCE = daysWindow(2024, 6, 1, 30);
const PAGE_SIZE = 1000;

/**
 * Calls in the reference window per scenario, with the scenario's own seed. These are the
 * numbers the docs quote; a change here is a change of every scenario's data.
 */
const REFERENCE_COUNTS: Readonly<Record<string, number>> = {
  default: 2993,
  empty: 0,
  'single-page': 638,
  large: 343_179,
  international: 12_229,
  'contact-center': 41_689,
  'direct-routing': 6820,
  // The Scenarios page's 2,858 with its pinned call at 2024-07-01T00:00:00Z, which this window ends before.
  'edge-cases': 2857,
  throttled: 2993,
  flaky: 2993,
  slow: 2993,
};

const share = (rows: readonly CallRow[], test: (row: CallRow) => boolean): number =>
  rows.length === 0 ? 0 : rows.filter(test).length / rows.length;

const US_TOLL_FREE = /^\+1(800|833|844|855|866|877|888)/;

t.test('calls in the reference window, per scenario', async (t) => {
  t.same(
    Object.keys(REFERENCE_COUNTS),
    SCENARIOS.map((s) => s.name),
    'every scenario is listed',
  );
  const lines: string[] = [];
  for (const scenario of SCENARIOS) {
    const count = countCalls(universeFor(scenario, scenario.seed), REFERENCE);
    lines.push(`${scenario.name.padEnd(15)} seed ${String(scenario.seed).padStart(2)}  ${count}`);
    t.equal(count, REFERENCE_COUNTS[scenario.name], `${scenario.name}: ${count} calls`);
  }
  t.comment(`2024-06-01T00:00Z – 2024-07-01T00:00Z (30 days):\n${lines.join('\n')}`);
});

t.test('empty: no call in any window, and a page with nothing after it', async (t) => {
  const universe = universeFor(emptyScenario, emptyScenario.seed);
  const windows = [
    REFERENCE,
    daysWindow(2024, 1, 1, 90),
    daysWindow(2019, 11, 1, 1),
    minutesWindow(daysWindow(2024, 6, 12, 1).from.minute + 10 * 60, 1),
  ];
  for (const window of windows) {
    t.equal(countCalls(universe, window), 0);
    t.same(pageOf(universe, window, 0, PAGE_SIZE), { rows: [], hasMore: false });
  }
  t.equal(countCalls(universeFor(emptyScenario, 12345), REFERENCE), 0, 'whatever the seed');
});

t.test('single-page: fewer than 1000 calls in every 30-day month, so one page', async (t) => {
  const universe = universeFor(singlePageScenario, singlePageScenario.seed);
  const months: [number, number][] = [
    [2023, 9],
    [2023, 11],
    [2024, 4],
    [2024, 6],
    [2024, 9],
    [2024, 11],
    [2025, 4],
    [2025, 6],
  ];
  for (const [year, month] of months) {
    const window = daysWindow(year, month, 1, 30);
    const count = countCalls(universe, window);
    t.ok(count > 0 && count < PAGE_SIZE, `${year}-${month}: ${count} calls`);
    const page = pageOf(universe, window, 0, PAGE_SIZE);
    t.equal(page.rows.length, count, 'all on the first page');
    t.equal(page.hasMore, false, 'nothing after it');
  }
});

t.test('large: at least a million calls in 90 days', async (t) => {
  const universe = universeFor(largeScenario, largeScenario.seed);
  for (const [year, month, day] of [
    [2024, 1, 1],
    [2024, 4, 1],
    [2024, 10, 1],
  ] as const) {
    const count = countCalls(universe, daysWindow(year, month, day, 90));
    t.ok(count >= 1_000_000, `90 days from ${year}-${month}-${day}: ${count} calls`);
  }
});

t.test('international: GBP, a UK tenant with staff abroad and Operator Connect', async (t) => {
  const rows = walk(universeFor(internationalScenario, internationalScenario.seed), REFERENCE);
  t.ok(rows.length > 0);
  t.ok(
    rows.every((row) => row.currency === 'GBP'),
    'every charge is in GBP',
  );
  t.ok(
    rows.every((row) => row.tenantCountryCode === 'GB'),
    'the tenant is in GB',
  );
  const outbound = rows.filter((row) => row.destinationContext !== null);
  const abroad = share(outbound, (row) => row.destinationContext === 'International');
  t.ok(
    abroad > 0.15 && abroad < 0.35,
    `${(abroad * 100).toFixed(1)} % of outbound calls go abroad`,
  );
  t.ok(
    outbound
      .filter((row) => row.destinationContext === 'International')
      .every((row) => row.otherPartyCountryCode !== row.usageCountryCode),
    'International always means another country than the caller’s',
  );
  const userRows = rows.filter((row) => row.callType.startsWith('user_'));
  for (const country of ['DE', 'FR']) {
    const there = share(userRows, (row) => row.usageCountryCode === country);
    t.ok(there > 0.03, `${(there * 100).toFixed(1)} % of user calls are made from ${country}`);
  }
  const operators = new Set(rows.map((row) => row.operator));
  t.ok(operators.has('BT') && operators.has('Virgin Media O2 Business'), 'both OC operators');
  const connect = rows.filter((row) => row.operator !== 'Microsoft');
  t.ok(connect.length > 0.05 * rows.length, `${connect.length} Operator Connect rows`);
  t.ok(
    connect.every(
      (row) =>
        (row.operator === 'BT' || row.operator === 'Virgin Media O2 Business') &&
        row.callDurationSource === 'operator',
    ),
    'Operator Connect rows name their operator and take its duration',
  );
  t.ok(
    rows
      .filter((row) => row.operator === 'Microsoft')
      .every((row) => row.callDurationSource === 'microsoft'),
    'Microsoft rows take Microsoft’s duration',
  );
});

t.test('contact-center: mostly ucap_* bot calls, many to toll-free numbers', async (t) => {
  const universe = universeFor(contactCenterScenario, contactCenterScenario.seed);
  const rows = walk(universe, daysWindow(2024, 6, 3, 7));
  const bots = share(rows, (row) => row.callType.startsWith('ucap_'));
  t.ok(bots > 0.5, `${(bots * 100).toFixed(1)} % of calls are ucap_*`);
  t.ok(
    rows.filter((row) => row.callType.startsWith('ucap_')).every((row) => row.user === null),
    'bot calls have no user',
  );
  const tollFree = share(rows, (row) => US_TOLL_FREE.test(row.calleeNumber));
  t.ok(tollFree > 0.25, `${(tollFree * 100).toFixed(1)} % of calls reach a toll-free number`);
  const botsIn = rows.filter((row) => row.callType === 'ucap_in');
  const botsInTollFree = share(botsIn, (row) => US_TOLL_FREE.test(row.calleeNumber));
  t.ok(
    botsInTollFree > 0.5 && botsInTollFree < 0.7,
    `${(botsInTollFree * 100).toFixed(1)} % of inbound bot calls are toll-free (60 % asked)`,
  );
  const defaultRows = walk(universeFor(defaultScenario, defaultScenario.seed), REFERENCE);
  t.ok(
    share(defaultRows, (row) => US_TOLL_FREE.test(row.calleeNumber)) < tollFree / 3,
    'far more than an office tenant',
  );
});

t.test('the fault scenarios carry the default tenant’s data', async (t) => {
  for (const scenario of [throttledScenario, flakyScenario, slowScenario]) {
    t.same(
      { ...scenario, name: '', description: '', faults: [], dataset: undefined },
      { ...defaultScenario, name: '', description: '', dataset: undefined },
      `${scenario.name} differs from default only in name, description and faults`,
    );
    t.equal(scenario.dataset, defaultScenario.name, `${scenario.name} uses default's dataset`);
    t.ok(scenario.faults.length > 0, `${scenario.name} has faults`);
  }
  t.same(defaultScenario.faults, [], 'the default tenant has none');
});

t.test('throttled, flaky and slow serve the default tenant’s rows', async (t) => {
  for (const seed of [defaultScenario.seed, 99]) {
    const expected = walk(universeFor(defaultScenario, seed), daysWindow(2024, 6, 10, 3));
    t.ok(expected.length > 100);
    for (const scenario of [throttledScenario, flakyScenario, slowScenario]) {
      const rows = walk(universeFor(scenario, seed), daysWindow(2024, 6, 10, 3));
      t.equal(rows.length, expected.length, `${scenario.name}, seed ${seed}: as many rows`);
      t.equal(firstDifference(rows, expected), -1, `${scenario.name}, seed ${seed}: same rows`);
    }
  }
});
