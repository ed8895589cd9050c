/** inclusiveWindow: each function's rule for its two ends, down to the tick. */
import t from 'tap';
import { compareInstants, TICKS_PER_MINUTE } from '../../scenarios/instant.js';
import { type CallWindow, inclusiveWindow, type WindowRule } from '../../scenarios/log-window.js';

const isEmptyWindow = (window: CallWindow) => compareInstants(window.from, window.to) > 0;

const rule = (fromInclusive: boolean, toInclusive: boolean): WindowRule => ({
  fromInclusive,
  toInclusive,
  maxDays: null,
});

t.test('inclusive ends are kept as written', async (t) => {
  const range = { from: { minute: 10, tick: 5 }, to: { minute: 20, tick: 7 } };
  t.strictSame(inclusiveWindow(rule(true, true), range), range);
});

t.test('an exclusive end moves one tick inwards, carrying across minutes', async (t) => {
  const range = { from: { minute: 10, tick: TICKS_PER_MINUTE - 1 }, to: { minute: 20, tick: 0 } };
  t.strictSame(inclusiveWindow(rule(false, false), range), {
    from: { minute: 11, tick: 0 },
    to: { minute: 19, tick: TICKS_PER_MINUTE - 1 },
  });
  const inside = { from: { minute: 10, tick: 3 }, to: { minute: 20, tick: 9 } };
  t.strictSame(inclusiveWindow(rule(false, false), inside), {
    from: { minute: 10, tick: 4 },
    to: { minute: 20, tick: 8 },
  });
});

t.test(
  'equal ends with an exclusive one select nothing; with both inclusive, one instant',
  async (t) => {
    const at = { minute: 30, tick: 0 };
    t.ok(isEmptyWindow(inclusiveWindow(rule(true, false), { from: at, to: at })));
    t.ok(isEmptyWindow(inclusiveWindow(rule(false, true), { from: at, to: at })));
    t.notOk(isEmptyWindow(inclusiveWindow(rule(true, true), { from: at, to: at })));
  },
);
