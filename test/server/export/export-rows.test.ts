/**
 * `graph-callrecords-mock export` in-process: its rows are the endpoint's, byte for byte, for
 * every log function and version; a long range is the endpoint's walks of consecutive windows,
 * with each row once; the scenario, seed and scenario files choose the tenant. The formats are
 * export-formats.test.ts; the output and its failures, export-command.test.ts.
 */
import t from 'tap';
import { functionVersions, type LogFunctionName } from '../../../openapi/contract.js';
import { defaultScenario } from '../../../scenarios/catalog.js';
import { MINUTES_PER_DAY } from '../../../scenarios/instant.js';
import { LOG_FUNCTION_TABLE } from '../../../scenarios/log-functions.js';
import { inclusiveWindow } from '../../../scenarios/log-window.js';
import { universeFor } from '../../../scenarios/universe.js';
import { buildApp } from '../../../server/app.js';
import { exportWindows } from '../../../server/export/export-windows.js';
import { formatDateTimeLiteral } from '../../../server/graph/date-time-offset.js';
import { runInProcess } from '../../support/cli.js';
import {
  assertSameRows,
  at,
  defaultVersion,
  endpointPages,
  exportOf,
  FOUR_MONTHS,
  JUNE,
  linesOf,
  requestFor,
} from '../../support/export.js';
import { get, logPath } from '../../support/graph.js';

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
  t.equal(linesOf(t, exit).length, 2993, "default's June, as the Scenarios page's table says");
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
  const windows = exportWindows(LOG_FUNCTION_TABLE[0]!.window, { from: at(from), to: at(atEnd) });
  t.same(windows[1]?.from, start, 'the second window starts at the row');
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
