/**
 * GET /_mock/scenarios: every tenant the mock can serve, described, and which one it serves
 * when a request names none.
 */
import t from 'tap';
import { internationalScenario, SCENARIOS } from '../../../../scenarios/catalog.js';
import { buildControlTestApp } from '../../../support/control-app.js';
import { expectGraphHeaders, get } from '../../../support/graph.js';

t.test('every catalog scenario is listed in order, with its description and seed', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const res = await get(app, '/_mock/scenarios', { authorization: null });
  t.equal(res.statusCode, 200, 'no token needed');
  t.match(res.headers['content-type'], /^application\/json/);
  expectGraphHeaders(t, res);
  const body = res.json();
  t.same(
    body.scenarios,
    SCENARIOS.map(({ name, description, seed }) => ({
      name,
      description,
      seed,
      origin: 'built-in',
      replaced: false,
    })),
  );
  t.ok(
    body.scenarios.every((s: { description: string }) => s.description.length > 0),
    'every scenario says what it models',
  );
  t.same(body.default, { scenario: 'default', seed: 1 });
});

t.test('the default names the server’s scenario and its seed override', async (t) => {
  const { app } = buildControlTestApp({ scenario: internationalScenario, seed: 42 });
  t.teardown(() => app.close());
  const res = await get(app, '/_mock/scenarios');
  t.same(res.json().default, { scenario: 'international', seed: 42 });
});

t.test('without an override the default tenant has its scenario’s own seed', async (t) => {
  const { app } = buildControlTestApp({ scenario: internationalScenario });
  t.teardown(() => app.close());
  const res = await get(app, '/_mock/scenarios');
  t.same(res.json().default, { scenario: 'international', seed: internationalScenario.seed });
});
