/**
 * A clock for tests that must not sleep: `now` for FaultState's throttle windows, and `delay`
 * for the route's injected latency, which moves the clock on instead of waiting for real.
 */
export class FakeClock {
  at = 1_700_000_000_000;
  /** Every delay asked for, in milliseconds, oldest first. */
  readonly delays: number[] = [];

  readonly now = (): number => this.at;

  readonly delay = async (ms: number, signal: AbortSignal): Promise<void> => {
    signal.throwIfAborted();
    this.delays.push(ms);
    this.advance(ms);
  };

  advance(ms: number): void {
    this.at += ms;
  }
}
