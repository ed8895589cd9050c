import type { ApiVersion } from '../../../openapi/contract.js';
import { BoundedCache } from '../../../scenarios/bounded-cache.js';
import type { PageIdentity } from '../../../scenarios/faults.js';
import type { LogFunction } from '../../../scenarios/log-functions.js';
import type { CallWindow } from '../../../scenarios/log-window.js';
import { scenarioKeyOf, universeFor } from '../../../scenarios/universe.js';
import { metadataContext, nextLink } from '../../graph/page-links.js';
import type { QueryOptions } from '../../graph/query-options.js';
import { type TenantSelection, tenantParameters } from '../../graph/tenant-selection.js';
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

/** Writers kept for reuse: enough for the concurrent requests of a busy test suite. */
const MAX_IDLE_WRITERS = 16;
/** Pages asked for once that are remembered, so that a second ask is recognised. */
const REMEMBERED_PAGE_KEYS = 4096;
const NOTHING_TO_RELEASE = (): void => {};

export class PageService {
  private readonly cache: BoundedCache<string, Buffer>;
  private readonly writers = new WriterPool(MAX_IDLE_WRITERS);

  /** `cacheBytes`: memory for pages asked for more than once; a walk asks for each page once. */
  constructor(cacheBytes: number) {
    this.cache = new BoundedCache({
      maxBytes: cacheBytes,
      bytesOf: (body: Buffer) => body.length,
      admitOnSecondRequest: { rememberedKeys: REMEMBERED_PAGE_KEYS },
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
    if (cached) return { body: cached, release: NOTHING_TO_RELEASE };

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
    // A copy: the writer's bytes are overwritten once it is reused.
    if (this.cache.admits(cacheKey)) this.cache.set(cacheKey, Buffer.from(body));
    return { body, release: () => this.writers.release(writer) };
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
