import { setTimeout as sleep } from 'node:timers/promises';
import {
  type FaultFailure,
  type FaultOverride,
  type FaultState,
  forcedFailure,
  latencyFor,
  type PageIdentity,
} from '../../../scenarios/faults.js';
import { hashString } from '../../../scenarios/hash.js';
import type { FaultRule } from '../../../scenarios/scenario.js';
import {
  clientGone,
  GraphError,
  gatewayTimeout,
  serviceUnavailable,
  tooManyRequests,
} from '../../errors.js';
import type { TenantSelection } from '../../graph/tenant-selection.js';
import type { MockContext } from '../../request-context.js';
import { FAULT_HEADER, parseFaultHeader } from './fault-header.js';

/**
 * Waits `ms`, or until `signal` aborts, and then rejects; the route's one wait. Injected so
 * that tests can wait on a fake clock instead of the real one.
 */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real wait: a timer that an abort clears, so nothing is left to hold the process. */
export const timerDelay: Delay = (ms, signal) => sleep(ms, undefined, { signal });

/**
 * Applies a scenario's faults (or a request's forced ones) to a getPstnCalls request, in the
 * order Graph's front door would: the rate limit before the URL is looked at, then failures of
 * the page, then the delay. Each fault applied is written to the request's MockContext.
 */
export class FaultGate {
  constructor(
    private readonly state: FaultState,
    private readonly delay: Delay,
  ) {}

  /** The faults a request may meet: its tenant's, or those its `x-mock-fault` forces. */
  forRequest(
    tenant: TenantSelection,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    context: MockContext,
  ): RequestFaults {
    const override = parseFaultHeader(headers[FAULT_HEADER]);
    const rules = override.none ? [] : tenant.scenario.faults;
    const seedKey = hashString(tenant.scenario.name) ^ tenant.seed;
    return new RequestFaults(this.state, this.delay, rules, override, seedKey, context);
  }
}

export class RequestFaults {
  constructor(
    private readonly state: FaultState,
    private readonly delay: Delay,
    private readonly rules: readonly FaultRule[],
    private readonly override: FaultOverride,
    private readonly seedKey: number,
    private readonly context: MockContext,
  ) {}

  /** The rate limit: throws 429 when `caller` (a tenant and an app) is over it. */
  admitCaller(caller: string): void {
    const failure =
      this.override.status === 429
        ? forcedFailure(this.rules, 429)
        : this.state.throttle(this.rules, caller);
    if (failure) throw this.fail(failure);
  }

  /**
   * The page's delay, if it has one, then a transient or forced 503/504 for it. The delay ends
   * early when `signal` aborts — the client has gone or the mock is closing — and then throws
   * the signal's GraphError (clientGone when the reason is fastify's own).
   */
  async admitPage(page: PageIdentity, signal: AbortSignal): Promise<void> {
    const delayMs = this.override.latencyMs ?? latencyFor(this.rules, page);
    if (delayMs > 0) {
      this.context.fault = `latency=${delayMs}ms`;
      try {
        await this.delay(delayMs, signal);
      } catch (error) {
        if (!signal.aborted) throw error;
        throw signal.reason instanceof GraphError ? signal.reason : clientGone();
      }
    }
    const status = this.override.status;
    const failure =
      status === 503 || status === 504
        ? forcedFailure(this.rules, status)
        : this.state.transient(this.rules, page, this.seedKey);
    if (failure) throw this.fail(failure);
  }

  private fail(failure: FaultFailure): GraphError {
    const context = this.context;
    context.fault = context.fault ? `${context.fault},${failure.status}` : String(failure.status);
    if (failure.status === 429) return tooManyRequests(failure.retryAfterSeconds);
    return failure.status === 503
      ? serviceUnavailable(failure.retryAfterSeconds)
      : gatewayTimeout(failure.retryAfterSeconds);
  }
}
