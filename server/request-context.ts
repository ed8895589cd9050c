/**
 * What the mock decided about a request, for the parts that report on it afterwards (the
 * request journal): which tenant served it and which fault it met.
 */
export interface MockContext {
  readonly scenario: string;
  readonly seed: number;
  /**
   * The faults applied, each with the scenario rule that decided it, e.g. `429 (/faults/0)`,
   * `latency=300ms (/faults/2),503 (/faults/1)`; an `x-mock-fault` one has none (`503`); null
   * when none.
   */
  fault: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the call-records route once it knows the scenario; null elsewhere. */
    mockContext: MockContext | null;
  }
}
