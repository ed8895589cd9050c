/**
 * O(1) weighted choice for the hot path: a table of 2^bits slots in which each option holds
 * a share of slots proportional to its weight, indexed by the top bits of a 32-bit hash.
 */
export interface WeightedTable {
  /** Option numbers, 16 bits each while they fit: a 2^16-slot table is then 128 KB, not 256. */
  readonly slots: Uint16Array | Uint32Array;
  readonly shift: number;
}

const DEFAULT_BITS = 16;

export function weightedTable(weights: readonly number[], bits = DEFAULT_BITS): WeightedTable {
  const size = 2 ** bits;
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  if (!(total > 0)) throw new Error('A weighted choice needs at least one positive weight');
  const slots = weights.length <= 2 ** 16 ? new Uint16Array(size) : new Uint32Array(size);
  let filled = 0;
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += Math.max(0, weights[i] ?? 0);
    const end = i === weights.length - 1 ? size : Math.round((cumulative / total) * size);
    slots.fill(i, filled, end);
    filled = Math.max(filled, end);
  }
  return { slots, shift: 32 - bits };
}

export function pick(table: WeightedTable, bits: number): number {
  return table.slots[bits >>> table.shift]!;
}
