/**
 * A page as the API would send it, rendered from a plan without a server: for tests that hold
 * a log's bytes to its contract and to its plain rows.
 */
import type { ApiVersion, LogFunctionName } from '../../openapi/contract.js';
import type { PagePlan } from '../../scenarios/event-log.js';
import { ByteWriter } from '../../server/rendering/byte-writer.js';
import { renderPage } from '../../server/rendering/page-renderer.js';

export interface RenderedPage {
  readonly '@odata.count': number;
  readonly value: Record<string, unknown>[];
}

/** The plan's rows rendered as a page of `fn` in `version`, parsed back from its bytes. */
export function renderedPage<Row>(
  fn: LogFunctionName,
  version: ApiVersion,
  plan: PagePlan<Row>,
): RenderedPage {
  const body = renderPage(
    { fn, version, context: null, nextLink: null, count: plan.count, forEachRow: plan.forEachRow },
    new ByteWriter(),
  );
  return JSON.parse(body.toString('utf8')) as RenderedPage;
}
