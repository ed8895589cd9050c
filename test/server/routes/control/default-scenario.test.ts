/**
 * GET and PUT /_mock/default-scenario: which tenant a request that names none is served, and
 * switching it while the server runs; a scenario serving as the default cannot be deleted.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { parseDefaultChoice } from '../../../../server/routes/control/default-scenario.js';
import { buildControlTestApp } from '../../../support/control-app.js';
import { expectGraphError, get, pstnCallsPath } from '../../../support/graph.js';

const PAGE = pstnCallsPath('v1.0', '2024-06-01', '2024-06-02', '?$top=1');

function putDefault(app: FastifyInstance, body: unknown) {
  return app.inject({
    method: 'PUT',
    url: '/_mock/default-scenario',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

/** The scenario and seed a Graph request without x-mock-scenario was served, from the journal. */
async function servedTenant(app: FastifyInstance, journal: { entries(): readonly unknown[] }) {
  const res = await get(app, PAGE);
  if (res.statusCode !== 200) throw new Error(`the page answered ${res.statusCode}: ${res.body}`);
  const { scenario, seed } = journal.entries().at(-1) as { scenario: string; seed: number };
  return { scenario, seed };
}

t.test('GET names the start-up scenario and the seed it serves', async (t) => {
  const { app } = buildControlTestApp({ seed: 42 });
  t.teardown(() => app.close());
  const res = await get(app, '/_mock/default-scenario', { authorization: null });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { scenario: 'default', seed: 42 });
});

t.test('PUT switches what a request that names no scenario is served', async (t) => {
  const { app, journal } = buildControlTestApp();
  t.teardown(() => app.close());
  t.same(await servedTenant(app, journal), { scenario: 'default', seed: 1 });

  const seeded = await putDefault(app, { scenario: 'large', seed: 7 });
  t.equal(seeded.statusCode, 200);
  t.same(seeded.json(), { scenario: 'large', seed: 7 });
  t.same(await servedTenant(app, journal), { scenario: 'large', seed: 7 });
  t.same((await get(app, '/_mock/scenarios')).json().default, { scenario: 'large', seed: 7 });
  t.match(
    (await get(app, '/_mock/summary?fromDateTime=2024-06-01&toDateTime=2024-06-02')).json(),
    { scenario: 'large', seed: 7 },
    'the summary follows the default too',
  );

  const own = await putDefault(app, { scenario: 'international', seed: null });
  t.same(own.json().scenario, 'international');
  t.same(await servedTenant(app, journal), { scenario: 'international', seed: own.json().seed });
  t.same((await get(app, '/_mock/default-scenario')).json(), own.json());
  t.same((await putDefault(app, { scenario: 'default' })).json(), { scenario: 'default', seed: 1 });
});

t.test(
  'a body it cannot take is a 400 that shows one it can; an unknown scenario a 404',
  async (t) => {
    const { app } = buildControlTestApp();
    t.teardown(() => app.close());
    const cases: [unknown, RegExp][] = [
      [['large'], /^The body is not a JSON object; send a JSON object such as \{"scenario"/],
      ['large', /^The body is not a JSON object/],
      [{ scenario: 'large', tenant: 'x' }, /^The body has members this does not take: tenant;/],
      [{ seed: 7 }, /^The body's scenario is not a scenario name;/],
      [{ scenario: 'large', seed: -1 }, /^The body's seed -1 is not a seed: use a whole number/],
      [{ scenario: 'large', seed: 1.5 }, /^The body's seed 1\.5 is not a seed/],
      [{ scenario: 'large', seed: '7' }, /^The body's seed "7" is not a seed/],
      [{ scenario: 'large', seed: 4294967296 }, /seed 4294967296 is not a seed/],
    ];
    for (const [body, message] of cases) {
      expectGraphError(t, await putDefault(app, body), 400, 'BadRequest', message);
    }
    const unknown = await putDefault(app, { scenario: 'nope' });
    expectGraphError(
      t,
      unknown,
      404,
      'NotFound',
      /^There is no scenario 'nope'\. Known scenarios: default, /,
    );
    t.same((await get(app, '/_mock/default-scenario')).json(), { scenario: 'default', seed: 1 });
  },
);

t.test('parseDefaultChoice reads null as "no body"', async (t) => {
  t.equal(parseDefaultChoice(null), 'The body is not a JSON object');
  t.same(parseDefaultChoice({ scenario: 'large', seed: 0 }), { scenario: 'large', seed: 0 });
});

t.test('the default scenario cannot be deleted until another is the default', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const defined = await app.inject({
    method: 'PUT',
    url: '/_mock/scenarios/qa-run',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ extends: 'default' }),
  });
  t.equal(defined.statusCode, 201);
  t.equal((await putDefault(app, { scenario: 'qa-run' })).statusCode, 200);

  const refused = await get(app, '/_mock/scenarios/qa-run', {}, 'DELETE');
  expectGraphError(
    t,
    refused,
    409,
    'Conflict',
    /^'qa-run' is the default scenario.*PUT \/_mock\/default-scenario/,
  );
  t.equal((await putDefault(app, { scenario: 'default' })).statusCode, 200);
  t.equal((await get(app, '/_mock/scenarios/qa-run', {}, 'DELETE')).statusCode, 204);
});
