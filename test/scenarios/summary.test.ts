/**
 * The summary is the ground truth of a window: it must equal what a full walk of the window's
 * pages adds up to — rows, pages, money by currency, calls by type and by user — for every
 * kind of tenant and window, whether its days come from the cache or are walked.
 */
import t from 'tap';
import { CallRecord } from '../../scenarios/call-row.js';
import {
  contactCenterScenario,
  defaultScenario,
  emptyScenario,
  internationalScenario,
  singlePageScenario,
} from '../../scenarios/catalog.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { CALL_TYPES, type Scenario } from '../../scenarios/scenario.js';
import {
  type CallSummary,
  CallTally,
  DayTallyCache,
  summarize,
  summaryOf,
} from '../../scenarios/summary.js';
import { buildUniverse, planPage, type Universe, universeFor } from '../../scenarios/universe.js';
import { PSTN_ROW_FIELDS as ROW_FIELDS } from '../../server/rendering/pstn-row-fields.js';
import type { Assertions } from '../support/graph.js';
import { daysWindow, minuteOf, sameJson } from './fixtures/windows.js';

const PAGE_SIZE = 1000;
const CACHE_BYTES = 32 * 1024 * 1024;

interface WalkedUser {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  calls: number;
  cents: Map<string, number>;
}

const add = (map: Map<string, number>, key: string, amount: number) =>
  map.set(key, (map.get(key) ?? 0) + amount);

const asMoney = (cents: Map<string, number>) =>
  Object.fromEntries(
    [...cents.keys()].sort().map((currency) => {
      const value = cents.get(currency)!;
      return [currency, { cents: value, amount: value / 100 }];
    }),
  );

/** The oracle: every row of the window, page by page, added up the plain way. */
function walkedSummary(universe: Universe, window: CallWindow): CallSummary {
  const charge = new Map<string, number>();
  const connectionCharge = new Map<string, number>();
  const callTypes = new Map<string, number>(CALL_TYPES.map((type) => [type, 0]));
  const users = new Map<string, WalkedUser>();
  let rows = 0;
  let pages = 0;
  let callsWithoutUser = 0;
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = planPage(universe, window, skip, PAGE_SIZE);
    pages++;
    page.forEachRow((row) => {
      rows++;
      add(charge, row.currency, row.chargeCents);
      const rendered = Number(ROW_FIELDS.connectionCharge!.value(row));
      add(connectionCharge, row.currency, Math.round(rendered * 100));
      add(callTypes, row.callType, 1);
      if (row.user === null) {
        callsWithoutUser++;
        return;
      }
      const user = users.get(row.user.id) ?? {
        userId: row.user.id,
        userPrincipalName: row.user.userPrincipalName,
        displayName: row.user.displayName,
        calls: 0,
        cents: new Map<string, number>(),
      };
      user.calls++;
      add(user.cents, row.currency, row.chargeCents);
      users.set(user.userId, user);
    });
    if (!page.hasMore) break;
  }
  return {
    rows,
    pages,
    charge: asMoney(charge),
    connectionCharge: asMoney(connectionCharge),
    callTypes: Object.fromEntries(callTypes) as CallSummary['callTypes'],
    callsWithoutUser,
    users: [...users.values()]
      .sort((a, b) => (a.userId < b.userId ? -1 : 1))
      .map(({ cents, ...user }) => ({ ...user, charge: asMoney(cents) })),
  };
}

/** Compared as JSON: t.same over thousands of users is slow and its diff unreadable. */
function expectWalked(t: Assertions, universe: Universe, window: CallWindow, what: string): void {
  const expected = walkedSummary(universe, window);
  const summary = summarize(universe, window, new DayTallyCache(CACHE_BYTES));
  t.ok(sameJson(summary, expected), `${what}: the summary equals the walk`);
  if (!sameJson(summary, expected)) {
    t.same(
      { ...summary, users: summary.users.length },
      { ...expected, users: expected.users.length },
    );
  }
}

const JUNE = daysWindow(2024, 6, 1, 30);
/** 2024-03-01 to 2024-05-30 00:00: exactly the API's 90-day limit, both ends inclusive. */
const NINETY_DAYS: CallWindow = {
  from: { minute: minuteOf(2024, 3, 1), tick: 0 },
  to: { minute: minuteOf(2024, 5, 30), tick: 0 },
};
/** Odd instants inside the first and last day, to the 100-ns tick. */
const PARTIAL_DAYS: CallWindow = {
  from: { minute: minuteOf(2024, 6, 3, 13, 47), tick: 123_456_789 },
  to: { minute: minuteOf(2024, 6, 12, 2, 3), tick: 40_000_001 },
};
const WITHIN_ONE_DAY: CallWindow = {
  from: { minute: minuteOf(2024, 6, 11, 9, 15), tick: 300_000_000 },
  to: { minute: minuteOf(2024, 6, 11, 16, 40), tick: 7 },
};

const SCENARIOS: readonly Scenario[] = [
  defaultScenario,
  internationalScenario,
  contactCenterScenario,
  singlePageScenario,
  emptyScenario,
];

for (const scenario of SCENARIOS) {
  t.test(`${scenario.name}: the summary equals a full walk`, async (t) => {
    const universe = universeFor(scenario, scenario.seed);
    expectWalked(t, universe, JUNE, 'June 2024');
    expectWalked(t, universe, PARTIAL_DAYS, 'partial first and last days');
    expectWalked(t, universe, WITHIN_ONE_DAY, 'a window inside one day');
  });
}

t.test('a 90-day window of the default tenant equals a full walk', async (t) => {
  expectWalked(t, universeFor(defaultScenario, defaultScenario.seed), NINETY_DAYS, '90 days');
});

t.test('the international tenant bills in GBP only, its foreign users included', async (t) => {
  const universe = universeFor(internationalScenario, internationalScenario.seed);
  const summary = summarize(universe, JUNE);
  t.same(Object.keys(summary.charge), ['GBP'], 'one currency');
  t.ok(summary.charge.GBP!.cents > 0, 'international calls cost money');
  const countries = new Map(universe.tenant.users.map((user) => [user.id, user.usageCountry]));
  const abroad = summary.users.filter((user) => countries.get(user.userId) !== 'GB');
  t.ok(abroad.length > 0, 'users outside the UK made calls');
  t.ok(
    summary.users.every((user) => sameJson(Object.keys(user.charge), ['GBP'])),
    'every user is billed in GBP',
  );
});

t.test('money is exact: integer cents, and amounts are the cents over 100', async (t) => {
  const summary = summarize(universeFor(internationalScenario, internationalScenario.seed), JUNE);
  const all = [summary.charge, summary.connectionCharge, ...summary.users.map((u) => u.charge)];
  const amounts = all.flatMap((byCurrency) => Object.values(byCurrency));
  t.ok(amounts.length > summary.users.length, 'the total and every user’s charge');
  t.ok(
    amounts.every((money) => Number.isInteger(money.cents)),
    'cents are whole',
  );
  t.ok(
    amounts.every((money) => money.amount === money.cents / 100),
    'amounts are the cents over 100',
  );
  const userCents = summary.users.reduce((sum, user) => sum + user.charge.GBP!.cents, 0);
  t.ok(userCents <= summary.charge.GBP!.cents, 'users account for no more than the total');
});

t.test('connectionCharge is present per currency, and 0 as the renderer writes it', async (t) => {
  const summary = summarize(universeFor(defaultScenario, defaultScenario.seed), JUNE);
  t.same(summary.connectionCharge, { USD: { cents: 0, amount: 0 } });
});

t.test('every call type is listed, in the documented order, zeros included', async (t) => {
  const summary = summarize(universeFor(singlePageScenario, singlePageScenario.seed), JUNE);
  t.same(Object.keys(summary.callTypes), CALL_TYPES);
  const empty = summarize(universeFor(emptyScenario, emptyScenario.seed), JUNE);
  t.same(
    Object.values(empty.callTypes),
    CALL_TYPES.map(() => 0),
  );
});

t.test('pages are what a walk fetches: full pages and the rest, one even when empty', async (t) => {
  const june = summarize(universeFor(defaultScenario, defaultScenario.seed), JUNE);
  t.equal(june.pages, Math.ceil(june.rows / PAGE_SIZE));
  t.ok(june.pages > 1, 'June of the default tenant spans pages');
  const small = summarize(universeFor(singlePageScenario, singlePageScenario.seed), JUNE);
  t.equal(small.pages, 1, 'the single-page tenant fits a month in one page');
  t.ok(small.rows > 0 && small.rows <= PAGE_SIZE);
  const empty = summarize(universeFor(emptyScenario, emptyScenario.seed), JUNE);
  t.match(empty, { rows: 0, pages: 1, charge: {}, users: [], callsWithoutUser: 0 });
});

t.test('users are sorted by userId and bot calls are counted apart', async (t) => {
  const summary = summarize(universeFor(contactCenterScenario, contactCenterScenario.seed), JUNE);
  const ids = summary.users.map((user) => user.userId);
  t.same(ids, [...ids].sort(), 'sorted by userId');
  const byUsers = summary.users.reduce((sum, user) => sum + user.calls, 0);
  t.equal(byUsers + summary.callsWithoutUser, summary.rows, 'every row is a user’s or a bot’s');
  t.equal(
    summary.callsWithoutUser,
    summary.callTypes.ucap_in + summary.callTypes.ucap_out,
    'the calls without a user are the ucap_* calls',
  );
});

t.test('a reversed window holds no calls', async (t) => {
  const summary = summarize(universeFor(defaultScenario, defaultScenario.seed), {
    from: JUNE.to,
    to: JUNE.from,
  });
  t.match(summary, { rows: 0, pages: 1, users: [] });
});

t.test('cached days give the same answer, for the same and overlapping windows', async (t) => {
  const universe = universeFor(defaultScenario, defaultScenario.seed);
  const cache = new DayTallyCache(CACHE_BYTES);
  const first = summarize(universe, JUNE, cache);
  t.ok(cache.bytes > 0, 'whole days were kept');
  t.ok(sameJson(summarize(universe, JUNE, cache), first), 'asked again, the same summary');
  const overlapping = daysWindow(2024, 6, 15, 30);
  t.ok(
    sameJson(summarize(universe, overlapping, cache), walkedSummary(universe, overlapping)),
    'an overlapping window from partly cached days equals its walk',
  );
});

t.test('a budget below one day keeps no day, and answers right', async (t) => {
  const universe = universeFor(defaultScenario, defaultScenario.seed);
  const tiny = new DayTallyCache(1);
  t.ok(sameJson(summarize(universe, JUNE, tiny), walkedSummary(universe, JUNE)));
  t.equal(tiny.bytes, 0, 'no day fits, so none is kept');
});

t.test('past the budget, the least recently used day goes first', async (t) => {
  const universe = universeFor(defaultScenario, defaultScenario.seed);
  const probe = new DayTallyCache(CACHE_BYTES);
  summarize(universe, daysWindow(2024, 6, 11, 1), probe);
  const dayBytes = probe.bytes;
  // Room for two days of this tenant (its days weigh the same: one currency, the same users).
  const twoDays = new DayTallyCache(2 * dayBytes);
  summarize(universe, daysWindow(2024, 6, 11, 3), twoDays);
  t.equal(twoDays.bytes, 2 * dayBytes, 'three days asked for, two kept');
  t.ok(
    sameJson(summarize(universe, JUNE, twoDays), walkedSummary(universe, JUNE)),
    'and every answer is still right',
  );
});

t.test('universes are kept apart, even with the same scenario name', async (t) => {
  const cache = new DayTallyCache(CACHE_BYTES);
  const one = buildUniverse(defaultScenario, 1);
  const other = buildUniverse(defaultScenario, 2);
  const first = summarize(one, JUNE, cache);
  const second = summarize(other, JUNE, cache);
  t.not(first.rows, second.rows, 'another seed is another history');
  t.ok(sameJson(second, walkedSummary(other, JUNE)), 'the second universe’s own totals');
});

t.test('rows in several currencies are totalled apart, and per user too', async (t) => {
  const universe = universeFor(defaultScenario, defaultScenario.seed);
  const [alice, bob] = [...universe.tenant.users].sort((a, b) => (a.id < b.id ? -1 : 1));
  const tally = new CallTally(universe.tenant.users.length);
  const row = new CallRecord();
  const rows = [
    { user: alice!, currency: 'USD', chargeCents: 100 },
    { user: alice!, currency: 'EUR', chargeCents: 250 },
    { user: bob!, currency: 'USD', chargeCents: 5 },
    { user: null, currency: 'EUR', chargeCents: 7 },
  ];
  for (const facts of rows) tally.add(Object.assign(row, facts));
  const summary = summaryOf(tally, universe.tenant);
  t.same(summary.charge, {
    EUR: { cents: 257, amount: 2.57 },
    USD: { cents: 105, amount: 1.05 },
  });
  t.same(
    summary.users.map((user) => user.charge),
    [
      { EUR: { cents: 250, amount: 2.5 }, USD: { cents: 100, amount: 1 } },
      { USD: { cents: 5, amount: 0.05 } },
    ],
    'a user lists only the currencies of their own rows',
  );
  t.equal(summary.callsWithoutUser, 1);
});
