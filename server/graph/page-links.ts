import type { ApiVersion } from '../../openapi/contract.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { invalidHostHeader } from '../errors.js';
import { formatDateTimeLiteral } from './date-time-offset.js';
import { PAGE_SIZE } from './query-options.js';

/** The absolute URLs a page carries: its `@odata.context` and `@odata.nextLink`. */

/** A Host header we can safely write into a URL: a name or IP literal, and a port. */
const HOST_HEADER =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The origin the client reached us at, as Graph's links use it. */
export function requestOrigin(protocol: 'http' | 'https', host: string): string {
  if (!HOST_HEADER.test(host)) {
    throw invalidHostHeader(host);
  }
  return `${protocol}://${host}`;
}

export function metadataContext(origin: string, version: ApiVersion): string {
  return `${origin}/${version}/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)`;
}

/**
 * The next page, in the docs' own form: short from/to names and a `$skip`. Built from the
 * parsed window rather than echoed, so a client that edits instead of follows it is caught.
 * `extraQuery` (`&name=value…`) carries what must survive the hop, such as a chosen tenant.
 */
export function nextLink(
  origin: string,
  version: ApiVersion,
  window: CallWindow,
  skip: number,
  top: number,
  extraQuery = '',
): string {
  const range = `from=${formatDateTimeLiteral(window.from)},to=${formatDateTimeLiteral(window.to)}`;
  const pageSize = top === PAGE_SIZE ? '' : `&$top=${top}`;
  return `${origin}/${version}/communications/callRecords/getPstnCalls(${range})?$skip=${skip}${pageSize}${extraQuery}`;
}
