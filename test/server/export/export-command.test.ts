/**
 * `graph-callrecords-mock export …` through the CLI's run(), in-process: the file or stdout it
 * writes, with back-pressure; a failing output ends it with one line and exit 1; a progress bar
 * on a terminal's stderr; usage. What the rows are is export-rows.test.ts and
 * export-formats.test.ts; the bin in a real process, test/e2e/export-command.test.ts; the
 * options alone, test/server/config/export-config.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import t from 'tap';
import { EXPORT_USAGE } from '../../../server/config/usage.js';
import { assertUsageError, PREFIX } from '../../support/cli.js';
import { exportOf, JUNE } from '../../support/export.js';

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
