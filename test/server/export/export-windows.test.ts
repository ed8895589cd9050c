/**
 * The export's windows: they tile the range's window — no gap, no overlap, in order — and each
 * is a range the endpoint accepts, for every log function's rule.
 */
import t, { type Test } from 'tap';
import { findScenario } from '../../../scenarios/catalog.js';
import {
  compareInstants,
  type Instant,
  MINUTES_PER_DAY,
  TICKS_PER_MINUTE,
} from '../../../scenarios/instant.js';
import { getPstnCalls, getSmsLog, LOG_FUNCTION_TABLE } from '../../../scenarios/log-functions.js';
import {
  type CallWindow,
  inclusiveWindow,
  shiftTick,
  type WindowRule,
} from '../../../scenarios/log-window.js';
import { universeFor } from '../../../scenarios/universe.js';
import { exportWindows } from '../../../server/export/export-windows.js';
import { checkCallWindow } from '../../../server/graph/call-window.js';
import {
  formatDateTimeLiteral,
  parseDateTimeOffset,
} from '../../../server/graph/date-time-offset.js';

function at(literal: string): Instant {
  const instant = parseDateTimeOffset(literal);
  if (instant === undefined) throw new Error(`bad test literal ${literal}`);
  return instant;
}

const literal = (window: CallWindow) =>
  `${formatDateTimeLiteral(window.from)} … ${formatDateTimeLiteral(window.to)}`;

/** The range a client writes to be served exactly `window` under `rule`. */
function requestFor(rule: WindowRule, window: CallWindow): CallWindow {
  return {
    from: rule.fromInclusive ? window.from : shiftTick(window.from, -1),
    to: rule.toInclusive ? window.to : shiftTick(window.to, 1),
  };
}

/** Holds `pieces` to tiling `range`'s window under `rule`, each one a request the endpoint takes. */
function assertTiles(
  t: Test,
  fn: (typeof LOG_FUNCTION_TABLE)[number],
  range: CallWindow,
  pieces: readonly CallWindow[],
): void {
  const whole = inclusiveWindow(fn.window, range);
  t.same(pieces[0]!.from, whole.from, `${fn.name}: the first piece starts the window`);
  t.same(pieces.at(-1)!.to, whole.to, `${fn.name}: the last piece ends it`);
  pieces.forEach((piece, i) => {
    if (i > 0) {
      t.same(piece.from, shiftTick(pieces[i - 1]!.to, 1), `${fn.name} ${i}: starts a tick on`);
    }
    const request = requestFor(fn.window, piece);
    // The endpoint's own check: a piece it would refuse (406) throws here.
    t.same(checkCallWindow(fn, request), piece, `${fn.name} ${literal(piece)}: accepted as is`);
  });
}

t.test('a range within the limit is one window, the one the endpoint reads', async (t) => {
  const range = { from: at('2024-06-01'), to: at('2024-07-01') };
  for (const fn of LOG_FUNCTION_TABLE) {
    t.same(exportWindows(fn.window, range), [inclusiveWindow(fn.window, range)], fn.name);
  }
});

t.test('a year is cut into windows that tile it and that the endpoint accepts', async (t) => {
  const range = { from: at('2024-01-01'), to: at('2024-12-31T23:59:59Z') };
  for (const fn of LOG_FUNCTION_TABLE) {
    const pieces = exportWindows(fn.window, range);
    assertTiles(t, fn, range, pieces);
    const { maxDays } = fn.window;
    // 366 days: four windows of 90 and a fifth of 6 — or, without a limit, the year whole.
    t.equal(pieces.length, maxDays === null ? 1 : 5, `${fn.name}: windows`);
  }
});

t.test("getPstnCalls' windows of a year from midnight are whole days", async (t) => {
  const pieces = exportWindows(getPstnCalls.window, {
    from: at('2024-01-01'),
    to: at('2024-12-31T23:59:59Z'),
  });
  t.same(pieces.map(literal), [
    '2024-01-01 … 2024-03-30T23:59:59.9999999Z',
    '2024-03-31 … 2024-06-28T23:59:59.9999999Z',
    '2024-06-29 … 2024-09-26T23:59:59.9999999Z',
    '2024-09-27 … 2024-12-25T23:59:59.9999999Z',
    '2024-12-26 … 2024-12-31T23:59:59Z',
  ]);
});

t.test(
  "getSmsLog's windows are a tick shorter: a request names a tick more at each end",
  async (t) => {
    const range = { from: at('2024-01-01'), to: at('2024-07-01') };
    const [first] = exportWindows(getSmsLog.window, range);
    t.equal(literal(first!), '2024-01-01T00:00:00.0000001Z … 2024-03-30T23:59:59.9999999Z');
    const request = requestFor(getSmsLog.window, first!);
    const ticks =
      (request.to.minute - request.from.minute) * TICKS_PER_MINUTE +
      request.to.tick -
      request.from.tick;
    t.equal(ticks, 90 * MINUTES_PER_DAY * TICKS_PER_MINUTE, 'the request spans exactly 90 days');
  },
);

t.test('an empty window is one empty window: the export still asks once', async (t) => {
  const instant = at('2024-06-01T12:00:00Z');
  for (const fn of LOG_FUNCTION_TABLE) {
    const pieces = exportWindows(fn.window, { from: instant, to: instant });
    t.equal(pieces.length, 1, fn.name);
    const [piece] = pieces;
    // Both ends inclusive: the instant itself; an exclusive end empties it.
    const empty = !fn.window.fromInclusive || !fn.window.toInclusive;
    t.equal(compareInstants(piece!.from, piece!.to) > 0, empty, `${fn.name}: empty`);
  }
});

t.test('odd ranges tile too: any time of day, ticks, a limit of one day', async (t) => {
  const oneDay = { fromInclusive: true, toInclusive: false, maxDays: 1 };
  const fn = { ...getPstnCalls, name: getPstnCalls.name, window: oneDay };
  const range = {
    from: at('2024-02-28T13:14:15.1234567Z'),
    to: at('2024-03-02T00:00:00.0000001Z'),
  };
  const pieces = exportWindows(oneDay, range);
  assertTiles(t, fn, range, pieces);
  t.equal(pieces.length, 3);
  t.equal(literal(pieces[0]!), '2024-02-28T13:14:15.1234567Z … 2024-02-29T13:14:15.1234566Z');
});

t.test(
  'the windows of a year hold exactly its rows, for every log of large and default',
  async (t) => {
    const range = { from: at('2024-01-01'), to: at('2024-12-31T23:59:59Z') };
    // The dial-out report's windows are reports of their own: export-command.test.ts.
    const logs = LOG_FUNCTION_TABLE.filter((fn) => fn.name !== 'getPstnOnlineMeetingDialoutReport');
    for (const name of ['large', 'default']) {
      const scenario = findScenario(name)!;
      const universe = universeFor(scenario, scenario.seed);
      for (const fn of logs) {
        const count = (window: CallWindow) =>
          fn.plan(universe, window, 0, Number.MAX_SAFE_INTEGER).count;
        const pieces = exportWindows(fn.window, range);
        const sum = pieces.reduce((total, piece) => total + count(piece), 0);
        t.equal(sum, count(inclusiveWindow(fn.window, range)), `${name} ${fn.name}: ${sum} rows`);
      }
    }
  },
);
