import t from 'tap';
import { hash2, hash3, hashString, mix32, unit } from '../../scenarios/hash.js';

/** The inverse of an odd multiplier modulo 2^32, by Newton's iteration. */
function inverseMultiplier(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x;
}

/** Undoes h ^= h >>> shift. */
function unshift(h: number, shift: number): number {
  let x = h;
  for (let s = shift; s < 32; s += shift) x ^= h >>> s;
  return x >>> 0;
}

/**
 * lowbias32 run backwards, written from its published steps (x ^= x >> 16; x *= 0x7feb352d;
 * x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16): a left inverse proves mix32 loses nothing.
 */
function unmix32(y: number): number {
  let x = unshift(y >>> 0, 16);
  x = Math.imul(x, inverseMultiplier(0x846ca68b)) >>> 0;
  x = unshift(x, 15);
  x = Math.imul(x, inverseMultiplier(0x7feb352d)) >>> 0;
  return unshift(x, 16);
}

/** FNV-1a, 32-bit: published test vectors (as in Go's hash/fnv tests). */
const FNV1A_32: readonly [string, number][] = [
  ['', 0x811c9dc5],
  ['a', 0xe40c292c],
  ['ab', 0x4d2505ca],
  ['abc', 0x1a47e90b],
  ['foobar', 0xbf9cf968],
];

const popcount = (x: number): number => {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
};

t.test('mix32 gives a distinct unsigned 32-bit word for 100,000 consecutive inputs', async (t) => {
  const seen = new Set<number>();
  let badRange = 0;
  for (let x = 0; x < 100_000; x++) {
    const h = mix32(x);
    if (!Number.isInteger(h) || h < 0 || h >= 2 ** 32) badRange++;
    seen.add(h);
  }
  t.equal(badRange, 0);
  t.equal(seen.size, 100_000, 'no collisions');
});

t.test('mix32 is a bijection: its inverse recovers every sampled input', async (t) => {
  let bad = 0;
  for (let i = 0; i < 100_000; i++) {
    for (const x of [i, (i * 0x9e3779b9) >>> 0, (0xffffffff - i) >>> 0]) {
      if (unmix32(mix32(x)) !== x) bad++;
    }
  }
  t.equal(bad, 0);
});

t.test('mix32 reads its input as 32 bits', async (t) => {
  t.equal(mix32(-1), mix32(0xffffffff));
  t.equal(mix32(2 ** 32 + 5), mix32(5));
  t.equal(mix32(0), 0, 'lowbias32 fixes zero');
});

t.test('flipping one input bit flips about half the output bits', async (t) => {
  for (let bit = 0; bit < 32; bit++) {
    let flipped = 0;
    const samples = 2000;
    for (let i = 0; i < samples; i++) {
      const x = mix32(i + 1_000_003);
      flipped += popcount(mix32(x) ^ mix32(x ^ (1 << bit)));
    }
    const mean = flipped / samples;
    t.ok(mean > 15 && mean < 17, `bit ${bit}: ${mean.toFixed(2)} bits flip`);
  }
});

t.test('hash2 and hash3 are one-to-one in their last argument, and in the first', async (t) => {
  for (const a of [0, 1, 0x5eed0001, 0xffffffff]) {
    const byB = new Set<number>();
    const byA = new Set<number>();
    const byC = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      byB.add(hash2(a, i));
      byA.add(hash2(i, a));
      byC.add(hash3(a, 7, i));
    }
    t.equal(byB.size, 20_000, `hash2(${a}, ·)`);
    t.equal(byA.size, 20_000, `hash2(·, ${a})`);
    t.equal(byC.size, 20_000, `hash3(${a}, 7, ·)`);
  }
});

t.test('argument order matters', async (t) => {
  let same = 0;
  for (let a = 1; a < 200; a++) {
    for (let b = a + 1; b < 200; b += 3) {
      if (hash2(a, b) === hash2(b, a)) same++;
      if (hash3(a, b, 1) === hash3(b, a, 1) || hash3(1, a, b) === hash3(1, b, a)) same++;
    }
  }
  t.equal(same, 0);
});

t.test('unit maps 32 bits into the open interval (0, 1), evenly', async (t) => {
  t.equal(unit(0), 0.5 / 2 ** 32, 'never 0');
  t.ok(unit(0xffffffff) < 1, 'never 1');
  t.equal(unit(-1), unit(0xffffffff), 'a signed word reads as unsigned');
  t.ok(unit(0x80000000) > 0.5 && unit(0x7fffffff) < 0.5);
  const bins = new Array<number>(16).fill(0);
  const draws = 160_000;
  let sum = 0;
  for (let i = 0; i < draws; i++) {
    const u = unit(mix32(i));
    sum += u;
    bins[Math.floor(u * 16)]!++;
  }
  t.ok(Math.abs(sum / draws - 0.5) < 0.003, `mean ${sum / draws}`);
  t.ok(
    bins.every((n) => Math.abs(n - draws / 16) < 4 * Math.sqrt(draws / 16)),
    `bins ${bins.join(' ')}`,
  );
});

t.test('hashString is FNV-1a over UTF-16 code units, finished by mix32', async (t) => {
  for (const [text, fnv] of FNV1A_32) {
    t.equal(hashString(text), mix32(fnv), JSON.stringify(text));
  }
});

t.test('hashString is stable and tells close names apart', async (t) => {
  t.equal(hashString('default'), hashString(`defa${'ult'}`));
  const names = ['default', 'large', 'Default', 'defaulT', 'ab', 'ba', 'large ', 'é', 'e\u0301'];
  t.equal(new Set(names.map(hashString)).size, names.length);
  const many = new Set<number>();
  for (let i = 0; i < 20_000; i++) many.add(hashString(`scenario-${i}`));
  t.equal(many.size, 20_000, 'no collisions among 20,000 numbered names');
});
