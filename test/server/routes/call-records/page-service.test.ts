/**
 * PageService: what a page is known by, its rendering into pooled writers, and its cache of
 * pages asked for more than once, which keeps copies of its own.
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
const CACHE_BYTES = 1024 * 1024;

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

t.test('the second request for a page is cached: a copy, not the writer’s bytes', async (t) => {
  const pages = new PageService(CACHE_BYTES);
  const first = pages.render(DAY, HERE);
  const expected = Buffer.from(first.body);
  first.release();
  const second = pages.render(DAY, HERE);
  t.same(second.body, expected, 'rendered again the same');
  second.release();
  // Another page is rendered into the writer the second one released.
  pages.render({ ...DAY, slice: { skip: 10, top: 10 } }, HERE);
  const third = pages.render(DAY, HERE);
  t.same(third.body, expected, 'the cached page is untouched by the writer’s reuse');
  t.not(third.body, second.body, 'and is the cache’s own buffer');
});

t.test('the origin is part of the cached page: links name where the client is', async (t) => {
  const pages = new PageService(CACHE_BYTES);
  pages.render(DAY, HERE);
  pages.render(DAY, HERE);
  const elsewhere = json(pages.render(DAY, { ...HERE, origin: 'https://mock.test' }).body);
  t.match(elsewhere['@odata.nextLink'], /^https:\/\/mock\.test\//);
});
