/**
 * The byte renderer against the plain one: every page it writes must parse to exactly the
 * objects `rowObject` builds, for every call type and both versions, and the field table
 * must produce exactly the contract's members.
 */
import t from 'tap';
import {
  type ApiVersion,
  createContractValidator,
  rowPropertyNames,
} from '../../../openapi/contract.js';
import type { CallRow } from '../../../scenarios/call-row.js';
import { defaultScenario } from '../../../scenarios/catalog.js';
import { CALL_TYPES } from '../../../scenarios/scenario.js';
import { pageOf, planPage, universeFor } from '../../../scenarios/universe.js';
import { parseDateTimeOffset } from '../../../server/graph/date-time-offset.js';
import { ByteWriter } from '../../../server/rendering/byte-writer.js';
import {
  type PageContent,
  renderPage,
  rowObject,
} from '../../../server/rendering/page-renderer.js';
import { PSTN_ROW_FIELDS as ROW_FIELDS } from '../../../server/rendering/pstn-row-fields.js';

const VERSIONS: readonly ApiVersion[] = ['beta', 'v1.0'];
const contract = createContractValidator();
const universe = universeFor(defaultScenario, defaultScenario.seed);

function instant(literal: string) {
  const at = parseDateTimeOffset(literal);
  if (at === undefined) throw new Error(`bad test literal ${literal}`);
  return at;
}

/** A month of calls: thousands of rows, every call type among them. */
const window = { from: instant('2024-06-01'), to: instant('2024-06-30') };
const month: CallRow[] = [];
for (let skip = 0; ; skip += 1000) {
  const page = pageOf(universe, window, skip, 1000);
  month.push(...page.rows);
  if (!page.hasMore) break;
}

/** The content of a page holding `rows`. */
function content(
  version: ApiVersion,
  rows: readonly CallRow[],
  links: { context?: string | null; nextLink?: string | null } = {},
): PageContent {
  return {
    fn: 'getPstnCalls',
    version,
    context: links.context ?? null,
    nextLink: links.nextLink ?? null,
    count: rows.length,
    forEachRow: (visit) => {
      for (const row of rows) visit(row);
    },
  };
}

/** A page of `rows` rendered into a fresh writer, as text. */
function render(
  version: ApiVersion,
  rows: readonly CallRow[],
  links: { context?: string | null; nextLink?: string | null } = {},
): string {
  return renderPage(content(version, rows, links), new ByteWriter()).toString('utf8');
}

const byType = new Map<string, CallRow[]>();
for (const row of month) byType.set(row.callType, [...(byType.get(row.callType) ?? []), row]);

t.test('the month has calls of every type to render', async (t) => {
  t.same([...byType.keys()].sort(), [...CALL_TYPES].sort());
});

t.test(
  'ROW_FIELDS produces exactly the beta row’s members, and v1.0’s are among them',
  async (t) => {
    t.same(Object.keys(ROW_FIELDS).sort(), [...rowPropertyNames('getPstnCalls', 'beta')].sort());
    for (const name of rowPropertyNames('getPstnCalls', 'v1.0')) t.ok(name in ROW_FIELDS, name);
  },
);

t.test('rowObject has the contract’s members in the contract’s order', async (t) => {
  for (const version of VERSIONS) {
    t.same(
      Object.keys(rowObject('getPstnCalls', version, month[0]!)),
      rowPropertyNames('getPstnCalls', version),
      version,
    );
  }
});

t.test('a rendered page parses to exactly the plain objects, for every call type', async (t) => {
  for (const version of VERSIONS) {
    for (const [callType, all] of byType) {
      // Pages hold at most 1000 rows; the commonest types take several.
      for (let start = 0; start < all.length; start += 1000) {
        const rows = all.slice(start, start + 1000);
        const label = `${version} ${callType} rows ${start}–${start + rows.length - 1}`;
        const parsed = JSON.parse(
          render(version, rows, {
            context: `https://graph.example/${version}/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)`,
            nextLink: `https://graph.example/${version}/communications/callRecords/getPstnCalls(from=2024-06-01,to=2024-06-30)?$skip=1000`,
          }),
        );
        t.strictSame(
          parsed.value,
          rows.map((row) => rowObject('getPstnCalls', version, row)),
          label,
        );
        t.same(
          contract.validatePage('getPstnCalls', version, parsed),
          [],
          `${label} match the contract`,
        );
      }
    }
  }
});

t.test(
  'rendered rows keep the contract’s member order and write money with two decimals',
  async (t) => {
    // Parsing hides member order and number formatting, so both are checked on the text.
    const rows = CALL_TYPES.map((type) => byType.get(type)![0]!);
    const text = render('beta', rows);
    for (const row of rows) {
      const object = rowObject('getPstnCalls', 'beta', row);
      const keys = Object.keys(object).map((key) => JSON.stringify(key));
      const rendered = text.slice(text.indexOf(`{"id":"${object.id}"`));
      let position = 0;
      for (const key of keys) {
        const at = rendered.indexOf(`${key}:`, position);
        t.ok(at >= position, `${row.callType}: ${key} in order`);
        position = at;
      }
      t.match(
        rendered,
        /^\{"id":"[^"]+",.*?"charge":\d+\.\d{2},/,
        `${row.callType}: charge has two decimals`,
      );
      t.match(rendered, /"connectionCharge":0\.00,/, `${row.callType}: connectionCharge is 0.00`);
    }
  },
);

t.test('the envelope puts context, count, nextLink and value in Graph’s order', async (t) => {
  const rows = month.slice(0, 2);
  const full = render('v1.0', rows, { context: 'ctx', nextLink: 'next' });
  t.same(Object.keys(JSON.parse(full)), [
    '@odata.context',
    '@odata.count',
    '@odata.nextLink',
    'value',
  ]);
  t.match(full, /^\{"@odata.context":"ctx","@odata.count":2,"@odata.nextLink":"next","value":\[\{/);
  const bare = render('v1.0', rows);
  t.same(Object.keys(JSON.parse(bare)), ['@odata.count', 'value']);
});

t.test('an empty page renders as count 0 and an empty value', async (t) => {
  t.equal(render('beta', []), '{"@odata.count":0,"value":[]}');
});

t.test('links with characters JSON must escape are escaped', async (t) => {
  const context = 'https://h/beta/"quoted"\\path\u0001';
  t.equal(JSON.parse(render('beta', [], { context }))['@odata.context'], context);
});

t.test('a writer reused for a smaller page shows none of the larger one', async (t) => {
  const writer = new ByteWriter();
  const big = Buffer.from(renderPage(content('beta', month.slice(0, 1000)), writer));
  const small = renderPage(content('beta', month.slice(0, 1)), writer).toString('utf8');
  t.same(JSON.parse(small).value, [rowObject('getPstnCalls', 'beta', month[0]!)]);
  const bigAgain = renderPage(content('beta', month.slice(0, 1000)), writer);
  t.ok(big.equals(bigAgain), 'rendering is repeatable');
});

t.test('rows walked in one reused record render exactly as separately built rows', async (t) => {
  // planPage hands every row over in the same record; nothing of one row may leak into the next.
  for (const version of VERSIONS) {
    for (const skip of [0, 1000, 2500]) {
      const plan = planPage(universe, window, skip, 1000);
      const text = renderPage(
        {
          fn: 'getPstnCalls',
          version,
          context: null,
          nextLink: null,
          count: plan.count,
          forEachRow: plan.forEachRow,
        },
        new ByteWriter(),
      ).toString('utf8');
      const expected = pageOf(universe, window, skip, 1000).rows.map((row) =>
        rowObject('getPstnCalls', version, row),
      );
      t.strictSame(JSON.parse(text).value, expected, `${version} from row ${skip}`);
    }
  }
});

t.test('bot calls carry null user fields and no administrative units', async (t) => {
  for (const type of ['ucap_in', 'ucap_out']) {
    const row = rowObject('getPstnCalls', 'beta', byType.get(type)![0]!);
    t.match(
      row,
      { userId: null, userPrincipalName: null, userDisplayName: null, administrativeUnitInfos: [] },
      type,
    );
  }
});

t.test('conference calls carry a conferenceId', async (t) => {
  for (const type of ['conf_in', 'conf_out']) {
    const conferenceIds = byType
      .get(type)!
      .map((row) => rowObject('getPstnCalls', 'v1.0', row).conferenceId);
    t.ok(
      conferenceIds.every((id) => typeof id === 'string' && id !== ''),
      type,
    );
  }
});
