/**
 * O(1) weighted choice for the hot path. Conceptually a table of 2^bits slots in which each
 * option holds a contiguous share of slots proportional to its weight, indexed by the top bits
 * of a 32-bit hash. The slots are not stored: each option's share is kept as where it ends, and
 * a guide of about two buckets per option says which option holds each bucket's first slot, so
 * a pick reads the guide and steps past at most a few ends (Chen and Asau's guide table). A
 * table of a few options is then a few hundred bytes, not a 128 KB slot array, and picks the
 * same option for every hash as that array would.
 */
export interface WeightedTable {
  /** Where each option's slots end (exclusive), in slots: option i holds [ends[i-1], ends[i]). */
  readonly ends: Uint32Array;
  /** For each guide bucket, the option holding its first slot. */
  readonly guide: Uint16Array | Uint32Array;
  /** A hash's slot is `hash >>> shift`. */
  readonly shift: number;
  /** A slot's guide bucket is `slot >>> guideShift`. */
  readonly guideShift: number;
}

const DEFAULT_BITS = 16;

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
  const guideBits = Math.min(bits, Math.ceil(Math.log2(weights.length)) + 1);
  const guideShift = bits - guideBits;
  const guide =
    weights.length <= 2 ** 16 ? new Uint16Array(2 ** guideBits) : new Uint32Array(2 ** guideBits);
  let option = 0;
  for (let bucket = 0; bucket < guide.length; bucket++) {
    const firstSlot = bucket << guideShift;
    while (firstSlot >= ends[option]!) option++;
    guide[bucket] = option;
  }
  return { ends, guide, shift: 32 - bits, guideShift };
}

export function pick(table: WeightedTable, bits: number): number {
  const slot = bits >>> table.shift;
  const { ends } = table;
  let option = table.guide[slot >>> table.guideShift]!;
  while (slot >= ends[option]!) option++;
  return option;
}
