import { LRUCache } from 'lru-cache';

/**
 * The mock's one bounded cache: lru-cache, least recently used out first, bounded by a count
 * of entries or by bytes, with an optional rule on top — admit on second request — for caches
 * that a walk would otherwise flush: a key asked for once is only remembered, and its value is
 * kept the second time. It lives in scenarios/ because the data model and the server both use
 * it and scenarios/ never imports server/.
 */
export type BoundedCacheOptions<V> = (
  | { readonly maxEntries: number }
  | {
      readonly maxBytes: number;
      /** A value larger than maxBytes is never kept, and evicts nothing. */
      readonly bytesOf: (value: V) => number;
    }
) & {
  /** Keys asked for once that are remembered, newest kept; undefined admits every value. */
  readonly admitOnSecondRequest?: { readonly rememberedKeys: number };
  /** Called with a value once the cache lets go of it: evicted, replaced or cleared. */
  readonly onDrop?: (value: V) => void;
};

/**
 * Counts bound by a size of 1 per entry rather than by lru-cache's `max`, which allocates all
 * `max` slots up front: a FaultState's 100,000 keys would cost megabytes before any request.
 */
const weighOne = (): number => 1;

export class BoundedCache<K extends {}, V extends {}> {
  private readonly entries: LRUCache<K, V>;
  private readonly seenOnce: LRUCache<K, true> | undefined;
  private readonly countsBytes: boolean;

  constructor(options: BoundedCacheOptions<V>) {
    this.countsBytes = 'maxBytes' in options;
    const dispose = options.onDrop;
    this.entries =
      'maxBytes' in options
        ? new LRUCache({ maxSize: options.maxBytes, sizeCalculation: options.bytesOf, dispose })
        : new LRUCache({ maxSize: options.maxEntries, sizeCalculation: weighOne, dispose });
    const admission = options.admitOnSecondRequest;
    this.seenOnce =
      admission && new LRUCache({ maxSize: admission.rememberedKeys, sizeCalculation: weighOne });
  }

  /** The value, which becomes the most recently used. */
  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** The value, leaving its place: for caches whose keys age by when they were last set. */
  peek(key: K): V | undefined {
    return this.entries.peek(key);
  }

  /**
   * Whether a value for `key` should be kept now. With admit on second request, the first ask
   * is only remembered and answers false; the second answers true and forgets the key, so a
   * third is a first again.
   */
  admits(key: K): boolean {
    if (this.seenOnce === undefined) return true;
    if (this.seenOnce.delete(key)) return true;
    this.seenOnce.set(key, true);
    return false;
  }

  set(key: K, value: V): void {
    this.entries.set(key, value);
  }

  clear(): void {
    this.entries.clear();
    this.seenOnce?.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the kept values weigh by `bytesOf`; 0 for a cache bounded by entries. */
  get bytes(): number {
    return this.countsBytes ? this.entries.calculatedSize : 0;
  }
}
