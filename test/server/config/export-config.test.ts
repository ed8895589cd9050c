/**
 * The `export` command's options (parseExportConfig): defaults, each flag, the variables it
 * shares with the server, the version rule, and every mistake as one ConfigError line. What the
 * command writes is test/server/export/export-command.test.ts.
 */
import t from 'tap';
import { functionVersions, LOG_FUNCTIONS } from '../../../openapi/contract.js';
import { defaultScenario, findScenario } from '../../../scenarios/catalog.js';
import { ConfigError, parseExportConfig } from '../../../server/config/parse.js';
import { EXPORT_OPTIONS } from '../../../server/config/table.js';
import { EXPORT_USAGE, flagSyntax, USAGE } from '../../../server/config/usage.js';
import type { ExportOptions } from '../../../server/export/export-options.js';
import { parseDateTimeOffset } from '../../../server/graph/date-time-offset.js';

type Env = Record<string, string | undefined>;

const RANGE = ['--from', '2024-01-01', '--to', '2024-12-31T23:59:59Z'];
const range = {
  from: parseDateTimeOffset('2024-01-01')!,
  to: parseDateTimeOffset('2024-12-31T23:59:59Z')!,
};

function optionsOf(argv: readonly string[], env: Env = {}): ExportOptions {
  const config = parseExportConfig(argv, env);
  if (config.kind !== 'export') throw new Error(`expected an export config, got ${config.kind}`);
  return config.options;
}

function errorOf(argv: readonly string[], env: Env = {}): string {
  try {
    parseExportConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`parseExportConfig accepted ${JSON.stringify({ argv, env })}`);
}

t.test('only the range is needed: the rest has defaults', async (t) => {
  t.same(optionsOf(RANGE), {
    scenario: defaultScenario,
    seed: defaultScenario.seed,
    fn: 'getPstnCalls',
    version: 'v1.0',
    range,
    format: 'jsonl',
  });
  t.notOk('output' in optionsOf(RANGE), 'no output: stdout');
});

t.test('each flag sets its option', async (t) => {
  const large = findScenario('large')!;
  t.match(optionsOf([...RANGE, '--scenario', 'large']), { scenario: large, seed: large.seed });
  t.match(optionsOf([...RANGE, '--seed', '42']), { seed: 42 });
  t.match(optionsOf([...RANGE, '--function', 'getDirectRoutingCalls']), {
    fn: 'getDirectRoutingCalls',
    version: 'v1.0',
  });
  t.match(optionsOf([...RANGE, '--version', 'beta']), { version: 'beta' });
  t.match(optionsOf([...RANGE, '--format', 'csv']), { format: 'csv' });
  t.match(optionsOf([...RANGE, '--format=json']), { format: 'json' });
  t.match(optionsOf([...RANGE, '--output', 'june.jsonl']), { output: 'june.jsonl' });
  t.same(
    optionsOf(['--from', '2024-06-01T09:30:00+02:00', '--to', '2024-06-01T09:30:00.1234567Z'])
      .range,
    {
      from: parseDateTimeOffset('2024-06-01T07:30:00Z'),
      to: parseDateTimeOffset('2024-06-01T09:30:00.1234567Z'),
    },
  );
});

t.test('a function only beta has defaults to beta, and v1.0 is refused for it', async (t) => {
  for (const fn of LOG_FUNCTIONS) {
    const versions = functionVersions(fn);
    const expected = versions.includes('v1.0') ? 'v1.0' : 'beta';
    t.equal(optionsOf([...RANGE, '--function', fn]).version, expected, `${fn}: ${expected}`);
    if (versions.includes('v1.0')) continue;
    t.equal(
      errorOf([...RANGE, '--function', fn, '--version', 'v1.0']),
      `${fn} is in the beta API only: --version v1.0 has no such log; give --version beta or leave it out`,
    );
  }
});

t.test(
  'the scenario, its files and the seed share the server’s variables; the flag wins',
  async (t) => {
    t.match(optionsOf(RANGE, { MOCK_SCENARIO: 'large', MOCK_SEED: '9' }), {
      scenario: findScenario('large'),
      seed: 9,
    });
    t.match(optionsOf([...RANGE, '--scenario', 'empty'], { MOCK_SCENARIO: 'large' }), {
      scenario: findScenario('empty'),
    });
    const dir = t.testdir({
      'acme.json': JSON.stringify({ name: 'acme', extends: 'default', seed: 77 }),
    });
    t.match(optionsOf([...RANGE, '--scenario', 'acme'], { MOCK_SCENARIOS: dir }), {
      scenario: { name: 'acme' },
      seed: 77,
    });
    t.match(errorOf([...RANGE, '--scenarios', `${dir}/none.json`]), 'none.json: no such file');
    // Only the server's: the export has no variables of its own.
    t.match(optionsOf(RANGE, { MOCK_FORMAT: 'csv', PORT: 'x' }), { format: 'jsonl' });
  },
);

t.test('a range is any length, but in order', async (t) => {
  t.same(
    optionsOf(['--from', '2020-01-01', '--to', '2029-12-31']).range.from,
    parseDateTimeOffset('2020-01-01'),
  );
  t.same(
    optionsOf(['--from', '2024-06-01', '--to', '2024-06-01']).range.to,
    parseDateTimeOffset('2024-06-01'),
  );
  t.equal(
    errorOf(['--from', '2024-06-02T00:00:00.5Z', '--to', '2024-06-02']),
    '--from (2024-06-02T00:00:00.5Z) is after --to (2024-06-02): swap the two values',
  );
});

t.test('every mistake is a one-line ConfigError', async (t) => {
  const date = EXPORT_OPTIONS.from.expected;
  const cases: [string[], string | RegExp][] = [
    [[], `--from <date-time> is required: ${date} (run with export --help for the options)`],
    [
      ['--from', '2024-01-01'],
      `--to <date-time> is required: ${date} (run with export --help for the options)`,
    ],
    [['--from', 'yesterday', '--to', '2024-01-01'], `invalid --from "yesterday": expected ${date}`],
    [
      ['--from', '2024-01-01', '--to', '2024-01-01T25:00Z'],
      `invalid --to "2024-01-01T25:00Z": expected ${date}`,
    ],
    [
      [...RANGE, '--function', 'getpstncalls'],
      `invalid --function "getpstncalls": expected one of ${LOG_FUNCTIONS.join(', ')}`,
    ],
    [[...RANGE, '--version', '1.0'], 'invalid --version "1.0": expected v1.0 or beta'],
    [
      [...RANGE, '--format', 'ndjson'],
      'invalid --format "ndjson": expected one of jsonl, json, csv',
    ],
    [[...RANGE, '--output', ''], 'invalid --output "": expected a file path'],
    [
      [...RANGE, '--seed', 'seven'],
      'invalid --seed / MOCK_SEED "seven": expected a decimal integer from 0 to 4294967295',
    ],
    // parseArgs' own words, which Node may change: held to their gist.
    [[...RANGE, '--tls'], /^Unknown option '--tls'.* \(run with export --help for the options\)$/],
    [
      [...RANGE, 'june'],
      /^Unexpected argument 'june'.* \(run with export --help for the options\)$/,
    ],
  ];
  for (const [argv, message] of cases) {
    const got = errorOf(argv);
    if (typeof message === 'string') t.equal(got, message, argv.join(' '));
    else t.match(got, message, argv.join(' '));
    t.notMatch(got, /\n/, 'one line');
  }
});

t.test('--help and -h ask for the export usage, which names every option', async (t) => {
  t.same(parseExportConfig(['--help'], {}), { kind: 'help' });
  t.same(parseExportConfig(['-h', '--format', 'xml'], {}), { kind: 'help' });
  for (const option of Object.values(EXPORT_OPTIONS)) {
    t.match(EXPORT_USAGE, flagSyntax(option));
  }
  t.match(EXPORT_USAGE, /--scenario <name> +MOCK_SCENARIO/);
  t.match(EXPORT_USAGE, /--from <date-time>\n(.*\n){2} +Required\./);
  t.match(EXPORT_USAGE, 'getSmsLog, getPstnBlockedUsersLog, getPstnOnlineMeetingDialoutReport.');
  t.match(USAGE, /^ {7}graph-callrecords-mock export \[export options\] +\(see export --help\)$/m);
  for (const line of EXPORT_USAGE.split('\n')) {
    t.ok(line.length <= 100, `fits 100 columns: ${line}`);
  }
});
