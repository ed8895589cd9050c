/**
 * PageCache keeps a page only when it is asked for a second time, and holds at most its
 * byte budget, dropping the least recently used pages first.
 */
import t from 'tap';
import { PageCache } from '../../../../server/routes/call-records/page-cache.js';

const page = (bytes: number, fill = 0x61) => Buffer.alloc(bytes, fill);

t.test('a page offered once is not kept', async (t) => {
  const cache = new PageCache(1000);
  cache.offer('a', page(10));
  t.equal(cache.get('a'), undefined);
  t.equal(cache.size, 0);
});

t.test('a page offered a second time is kept and served', async (t) => {
  const cache = new PageCache(1000);
  const body = page(10);
  cache.offer('a', page(10));
  cache.offer('a', body);
  t.same(cache.get('a'), body);
  t.equal(cache.size, 1);
});

t.test('the cache keeps its own copy: the offered bytes may be reused afterwards', async (t) => {
  const cache = new PageCache(1000);
  const scratch = Buffer.from('{"page":1}');
  cache.offer('a', scratch);
  cache.offer('a', scratch);
  scratch.write('{"page":2}');
  t.equal(cache.get('a')?.toString(), '{"page":1}');
});

t.test('a third offer after admission is again a first sighting', async (t) => {
  const cache = new PageCache(1000);
  cache.offer('a', page(10));
  cache.offer('a', page(10));
  cache.offer('b', page(10));
  t.equal(cache.get('b'), undefined, 'b seen once');
  cache.offer('b', page(10));
  t.ok(cache.get('b'), 'b seen twice');
});

t.test('pages beyond the byte budget evict the least recently used', async (t) => {
  const cache = new PageCache(300);
  for (const key of ['a', 'b', 'c']) {
    cache.offer(key, page(100));
    cache.offer(key, page(100));
  }
  t.equal(cache.size, 3, 'exactly at the budget');
  t.ok(cache.get('a'), 'a is used again, so b is now the oldest');
  cache.offer('d', page(100));
  cache.offer('d', page(100));
  t.equal(cache.size, 3);
  t.equal(cache.get('b'), undefined, 'b was evicted');
  t.ok(cache.get('a'));
  t.ok(cache.get('c'));
  t.ok(cache.get('d'));
});

t.test('one large page evicts as many small ones as it needs', async (t) => {
  const cache = new PageCache(300);
  for (const key of ['a', 'b', 'c']) {
    cache.offer(key, page(100));
    cache.offer(key, page(100));
  }
  cache.offer('big', page(250));
  cache.offer('big', page(250));
  t.equal(cache.size, 1);
  t.ok(cache.get('big'));
});

t.test('a page larger than the whole budget is never kept and evicts nothing', async (t) => {
  const cache = new PageCache(300);
  cache.offer('a', page(100));
  cache.offer('a', page(100));
  cache.offer('huge', page(301));
  cache.offer('huge', page(301));
  t.equal(cache.get('huge'), undefined);
  t.ok(cache.get('a'));
});

t.test('the memory of pages seen once is bounded, forgetting the oldest', async (t) => {
  const cache = new PageCache(1000, 2);
  cache.offer('a', page(10));
  cache.offer('b', page(10));
  cache.offer('c', page(10));
  cache.offer('a', page(10));
  t.equal(cache.get('a'), undefined, 'a was forgotten, so this was its first offer again');
  cache.offer('c', page(10));
  t.ok(cache.get('c'), 'c was still remembered');
});
