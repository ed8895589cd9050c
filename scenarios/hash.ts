/**
 * Counter-based randomness for the hot path: every random draw is a pure function of its
 * coordinates (seed, minute, call, field), so a row never depends on what was generated
 * before it and costs a few integer multiplies instead of a reseeded PRNG.
 */

/** A strong 32-bit integer finalizer (Wellons' "lowbias32"): every input bit moves every output bit. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash2(a: number, b: number): number {
  return mix32(mix32(a) ^ b);
}

/**
 * hash2(a, b) given `mixedA = mix32(a)`: the rows draw many fields off one word, which is
 * then mixed once instead of once a field.
 *
 * @example
 * const mixed = mix32(id0);
 * hash2Of(mixed, DrawA.user) === hash2(id0, DrawA.user); // true
 */
export function hash2Of(mixedA: number, b: number): number {
  return mix32(mixedA ^ b);
}

export function hash3(a: number, b: number, c: number): number {
  return mix32(hash2(a, b) ^ c);
}

const TWO_POW_32 = 4294967296;

/** A uniform draw in the open interval (0, 1) from 32 random bits. */
export function unit(bits: number): number {
  return ((bits >>> 0) + 0.5) / TWO_POW_32;
}

/** FNV-1a over a string's UTF-16 code units: a stable 32-bit key for names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}
