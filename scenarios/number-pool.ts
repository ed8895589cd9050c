import { blockNumber, type NumberBlock } from './countries.js';

/**
 * Fictional numbers from a list of blocks in a seeded order, handed out from the front. The
 * order is a Fisher–Yates shuffle of positions that makes the same draws, and the same
 * permutation, as shuffling the rendered list would; a number is rendered only when it is
 * taken. A tenant takes a few thousand of the ~190,000 numbers it shuffles, so rendering all
 * of them cost most of its build (~90 ms of a start).
 */
export class NumberPool {
  readonly #blocks: readonly NumberBlock[];
  /** Position of each block's first number in the unshuffled list. */
  readonly #starts: readonly number[];
  /** order[k]: the unshuffled position of the k-th number handed out. */
  readonly #order: Uint32Array;
  #taken = 0;

  constructor(blocks: readonly NumberBlock[], random: () => number) {
    this.#blocks = blocks;
    const starts: number[] = [];
    let size = 0;
    for (const block of blocks) {
      starts.push(size);
      size += block.count;
    }
    this.#starts = starts;
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swapped = order[i]!;
      order[i] = order[j]!;
      order[j] = swapped;
    }
    this.#order = order;
  }

  /** How many numbers are left to take. */
  get remaining(): number {
    return this.#order.length - this.#taken;
  }

  /** The next `count` numbers, or as many as are left. */
  take(count: number): string[] {
    const end = Math.min(this.#taken + count, this.#order.length);
    const numbers: string[] = [];
    for (; this.#taken < end; this.#taken++)
      numbers.push(this.#numberAt(this.#order[this.#taken]!));
    return numbers;
  }

  #numberAt(position: number): string {
    // The last block starting at or before `position`.
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return blockNumber(this.#blocks[low]!, position - this.#starts[low]!);
  }
}
