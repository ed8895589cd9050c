/**
 * The fault model on its own, with a fake clock: rate limits per caller, transient failures
 * chosen by page position or by a seeded share, per-page delays, forced failures — every
 * decision a function of the request sequence, with memory that stays bounded.
 */
import t from 'tap';
import { flakyScenario, slowScenario, throttledScenario } from '../../scenarios/catalog.js';
import {
  FaultState,
  forcedFailure,
  latencyFor,
  type PageIdentity,
} from '../../scenarios/faults.js';
import type {
  FaultRule,
  LatencyRule,
  ThrottleRule,
  TransientRule,
} from '../../scenarios/scenario.js';
import { FakeClock } from '../support/fake-clock.js';

const MS = 1000;
/** The most keys FaultState promises to remember before it forgets the oldest. */
const TRACKED_KEYS = 100_000;

const THROTTLE: ThrottleRule = {
  kind: 'throttle',
  requests: 3,
  windowSeconds: 10,
  retryAfterSeconds: 4,
};
const EVERY_THIRD: TransientRule = {
  kind: 'transient',
  status: 503,
  everyNthPage: 3,
  failures: 1,
  retryAfterSeconds: 1,
};
const TENTH: TransientRule = { kind: 'transient', status: 504, share: 0.1, failures: 1 };
const LATENCY: LatencyRule = { kind: 'latency', minMs: 200, maxMs: 800 };

const page = (key: string, number = 1): PageIdentity => ({ key, number });

/** Sends `count` requests for `caller` and returns how many passed. */
function passes(state: FaultState, rules: readonly FaultRule[], caller: string, count: number) {
  let passed = 0;
  for (let i = 0; i < count; i++) if (state.throttle(rules, caller) === undefined) passed++;
  return passed;
}

/** The keys among `keys` whose first attempt fails. */
function failingFirst(
  state: FaultState,
  rules: readonly FaultRule[],
  keys: readonly string[],
  seedKey: number,
): Set<string> {
  return new Set(keys.filter((key) => state.transient(rules, page(key), seedKey) !== undefined));
}

const KEYS = Array.from({ length: 10_000 }, (_, i) => `walk|page-${i}`);

t.test('throttle', async (t) => {
  t.test('exactly `requests` requests pass in a window; the next answers 429', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    for (let i = 1; i <= THROTTLE.requests; i++) {
      t.equal(state.throttle([THROTTLE], 'app'), undefined, `request ${i} passes`);
      clock.advance(100);
    }
    t.same(
      state.throttle([THROTTLE], 'app'),
      { status: 429, retryAfterSeconds: THROTTLE.retryAfterSeconds },
      "the next is refused with the rule's Retry-After",
    );
  });

  t.test(
    'during the block requests answer 429 with the seconds that remain, rounded up',
    async (t) => {
      const clock = new FakeClock();
      const state = new FaultState(clock.now);
      passes(state, [THROTTLE], 'app', THROTTLE.requests);
      t.equal(state.throttle([THROTTLE], 'app')?.retryAfterSeconds, 4, 'blocked for 4 s');
      const remaining: [number, number][] = [
        [1, 4],
        [999, 4],
        [1000, 3],
        [1500, 3],
        [2001, 2],
        [3000, 1],
        [3999, 1],
      ];
      const blockedAt = clock.at;
      for (const [after, seconds] of remaining) {
        clock.at = blockedAt + after;
        t.same(
          state.throttle([THROTTLE], 'app'),
          { status: 429, retryAfterSeconds: seconds },
          `${after} ms into the block: Retry-After ${seconds}`,
        );
      }
    },
  );

  t.test('after the block a fresh window starts with the next request', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    passes(state, [THROTTLE], 'app', THROTTLE.requests + 1);
    clock.advance(THROTTLE.retryAfterSeconds * MS);
    t.equal(passes(state, [THROTTLE], 'app', THROTTLE.requests), 3, 'a full window again');
    t.equal(state.throttle([THROTTLE], 'app')?.status, 429, 'and then the limit');
    t.equal(
      state.throttle([THROTTLE], 'app')?.retryAfterSeconds,
      THROTTLE.retryAfterSeconds,
      'a new block of the full Retry-After',
    );
  });

  t.test('requests refused during the block do not count towards the next window', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    passes(state, [THROTTLE], 'app', THROTTLE.requests + 1);
    t.equal(passes(state, [THROTTLE], 'app', 50), 0, 'fifty refusals during the block');
    clock.advance(THROTTLE.retryAfterSeconds * MS);
    t.equal(passes(state, [THROTTLE], 'app', THROTTLE.requests), THROTTLE.requests);
  });

  t.test('a window is fixed from its first request and ends after windowSeconds', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    t.equal(passes(state, [THROTTLE], 'app', 2), 2);
    clock.advance(THROTTLE.windowSeconds * MS - 1);
    t.equal(passes(state, [THROTTLE], 'app', 1), 1, 'the third, 1 ms before the window ends');
    t.equal(state.throttle([THROTTLE], 'app')?.status, 429, 'the fourth in the same window');

    const other = new FaultState(clock.now);
    t.equal(passes(other, [THROTTLE], 'app', 3), 3);
    clock.advance(THROTTLE.windowSeconds * MS);
    t.equal(passes(other, [THROTTLE], 'app', 3), 3, 'a new window when the old one has ended');
    t.equal(other.throttle([THROTTLE], 'app')?.status, 429);
  });

  t.test('callers are limited independently', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    passes(state, [THROTTLE], 'tenant|app-a', THROTTLE.requests + 1);
    t.equal(state.throttle([THROTTLE], 'tenant|app-a')?.status, 429, 'app A is blocked');
    t.equal(passes(state, [THROTTLE], 'tenant|app-b', 3), 3, 'app B has its own window');
    t.equal(state.throttle([THROTTLE], 'tenant|app-b')?.status, 429, 'and its own limit');
    t.equal(state.throttle([THROTTLE], 'tenant|app-a')?.status, 429, 'app A is still blocked');
  });

  t.test('reset() forgets every window and block', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    passes(state, [THROTTLE], 'app', THROTTLE.requests + 1);
    state.reset();
    t.equal(passes(state, [THROTTLE], 'app', THROTTLE.requests), 3, 'a full window at once');
    t.equal(state.throttle([THROTTLE], 'app')?.status, 429);
  });

  t.test('without a throttle rule nothing is ever refused', async (t) => {
    const state = new FaultState(new FakeClock().now);
    t.equal(passes(state, [], 'app', 1000), 1000);
    t.equal(passes(state, [EVERY_THIRD, TENTH, LATENCY], 'app', 1000), 1000);
  });

  t.test('the default clock is the wall clock', async (t) => {
    const state = new FaultState();
    const rule: ThrottleRule = { ...THROTTLE, requests: 1, retryAfterSeconds: 30 };
    t.equal(state.throttle([rule], 'app'), undefined);
    t.same(state.throttle([rule], 'app'), { status: 429, retryAfterSeconds: 30 });
    const during = state.throttle([rule], 'app')?.retryAfterSeconds;
    t.ok(during === 30 || during === 29, `a moment later ${during} s remain`);
  });
});

t.test('transient', async (t) => {
  t.test('every n-th page fails its first attempt, then passes', async (t) => {
    const state = new FaultState();
    for (let n = 1; n <= 12; n++) {
      const first = state.transient([EVERY_THIRD], page(`walk|${n}`, n), 1);
      if (n % 3 === 0) {
        t.same(first, { status: 503, retryAfterSeconds: 1 }, `page ${n} fails first`);
        t.equal(state.transient([EVERY_THIRD], page(`walk|${n}`, n), 1), undefined, 'retry passes');
        t.equal(state.transient([EVERY_THIRD], page(`walk|${n}`, n), 1), undefined, 'and stays');
      } else {
        t.equal(first, undefined, `page ${n} passes`);
      }
    }
  });

  t.test('a rule with `failures: 2` fails the first two attempts', async (t) => {
    const state = new FaultState();
    const rule: TransientRule = { kind: 'transient', status: 504, everyNthPage: 3, failures: 2 };
    const attempts = Array.from({ length: 4 }, () => state.transient([rule], page('p', 3), 1));
    t.same(attempts, [
      { status: 504, retryAfterSeconds: undefined },
      { status: 504, retryAfterSeconds: undefined },
      undefined,
      undefined,
    ]);
  });

  t.test('attempts are counted per page key: another walk meets its own failure', async (t) => {
    const state = new FaultState();
    t.ok(state.transient([EVERY_THIRD], page('june|skip=2000', 3), 1), 'walk A, page 3');
    t.notOk(state.transient([EVERY_THIRD], page('june|skip=2000', 3), 1), 'its retry');
    t.ok(state.transient([EVERY_THIRD], page('july|skip=2000', 3), 1), 'walk B, page 3');
  });

  t.test('a seeded share picks a stable set of about that share of pages', async (t) => {
    const picked = failingFirst(new FaultState(), [TENTH], KEYS, 42);
    const share = picked.size / KEYS.length;
    t.comment(`${picked.size} of ${KEYS.length} pages picked (${(share * 100).toFixed(1)} %)`);
    t.ok(share > 0.09 && share < 0.11, `about 10 % (${share})`);
    const again = failingFirst(new FaultState(), [TENTH], KEYS, 42);
    t.same([...again], [...picked], 'a fresh state picks the same pages');
    const reversed = failingFirst(new FaultState(), [TENTH], [...KEYS].reverse(), 42);
    t.same([...reversed].sort(), [...picked].sort(), 'whatever order the pages come in');
    const numbered = new FaultState();
    const byNumber = new Set(
      KEYS.filter((key, i) => numbered.transient([TENTH], page(key, i + 7), 42) !== undefined),
    );
    t.same([...byNumber], [...picked], "a share rule ignores the page's number");
    const otherSeed = failingFirst(new FaultState(), [TENTH], KEYS, 43);
    t.not(otherSeed.size, 0);
    t.ok(overlap(picked, otherSeed) < 0.2, 'another seed picks other pages');
  });

  t.test('a picked page fails its first attempts only', async (t) => {
    const state = new FaultState();
    const picked = [...failingFirst(state, [TENTH], KEYS.slice(0, 200), 42)];
    t.ok(picked.length > 0);
    t.same(
      picked.map((key) => state.transient([TENTH], page(key), 42)),
      picked.map(() => undefined),
      'every retry passes',
    );
  });

  t.test('the rule index matters: two equal rules pick independent pages', async (t) => {
    const as503: TransientRule = { ...TENTH, status: 503 };
    const first = failingFirst(new FaultState(), [as503], KEYS, 42);
    const second = new Set(
      KEYS.filter((key) => new FaultState().transient([LATENCY, as503], page(key), 42)),
    );
    t.ok(second.size / KEYS.length > 0.09 && second.size / KEYS.length < 0.11);
    t.ok(overlap(first, second) < 0.2, 'the rule at index 1 picks other pages than at index 0');
  });

  t.test('a page that two rules pick fails as the first one says, then passes', async (t) => {
    // The flaky scenario promises "each once; the retry succeeds": one retry is enough.
    const state = new FaultState();
    const as503: TransientRule = { ...TENTH, status: 503 };
    const both = [as503, TENTH];
    const statuses = KEYS.slice(0, 2000).map((key) => {
      const seen: number[] = [];
      for (let failure = state.transient(both, page(key), 42); failure; ) {
        seen.push(failure.status);
        failure = state.transient(both, page(key), 42);
      }
      return seen.join(',');
    });
    const count = (s: string) => statuses.filter((x) => x === s).length;
    t.comment(
      `503 only ${count('503')}, 504 only ${count('504')}, 503 then 504 ${count('503,504')}`,
    );
    t.ok(count('503') > 100 && count('504') > 100, 'each rule picks pages of its own');
    t.equal(count('503,504'), 0, 'no page fails twice');
    t.equal(count('504,503'), 0, 'and none in the wrong order');
  });

  t.test('reset() forgets attempts: the page fails again', async (t) => {
    const state = new FaultState();
    t.ok(state.transient([EVERY_THIRD], page('p', 3), 1));
    t.notOk(state.transient([EVERY_THIRD], page('p', 3), 1));
    state.reset();
    t.ok(state.transient([EVERY_THIRD], page('p', 3), 1), 'failing first again');
  });

  t.test('throttle and latency rules never fail a page', async (t) => {
    const state = new FaultState();
    for (let n = 1; n <= 30; n++) {
      t.equal(state.transient([THROTTLE, LATENCY], page(`p${n}`, n), 1), undefined);
    }
  });

  t.test("the flaky scenario's rules: 503 every 3rd page with Retry-After 1", async (t) => {
    const state = new FaultState();
    const failure = state.transient(flakyScenario.faults, page('x', 3), 7);
    t.same(failure, { status: 503, retryAfterSeconds: 1 });
  });
});

t.test('bounded memory', async (t) => {
  t.test('a throttle remembers at most 100,000 callers, forgetting the oldest', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const one: ThrottleRule = { ...THROTTLE, requests: 1 };
    passes(state, [one], 'first', 2);
    for (let i = 1; i < TRACKED_KEYS; i++) state.throttle([one], `caller-${i}`);
    t.equal(
      state.throttle([one], 'first')?.status,
      429,
      'at the limit, the first is still blocked',
    );
    for (let i = TRACKED_KEYS; i < TRACKED_KEYS + 1000; i++) state.throttle([one], `caller-${i}`);
    t.ok(trackedSize(state, 'windows') <= TRACKED_KEYS, 'the map stays at the limit');
    t.equal(state.throttle([one], 'first'), undefined, 'past it, the oldest caller is forgotten');
    const latest = `caller-${TRACKED_KEYS + 999}`;
    t.equal(state.throttle([one], latest)?.status, 429, 'the latest caller is still limited');
  });

  t.test('transient attempts remember at most 100,000 pages, forgetting the oldest', async (t) => {
    const state = new FaultState();
    const everyPage: TransientRule = { ...EVERY_THIRD, everyNthPage: 1 };
    t.ok(state.transient([everyPage], page('first'), 1), 'the first page fails');
    for (let i = 1; i < TRACKED_KEYS + 1000; i++) state.transient([everyPage], page(`p${i}`), 1);
    t.ok(trackedSize(state, 'attempts') <= TRACKED_KEYS, 'the map stays at the limit');
    t.ok(state.transient([everyPage], page('first'), 1), 'forgotten, it fails again');
    const latest = page(`p${TRACKED_KEYS + 999}`);
    t.equal(state.transient([everyPage], latest, 1), undefined, 'the latest is remembered');
  });
});

t.test('latencyFor', async (t) => {
  t.test('0 without a latency rule', async (t) => {
    t.equal(latencyFor([], page('p')), 0);
    t.equal(latencyFor([THROTTLE, EVERY_THIRD, TENTH], page('p')), 0);
  });

  t.test('within [minMs, maxMs], spread over the range', async (t) => {
    const delays = KEYS.map((key) => latencyFor([LATENCY], page(key)));
    t.ok(
      delays.every((ms) => Number.isInteger(ms) && ms >= LATENCY.minMs && ms <= LATENCY.maxMs),
      'every delay is a whole number of ms in range',
    );
    t.ok(Math.min(...delays) < 210 && Math.max(...delays) > 790, 'both ends are reached');
    t.ok(new Set(delays).size > 500, 'pages get different delays');
    t.equal(latencyFor([{ kind: 'latency', minMs: 50, maxMs: 50 }], page('p')), 50, 'min = max');
  });

  t.test('stable per page: the same key always gets the same delay', async (t) => {
    const first = KEYS.slice(0, 100).map((key) => latencyFor(slowScenario.faults, page(key)));
    const again = KEYS.slice(0, 100).map((key) => latencyFor(slowScenario.faults, page(key, 9)));
    t.same(again, first);
  });
});

t.test('forcedFailure', async (t) => {
  t.same(
    forcedFailure(throttledScenario.faults, 429),
    { status: 429, retryAfterSeconds: 2 },
    "a 429 takes the scenario's Retry-After",
  );
  t.same(forcedFailure([], 429), { status: 429, retryAfterSeconds: 1 }, 'else 1 s');
  t.same(forcedFailure(flakyScenario.faults, 429), { status: 429, retryAfterSeconds: 1 });
  t.same(
    forcedFailure(flakyScenario.faults, 503),
    { status: 503, retryAfterSeconds: 1 },
    "a 503 takes the Retry-After of the scenario's 503 rule",
  );
  t.same(
    forcedFailure(flakyScenario.faults, 504),
    { status: 504, retryAfterSeconds: undefined },
    "the scenario's 504 rule has none",
  );
  t.same(forcedFailure([], 503), { status: 503, retryAfterSeconds: undefined });
  t.same(forcedFailure([], 504), { status: 504, retryAfterSeconds: undefined });
  t.same(forcedFailure([{ ...TENTH, retryAfterSeconds: 7 }], 504), {
    status: 504,
    retryAfterSeconds: 7,
  });
  t.same(
    forcedFailure([{ ...TENTH, retryAfterSeconds: 7 }], 503),
    { status: 503, retryAfterSeconds: undefined },
    'a rule for another status does not lend its Retry-After',
  );
});

/** |a ∩ b| / min(|a|, |b|). */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const key of a) if (b.has(key)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** The size of one of FaultState's private maps, to check memory stays bounded. */
function trackedSize(state: FaultState, cache: 'windows' | 'attempts'): number {
  return (state as unknown as Record<typeof cache, { size: number }>)[cache].size;
}
