/**
 * Scenario files from disk and objects from code, loaded into a server: served by name, listed,
 * totalled; and what goes wrong on the way, a sentence a problem.
 */
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { SCENARIOS } from '../../scenarios/catalog.js';
import { BUILT_IN_SCENARIOS, ScenarioRegistry } from '../../scenarios/registry.js';
import { ScenarioFileError } from '../../scenarios/scenario-file.js';
import { SCENARIO_SCHEMA } from '../../scenarios/scenario-schema.js';
import { buildApp } from '../../server/app.js';
import { loadScenarios } from '../../server/scenario-files.js';
import { docSection } from '../support/doc-pages.js';
import { get, pstnCallsPath, walk } from '../support/graph.js';
import { projectPath } from '../support/project-root.js';

const ACME = {
  $schema: 'http://localhost:3000/_mock/scenario.schema.json',
  name: 'acme',
  extends: 'default',
  description: 'Acme: 30 users, a third on Direct Routing through two SBCs.',
  tenant: {
    userCount: 30,
    domain: 'acme.example',
    directRouting: {
      userShare: 0.3,
      trunks: [
        { host: 'sbc-a', mediaBypass: false },
        { host: 'sbc-b', mediaBypass: true },
      ],
    },
  },
};

const problemsOf = (load: () => unknown): readonly string[] => {
  try {
    load();
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    return error.problems;
  }
};

/**
 * Whether loading `paths` in a fresh process loads the yaml package: tap itself uses it, so this
 * process cannot tell.
 */
function loadsYaml(paths: readonly string[]): boolean {
  const script = [
    "import { createRequire } from 'node:module';",
    `const { loadScenarios } = await import(${JSON.stringify(projectPath('dist/server/scenario-files.js'))});`,
    `loadScenarios(${JSON.stringify(paths)});`,
    'const cache = Object.keys(createRequire(import.meta.url).cache);',
    'console.log(cache.some((path) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(path)));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as boolean;
}

t.test('YAML files load beside JSON ones; the parser only once one is read', async (t) => {
  const dir = t.testdir({
    json: { 'acme.json': JSON.stringify(ACME) },
    mixed: {
      'a.yaml': 'name: alpha\nextends: default\nseed: 3\n',
      'b.json': JSON.stringify({ name: 'beta', extends: 'alpha', tenant: { userCount: 9 } }),
      'c.YML': 'name: gamma\nextends: beta\ntenant:\n  sms: null\n',
    },
    'one.yml': 'name: one\nextends: empty\n',
  });
  const registry = loadScenarios([`${dir}/mixed`, `${dir}/one.yml`]);
  t.same(
    registry.names().slice(-4),
    ['alpha', 'beta', 'gamma', 'one'],
    'in name order, then the file',
  );
  t.equal(registry.find('gamma')!.seed, 3);
  t.equal(registry.find('gamma')!.tenant.userCount, 9);
  t.notOk('sms' in registry.find('gamma')!.tenant);
  t.equal(loadsYaml([`${dir}/json`]), false, 'JSON files alone do not load the YAML parser');
  t.equal(loadsYaml([`${dir}/json`, `${dir}/one.yml`]), true, 'a YAML file does');
});

t.test('a YAML file’s syntax and schema errors are the same sentences as JSON’s', async (t) => {
  const dir = t.testdir({
    'dup.yaml': 'name: dup\nextends: default\nextends: empty\n',
    'bad.yml': 'name: bad\nextends: default\ntenant:\n  userCount: many\n',
  });
  t.same(
    problemsOf(() => loadScenarios([`${dir}/bad.yml`])),
    [`${dir}/bad.yml: /tenant/userCount must be a whole number from 1 to 100000, got "many"`],
  );
  t.same(
    problemsOf(() => loadScenarios([`${dir}/dup.yaml`])),
    [`${dir}/dup.yaml: is not valid YAML: Map keys must be unique at line 3, column 1`],
  );
});

t.test('no inputs: the built-ins alone; a registry refuses a name twice', async (t) => {
  t.equal(loadScenarios(), BUILT_IN_SCENARIOS);
  t.equal(loadScenarios([]), BUILT_IN_SCENARIOS);
  t.throws(() => new ScenarioRegistry([SCENARIOS[0]!]), /Two scenarios share a name/);
});

t.test('a directory loads its *.json files in name order, after the built-ins', async (t) => {
  const dir = t.testdir({
    'b-beta.json': JSON.stringify({ name: 'beta', extends: 'alpha', seed: 9 }),
    'a-alpha.json': JSON.stringify({ ...ACME, name: 'alpha' }),
    'notes.txt': 'not a scenario',
  });
  const registry = loadScenarios([dir]);
  t.same(registry.names(), [...SCENARIOS.map((s) => s.name), 'alpha', 'beta']);
  t.equal(registry.find('beta')!.tenant.domain, 'acme.example');
  t.equal(registry.find('beta')!.seed, 9);
});

t.test('files and objects together; an object is named by its place', async (t) => {
  const dir = t.testdir({ 'acme.json': JSON.stringify(ACME) });
  const registry = loadScenarios([
    `${dir}/acme.json`,
    { name: 'acme-small', extends: 'acme', tenant: { userCount: 3 } },
  ]);
  t.equal(registry.find('acme-small')!.tenant.userCount, 3);
  t.same(
    problemsOf(() => loadScenarios([{ name: 'Nope', extends: 'default' }])),
    [
      'scenarios[0]: /name must be a name of lower-case letters, digits and hyphens, starting with a letter or digit, e.g. "acme", got "Nope"',
    ],
  );
});

t.test('what can go wrong with a file, a line each', async (t) => {
  const dir = t.testdir({
    'comma.json': '{\n  "name": "comma",\n  "extends": "default",\n}\n',
    'cut.json': '{ "name": "cut"',
    'blank.json': '',
    nested: { 'sub.json': {} },
    empty: {},
    'bad.json': JSON.stringify({ ...ACME, name: 'bad', tenant: { userCount: 'many' } }),
  });
  t.same(
    problemsOf(() =>
      loadScenarios([
        `${dir}/comma.json`,
        `${dir}/cut.json`,
        `${dir}/blank.json`,
        `${dir}/nested`,
        `${dir}/missing.json`,
        `${dir}/empty`,
      ]),
    ),
    [
      `${dir}/comma.json: is not valid JSON: Expected double-quoted property name at line 4, column 1`,
      `${dir}/cut.json: is not valid JSON: Expected ',' or '}' after property value at line 1, column 16`,
      `${dir}/blank.json: is not valid JSON: Unexpected end of JSON input at line 1, column 1`,
      `${dir}/nested/sub.json: cannot be read (EISDIR)`,
      `${dir}/missing.json: no such file or directory`,
      `${dir}/empty: the directory has no .json, .yaml or .yml scenario files`,
    ],
  );
  t.same(
    problemsOf(() => loadScenarios([`${dir}/bad.json`])),
    [`${dir}/bad.json: /tenant/userCount must be a whole number from 1 to 100000, got "many"`],
  );
  t.same(
    problemsOf(() => buildApp({ scenarios: [`${dir}/bad.json`] })),
    [`${dir}/bad.json: /tenant/userCount must be a whole number from 1 to 100000, got "many"`],
    'buildApp throws the same',
  );
});

t.test('a loaded scenario is served, listed and totalled like a built-in', async (t) => {
  const app = buildApp({ scenarios: [ACME] });
  t.teardown(() => app.close());
  const listed = await get(app, '/_mock/scenarios', { authorization: null });
  t.same(listed.json().scenarios.at(-1), {
    name: 'acme',
    description: ACME.description,
    seed: 1,
    origin: 'loaded',
    replaced: false,
  });

  const from = '2024-06-01';
  const to = '2024-07-01';
  const headers = { 'x-mock-scenario': 'acme' };
  const walked = await walk(t, app, 'beta', pstnCallsPath('beta', from, to), headers);
  const summary = (
    await get(app, `/_mock/summary?scenario=acme&fromDateTime=${from}&toDateTime=${to}`, {
      authorization: null,
    })
  ).json();
  t.equal(summary.scenario, 'acme');
  t.equal(summary.rows, walked.rows.length, 'the summary counts the rows a walk reads');
  t.equal(summary.pages, walked.pages.length);
  t.ok(summary.rows > 0);
  const cents = walked.rows.reduce((sum, row) => sum + Math.round(Number(row.charge) * 100), 0);
  t.equal(summary.charge.USD.cents, cents, 'and charges what they charge');
  const users = new Set(
    walked.rows.map((row) => row.userPrincipalName).filter((upn) => upn !== null),
  );
  t.ok(users.size > 0 && users.size <= 30, 'from at most its 30 users');
  t.ok(
    [...users].every((upn) => String(upn).endsWith('@acme.example')),
    'in its own domain',
  );

  const direct = (
    await get(
      app,
      `/_mock/summary?function=getDirectRoutingCalls&scenario=acme&fromDateTime=${from}&toDateTime=${to}`,
      { authorization: null },
    )
  ).json();
  t.ok(direct.rows > 0, 'its Direct Routing users call through its own SBCs');
  const drWalk = await walk(
    t,
    app,
    'beta',
    `/beta/communications/callRecords/getDirectRoutingCalls(fromDateTime=${from},toDateTime=${to})`,
    headers,
  );
  const trunks = new Set(drWalk.rows.map((row) => row.trunkFullyQualifiedDomainName));
  t.same([...trunks].sort(), ['sbc-a.acme.example', 'sbc-b.acme.example']);
  t.equal(direct.rows, drWalk.rows.length);
});

t.test('the default scenario can be a loaded one', async (t) => {
  const app = buildApp({ scenarios: [ACME], scenario: 'acme' });
  t.teardown(() => app.close());
  const listed = await get(app, '/_mock/scenarios', { authorization: null });
  t.same(listed.json().default, { scenario: 'acme', seed: 1 });
  const unknown = await get(app, pstnCallsPath('beta', '2024-06-01', '2024-06-02'), {
    'x-mock-scenario': 'acme2',
  });
  t.equal(unknown.statusCode, 400);
  t.match(unknown.body, /acme/);
});

t.test(
  'GET /_mock/scenario.schema.json serves the schema, behind the admin token if set',
  async (t) => {
    const app = buildApp({ adminToken: 'sesame' });
    t.teardown(() => app.close());
    const refused = await get(app, '/_mock/scenario.schema.json', { authorization: null });
    t.equal(refused.statusCode, 401);
    const res = await get(app, '/_mock/scenario.schema.json', { authorization: 'Bearer sesame' });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^application\/schema\+json/);
    t.same(res.json(), SCENARIO_SCHEMA);
  },
);

t.test('the Scenario files page’s example file loads as it is', async (t) => {
  const section = docSection('docs/scenario-files.md', '# Your own tenant: scenario files');
  const example = /```json\n([\s\S]*?)```/.exec(section)![1]!;
  const dir = t.testdir({ 'acme.json': example });
  const acme = loadScenarios([`${dir}/acme.json`]).find('acme')!;
  t.equal(acme.tenant.userCount, 40);
  t.notOk('sms' in acme.tenant);
  t.equal(acme.faults.length, 1);
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  const yamlDir = t.testdir({ 'acme.yaml': yaml });
  t.same(loadScenarios([`${yamlDir}/acme.yaml`]).find('acme'), acme, 'and so does its YAML twin');
});
