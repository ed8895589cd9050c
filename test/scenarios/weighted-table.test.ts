import t from 'tap';
import { mix32 } from '../../scenarios/hash.js';
import { pick, weightedTable } from '../../scenarios/weighted-table.js';

/** How many of the table's slots each option holds, by picking every slot once. */
function slotCounts(weights: readonly number[], bits: number): number[] {
  const table = weightedTable(weights, bits);
  const counts = new Array<number>(weights.length).fill(0);
  for (let slot = 0; slot < 2 ** bits; slot++) {
    const option = pick(table, (slot * 2 ** (32 - bits)) >>> 0);
    counts[option] = (counts[option] ?? 0) + 1;
  }
  return counts;
}

t.test('each option holds slots in proportion to its weight', async (t) => {
  const weights = [1, 2, 3, 0, 4];
  const counts = slotCounts(weights, 10);
  const total = 10;
  weights.forEach((w, i) => {
    t.ok(
      Math.abs(counts[i]! - (w / total) * 1024) <= 1,
      `option ${i}: ${counts[i]} slots for weight ${w}`,
    );
  });
  t.equal(
    counts.reduce((sum, n) => sum + n, 0),
    1024,
    'every slot holds an option',
  );
});

t.test('picks by hash follow the weights', async (t) => {
  const weights = [38, 40, 1, 2, 2, 10, 2, 4, 1];
  const table = weightedTable(weights, 12);
  const counts = new Array<number>(weights.length).fill(0);
  const draws = 200_000;
  for (let i = 0; i < draws; i++) counts[pick(table, mix32(i))]!++;
  weights.forEach((w, i) => {
    const expected = w / 100;
    const observed = counts[i]! / draws;
    const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / draws) + 1 / 4096;
    t.ok(Math.abs(observed - expected) <= tolerance, `option ${i}: ${observed} vs ${expected}`);
  });
});

t.test('zero and negative weights are never picked, wherever they stand', async (t) => {
  for (const weights of [
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 0],
    [0, 0, 5, 0],
    [-3, 2, -1, 1],
    [1e-12, 1],
  ]) {
    const counts = slotCounts(weights, 12);
    weights.forEach((w, i) => {
      if (w <= 0) t.equal(counts[i], 0, `${JSON.stringify(weights)}: option ${i}`);
    });
    t.ok(
      weights.every((w, i) => w <= 1e-6 || counts[i]! > 0),
      `${JSON.stringify(weights)}: real weights get slots`,
    );
  }
});

t.test('a single option takes every pick', async (t) => {
  const table = weightedTable([7]);
  for (const bits of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) t.equal(pick(table, bits), 0);
});

t.test('the table is indexed by the top bits of the hash', async (t) => {
  const table = weightedTable([1, 1, 1, 1], 2);
  t.equal(pick(table, 0x00000000), 0);
  t.equal(pick(table, 0x3fffffff), 0);
  t.equal(pick(table, 0x40000000), 1);
  t.equal(pick(table, 0xbfffffff), 2);
  t.equal(pick(table, 0xffffffff), 3);
  t.equal(pick(table, -1), 3, 'a signed 32-bit hash reads as unsigned');
  const byDefault = weightedTable([1, 1]);
  t.equal(pick(byDefault, 0x7fff_ffff), 0, '16 bits unless told: the last slot of the first half');
  t.equal(pick(byDefault, 0x8000_0000), 1);
});

t.test('a table without a positive weight is refused', async (t) => {
  for (const weights of [[], [0], [0, 0, 0], [-1, -2], [Number.NaN, 1]]) {
    t.throws(() => weightedTable(weights), /at least one positive weight/, JSON.stringify(weights));
  }
});

t.test('a hole in a sparse weight list counts as zero', async (t) => {
  const weights: number[] = [1, 1];
  weights[3] = 2; // index 2 is a hole
  const counts = slotCounts(weights, 8);
  t.same(counts, [64, 64, 0, 128]);
});

t.test('more options than a 16-bit guide numbers are guided in 32 bits, and picked', async (t) => {
  const options = 2 ** 16 + 2;
  // Only the last two options weigh anything: each gets half of the 2^17 slots.
  const weights = Array.from({ length: options }, (_, i) => (i >= options - 2 ? 1 : 0));
  const table = weightedTable(weights, 17);
  t.ok(table.guide instanceof Uint32Array);
  t.equal(pick(table, 0), options - 2);
  t.equal(pick(table, 0xffffffff), options - 1);
  t.ok(weightedTable([1, 2], 4).guide instanceof Uint16Array, 'a few options: a 16-bit guide');
});

/** The table as a slot array, as it was once stored: the reference a pick must match. */
function slotArray(weights: readonly number[], bits: number): Uint32Array {
  const size = 2 ** bits;
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  const slots = new Uint32Array(size);
  let filled = 0;
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += Math.max(0, weights[i] ?? 0);
    const end = i === weights.length - 1 ? size : Math.round((cumulative / total) * size);
    slots.fill(i, filled, end);
    filled = Math.max(filled, end);
  }
  return slots;
}

t.test('every slot picks the option a full slot array holds there', async (t) => {
  // A tenant's users by activity (5,000 log-normal weights), tiny next to large shares, a few.
  const activity = Array.from({ length: 5000 }, (_, i) =>
    Math.exp(((mix32(i) % 2001) - 1000) / 600),
  );
  for (const [name, weights, bits] of [
    ['5,000 users by activity', activity, 16],
    ['5,000 users at 20 bits, 16 slots a bucket', activity, 20],
    ['tiny weights beside a huge one', [1e-9, 1e6, 1e-9, 1e-9, 3, 1e-9], 16],
    ['zeros between', [0, 2, 0, 0, 1, 0], 16],
    ['nine call types', [38, 40, 1, 2, 2, 10, 2, 4, 1], 16],
    ['one', [5], 16],
  ] as const) {
    const table = weightedTable(weights, bits);
    const slots = slotArray(weights, bits);
    let mismatches = 0;
    for (let slot = 0; slot < 2 ** bits; slot++) {
      if (pick(table, (slot * 2 ** (32 - bits)) >>> 0) !== slots[slot]) mismatches++;
    }
    t.equal(mismatches, 0, `${name}: all ${2 ** bits} slots`);
    t.ok(
      table.guide.length <= 128 * weights.length,
      `${name}: a guide of ${table.guide.length} buckets for ${weights.length} options`,
    );
  }
});
