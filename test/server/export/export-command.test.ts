/**
 * `graph-callrecords-mock export …` through the CLI's run(), in-process: the rows it writes are
 * the endpoint's, byte for byte, in every format and for every log function; long ranges are
 * the endpoint's walks of consecutive windows; the output is written with back-pressure and a
 * failing one ends the export with one line. The bin in a real process is
 * test/e2e/export-command.test.ts; the options alone, test/server/config/export-config.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import {
  type ApiVersion,
  functionVersions,
  type LogFunctionName,
  rowPropertyNames,
} from '../../../openapi/contract.js';
import { defaultScenario } from '../../../scenarios/catalog.js';
import { type Instant, MINUTES_PER_DAY } from '../../../scenarios/instant.js';
import { LOG_FUNCTION_TABLE } from '../../../scenarios/log-functions.js';
import { type CallWindow, inclusiveWindow, shiftTick } from '../../../scenarios/log-window.js';
import { universeFor } from '../../../scenarios/universe.js';
import { buildApp } from '../../../server/app.js';
import { EXPORT_USAGE } from '../../../server/config/usage.js';
import { exportWindows } from '../../../server/export/export-windows.js';
import {
  formatDateTimeLiteral,
  parseDateTimeOffset,
} from '../../../server/graph/date-time-offset.js';
import {
  assertUsageError,
  type Exit,
  type InProcessOptions,
  PREFIX,
  runInProcess,
} from '../../support/cli.js';
import { get, logPath, pathOf } from '../../support/graph.js';

const JUNE = { from: '2024-06-01', to: '2024-07-01' };
/** 121 days: two windows of every limited log, the first ending 2024-03-30. */
const FOUR_MONTHS = { from: '2024-01-01', to: '2024-05-01' };

const exportOf = (args: readonly string[], options: InProcessOptions = {}) =>
  runInProcess(['export', ...args], {}, options).exited;

const defaultVersion = (fn: LogFunctionName): ApiVersion =>
  functionVersions(fn).includes('v1.0') ? 'v1.0' : 'beta';

function at(literal: string): Instant {
  const instant = parseDateTimeOffset(literal);
  if (instant === undefined) throw new Error(`bad test literal ${literal}`);
  return instant;
}

/** A successful export's lines, the last one ended by a newline like every other. */
function linesOf(t: Test, exit: Exit): string[] {
  t.equal(exit.code, 0, 'exit code 0');
  t.equal(exit.stderr, '', 'nothing on stderr');
  if (exit.stdout === '') return [];
  t.ok(exit.stdout.endsWith('\n'), 'the last line is ended');
  return exit.stdout.slice(0, -1).split('\n');
}

const VALUE = '"value":[';

/** The `value` of each page of a walk, as the endpoint's bytes: its rows, separated by commas. */
async function endpointPages(
  app: FastifyInstance,
  fn: LogFunctionName,
  version: ApiVersion,
  from: string,
  to: string,
): Promise<{ value: string; rows: number }[]> {
  const pages: { value: string; rows: number }[] = [];
  let url: string | null = logPath(fn, version, from, to);
  while (url !== null) {
    const res = await get(app, url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    const body = res.body;
    const page = JSON.parse(body) as { value: unknown[]; '@odata.nextLink'?: string };
    // The page ends with the rows' closing `]}`.
    pages.push({
      value: body.slice(body.indexOf(VALUE) + VALUE.length, -2),
      rows: page.value.length,
    });
    url = page['@odata.nextLink'] === undefined ? null : pathOf(page['@odata.nextLink']);
  }
  return pages;
}

/** Holds `lines` to being the rows of `pages`, in order and byte for byte. */
function assertSameRows(
  t: Test,
  lines: readonly string[],
  pages: readonly { value: string; rows: number }[],
  name: string,
): void {
  let next = 0;
  for (const [i, page] of pages.entries()) {
    const ours = lines.slice(next, next + page.rows);
    t.ok(
      ours.join(',') === page.value,
      `${name}: page ${i + 1}'s ${page.rows} rows, byte for byte`,
    );
    next += page.rows;
  }
  t.equal(lines.length, next, `${name}: ${next} rows, no more`);
}

/** The range a client writes to be served exactly `window` under `fn`'s rule. */
function requestFor(fn: LogFunctionName, window: CallWindow): { from: string; to: string } {
  const rule = LOG_FUNCTION_TABLE.find((entry) => entry.name === fn)!.window;
  return {
    from: formatDateTimeLiteral(rule.fromInclusive ? window.from : shiftTick(window.from, -1)),
    to: formatDateTimeLiteral(rule.toInclusive ? window.to : shiftTick(window.to, 1)),
  };
}

const app = buildApp({});
t.teardown(() => app.close());

t.test(
  'jsonl: each line is a row of the endpoint’s pages, byte for byte, for every log',
  async (t) => {
    for (const { name: fn } of LOG_FUNCTION_TABLE) {
      for (const version of functionVersions(fn)) {
        const exit = await exportOf([
          ...['--function', fn, '--version', version],
          ...['--from', JUNE.from, '--to', JUNE.to],
        ]);
        const pages = await endpointPages(app, fn, version, JUNE.from, JUNE.to);
        const lines = linesOf(t, exit);
        t.ok(lines.length > 0, `${fn} ${version}: June has rows`);
        assertSameRows(t, lines, pages, `${fn} ${version}`);
      }
    }
  },
);

t.test('the defaults: getPstnCalls of v1.0 in jsonl, from the default scenario', async (t) => {
  const exit = await exportOf(['--from', JUNE.from, '--to', JUNE.to]);
  const pages = await endpointPages(app, 'getPstnCalls', 'v1.0', JUNE.from, JUNE.to);
  assertSameRows(t, linesOf(t, exit), pages, 'getPstnCalls v1.0');
  t.equal(linesOf(t, exit).length, 2993, "default's June, as the README's table says");
});

t.test('the beta-only logs default to beta', async (t) => {
  for (const fn of ['getSmsLog', 'getPstnBlockedUsersLog'] as const) {
    const exit = await exportOf(['--function', fn, '--from', JUNE.from, '--to', JUNE.to]);
    assertSameRows(
      t,
      linesOf(t, exit),
      await endpointPages(app, fn, 'beta', JUNE.from, JUNE.to),
      fn,
    );
  }
});

t.test('json: one array of the same row bytes, a row a line', async (t) => {
  for (const { name: fn } of LOG_FUNCTION_TABLE) {
    const range = ['--function', fn, '--from', JUNE.from, '--to', JUNE.to];
    const lines = linesOf(t, await exportOf(range));
    const json = await exportOf([...range, '--format', 'json']);
    t.equal(json.code, 0);
    t.equal(json.stdout, `[\n${lines.join(',\n')}\n]\n`, `${fn}: the jsonl rows, framed`);
    t.same(
      JSON.parse(json.stdout),
      lines.map((line) => JSON.parse(line)),
      `${fn}: parses`,
    );
  }
  const empty = await exportOf([
    '--scenario',
    'empty',
    '--from',
    JUNE.from,
    '--to',
    JUNE.to,
    '--format',
    'json',
  ]);
  t.equal(empty.stdout, '[]\n', 'no rows: an empty array');
  t.same(
    linesOf(t, await exportOf(['--scenario', 'empty', '--from', JUNE.from, '--to', JUNE.to])),
    [],
  );
});

/** RFC 4180 records: fields split on commas outside quotes, `""` a quote inside them. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  t.equal(field, '', 'the CSV ends with a line end');
  return records;
}

/** What a CSV cell must hold for a row's JSON value. */
function expectedCell(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

t.test("csv: the version's row properties as the header, then the rows' values", async (t) => {
  for (const { name: fn } of LOG_FUNCTION_TABLE) {
    for (const version of functionVersions(fn)) {
      const range = ['--function', fn, '--version', version, '--from', JUNE.from, '--to', JUNE.to];
      const rows = linesOf(t, await exportOf(range)).map(
        (line) => JSON.parse(line) as Record<string, unknown>,
      );
      const csv = await exportOf([...range, '--format', 'csv']);
      t.equal(csv.code, 0);
      const [header, ...records] = parseCsv(csv.stdout);
      const names = rowPropertyNames(fn, version);
      t.same(header, names, `${fn} ${version}: the header`);
      t.equal(records.length, rows.length, `${fn} ${version}: a record a row`);
      const wrong = records.filter((record, i) => {
        const expected = names.map((name) => expectedCell(rows[i]![name]));
        return JSON.stringify(record) !== JSON.stringify(expected);
      });
      t.same(wrong, [], `${fn} ${version}: every cell is its row's value`);
    }
  }
});

t.test('csv quotes what needs it: arrays and objects as JSON text', async (t) => {
  // getDirectRoutingCalls v1.0 has none; the PSTN beta row has administrativeUnitInfos.
  const csv = await exportOf([
    ...['--version', 'beta', '--from', JUNE.from, '--to', '2024-06-02', '--format', 'csv'],
  ]);
  const [header, first] = parseCsv(csv.stdout);
  const column = header!.indexOf('administrativeUnitInfos');
  t.ok(column >= 0, 'the beta row has administrativeUnitInfos');
  t.match(first![column], /^\[.*\]$/, 'an array, as JSON text');
  t.match(csv.stdout, /"\[(\{""id"":""[^"]+""\},?)*\]"/, 'quoted, its quotes doubled');
});

t.test('a long range is the endpoint’s walks of consecutive windows, every log', async (t) => {
  for (const { name: fn, window: rule } of LOG_FUNCTION_TABLE) {
    const version = defaultVersion(fn);
    const exit = await exportOf([
      '--function',
      fn,
      '--from',
      FOUR_MONTHS.from,
      '--to',
      FOUR_MONTHS.to,
    ]);
    const range = { from: at(FOUR_MONTHS.from), to: at(FOUR_MONTHS.to) };
    const windows = exportWindows(rule, range);
    t.equal(windows.length, rule.maxDays === null ? 1 : 2, `${fn}: windows`);
    const pages = [];
    for (const window of windows) {
      const request = requestFor(fn, window);
      pages.push(...(await endpointPages(app, fn, version, request.from, request.to)));
    }
    const lines = linesOf(t, exit);
    assertSameRows(t, lines, pages, fn);
    if (fn === 'getPstnOnlineMeetingDialoutReport') continue;
    // A log's rows are its events: each once, however the range is cut.
    const ids = lines.map((line) => JSON.parse(line) as { id: string; remediationId?: string });
    const keys = new Set(ids.map((row) => row.id ?? row.remediationId));
    t.equal(keys.size, lines.length, `${fn}: no row twice`);
  }
});

t.test(
  'getDirectRoutingCalls has no limit: a long range is one walk of the endpoint',
  async (t) => {
    const exit = await exportOf([
      ...[
        '--function',
        'getDirectRoutingCalls',
        '--from',
        FOUR_MONTHS.from,
        '--to',
        FOUR_MONTHS.to,
      ],
    ]);
    const pages = await endpointPages(
      app,
      'getDirectRoutingCalls',
      'v1.0',
      FOUR_MONTHS.from,
      FOUR_MONTHS.to,
    );
    assertSameRows(t, linesOf(t, exit), pages, 'getDirectRoutingCalls');
  },
);

/** The start of the `index`-th getPstnCalls or getSmsLog row of a day, as the endpoint writes it. */
async function startOfRow(fn: LogFunctionName, day: string, index: number): Promise<string> {
  const next = formatDateTimeLiteral({ minute: at(day).minute + MINUTES_PER_DAY, tick: 0 });
  const res = await get(app, logPath(fn, 'beta', day, next));
  const rows = (JSON.parse(res.body) as { value: Record<string, string>[] }).value;
  const row = rows[index]!;
  return row.startDateTime ?? row.sentDateTime!;
}

t.test('a row on a window boundary and one at an inclusive end are written once', async (t) => {
  // Row 5 of 2024-04-10 starts the second window: the first ends a tick before it.
  const onBoundary = await startOfRow('getPstnCalls', '2024-04-10', 5);
  const start = at(onBoundary);
  const from = formatDateTimeLiteral({
    minute: start.minute - 90 * MINUTES_PER_DAY,
    tick: start.tick,
  });
  const atEnd = await startOfRow('getPstnCalls', '2024-04-12', 3);
  const exit = await exportOf(['--from', from, '--to', atEnd]);
  const rows = linesOf(t, exit).map((line) => JSON.parse(line) as { startDateTime: string });
  const starts = rows.map((row) => row.startDateTime);
  t.equal(starts.filter((s) => s === onBoundary).length, 1, 'the boundary row, once');
  t.ok(starts.indexOf(onBoundary) > 0, 'and not first: the first window has rows before it');
  t.equal(starts.at(-1), atEnd, 'the row at --to ends the export (both ends inclusive)');
  t.equal(starts.filter((s) => s === atEnd).length, 1, 'once');
  t.equal(
    rows.length,
    countOf('getPstnCalls', from, atEnd),
    "as many rows as the range holds by the log's own count",
  );
});

t.test("getSmsLog's exclusive ends leave out rows at --from and --to", async (t) => {
  const from = await startOfRow('getSmsLog', '2024-06-03', 2);
  const to = await startOfRow('getSmsLog', '2024-06-05', 4);
  const exit = await exportOf(['--function', 'getSmsLog', '--from', from, '--to', to]);
  const sent = linesOf(t, exit).map(
    (line) => (JSON.parse(line) as { sentDateTime: string }).sentDateTime,
  );
  t.notOk(sent.includes(from), 'not the row at --from');
  t.notOk(sent.includes(to), 'nor the one at --to');
  t.ok(sent.length > 0 && sent.length === countOf('getSmsLog', from, to), 'the rows between');
});

/** The rows of a range by the log's own count (read off its day counts, no rows made). */
function countOf(fn: LogFunctionName, from: string, to: string): number {
  const entry = LOG_FUNCTION_TABLE.find((log) => log.name === fn)!;
  const window = inclusiveWindow(entry.window, { from: at(from), to: at(to) });
  return entry.plan(
    universeFor(defaultScenario, defaultScenario.seed),
    window,
    0,
    Number.MAX_SAFE_INTEGER,
  ).count;
}

t.test('--output writes the same bytes to a file, and stdout gets nothing', async (t) => {
  const dir = t.testdir({});
  const range = ['--from', JUNE.from, '--to', JUNE.to];
  const stdout = await exportOf(range);
  for (const format of ['jsonl', 'json', 'csv']) {
    const path = `${dir}/june.${format}`;
    const [toStdout, toFile] = await Promise.all([
      exportOf([...range, '--format', format]),
      exportOf([...range, '--format', format, '--output', path]),
    ]);
    t.equal(toFile.code, 0, `${format}: exit code`);
    t.equal(toFile.stdout, '', `${format}: nothing on stdout`);
    t.equal(toFile.stderr, '', `${format}: nothing on stderr`);
    t.ok(
      readFileSync(path).equals(Buffer.from(toStdout.stdout)),
      `${format}: the file holds what stdout got`,
    );
  }
  t.ok(stdout.stdout.length > 0);
});

t.test('an output that cannot be opened or written exits 1 with one line', async (t) => {
  const missing = await exportOf([
    '--from',
    JUNE.from,
    '--to',
    JUNE.to,
    '--output',
    '/nonexistent/june.jsonl',
  ]);
  t.equal(missing.code, 1);
  t.equal(missing.stdout, '');
  t.match(
    missing.stderr,
    new RegExp(`^${PREFIX}cannot write /nonexistent/june.jsonl: ENOENT[^\n]*\n$`),
  );
  if (!existsSync('/dev/full')) return;
  // Linux's /dev/full opens, then fails every write with ENOSPC.
  const full = await exportOf(['--from', JUNE.from, '--to', JUNE.to, '--output', '/dev/full']);
  t.equal(full.code, 1);
  t.equal(full.stdout, '');
  t.match(
    full.stderr,
    new RegExp(
      `^${PREFIX}cannot write /dev/full: ENOSPC[^\n]*; stopped after 0 rows written in full\n$`,
    ),
  );
});

/** A stdout that reads slowly: a chunk per turn of the event loop, 64 KiB buffered at most. */
function slowReader() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  const seen = { writes: 0, refused: 0, whileFull: 0 };
  const write = stream.write.bind(stream);
  stream.write = ((...args: Parameters<typeof write>) => {
    seen.writes++;
    if (stream.writableNeedDrain) seen.whileFull++;
    const taken = write(...args);
    if (!taken) seen.refused++;
    return taken;
  }) as typeof stream.write;
  return { stream, chunks, seen };
}

t.test('a slow reader is waited for: nothing is written while its buffer is full', async (t) => {
  const range = ['--from', JUNE.from, '--to', JUNE.to];
  const reader = slowReader();
  const [fast, slow] = await Promise.all([
    exportOf(range),
    exportOf(range, { stdout: reader.stream }),
  ]);
  t.equal(slow.code, 0);
  t.ok(
    reader.seen.refused > 0,
    `the reader asked to wait (${reader.seen.refused} of ${reader.seen.writes} writes)`,
  );
  t.equal(reader.seen.whileFull, 0, 'and no write came before its drain');
  t.equal(Buffer.concat(reader.chunks).toString('utf8'), fast.stdout, 'it got every byte');
});

/** A stdout whose reader goes away after `chunks` chunks, as `| head` does, with `code`. */
function closingReader(chunks: number, code: string): Writable {
  let taken = 0;
  return new Writable({
    write(_chunk, _encoding, done) {
      taken++;
      if (taken <= chunks) done();
      else done(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
}

t.test('a reader that goes away ends the export: exit 1 with one line', async (t) => {
  const range = ['--from', JUNE.from, '--to', JUNE.to];
  const epipe = await exportOf(range, { stdout: closingReader(1, 'EPIPE') });
  t.equal(epipe.code, 1);
  t.equal(
    epipe.stderr,
    `${PREFIX}stdout was closed before the export ended; stopped after 1000 rows written in full\n`,
  );
  const other = await exportOf(range, { stdout: closingReader(2, 'EIO') });
  t.equal(other.code, 1);
  t.equal(
    other.stderr,
    `${PREFIX}cannot write stdout: write EIO; stopped after 2000 rows written in full\n`,
  );
  // The last chunk fails on its own path: the export waits for it before it ends.
  const last = await exportOf(range, { stdout: closingReader(3, 'EPIPE') });
  t.equal(
    last.stderr,
    `${PREFIX}stdout was closed before the export ended; stopped after 2993 rows written in full\n`,
  );
});

t.test(
  'a progress bar on a terminal’s stderr: rows and percent of the range’s count',
  async (t) => {
    const range = ['--from', JUNE.from, '--to', JUNE.to];
    const plain = await exportOf(range);
    const shown = await exportOf(range, { stderrIsTTY: true, columns: 120 });
    t.equal(shown.code, 0);
    t.equal(shown.stdout, plain.stdout, 'stdout is the same data, nothing else');
    t.match(
      shown.stderr,
      /getPstnCalls jsonl \[=+\] 100% \| 2,993 \/ 2,993 rows/,
      'the last frame',
    );
    t.match(shown.stderr, /\[-+\] 0% \| 0 \/ 2,993 rows/, 'the first');
    t.ok(shown.stderr.endsWith('\n'), 'the bar’s line is ended');
    const onTerminal = await exportOf(range, { isTTY: true, stderrIsTTY: true });
    t.equal(onTerminal.stderr, '', 'no bar over rows written to the same terminal');
    t.equal(onTerminal.stdout, plain.stdout);
    const empty = await exportOf(['--scenario', 'empty', ...range], { stderrIsTTY: true });
    t.match(empty.stderr, /100% \| 0 \/ 0 rows/, 'an empty range is complete at once');
  },
);

t.test('the scenario, seed and scenario files: by flag or by the server’s variables', async (t) => {
  const range = ['--from', JUNE.from, '--to', '2024-06-03'];
  const byFlag = await exportOf(['--scenario', 'single-page', ...range]);
  const byEnv = await runInProcess(['export', ...range], { MOCK_SCENARIO: 'single-page' }).exited;
  t.equal(byEnv.stdout, byFlag.stdout, 'MOCK_SCENARIO chooses it too');
  t.not(byFlag.stdout, (await exportOf(range)).stdout, 'another tenant than default');
  const seeded = await exportOf(['--seed', '12345', ...range]);
  t.not(seeded.stdout, (await exportOf(range)).stdout, 'another seed, other rows');
  t.equal(
    (await exportOf(['--seed', '12345', ...range])).stdout,
    seeded.stdout,
    'the same seed, the same bytes',
  );
  const bySeedEnv = await runInProcess(['export', ...range], { MOCK_SEED: '12345' }).exited;
  t.equal(bySeedEnv.stdout, seeded.stdout, 'MOCK_SEED');

  const dir = t.testdir({
    'acme.json': JSON.stringify({ name: 'acme', extends: 'default', seed: 77 }),
  });
  const acme = await exportOf(['--scenarios', dir, '--scenario', 'acme', ...range]);
  const acmeApp = buildApp({ scenarios: [dir], scenario: 'acme' });
  t.teardown(() => acmeApp.close());
  assertSameRows(
    t,
    linesOf(t, acme),
    await endpointPages(acmeApp, 'getPstnCalls', 'v1.0', JUNE.from, '2024-06-03'),
    'a loaded scenario',
  );
});

t.test('--help prints the export usage on stdout', async (t) => {
  for (const flag of ['--help', '-h']) {
    const exit = await exportOf([flag]);
    t.equal(exit.code, 0);
    t.equal(exit.stdout, `${EXPORT_USAGE}\n`);
    t.equal(exit.stderr, '');
  }
});

t.test('a bad command line exits 2 with one line and writes nothing', async (t) => {
  const cases: [string, string[], string | RegExp][] = [
    ['no range', [], '--from <date-time> is required'],
    ['no end', ['--from', JUNE.from], '--to <date-time> is required'],
    ['a bad date', ['--from', '2024-02-30', '--to', JUNE.to], 'invalid --from "2024-02-30"'],
    ['a reversed range', ['--from', JUNE.to, '--to', JUNE.from], 'is after --to'],
    [
      'an unknown log',
      ['--function', 'getCalls', '--from', JUNE.from, '--to', JUNE.to],
      'invalid --function "getCalls"',
    ],
    [
      'a beta-only log in v1.0',
      ['--function', 'getSmsLog', '--version', 'v1.0', '--from', JUNE.from, '--to', JUNE.to],
      'getSmsLog is in the beta API only',
    ],
    [
      'a bad format',
      ['--format', 'xml', '--from', JUNE.from, '--to', JUNE.to],
      'expected one of jsonl, json, csv',
    ],
    [
      'an unknown scenario',
      ['--scenario', 'huge', '--from', JUNE.from, '--to', JUNE.to],
      'invalid --scenario / MOCK_SCENARIO "huge"',
    ],
    ['a server flag', ['--port', '3000'], "Unknown option '--port'"],
    ['a stray word', ['june'], 'Unexpected argument'],
  ];
  for (const [name, args, detail] of cases) {
    assertUsageError(t, name, await exportOf(args), detail);
  }
});
