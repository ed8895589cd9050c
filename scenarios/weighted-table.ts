/**
 * O(1) weighted choice for the hot path. Conceptually a table of 2^bits slots in which each
 * option holds a contiguous share of slots proportional to its weight, indexed by the top bits
 * of a 32-bit hash. The slots are not stored: each option's share is kept as where it ends, and
 * a guide of 64 or more buckets an option (at most one a slot) says which option holds each
 * bucket's first slot, so a pick reads the guide and, in the few buckets two options share,
 * steps past an end or two (Chen and Asau's guide table). A table of a few options is then a
 * few kB, not a 128 KB slot array, and picks the same option for every hash as that array.
 */
export interface WeightedTable {
  /** Where each option's slots end (exclusive), in slots: option i holds [ends[i-1], ends[i]). */
  readonly ends: Uint32Array;
  /**
   * For each guide bucket, the option holding its first slot; plus `mixed` when another option's
   * share starts inside the bucket, so that only a pick in such a bucket reads `ends`.
   */
  readonly guide: Uint16Array | Uint32Array;
  /** The flag a bucket's entry carries when it holds more than one option. */
  readonly mixed: number;
  /** A hash's slot is `hash >>> shift`. */
  readonly shift: number;
  /** A slot's guide bucket is `slot >>> guideShift`. */
  readonly guideShift: number;
}

const DEFAULT_BITS = 16;
/**
 * log2 of the guide's buckets per option (rounded up to a power of two), up to one a slot: a
 * pick then lands in a mixed bucket about one time in 64. At eight an option generating a page
 * took ~10 % longer than with the whole slot array; at 64, the same (issue 13).
 */
const GUIDE_BITS_PER_OPTION = 6;
/** Option numbers fit below this flag in a 16-bit guide. */
const MIXED_16 = 2 ** 15;
const MIXED_32 = 2 ** 31;

export function weightedTable(weights: readonly number[], bits = DEFAULT_BITS): WeightedTable {
  const size = 2 ** bits;
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  if (!(total > 0)) throw new Error('A weighted choice needs at least one positive weight');
  const ends = new Uint32Array(weights.length);
  let filled = 0;
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += Math.max(0, weights[i] ?? 0);
    const end = i === weights.length - 1 ? size : Math.round((cumulative / total) * size);
    filled = Math.max(filled, end);
    ends[i] = filled;
  }
  const guideBits = Math.min(bits, Math.ceil(Math.log2(weights.length)) + GUIDE_BITS_PER_OPTION);
  const guideShift = bits - guideBits;
  const narrow = weights.length <= MIXED_16;
  const mixed = narrow ? MIXED_16 : MIXED_32;
  const guide = narrow ? new Uint16Array(2 ** guideBits) : new Uint32Array(2 ** guideBits);
  let option = 0;
  for (let bucket = 0; bucket < guide.length; bucket++) {
    const firstSlot = bucket * 2 ** guideShift;
    while (firstSlot >= ends[option]!) option++;
    const lastSlot = firstSlot + 2 ** guideShift - 1;
    guide[bucket] = lastSlot < ends[option]! ? option : option + mixed;
  }
  return { ends, guide, mixed, shift: 32 - bits, guideShift };
}

export function pick(table: WeightedTable, bits: number): number {
  const slot = bits >>> table.shift;
  const entry = table.guide[slot >>> table.guideShift]!;
  if (entry < table.mixed) return entry;
  const { ends } = table;
  let option = entry - table.mixed;
  while (slot >= ends[option]!) option++;
  return option;
}
