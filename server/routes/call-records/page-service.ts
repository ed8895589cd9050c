import type { ApiVersion } from '../../../openapi/contract.js';
import { BoundedCache } from '../../../scenarios/bounded-cache.js';
import type { PageIdentity } from '../../../scenarios/faults.js';
import type { LogFunction } from '../../../scenarios/log-functions.js';
import type { CallWindow } from '../../../scenarios/log-window.js';
import { scenarioKeyOf, universeFor } from '../../../scenarios/universe.js';
import { metadataContext, nextLink } from '../../graph/page-links.js';
import type { QueryOptions } from '../../graph/query-options.js';
import { type TenantSelection, tenantParameters } from '../../graph/tenant-selection.js';
import type { ByteWriter } from '../../rendering/byte-writer.js';
import { renderPage } from '../../rendering/page-renderer.js';
import { WriterPool } from '../../rendering/writer-pool.js';

/**
 * The pages of the log functions as bytes: what a page is known by, a cache of pages asked for
 * more than once, the pool of writers they are rendered into, and the rendering itself.
 */

/** One page as asked for: whose, which function in which API version, over which range, which slice. */
export interface PageRequest {
  readonly tenant: TenantSelection;
  readonly version: ApiVersion;
  readonly fn: LogFunction;
  /** The range as the client wrote it: nextLinks carry it on. */
  readonly range: CallWindow;
  /** The rows it selects under the function's rule, both ends inclusive. */
  readonly window: CallWindow;
  readonly slice: QueryOptions;
}

/** How the client is to read the page: the origin of its links, and its metadata level. */
export interface PageAddress {
  readonly origin: string;
  readonly metadata: 'minimal' | 'none';
}

/** A page's bytes, and what to call once they are sent or abandoned. */
export interface RenderedPage {
  readonly body: Buffer;
  readonly release: () => void;
}

/**
 * Writers kept idle for reuse: enough for the concurrent requests of a busy test suite. A kept
 * page holds its writer too, and hands it back here once it is dropped and no longer sent.
 */
const MAX_IDLE_WRITERS = 8;
/** Pages asked for once that are remembered, so that a second ask is recognised. */
const REMEMBERED_PAGE_KEYS = 4096;

/**
 * Pages smaller than this are kept as copies of their own size; larger ones keep their writer.
 * Below glibc's mmap threshold a copy comes from its heap and never moves the threshold, and a
 * 1.25 MB writer held for a 10-row page would weigh a hundred times the page.
 */
const COPY_LIMIT_BYTES = 128 * 1024;

/**
 * A page the cache keeps: a copy, or — for a large page — the writer it was rendered into,
 * lent to every response that sends it and back to the pool once the cache has dropped it and
 * the last of them is done. Keeping the writer rather than a copy means large pages never
 * allocate or free a megabyte: glibc serves blocks that large from mmap until one is freed,
 * then from its heap, which the churn of copies fragmented (24 MB of the soak's RSS, issue 13).
 */
class KeptPage {
  private sending = 0;
  private kept = true;

  constructor(
    readonly body: Buffer,
    private readonly writer: ByteWriter | null,
    private readonly pool: WriterPool,
  ) {}

  /** What it weighs in the cache: its writer's capacity, or the copy's own size. */
  get bytes(): number {
    return this.writer?.capacity ?? this.body.length;
  }

  /** The body for one more response; call what this returns once it is sent or abandoned. */
  lend(): () => void {
    this.sending++;
    let returned = false;
    return () => {
      if (returned) return;
      returned = true;
      this.sending--;
      this.recycleIfIdle();
    };
  }

  /** The cache has let go of the page: called once, as lru-cache disposes of a value once. */
  drop(): void {
    this.kept = false;
    this.recycleIfIdle();
  }

  private recycleIfIdle(): void {
    if (!this.kept && this.sending === 0 && this.writer !== null) this.pool.release(this.writer);
  }
}

export class PageService {
  private readonly cache: BoundedCache<string, KeptPage>;
  private readonly writers = new WriterPool(MAX_IDLE_WRITERS);

  /**
   * `cacheBytes`: memory for pages asked for more than once, a large page counted by its
   * writer's capacity; a walk asks for each page once.
   */
  constructor(cacheBytes: number) {
    this.cache = new BoundedCache({
      maxBytes: cacheBytes,
      bytesOf: (page: KeptPage) => page.bytes,
      admitOnSecondRequest: { rememberedKeys: REMEMBERED_PAGE_KEYS },
      onDrop: (page) => page.drop(),
    });
  }

  /** What faults know the page by: the same for every retry of it, from any origin. */
  identity(page: PageRequest): PageIdentity {
    const { skip, top } = page.slice;
    return { key: pageKey(page), number: Math.floor(skip / top) + 1, fn: page.fn.name };
  }

  /** The page's bytes: from the cache, or rendered now into a pooled writer. */
  render(page: PageRequest, address: PageAddress): RenderedPage {
    const carried = tenantParameters(page.tenant);
    // The scenario object too: a PUT may give the name another definition, and the page key,
    // which fault decisions hash, must not depend on how many definitions came before.
    const cacheKey = `${pageKey(page)}|${scenarioKeyOf(page.tenant.scenario)}|${address.origin}|${address.metadata}|${carried}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return { body: cached.body, release: cached.lend() };

    const { tenant, version, fn, range, window } = page;
    const { skip, top } = page.slice;
    const plan = fn.plan(universeFor(tenant.scenario, tenant.seed), window, skip, top);
    const writer = this.writers.acquire();
    const body = renderPage(
      {
        fn: fn.name,
        version,
        context:
          address.metadata === 'none' ? null : metadataContext(address.origin, version, fn.name),
        nextLink: plan.hasMore
          ? nextLink(address.origin, version, fn.name, range, skip + plan.count, top, carried)
          : null,
        count: plan.count,
        forEachRow: plan.forEachRow,
      },
      writer,
    );
    const releaseWriter = () => this.writers.release(writer);
    if (!this.cache.admits(cacheKey)) return { body, release: releaseWriter };
    if (body.length < COPY_LIMIT_BYTES) {
      this.cache.set(cacheKey, new KeptPage(Buffer.from(body), null, this.writers));
      return { body, release: releaseWriter };
    }
    const kept = new KeptPage(body, writer, this.writers);
    const release = kept.lend();
    this.cache.set(cacheKey, kept);
    // A page larger than the whole budget is not kept, and nothing tells it so.
    if (this.cache.peek(cacheKey) !== kept) kept.drop();
    return { body, release };
  }
}

function pageKey({ tenant, version, fn, range, slice }: PageRequest): string {
  // The range as written: two ranges that select the same rows still link on differently.
  const { from, to } = range;
  return [
    tenant.scenario.name,
    tenant.seed,
    version,
    fn.name,
    from.minute,
    from.tick,
    to.minute,
    to.tick,
    slice.skip,
    slice.top,
  ].join('|');
}
