/**
 * Targeted faults over HTTP, with the scenario files the Faults page (docs/faults.md) shows: page 3
 * of a walk failing exactly twice, the request after the 5th answering 429, a rate limit of one
 * log function leaving the others alone — each met where the file aims, and the journal naming
 * the rule. Time is a fake clock's.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import type { LogFunctionName } from '../../../../openapi/contract.js';
import { FaultState } from '../../../../scenarios/faults.js';
import type { ScenarioFile } from '../../../../scenarios/scenario-file.js';
import { buildApp } from '../../../../server/app.js';
import type { JournalEntry } from '../../../../server/request-journal.js';
import { docSection } from '../../../support/doc-pages.js';
import { FakeClock } from '../../../support/fake-clock.js';
import {
  expectGraphError,
  expectPage,
  get,
  logPath,
  type RequestHeaders,
  type Row,
} from '../../../support/graph.js';
import { attemptsByPage, retryingWalk, statusLine } from '../../../support/retrying-walk.js';

const MS_PER_SECOND = 1000;

/** The scenario files shown on the Faults page (docs/faults.md), by name. */
function readmeExamples(): ReadonlyMap<string, ScenarioFile> {
  const section = docSection('docs/faults.md', '# Faults');
  const files = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (match) => JSON.parse(match[1]!) as ScenarioFile,
  );
  return new Map(files.map((file) => [file.name, file]));
}

const EXAMPLES = readmeExamples();
const june = (fn: LogFunctionName, query = '') =>
  logPath(fn, 'beta', '2024-06-01', '2024-06-30', query);
const bearer = (app: string): RequestHeaders => ({ authorization: `Bearer app-${app}` });
const ids = (rows: readonly Row[]) => rows.map((row) => row.id);

/** A mock serving the Faults page's example `name`, its faults on `clock`. */
function exampleApp(name: string, clock = new FakeClock()): FastifyInstance {
  const file = EXAMPLES.get(name);
  if (file === undefined) throw new Error(`docs/faults.md shows no scenario '${name}'`);
  return buildApp(
    { scenarios: [file], scenario: name },
    { faults: new FaultState(clock.now), delay: clock.delay },
  );
}

async function journal(app: FastifyInstance): Promise<readonly JournalEntry[]> {
  return (await get(app, '/_mock/requests')).json().requests as JournalEntry[];
}

async function reset(app: FastifyInstance): Promise<void> {
  await get(app, '/_mock/reset', {}, 'POST');
}

/** The statuses `count` requests for `url` get, in order. */
async function statuses(
  app: FastifyInstance,
  url: string,
  count: number,
  headers: RequestHeaders = {},
): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await get(app, url, headers)).statusCode);
  return seen;
}

t.test('the Faults page shows a scenario file for each new rule', async (t) => {
  t.same(
    [...EXAMPLES.keys()],
    ['third-page-fails-twice', 'sixth-request-throttled', 'direct-routing-throttled'],
  );
});

t.test('pages: [3], failures: 2 — page 3 of each getPstnCalls walk fails twice', async (t) => {
  const app = exampleApp('third-page-fails-twice');
  t.teardown(() => app.close());
  const paged = june('getPstnCalls', '?$top=500');
  const walked = await retryingWalk(t, app, paged, {}, {});
  t.comment(statusLine(walked.attempts));

  t.test('the walk meets 503 at page 3 only, exactly twice, then completes', async (t) => {
    const pages = attemptsByPage(walked.attempts);
    t.ok(pages.length > 3, `June is ${pages.length} pages of 500`);
    t.same(
      pages.map((attempts) => statusLine(attempts)),
      pages.map((_, i) => (i === 2 ? '503/1 503/1 200' : '200')),
    );
  });

  t.test('every row of the range once, in order', async (t) => {
    const reference = await retryingWalk(
      t,
      app,
      paged,
      {},
      { headers: { 'x-mock-fault': 'none' } },
    );
    t.equal(reference.attempts.length, reference.pages.length, 'with none: no failure');
    t.equal(new Set(ids(walked.rows)).size, walked.rows.length, 'no row twice');
    t.same(ids(walked.rows), ids(reference.rows));
  });

  t.test('the journal names the rule of each failure', async (t) => {
    const failed = (await journal(app)).filter((entry) => entry.status !== 200);
    t.same(
      failed.map((entry) => [entry.status, entry.fault]),
      [
        [503, '503 (/faults/0)'],
        [503, '503 (/faults/0)'],
      ],
    );
  });

  t.test('a walk of 400 a page meets its own page 3', async (t) => {
    const other = await retryingWalk(t, app, june('getPstnCalls', '?$top=400'), {}, {});
    const pages = attemptsByPage(other.attempts);
    t.ok(pages.length > 3, `${pages.length} pages`);
    t.same(
      pages.map((attempts) => statusLine(attempts)),
      pages.map((_, i) => (i === 2 ? '503/1 503/1 200' : '200')),
    );
  });

  t.test('getDirectRoutingCalls is left alone: its page 3 is served', async (t) => {
    const dr = await retryingWalk(t, app, june('getDirectRoutingCalls', '?$top=100'), {}, {});
    t.ok(dr.pages.length >= 3, `${dr.pages.length} pages`);
    t.equal(dr.attempts.length, dr.pages.length, 'no failure');
  });

  t.test('a reset starts the count again', async (t) => {
    const third = june('getPstnCalls', '?$skip=1000&$top=500');
    t.same(await statuses(app, third, 2), [200, 200], 'spent');
    await reset(app);
    t.same(await statuses(app, third, 4), [503, 503, 200, 200], 'after the reset');
  });
});

t.test('throttleAfter, requests: 5 — the 6th request answers 429, once', async (t) => {
  const clock = new FakeClock();
  const app = exampleApp('sixth-request-throttled', clock);
  t.teardown(() => app.close());
  const paged = june('getPstnCalls', '?$top=100');

  t.test('a walk meets one 429 at its 6th request, and completes', async (t) => {
    const walked = await retryingWalk(t, app, paged, {}, { headers: bearer('walker') });
    t.comment(statusLine(walked.attempts));
    t.ok(walked.pages.length >= 30, `${walked.pages.length} pages`);
    t.same(
      walked.attempts.map((attempt) => statusLine([attempt])),
      walked.pages.map(() => '200').toSpliced(5, 0, '429/3'),
      'request 6 is refused with Retry-After: 3; all others are served',
    );
    t.equal(walked.attempts[5]?.page, 6, 'it was the first ask for page 6; the retry got it');
    const reference = await retryingWalk(
      t,
      app,
      paged,
      {},
      { headers: { ...bearer('walker'), 'x-mock-fault': 'none' } },
    );
    t.same(ids(walked.rows), ids(reference.rows), 'every row once, in order');
    const refused = (await journal(app)).filter((entry) => entry.status === 429);
    t.same(
      refused.map((entry) => entry.fault),
      ['429 (/faults/0)'],
    );
  });

  t.test('Graph’s 429 envelope, and no block: the retry at once passes', async (t) => {
    await reset(app);
    const day = logPath('getSmsLog', 'beta', '2024-06-11', '2024-06-12');
    t.same(await statuses(app, day, 5, bearer('b')), [200, 200, 200, 200, 200]);
    const res = await get(app, day, bearer('b'));
    expectGraphError(t, res, 429, 'TooManyRequests', 'Please retry again later.');
    t.equal(res.headers['retry-after'], '3');
    expectPage(t, await get(app, day, bearer('b')), 'beta', { fn: 'getSmsLog' });
  });

  t.test('each app has its own 6th; the clock changes nothing', async (t) => {
    await reset(app);
    const refused: string[] = [];
    for (let n = 1; n <= 8; n++) {
      for (const caller of ['x', 'y']) {
        clock.advance(3600 * MS_PER_SECOND);
        const res = await get(app, paged, bearer(caller));
        if (res.statusCode === 429) refused.push(`${caller}${n}`);
      }
    }
    t.same(refused, ['x6', 'y6']);
  });

  t.test('once per reset; requests with a bad URL count too', async (t) => {
    await reset(app);
    const bad = '/beta/communications/callRecords/getPstnCalls(fromDateTime=,toDateTime=)';
    t.same(await statuses(app, bad, 5, bearer('z')), [400, 400, 400, 400, 400]);
    t.same(await statuses(app, paged, 20, bearer('z')), [429, ...Array(19).fill(200)]);
    await reset(app);
    t.same(await statuses(app, paged, 7, bearer('z')), [200, 200, 200, 200, 200, 429, 200]);
  });
});

t.test('a throttle for getDirectRoutingCalls leaves the other logs alone', async (t) => {
  const clock = new FakeClock();
  const app = exampleApp('direct-routing-throttled', clock);
  t.teardown(() => app.close());
  const dr = june('getDirectRoutingCalls', '?$top=100');
  const pstn = june('getPstnCalls', '?$top=100');

  t.test('the 3rd getDirectRoutingCalls request answers 429, Retry-After 5', async (t) => {
    t.same(await statuses(app, pstn, 20, bearer('a')), Array(20).fill(200), 'PSTN: uncounted');
    t.same(await statuses(app, dr, 2, bearer('a')), [200, 200]);
    const res = await get(app, dr, bearer('a'));
    expectGraphError(t, res, 429, 'TooManyRequests');
    t.equal(res.headers['retry-after'], '5');
    t.same(await statuses(app, pstn, 5, bearer('a')), Array(5).fill(200), 'PSTN: unrefused');
    const sms = june('getSmsLog', '?$top=100');
    t.same(await statuses(app, sms, 5, bearer('a')), Array(5).fill(200), 'SMS too');
    const faults = (await journal(app)).map((entry) => entry.fault);
    t.same(
      faults.filter((fault) => fault !== null),
      ['429 (/faults/0)'],
    );
  });

  t.test('during the block: a URL naming the function is refused, others are not', async (t) => {
    const malformed =
      '/beta/communications/callRecords/getDirectRoutingCalls(fromDateTime=,toDateTime=)';
    expectGraphError(t, await get(app, malformed, bearer('a')), 429, 'TooManyRequests');
    const unknown = '/beta/communications/callRecords/getCalls(fromDateTime=2024-06-01)';
    expectGraphError(t, await get(app, unknown, bearer('a')), 400, 'BadRequest');
    t.comment('a URL naming no log function meets its own error, not the 429');
  });

  t.test('after Retry-After the function is served again', async (t) => {
    clock.advance(5 * MS_PER_SECOND);
    t.same(await statuses(app, dr, 3, bearer('a')), [200, 200, 429], 'a fresh window');
  });
});
