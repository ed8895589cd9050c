import { type ApiVersion, type LogFunctionName, rowTypeName } from '../../openapi/contract.js';
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

export function metadataContext(origin: string, version: ApiVersion, fn: LogFunctionName): string {
  return `${origin}/${version}/$metadata#Collection(${rowTypeName(fn)})`;
}

/**
 * The next page, in the docs' own form: short from/to names and a `$skip`. Built from the
 * parsed range (as the client wrote it, before the function's rule) rather than echoed, so a client that edits instead of follows it is caught.
 * `extraQuery` (`&name=value…`) carries what must survive the hop, such as a chosen tenant.
 */
export function nextLink(
  origin: string,
  version: ApiVersion,
  fn: LogFunctionName,
  range: CallWindow,
  skip: number,
  top: number,
  extraQuery = '',
): string {
  const bounds = `from=${formatDateTimeLiteral(range.from)},to=${formatDateTimeLiteral(range.to)}`;
  const pageSize = top === PAGE_SIZE ? '' : `&$top=${top}`;
  return `${origin}/${version}/communications/callRecords/${fn}(${bounds})?$skip=${skip}${pageSize}${extraQuery}`;
}
