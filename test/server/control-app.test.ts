/**
 * The control API as buildApp serves it: on by default under /_mock, without a token, next
 * to the journal; off with `control: false`, when /_mock is just another unknown path.
 */
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { docPage, docSection } from '../support/doc-pages.js';
import { expectGraphError, get, pstnCallsPath } from '../support/graph.js';

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-12');

t.test('buildApp serves the control API by default, without a token', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const scenarios = await get(app, '/_mock/scenarios', { authorization: null });
  t.equal(scenarios.statusCode, 200);
  t.match(scenarios.json(), { default: { scenario: 'default', seed: 1 } });

  const page = await get(app, DAY);
  const requests = (await get(app, '/_mock/requests', { authorization: null })).json().requests;
  t.match(requests, [{ method: 'GET', url: DAY, status: 200, scenario: 'default', seed: 1 }]);

  const summary = await get(app, '/_mock/summary?fromDateTime=2024-06-11&toDateTime=2024-06-12', {
    authorization: null,
  });
  t.equal(summary.json().rows, page.json().value.length, 'the summary counts the page’s rows');

  t.equal((await get(app, '/_mock/reset', { authorization: null }, 'POST')).statusCode, 204);
  const after = (await get(app, '/_mock/requests', { authorization: null })).json().requests;
  t.same(after, [], 'the reset emptied the journal');
});

t.test('the summary defaults to the server’s scenario and seed', async (t) => {
  const app = buildApp({ scenario: 'international', seed: 5 });
  t.teardown(() => app.close());
  const res = await get(app, '/_mock/summary?fromDateTime=2024-06-11&toDateTime=2024-06-12');
  t.match(res.json(), { scenario: 'international', seed: 5 });
});

t.test('with control: false, /_mock is not served', async (t) => {
  const app = buildApp({ control: false });
  t.teardown(() => app.close());
  for (const path of ['/_mock/scenarios', '/_mock/requests', '/_mock/summary']) {
    const res = await get(app, path, { authorization: null });
    expectGraphError(t, res, 400, 'BadRequest', 'Invalid version: _mock');
  }
  const reset = await get(app, '/_mock/reset', { authorization: null }, 'POST');
  expectGraphError(t, reset, 400, 'BadRequest', 'Invalid version: _mock');
});

t.test(
  'the Control API page’s table, or docs/console.md’s, has a row for every control route',
  async (t) => {
    const app = buildApp();
    t.teardown(() => app.close());
    const routes: string[] = [];
    app.addHook('onRoute', ({ method, url }) => {
      for (const each of [method].flat()) {
        // HEAD comes with every GET.
        if (url.startsWith('/_mock/') && each !== 'HEAD') {
          routes.push(`${each} ${url.replace(/:(\w+)/g, '{$1}')}`);
        }
      }
    });
    await app.ready();
    // The console's routes and the control endpoints it added are documented in docs/console.md.
    const console = docPage('docs/console.md');
    const table =
      docSection('docs/control-api.md', '# Control API').split(/^Every summary/m)[0]! +
      console.split(/^## What the page is made of$/m)[1]!;
    t.ok(routes.length >= 9, 'the routes were seen');
    for (const route of routes) {
      t.ok(table.includes(`| \`${route}`), route);
    }
  },
);
