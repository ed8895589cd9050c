/**
 * Paging as Graph clients meet it: pages of 1000, `@odata.count` per page, absolute nextLinks
 * in the docs' short form on every page but the last, and walks that see every row once.
 */
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import {
  expectPage,
  get,
  INJECT_ORIGIN,
  linkLiteral,
  pathOf,
  pstnCallsPath,
  type Row,
  walk,
} from '../../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

const PAGE_SIZE = 1000;
const FROM = '2024-06-01';
const TO = '2024-06-30';
const JUNE = pstnCallsPath('beta', FROM, TO);

/** `{origin}/{version}/communications/callRecords/getPstnCalls(from=…,to=…)?$skip=N[&$top=T]`. */
const NEXT_LINK =
  /^(https?:\/\/[^/]+)\/(beta|v1\.0)\/communications\/callRecords\/getPstnCalls\(from=([^,()]+),to=([^,()]+)\)\?\$skip=(\d+)(?:&\$top=(\d+))?$/;

const ids = (rows: readonly Row[]) => rows.map((row) => row.id);

/** June 2024 walked once, shared by the tests that need its rows. */
const june: readonly Row[] = (await walk(t, app, 'beta', JUNE)).rows;

t.test('a multi-page walk sees every row exactly once', async (t) => {
  const { pages, rows } = await walk(t, app, 'beta', JUNE);
  t.ok(pages.length >= 3, `June spans several pages (${pages.length})`);
  t.equal(new Set(ids(rows)).size, rows.length, 'ids are unique across pages');
  const counted = pages.reduce((sum, page) => sum + page['@odata.count'], 0);
  t.equal(counted, rows.length, 'the sum of @odata.count is the number of rows');
  t.same(rows, june, 'the same rows as any other walk');
});

t.test('every page but the last has 1000 rows and a nextLink; the last has none', async (t) => {
  const { pages } = await walk(t, app, 'beta', JUNE);
  const last = pages.at(-1)!;
  for (const [i, page] of pages.slice(0, -1).entries()) {
    t.equal(page['@odata.count'], PAGE_SIZE, `page ${i + 1} is full`);
    t.type(page['@odata.nextLink'], 'string', `page ${i + 1} links onwards`);
  }
  t.ok(
    last['@odata.count'] > 0 && last['@odata.count'] <= PAGE_SIZE,
    'the last page holds the rest',
  );
  t.notOk('@odata.nextLink' in last, 'the last page has no nextLink member at all');
});

t.test(
  'nextLinks are absolute, in the docs’ short form, with $skip advancing by a page',
  async (t) => {
    const { pages } = await walk(t, app, 'beta', JUNE);
    for (const [i, page] of pages.slice(0, -1).entries()) {
      t.equal(
        page['@odata.nextLink'],
        `${INJECT_ORIGIN}/beta/communications/callRecords/getPstnCalls(from=${FROM},to=${TO})?$skip=${(i + 1) * PAGE_SIZE}`,
      );
    }
  },
);

t.test(
  'a walk started in any URL form continues in the short form, keeping the version',
  async (t) => {
    const kiota =
      '/v1.0/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(' +
      'fromDateTime=2024-06-01T00%3A00%3A00.000Z,toDateTime=2024-06-30T12%3A30%3A00.5%2B02%3A00)';
    const { pages, rows } = await walk(t, app, 'v1.0', kiota);
    const match = NEXT_LINK.exec(pages[0]!['@odata.nextLink'] ?? '');
    t.ok(match, 'the first nextLink has the short form');
    t.equal(match?.[2], 'v1.0');
    t.equal(match?.[3], '2024-06-01', 'midnight is written date-only');
    t.equal(match?.[4], '2024-06-30T10:30:00.5Z', 'an offset is written as UTC, fraction trimmed');
    const expected = june.filter((row) => row.startDateTime <= '2024-06-30T10:30:00.5000000Z');
    t.same(ids(rows), ids(expected), 'and the walk covers exactly the window');
  },
);

t.test(
  'a nextLink keeps the client’s $top, and following it walks in pages of that size',
  async (t) => {
    const { pages, rows } = await walk(t, app, 'beta', `${JUNE}?$top=700`);
    t.equal(pages[0]!['@odata.count'], 700);
    t.match(pages[0]!['@odata.nextLink'], /\?\$skip=700&\$top=700$/);
    t.match(pages[1]!['@odata.nextLink'], /\?\$skip=1400&\$top=700$/);
    t.same(ids(rows), ids(june));
  },
);

t.test('$top=1 answers one row per page and links to the next row', async (t) => {
  const first = expectPage(t, await get(app, `${JUNE}?$top=1`), 'beta');
  t.same(ids(first.value), [june[0]!.id]);
  t.match(first['@odata.nextLink'], /\?\$skip=1&\$top=1$/);
  const second = expectPage(t, await get(app, pathOf(first['@odata.nextLink']!)), 'beta');
  t.same(ids(second.value), [june[1]!.id]);
});

t.test('$top=1000 is the page size: full pages, and its links lead to full pages', async (t) => {
  const first = expectPage(t, await get(app, `${JUNE}?$top=1000`), 'beta');
  t.same(ids(first.value), ids(june.slice(0, PAGE_SIZE)));
  const link = first['@odata.nextLink']!;
  t.match(link, /\?\$skip=1000(&\$top=1000)?$/, 'the link asks for the next 1000');
  const second = expectPage(t, await get(app, pathOf(link)), 'beta');
  t.same(ids(second.value), ids(june.slice(PAGE_SIZE, 2 * PAGE_SIZE)));
});

t.test('a page in the middle starts where $skip says', async (t) => {
  const page = expectPage(t, await get(app, `${JUNE}?$skip=1500`), 'beta');
  t.same(ids(page.value), ids(june.slice(1500, 2500)));
  t.match(page['@odata.nextLink'], /\?\$skip=2500$/);
});

t.test('the last page, asked for directly, has the remaining rows and no nextLink', async (t) => {
  const skip = june.length - 3;
  const page = expectPage(t, await get(app, `${JUNE}?$skip=${skip}`), 'beta');
  t.same(ids(page.value), ids(june.slice(skip)));
  t.notOk('@odata.nextLink' in page);
});

t.test('$skip at or past the end answers an empty page without a nextLink', async (t) => {
  for (const skip of [june.length, june.length + 1, 1_000_000]) {
    const page = expectPage(t, await get(app, `${JUNE}?$skip=${skip}`), 'beta');
    t.same(page.value, [], `$skip=${skip}`);
    t.equal(page['@odata.count'], 0);
    t.notOk('@odata.nextLink' in page);
  }
});

t.test('a window with no calls answers an empty page, count 0, no nextLink', async (t) => {
  for (const url of [
    pstnCallsPath('beta', '2024-06-11T03:00:00Z', '2024-06-11T03:00:00Z'),
    pstnCallsPath('v1.0', '1999-01-01', '1999-01-01'),
  ]) {
    const version = url.startsWith('/beta') ? 'beta' : 'v1.0';
    const page = expectPage(t, await get(app, url), version);
    t.same(page.value, []);
    t.equal(page['@odata.count'], 0);
    t.notOk('@odata.nextLink' in page);
  }
});

/** The window from FROM to the start of june[index]: exactly index + 1 calls. */
function windowThroughRow(index: number): string {
  const row = june[index]!;
  const next = june[index + 1]!;
  // Start instants carry 100-ns ticks, so two calls at the same instant would be a fluke.
  if (next.startDateTime === row.startDateTime) throw new Error('rows share a start instant');
  return pstnCallsPath('beta', FROM, row.startDateTime);
}

t.test('a window of exactly 1000 rows is one full page without a nextLink', async (t) => {
  const page = expectPage(t, await get(app, windowThroughRow(999)), 'beta');
  t.equal(page['@odata.count'], 1000);
  t.same(ids(page.value), ids(june.slice(0, 1000)));
  t.notOk('@odata.nextLink' in page, 'no empty page to follow');
});

t.test('a window of 1001 rows is a full page, then a page of one without a nextLink', async (t) => {
  const url = windowThroughRow(1000);
  const { pages, rows } = await walk(t, app, 'beta', url);
  t.equal(pages.length, 2);
  t.equal(pages[0]!['@odata.count'], 1000);
  t.equal(
    pages[0]!['@odata.nextLink'],
    `${INJECT_ORIGIN}/beta/communications/callRecords/getPstnCalls(from=${FROM},to=${linkLiteral(june[1000]!.startDateTime)})?$skip=1000`,
  );
  t.equal(pages[1]!['@odata.count'], 1);
  t.notOk('@odata.nextLink' in pages[1]!);
  t.same(ids(rows), ids(june.slice(0, 1001)));
});

t.test('a window of 999 rows is one page without a nextLink', async (t) => {
  const page = expectPage(t, await get(app, windowThroughRow(998)), 'beta');
  t.equal(page['@odata.count'], 999);
  t.notOk('@odata.nextLink' in page);
});

t.test('a 90-day window walks to the end in pages, each row once', async (t) => {
  const { pages, rows } = await walk(
    t,
    app,
    'v1.0',
    pstnCallsPath('v1.0', '2024-04-01', '2024-06-30'),
  );
  t.ok(pages.length > 5);
  t.equal(new Set(ids(rows)).size, rows.length);
  const inJune = rows.filter(
    (row) =>
      row.startDateTime >= '2024-06-01' && row.startDateTime <= '2024-06-30T00:00:00.0000000Z',
  );
  t.same(ids(inJune), ids(june), 'its June rows are June’s rows');
});
