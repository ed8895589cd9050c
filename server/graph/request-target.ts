/** The path of a request-target: before any query or fragment, as the router reads it. */
export function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0]!;
}

/** The last path segment exactly as sent (still percent-encoded): the router would decode it. */
export function lastSegmentOf(url: string): string {
  const path = pathOf(url).replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}
