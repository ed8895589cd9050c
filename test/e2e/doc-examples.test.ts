/**
 * The docs' examples run: every `run` block of README.md and docs/*.md is executed against a
 * mock started for it and prints what it claims, and every `elsewhere` recipe's URLs give its
 * rows through Node (the marker convention: docs/contributing.md). The fast tier
 * (test/docs/doc-blocks.test.ts) checks the other kinds and that no block lacks a marker.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ApiVersion } from '../../openapi/contract.js';
import { childEnv, MAIN, startServer, track } from '../support/cli.js';
import { allDocBlocks, type DocBlock, whereIs, withoutComment } from '../support/doc-pages.js';
import { contract, functionOfPath } from '../support/graph.js';
import { httpsGet } from '../support/https-get.js';
import { projectPath } from '../support/project-root.js';

const BLOCKS = allDocBlocks();
const EXPORTER = projectPath('test/e2e/clients/doc-exporter.mjs');
/** Under the project, so that `graph-callrecords-mock` and the SDKs resolve from an example. */
const HOME = t.testdir({});
const CA_PATH = join(HOME, '.local/share/graph-callrecords-mock/tls/ca.pem');
const plain = await startServer([], { HOME });
const secure = await startServer(['--tls'], { HOME });
const portOf = (url: string) => new URL(url).port;

/** The block's text with the mock it is run against in place of localhost:3000, the bin for npx. */
function rewrite(block: DocBlock): string {
  const port = portOf(block.marker?.options.tls ? secure.url : plain.url);
  return block.body
    .replaceAll(/(localhost|127\.0\.0\.1):3000\b/g, `$1:${port}`)
    .replaceAll(/npx graph-callrecords-mock|node dist\/server\/bin\/main\.js/g, `node ${MAIN}`);
}

/** What a user would see: every port written 3000, the temporary home /home/you. */
const asShown = (text: string) =>
  text.replaceAll(/:\/\/localhost:\d+/g, '://localhost:3000').replaceAll(HOME, '/home/you');

const ENV = {
  HOME,
  PORT: '0',
  DOC_MAIN: MAIN,
  NODE_EXTRA_CA_CERTS: CA_PATH,
  PATH: process.env.PATH ?? '',
};

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A JSON line of the server's log (fastify's, on stdout at `info`): its time and pid vary. */
const isLogLine = (line: string) => line.startsWith('{"level":');

/** The lines of `stdout` a user is shown: log lines left out. */
const shownLines = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .filter((line) => !isLogLine(line));

/** How many complete lines, log lines left out, `stdout` holds so far. */
const completeLines = (stdout: string) =>
  stdout
    .split('\n')
    .slice(0, -1)
    .filter((line) => !isLogLine(line)).length;

/**
 * `command args` in its own process group, from the examples' folder; stopped (the whole
 * group, a server it started included) once stdout holds `stopAfterLines` lines besides log lines.
 */
async function runIn(
  command: string,
  args: readonly string[],
  stopAfterLines = Number.POSITIVE_INFINITY,
): Promise<Ran> {
  const child = track(
    spawn(command, args, { cwd: HOME, env: childEnv(ENV), detached: true, stdio: 'pipe' }),
  );
  let stdout = '';
  let stderr = '';
  let stopped = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!stopped && completeLines(stdout) >= stopAfterLines && child.exitCode === null) {
      stopped = true;
      process.kill(-child.pid!, 'SIGTERM');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'close');
  return { code: stopped ? 0 : code, stdout, stderr };
}

const CLAIM = / → (.+)$/;

async function runShell(t: Test, block: DocBlock): Promise<void> {
  const lines = rewrite(block).split('\n');
  if (lines[0]!.startsWith('$ ')) {
    // A transcript: the command, its continuations, then the output it shows, as the page has it.
    let end = 1;
    while (lines[end - 1]!.endsWith('\\')) end++;
    const command = lines.slice(0, end).join('\n').replace(/^\$ /, '');
    const shown = block.body.split('\n').slice(end);
    const ran = await runIn('bash', ['-c', command], shown.length);
    t.equal(ran.code, 0, `${whereIs(block)}: exits 0 ${ran.stderr}`);
    t.same(shownLines(asShown(ran.stdout)), shown, `${whereIs(block)}: prints as shown`);
    return;
  }
  const claims: string[] = [];
  const script = lines.map((line) => {
    const comment = line.slice(withoutComment(line).length);
    const claim = CLAIM.exec(comment)?.[1];
    if (claim === undefined) return line;
    claims.push(claim.trim());
    return `${withoutComment(line).trimEnd()} > "$HOME/claim-${claims.length}"`;
  });
  const ran = await runIn('bash', ['-e', '-c', script.join('\n')]);
  t.equal(ran.code, 0, `${whereIs(block)}: exits 0 ${ran.stderr}`);
  claims.forEach((claim, i) => {
    const printed = readFileSync(join(HOME, `claim-${i + 1}`), 'utf8').trim();
    t.equal(printed, claim, `${whereIs(block)}: claim ${i + 1}`);
  });
}

/** The log URLs a block names, quoted, as the page writes them (`localhost:3000`). */
const LOG_URL =
  /https?:\/\/(?:localhost|127\.0\.0\.1):3000\/(beta|v1\.0)\/communications\/callRecords\/[^'"\s]+/g;

/**
 * Every log URL of a block answers, with the block's `x-mock-scenario` header if it has one,
 * a page that matches the contract (openapi/), or a Graph error that does: the responses the
 * block prints a part of are whole responses of the contract.
 */
async function checkResponses(t: Test, block: DocBlock): Promise<void> {
  const scenario = /x-mock-scenario: ([\w-]+)/.exec(block.body)?.[1];
  for (const [url, version] of block.body.matchAll(LOG_URL)) {
    const { pathname, search } = new URL(url);
    const response = await fetch(`${plain.url}${pathname}${search}`, {
      headers: {
        authorization: 'Bearer doc-example',
        ...(scenario === undefined ? {} : { 'x-mock-scenario': scenario }),
      },
    });
    const body: unknown = await response.json();
    const problems =
      response.status === 200
        ? contract.validatePage(functionOfPath(pathname), version as ApiVersion, body)
        : contract.validateError(body);
    t.same(
      problems,
      [],
      `${whereIs(block)}: ${pathname} (${response.status}) matches the contract`,
    );
  }
}

/** What a `with=` option gives a JS block before its own lines. */
function prelude(block: DocBlock): string {
  const using = block.marker?.options.with;
  if (using === undefined) return '';
  const lines = [`import { myExporter, roleLessToken } from ${JSON.stringify(EXPORTER)};`];
  if (!/^import assert /m.test(block.body)) lines.push("import assert from 'node:assert/strict';");
  if (using === 'fixture') {
    lines.push(
      "import { after, before, test } from 'node:test';",
      "import { startMockGraph } from 'graph-callrecords-mock';",
      "const june = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' };",
      'let mock;',
      'before(async () => { mock = await startMockGraph(); });',
      'after(() => mock.close());',
    );
  }
  lines.push('void roleLessToken;');
  return `${lines.join(' ')}\n`;
}

async function runJs(t: Test, block: DocBlock): Promise<void> {
  const printed: string[] = [];
  const body = rewrite(block)
    .split('\n')
    .map((line) => {
      const claim = / \/\/ → (.+)$/.exec(line)?.[1];
      if (claim === undefined) return line;
      if (/^\s*console\.log\(/.test(line)) printed.push(claim);
      const actual = /^(\s*)assert\.equal\(([^,]+),/.exec(line);
      // The claimed value, asserted beside the example's own assertion.
      return actual === null ? line : `${line} assert.equal(${actual[2]}, ${claim});`;
    });
  const file = join(HOME, `example-${block.path.replaceAll('/', '-')}-${block.line}.mjs`);
  writeFileSync(file, prelude(block) + body.join('\n'));
  const ran = await runIn(process.execPath, [file]);
  t.equal(ran.code, 0, `${whereIs(block)}: exits 0 ${ran.stderr}${ran.stdout}`);
  if (printed.length > 0) {
    t.same(ran.stdout.trimEnd().split('\n'), printed, `${whereIs(block)}: prints as claimed`);
  }
}

const JUNE_PSTN_CALLS =
  '/communications/callRecords/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-07-01)';

/** Rows of a walk from `url` over HTTPS trusting the mock's CA, with `token`. */
async function walkTrusting(url: string, token: string): Promise<number> {
  const ca = readFileSync(CA_PATH);
  let rows = 0;
  for (let next: string | undefined = url; next !== undefined; ) {
    const answer = await httpsGet(next, { ca, headers: { authorization: `Bearer ${token}` } });
    if (answer.status !== 200) throw new Error(`${next}: ${answer.status} ${answer.body}`);
    const page = JSON.parse(answer.body) as { value: unknown[]; '@odata.nextLink'?: string };
    rows += page.value.length;
    next = page['@odata.nextLink'];
  }
  return rows;
}

async function walkElsewhere(t: Test, block: DocBlock): Promise<void> {
  const { rows, version } = block.marker!.options;
  const urls = [
    ...rewrite({ ...block, marker: { kind: 'elsewhere', options: { tls: true } } }).matchAll(
      /https:\/\/localhost:\d+[^\s'"]*/g,
    ),
  ].map(([url]) => url);
  t.equal(urls.length, 1, `${whereIs(block)}: one URL`);
  const url = urls[0]!;
  const token = /\b(any-token)\b/.exec(block.body)?.[1];
  t.ok(token !== undefined, `${whereIs(block)}: names its token`);
  // A base URL: the SDK builds the June 2024 getPstnCalls URL of the recipes under it.
  const walked = url.includes('(') ? url : `${url}${JUNE_PSTN_CALLS}`;
  if (!url.includes('(')) t.ok(url.endsWith(`/${version}`), `${whereIs(block)}: ${version}`);
  t.same(
    [...block.body.matchAll(/(?:#|\/\/) → (\d+)$/gm)].map(([, count]) => count),
    [rows],
    `${whereIs(block)}: it claims the count its marker gives`,
  );
  t.equal(await walkTrusting(walked, token!), Number(rows), `${whereIs(block)}: rows`);
}

t.test('the examples ran against started mocks', async (t) => {
  t.match(plain.url, /^http:/);
  t.match(secure.url, /^https:/);
});

for (const block of BLOCKS) {
  const kind = block.marker?.kind;
  if (kind === 'run') {
    t.test(`${whereIs(block)} runs as shown`, async (t) => {
      await (block.lang === 'js' ? runJs(t, block) : runShell(t, block));
      await checkResponses(t, block);
    });
  }
  if (kind === 'elsewhere') {
    t.test(`${whereIs(block)}: its URL and token give its rows`, (t) => walkElsewhere(t, block));
  }
}

t.test('every run and elsewhere block was tested', async (t) => {
  const tested = BLOCKS.filter((b) => b.marker?.kind === 'run' || b.marker?.kind === 'elsewhere');
  t.ok(tested.length >= 20, `${tested.length} blocks`);
  const withLogUrls = tested.filter((block) => block.body.match(LOG_URL) !== null);
  t.ok(withLogUrls.length >= 8, `${withLogUrls.length} blocks' responses held to the contract`);
  plain.child.kill('SIGTERM');
  secure.child.kill('SIGTERM');
});
