/**
 * GET and DELETE /_mock/requests, and POST /_mock/reset: what clients sent, as the journal
 * recorded it, and a fresh start for the journal and the fault counters.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { throttledScenario } from '../../../../scenarios/catalog.js';
import { FaultState } from '../../../../scenarios/faults.js';
import { RequestJournal } from '../../../../server/request-journal.js';
import { buildControlTestApp } from '../../../support/control-app.js';
import { get, pstnCallsPath } from '../../../support/graph.js';

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-12');
const JWT_TOKEN = 'Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJncmFwaCJ9.c2VjcmV0LXNpZ25hdHVyZQ';

async function journalled(app: FastifyInstance): Promise<Record<string, unknown>[]> {
  const res = await get(app, '/_mock/requests', { authorization: null });
  return res.json().requests as Record<string, unknown>[];
}

t.test('a getPstnCalls request is journalled: method, URL, status, tenant', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const res = await get(app, DAY, { 'client-request-id': 'journal-test' });
  t.equal(res.statusCode, 200);
  const requests = await journalled(app);
  t.equal(requests.length, 1);
  t.match(requests[0], {
    method: 'GET',
    url: DAY,
    status: 200,
    scenario: 'default',
    seed: 1,
    fault: null,
    headers: { 'client-request-id': 'journal-test' },
  });
  t.match(requests[0]!.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  t.type(requests[0]!.durationMs, 'number');
});

t.test('the token’s secret part is never journalled', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  await get(app, DAY, { authorization: JWT_TOKEN });
  await get(app, DAY, { authorization: 'Bearer opaque-secret-token' });
  const [jwt, opaque] = await journalled(app);
  t.same(
    (jwt!.headers as Record<string, string>).authorization,
    'Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJncmFwaCJ9.…',
  );
  t.same((opaque!.headers as Record<string, string>).authorization, 'Bearer opaq…');
  const body = (await get(app, '/_mock/requests')).body;
  t.notMatch(body, 'c2VjcmV0LXNpZ25hdHVyZQ', 'no signature anywhere');
  t.notMatch(body, 'opaque-secret-token', 'no opaque token anywhere');
});

t.test('failures are journalled with their status and fault', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  await get(app, DAY, { authorization: null });
  await get(app, DAY, { 'x-mock-fault': '503' });
  await get(app, '/beta/nowhere');
  const [unauthorized, failed, unknown] = await journalled(app);
  t.match(unauthorized, { status: 401, scenario: null, fault: null }, 'refused before a tenant');
  t.match(failed, { status: 503, scenario: 'default', fault: '503' });
  t.match(unknown, { url: '/beta/nowhere', status: 400, scenario: null });
});

t.test('the control API and the health check are not journalled', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  await get(app, '/healthz');
  await get(app, '/_mock/scenarios');
  await get(app, '/_MOCK/requests');
  await get(app, '/_mock/summary?fromDateTime=2024-06-11&toDateTime=2024-06-12');
  await get(app, '/_mock/nothing-here');
  t.same(await journalled(app), []);
});

t.test('DELETE /_mock/requests empties the journal', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  await get(app, DAY);
  await get(app, DAY);
  t.equal((await journalled(app)).length, 2);
  const res = await get(app, '/_mock/requests', { authorization: null }, 'DELETE');
  t.equal(res.statusCode, 204);
  t.equal(res.body, '');
  t.same(await journalled(app), []);
  await get(app, DAY);
  t.equal((await journalled(app)).length, 1, 'recording goes on');
});

t.test('POST /_mock/reset empties the journal', async (t) => {
  const journal = new RequestJournal();
  const { app } = buildControlTestApp({ journal });
  t.teardown(() => app.close());
  await get(app, DAY);
  const res = await get(app, '/_mock/reset', { authorization: null }, 'POST');
  t.equal(res.statusCode, 204);
  t.same(journal.entries(), []);
});

t.test(
  'POST /_mock/reset resets the fault counters: a throttled caller passes again',
  async (t) => {
    const now = 0;
    const faults = new FaultState(() => now);
    const { app } = buildControlTestApp({ faults });
    t.teardown(() => app.close());
    const rules = [
      { kind: 'throttle', requests: 2, windowSeconds: 20, retryAfterSeconds: 5 },
    ] as const;
    t.equal(faults.throttle(rules, 'app', 'getPstnCalls'), undefined, 'first request');
    t.equal(faults.throttle(rules, 'app', 'getPstnCalls'), undefined, 'second request');
    t.match(faults.throttle(rules, 'app', 'getPstnCalls'), { status: 429 }, 'over the limit');
    t.match(
      faults.throttle(rules, 'app', 'getPstnCalls'),
      { status: 429 },
      'still blocked, the clock standing',
    );
    await get(app, '/_mock/reset', {}, 'POST');
    t.equal(
      faults.throttle(rules, 'app', 'getPstnCalls'),
      undefined,
      'after the reset, a fresh window',
    );
  },
);

t.test('through the API: a throttled tenant answers again after a reset', async (t) => {
  const { app } = buildControlTestApp({ scenario: throttledScenario });
  t.teardown(() => app.close());
  const limit = throttledScenario.faults.find((rule) => rule.kind === 'throttle');
  const allowed = limit?.kind === 'throttle' ? limit.requests : 0;
  t.ok(allowed > 0, 'the scenario has a rate limit');
  for (let n = 0; n < allowed; n++) await get(app, DAY);
  t.equal((await get(app, DAY)).statusCode, 429, 'the request past the limit is refused');
  await get(app, '/_mock/reset', {}, 'POST');
  t.equal((await get(app, DAY)).statusCode, 200, 'after the reset it is served');
  t.match(await journalled(app), [{ status: 200 }], 'the journal starts again after the reset');
});
