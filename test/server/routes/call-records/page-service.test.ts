/**
 * PageService: what a page is known by, its rendering into pooled writers, and its cache of
 * pages asked for more than once, which keeps the writers they were rendered into.
 */
import t from 'tap';
import { defaultScenario } from '../../../../scenarios/catalog.js';
import { getPstnCalls } from '../../../../scenarios/log-functions.js';
import { parseDateTimeOffset } from '../../../../server/graph/date-time-offset.js';
import {
  type PageAddress,
  type PageRequest,
  PageService,
} from '../../../../server/routes/call-records/page-service.js';

const at = (literal: string) => parseDateTimeOffset(literal)!;
const TENANT = { scenario: defaultScenario, seed: defaultScenario.seed, chosen: false };
const DAY_RANGE = { from: at('2024-06-11'), to: at('2024-06-11T23:59:59Z') };
const DAY: PageRequest = {
  tenant: TENANT,
  version: 'beta',
  fn: getPstnCalls,
  range: DAY_RANGE,
  window: DAY_RANGE,
  slice: { skip: 0, top: 10 },
};
const HERE: PageAddress = { origin: 'http://localhost:1', metadata: 'minimal' };
/** 1000-row pages of ~1 MB: large enough that the cache keeps the writer, not a copy. */
const QUARTER = { from: at('2024-03-01'), to: at('2024-05-29T23:59:59Z') };
const BIG: PageRequest = { ...DAY, range: QUARTER, window: QUARTER, slice: { skip: 0, top: 1000 } };
const bigPage = (n: number): PageRequest => ({ ...BIG, slice: { skip: n * 1000, top: 1000 } });
/** Room for four pooled writers of 1.25 MB. */
const CACHE_BYTES = 5 * 1024 * 1024;
/** Room for one. */
const ONE_PAGE_BYTES = 1.5 * 1024 * 1024;

const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

t.test(
  'a page is known by its tenant, version, window and slice, numbered in its walk',
  async (t) => {
    const pages = new PageService(CACHE_BYTES);
    const first = pages.identity(DAY);
    t.equal(first.number, 1);
    t.same(pages.identity({ ...DAY }), first, 'the same page, the same identity');
    t.equal(
      pages.identity({ ...DAY, slice: { skip: 20, top: 10 } }).number,
      3,
      '$skip=20 is page 3',
    );
    const others: PageRequest[] = [
      { ...DAY, version: 'v1.0' },
      { ...DAY, tenant: { ...TENANT, seed: 2 } },
      { ...DAY, range: { ...DAY.range, to: at('2024-06-11T23:59:58Z') } },
      { ...DAY, slice: { skip: 0, top: 11 } },
    ];
    for (const other of others) t.not(pages.identity(other).key, first.key);
  },
);

t.test('a rendered page carries its links, and its writer goes back once released', async (t) => {
  const pages = new PageService(CACHE_BYTES);
  const page = pages.render(DAY, HERE);
  const body = json(page.body);
  t.equal(body['@odata.count'], 10);
  t.match(body['@odata.context'], /^http:\/\/localhost:1\/beta\/\$metadata#/);
  t.match(body['@odata.nextLink'], /^http:\/\/localhost:1\/beta\/.*\$skip=10&\$top=10$/);
  const none = json(pages.render(DAY, { ...HERE, metadata: 'none' }).body);
  t.equal(none['@odata.context'], undefined, 'odata.metadata=none has no context');
  page.release();
});

t.test('the second request for a large page keeps its writer, lent to no other page', async (t) => {
  const pages = new PageService(CACHE_BYTES);
  const first = pages.render(BIG, HERE);
  t.ok(first.body.length >= 128 * 1024, `a large page: ${first.body.length} bytes`);
  const expected = Buffer.from(first.body);
  first.release();
  const second = pages.render(BIG, HERE);
  t.same(second.body, expected, 'rendered again the same');
  second.release();
  // Other pages are rendered while it is kept: never into its writer.
  for (let n = 1; n <= 3; n++) pages.render(bigPage(n), HERE).release();
  const third = pages.render(BIG, HERE);
  t.same(third.body, expected, 'the kept page is untouched');
  t.equal(third.body, second.body, 'and is the bytes the second request was sent');
  third.release();
});

t.test('a small page is kept as a copy of its own size', async (t) => {
  const pages = new PageService(64 * 1024);
  pages.render(DAY, HERE).release();
  const second = pages.render(DAY, HERE);
  const expected = Buffer.from(second.body);
  second.release();
  for (let skip = 10; skip <= 30; skip += 10) {
    pages.render({ ...DAY, slice: { skip, top: 10 } }, HERE).release();
  }
  const third = pages.render(DAY, HERE);
  t.same(third.body, expected, 'kept, in a budget far below a writer');
  t.not(third.body.buffer, second.body.buffer, 'a copy, not the writer’s bytes');
});

t.test('a dropped page stays as sent until its last response is done', async (t) => {
  const pages = new PageService(ONE_PAGE_BYTES);
  pages.render(BIG, HERE).release();
  const sending = pages.render(BIG, HERE);
  const alsoSending = pages.render(BIG, HERE);
  t.equal(alsoSending.body, sending.body, 'the kept page, lent twice');
  const expected = Buffer.from(sending.body);
  // A second page kept drops the first from the cache while it is still being sent.
  pages.render(bigPage(1), HERE).release();
  pages.render(bigPage(1), HERE).release();
  sending.release();
  sending.release(); // a second call is no second return
  for (let n = 2; n <= 4; n++) pages.render(bigPage(n), HERE).release();
  t.same(alsoSending.body, expected, 'its bytes are not rendered over while it is sent');
  alsoSending.release();
  const next = pages.render(bigPage(5), HERE);
  t.equal(next.body.buffer, sending.body.buffer, 'once done, its writer renders the next page');
  const after = pages.render(bigPage(6), HERE);
  t.not(after.body.buffer, sending.body.buffer, 'and was handed out once');
  next.release();
  after.release();
});

t.test('a page larger than the whole budget is sent, not kept', async (t) => {
  const pages = new PageService(1024 * 1024);
  pages.render(BIG, HERE).release();
  const second = pages.render(BIG, HERE);
  const expected = Buffer.from(second.body);
  second.release();
  const next = pages.render(bigPage(1), HERE);
  t.equal(next.body.buffer, second.body.buffer, 'its writer went straight back to the pool');
  next.release();
  t.same(pages.render(BIG, HERE).body, expected, 'and it is rendered again when asked for');
});

t.test('the origin is part of the cached page: links name where the client is', async (t) => {
  const pages = new PageService(CACHE_BYTES);
  pages.render(DAY, HERE);
  pages.render(DAY, HERE);
  const elsewhere = json(pages.render(DAY, { ...HERE, origin: 'https://mock.test' }).body);
  t.match(elsewhere['@odata.nextLink'], /^https:\/\/mock\.test\//);
});
