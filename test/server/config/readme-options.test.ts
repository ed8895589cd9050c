/**
 * The Options page's table (docs/options.md), and the Export page's (docs/export.md), say what
 * the option tables (server/config/table.ts) hold.
 */
import t from 'tap';
import { EXPORT_OPTIONS, type Option, SERVER_OPTIONS } from '../../../server/config/table.js';
import { flagSyntax } from '../../../server/config/usage.js';
import { docSection } from '../../support/doc-pages.js';

interface Row {
  readonly flag: string;
  readonly env: string | undefined;
  readonly default: string;
}

/** The rows of the first table of the page's `heading` section: flag, first env variable, default. */
function readmeRows([path, heading]: Page): Row[] {
  // Up to the next heading, which a shell example's `#` comment is not.
  const section = docSection(path, heading).split(/^##+ /m)[0]!;
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

/** A page of the documentation and the heading of its section. */
type Page = readonly [path: string, heading: string];
const OPTIONS_PAGE: Page = ['docs/options.md', '# Options'];
const EXPORT_PAGE: Page = ['docs/export.md', '# Export'];

const TABLES: readonly [Page, Record<string, Option>][] = [
  [OPTIONS_PAGE, SERVER_OPTIONS],
  [EXPORT_PAGE, EXPORT_OPTIONS],
];

t.test(
  'the docs list every option, in the table’s order, with its flag and variable',
  async (t) => {
    for (const [page, table] of TABLES) {
      t.same(
        readmeRows(page).map(({ flag, env }) => ({ flag, env })),
        Object.values(table).map((option) => ({ flag: flagSyntax(option), env: option.env })),
        page[0],
      );
    }
  },
);

t.test('the docs give the default of every option that has a literal one', async (t) => {
  for (const [page, table] of TABLES) {
    const rows = new Map(readmeRows(page).map((row) => [row.flag, row.default]));
    for (const option of Object.values(table).filter((option) => option.default !== undefined)) {
      t.equal(
        rows.get(flagSyntax(option)),
        `\`${option.default}\``,
        `${page[0]}: ${flagSyntax(option)}`,
      );
    }
  }
});

t.test('the Export page calls required what the export cannot do without', async (t) => {
  const rows = new Map(readmeRows(EXPORT_PAGE).map((row) => [row.flag, row.default]));
  for (const option of Object.values(EXPORT_OPTIONS) as Option[]) {
    t.equal(
      rows.get(flagSyntax(option)) === 'required',
      option.required === true,
      flagSyntax(option),
    );
  }
});
