/**
 * The bin's `export` command in a real process: to a file, to a pipe, and into `| head`, whose
 * early exit is a real EPIPE. What it writes is tested in-process, in
 * test/server/export/export-command.test.ts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { childEnv, MAIN, PREFIX, run, runProcess, STACK_FRAME, track } from '../support/cli.js';

const JUNE = ['--from', '2024-06-01', '--to', '2024-07-01'];
/** default's 2024: 41,536 rows, about 30 MB — more than a pipe holds. */
const YEAR = ['--from', '2024-01-01', '--to', '2024-12-31T23:59:59Z'];

t.test('to a file and to a pipe: the same rows, nothing else on stdout or stderr', async (t) => {
  const path = `${t.testdir({})}/june.jsonl`;
  const [toFile, toPipe] = await Promise.all([
    run(['export', ...JUNE, '--output', path]),
    run(['export', ...JUNE]),
  ]);
  t.equal(toFile.code, 0);
  t.equal(toFile.stdout, '');
  t.equal(toFile.stderr, '');
  t.equal(toPipe.code, 0);
  t.equal(toPipe.stderr, '', 'no progress bar: stderr is a pipe');
  t.equal(readFileSync(path, 'utf8'), toPipe.stdout, 'the file holds what the pipe got');
  const lines = toPipe.stdout.split('\n');
  t.equal(lines.length, 2994, "default's 2,993 rows of June, each ended");
  t.equal(lines.at(-1), '');
  t.match(JSON.parse(lines[0]!), { id: /^[0-9a-f-]{36}$/, startDateTime: /^2024-06-01T/ });
});

t.test('| head ends the export quietly: exit 1, one line, no stack trace', async (t) => {
  // pipefail: the pipeline's status is the export's, not head's.
  const script = 'set -o pipefail; "$0" "$1" export "$2" "$3" "$4" "$5" | head -n 3';
  const exit = await runProcess('bash', ['-c', script, process.execPath, MAIN, ...YEAR], {
    env: childEnv({}),
  });
  t.equal(exit.code, 1, "the export's exit code");
  t.equal(exit.stdout.split('\n').length, 4, 'head printed its 3 rows');
  t.match(
    exit.stderr,
    new RegExp(
      `^${PREFIX}stdout was closed before the export ended; stopped after \\d+ rows written in full\\n$`,
    ),
  );
  t.notMatch(exit.stderr, STACK_FRAME);
});

t.test('a reader that closes its end mid-export: the export stops at once', async (t) => {
  const child = track(spawn(process.execPath, [MAIN, 'export', ...YEAR], { env: childEnv({}) }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  await once(child.stdout, 'data');
  child.stdout.destroy();
  const [code] = await once(child, 'close');
  t.equal(code, 1);
  t.match(stderr, /^graph-callrecords-mock: stdout was closed before the export ended;[^\n]*\n$/);
});

t.test('a bad option exits 2 with one line on stderr', async (t) => {
  const exit = await run(['export', '--from', '2024-06-01']);
  t.equal(exit.code, 2);
  t.equal(exit.stdout, '');
  t.match(exit.stderr, new RegExp(`^${PREFIX}--to <date-time> is required: .*\\n$`));
});
