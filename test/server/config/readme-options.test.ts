/**
 * The README's Options table, and the Export section's, say what the option tables
 * (server/config/table.ts) hold.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { EXPORT_OPTIONS, type Option, SERVER_OPTIONS } from '../../../server/config/table.js';
import { flagSyntax } from '../../../server/config/usage.js';
import { projectPath } from '../../support/project-root.js';

const README = readFileSync(projectPath('README.md'), 'utf8');

interface Row {
  readonly flag: string;
  readonly env: string | undefined;
  readonly default: string;
}

/** The rows of the first table under `heading`: its flag, first env variable and default cells. */
function readmeRows(heading: string): Row[] {
  // Up to the next heading: `#` alone also starts the comments of the sections' shell examples.
  const section = README.split(new RegExp(`^${heading}$`, 'm'))[1]!.split(/^##+ /m)[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `--'))
    .map((line) => {
      // Cells split on pipes a backslash does not escape; `\|` inside a cell is a literal pipe.
      const [flag, env, fallback] = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll('\\|', '|'));
      return {
        flag: flag!.replace(/^`|`$/g, ''),
        env: env!.match(/^`([A-Z_]+)`/)?.[1] ?? (env === '—' ? undefined : env!),
        default: fallback!,
      };
    });
}

const TABLES: readonly [string, Record<string, Option>][] = [
  ['## Options', SERVER_OPTIONS],
  ['## Export', EXPORT_OPTIONS],
];

t.test(
  'the README lists every option, in the table’s order, with its flag and variable',
  async (t) => {
    for (const [heading, table] of TABLES) {
      t.same(
        readmeRows(heading).map(({ flag, env }) => ({ flag, env })),
        Object.values(table).map((option) => ({ flag: flagSyntax(option), env: option.env })),
        heading,
      );
    }
  },
);

t.test('the README gives the default of every option that has a literal one', async (t) => {
  for (const [heading, table] of TABLES) {
    const rows = new Map(readmeRows(heading).map((row) => [row.flag, row.default]));
    for (const option of Object.values(table).filter((option) => option.default !== undefined)) {
      t.equal(
        rows.get(flagSyntax(option)),
        `\`${option.default}\``,
        `${heading}: ${flagSyntax(option)}`,
      );
    }
  }
});

t.test('the README calls required what the export cannot do without', async (t) => {
  const rows = new Map(readmeRows('## Export').map((row) => [row.flag, row.default]));
  for (const option of Object.values(EXPORT_OPTIONS) as Option[]) {
    t.equal(
      rows.get(flagSyntax(option)) === 'required',
      option.required === true,
      flagSyntax(option),
    );
  }
});
