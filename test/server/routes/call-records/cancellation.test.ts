/**
 * Every wait on the request path ends when nobody needs its answer: when the client goes away,
 * and when the app closes. The timer is cleared (nothing is left to hold the process) and no
 * page is rendered.
 */
import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { buildApp } from '../../../../server/app.js';
import type { GraphError } from '../../../../server/errors.js';
import { timerDelay } from '../../../../server/routes/call-records/fault-gate.js';
import { PageService } from '../../../../server/routes/call-records/page-service.js';
import { expectGraphError, pstnCallsPath, TOKEN } from '../../../support/graph.js';

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-11T23:59:59Z');
/** Longer than any test may take: a wait that ends at all was cut short. */
const A_MINUTE = { 'x-mock-fault': 'latency=60000', authorization: TOKEN };
/** Far less than the minute each wait would last. */
const PROMPTLY_MS = 2000;

const activeTimers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

/**
 * An app on the real timer (the point is that a real timer is cleared) whose page renders are
 * counted, whose waits report when they start, and whose failures are reported as they reach
 * the error handler: once one has, the handler is done and will render nothing more.
 */
function observedApp(t: Test): {
  app: FastifyInstance;
  renders: () => number;
  waiting: Promise<void>;
  failed: Promise<GraphError>;
} {
  const pages = new PageService(1024 * 1024);
  const render = t.capture(pages, 'render', pages.render.bind(pages));
  let started!: () => void;
  const waiting = new Promise<void>((resolve) => {
    started = resolve;
  });
  const app = buildApp(
    {},
    {
      pages,
      delay: (ms, signal) => {
        started();
        return timerDelay(ms, signal);
      },
    },
  );
  const failed = new Promise<GraphError>((resolve) => {
    app.addHook('onError', async (_request, _reply, error) => resolve(error as GraphError));
  });
  return { app, renders: () => render.calls.length, waiting, failed };
}

const CLIENT_GONE = {
  statusCode: 499,
  code: 'clientClosedRequest',
  message:
    'The client closed the connection while the request waited on its injected latency; no page was rendered.',
};

t.test('the client going away ends the wait: no page is rendered', async (t) => {
  const { app, renders, waiting, failed } = observedApp(t);
  t.teardown(() => app.close());
  const timersBefore = activeTimers();
  const client = new AbortController();
  const started = performance.now();
  const answer = app.inject({ url: DAY, headers: A_MINUTE, signal: client.signal });
  await waiting;
  t.equal(activeTimers(), timersBefore + 1, 'the request waits on a timer');
  client.abort();
  await t.rejects(answer, { name: 'AbortError' }, 'the client sees its own abort');
  t.match(await failed, CLIENT_GONE, 'the route gave up the request');
  t.ok(performance.now() - started < PROMPTLY_MS, 'at once');
  t.equal(activeTimers(), timersBefore, 'its timer is cleared');
  t.equal(renders(), 0, 'no page was rendered');
});

t.test('a client that hangs up over TCP ends the wait the same way', async (t) => {
  const { app, renders, waiting, failed } = observedApp(t);
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const timersBefore = activeTimers();
  const request = httpRequest({ host: '127.0.0.1', port, path: DAY, headers: A_MINUTE });
  request.on('error', () => {}); // the hang-up below is the client's own doing
  request.end();
  await waiting;
  t.equal(activeTimers(), timersBefore + 1, 'the request waits on a timer');
  const started = performance.now();
  request.destroy();
  t.match(await failed, CLIENT_GONE, 'the route gave up the request');
  t.ok(performance.now() - started < PROMPTLY_MS, 'at once');
  t.equal(activeTimers(), timersBefore, 'its timer is cleared');
  t.equal(renders(), 0, 'no page was rendered');
});

t.test('closing the app ends the wait and answers 503: no page is rendered', async (t) => {
  const { app, renders, waiting } = observedApp(t);
  const timersBefore = activeTimers();
  const answer = app.inject({ url: DAY, headers: A_MINUTE });
  await waiting;
  const started = performance.now();
  await app.close();
  const res = await answer;
  t.ok(performance.now() - started < PROMPTLY_MS, 'close() did not wait for the minute');
  expectGraphError(
    t,
    res,
    503,
    'serviceNotAvailable',
    'The mock was closed while this request waited on its injected latency; no page was rendered. Start the mock again and retry.',
  );
  t.equal(activeTimers(), timersBefore, 'the timer is cleared');
  t.equal(renders(), 0, 'no page was rendered');
});

t.test('a wait that is not cut short still renders its page', async (t) => {
  const { app, renders } = observedApp(t);
  t.teardown(() => app.close());
  const res = await app.inject({
    url: DAY,
    headers: { 'x-mock-fault': 'latency=1', authorization: TOKEN },
  });
  t.equal(res.statusCode, 200);
  t.equal(renders(), 1, 'the page was rendered once');
});
