/** The path of a request-target: before any query or fragment, as the router reads it. */
export function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0]!;
}
