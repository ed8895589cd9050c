import { setTimeout as sleep } from 'node:timers/promises';
import {
  type FaultFailure,
  type FaultOverride,
  type FaultState,
  forcedFailure,
  latencyFor,
  type PageIdentity,
} from '../../../scenarios/faults.js';
import type { FaultRule } from '../../../scenarios/scenario.js';
import {
  type GraphError,
  gatewayTimeout,
  serviceUnavailable,
  tooManyRequests,
} from '../../errors.js';
import type { MockContext } from '../../request-context.js';

/**
 * Applies a scenario's faults (or a request's forced ones) to a getPstnCalls request, in the
 * order Graph's front door would: the rate limit before the URL is looked at, then failures of
 * the page, then the delay. Each fault applied is written to the request's MockContext.
 */
export class FaultGate {
  constructor(private readonly state: FaultState) {}

  /** The rate limit: throws 429 when `caller` (a tenant and an app) is over it. */
  admit(
    rules: readonly FaultRule[],
    override: FaultOverride,
    caller: string,
    context: MockContext,
  ): void {
    const failure =
      override.status === 429 ? forcedFailure(rules, 429) : this.state.throttle(rules, caller);
    if (failure) throw this.fail(failure, context);
  }

  /** A transient or forced 503/504 for this page, after the page's delay if it has one. */
  async serve(
    rules: readonly FaultRule[],
    override: FaultOverride,
    page: PageIdentity,
    seedKey: number,
    context: MockContext,
  ): Promise<void> {
    const delayMs = override.latencyMs ?? latencyFor(rules, page);
    if (delayMs > 0) {
      context.fault = `latency=${delayMs}ms`;
      await sleep(delayMs);
    }
    const failure =
      override.status === 503 || override.status === 504
        ? forcedFailure(rules, override.status)
        : this.state.transient(rules, page, seedKey);
    if (failure) throw this.fail(failure, context);
  }

  private fail(failure: FaultFailure, context: MockContext): GraphError {
    context.fault = context.fault ? `${context.fault},${failure.status}` : String(failure.status);
    if (failure.status === 429) return tooManyRequests(failure.retryAfterSeconds);
    return failure.status === 503
      ? serviceUnavailable(failure.retryAfterSeconds)
      : gatewayTimeout(failure.retryAfterSeconds);
  }
}
