/**
 * Checks every response against the status its request must get, cheaply enough to keep up
 * with a saturated server: the status always, and the body of one page in a hundred, which must
 * parse as a page whose `@odata.count` is its number of rows. Keeps latencies by kind of
 * request, and counts requests that got no answer (a reset connection, a timeout).
 */
import type { PlannedRequest } from './request-mix.js';

const BODY_CHECK_EVERY = 100;
const EXAMPLES_KEPT = 5;
const EXAMPLE_BODY_CHARS = 300;

export interface LatencySummary {
  readonly responses: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export class ResponseTally {
  /** Milliseconds from sending to the end of the response, by kind of request. */
  readonly latenciesByKind = new Map<string, number[]>();
  readonly expectedStatusByKind = new Map<string, number>();
  /** Non-2xx answers that were the ones expected, by status. */
  readonly expectedNon2xx = new Map<number, number>();
  /** Answers with another status than expected, by `kind: expected → got`. */
  readonly unexpectedStatus = new Map<string, number>();
  badBodies = 0;
  /** Requests that got no answer, by error code or message (ECONNRESET, request timed out). */
  readonly failures = new Map<string, number>();
  /** The first few wrong answers in full, to reproduce them with curl. */
  readonly examples: string[] = [];
  private pagesAnswered = 0;

  constructor(private readonly origin: string) {}

  record(request: PlannedRequest, status: number, body: string, latencyMs: number): void {
    const latencies = this.latenciesByKind.get(request.kind);
    if (latencies) latencies.push(latencyMs);
    else this.latenciesByKind.set(request.kind, [latencyMs]);
    this.expectedStatusByKind.set(request.kind, request.expectedStatus);
    if (status !== request.expectedStatus) {
      increment(this.unexpectedStatus, `${request.kind}: ${request.expectedStatus} → ${status}`);
      this.keepExample(`${status}, expected ${request.expectedStatus}`, request, body);
      return;
    }
    if (status >= 300) increment(this.expectedNon2xx, status);
    if (request.isPage && ++this.pagesAnswered % BODY_CHECK_EVERY === 0 && !isPage(body)) {
      this.badBodies++;
      this.keepExample('a 200 whose body is not a page', request, body);
    }
  }

  recordFailure(error: NodeJS.ErrnoException): void {
    increment(this.failures, error.code ?? error.message);
  }

  get responses(): number {
    let count = 0;
    for (const latencies of this.latenciesByKind.values()) count += latencies.length;
    return count;
  }

  get errors(): number {
    return this.badBodies + sum(this.unexpectedStatus) + sum(this.failures);
  }

  latency(kind?: string): LatencySummary {
    const latencies = kind
      ? (this.latenciesByKind.get(kind) ?? [])
      : [...this.latenciesByKind.values()].flat();
    const sorted = latencies.toSorted((a, b) => a - b);
    const percentile = (p: number) =>
      sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    return {
      responses: sorted.length,
      p50: percentile(50),
      p99: percentile(99),
      max: sorted.at(-1) ?? 0,
    };
  }

  private keepExample(what: string, request: PlannedRequest, body: string): void {
    if (this.examples.length >= EXAMPLES_KEPT) return;
    const headers = Object.entries(request.headers).map(
      ([name, value]) => ` -H '${name}: ${value}'`,
    );
    this.examples.push(
      `${request.kind}, ${what}: curl -g${headers.join('')} '${this.origin}${request.path}'\n` +
        `    ${body.slice(0, EXAMPLE_BODY_CHARS)}`,
    );
  }
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sum(counts: ReadonlyMap<unknown, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

function isPage(body: string): boolean {
  try {
    const page = JSON.parse(body) as { '@odata.count'?: unknown; value?: unknown };
    return Array.isArray(page.value) && page['@odata.count'] === page.value.length;
  } catch {
    return false;
  }
}
