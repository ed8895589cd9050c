/**
 * A bounded cache of rendered pages. A client walking a range asks for each page once, so a
 * page is only kept the second time it is asked for: walks leave the cache (and memory)
 * untouched, while a page polled again and again is served from memory.
 */
export class PageCache {
  private readonly pages = new Map<string, Buffer>();
  /** Keys seen once, newest last; bounded so it never outgrows the cache's purpose. */
  private readonly seen = new Set<string>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxSeen = 4096,
  ) {}

  get(key: string): Buffer | undefined {
    const page = this.pages.get(key);
    if (page) {
      // Refresh its place: Maps iterate oldest first, which makes eviction least-recently-used.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  /**
   * Offers a freshly rendered page; it is stored only if the key was offered before, and then
   * as a copy, since the offered bytes live in a writer that will be reused.
   */
  offer(key: string, page: Buffer): void {
    if (!this.seen.delete(key)) {
      this.seen.add(key);
      if (this.seen.size > this.maxSeen) this.seen.delete(this.seen.values().next().value!);
      return;
    }
    if (page.length > this.maxBytes) return;
    this.pages.set(key, Buffer.from(page));
    this.bytes += page.length;
    for (const [oldKey, oldPage] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldKey);
      this.bytes -= oldPage.length;
    }
  }

  get size(): number {
    return this.pages.size;
  }
}
