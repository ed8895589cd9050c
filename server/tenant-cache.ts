/**
 * Built tenants kept on disk between starts. Building the default scenario's tenant — faker's
 * names and the number pools — is the largest part of a start
 * once the code is loaded (~95 ms for `default`, ~390 ms for `large`); reading it back with
 * V8's serializer takes ~6 and ~40 ms (issue 9). A tenant is a pure function of its inputs, so
 * the file's name is a hash of all of them: the scenario's dataset, tenant profile and seed, the
 * code that builds it and the packages it draws with, and the V8 that wrote it. Anything amiss
 * with a file — missing, unreadable, truncated, from another version — means building afresh.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { countryFacts } from '../scenarios/countries.js';
import { datasetOf, type Scenario } from '../scenarios/scenario.js';
import { buildTenant, type Tenant } from '../scenarios/tenant.js';

/** Bumped when what is stored changes shape without the code that builds it changing. */
const FORMAT = 1;
const EXTENSION = '.v8';
/** The compiled data model: the code a tenant comes from. */
const SCENARIOS_DIRECTORY = fileURLToPath(new URL('../scenarios/', import.meta.url));
/** The packages buildTenant draws with: another version, another directory. */
const DRAWING_PACKAGES = ['@faker-js/faker', 'seedrandom'];

/** What the file holds: the tenant without what the scenario already gives. */
type StoredTenant = Omit<Tenant, 'profile' | 'country'>;

let codeFingerprint: string | undefined;

/** A hash of the data model's compiled code and the drawing packages' versions, once a process. */
function fingerprintOfCode(): string {
  if (codeFingerprint === undefined) {
    const hash = createHash('sha256');
    for (const name of readdirSync(SCENARIOS_DIRECTORY).sort()) {
      if (!name.endsWith('.js')) continue;
      hash.update(name).update(readFileSync(join(SCENARIOS_DIRECTORY, name)));
    }
    const require = createRequire(import.meta.url);
    for (const name of DRAWING_PACKAGES) {
      hash.update(`${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
    }
    codeFingerprint = hash.digest('hex');
  }
  return codeFingerprint;
}

/** The file's name: the scenario and seed to read by, then the hash of every input. */
function fileNameOf(scenario: Scenario, seed: number): string {
  const inputs = JSON.stringify([
    FORMAT,
    fingerprintOfCode(),
    process.versions.v8,
    datasetOf(scenario),
    seed,
    scenario.tenant,
  ]);
  const hash = createHash('sha256').update(inputs).digest('hex').slice(0, 32);
  return `${prefixOf(scenario, seed)}${hash}${EXTENSION}`;
}

/** Names are the user's (scenario files): only their safe characters reach the file system. */
function prefixOf(scenario: Scenario, seed: number): string {
  return `${scenario.name.replace(/[^\w.-]/g, '_')}-${seed}-`;
}

/** The tenant stored at `path`; undefined when there is none, or none that reads back whole. */
function read(path: string, scenario: Scenario): Tenant | undefined {
  let stored: StoredTenant;
  try {
    stored = deserialize(readFileSync(path)) as StoredTenant;
  } catch {
    return undefined;
  }
  // A file cut short or written by something else deserializes to the wrong shape, if at all.
  if (!Array.isArray(stored?.users) || stored.users.length !== scenario.tenant.userCount) {
    return undefined;
  }
  return { profile: scenario.tenant, country: countryFacts(scenario.tenant.country), ...stored };
}

/**
 * Written beside and renamed into place, so a reader never sees half a file; older builds of
 * the same scenario and seed go, so the directory holds one file per tenant. Best effort: a
 * directory that cannot be written (a read-only home in a container) only costs the next start.
 */
function write(directory: string, fileName: string, tenant: Tenant, prefix: string): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const { profile: _profile, country: _country, ...stored } = tenant;
    const partial = join(directory, `.${fileName}.${process.pid}`);
    writeFileSync(partial, serialize(stored satisfies StoredTenant), { mode: 0o600 });
    renameSync(partial, join(directory, fileName));
    for (const name of readdirSync(directory)) {
      if (name !== fileName && name.startsWith(prefix) && name.endsWith(EXTENSION)) {
        rmSync(join(directory, name), { force: true });
      }
    }
  } catch {
    // Not kept; the tenant itself is fine.
  }
}

/**
 * buildTenant, through the cache in `directory`: the stored tenant when one was built from the
 * same inputs, else a fresh one, stored for next time.
 *
 * @example
 * const tenantOf = cachedTenants(defaultTenantCacheDirectory(process.env)); // user-directories.ts
 * const universe = universeFor(scenario, seed, tenantOf); // a second start reads the tenant back
 */
export function cachedTenants(directory: string): (scenario: Scenario, seed: number) => Tenant {
  return (scenario, seed) => {
    const fileName = fileNameOf(scenario, seed);
    const path = join(directory, fileName);
    const stored = read(path, scenario);
    if (stored) return stored;
    const tenant = buildTenant(scenario, seed);
    write(directory, fileName, tenant, prefixOf(scenario, seed));
    return tenant;
  };
}
