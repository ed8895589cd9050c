/**
 * The export's formats, in-process: `json` frames the `jsonl` rows' bytes as one array; `csv`
 * is a header of the version's row properties and a record of each row's values.
 */
import t from 'tap';
import { functionVersions, rowPropertyNames } from '../../../openapi/contract.js';
import { LOG_FUNCTION_TABLE } from '../../../scenarios/log-functions.js';
import { exportOf, JUNE, linesOf } from '../../support/export.js';

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
