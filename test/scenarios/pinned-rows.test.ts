/**
 * Pinned rows in the logs: merged among the generated rows in (time, id) order, paged exactly at
 * every boundary, in every window that covers them under each function's rule, served as stated
 * and valid in every version, totalled by the summaries — and the generated rows untouched.
 */
import t, { type Test } from 'tap';
import { functionVersions } from '../../openapi/contract.js';
import type { BlockedUserRow } from '../../scenarios/blocked-users-log.js';
import type { IdWords } from '../../scenarios/call-identity.js';
import type { CallRow } from '../../scenarios/call-row.js';
import { defaultScenario } from '../../scenarios/catalog.js';
import { DR_CALL_TYPES } from '../../scenarios/direct-routing-facts.js';
import type { DirectRoutingRow } from '../../scenarios/direct-routing-row.js';
import type { DirectRoutingSummary } from '../../scenarios/direct-routing-summary.js';
import { compareInstants, type Instant, MINUTES_PER_DAY } from '../../scenarios/instant.js';
import { LOG_FUNCTION_TABLE, type LogFunction } from '../../scenarios/log-functions.js';
import type {
  BlockedUsersSummary,
  DialoutSummary,
  SmsSummary,
} from '../../scenarios/log-summaries.js';
import { type CallWindow, dayWindow, inclusiveWindow } from '../../scenarios/log-window.js';
import {
  PINNABLE_FUNCTIONS,
  PINNED_LOGS,
  type PinnableFunction,
  parsePinnedTime,
} from '../../scenarios/pinned-rows.js';
import type { Scenario } from '../../scenarios/scenario.js';
import type { SmsRow } from '../../scenarios/sms-row.js';
import type { CallSummary } from '../../scenarios/summary.js';
import { buildUniverse, type Universe, universeFor } from '../../scenarios/universe.js';
import { formatDateTime, formatRowId } from '../../server/rendering/row-field.js';
import { contract } from '../support/graph.js';
import { loadScenario, readmePinnedExample } from '../support/pinned-scenario.js';
import { renderedPage } from '../support/rendered-page.js';

const EXAMPLE = readmePinnedExample();
const PINNED = loadScenario(EXAMPLE);
const { pinned: _pinned, ...WITHOUT_PINS } = EXAMPLE;
/** The same tenant and ids without the pins: its dataset is the pinned scenario's. */
const UNPINNED = loadScenario({ ...WITHOUT_PINS, name: 'acme-unpinned', dataset: EXAMPLE.name });

const JUNE_12 = Math.floor(Date.UTC(2024, 5, 12) / 60_000 / MINUTES_PER_DAY);
/** 12 and 13 June, both whole: every pinned row of the example is in it. */
const TWO_DAYS: CallWindow = { from: dayWindow(JUNE_12).from, to: dayWindow(JUNE_12 + 1).to };
const JUNE: CallWindow = {
  from: dayWindow(JUNE_12 - 11).from,
  to: dayWindow(JUNE_12 + 18).to,
};
const ALL = Number.MAX_SAFE_INTEGER;

const entry = (fn: PinnableFunction): LogFunction =>
  LOG_FUNCTION_TABLE.find((candidate) => candidate.name === fn)!;

type AnyRow = (CallRow | DirectRoutingRow | SmsRow | BlockedUserRow) & Instant;
const idWordsOf = (fn: PinnableFunction, row: AnyRow): IdWords =>
  fn === 'getPstnBlockedUsersLog' ? (row as BlockedUserRow).remediation : (row as CallRow);
const idOf = (fn: PinnableFunction, row: AnyRow): string => formatRowId(idWordsOf(fn, row));

/** Ids and starts of rows skip … skip+top−1 of a window. */
function rowsOf(
  universe: Universe,
  fn: PinnableFunction,
  window: CallWindow,
  skip = 0,
  top = ALL,
): { id: string; at: Instant; words: IdWords }[] {
  const rows: { id: string; at: Instant; words: IdWords }[] = [];
  entry(fn)
    .plan(universe, window, skip, top)
    .forEachRow((row) => {
      const r = row as AnyRow;
      rows.push({
        id: idOf(fn, r),
        at: { minute: r.minute, tick: r.tick },
        words: { ...idWordsOf(fn, r) },
      });
    });
  return rows;
}

/** The ids of a universe's pinned rows of `fn`. */
function pinnedIdsOf(universe: Universe, fn: PinnableFunction): string[] {
  switch (fn) {
    case 'getPstnCalls':
      return universe.pstn.pinned.map((event) => formatRowId(event.id));
    case 'getDirectRoutingCalls':
      return universe.directRouting.pinned.map((event) => formatRowId(event.id));
    case 'getSmsLog':
      return universe.sms.pinned.map((event) => formatRowId(event.id));
    case 'getPstnBlockedUsersLog':
      return universe.pinnedBlocks.map((row) => formatRowId(row.remediation));
  }
}

/** Every page boundary: each page size's pages add up to the whole; each skip's row is the whole's. */
function checkPaging(
  t: Test,
  pinned: Scenario,
  unpinned: Scenario,
  fn: PinnableFunction,
  window: CallWindow,
): void {
  const universe = universeFor(pinned, pinned.seed);
  const whole = rowsOf(universe, fn, window);
  const plan = entry(fn).plan(universe, window, 0, ALL);
  t.equal(plan.count, whole.length, `${fn}: the count is the rows a walk reads`);
  const ids = whole.map((row) => row.id);
  const pins = pinnedIdsOf(universe, fn);
  t.equal(new Set(ids).size, ids.length, `${fn}: each row once`);
  for (const pin of pins) t.ok(ids.includes(pin), `${fn}: pinned ${pin} is served`);
  const generated = rowsOf(universeFor(unpinned, unpinned.seed), fn, window).map((row) => row.id);
  t.same(
    ids.filter((id) => !pins.includes(id)),
    generated,
    `${fn}: the generated rows, their ids and order, are those without pins`,
  );
  const ordered = whole.every((row, i) => {
    if (i === 0) return true;
    const before = whole[i - 1]!;
    const byTime = compareInstants(before.at, row.at);
    return byTime < 0 || (byTime === 0 && compareWords(before.words, row.words) < 0);
  });
  t.ok(ordered, `${fn}: in (time, id) order`);
  for (const top of [1, 2, 3, 7, 50, 1000]) {
    const paged: string[] = [];
    for (let skip = 0; skip <= whole.length; skip += top) {
      const page = entry(fn).plan(universe, window, skip, top);
      const rows = rowsOf(universe, fn, window, skip, top).map((row) => row.id);
      if (page.count !== rows.length || page.hasMore !== skip + rows.length < whole.length) {
        t.fail(`${fn}: page at ${skip} of ${top} says ${page.count} rows, hasMore ${page.hasMore}`);
      }
      paged.push(...rows);
    }
    t.same(paged, ids, `${fn}: pages of ${top} add up to the whole`);
  }
  const wrong = whole.filter(
    (row, skip) => rowsOf(universe, fn, window, skip, 1)[0]?.id !== row.id,
  );
  t.same(wrong, [], `${fn}: every $skip finds its row`);
}

function compareWords(a: IdWords, b: IdWords): number {
  return a.id0 - b.id0 || a.id1 - b.id1 || a.id2 - b.id2 || a.id3 - b.id3;
}

t.test(
  'pinned rows page exactly at every boundary, and leave the generated rows as they were',
  async (t) => {
    for (const fn of PINNABLE_FUNCTIONS) {
      t.equal(
        pinnedIdsOf(universeFor(PINNED, PINNED.seed), fn).length,
        EXAMPLE.pinned[fn]!.length,
        `${fn}: every pinned row is built`,
      );
      checkPaging(t, PINNED, UNPINNED, fn, TWO_DAYS);
    }
  },
);

t.test('a pinned row at the very start of a generated one sorts by id around it', async (t) => {
  const universe = universeFor(UNPINNED, UNPINNED.seed);
  // Ids are unique across a scenario's pinned rows: each log gets its own lowest and highest.
  const LOW = {
    getPstnCalls: '00000000-0000-4000-8000-000000000000',
    getSmsLog: '00000000-0000-4000-8000-000000000001',
  };
  const HIGH = {
    getPstnCalls: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
    getSmsLog: 'ffffffff-ffff-4fff-bfff-fffffffffffe',
  };
  const pinned: Record<string, Record<string, unknown>[]> = {};
  const targets: Record<string, string> = {};
  for (const [fn, time] of [
    ['getPstnCalls', 'startDateTime'],
    ['getSmsLog', 'sentDateTime'],
  ] as const) {
    const [, target] = rowsOf(universe, fn, TWO_DAYS, 40, 2);
    const at = formatDateTime(target!.at.minute, target!.at.tick);
    targets[fn] = target!.id;
    pinned[fn] = [
      { [time]: at, id: HIGH[fn] },
      { [time]: at, id: LOW[fn] },
    ];
  }
  const tied = loadScenario({ ...WITHOUT_PINS, name: 'acme-tied', dataset: EXAMPLE.name, pinned });
  for (const fn of ['getPstnCalls', 'getSmsLog'] as const) {
    const ids = rowsOf(universeFor(tied, tied.seed), fn, TWO_DAYS).map((row) => row.id);
    const at = ids.indexOf(targets[fn]!);
    t.same(
      ids.slice(at - 1, at + 2),
      [LOW[fn], targets[fn], HIGH[fn]],
      `${fn}: low id before, high after`,
    );
    checkPaging(t, tied, UNPINNED, fn, TWO_DAYS);
  }
});

t.test(
  'a pinned row on a bound of the range obeys its function’s rule for that bound',
  async (t) => {
    const universe = universeFor(PINNED, PINNED.seed);
    const HOUR = 60;
    for (const fn of PINNABLE_FUNCTIONS) {
      const { window: rule } = entry(fn);
      const { time } = PINNED_LOGS[fn];
      for (const [i, row] of EXAMPLE.pinned[fn]!.entries()) {
        const at = parsePinnedTime(String(row[time]))!.at;
        const id = pinnedIdsOf(universe, fn).find((pin) =>
          rowsOf(universe, fn, { from: at, to: at }).some((served) => served.id === pin),
        )!;
        const served = (range: CallWindow) =>
          rowsOf(universe, fn, inclusiveWindow(rule, range)).some((r) => r.id === id);
        const later = { minute: at.minute + HOUR, tick: at.tick };
        const earlier = { minute: at.minute - HOUR, tick: at.tick };
        t.equal(
          served({ from: at, to: later }),
          rule.fromInclusive,
          `${fn} row ${i} at fromDateTime`,
        );
        t.equal(
          served({ from: earlier, to: at }),
          rule.toInclusive,
          `${fn} row ${i} at toDateTime`,
        );
      }
    }
  },
);

/** The pinned rows of `fn` as a page of `version` renders them, by id. */
function renderedPins(universe: Universe, fn: PinnableFunction, version: 'beta' | 'v1.0') {
  const page = renderedPage(fn, version, entry(fn).plan(universe, TWO_DAYS, 0, ALL));
  const idProperty = fn === 'getPstnBlockedUsersLog' ? 'remediationId' : 'id';
  const byId = new Map(page.value.map((row) => [String(row[idProperty]), row]));
  return { page, pins: pinnedIdsOf(universe, fn).map((id) => byId.get(id)!) };
}

/** A stated value as the row must serve it: times as instants (the log writes its own digits). */
const servedAs = (property: string, value: unknown): unknown =>
  property.endsWith('DateTime') ? parsePinnedTime(String(value))!.at : value;

t.test(
  'pinned rows serve what they state, valid in every version that serves the function',
  async (t) => {
    const universe = universeFor(PINNED, PINNED.seed);
    for (const fn of PINNABLE_FUNCTIONS) {
      for (const version of functionVersions(fn)) {
        const { page, pins } = renderedPins(universe, fn, version);
        const invalid = page.value.flatMap((row) => contract.validateRow(fn, version, row));
        t.same(invalid, [], `${fn} ${version}: every row, pinned ones too, is the contract's`);
        // Pinned rows are held in (time, id) order; the example lists them in time order.
        const stated = [...EXAMPLE.pinned[fn]!].sort((a, b) =>
          compareInstants(
            parsePinnedTime(String(a[PINNED_LOGS[fn].time]))!.at,
            parsePinnedTime(String(b[PINNED_LOGS[fn].time]))!.at,
          ),
        );
        stated.forEach((row, i) => {
          const served = pins[i]!;
          for (const [property, value] of Object.entries(row)) {
            t.same(
              servedAs(property, served[property]),
              servedAs(property, value),
              `${fn} ${version} row ${i}: ${property}`,
            );
          }
        });
      }
    }
  },
);

t.test('what a pinned row leaves out follows from what it states', async (t) => {
  const universe = universeFor(PINNED, PINNED.seed);
  const [germany, meeting] = renderedPins(universe, 'getPstnCalls', 'beta').pins;
  t.match(germany, {
    endDateTime: '2024-06-12T10:30:00.0000000Z',
    otherPartyCountryCode: 'DE',
    destinationName: 'Germany',
    destinationContext: 'International',
    callerNumber: /^\+1/,
    userPrincipalName: 'ada@contoso.com',
    userDisplayName: 'Ada Lovelace',
    usageCountryCode: 'US',
    inventoryType: 'Subscriber',
  });
  t.match(meeting, {
    duration: 2700,
    userId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    inventoryType: 'Service',
    licenseCapability: 'MCOMEETADD',
    conferenceId: /./,
  });
  const [attempt] = renderedPins(universe, 'getDirectRoutingCalls', 'beta').pins;
  t.match(attempt, {
    successfulCall: false,
    duration: 2,
    endDateTime: '0001-01-01T00:00:00Z',
    trunkFullyQualifiedDomainName: 'sbc1.contoso.com',
    userPrincipalName: 'grace@contoso.com',
  });
  t.not(attempt!.finalSipCode, 200, 'a failed attempt has a failure code');
  const [message] = renderedPins(universe, 'getSmsLog', 'beta').pins;
  t.match(message, { callCharge: 0.02, smsType: 'sms_out', userCountryCode: 'US' });
  t.match(String(message!.sourceNumber), /\*{4}$/, 'its own number, masked as every SMS number is');
  const [block, unblock] = renderedPins(universe, 'getPstnBlockedUsersLog', 'beta').pins;
  t.equal(block!.userBlockMode, 'blocked', 'a block unless stated');
  t.equal(unblock!.blockReason, 'Tenant Requested', 'an unblock gives the unblock reason');
  t.equal(block!.userTelephoneNumber, unblock!.userTelephoneNumber, 'the user’s own number');
});

t.test(
  'pinned rows are the same bytes for the same seed; another seed keeps what they state',
  async (t) => {
    const rendered = (universe: Universe, fn: PinnableFunction) =>
      JSON.stringify(renderedPins(universe, fn, 'beta').pins);
    for (const fn of PINNABLE_FUNCTIONS) {
      t.equal(
        rendered(buildUniverse(PINNED, 5), fn),
        rendered(buildUniverse(PINNED, 5), fn),
        `${fn}: seed 5 twice`,
      );
      const other = renderedPins(buildUniverse(PINNED, 6), fn, 'beta').pins;
      const ours = renderedPins(buildUniverse(PINNED, 5), fn, 'beta').pins;
      const stated = Object.keys(EXAMPLE.pinned[fn]![0]!);
      for (const property of stated) {
        t.same(other[0]![property], ours[0]![property], `${fn}: ${property} whatever the seed`);
      }
    }
  },
);

t.test(
  'the summaries count pinned rows exactly: a walk’s totals, whole days kept or not',
  async (t) => {
    const pinned = universeFor(PINNED, PINNED.seed);
    const unpinned = universeFor(UNPINNED, UNPINNED.seed);
    for (const window of [
      TWO_DAYS,
      JUNE,
      { from: { minute: TWO_DAYS.from.minute + 600, tick: 0 }, to: TWO_DAYS.to },
    ]) {
      const walked = {
        charge: 0,
        confOut: 0,
        confOutSeconds: 0,
        confOutCharge: 0,
        units: 0,
        smsCharge: 0,
        drSeconds: 0,
      };
      entry('getPstnCalls')
        .plan(pinned, window, 0, ALL)
        .forEachRow((row) => {
          const call = row as CallRow;
          walked.charge += call.chargeCents;
          if (call.callType !== 'conf_out') return;
          walked.confOut++;
          walked.confOutSeconds += call.duration;
          walked.confOutCharge += call.chargeCents;
        });
      entry('getSmsLog')
        .plan(pinned, window, 0, ALL)
        .forEachRow((row) => {
          walked.units += (row as SmsRow).smsUnits;
          walked.smsCharge += (row as SmsRow).chargeCents;
        });
      entry('getDirectRoutingCalls')
        .plan(pinned, window, 0, ALL)
        .forEachRow((row) => {
          walked.drSeconds += (row as DirectRoutingRow).duration;
        });
      const label = `${formatDateTime(window.from.minute, window.from.tick)}…`;
      // Twice: the second reads the whole days kept by the first.
      for (const pass of ['first', 'again']) {
        const sum = <K extends keyof typeof summaries>(fn: K) => summaries[fn];
        const summaries = {
          getPstnCalls: entry('getPstnCalls').summarize(pinned, window) as CallSummary,
          getSmsLog: entry('getSmsLog').summarize(pinned, window) as SmsSummary,
          getDirectRoutingCalls: entry('getDirectRoutingCalls').summarize(
            pinned,
            window,
          ) as DirectRoutingSummary,
          getPstnBlockedUsersLog: entry('getPstnBlockedUsersLog').summarize(
            pinned,
            window,
          ) as BlockedUsersSummary,
          getPstnOnlineMeetingDialoutReport: LOG_FUNCTION_TABLE.at(-1)!.summarize(
            pinned,
            window,
          ) as DialoutSummary,
        };
        for (const fn of PINNABLE_FUNCTIONS) {
          t.equal(sum(fn).rows, rowsOf(pinned, fn, window).length, `${label} ${pass}: ${fn} rows`);
        }
        t.equal(
          sum('getPstnCalls').charge.USD!.cents,
          walked.charge,
          `${label} ${pass}: PSTN charge`,
        );
        t.equal(sum('getSmsLog').smsUnits, walked.units, `${label} ${pass}: SMS units`);
        t.equal(
          sum('getSmsLog').charge.USD!.cents,
          walked.smsCharge,
          `${label} ${pass}: SMS charge`,
        );
        t.equal(
          sum('getDirectRoutingCalls').durationSeconds,
          walked.drSeconds,
          `${label} ${pass}: DR seconds`,
        );
        const report = sum('getPstnOnlineMeetingDialoutReport');
        t.equal(report.totalCalls, walked.confOut, `${label} ${pass}: dial-out calls`);
        t.equal(
          report.totalCallSeconds,
          walked.confOutSeconds,
          `${label} ${pass}: dial-out seconds`,
        );
        t.equal(
          report.totalCallCharge.USD?.cents ?? 0,
          walked.confOutCharge,
          `${label} ${pass}: dial-out charge`,
        );
      }
    }
    const pinnedDay = entry('getPstnCalls').summarize(pinned, TWO_DAYS) as CallSummary;
    const unpinnedDay = entry('getPstnCalls').summarize(unpinned, TWO_DAYS) as CallSummary;
    t.equal(pinnedDay.rows - unpinnedDay.rows, 2, 'two pinned calls');
    const ada = (summary: CallSummary) =>
      summary.users.find((user) => user.userPrincipalName === 'ada@contoso.com');
    t.equal((ada(pinnedDay)?.calls ?? 0) - (ada(unpinnedDay)?.calls ?? 0), 2, 'both Ada’s');
    t.ok(
      pinnedDay.charge.USD!.cents - unpinnedDay.charge.USD!.cents >= 4210,
      'the call to Germany adds its 42.10',
    );
    const dialout = (universe: Universe) =>
      (LOG_FUNCTION_TABLE.at(-1)!.summarize(universe, TWO_DAYS) as DialoutSummary).totalCalls;
    t.equal(dialout(pinned) - dialout(unpinned), 1, 'the report counts the pinned conf_out call');
    const blocks = entry('getPstnBlockedUsersLog').summarize(
      pinned,
      TWO_DAYS,
    ) as BlockedUsersSummary;
    const adaBlocks = blocks.users.find((user) => user.userPrincipalName === 'ada@contoso.com');
    t.match(adaBlocks, { blocked: 1, unblocked: 1 }, 'the pinned block and unblock');
  },
);

const ADA = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const GRACE = '0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b';
const BRIT = '5b5b5b5b-0000-4000-8000-00000000000b';
/** 12 June at hh:mm UTC, as a pinned row writes it. */
const june12 = (hh: number, mm: number) =>
  `2024-06-12T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00Z`;
const NO_TIME = '0001-01-01T00:00:00Z';

/** Rows stating one thing or another, so every derivation is taken. */
const VARIETY = {
  ...EXAMPLE,
  name: 'acme-variety',
  // Mostly auto attendants' calls, so user-less and user rows alike meet drawn types of the other kind.
  callTypeMix: { ucap_in: 200, ucap_out: 200 },
  tenant: {
    ...EXAMPLE.tenant,
    // A third of attempts connect, so stated outcomes meet drawn ones of the other kind.
    directRouting: {
      outcomes: {
        inbound: { completed: 1, unanswered: 1, failed: 1 },
        outbound: { completed: 1, unanswered: 1, failed: 1 },
      },
    },
    users: [
      ...(EXAMPLE.tenant.users as unknown[]),
      {
        id: BRIT,
        userPrincipalName: 'brit@contoso.com',
        usageCountry: 'GB',
        routing: 'callingPlan',
      },
    ],
  },
  pinned: {
    getPstnCalls: [
      ...[1, 2, 3, 4].map((m) => ({ startDateTime: june12(8, m), userId: null })),
      ...[5, 6, 7, 8].map((m) => ({ startDateTime: june12(8, m), userId: ADA })),
      {
        startDateTime: june12(9, 0),
        callType: 'user_out',
        userId: ADA,
        otherPartyCountryCode: 'US',
      },
      {
        startDateTime: june12(9, 1),
        callType: 'user_in',
        userId: ADA,
        callerNumber: '+447700900123',
      },
      { startDateTime: june12(9, 2), callType: 'user_out', calleeNumber: '+16135550123' },
      { startDateTime: june12(9, 3), callType: 'conf_out', duration: 600, charge: 1.5 },
      { startDateTime: june12(9, 4), callType: 'ucap_out', calleeNumber: '+33155501234' },
      { startDateTime: june12(9, 5), calleeNumber: '+4930555012345' },
      { startDateTime: june12(9, 6), callType: 'user_in', callerNumber: '+999123' },
    ],
    getDirectRoutingCalls: [
      { startDateTime: june12(10, 0), endDateTime: '2024-06-12T10:03:20.500Z' },
      { startDateTime: june12(10, 1), duration: 30, successfulCall: true },
      { startDateTime: june12(10, 2) },
      ...[3, 4, 5].map((m) => ({
        startDateTime: june12(10, m),
        successfulCall: false,
        duration: 3,
      })),
      ...[6, 7, 8].map((m) => ({ startDateTime: june12(10, m), successfulCall: true })),
      { startDateTime: june12(10, 9), userId: ADA },
      { startDateTime: june12(10, 10), callType: 'dr_in_bot' },
      {
        startDateTime: june12(10, 11),
        callType: 'dr_out',
        userId: GRACE,
        callerNumber: '+12065550100',
        calleeNumber: '+12065550199',
      },
      { startDateTime: june12(10, 12), userId: null, callType: 'dr_out_bot' },
      ...[20, 21, 22, 23].map((m) => ({ startDateTime: june12(10, m), successfulCall: false })),
      ...[24, 25, 26, 27].map((m) => ({ startDateTime: june12(10, m), successfulCall: true })),
      ...[30, 31, 32, 33].map((m) => ({ startDateTime: june12(10, m), userId: null })),
      // A stated user meets drawn bot types (an eighth of the mix) among these.
      ...Array.from({ length: 40 }, (_, m) => ({ startDateTime: june12(13, m), userId: GRACE })),
    ],
    getSmsLog: [
      { sentDateTime: june12(11, 0), userId: BRIT },
      {
        sentDateTime: june12(11, 1),
        smsUnits: 5,
        smsType: 'sms_out',
        sourceNumber: '+1206555XXXX',
        destinationNumber: '+1425555XXXX',
      },
      { sentDateTime: june12(11, 2) },
      { sentDateTime: june12(11, 3), smsType: 'sms_in', callCharge: 0.5 },
    ],
    getPstnBlockedUsersLog: [
      { blockDateTime: june12(12, 0) },
      {
        blockDateTime: june12(12, 1),
        userBlockMode: 'unblocked',
        blockReason: 'Support case 42',
        userTelephoneNumber: '+12065550100',
        remediationId: 'b10cb10c-0000-4000-8000-000000000001',
      },
      { blockDateTime: june12(12, 2), userPrincipalName: 'ada@contoso.com' },
      { blockDateTime: june12(12, 3), remediationId: 'b10cb10c-0000-4000-8000-000000000003' },
      { blockDateTime: june12(12, 3), remediationId: 'b10cb10c-0000-4000-8000-000000000002' },
    ],
  },
};

/** Seconds from one served time to another. */
const secondsBetween = (from: unknown, to: unknown): number => {
  const a = parsePinnedTime(String(from))!.at;
  const b = parsePinnedTime(String(to))!.at;
  return ((b.minute - a.minute) * 60 * 10_000_000 + (b.tick - a.tick)) / 10_000_000;
};

t.test(
  'whatever a pinned row states, the rest is derived consistently and served valid',
  async (t) => {
    const variety = loadScenario(VARIETY);
    const unpinned = loadScenario({
      ...VARIETY,
      pinned: undefined,
      name: 'acme-variety-unpinned',
      dataset: 'acme-variety',
    });
    const universe = universeFor(variety, variety.seed);
    for (const fn of PINNABLE_FUNCTIONS) {
      checkPaging(t, variety, unpinned, fn, TWO_DAYS);
      for (const version of functionVersions(fn)) {
        const { page } = renderedPins(universe, fn, version);
        t.same(
          page.value.flatMap((row) => contract.validateRow(fn, version, row)),
          [],
          `${fn} ${version}: valid`,
        );
      }
    }
    const bySource = (fn: PinnableFunction) => {
      const { pins } = renderedPins(universe, fn, 'beta');
      const time = PINNED_LOGS[fn].time;
      return VARIETY.pinned[fn].map((row) => {
        const stated = row as Record<string, unknown>;
        const id = stated.id ?? stated.remediationId;
        const served = pins.find((pin) =>
          id === undefined
            ? secondsBetween(pin[time], stated[time]) === 0
            : (pin.id ?? pin.remediationId) === id,
        )!;
        for (const [property, value] of Object.entries(stated)) {
          t.same(
            servedAs(property, served[property]),
            servedAs(property, value),
            `${fn}: ${property} as stated`,
          );
        }
        return served;
      });
    };

    const calls = bySource('getPstnCalls');
    for (const call of calls) {
      t.equal(
        secondsBetween(call.startDateTime, call.endDateTime),
        call.duration,
        'a call ends its duration after its start',
      );
      t.equal(
        call.userId === null,
        String(call.callType).startsWith('ucap_'),
        `${call.callType}: a user unless an auto attendant's`,
      );
      if (call.callType !== null && !String(call.callType).endsWith('_in')) {
        const abroad = call.otherPartyCountryCode !== call.usageCountryCode;
        t.equal(
          call.destinationContext,
          abroad ? 'International' : 'Domestic',
          `${call.callType}: its destination's context`,
        );
      }
    }
    t.match(calls[8], {
      otherPartyCountryCode: 'US',
      destinationContext: 'Domestic',
      destinationName: 'United States',
    });
    t.match(
      calls[9],
      { otherPartyCountryCode: 'GB', destinationContext: null },
      'the caller’s country by its calling code',
    );
    t.match(
      calls[10],
      { otherPartyCountryCode: 'US' },
      '+1 is the home country’s when it has the code',
    );
    t.match(calls[11], { duration: 600, charge: 1.5, inventoryType: 'Service' });
    t.match(calls[12], {
      userId: null,
      otherPartyCountryCode: 'FR',
      destinationContext: 'International',
    });

    const attempts = bySource('getDirectRoutingCalls');
    for (const attempt of attempts) {
      const successful = attempt.successfulCall === true;
      t.equal(attempt.endDateTime === NO_TIME, !successful, 'an end only when connected');
      t.equal(attempt.failureDateTime === NO_TIME, successful, 'a failure only when not');
      const finish = successful ? attempt.endDateTime : attempt.failureDateTime;
      t.equal(
        Math.round(secondsBetween(attempt.startDateTime, finish)),
        attempt.duration,
        'its duration spans its times',
      );
      t.equal(
        String(attempt.trunkFullyQualifiedDomainName),
        'sbc1.contoso.com',
        'over the tenant’s SBC',
      );
      const type = DR_CALL_TYPES.find((facts) => facts.callType === attempt.callType)!;
      t.equal(
        attempt.userId !== null,
        type.hasUser,
        `${type.callType}: a user if its type has one`,
      );
    }
    t.match(attempts[0], { successfulCall: true, duration: 201 });
    t.match(
      attempts[9],
      { userPrincipalName: 'ada@contoso.com' },
      'a Calling Plan user’s attempt gets a drawn SBC',
    );
    t.match(attempts[10], { userId: null });

    const messages = bySource('getSmsLog');
    t.match(messages[0], {
      userCountryCode: 'GB',
      otherPartyCountryCode: 'GB',
      destinationName: 'United Kingdom',
    });
    t.match(messages[1], { smsUnits: 5, callCharge: 0.04 });
    t.match(messages[3], { smsType: 'sms_in', callCharge: 0.5 });

    const blocks = bySource('getPstnBlockedUsersLog');
    t.match(blocks[0], { userBlockMode: 'blocked' });
    t.ok(
      ['High Overall Usage', 'Tenant Requested'].includes(String(blocks[0]!.blockReason)),
      'a drawn block reason',
    );
    t.match(blocks[2], { userId: ADA, userBlockMode: 'blocked' });
    const { page } = renderedPins(universe, 'getPstnBlockedUsersLog', 'beta');
    const tied = page.value
      .map((row) => String(row.remediationId))
      .filter((id) => id.startsWith('b10cb10c-0000-4000-8000-00000000000'));
    t.same(
      tied.slice(-2),
      ['b10cb10c-0000-4000-8000-000000000002', 'b10cb10c-0000-4000-8000-000000000003'],
      'block rows at one time in remediationId order',
    );
  },
);

t.test(
  'a tenant with no PSTN or SMS users of its own still serves pinned calls and messages',
  async (t) => {
    // Whole, not extending default: no French numbers, so no country of it masks 4 digits.
    const whole = JSON.parse(JSON.stringify(defaultScenario)) as typeof defaultScenario;
    const lonely = loadScenario({
      ...whole,
      name: 'all-direct-routing',
      tenant: {
        ...whole.tenant,
        directRouting: { ...whole.tenant.directRouting!, userShare: 1 },
        sms: undefined,
        foreignUserCountries: { CA: 1 },
        internationalDestinations: { CA: 1 },
      },
      pinned: {
        getPstnCalls: [{ startDateTime: june12(9, 0), callType: 'user_out' }],
        getSmsLog: [{ sentDateTime: june12(9, 0), smsType: 'sms_out' }],
      },
    });
    const universe = universeFor(lonely, lonely.seed);
    t.equal(universe.tenant.pstnUsers.length, 0);
    t.equal(universe.tenant.smsUsers.length, 0);
    for (const fn of ['getPstnCalls', 'getSmsLog'] as const) {
      const { page, pins } = renderedPins(universe, fn, 'beta');
      t.equal(page.value.length, 1, `${fn}: the pinned row alone`);
      t.same(contract.validateRow(fn, 'beta', pins[0]), [], `${fn}: valid`);
      t.type(pins[0]!.userId, 'string', `${fn}: a user of the tenant's`);
    }
  },
);

t.test('times as pinned rows write them: zones, digits, the calendar’s edges', async (t) => {
  const at = (value: string) => parsePinnedTime(value);
  t.same(at('2024-06-12T04:30:00-05:00'), at('2024-06-12T09:30:00Z'), 'a zone west of UTC');
  t.same(at('2024-06-12T15:00:00+05:30'), at('2024-06-12T09:30:00z'), 'and east');
  const { minute } = at('2024-06-12T09:30:00Z')!.at;
  t.same(
    at('2024-06-12T09:30:00.1234500Z'),
    { at: { minute, tick: 1_234_500 }, digits: 5 },
    'trailing zeros of a fraction are no digits it needs',
  );
  for (const outside of [
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-06-00T00:00:00Z',
    '2024-06-12T09:30:60Z',
    '0000-12-31T23:59:00Z',
    '9999-12-31T23:59:00-01:00',
    '2024-06-12 09:30:00Z',
    '2024-06-12T09:30:00',
  ]) {
    t.equal(at(outside), undefined, `${outside} names no instant a log holds`);
  }
});
