import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import t from 'tap';
import {
  defaultScenario,
  directRoutingScenario,
  internationalScenario,
} from '../../scenarios/catalog.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { buildTenant, type Tenant } from '../../scenarios/tenant.js';
import { buildApp } from '../../server/app.js';
import { cachedTenants } from '../../server/tenant-cache.js';
import { defaultTenantCacheDirectory } from '../../server/user-directories.js';
import { pstnCallsPath } from '../support/graph.js';

/** A tenant as comparable text: its Map too, which JSON alone would write as `{}`. */
const textOf = (tenant: Tenant) =>
  JSON.stringify(tenant, (_key, value: unknown) =>
    value instanceof Map ? [...value.entries()] : value,
  );

const filesIn = (directory: string) =>
  readdirSync(directory).filter((name) => !name.startsWith('.'));

t.test('a tenant read back is the tenant built, for every kind of tenant', async (t) => {
  for (const scenario of [defaultScenario, directRoutingScenario, internationalScenario]) {
    const directory = t.testdir();
    const tenantOf = cachedTenants(directory);
    const built = buildTenant(scenario, scenario.seed);
    const first = tenantOf(scenario, scenario.seed);
    t.equal(filesIn(directory).length, 1, `${scenario.name}: one file kept`);
    const readBack = tenantOf(scenario, scenario.seed);
    t.not(readBack, first, `${scenario.name}: the second comes from the file`);
    t.equal(textOf(first), textOf(built), `${scenario.name}: the first is built as ever`);
    t.equal(textOf(readBack), textOf(built), `${scenario.name}: the second equals it`);
    t.equal(readBack.profile, scenario.tenant, 'the profile is the scenario’s own');
    const users = new Set(readBack.users);
    t.ok(
      [...readBack.pstnUsers, ...readBack.directRoutingUsers, ...readBack.smsUsers].every((user) =>
        users.has(user),
      ),
      'the routing lists hold the directory’s own user objects',
    );
  }
});

t.test('a second start reads the file: what is stored is what is served', async (t) => {
  const directory = t.testdir();
  const tenantOf = cachedTenants(directory);
  tenantOf(defaultScenario, 7);
  const [name] = filesIn(directory);
  const path = join(directory, name!);
  const stored = deserialize(readFileSync(path)) as Tenant;
  writeFileSync(
    path,
    serialize({ ...stored, users: stored.users.map((u) => ({ ...u, displayName: 'From disk' })) }),
  );
  t.equal(tenantOf(defaultScenario, 7).users[0]!.displayName, 'From disk');
});

t.test('each input has its own file: seed, profile, dataset', async (t) => {
  const directory = t.testdir();
  const tenantOf = cachedTenants(directory);
  const variants: Scenario[] = [
    defaultScenario,
    { ...defaultScenario, tenant: { ...defaultScenario.tenant, userCount: 20 } },
    { ...defaultScenario, name: 'renamed' },
  ];
  for (const scenario of variants) tenantOf(scenario, 1);
  tenantOf(defaultScenario, 2);
  t.equal(filesIn(directory).length, 3, 'default at seed 2 besides the renamed one and seed 1');
  t.equal(tenantOf(variants[1]!, 1).users.length, 20, 'the changed profile is built anew');
  t.equal(textOf(tenantOf(defaultScenario, 2)), textOf(buildTenant(defaultScenario, 2)));
  t.equal(
    filesIn(directory).filter((name) => name.startsWith('default-1-')).length,
    1,
    'a rebuilt tenant replaces the older file of its scenario and seed',
  );
});

t.test('a bad file is built afresh and replaced', async (t) => {
  const built = textOf(buildTenant(defaultScenario, 3));
  for (const [what, bytes] of [
    ['truncated', (good: Buffer) => good.subarray(0, good.length >> 1)],
    ['not V8', () => Buffer.from('{"users": []}')],
    ['the wrong shape', () => serialize({ users: [] })],
  ] as const) {
    const directory = t.testdir();
    const tenantOf = cachedTenants(directory);
    tenantOf(defaultScenario, 3);
    const path = join(directory, filesIn(directory)[0]!);
    writeFileSync(path, bytes(readFileSync(path)));
    t.equal(textOf(tenantOf(defaultScenario, 3)), built, `${what}: built afresh`);
    t.equal(textOf(tenantOf(defaultScenario, 3)), built, `${what}: and stored again`);
  }
});

t.test('a directory that cannot be written costs only the next start', async (t) => {
  const blocker = join(t.testdir({ file: 'not a directory' }), 'file');
  const tenant = cachedTenants(join(blocker, 'tenants'))(defaultScenario, 1);
  t.equal(textOf(tenant), textOf(buildTenant(defaultScenario, 1)));
});

t.test('a server on a stored tenant serves the same bytes', async (t) => {
  const directory = t.testdir();
  const bodyOf = async (tenantCache?: string) => {
    // A scenario file's object is new to each app, so each builds its own universe.
    const app = buildApp({
      scenarios: [{ name: 'acme', extends: 'default', seed: 11 }],
      scenario: 'acme',
      ...(tenantCache && { tenantCache }),
    });
    t.teardown(() => app.close());
    await app.ready();
    const reply = await app.inject({
      url: pstnCallsPath('beta', '2024-06-01', '2024-06-08'),
      headers: { authorization: 'Bearer t' },
    });
    t.equal(reply.statusCode, 200);
    return reply.body;
  };
  const fresh = await bodyOf();
  t.equal(filesIn(directory).length, 0, 'without the option, nothing kept');
  t.equal(await bodyOf(directory), fresh, 'built and stored at start-up');
  const [stored] = filesIn(directory);
  t.match(stored, /^acme-11-[0-9a-f]{32}\.v8$/);
  const written = statSync(join(directory, stored!)).mtimeMs;
  t.equal(await bodyOf(directory), fresh, 'read back');
  t.equal(statSync(join(directory, stored!)).mtimeMs, written, 'the file was only read');
});

t.test('the default directory follows XDG_CACHE_HOME when it is absolute', async (t) => {
  t.equal(
    defaultTenantCacheDirectory({ XDG_CACHE_HOME: '/cache' }, '/home/u'),
    '/cache/graph-callrecords-mock/tenants',
  );
  t.equal(
    defaultTenantCacheDirectory({ XDG_CACHE_HOME: 'relative' }, '/home/u'),
    '/home/u/.cache/graph-callrecords-mock/tenants',
  );
  t.equal(
    defaultTenantCacheDirectory({}, '/home/u'),
    '/home/u/.cache/graph-callrecords-mock/tenants',
  );
});
