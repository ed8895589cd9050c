/**
 * Deterministic faults over HTTP: the throttled scenario's rate limit per app, the flaky
 * scenario's transient 503/504s, the slow scenario's per-page delays, and `x-mock-fault` —
 * each as a client meets it, and each the same on every run. Time is a fake clock's, so
 * Retry-After and latency cost no real time; one test waits on the real timer.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { FaultState } from '../../../../scenarios/faults.js';
import { buildApp } from '../../../../server/app.js';
import type { AppOptions } from '../../../../server/options.js';
import { FakeClock } from '../../../support/fake-clock.js';
import {
  type Assertions,
  expectGraphError,
  expectPage,
  get,
  pstnCallsPath,
  type RequestHeaders,
  type Row,
} from '../../../support/graph.js';
import { attemptsByPage, retryingWalk, statusLine } from '../../../support/retrying-walk.js';

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-11T23:59:59Z');
const JUNE = pstnCallsPath('beta', '2024-06-01', '2024-06-30');
const MS_PER_SECOND = 1000;
/** setTimeout may fire up to a millisecond early by the clock performance.now reads. */
const TIMER_SLACK_MS = 1;

const bearer = (app: string): RequestHeaders => ({ authorization: `Bearer app-${app}` });
const ids = (rows: readonly Row[]) => rows.map((row) => row.id);

/** An app on a fake clock: its throttle windows and its latency run on `clock`. */
function fakeTimeApp(clock: FakeClock, options: AppOptions = {}): FastifyInstance {
  return buildApp(options, { faults: new FaultState(clock.now), delay: clock.delay });
}

/**
 * An app that records, per request-id, the fault the route wrote to request.mockContext; on
 * `clock` if given, else on real time.
 */
function faultLoggingApp(
  options: AppOptions = {},
  clock?: FakeClock,
): {
  app: FastifyInstance;
  faultOf: (res: LightMyRequestResponse) => Promise<string | null | undefined>;
} {
  const app = clock ? fakeTimeApp(clock, options) : buildApp(options);
  const faults = new Map<string, string | null>();
  app.addHook('onResponse', async (request) => {
    faults.set(request.id, request.mockContext?.fault ?? null);
  });
  return {
    app,
    faultOf: async (res) => {
      // onResponse runs when the response finishes, which may be just after inject resolves.
      await new Promise((resolve) => setImmediate(resolve));
      return faults.get(String(res.headers['request-id']));
    },
  };
}

t.test('throttled: a rate limit of 10 requests per 20 s per app', async (t) => {
  const clock = new FakeClock();
  const { app, faultOf } = faultLoggingApp({ scenario: 'throttled' }, clock);
  t.teardown(() => app.close());

  t.test('the 11th request in quick succession answers 429, Retry-After: 2', async (t) => {
    for (let i = 1; i <= 10; i++) {
      t.equal((await get(app, DAY, bearer('a'))).statusCode, 200, `request ${i} is served`);
    }
    const res = await get(app, DAY, bearer('a'));
    const body = expectGraphError(t, res, 429, 'TooManyRequests', 'Please retry again later.');
    t.equal(res.headers['retry-after'], '2', 'Retry-After: 2');
    t.equal(body.error.innerError.code, '429', 'innerError.code');
    t.equal(body.error.innerError.status, '429', 'innerError.status');
    t.equal(await faultOf(res), '429 (/faults/0)', 'the fault is recorded, with its rule');

    const during = await get(app, DAY, bearer('a'));
    expectGraphError(t, during, 429, 'TooManyRequests', 'Please retry again later.');
    t.match(during.headers['retry-after'], /^[12]$/, 'during the block: the seconds that remain');

    const unread = await get(
      app,
      '/beta/communications/callRecords/getPstnCalls(fromDateTime=,toDateTime=)',
      bearer('a'),
    );
    expectGraphError(t, unread, 429, 'TooManyRequests', 'Please retry again later.');
    t.comment('the limit is checked before the URL is read');
  });

  /** Sends the 11 requests that block `app` and checks the last is refused. */
  const block = async (t: Assertions, headers: RequestHeaders) => {
    for (let i = 1; i <= 10; i++) await get(app, DAY, headers);
    t.equal((await get(app, DAY, headers)).statusCode, 429, 'blocked');
  };

  t.test('another app (another token) is limited separately', async (t) => {
    await block(t, bearer('b1'));
    for (let i = 1; i <= 10; i++) {
      t.equal((await get(app, DAY, bearer('b2'))).statusCode, 200, `app b2 request ${i}`);
    }
    expectGraphError(t, await get(app, DAY, bearer('b2')), 429, 'TooManyRequests');
  });

  t.test('another seed is another tenant, limited separately', async (t) => {
    await block(t, bearer('s'));
    const res = await get(app, DAY, { ...bearer('s'), 'x-mock-seed': '5' });
    t.equal(res.statusCode, 200, 'the same app on seed 5 is served');
  });

  t.test('x-mock-fault: none neither meets nor counts towards the limit', async (t) => {
    for (let i = 1; i <= 15; i++) {
      const res = await get(app, DAY, { ...bearer('c'), 'x-mock-fault': 'none' });
      t.equal(res.statusCode, 200, `request ${i} with none`);
    }
    for (let i = 1; i <= 10; i++) {
      t.equal((await get(app, DAY, bearer('c'))).statusCode, 200, `then plain request ${i}`);
    }
    t.equal((await get(app, DAY, bearer('c'))).statusCode, 429, 'and the 11th plain one is not');
  });

  t.test('x-mock-fault: 429 answers with the scenario’s Retry-After, uncounted', async (t) => {
    const res = await get(app, DAY, { ...bearer('d'), 'x-mock-fault': '429' });
    expectGraphError(t, res, 429, 'TooManyRequests', 'Please retry again later.');
    t.equal(res.headers['retry-after'], '2');
    for (let i = 1; i <= 10; i++) {
      t.equal((await get(app, DAY, bearer('d'))).statusCode, 200, `request ${i}`);
    }
  });

  t.test('a client that honours Retry-After walks a long range, every row once', async (t) => {
    const paged = `${JUNE}?$top=250`;
    const started = clock.now();
    const walked = await retryingWalk(
      t,
      app,
      paged,
      {},
      {
        honourRetryAfter: clock,
        headers: bearer('walker'),
      },
    );
    const elapsed = clock.now() - started;
    t.comment(statusLine(walked.attempts));
    const throttled = walked.attempts.filter((a) => a.status === 429);
    t.ok(walked.pages.length > 10, `more pages (${walked.pages.length}) than the limit`);
    t.ok(throttled.length >= 1, `throttled ${throttled.length} time(s)`);
    t.ok(
      throttled.every((a) => a.retryAfter === '2'),
      'each time with Retry-After: 2',
    );
    t.ok(
      elapsed >= 2 * MS_PER_SECOND * throttled.length,
      `it waited (${elapsed} ms on the fake clock)`,
    );
    const reference = await retryingWalk(
      t,
      app,
      paged,
      {},
      {
        headers: { ...bearer('reference'), 'x-mock-fault': 'none' },
      },
    );
    t.equal(new Set(ids(walked.rows)).size, walked.rows.length, 'no row twice');
    t.same(ids(walked.rows), ids(reference.rows), 'every row of the range, in order');
  });
});

t.test('flaky: transient 503s on every 3rd page and 504s on a seeded tenth', async (t) => {
  const PAGED = `${JUNE}?$top=100`;
  const first = buildApp({ scenario: 'flaky' });
  const second = buildApp({ scenario: 'flaky' });
  t.teardown(() => Promise.all([first.close(), second.close()]));
  const walkFirst = await retryingWalk(t, first, PAGED, {}, {});
  t.comment(statusLine(walkFirst.attempts));

  t.test('two identical request sequences meet identical faults and bodies', async (t) => {
    const walkSecond = await retryingWalk(t, second, PAGED, {}, {});
    t.same(
      walkSecond.attempts.map((a) => [a.page, a.status, a.retryAfter]),
      walkFirst.attempts.map((a) => [a.page, a.status, a.retryAfter]),
      'the same statuses in the same order',
    );
    t.ok(
      walkSecond.attempts.every((a, i) => a.body === walkFirst.attempts[i]?.body),
      'byte-identical bodies for every success',
    );
    t.ok(
      walkFirst.attempts.some((a) => a.status === 503),
      'the sequence holds 503s',
    );
    t.ok(
      walkFirst.attempts.some((a) => a.status === 504),
      'and 504s',
    );
  });

  t.test('every 3rd page answers 503, Retry-After 1, on the first attempt only', async (t) => {
    const pages = attemptsByPage(walkFirst.attempts);
    t.ok(pages.length >= 30, `${pages.length} pages`);
    for (const [i, attempts] of pages.entries()) {
      const number = i + 1;
      if (number % 3 !== 0) continue;
      t.same(
        attempts.slice(0, 2).map((a) => [a.status, a.retryAfter]),
        [
          [503, '1'],
          [200, undefined],
        ],
        `page ${number}: ${statusLine(attempts)}`,
      );
    }
  });

  t.test('other pages fail at most once, with 504 and no Retry-After', async (t) => {
    const pages = attemptsByPage(walkFirst.attempts);
    const failing = pages.filter((attempts, i) => (i + 1) % 3 !== 0 && attempts.length > 1);
    t.comment(`${failing.length} of ${pages.length - Math.floor(pages.length / 3)} pages`);
    for (const attempts of pages.filter((_, i) => (i + 1) % 3 !== 0)) {
      const line = statusLine(attempts);
      t.ok(line === '200' || line === '504 200', `page ${attempts[0]?.page}: ${line}`);
    }
  });

  t.test('a client that retries 503 and 504 sees every row once', async (t) => {
    const reference = await retryingWalk(
      t,
      first,
      PAGED,
      { 'x-mock-fault': 'none' },
      { headers: { 'x-mock-fault': 'none' } },
    );
    t.equal(reference.attempts.length, reference.pages.length, 'with none: no failure at all');
    t.equal(new Set(ids(walkFirst.rows)).size, walkFirst.rows.length, 'no row twice');
    t.same(ids(walkFirst.rows), ids(reference.rows), 'every row, in order');
  });

  t.test('the faults are per page of a walk: another range meets its own', async (t) => {
    const app = buildApp({ scenario: 'flaky' });
    t.teardown(() => app.close());
    const july = pstnCallsPath('beta', '2024-07-01', '2024-07-31');
    const walked = await retryingWalk(t, app, `${july}?$top=100`, {}, {});
    t.equal(attemptsByPage(walked.attempts)[2]?.[0]?.status, 503, 'page 3 fails first');
  });

  t.test('a retry of the same page succeeds even after other requests', async (t) => {
    const app = buildApp({ scenario: 'flaky' });
    t.teardown(() => app.close());
    // Page 9 of the walk above: picked by the every-3rd-page rule alone.
    const ninth = `${JUNE}?$skip=800&$top=100`;
    expectGraphError(t, await get(app, ninth), 503, 'serviceNotAvailable');
    t.equal((await get(app, `${JUNE}?$top=100`)).statusCode, 200, 'page 1 meanwhile');
    expectPage(t, await get(app, ninth), 'beta');
  });
});

t.test('slow: every page answers after its own fixed 200–800 ms', async (t) => {
  const clock = new FakeClock();
  const { app, faultOf } = faultLoggingApp({ scenario: 'slow' }, clock);
  t.teardown(() => app.close());
  const delayOf = (fault: string | null | undefined): number =>
    Number(/^latency=(\d+)ms \(\/faults\/0\)$/.exec(fault ?? '')?.[1] ?? Number.NaN);

  /** A request, and how long it took on the fake clock: the delays the route waited out. */
  const timed = async (url: string, headers: RequestHeaders = {}) => {
    const started = clock.now();
    const res = await get(app, url, headers);
    return { res, elapsed: clock.now() - started, fault: await faultOf(res) };
  };

  t.test('a response takes at least its page’s delay', async (t) => {
    const { res, elapsed, fault } = await timed(DAY);
    expectPage(t, res, 'beta');
    const delay = delayOf(fault);
    t.ok(delay >= 200 && delay <= 800, `the page's delay: ${fault}`);
    t.ok(elapsed >= delay, `answered after ${elapsed} ms`);
    t.ok(elapsed >= 200, 'at least the scenario’s minimum');
    t.equal(clock.delays.at(-1), delay, 'the route waited out that delay');
  });

  t.test('the same page gets the same delay; another page its own', async (t) => {
    const once = await timed(DAY);
    const twice = await timed(DAY);
    t.equal(twice.fault, once.fault, `again ${twice.fault}`);
    t.ok(twice.elapsed >= delayOf(twice.fault));
    const fresh = faultLoggingApp({ scenario: 'slow' }, new FakeClock());
    t.teardown(() => fresh.app.close());
    const res = await get(fresh.app, DAY);
    t.equal(await fresh.faultOf(res), once.fault, 'and on a fresh server');
    const other = await timed(`${DAY}?$top=10`);
    const delay = delayOf(other.fault);
    t.ok(delay >= 200 && delay <= 800, `another page: ${other.fault}`);
    t.not(other.fault, once.fault, 'a different delay (for these two pages)');
  });

  t.test('x-mock-fault: none answers at once', async (t) => {
    const waitsBefore = clock.delays.length;
    const { res, elapsed, fault } = await timed(DAY, { 'x-mock-fault': 'none' });
    expectPage(t, res, 'beta');
    t.equal(fault, null, 'no fault recorded');
    t.ok(elapsed < 200, `${elapsed} ms`);
    t.equal(clock.delays.length, waitsBefore, 'no wait at all');
  });
});

t.test('x-mock-fault forces a fault on any scenario', async (t) => {
  const { app, faultOf } = faultLoggingApp();
  t.teardown(() => app.close());
  const clock = new FakeClock();
  const fake = faultLoggingApp({}, clock);
  t.teardown(() => fake.app.close());

  t.test('429: Graph’s throttling answer, Retry-After 1 without a rate limit', async (t) => {
    const res = await get(app, DAY, { 'x-mock-fault': '429' });
    const body = expectGraphError(t, res, 429, 'TooManyRequests', 'Please retry again later.');
    t.equal(res.headers['retry-after'], '1');
    t.equal(body.error.innerError.code, '429');
    t.equal(body.error.innerError.status, '429');
    t.equal(await faultOf(res), '429');
  });

  t.test('503: serviceNotAvailable, with the scenario’s Retry-After if any', async (t) => {
    const res = await get(app, DAY, { 'x-mock-fault': '503' });
    expectGraphError(
      t,
      res,
      503,
      'serviceNotAvailable',
      'The service is temporarily unavailable. Retry the request after a delay.',
    );
    t.equal(res.headers['retry-after'], undefined, 'default has no 503 rule: no Retry-After');
    t.equal(await faultOf(res), '503');
    const flaky = await get(app, DAY, { 'x-mock-fault': '503', 'x-mock-scenario': 'flaky' });
    expectGraphError(t, flaky, 503, 'serviceNotAvailable');
    t.equal(flaky.headers['retry-after'], '1', 'flaky’s 503 rule says 1 s');
  });

  t.test('504: gatewayTimeout', async (t) => {
    const res = await get(app, DAY, { 'x-mock-fault': '504' });
    expectGraphError(
      t,
      res,
      504,
      'gatewayTimeout',
      'The gateway did not receive a timely response from the service. Retry the request.',
    );
    t.equal(res.headers['retry-after'], undefined);
    t.equal(await faultOf(res), '504');
  });

  t.test('latency=50: the page, 50 ms late', async (t) => {
    const plain = await get(app, DAY);
    const started = performance.now();
    const res = await get(app, DAY, { 'x-mock-fault': 'latency=50' });
    const elapsed = performance.now() - started;
    t.same(expectPage(t, res, 'beta'), expectPage(t, plain, 'beta'), 'the same page');
    t.ok(elapsed >= 50 - TIMER_SLACK_MS, `after ${Math.round(elapsed)} ms`);
    t.equal(await faultOf(res), 'latency=50ms');
    t.equal(await faultOf(plain), null, 'a plain request meets no fault');
  });

  t.test('latency=0 is no delay and no fault', async (t) => {
    const res = await get(app, DAY, { 'x-mock-fault': 'latency=0' });
    expectPage(t, res, 'beta');
    t.equal(await faultOf(res), null);
  });

  t.test('latency=50,503: both, the delay first', async (t) => {
    const started = clock.now();
    const res = await get(fake.app, DAY, { 'x-mock-fault': 'latency=50,503' });
    const elapsed = clock.now() - started;
    expectGraphError(t, res, 503, 'serviceNotAvailable');
    t.ok(elapsed >= 50, `after ${elapsed} ms on the fake clock`);
    t.equal(await fake.faultOf(res), 'latency=50ms,503');
  });

  t.test('none on flaky: page 3 answers at once', async (t) => {
    const third = `${JUNE}?$skip=200&$top=100`;
    const headers = { 'x-mock-scenario': 'flaky', 'x-mock-fault': 'none' };
    const res = await get(app, third, headers);
    expectPage(t, res, 'beta');
    t.equal(await faultOf(res), null);
    expectGraphError(
      t,
      await get(app, third, { 'x-mock-scenario': 'flaky' }),
      503,
      'serviceNotAvailable',
      undefined,
    );
  });

  t.test('a forced 429 comes before the URL is read; a forced 503 after', async (t) => {
    const bad = '/beta/communications/callRecords/getPstnCalls(fromDateTime=,toDateTime=)';
    expectGraphError(t, await get(app, bad, { 'x-mock-fault': '429' }), 429, 'TooManyRequests');
    expectGraphError(t, await get(app, bad, { 'x-mock-fault': '503' }), 400, 'BadRequest');
  });

  t.test('a bad item answers 400 naming it', async (t) => {
    for (const [value, item] of [
      ['teapot', 'teapot'],
      ['503,418', '418'],
      ['latency=99999', 'latency=99999'],
      ['latency=fast', 'latency=fast'],
    ]) {
      const res = await get(app, DAY, { 'x-mock-fault': value! });
      expectGraphError(
        t,
        res,
        400,
        'BadRequest',
        `The x-mock-fault item '${item}' is not a fault. Use 429, 503, 504, latency=<0–60000 ms>, connection-reset=<0–100000000 bytes>, truncated-body=<0–100000000 bytes>, stall=<0–60000 ms>, dribble=<1–100000000 bytes/s>, empty-response, malformed-body or none, separated by commas.`,
      );
    }
  });
});
