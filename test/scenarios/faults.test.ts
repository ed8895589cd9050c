/**
 * The fault model on its own, with a fake clock: rate limits per caller, transient failures
 * chosen by page position or by a seeded share, per-page delays, forced failures — every
 * decision a function of the request sequence, with memory that stays bounded.
 */
import t from 'tap';
import type { LogFunctionName } from '../../openapi/contract.js';
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
  ThrottleAfterRule,
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

const PSTN = 'getPstnCalls';
const page = (key: string, number = 1, fn: LogFunctionName = PSTN): PageIdentity => ({
  key,
  number,
  fn,
});

/** What a request names: a log function, or none (a URL the segment parser will refuse). */
type Target = LogFunctionName | 'no function';
const fnOf = (target: Target) => (target === 'no function' ? undefined : target);

/** Sends `count` requests for `caller` and returns how many passed. */
function passes(
  state: FaultState,
  rules: readonly FaultRule[],
  caller: string,
  count: number,
  target: Target = PSTN,
) {
  let passed = 0;
  for (let i = 0; i < count; i++) {
    if (state.throttle(rules, caller, fnOf(target)) === undefined) passed++;
  }
  return passed;
}

/** The 1-based numbers of the requests among `count` of `caller` that answer 429. */
function refused(
  state: FaultState,
  rules: readonly FaultRule[],
  caller: string,
  count: number,
  target: Target = PSTN,
): number[] {
  const numbers: number[] = [];
  for (let n = 1; n <= count; n++) if (state.throttle(rules, caller, fnOf(target))) numbers.push(n);
  return numbers;
}

/** The keys among `keys` whose first attempt fails. */
function failingFirst(
  state: FaultState,
  rules: readonly FaultRule[],
  keys: readonly string[],
  seedKey: number,
): Set<string> {
  return new Set(keys.filter((key) => state.pageFailure(rules, page(key), seedKey) !== undefined));
}

const KEYS = Array.from({ length: 10_000 }, (_, i) => `walk|page-${i}`);

t.test('throttle', async (t) => {
  t.test('exactly `requests` requests pass in a window; the next answers 429', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    for (let i = 1; i <= THROTTLE.requests; i++) {
      t.equal(state.throttle([THROTTLE], 'app', PSTN), undefined, `request ${i} passes`);
      clock.advance(100);
    }
    t.same(
      state.throttle([THROTTLE], 'app', PSTN),
      { status: 429, retryAfterSeconds: THROTTLE.retryAfterSeconds, rule: 0 },
      "the next is refused with the rule's Retry-After",
    );
  });

  t.test(
    'during the block requests answer 429 with the seconds that remain, rounded up',
    async (t) => {
      const clock = new FakeClock();
      const state = new FaultState(clock.now);
      passes(state, [THROTTLE], 'app', THROTTLE.requests);
      t.equal(state.throttle([THROTTLE], 'app', PSTN)?.retryAfterSeconds, 4, 'blocked for 4 s');
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
          state.throttle([THROTTLE], 'app', PSTN),
          { status: 429, retryAfterSeconds: seconds, rule: 0 },
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
    t.equal(state.throttle([THROTTLE], 'app', PSTN)?.status, 429, 'and then the limit');
    t.equal(
      state.throttle([THROTTLE], 'app', PSTN)?.retryAfterSeconds,
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
    t.equal(state.throttle([THROTTLE], 'app', PSTN)?.status, 429, 'the fourth in the same window');

    const other = new FaultState(clock.now);
    t.equal(passes(other, [THROTTLE], 'app', 3), 3);
    clock.advance(THROTTLE.windowSeconds * MS);
    t.equal(passes(other, [THROTTLE], 'app', 3), 3, 'a new window when the old one has ended');
    t.equal(other.throttle([THROTTLE], 'app', PSTN)?.status, 429);
  });

  t.test('callers are limited independently', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    passes(state, [THROTTLE], 'tenant|app-a', THROTTLE.requests + 1);
    t.equal(state.throttle([THROTTLE], 'tenant|app-a', PSTN)?.status, 429, 'app A is blocked');
    t.equal(passes(state, [THROTTLE], 'tenant|app-b', 3), 3, 'app B has its own window');
    t.equal(state.throttle([THROTTLE], 'tenant|app-b', PSTN)?.status, 429, 'and its own limit');
    t.equal(
      state.throttle([THROTTLE], 'tenant|app-a', PSTN)?.status,
      429,
      'app A is still blocked',
    );
  });

  t.test('reset() forgets every window and block', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    passes(state, [THROTTLE], 'app', THROTTLE.requests + 1);
    state.reset();
    t.equal(passes(state, [THROTTLE], 'app', THROTTLE.requests), 3, 'a full window at once');
    t.equal(state.throttle([THROTTLE], 'app', PSTN)?.status, 429);
  });

  t.test('without a throttle rule nothing is ever refused', async (t) => {
    const state = new FaultState(new FakeClock().now);
    t.equal(passes(state, [], 'app', 1000), 1000);
    t.equal(passes(state, [EVERY_THIRD, TENTH, LATENCY], 'app', 1000), 1000);
  });

  t.test('a throttle with functions counts only requests for them', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const dr: ThrottleRule = { ...THROTTLE, functions: ['getDirectRoutingCalls'] };
    t.equal(passes(state, [dr], 'app', 1000, PSTN), 1000, 'getPstnCalls is never counted');
    t.equal(passes(state, [dr], 'app', 1000, 'no function'), 1000, 'nor a URL naming no function');
    t.equal(passes(state, [dr], 'app', 3, 'getDirectRoutingCalls'), 3);
    t.same(
      state.throttle([dr], 'app', 'getDirectRoutingCalls'),
      { status: 429, retryAfterSeconds: 4, rule: 0 },
      'the 4th getDirectRoutingCalls request is refused',
    );
    t.equal(passes(state, [dr], 'app', 10, PSTN), 10, 'while getPstnCalls still passes');
  });

  t.test('a URL naming no function meets the rules for every function', async (t) => {
    const state = new FaultState(new FakeClock().now);
    t.equal(passes(state, [THROTTLE], 'app', 3, 'no function'), 3);
    t.equal(state.throttle([THROTTLE], 'app', PSTN)?.status, 429, 'counted in the same window');
  });

  t.test('each rate limit counts on its own; the first to refuse answers', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const sms: ThrottleRule = {
      kind: 'throttle',
      requests: 1,
      windowSeconds: 10,
      retryAfterSeconds: 7,
      functions: ['getSmsLog'],
    };
    const rules: FaultRule[] = [LATENCY, sms, THROTTLE];
    t.equal(state.throttle(rules, 'app', 'getSmsLog'), undefined, 'SMS 1: both count it');
    t.same(
      state.throttle(rules, 'app', 'getSmsLog'),
      { status: 429, retryAfterSeconds: 7, rule: 1 },
      'SMS 2: the SMS limit refuses it, and the rule after it never sees it',
    );
    t.equal(passes(state, rules, 'app', 2, PSTN), 2, 'so the shared limit has room for 2 more');
    t.same(state.throttle(rules, 'app', PSTN), { status: 429, retryAfterSeconds: 4, rule: 2 });
  });

  t.test('the default clock is the wall clock', async (t) => {
    const state = new FaultState();
    const rule: ThrottleRule = { ...THROTTLE, requests: 1, retryAfterSeconds: 30 };
    t.equal(state.throttle([rule], 'app', PSTN), undefined);
    t.same(state.throttle([rule], 'app', PSTN), { status: 429, retryAfterSeconds: 30, rule: 0 });
    const during = state.throttle([rule], 'app', PSTN)?.retryAfterSeconds;
    t.ok(during === 30 || during === 29, `a moment later ${during} s remain`);
  });
});

t.test('throttleAfter', async (t) => {
  const AFTER_FIVE: ThrottleAfterRule = {
    kind: 'throttleAfter',
    requests: 5,
    retryAfterSeconds: 3,
  };

  t.test('the request after the 5th answers 429, Retry-After 3, and no other', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const answers = Array.from({ length: 7 }, () => state.throttle([AFTER_FIVE], 'app', PSTN));
    t.same(answers, [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      { status: 429, retryAfterSeconds: 3, rule: 0 },
      undefined,
    ]);
    t.same(refused(state, [AFTER_FIVE], 'app', 100_000), [], 'then 100,000 more pass');
  });

  t.test('once per reset: after a reset the 6th is refused again', async (t) => {
    const state = new FaultState(new FakeClock().now);
    t.same(refused(state, [AFTER_FIVE], 'app', 50), [6]);
    state.reset();
    t.same(refused(state, [AFTER_FIVE], 'app', 50), [6]);
  });

  t.test('failures: 3 refuses three in a row; requests: 0 refuses the first', async (t) => {
    const state = new FaultState(new FakeClock().now);
    t.same(refused(state, [{ ...AFTER_FIVE, failures: 3 }], 'app', 1000), [6, 7, 8]);
    t.same(refused(state, [{ ...AFTER_FIVE, requests: 0 }], 'other', 1000), [1]);
  });

  t.test('the spot is a count, not a time: the clock changes nothing', async (t) => {
    const clock = new FakeClock();
    const state = new FaultState(clock.now);
    const numbers: number[] = [];
    for (let n = 1; n <= 20; n++) {
      clock.advance(n * 3600 * MS);
      if (state.throttle([AFTER_FIVE], 'app', PSTN)) numbers.push(n);
    }
    t.same(numbers, [6]);
  });

  t.test('each caller has its own count', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const order: string[] = [];
    for (let n = 1; n <= 8; n++) {
      for (const caller of ['a', 'b']) {
        if (state.throttle([AFTER_FIVE], caller, PSTN)) order.push(`${caller}${n}`);
      }
    }
    t.same(order, ['a6', 'b6']);
  });

  t.test('with functions, only requests for them count', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const rule: ThrottleAfterRule = { ...AFTER_FIVE, functions: ['getSmsLog', 'getPstnCalls'] };
    const numbers: number[] = [];
    const fns: (LogFunctionName | undefined)[] = ['getSmsLog', 'getDirectRoutingCalls', PSTN];
    for (let n = 1; n <= 12; n++) {
      if (state.throttle([rule], 'app', fns[n % fns.length])) numbers.push(n);
    }
    // Requests 2, 3, 5, 6 and 8 are SMS or PSTN: the 9th is their sixth.
    t.same(numbers, [9]);
    t.same(refused(state, [rule], 'fresh', 100, 'getDirectRoutingCalls'), [], 'DR never counts');
    t.same(refused(state, [rule], 'fresh', 100, 'no function'), [], 'nor a URL naming no function');
  });

  t.test('beside a rate limit, in the scenario’s order', async (t) => {
    const state = new FaultState(new FakeClock().now);
    // 3 a window, no block: the rate limit refuses the 4th and the 8th, which the
    // throttleAfter rule never sees, so its sixth request is the 7th.
    const rules: FaultRule[] = [{ ...THROTTLE, retryAfterSeconds: 0 }, AFTER_FIVE];
    const deciding = Array.from({ length: 9 }, () => state.throttle(rules, 'app', PSTN)?.rule);
    t.same(deciding, [undefined, undefined, undefined, 0, undefined, undefined, 1, 0, undefined]);
  });
});

t.test('transient', async (t) => {
  t.test('every n-th page fails its first attempt, then passes', async (t) => {
    const state = new FaultState();
    for (let n = 1; n <= 12; n++) {
      const first = state.pageFailure([EVERY_THIRD], page(`walk|${n}`, n), 1);
      if (n % 3 === 0) {
        t.same(first, { status: 503, retryAfterSeconds: 1, rule: 0 }, `page ${n} fails first`);
        t.equal(
          state.pageFailure([EVERY_THIRD], page(`walk|${n}`, n), 1),
          undefined,
          'retry passes',
        );
        t.equal(state.pageFailure([EVERY_THIRD], page(`walk|${n}`, n), 1), undefined, 'and stays');
      } else {
        t.equal(first, undefined, `page ${n} passes`);
      }
    }
  });

  t.test('a rule with `failures: 2` fails the first two attempts', async (t) => {
    const state = new FaultState();
    const rule: TransientRule = { kind: 'transient', status: 504, everyNthPage: 3, failures: 2 };
    const attempts = Array.from({ length: 4 }, () => state.pageFailure([rule], page('p', 3), 1));
    t.same(attempts, [
      { status: 504, retryAfterSeconds: undefined, rule: 0 },
      { status: 504, retryAfterSeconds: undefined, rule: 0 },
      undefined,
      undefined,
    ]);
  });

  t.test('attempts are counted per page key: another walk meets its own failure', async (t) => {
    const state = new FaultState();
    t.ok(state.pageFailure([EVERY_THIRD], page('june|skip=2000', 3), 1), 'walk A, page 3');
    t.notOk(state.pageFailure([EVERY_THIRD], page('june|skip=2000', 3), 1), 'its retry');
    t.ok(state.pageFailure([EVERY_THIRD], page('july|skip=2000', 3), 1), 'walk B, page 3');
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
      KEYS.filter((key, i) => numbered.pageFailure([TENTH], page(key, i + 7), 42) !== undefined),
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
      picked.map((key) => state.pageFailure([TENTH], page(key), 42)),
      picked.map(() => undefined),
      'every retry passes',
    );
  });

  t.test('the rule index matters: two equal rules pick independent pages', async (t) => {
    const as503: TransientRule = { ...TENTH, status: 503 };
    const first = failingFirst(new FaultState(), [as503], KEYS, 42);
    const second = new Set(
      KEYS.filter((key) => new FaultState().pageFailure([LATENCY, as503], page(key), 42)),
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
      for (let failure = state.pageFailure(both, page(key), 42); failure; ) {
        seen.push('status' in failure ? failure.status : 0);
        failure = state.pageFailure(both, page(key), 42);
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
    t.ok(state.pageFailure([EVERY_THIRD], page('p', 3), 1));
    t.notOk(state.pageFailure([EVERY_THIRD], page('p', 3), 1));
    state.reset();
    t.ok(state.pageFailure([EVERY_THIRD], page('p', 3), 1), 'failing first again');
  });

  t.test('pages: [3] fails page 3 of every walk twice, then passes; no other page', async (t) => {
    const state = new FaultState();
    const third: TransientRule = {
      kind: 'transient',
      status: 503,
      pages: [3],
      failures: 2,
      retryAfterSeconds: 5,
    };
    for (const walk of ['june', 'july']) {
      const attempts: string[] = [];
      for (let n = 1; n <= 1000; n++) {
        for (let failure = state.pageFailure([third], page(`${walk}|${n}`, n), 1); failure; ) {
          if ('network' in failure) throw new Error('a transient rule failed as a network fault');
          attempts.push(`${n}:${failure.status}/${failure.retryAfterSeconds}`);
          failure = state.pageFailure([third], page(`${walk}|${n}`, n), 1);
        }
      }
      t.same(attempts, ['3:503/5', '3:503/5'], `${walk}: page 3, two attempts`);
    }
  });

  t.test('pages may name several numbers, beside everyNthPage', async (t) => {
    const state = new FaultState();
    const rule: TransientRule = {
      kind: 'transient',
      status: 504,
      pages: [1, 7, 2],
      everyNthPage: 5,
      failures: 1,
    };
    const failing = Array.from({ length: 20 }, (_, i) => i + 1).filter((n) =>
      state.pageFailure([rule], page(`w|${n}`, n), 1),
    );
    t.same(failing, [1, 2, 5, 7, 10, 15, 20]);
  });

  t.test('with functions, a rule fails only pages of those functions', async (t) => {
    const state = new FaultState();
    const dr: TransientRule = { ...EVERY_THIRD, functions: ['getDirectRoutingCalls'] };
    t.equal(state.pageFailure([dr], page('pstn|3', 3, PSTN), 1), undefined, 'getPstnCalls page 3');
    t.same(state.pageFailure([dr], page('dr|3', 3, 'getDirectRoutingCalls'), 1), {
      status: 503,
      retryAfterSeconds: 1,
      rule: 0,
    });
  });

  t.test('a rule for other functions leaves the picks of the rules after it alone', async (t) => {
    const sms: TransientRule = { ...TENTH, functions: ['getSmsLog'] };
    const alone = failingFirst(new FaultState(), [LATENCY, TENTH], KEYS, 42);
    const beside = failingFirst(new FaultState(), [sms, TENTH], KEYS, 42);
    t.ok(alone.size > 0);
    t.same([...beside], [...alone], 'the rule at index 1 picks the same pages');
  });

  t.test('throttle and latency rules never fail a page', async (t) => {
    const state = new FaultState();
    for (let n = 1; n <= 30; n++) {
      t.equal(state.pageFailure([THROTTLE, LATENCY], page(`p${n}`, n), 1), undefined);
    }
  });

  t.test("the flaky scenario's rules: 503 every 3rd page with Retry-After 1", async (t) => {
    const state = new FaultState();
    const failure = state.pageFailure(flakyScenario.faults, page('x', 3), 7);
    t.same(failure, { status: 503, retryAfterSeconds: 1, rule: 0 });
  });
});

t.test('bounded memory', async (t) => {
  t.test('a throttle remembers at most 100,000 callers, forgetting the oldest', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const one: ThrottleRule = { ...THROTTLE, requests: 1 };
    passes(state, [one], 'first', 2);
    for (let i = 1; i < TRACKED_KEYS; i++) state.throttle([one], `caller-${i}`, PSTN);
    t.equal(
      state.throttle([one], 'first', PSTN)?.status,
      429,
      'at the limit, the first is still blocked',
    );
    for (let i = TRACKED_KEYS; i < TRACKED_KEYS + 1000; i++)
      state.throttle([one], `caller-${i}`, PSTN);
    t.ok(trackedSize(state, 'windows') <= TRACKED_KEYS, 'the map stays at the limit');
    t.equal(
      state.throttle([one], 'first', PSTN),
      undefined,
      'past it, the oldest caller is forgotten',
    );
    const latest = `caller-${TRACKED_KEYS + 999}`;
    t.equal(state.throttle([one], latest, PSTN)?.status, 429, 'the latest caller is still limited');
  });

  t.test('throttleAfter counts remember at most 100,000 callers', async (t) => {
    const state = new FaultState(new FakeClock().now);
    const first: ThrottleAfterRule = { kind: 'throttleAfter', requests: 0, retryAfterSeconds: 1 };
    for (let i = 0; i < TRACKED_KEYS + 1000; i++) state.throttle([first], `caller-${i}`, PSTN);
    t.ok(trackedSize(state, 'counted') <= TRACKED_KEYS, 'the map stays at the limit');
    const latest = `caller-${TRACKED_KEYS + 999}`;
    t.equal(state.throttle([first], latest, PSTN), undefined, 'the latest has had its 429');
  });

  t.test('transient attempts remember at most 100,000 pages, forgetting the oldest', async (t) => {
    const state = new FaultState();
    const everyPage: TransientRule = { ...EVERY_THIRD, everyNthPage: 1 };
    t.ok(state.pageFailure([everyPage], page('first'), 1), 'the first page fails');
    for (let i = 1; i < TRACKED_KEYS + 1000; i++) state.pageFailure([everyPage], page(`p${i}`), 1);
    t.ok(trackedSize(state, 'attempts') <= TRACKED_KEYS, 'the map stays at the limit');
    t.ok(state.pageFailure([everyPage], page('first'), 1), 'forgotten, it fails again');
    const latest = page(`p${TRACKED_KEYS + 999}`);
    t.equal(state.pageFailure([everyPage], latest, 1), undefined, 'the latest is remembered');
  });
});

t.test('latencyFor', async (t) => {
  const msOf = (rules: readonly FaultRule[], p: PageIdentity) => latencyFor(rules, p)?.ms;

  t.test('none without a latency rule', async (t) => {
    t.equal(latencyFor([], page('p')), undefined);
    t.equal(latencyFor([THROTTLE, EVERY_THIRD, TENTH], page('p')), undefined);
  });

  t.test('within [minMs, maxMs], spread over the range', async (t) => {
    const delays = KEYS.map((key) => msOf([LATENCY], page(key))!);
    t.ok(
      delays.every((ms) => Number.isInteger(ms) && ms >= LATENCY.minMs && ms <= LATENCY.maxMs),
      'every delay is a whole number of ms in range',
    );
    t.ok(Math.min(...delays) < 210 && Math.max(...delays) > 790, 'both ends are reached');
    t.ok(new Set(delays).size > 500, 'pages get different delays');
    t.equal(msOf([{ kind: 'latency', minMs: 50, maxMs: 50 }], page('p')), 50, 'min = max');
  });

  t.test('stable per page: the same key always gets the same delay', async (t) => {
    const first = KEYS.slice(0, 100).map((key) => msOf(slowScenario.faults, page(key)));
    const again = KEYS.slice(0, 100).map((key) => msOf(slowScenario.faults, page(key, 9)));
    t.same(again, first);
  });

  t.test(
    'the first latency rule of the page’s function decides, and says which it is',
    async (t) => {
      const rules: FaultRule[] = [
        THROTTLE,
        { kind: 'latency', minMs: 5, maxMs: 5, functions: ['getDirectRoutingCalls'] },
        { kind: 'latency', minMs: 9, maxMs: 9 },
      ];
      t.same(latencyFor(rules, page('p', 1, 'getDirectRoutingCalls')), { ms: 5, rule: 1 });
      t.same(latencyFor(rules, page('p', 1, 'getPstnCalls')), { ms: 9, rule: 2 });
      t.same(latencyFor(rules.slice(0, 2), page('p', 1, 'getSmsLog')), undefined, 'none for SMS');
    },
  );
});

t.test('forcedFailure', async (t) => {
  t.same(
    forcedFailure(throttledScenario.faults, 429, PSTN),
    { status: 429, retryAfterSeconds: 2 },
    "a 429 takes the scenario's Retry-After",
  );
  t.same(forcedFailure([], 429, PSTN), { status: 429, retryAfterSeconds: 1 }, 'else 1 s');
  t.same(forcedFailure(flakyScenario.faults, 429, PSTN), { status: 429, retryAfterSeconds: 1 });
  t.same(
    forcedFailure(flakyScenario.faults, 503, PSTN),
    { status: 503, retryAfterSeconds: 1 },
    "a 503 takes the Retry-After of the scenario's 503 rule",
  );
  t.same(
    forcedFailure(flakyScenario.faults, 504, PSTN),
    { status: 504, retryAfterSeconds: undefined },
    "the scenario's 504 rule has none",
  );
  t.same(forcedFailure([], 503, PSTN), { status: 503, retryAfterSeconds: undefined });
  t.same(forcedFailure([], 504, PSTN), { status: 504, retryAfterSeconds: undefined });
  t.same(forcedFailure([{ ...TENTH, retryAfterSeconds: 7 }], 504, PSTN), {
    status: 504,
    retryAfterSeconds: 7,
  });
  t.same(
    forcedFailure([{ ...TENTH, retryAfterSeconds: 7 }], 503, PSTN),
    { status: 503, retryAfterSeconds: undefined },
    'a rule for another status does not lend its Retry-After',
  );
  const scoped: FaultRule[] = [
    { ...THROTTLE, retryAfterSeconds: 9, functions: ['getSmsLog'] },
    { kind: 'throttleAfter', requests: 3, retryAfterSeconds: 6 },
    { ...EVERY_THIRD, retryAfterSeconds: 8, functions: ['getSmsLog'] },
  ];
  t.same(
    forcedFailure(scoped, 429, 'getSmsLog'),
    { status: 429, retryAfterSeconds: 9 },
    'the first rate limit of the function lends its Retry-After',
  );
  t.same(
    forcedFailure(scoped, 429, PSTN),
    { status: 429, retryAfterSeconds: 6 },
    'a throttleAfter rule lends its own',
  );
  t.same(
    forcedFailure(scoped, 429, undefined),
    { status: 429, retryAfterSeconds: 6 },
    'a URL naming no function: the rules for every function',
  );
  t.same(forcedFailure(scoped, 503, 'getSmsLog'), { status: 503, retryAfterSeconds: 8 });
  t.same(
    forcedFailure(scoped, 503, PSTN),
    { status: 503, retryAfterSeconds: undefined },
    "another function's 503 rule lends nothing",
  );
});

/** |a ∩ b| / min(|a|, |b|). */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const key of a) if (b.has(key)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** The size of one of FaultState's private maps, to check memory stays bounded. */
function trackedSize(state: FaultState, cache: 'windows' | 'counted' | 'attempts'): number {
  return (state as unknown as Record<typeof cache, { size: number }>)[cache].size;
}
