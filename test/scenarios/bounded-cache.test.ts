/**
 * BoundedCache holds at most its budget, of entries or of bytes, dropping the least recently
 * used first; with admit on second request (as the page cache runs it) it keeps a value only
 * when its key is asked for a second time.
 */
import t from 'tap';
import { BoundedCache } from '../../scenarios/bounded-cache.js';

const page = (bytes: number, fill = 0x61) => Buffer.alloc(bytes, fill);

/** As the page cache runs it: a byte budget, admitting on the second request. */
function pageCache(maxBytes: number, rememberedKeys = 4096): BoundedCache<string, Buffer> {
  return new BoundedCache({
    maxBytes,
    bytesOf: (body: Buffer) => body.length,
    admitOnSecondRequest: { rememberedKeys },
  });
}

/** What the page service does with a rendered page: keep it if the cache admits it. */
function offer(cache: BoundedCache<string, Buffer>, key: string, body: Buffer): void {
  if (cache.admits(key)) cache.set(key, body);
}

t.test('a page offered once is not kept', async (t) => {
  const cache = pageCache(1000);
  offer(cache, 'a', page(10));
  t.equal(cache.get('a'), undefined);
  t.equal(cache.size, 0);
});

t.test('a page offered a second time is kept and served', async (t) => {
  const cache = pageCache(1000);
  const body = page(10);
  offer(cache, 'a', page(10));
  offer(cache, 'a', body);
  t.same(cache.get('a'), body);
  t.equal(cache.size, 1);
});

t.test('a third offer after admission is again a first sighting', async (t) => {
  const cache = pageCache(1000);
  offer(cache, 'a', page(10));
  offer(cache, 'a', page(10));
  offer(cache, 'b', page(10));
  t.equal(cache.get('b'), undefined, 'b seen once');
  offer(cache, 'b', page(10));
  t.ok(cache.get('b'), 'b seen twice');
});

t.test('pages beyond the byte budget evict the least recently used', async (t) => {
  const cache = pageCache(300);
  for (const key of ['a', 'b', 'c']) {
    offer(cache, key, page(100));
    offer(cache, key, page(100));
  }
  t.equal(cache.size, 3, 'exactly at the budget');
  t.ok(cache.get('a'), 'a is used again, so b is now the oldest');
  offer(cache, 'd', page(100));
  offer(cache, 'd', page(100));
  t.equal(cache.size, 3);
  t.equal(cache.get('b'), undefined, 'b was evicted');
  t.ok(cache.get('a'));
  t.ok(cache.get('c'));
  t.ok(cache.get('d'));
});

t.test('one large page evicts as many small ones as it needs', async (t) => {
  const cache = pageCache(300);
  for (const key of ['a', 'b', 'c']) {
    offer(cache, key, page(100));
    offer(cache, key, page(100));
  }
  offer(cache, 'big', page(250));
  offer(cache, 'big', page(250));
  t.equal(cache.size, 1);
  t.ok(cache.get('big'));
});

t.test('a page larger than the whole budget is never kept and evicts nothing', async (t) => {
  const cache = pageCache(300);
  offer(cache, 'a', page(100));
  offer(cache, 'a', page(100));
  offer(cache, 'huge', page(301));
  offer(cache, 'huge', page(301));
  t.equal(cache.get('huge'), undefined);
  t.ok(cache.get('a'));
});

t.test('the memory of pages seen once is bounded, forgetting the oldest', async (t) => {
  const cache = pageCache(1000, 2);
  offer(cache, 'a', page(10));
  offer(cache, 'b', page(10));
  offer(cache, 'c', page(10));
  offer(cache, 'a', page(10));
  t.equal(cache.get('a'), undefined, 'a was forgotten, so this was its first offer again');
  offer(cache, 'c', page(10));
  t.ok(cache.get('c'), 'c was still remembered');
});

t.test('bounded by entries, the least recently used goes first', async (t) => {
  const cache = new BoundedCache<string, number>({ maxEntries: 2 });
  t.ok(cache.admits('a'), 'without the rule every value is admitted');
  cache.set('a', 1);
  cache.set('b', 2);
  t.equal(cache.get('a'), 1, 'a is used again, so b is now the oldest');
  cache.set('c', 3);
  t.equal(cache.size, 2);
  t.equal(cache.get('b'), undefined, 'b was evicted');
  t.equal(cache.get('c'), 3);
  t.equal(cache.bytes, 0, 'no bytes are counted');
  t.equal(cache.peek('a'), 1, 'peek reads a value');
  cache.set('d', 4);
  t.equal(cache.get('a'), undefined, 'and leaves its place: a was the oldest');
});

t.test('clear forgets the values and the keys seen once', async (t) => {
  const cache = pageCache(1000);
  offer(cache, 'a', page(10));
  offer(cache, 'a', page(10));
  offer(cache, 'b', page(10));
  t.equal(cache.bytes, 10);
  cache.clear();
  t.equal(cache.size, 0);
  t.equal(cache.bytes, 0);
  offer(cache, 'b', page(10));
  t.equal(cache.get('b'), undefined, 'b is a first sighting again');
});

t.test('onDrop hears of every value the cache lets go of, and only those', async (t) => {
  const dropped: string[] = [];
  const cache = new BoundedCache<string, string>({
    maxBytes: 10,
    bytesOf: (value) => value.length,
    onDrop: (value) => dropped.push(value),
  });
  cache.set('a', 'aaaa');
  cache.set('b', 'bbbb');
  t.same(dropped, [], 'nothing while all fit');
  cache.set('c', 'cccc');
  t.same(dropped, ['aaaa'], 'evicted: the least recently used');
  cache.set('b', 'BBBB');
  t.same(dropped, ['aaaa', 'bbbb'], 'replaced');
  cache.set('d', 'dddddddddddd');
  t.equal(cache.peek('d'), undefined, 'a value larger than the budget is not kept');
  t.same(dropped, ['aaaa', 'bbbb'], 'nor dropped: it was never held');
  cache.clear();
  t.same(dropped.slice(2).sort(), ['BBBB', 'cccc'], 'cleared');
});
