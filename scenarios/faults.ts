import type { LogFunctionName } from '../openapi/contract.js';
import { BoundedCache } from './bounded-cache.js';
import { hash2, hashString, unit } from './hash.js';
import { isNetworkFaultKind, type NetworkFault } from './network-faults.js';
import {
  DEFAULT_THROTTLE_AFTER_FAILURES,
  type FaultRule,
  type PagePick,
  type PageRule,
  type ThrottleAfterRule,
  type ThrottleRule,
  type TransientRule,
} from './scenario.js';

/**
 * Decides which failures a request meets. Peers (Dev Proxy, WireMock, Mockoon) roll dice;
 * here every decision is a function of the request's identity and of what came before it
 * since the last reset, so the same sequence of requests always meets the same faults.
 */

/**
 * A failure to answer instead of the page; a 429 always says when to retry. `rule` is the
 * index in the scenario's faults of the rule that decided it; undefined when `x-mock-fault`
 * forced it.
 */
export type FaultFailure =
  | { readonly status: 429; readonly retryAfterSeconds: number; readonly rule?: number }
  | {
      readonly status: 503 | 504;
      readonly retryAfterSeconds: number | undefined;
      readonly rule?: number;
    };

/** A page a network rule picks: sent, and broken on the wire as `network` says. */
export interface NetworkFailure {
  readonly network: NetworkFault;
  readonly rule: number;
}

/** What a page request is, for the faults that depend on which page it asks for. */
export interface PageIdentity {
  /** The same for a retry of the same page: scenario, seed, version, function, range, skip and top. */
  readonly key: string;
  /** 1-based: the page's position in its walk. */
  readonly number: number;
  /** The log function the page is of. */
  readonly fn: LogFunctionName;
}

/** The delay a latency rule gives a page, and the index of that rule in the scenario's faults. */
export interface PageDelay {
  readonly ms: number;
  readonly rule: number;
}

/**
 * Forced per request with `x-mock-fault`: a failure, a delay, a network fault, or no scenario
 * faults at all.
 */
export interface FaultOverride {
  readonly none: boolean;
  readonly status: 429 | 503 | 504 | undefined;
  readonly latencyMs: number | undefined;
  readonly network: NetworkFault | undefined;
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

/**
 * Whether `rule` sees requests for `fn`: a rule without `functions` sees every request, one
 * with them only requests naming one of them (`undefined`: a URL that names no log function).
 */
export function appliesTo(rule: FaultRule, fn: LogFunctionName | undefined): boolean {
  return rule.functions === undefined || (fn !== undefined && rule.functions.includes(fn));
}

export class FaultState {
  private readonly windows = new BoundedCache<string, ThrottleWindow>({
    maxEntries: MAX_TRACKED_KEYS,
  });
  /** Requests a throttleAfter rule has seen per caller, up to the last it refuses. */
  private readonly counted = new BoundedCache<string, number>({ maxEntries: MAX_TRACKED_KEYS });
  private readonly attempts = new BoundedCache<string, number>({ maxEntries: MAX_TRACKED_KEYS });

  /** `now` in milliseconds; the throttle's windows are the only wall-clock-dependent part. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Forgets every window, count and attempt: the next request starts a fresh sequence. */
  reset(): void {
    this.windows.clear();
    this.counted.clear();
    this.attempts.clear();
  }

  /**
   * The 429 a request of `caller` (a tenant and an app) for `fn` meets, if any. The throttle
   * and throttleAfter rules that apply to `fn` see the request in the scenario's order, each
   * counting it for `caller` on its own; the first that refuses it answers, and the rules
   * after that one never see it.
   */
  throttle(
    rules: readonly FaultRule[],
    caller: string,
    fn: LogFunctionName | undefined,
  ): FaultFailure | undefined {
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (!appliesTo(rule, fn)) continue;
      const failure =
        rule.kind === 'throttle'
          ? this.rateLimit(rule, `${r}\u0000${caller}`)
          : rule.kind === 'throttleAfter'
            ? this.countedRefusal(rule, `${r}\u0000${caller}`)
            : undefined;
      if (failure) return { ...failure, rule: r };
    }
    return undefined;
  }

  /**
   * A rate limit per key: the request past `requests` within `windowSeconds` is refused with
   * Retry-After, and so is every request until then; after that a new window starts with the
   * next request.
   */
  private rateLimit(rule: ThrottleRule, key: string): FaultFailure | undefined {
    const now = this.now();
    let window = this.windows.peek(key);
    if (window && now < window.blockedUntil) {
      return {
        status: 429,
        retryAfterSeconds: Math.ceil((window.blockedUntil - now) / MS_PER_SECOND),
      };
    }
    if (!window || now - window.startedAt >= rule.windowSeconds * MS_PER_SECOND) {
      window = { startedAt: now, requests: 0, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    window.requests++;
    if (window.requests <= rule.requests) return undefined;
    window.blockedUntil = now + rule.retryAfterSeconds * MS_PER_SECOND;
    // The window that follows the block starts with the first request after it.
    window.startedAt = Number.NEGATIVE_INFINITY;
    return { status: 429, retryAfterSeconds: rule.retryAfterSeconds };
  }

  /**
   * Requests `requests`+1 … `requests`+`failures` of a key since the last reset are refused,
   * whenever they come; the rest pass. No clock: the spot is a count.
   */
  private countedRefusal(rule: ThrottleAfterRule, key: string): FaultFailure | undefined {
    const last = rule.requests + (rule.failures ?? DEFAULT_THROTTLE_AFTER_FAILURES);
    const seen = (this.counted.peek(key) ?? 0) + 1;
    // Past the spot nothing changes any more, so the count stops with it.
    if (seen > last) return undefined;
    this.counted.set(key, seen);
    if (seen <= rule.requests) return undefined;
    return { status: 429, retryAfterSeconds: rule.retryAfterSeconds };
  }

  /**
   * The failure of a page that a page rule of the page's function picks — a transient 503/504
   * or a network fault — for every n-th page of a walk, chosen page numbers and/or a seeded
   * share of pages. The first `failures` attempts at such a page fail.
   */
  pageFailure(
    rules: readonly FaultRule[],
    page: PageIdentity,
    seedKey: number,
  ): FaultFailure | NetworkFailure | undefined {
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (!isPageRule(rule) || !appliesTo(rule, page.fn)) continue;
      if (!picks(rule, page, hash2(seedKey ^ STREAM_TRANSIENT, r))) continue;
      const attemptKey = `${r}\u0000${page.key}`;
      const failed = this.attempts.peek(attemptKey) ?? 0;
      // The first rule that picks a page owns it: once its failures are spent, the page passes.
      if (failed >= rule.failures) return undefined;
      this.attempts.set(attemptKey, failed + 1);
      if (rule.kind !== 'transient') return { network: rule, rule: r };
      return { status: rule.status, retryAfterSeconds: rule.retryAfterSeconds, rule: r };
    }
    return undefined;
  }
}

/** Whether a rule picks pages and fails attempts at them: a transient or a network rule. */
export function isPageRule(rule: FaultRule): rule is PageRule {
  return rule.kind === 'transient' || isNetworkFaultKind(rule.kind);
}

function picks(rule: PagePick, page: PageIdentity, ruleKey: number): boolean {
  if (rule.everyNthPage !== undefined && page.number % rule.everyNthPage === 0) return true;
  if (rule.pages?.includes(page.number)) return true;
  return rule.share !== undefined && unit(hash2(ruleKey, hashString(page.key))) < rule.share;
}

/**
 * The delay the first latency rule of the page's function gives this page, the same every
 * time it is asked; undefined without such a rule.
 */
export function latencyFor(rules: readonly FaultRule[], page: PageIdentity): PageDelay | undefined {
  const r = rules.findIndex((rule) => rule.kind === 'latency' && appliesTo(rule, page.fn));
  const rule = rules[r];
  if (rule?.kind !== 'latency') return undefined;
  const span = rule.maxMs - rule.minMs + 1;
  return { ms: rule.minMs + (hashString(page.key) % span), rule: r };
}

/**
 * A failure forced by `x-mock-fault` on a request for `fn`, with the Retry-After of the
 * scenario's first rule for that status and function, where it has one.
 */
export function forcedFailure(
  rules: readonly FaultRule[],
  status: 429 | 503 | 504,
  fn: LogFunctionName | undefined,
): FaultFailure {
  const scoped = rules.filter((rule) => appliesTo(rule, fn));
  if (status === 429) {
    const throttle = scoped.find(
      (r): r is ThrottleRule | ThrottleAfterRule =>
        r.kind === 'throttle' || r.kind === 'throttleAfter',
    );
    return {
      status,
      retryAfterSeconds: throttle?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    };
  }
  const transient = scoped.find(
    (r): r is TransientRule => r.kind === 'transient' && r.status === status,
  );
  return { status, retryAfterSeconds: transient?.retryAfterSeconds };
}
