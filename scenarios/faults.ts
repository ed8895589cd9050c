import { BoundedCache } from './bounded-cache.js';
import { hash2, hashString, unit } from './hash.js';
import type { FaultRule, LatencyRule, ThrottleRule, TransientRule } from './scenario.js';

/**
 * Decides which failures a request meets. Peers (Dev Proxy, WireMock, Mockoon) roll dice;
 * here every decision is a function of the request's identity and of what came before it
 * since the last reset, so the same sequence of requests always meets the same faults.
 */

/** A failure to answer instead of the page; a 429 always says when to retry. */
export type FaultFailure =
  | { readonly status: 429; readonly retryAfterSeconds: number }
  | { readonly status: 503 | 504; readonly retryAfterSeconds: number | undefined };

/** What a page request is, for the faults that depend on which page it asks for. */
export interface PageIdentity {
  /** The same for a retry of the same page: scenario, seed, version, window, skip and top. */
  readonly key: string;
  /** 1-based: the page's position in its walk. */
  readonly number: number;
}

/** Forced per request with `x-mock-fault`: a failure, a delay, or no scenario faults at all. */
export interface FaultOverride {
  readonly none: boolean;
  readonly status: 429 | 503 | 504 | undefined;
  readonly latencyMs: number | undefined;
}

interface ThrottleWindow {
  startedAt: number;
  requests: number;
  blockedUntil: number;
}

/**
 * Keys remembered at most; past it the least recently set go (a read leaves a key's place), so
 * a long soak keeps flat memory.
 */
const MAX_TRACKED_KEYS = 100_000;
const STREAM_TRANSIENT = 0x5eed0020;
const MS_PER_SECOND = 1000;
/** Retry-After of a forced 429 when the scenario has no rate limit of its own. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

export class FaultState {
  private readonly windows = new BoundedCache<string, ThrottleWindow>({
    maxEntries: MAX_TRACKED_KEYS,
  });
  private readonly attempts = new BoundedCache<string, number>({ maxEntries: MAX_TRACKED_KEYS });

  /** `now` in milliseconds; the throttle's windows are the only wall-clock-dependent part. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Forgets every window and attempt: the next request starts a fresh sequence. */
  reset(): void {
    this.windows.clear();
    this.attempts.clear();
  }

  /**
   * A rate limit per `caller` (a tenant and an app): the request past `requests` within
   * `windowSeconds` is refused with Retry-After, and so is every request until then; after
   * that a new window starts with the next request.
   */
  throttle(rules: readonly FaultRule[], caller: string): FaultFailure | undefined {
    const rule = rules.find((r): r is ThrottleRule => r.kind === 'throttle');
    if (!rule) return undefined;
    const now = this.now();
    let window = this.windows.peek(caller);
    if (window && now < window.blockedUntil) {
      return {
        status: 429,
        retryAfterSeconds: Math.ceil((window.blockedUntil - now) / MS_PER_SECOND),
      };
    }
    if (!window || now - window.startedAt >= rule.windowSeconds * MS_PER_SECOND) {
      window = { startedAt: now, requests: 0, blockedUntil: 0 };
      this.windows.set(caller, window);
    }
    window.requests++;
    if (window.requests <= rule.requests) return undefined;
    window.blockedUntil = now + rule.retryAfterSeconds * MS_PER_SECOND;
    // The window that follows the block starts with the first request after it.
    window.startedAt = Number.NEGATIVE_INFINITY;
    return { status: 429, retryAfterSeconds: rule.retryAfterSeconds };
  }

  /**
   * A transient 503/504 for the pages a rule picks: every n-th page of a walk and/or a
   * seeded share of pages. The first `failures` attempts at such a page fail.
   */
  transient(
    rules: readonly FaultRule[],
    page: PageIdentity,
    seedKey: number,
  ): FaultFailure | undefined {
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (rule.kind !== 'transient') continue;
      if (!picks(rule, page, hash2(seedKey ^ STREAM_TRANSIENT, r))) continue;
      const attemptKey = `${r}\u0000${page.key}`;
      const failed = this.attempts.peek(attemptKey) ?? 0;
      // The first rule that picks a page owns it: once its failures are spent, the page passes.
      if (failed >= rule.failures) return undefined;
      this.attempts.set(attemptKey, failed + 1);
      return { status: rule.status, retryAfterSeconds: rule.retryAfterSeconds };
    }
    return undefined;
  }
}

function picks(rule: TransientRule, page: PageIdentity, ruleKey: number): boolean {
  if (rule.everyNthPage !== undefined && page.number % rule.everyNthPage === 0) return true;
  return rule.share !== undefined && unit(hash2(ruleKey, hashString(page.key))) < rule.share;
}

/** The delay a scenario's latency rule gives this page, the same every time it is asked. */
export function latencyFor(rules: readonly FaultRule[], page: PageIdentity): number {
  const rule = rules.find((r): r is LatencyRule => r.kind === 'latency');
  if (!rule) return 0;
  const span = rule.maxMs - rule.minMs + 1;
  return rule.minMs + (hashString(page.key) % span);
}

/** A failure forced by `x-mock-fault`, with the scenario's Retry-After where it has one. */
export function forcedFailure(rules: readonly FaultRule[], status: 429 | 503 | 504): FaultFailure {
  if (status === 429) {
    const throttle = rules.find((r): r is ThrottleRule => r.kind === 'throttle');
    return {
      status,
      retryAfterSeconds: throttle?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    };
  }
  const transient = rules.find(
    (r): r is TransientRule => r.kind === 'transient' && r.status === status,
  );
  return { status, retryAfterSeconds: transient?.retryAfterSeconds };
}
