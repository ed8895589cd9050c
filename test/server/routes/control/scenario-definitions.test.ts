/**
 * /_mock/scenarios/{name}: one scenario as a file (GET), defined or replaced at runtime (PUT,
 * JSON or YAML), taken away (DELETE); what each origin allows; every refusal in Graph's envelope
 * with the loader's sentences; and a defined scenario served, listed and totalled at once.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { SCENARIOS } from '../../../../scenarios/catalog.js';
import { buildApp } from '../../../../server/app.js';
import { SCENARIO_BODY_LIMIT } from '../../../../server/routes/control/scenarios.js';
import {
  expectGraphError,
  expectGraphHeaders,
  get,
  pathOf,
  pstnCallsPath,
  walk,
} from '../../../support/graph.js';

const JUNE = { from: '2024-06-01', to: '2024-07-01' } as const;
const ACME = { extends: 'default', tenant: { userCount: 12, domain: 'acme.example' } };

function put(
  app: FastifyInstance,
  name: string,
  payload: string | object | undefined,
  /** null: no Content-Type at all. */
  contentType: string | null = 'application/json',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'PUT',
    url: `/_mock/scenarios/${name}`,
    ...(payload !== undefined && {
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    }),
    headers: contentType === null ? {} : { 'content-type': contentType },
  });
}

const summaryOf = async (app: FastifyInstance, scenario: string) =>
  (
    await get(
      app,
      `/_mock/summary?scenario=${scenario}&fromDateTime=${JUNE.from}&toDateTime=${JUNE.to}`,
    )
  ).json();

const firstPage = async (app: FastifyInstance, scenario: string, seed = '1') =>
  (
    await get(app, pstnCallsPath('beta', JUNE.from, JUNE.to), {
      'x-mock-scenario': scenario,
      'x-mock-seed': seed,
    })
  ).json();

t.test('GET answers a scenario as a complete file; an unknown name is a 404', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const res = await get(app, '/_mock/scenarios/throttled', { authorization: null });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  expectGraphHeaders(t, res);
  const file = res.json();
  t.match(file, { name: 'throttled', dataset: 'default', seed: 1, faults: [{ kind: 'throttle' }] });
  t.same(Object.keys(file).slice(0, 4), ['name', 'description', 'dataset', 'seed'], 'name first');
  t.match(res.body, /^\{\n {2}"name": "throttled",\n/, 'indented, to be saved and edited');

  const head = await app.inject({ method: 'HEAD', url: '/_mock/scenarios/default' });
  t.equal(head.statusCode, 200);

  const missing = await get(app, '/_mock/scenarios/acme');
  expectGraphError(
    t,
    missing,
    404,
    'NotFound',
    `There is no scenario 'acme'. Known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}; PUT /_mock/scenarios/acme defines it.`,
  );
});

t.test('PUT defines (201 + Location), replaces (200); DELETE removes (204)', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const created = await put(app, 'acme', ACME);
  t.equal(created.statusCode, 201);
  t.equal(created.headers.location, '/_mock/scenarios/acme');
  expectGraphHeaders(t, created);
  t.match(created.json(), {
    name: 'acme',
    dataset: 'acme',
    tenant: { userCount: 12, domain: 'acme.example', country: 'US' },
  });
  const fetched = await get(app, '/_mock/scenarios/acme');
  t.equal(fetched.body, created.body, 'GET answers what PUT made of it');

  const replaced = await put(app, 'acme', { ...ACME, tenant: { userCount: 13 } });
  t.equal(replaced.statusCode, 200);
  t.equal(replaced.headers.location, undefined, 'nothing new to locate');
  t.equal(replaced.json().tenant.userCount, 13);
  t.equal(replaced.json().tenant.domain, 'contoso.com', 'a replacement, not a patch of the last');
  const listed = (await get(app, '/_mock/scenarios')).json().scenarios.at(-1);
  t.same(listed, {
    name: 'acme',
    description: SCENARIOS[0]!.description,
    seed: 1,
    origin: 'added',
    replaced: true,
  });

  const deleted = await get(app, '/_mock/scenarios/acme', {}, 'DELETE');
  t.equal(deleted.statusCode, 204);
  t.equal(deleted.body, '');
  t.equal((await get(app, '/_mock/scenarios/acme')).statusCode, 404);
  expectGraphError(t, await get(app, '/_mock/scenarios/acme', {}, 'DELETE'), 404, 'NotFound');
  const unknown = await get(app, pstnCallsPath('beta', JUNE.from, JUNE.to), {
    'x-mock-scenario': 'acme',
  });
  expectGraphError(t, unknown, 400, 'BadRequest', /^Unknown scenario 'acme'/);
});

t.test('a body in YAML is the same scenario as in JSON, under each YAML type', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const json = (await put(app, 'from-json', ACME)).json();
  const yaml = 'extends: default\ntenant:\n  userCount: 12\n  domain: acme.example\n';
  for (const type of [
    'application/yaml',
    'text/yaml',
    'application/x-yaml',
    'Application/YAML; charset=utf-8',
  ]) {
    const res = await put(app, 'from-yaml', yaml, type);
    t.ok(res.statusCode === 201 || res.statusCode === 200, type);
    t.same({ ...res.json(), name: 'from-json', dataset: 'from-json' }, json, type);
  }
});

t.test(
  'a built-in can be neither replaced nor deleted: 405, and Allow says what it takes',
  async (t) => {
    const app = buildApp();
    t.teardown(() => app.close());
    for (const res of [
      await put(app, 'default', { extends: 'empty' }),
      await put(app, 'default', 'not even JSON'),
      await get(app, '/_mock/scenarios/default', {}, 'DELETE'),
    ]) {
      expectGraphError(
        t,
        res,
        405,
        'MethodNotAllowed',
        `'default' is a built-in scenario: it cannot be replaced or deleted. Define your changes under a new name, e.g. PUT /_mock/scenarios/my-default with {"extends": "default", …}.`,
      );
      t.equal(res.headers.allow, 'GET, HEAD');
    }
    t.equal((await get(app, '/_mock/scenarios/default')).json().tenant.userCount, 150);
  },
);

t.test('a loaded file’s scenario can be replaced, not deleted', async (t) => {
  const app = buildApp({
    scenarios: [{ name: 'acme', extends: 'default', seed: 4 }],
    scenario: 'acme',
  });
  t.teardown(() => app.close());
  const refused = await get(app, '/_mock/scenarios/acme', {}, 'DELETE');
  expectGraphError(
    t,
    refused,
    405,
    'MethodNotAllowed',
    "'acme' was loaded from a scenario file at start-up: it can be replaced (PUT) but not deleted. PUT the file again to go back to it.",
  );
  t.equal(refused.headers.allow, 'GET, HEAD, PUT');

  const before = await firstPage(app, 'acme', '4');
  const replaced = await put(app, 'acme', { extends: 'single-page', seed: 4 });
  t.equal(replaced.statusCode, 200);
  const listing = (await get(app, '/_mock/scenarios')).json();
  t.match(listing.scenarios.at(-1), { name: 'acme', origin: 'loaded', replaced: true });
  t.same(listing.default, { scenario: 'acme', seed: 4 });
  // The server's default scenario: a request that names none gets the new definition.
  const byDefault = (await get(app, pstnCallsPath('beta', JUNE.from, JUNE.to))).json();
  const summary = (
    await get(app, `/_mock/summary?fromDateTime=${JUNE.from}&toDateTime=${JUNE.to}`)
  ).json();
  t.equal(summary.pages, 1, 'a single page now: the summary follows the default too');
  t.equal(byDefault.value.length, summary.rows);
  t.equal(byDefault['@odata.nextLink'], undefined);
  t.ok(before['@odata.nextLink'], 'where default’s volume took pages');
});

t.test('a bad body is a 400 with the loader’s sentences, a line each', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const origin = 'PUT /_mock/scenarios/acme';
  const cases: [LightMyRequestResponse, string][] = [
    [
      await put(app, 'acme', { extends: 'default', tenant: { userCount: 0, usrCount: 3 } }),
      `The scenario 'acme' was not saved; fix these 2 problems and send it again:\n${origin}: /tenant/usrCount is not a scenario member; did you mean userCount?\n${origin}: /tenant/userCount must be a whole number from 1 to 100000, got 0`,
    ],
    [
      await put(app, 'acme', '{\n  "extends": "default",\n}'),
      `The scenario 'acme' was not saved; fix this problem and send it again:\n${origin}: is not valid JSON: Expected double-quoted property name at line 3, column 1`,
    ],
    [
      await put(app, 'acme', '', 'application/json'),
      `The scenario 'acme' was not saved; fix this problem and send it again:\n${origin}: is not valid JSON: Unexpected end of JSON input at line 1, column 1`,
    ],
    [
      await put(app, 'acme', 'extends: default\nextends: empty\n', 'application/yaml'),
      `The scenario 'acme' was not saved; fix this problem and send it again:\n${origin}: is not valid YAML: Map keys must be unique at line 2, column 1`,
    ],
    [
      await put(app, 'acme', { name: 'other', extends: 'default' }),
      `The scenario 'acme' was not saved; fix this problem and send it again:\n${origin}: /name "other" is not "acme", the name it is defined under; leave /name out or make it "acme"`,
    ],
    [
      await put(app, 'acme', { extends: 'nope' }),
      `The scenario 'acme' was not saved; fix this problem and send it again:\n${origin}: /extends "nope" is not a scenario; expected one of ${SCENARIOS.map((s) => s.name).join(', ')}`,
    ],
    [
      await put(app, 'Acme', { extends: 'default' }),
      `The scenario 'Acme' was not saved; fix this problem and send it again:\nPUT /_mock/scenarios/Acme: /name must be a name of lower-case letters, digits and hyphens, starting with a letter or digit, e.g. "acme", got "Acme"`,
    ],
    [
      await put(app, 'acme', {
        extends: 'default',
        tenant: { country: 'AU', currency: 'AUD', userCount: 78_995 },
        volume: { callsPerUserPerWeekday: 100, dailyVariation: 1 },
      }),
      `The scenario 'acme' was not saved; fix this problem and send it again:\n${origin}: /tenant/userCount (78995) with its volumes could place up to 1093472325 calls in a day, and the mock numbers at most 33554432 a minute; lower /tenant/userCount, /volume/callsPerUserPerWeekday or /tenant/sms/messagesPerUserPerWeekday`,
    ],
    [
      await put(app, 'acme', undefined, null),
      'The request has no body; send the scenario as JSON (Content-Type: application/json) or YAML (Content-Type: application/yaml).',
    ],
  ];
  for (const [res, message] of cases) expectGraphError(t, res, 400, 'BadRequest', message);
  t.equal((await get(app, '/_mock/scenarios/acme')).statusCode, 404, 'nothing was defined');
});

t.test('another media type is a 415, and a body past the limit a 413', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  expectGraphError(
    t,
    await put(app, 'acme', JSON.stringify(ACME), 'application/x-www-form-urlencoded'),
    415,
    'UnsupportedMediaType',
    "The Content-Type 'application/x-www-form-urlencoded' is not a scenario format; send the scenario as JSON (Content-Type: application/json) or YAML (Content-Type: application/yaml).",
  );
  for (const contentType of ['', 'json', 'application/octet-stream']) {
    const res = await app.inject({
      method: 'PUT',
      url: '/_mock/scenarios/acme',
      payload: Buffer.from(JSON.stringify(ACME)),
      headers: { 'content-type': contentType },
    });
    expectGraphError(
      t,
      res,
      415,
      'UnsupportedMediaType',
      contentType === ''
        ? /^The request has no Content-Type; send the scenario as JSON/
        : `The Content-Type '${contentType}' is not a scenario format; send the scenario as JSON (Content-Type: application/json) or YAML (Content-Type: application/yaml).`,
    );
  }

  const padded = JSON.stringify({ ...ACME, description: 'x'.repeat(SCENARIO_BODY_LIMIT) });
  expectGraphError(
    t,
    await put(app, 'acme', padded),
    413,
    'RequestEntityTooLarge',
    `The scenario is larger than ${SCENARIO_BODY_LIMIT} bytes, more than any scenario needs; leave out what "extends" gives it.`,
  );
  const justUnder = JSON.stringify({
    ...ACME,
    description: 'x'.repeat(SCENARIO_BODY_LIMIT - JSON.stringify(ACME).length - 20),
  });
  t.equal((await put(app, 'acme', justUnder)).statusCode, 201, 'a body within it is read');
  t.equal((await get(app, '/_mock/scenarios/acme')).statusCode, 200);
});

t.test(
  'a defined scenario is served and totalled at once: a walk adds up to its summary',
  async (t) => {
    const app = buildApp();
    t.teardown(() => app.close());
    t.equal((await put(app, 'acme', ACME)).statusCode, 201);
    const walked = await walk(t, app, 'beta', pstnCallsPath('beta', JUNE.from, JUNE.to), {
      'x-mock-scenario': 'acme',
    });
    const summary = await summaryOf(app, 'acme');
    t.ok(summary.rows > 0);
    t.equal(walked.rows.length, summary.rows, 'the summary counts the rows a walk reads');
    t.equal(walked.pages.length, summary.pages);
    const cents = walked.rows.reduce((sum, row) => sum + Math.round(Number(row.charge) * 100), 0);
    t.equal(summary.charge.USD.cents, cents);
    const upns = walked.rows.map((row) => row.userPrincipalName).filter((upn) => upn !== null);
    t.ok(
      upns.every((upn) => String(upn).endsWith('@acme.example')),
      'from its own users',
    );
    t.ok(new Set(upns).size <= 12);
  },
);

t.test('a replaced scenario serves its new data, even a page the cache kept', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await put(app, 'acme', ACME);
  // Asked twice, a page is kept in the cache.
  const first = await firstPage(app, 'acme');
  t.same(await firstPage(app, 'acme'), first);
  const before = await summaryOf(app, 'acme');
  await put(app, 'acme', { ...ACME, tenant: { ...ACME.tenant, userCount: 30 } });
  const after = await firstPage(app, 'acme');
  t.not(after.value[0].id, first.value[0].id, 'not the old definition’s page');
  const summary = await summaryOf(app, 'acme');
  t.ok(summary.rows > before.rows, 'more users, more calls: the summary follows too');
});

t.test(
  'a walk is not stable across a PUT: the next page comes from the new definition',
  async (t) => {
    const app = buildApp();
    t.teardown(() => app.close());
    const larger = { extends: 'default', tenant: { userCount: 300 } };
    await put(app, 'acme', larger);
    const page1 = await firstPage(app, 'acme');
    const next = pathOf(page1['@odata.nextLink']);
    t.match(next, /x-mock-scenario=acme/, 'the link names the scenario, not its definition');

    await put(app, 'acme', { extends: 'default', tenant: { userCount: 301 } });
    const page2 = (await get(app, next)).json();
    // The same definition under another name: its dataset makes it the same data.
    await put(app, 'fresh', { extends: 'default', dataset: 'acme', tenant: { userCount: 301 } });
    const fresh = (
      await get(app, next.replace('x-mock-scenario=acme', 'x-mock-scenario=fresh'))
    ).json();
    t.same(
      page2.value.map((row: { startDateTime: string }) => row.startDateTime),
      fresh.value.map((row: { startDateTime: string }) => row.startDateTime),
      'page 2 of the new definition',
    );

    await get(app, '/_mock/scenarios/acme', {}, 'DELETE');
    expectGraphError(t, await get(app, next), 400, 'BadRequest', /^Unknown scenario 'acme'/);
  },
);

t.test(
  'every built-in, GET then PUT under another name, serves the same rows for the same seed',
  async (t) => {
    const app = buildApp();
    t.teardown(() => app.close());
    for (const { name } of SCENARIOS) {
      const file = (await get(app, `/_mock/scenarios/${name}`)).json();
      const copy = `copy-of-${name}`;
      t.equal((await put(app, copy, { ...file, name: copy })).statusCode, 201, name);
      // A seed not the scenario's own, so that nothing but the file makes them agree.
      const original = await firstPage(app, name, '77');
      t.same((await firstPage(app, copy, '77')).value, original.value, name);
    }
  },
);
