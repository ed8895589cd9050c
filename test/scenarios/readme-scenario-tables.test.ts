/**
 * The two scenario tables of docs/scenarios.md, read from the page and held to the scenarios:
 * every row count it quotes is what the logs serve for that range, under each function's
 * window rule.
 */
import t from 'tap';
import { SCENARIOS } from '../../scenarios/catalog.js';
import { dialoutReport } from '../../scenarios/dialout-report.js';
import { LOG_FUNCTION_TABLE, type LogFunction } from '../../scenarios/log-functions.js';
import { inclusiveWindow } from '../../scenarios/log-window.js';
import { universeFor } from '../../scenarios/universe.js';
import { parseDateTimeOffset } from '../../server/graph/date-time-offset.js';
import { docPage } from '../support/doc-pages.js';

const PAGE = docPage('docs/scenarios.md');

/** The rows of the Markdown table whose header row starts with `| name |` and mentions `marker`. */
function table(marker: string): string[][] {
  const lines = PAGE.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| name |') && line.includes(marker));
  if (start === -1) throw new Error(`docs/scenarios.md has no table headed '${marker}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const count = (cell: string): number => Number(cell.replaceAll(',', ''));
const nameOf = (cell: string): string => cell.replaceAll('`', '');

function rowsIn(fn: LogFunction, scenarioName: string, from: string, to: string): number {
  const scenario = SCENARIOS.find((s) => s.name === scenarioName)!;
  const range = { from: parseDateTimeOffset(from)!, to: parseDateTimeOffset(to)! };
  const window = inclusiveWindow(fn.window, range);
  // A page as long as the window: its count is the window's rows, found without walking them.
  return fn.plan(universeFor(scenario, scenario.seed), window, 0, Number.MAX_SAFE_INTEGER).count;
}

const entry = (name: string): LogFunction => LOG_FUNCTION_TABLE.find((fn) => fn.name === name)!;

t.test('getPstnCalls rows per scenario, June and 90 days, are the Scenarios page’s', async (t) => {
  const rows = table('what it models');
  t.same(
    rows.map((row) => nameOf(row[0]!)),
    SCENARIOS.map((s) => s.name),
    'every scenario, in order',
  );
  for (const [name, , june, quarter] of rows) {
    const scenario = nameOf(name!);
    t.equal(
      rowsIn(entry('getPstnCalls'), scenario, '2024-06-01', '2024-07-01'),
      count(june!),
      `${scenario} June`,
    );
    t.equal(
      rowsIn(entry('getPstnCalls'), scenario, '2024-03-01', '2024-05-30'),
      count(quarter!),
      `${scenario} 90 days`,
    );
  }
});

t.test('the other logs’ June rows per scenario are the Scenarios page’s', async (t) => {
  const rows = table('getDirectRoutingCalls');
  t.ok(rows.length >= 7, `${rows.length} scenarios listed`);
  for (const [name, directRouting, sms, blocked, dialout] of rows) {
    const scenario = nameOf(name!);
    const june = ['2024-06-01', '2024-07-01'] as const;
    t.equal(
      rowsIn(entry('getDirectRoutingCalls'), scenario, ...june),
      count(directRouting!),
      `${scenario} DR`,
    );
    t.equal(rowsIn(entry('getSmsLog'), scenario, ...june), count(sms!), `${scenario} SMS`);
    t.equal(
      rowsIn(entry('getPstnBlockedUsersLog'), scenario, ...june),
      count(blocked!),
      `${scenario} blocks`,
    );
    const [entries, calls] = /^([\d,]+) \(([\d,]+)\)$/.exec(dialout!)!.slice(1);
    const fn = entry('getPstnOnlineMeetingDialoutReport');
    t.equal(rowsIn(fn, scenario, ...june), count(entries!), `${scenario} report entries`);
    const found = SCENARIOS.find((s) => s.name === scenario)!;
    const window = inclusiveWindow(fn.window, {
      from: parseDateTimeOffset(june[0])!,
      to: parseDateTimeOffset(june[1])!,
    });
    const confOut = dialoutReport(universeFor(found, found.seed), window).reduce(
      (sum, e) => sum + e.totalCalls,
      0,
    );
    t.equal(confOut, count(calls!), `${scenario} conf_out calls`);
  }
});
