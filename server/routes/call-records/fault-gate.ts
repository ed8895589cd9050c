import { setTimeout as sleep } from 'node:timers/promises';
import type { LogFunctionName } from '../../../openapi/contract.js';
import {
  type FaultFailure,
  type FaultOverride,
  type FaultState,
  forcedFailure,
  latencyFor,
  type PageIdentity,
} from '../../../scenarios/faults.js';
import { hashString } from '../../../scenarios/hash.js';
import { type NetworkFault, networkFaultItem } from '../../../scenarios/network-faults.js';
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
 * Waits `ms`, or until `signal` aborts and then rejects (and only then); the route's one wait.
 * Injected so that tests can wait on a fake clock instead of the real one.
 */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real wait: a timer that an abort clears, so nothing is left to hold the process. */
export const timerDelay: Delay = (ms, signal) => sleep(ms, undefined, { signal });

/**
 * Applies a scenario's faults (or a request's forced ones) to a log-function request, in the
 * order Graph's front door would: the rate limits before the URL is read (bar the function it
 * names), then the page's delay, then failures of the page. Each fault applied is written to
 * the request's MockContext, with the rule that decided it.
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

  /**
   * The rate limits: throws 429 when `caller` (a tenant and an app) is over one of those of
   * `fn`, the log function the URL names (undefined: none, and then only rules for every
   * function count the request).
   */
  admitCaller(caller: string, fn: LogFunctionName | undefined): void {
    const failure =
      this.override.status === 429
        ? forcedFailure(this.rules, 429, fn)
        : this.state.throttle(this.rules, caller, fn);
    if (failure) throw this.fail(failure);
  }

  /**
   * The page's delay, if it has one, then a transient or forced 503/504 for it, or the network
   * fault its sending is to meet (undefined: none). The delay ends early when its signal aborts
   * — the client has gone or the mock is closing — and then throws the signal's GraphError
   * (clientGone when the reason is fastify's own). `signalFor` is called only when there is a
   * delay: a signal costs listeners, and most requests never wait.
   */
  async admitPage(
    page: PageIdentity,
    signalFor: () => AbortSignal,
  ): Promise<NetworkFault | undefined> {
    const forcedMs = this.override.latencyMs;
    const delay: { ms: number; rule?: number } | undefined =
      forcedMs === undefined ? latencyFor(this.rules, page) : { ms: forcedMs };
    if (delay !== undefined && delay.ms > 0) {
      this.record(`latency=${delay.ms}ms`, delay.rule);
      const signal = signalFor();
      try {
        await this.delay(delay.ms, signal);
      } catch {
        // A Delay rejects only when its signal aborts.
        throw signal.reason instanceof GraphError ? signal.reason : clientGone();
      }
    }
    const { status, network } = this.override;
    if (status === 503 || status === 504)
      throw this.fail(forcedFailure(this.rules, status, page.fn));
    if (network !== undefined) {
      this.record(networkFaultItem(network), undefined);
      return network;
    }
    const failure = this.state.pageFailure(this.rules, page, this.seedKey);
    if (failure === undefined) return undefined;
    if ('network' in failure) {
      this.record(networkFaultItem(failure.network), failure.rule);
      return failure.network;
    }
    throw this.fail(failure);
  }

  private fail(failure: FaultFailure): GraphError {
    this.record(String(failure.status), failure.rule);
    if (failure.status === 429) return tooManyRequests(failure.retryAfterSeconds);
    return failure.status === 503
      ? serviceUnavailable(failure.retryAfterSeconds)
      : gatewayTimeout(failure.retryAfterSeconds);
  }

  /**
   * Adds a fault to the request's record, with the JSON pointer of the scenario rule that
   * decided it (none for one `x-mock-fault` forced): `latency=312ms (/faults/2),503 (/faults/0)`,
   * `connection-reset=4096 (/faults/3)`.
   */
  private record(fault: string, rule: number | undefined): void {
    const item = rule === undefined ? fault : `${fault} (/faults/${rule})`;
    const context = this.context;
    context.fault = context.fault ? `${context.fault},${item}` : item;
  }
}
