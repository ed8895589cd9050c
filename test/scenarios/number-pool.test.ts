import seedrandom from 'seedrandom';
import t from 'tap';
import { blockNumbers, COUNTRIES, type NumberBlock } from '../../scenarios/countries.js';
import { NumberPool } from '../../scenarios/number-pool.js';

/** The pool's contract: the rendered list, shuffled by Fisher–Yates on the same draws. */
function shuffledList(blocks: readonly NumberBlock[], random: () => number): string[] {
  const items = blocks.flatMap(blockNumbers);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

t.test(
  'a pool hands out the shuffled list in order, drawing what shuffling it draws',
  async (t) => {
    for (const [code, facts] of Object.entries(COUNTRIES)) {
      for (const blocks of [facts.geographic, facts.tollFree]) {
        const ours = seedrandom(`pool/${code}`);
        const theirs = seedrandom(`pool/${code}`);
        const pool = new NumberPool(blocks, ours);
        const expected = shuffledList(blocks, theirs);
        const taken = [...pool.take(3), ...pool.take(1), ...pool.take(expected.length)];
        t.same(taken, expected, `${code}: ${expected.length} numbers`);
        t.equal(ours(), theirs(), `${code}: the stream is left where shuffling leaves it`);
      }
    }
  },
);

t.test('a drained pool hands out nothing more', async (t) => {
  const pool = new NumberPool([{ prefix: '+4930', digits: 1, count: 3 }], seedrandom('drained'));
  t.equal(pool.take(5).length, 3, 'as many as are left');
  t.same(pool.take(1), []);
});

t.test('a pool of no blocks is empty', async (t) => {
  t.same(new NumberPool([], seedrandom('none')).take(1), []);
});
