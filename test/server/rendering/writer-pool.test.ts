import t from 'tap';
import { WriterPool } from '../../../server/rendering/writer-pool.js';

t.test('a released writer is handed out again, emptied', async (t) => {
  const pool = new WriterPool(2);
  const writer = pool.acquire();
  writer.string('left over');
  pool.release(writer);
  const again = pool.acquire();
  t.equal(again, writer, 'the same writer');
  t.equal(again.view().length, 0, 'with nothing in it');
});

t.test('writers in use are never handed out twice', async (t) => {
  const pool = new WriterPool(2);
  const first = pool.acquire();
  const second = pool.acquire();
  t.not(first, second);
});

t.test('the pool keeps at most its limit of idle writers', async (t) => {
  const pool = new WriterPool(1);
  const first = pool.acquire();
  const second = pool.acquire();
  pool.release(first);
  pool.release(second);
  t.equal(pool.acquire(), first, 'the one kept');
  const fresh = pool.acquire();
  t.not(fresh, second, 'the other was dropped');
  t.not(fresh, first);
});
