/**
 * What the mock decided about a request, for the parts that report on it afterwards (the
 * request journal): which tenant served it and which fault it met.
 */
export interface MockContext {
  readonly scenario: string;
  readonly seed: number;
  /** The fault applied, e.g. `429`, `503`, `latency=300ms`; null when none. */
  fault: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the call-records route once it knows the scenario; null elsewhere. */
    mockContext: MockContext | null;
  }
}
