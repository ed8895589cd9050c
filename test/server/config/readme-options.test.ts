/** The README's Options table says what the option table (server/config/table.ts) holds. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { type Option, SERVER_OPTIONS } from '../../../server/config/table.js';
import { flagSyntax } from '../../../server/config/usage.js';
import { projectPath } from '../../support/project-root.js';

const README = readFileSync(projectPath('README.md'), 'utf8');

interface Row {
  readonly flag: string;
  readonly env: string;
  readonly default: string;
}

/** The rows of the first table under `## Options`: its flag, first env variable and default cells. */
function readmeRows(): Row[] {
  const section = README.split(/^## Options$/m)[1]!.split(/^#/m)[0]!;
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
        env: env!.match(/^`([A-Z_]+)`/)?.[1] ?? env!,
        default: fallback!,
      };
    });
}

const options: Option[] = Object.values(SERVER_OPTIONS);

t.test(
  'the README lists every option, in the table’s order, with its flag and variable',
  async (t) => {
    t.same(
      readmeRows().map(({ flag, env }) => ({ flag, env })),
      options.map((option) => ({ flag: flagSyntax(option), env: option.env })),
    );
  },
);

t.test('the README gives the default of every option that has a literal one', async (t) => {
  const rows = new Map(readmeRows().map((row) => [row.flag, row.default]));
  for (const option of options.filter((option) => option.default !== undefined)) {
    t.equal(rows.get(flagSyntax(option)), `\`${option.default}\``, flagSyntax(option));
  }
});
