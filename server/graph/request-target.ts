/** The path of a request-target: before any query or fragment, as the router reads it. */
export function pathOf(url: string): string {
  // A scan, not a split on /[?#]/: this runs a few times per request.
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === QUESTION_MARK || c === NUMBER_SIGN) return url.slice(0, i);
  }
  return url;
}

const QUESTION_MARK = 0x3f;
const NUMBER_SIGN = 0x23;
const SLASH = 0x2f;

/** The last path segment exactly as sent (still percent-encoded): the router would decode it. */
export function lastSegmentOf(url: string): string {
  const path = pathOf(url);
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === SLASH) end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}
