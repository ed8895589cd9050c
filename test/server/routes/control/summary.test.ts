/**
 * GET /_mock/summary: the ground truth of a window over HTTP. It must equal what a client
 * adds up walking getPstnCalls by its nextLinks, choose the tenant as the API does, take the
 * API's date literals and refuse what the API refuses, in Graph's error envelope.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { internationalScenario } from '../../../../scenarios/catalog.js';
import { CALL_TYPES } from '../../../../scenarios/scenario.js';
import { buildControlTestApp } from '../../../support/control-app.js';
import { expectGraphError, get, pstnCallsPath, type Row, walk } from '../../../support/graph.js';

interface Money {
  cents: number;
  amount: number;
}

interface UserTotals {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  calls: number;
  charge: Record<string, Money>;
}

interface SummaryBody {
  function: string;
  scenario: string;
  seed: number;
  fromDateTime: string;
  toDateTime: string;
  rows: number;
  pages: number;
  charge: Record<string, Money>;
  connectionCharge: Record<string, Money>;
  callTypes: Record<string, number>;
  callsWithoutUser: number;
  users: UserTotals[];
  days: DayTotals[];
}

interface DayTotals {
  date: string;
  rows: number;
  counts: Record<string, number>;
  charge: Record<string, Money>;
}

const FROM = '2024-06-01';
const TO = '2024-07-01';

const cents = (amount: unknown) => Math.round(Number(amount) * 100);
const add = (totals: Record<string, Money>, currency: string, value: number) => {
  const sum = (totals[currency]?.cents ?? 0) + value;
  totals[currency] = { cents: sum, amount: sum / 100 };
};

/** Every UTC date from `from`'s to `to`'s (both Z literals), as the summary lists its days: empty ones too. */
function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  const last = to.slice(0, 10);
  for (let day = Date.parse(from.slice(0, 10)); ; day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    dates.push(date);
    if (date === last) return dates;
  }
}

/** What a client adds up day by day (by startDateTime's UTC date) from the rows it walked. */
function clientDays(rows: readonly Row[], dates: readonly string[]): DayTotals[] {
  const days = new Map(
    dates.map((date) => [
      date,
      {
        date,
        rows: 0,
        counts: Object.fromEntries(CALL_TYPES.map((type) => [type, 0])),
        charge: {} as Record<string, Money>,
      },
    ]),
  );
  for (const row of rows) {
    const day = days.get(row.startDateTime.slice(0, 10))!;
    day.rows++;
    day.counts[String(row.callType)]! += 1;
    add(day.charge, String(row.currency), cents(row.charge));
  }
  return [...days.values()];
}

/** What a client adds up from the rows it walked over the window from `from` to `to`. */
function clientTotals(rows: readonly Row[], pages: number, from: string, to: string) {
  const charge: Record<string, Money> = {};
  const connectionCharge: Record<string, Money> = {};
  const callTypes = Object.fromEntries(CALL_TYPES.map((type) => [type, 0]));
  const users = new Map<string, UserTotals>();
  let callsWithoutUser = 0;
  for (const row of rows) {
    const currency = String(row.currency);
    add(charge, currency, cents(row.charge));
    add(connectionCharge, currency, cents(row.connectionCharge));
    callTypes[String(row.callType)]! += 1;
    if (row.userId === null) {
      callsWithoutUser++;
      continue;
    }
    const id = String(row.userId);
    const user = users.get(id) ?? {
      userId: id,
      userPrincipalName: String(row.userPrincipalName),
      displayName: String(row.userDisplayName),
      calls: 0,
      charge: {},
    };
    user.calls++;
    add(user.charge, currency, cents(row.charge));
    users.set(id, user);
  }
  return {
    rows: rows.length,
    pages,
    charge,
    connectionCharge,
    callTypes,
    callsWithoutUser,
    users: [...users.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    days: clientDays(rows, datesBetween(from, to)),
  };
}

async function summary(app: FastifyInstance, query: string): Promise<SummaryBody> {
  const res = await get(app, `/_mock/summary?${query}`, { authorization: null });
  if (res.statusCode !== 200) throw new Error(`summary answered ${res.statusCode}: ${res.body}`);
  return res.json() as SummaryBody;
}

function totalsOf(body: SummaryBody) {
  const {
    function: _fn,
    scenario: _s,
    seed: _seed,
    fromDateTime: _f,
    toDateTime: _t,
    ...totals
  } = body;
  return totals;
}

t.test('a month’s summary equals a walk of its pages by nextLink', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const walked = await walk(t, app, 'beta', pstnCallsPath('beta', FROM, TO));
  const body = await summary(app, `fromDateTime=${FROM}&toDateTime=${TO}`);
  t.match(body, {
    function: 'getPstnCalls',
    scenario: 'default',
    seed: 1,
    fromDateTime: FROM,
    toDateTime: TO,
  });
  t.ok(body.pages > 1, 'several pages');
  t.same(totalsOf(body), clientTotals(walked.rows, walked.pages.length, FROM, TO));
});

t.test('the international tenant’s GBP month equals its walk', async (t) => {
  const { app } = buildControlTestApp({ scenario: internationalScenario });
  t.teardown(() => app.close());
  const walked = await walk(t, app, 'v1.0', pstnCallsPath('v1.0', FROM, TO));
  const body = await summary(app, `fromDateTime=${FROM}&toDateTime=${TO}`);
  t.same(Object.keys(body.charge), ['GBP']);
  t.ok(body.charge.GBP!.cents > 0);
  t.same(totalsOf(body), clientTotals(walked.rows, walked.pages.length, FROM, TO));
});

t.test('odd instants: the same rows as the API’s window, to the tick', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const from = '2024-06-03T13:47:12.3456789Z';
  const to = '2024-06-12T02:03:04.0000001Z';
  const walked = await walk(t, app, 'beta', pstnCallsPath('beta', from, to));
  const body = await summary(app, `fromDateTime=${from}&toDateTime=${to}`);
  t.equal(body.fromDateTime, from);
  t.same(totalsOf(body), clientTotals(walked.rows, walked.pages.length, from, to));
});

t.test('the tenant: asked for, else the server’s override, else the scenario’s seed', async (t) => {
  const plain = buildControlTestApp();
  const overridden = buildControlTestApp({ seed: 42 });
  t.teardown(() => plain.app.close());
  t.teardown(() => overridden.app.close());
  const window = `fromDateTime=${FROM}&toDateTime=2024-06-02`;
  t.match(await summary(plain.app, window), { scenario: 'default', seed: 1 });
  t.match(await summary(overridden.app, window), { scenario: 'default', seed: 42 });
  t.match(await summary(overridden.app, `${window}&seed=9`), { seed: 9 });
  t.match(await summary(overridden.app, `${window}&scenario=international`), {
    scenario: 'international',
    seed: 42,
  });
  t.match(await summary(plain.app, `${window}&scenario=international`), {
    scenario: 'international',
    seed: internationalScenario.seed,
  });
  const seeded = await summary(plain.app, `${window}&seed=42`);
  t.same(
    totalsOf(seeded),
    totalsOf(await summary(overridden.app, window)),
    'one tenant, one truth',
  );
});

t.test('dates take the API’s literal forms', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const midnight = await summary(app, 'fromDateTime=2024-06-01&toDateTime=2024-06-02');
  for (const [from, to] of [
    ['2024-06-01T00:00:00Z', '2024-06-02T00:00:00.0000000Z'],
    ['2024-06-01T00%3A00%3A00.000Z', '2024-06-02t00:00:00z'],
    ['2024-06-01T02:00:00%2B02:00', '2024-06-01T19:00:00-05:00'],
    ['2024-06-01%2000:00:00', '2024-06-02T00:00'],
  ]) {
    const body = await summary(app, `fromDateTime=${from}&toDateTime=${to}`);
    t.same(body, midnight, `${from} … ${to}`);
  }
});

t.test('no token is needed, and HEAD answers too', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const res = await get(
    app,
    '/_mock/summary?fromDateTime=2024-06-01&toDateTime=2024-06-02',
    { authorization: null },
    'HEAD',
  );
  t.equal(res.statusCode, 200);
});

t.test('bad input answers Graph’s error envelope', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const window = 'fromDateTime=2024-06-01&toDateTime=2024-06-02';
  const cases: [string, number, string, RegExp][] = [
    [
      `${window}&scenario=nope`,
      400,
      'BadRequest',
      /^There is no scenario 'nope'\. Use one of: default, /,
    ],
    [
      `${window}&function=getCalls`,
      400,
      'BadRequest',
      /^There is no log function 'getCalls'\. Use one of: getPstnCalls/,
    ],
    [`${window}&seed=abc`, 400, 'BadRequest', /^The seed 'abc' is not a seed; .* 0 to 4294967295/],
    [`${window}&seed=-1`, 400, 'BadRequest', /The seed '-1'/],
    [`${window}&seed=4294967296`, 400, 'BadRequest', /The seed '4294967296'/],
    ['toDateTime=2024-06-02', 400, 'BadRequest', /^The query parameter 'fromDateTime' is missing/],
    ['fromDateTime=2024-06-01', 400, 'BadRequest', /^The query parameter 'toDateTime' is missing/],
    [
      'fromDateTime=2024-02-30&toDateTime=2024-06-02',
      400,
      'BadRequest',
      /^The value '2024-02-30' of 'fromDateTime' is not a valid DateTimeOffset/,
    ],
    ['fromDateTime=&toDateTime=2024-06-02', 400, 'BadRequest', /The value '' of 'fromDateTime'/],
    [
      'fromDateTime=2024-06-01T00:00:00+02:00&toDateTime=2024-06-02',
      400,
      'BadRequest',
      /write '\+' as %2B/,
    ],
    ['fromDateTime=2024-03-01&toDateTime=2024-05-31', 406, 'NotAcceptable', /at most 90 days/],
    ['fromDateTime=2024-06-02&toDateTime=2024-06-01', 400, 'BadRequest', /is after toDateTime/],
    [`${window}&from=2024-06-01`, 400, 'BadRequest', /^The query parameter 'from' is not known/],
    [`${window}&seed=1&seed=2`, 400, 'BadRequest', /'seed' is given more than once/],
  ];
  for (const [query, status, code, message] of cases) {
    await t.test(query, async (t) => {
      const res = await get(app, `/_mock/summary?${query}`, { authorization: null });
      expectGraphError(t, res, status, code, message);
    });
  }
});

t.test('a window of exactly 90 days is accepted, as by the API', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const body = await summary(app, 'fromDateTime=2024-03-01&toDateTime=2024-05-30');
  t.ok(body.rows > 10_000);
});
