/**
 * The package as a user installs it: `npm pack`, then `npm install <tarball>` into a fresh
 * consumer project outside this repository (so nothing resolves from our own node_modules), then
 * the fixture imported by name — from a plain script, a node:test suite and a type-checked
 * TypeScript file — and the CLI run from node_modules/.bin. Run after `npm run build`: the pack
 * skips the prepack build, so it never rewrites dist/ under the other tests' feet.
 *
 * Slow (tens of seconds): npm resolves and installs fastify and the rest, from its cache when it
 * can (--prefer-offline), from the registry otherwise.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { defaultScenario } from '../../scenarios/catalog.js';
import { countCalls, universeFor } from '../../scenarios/universe.js';
import { parseDateTimeOffset } from '../../server/graph/date-time-offset.js';
import {
  BANNER,
  type Exit,
  fetchTrusting,
  HEALTHY,
  runProcess,
  TRUST_LINE,
  track,
} from '../support/cli.js';
import { PROJECT_ROOT } from '../support/project-root.js';

/** npm installs, cold cache included, fit well inside this; the suite's default is 30 s. */
t.setTimeout(240_000);

const ROOT = PROJECT_ROOT;
const PACKAGE = 'graph-callrecords-mock';
const FROM = '2024-06-01';
const TO = '2024-07-01';
const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline'];

/**
 * The environment a user's shell would have: none of tap's coverage and module hooks, none of the
 * npm script variables of the `npm test` this runs under, none of the mock's own variables.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(NODE_OPTIONS|NODE_V8_COVERAGE|TAP|_TAPJS|TS_NODE|npm_|MOCK_|PORT$|HOST$|XDG_DATA_HOME$)/.test(
          name,
        ),
    ),
  );
  return { ...env, ...extra };
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Exit> {
  return runProcess(command, args, { cwd, env: userEnv(env) });
}

/** Runs and fails the test, with the output, unless it exits 0. */
async function succeed(
  t: Test,
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Exit> {
  const result = await run(command, args, cwd, env);
  t.equal(result.code, 0, `${command} ${args.join(' ')}`, {
    stdout: result.stdout,
    stderr: result.stderr,
  });
  return result;
}

function instant(text: string) {
  const parsed = parseDateTimeOffset(text);
  if (parsed === undefined) throw new Error(`${text} does not parse`);
  return parsed;
}

const expectedRows = countCalls(universeFor(defaultScenario, defaultScenario.seed), {
  from: instant(FROM),
  to: instant(TO),
});

const consumer = mkdtempSync(join(tmpdir(), `${PACKAGE}-consumer-`));
t.teardown(() => rmSync(consumer, { recursive: true, force: true }));

const WALK = `
import { startMockGraph } from '${PACKAGE}';

const mock = await startMockGraph();
let url = mock.pstnCallsUrl({ fromDateTime: '${FROM}', toDateTime: '${TO}' });
let rows = 0;
while (url) {
  const page = await (await fetch(url, { headers: { authorization: 'Bearer test' } })).json();
  rows += page.value.length;
  url = page['@odata.nextLink'];
}
await mock.close();
console.log(rows);
`;

/** The same walk from CommonJS: require() of an ES module, which Node ≥ 20.19 does unflagged. */
const WALK_COMMONJS = `
const { startMockGraph } = require('${PACKAGE}');

async function main() {
  const mock = await startMockGraph();
  let url = mock.pstnCallsUrl({ fromDateTime: '${FROM}', toDateTime: '${TO}' });
  let rows = 0;
  while (url) {
    const page = await (await fetch(url, { headers: { authorization: 'Bearer test' } })).json();
    rows += page.value.length;
    url = page['@odata.nextLink'];
  }
  await mock.close();
  console.log(rows);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const NODE_TEST = `
import assert from 'node:assert/strict';
import { get } from 'node:https';
import { after, before, test } from 'node:test';
import { startMockGraph } from '${PACKAGE}';

let mock;
before(async () => {
  mock = await startMockGraph({ tls: { dir: new URL('./tls', import.meta.url).pathname } });
});
after(() => mock.close());

/** In-process HTTPS trusting the mock's CA through \`ca\`. */
function getJson(url) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: 'Bearer test' };
    get(url, { ca: mock.ca, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

test('a page over HTTPS matches the summary', async () => {
  assert.match(mock.url, /^https:\\/\\/localhost:\\d+$/);
  const page = await getJson(mock.pstnCallsUrl({ fromDateTime: '2024-06-11', toDateTime: '2024-06-12' }));
  const summary = await mock.summary({ fromDateTime: '2024-06-11', toDateTime: '2024-06-12' });
  assert.equal(page.value.length, summary.rows);
  assert.equal(mock.requests().length, 1);
});

test('token() gives a JWT', async () => {
  assert.match(await mock.token(), /^[\\w-]+\\.[\\w-]+\\.[\\w-]+$/);
});
`;

const TYPED = `
import { type MockGraph, startMockGraph } from '${PACKAGE}';

const mock: MockGraph = await startMockGraph({ scenario: 'large', tls: false });
const rows: number = (await mock.summary({ fromDateTime: '${FROM}', toDateTime: new Date() })).rows;
// @ts-expect-error: 'v2' is not an API version
mock.pstnCallsUrl({ fromDateTime: '${FROM}', toDateTime: '${TO}', version: 'v2' });
console.log(rows, mock.caPath?.length);
await mock.close();
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    // The consumer installs no @types/node of its own; borrow ours.
    typeRoots: [join(ROOT, 'node_modules', '@types')],
    types: ['node'],
  },
  files: ['typed.ts'],
};

t.test(
  'the tarball holds the built server, scenarios, contract and console, and no more',
  async (t) => {
    const { stdout } = await succeed(
      t,
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', consumer],
      ROOT,
    );
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const paths = packed!.files.map((file) => file.path);
    t.same(
      paths.filter((path) => !/^dist\/(server|scenarios|openapi)\/.+\.(js|d\.ts|json)$/.test(path)),
      [
        'README.md',
        'dist/cli/graph-callrecords-mock.cjs',
        'dist/console/console.css',
        'dist/console/console.js',
        'dist/console/index.html',
        'package.json',
      ],
      'only dist/server, dist/scenarios, dist/openapi, the CLI’s and the console’s bundles (no maps, no bench, no tests) besides these',
    );
    for (const path of [
      'dist/server/fixture.js',
      'dist/server/fixture.d.ts',
      'dist/server/main.js',
      'dist/server/bin/main.js',
      'dist/server/bin/healthcheck.js',
      'dist/openapi/call-records.openapi.json',
    ]) {
      t.ok(paths.includes(path), path);
    }

    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    await succeed(t, 'npm', ['install', ...INSTALL_FLAGS, `./${packed!.filename}`], consumer);
  },
);

t.test('a script imports startMockGraph by name and walks a month', async (t) => {
  writeFileSync(join(consumer, 'walk.mjs'), WALK);
  const { stdout } = await succeed(t, process.execPath, ['walk.mjs'], consumer);
  t.equal(Number(stdout.trim()), expectedRows, `${expectedRows} rows, following nextLinks`);
});

t.test('a CommonJS script requires it by name and walks a month', async (t) => {
  writeFileSync(join(consumer, 'walk.cjs'), WALK_COMMONJS);
  const { stdout, stderr } = await succeed(t, process.execPath, ['walk.cjs'], consumer);
  t.equal(Number(stdout.trim()), expectedRows, `${expectedRows} rows, following nextLinks`);
  t.equal(stderr, '', 'no warning about loading ES modules from require()');
});

t.test('a node:test suite uses the fixture over HTTPS', async (t) => {
  writeFileSync(join(consumer, 'fixture.test.mjs'), NODE_TEST);
  const { stdout } = await succeed(t, process.execPath, ['--test', 'fixture.test.mjs'], consumer);
  t.match(stdout, /^# pass 2$/m);
  t.match(stdout, /^# fail 0$/m);
});

t.test('TypeScript finds the types through the package’s exports', async (t) => {
  writeFileSync(join(consumer, 'typed.ts'), TYPED);
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await succeed(t, process.execPath, [tsc, '-p', '.'], consumer);
  t.equal(result.stdout, '', 'no type errors');
});

t.test('npx graph-callrecords-mock --help prints the usage', async (t) => {
  const { stdout } = await succeed(t, 'npx', ['--no-install', PACKAGE, '--help'], consumer);
  t.match(stdout, /^Usage: graph-callrecords-mock \[options\]/);
});

t.test('the bin serves HTTPS with its local CA; NODE_EXTRA_CA_CERTS trusts it', async (t) => {
  const bin = join(consumer, 'node_modules', '.bin', PACKAGE);
  // Executed directly, as npx and a package.json script do: the shebang and the mode must hold.
  const child = track(
    spawn(bin, ['--tls', '--port', '0', '--log-level', 'silent'], {
      cwd: consumer,
      env: userEnv({
        XDG_DATA_HOME: join(consumer, 'data'),
        XDG_CACHE_HOME: join(consumer, 'cache'),
      }),
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const closed = once(child, 'close');
  // The banner and the trust line, or the reason it stopped before printing them.
  const lines = new Promise<string[]>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const complete = stdout.split('\n');
      if (complete.length > 2) resolve(complete);
    });
    void closed.then(([code]) => reject(new Error(`exited ${code} first: ${stderr}`)));
  });
  const [banner, trust] = await lines;
  const url = BANNER.exec(banner!)?.[1];
  const caPath = TRUST_LINE.exec(trust!)?.[1];
  t.match(url, /^https:\/\/localhost:\d+$/);
  t.equal(caPath, join(consumer, 'data', PACKAGE, 'tls', 'ca.pem'), 'the default CA directory');
  t.same(await fetchTrusting(caPath!, [`${url}/healthz`]), [HEALTHY]);

  child.kill('SIGTERM');
  const [code] = await closed;
  t.equal(code, 0, 'SIGTERM stops it cleanly');
});
