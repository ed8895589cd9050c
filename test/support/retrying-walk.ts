/**
 * A client walking a log the way SDKs do — following nextLinks, retrying 429, 503 and 504 —
 * with every attempt kept, so a test can say which page met which failure how often.
 */
import type { FastifyInstance } from 'fastify';
import type { FakeClock } from './fake-clock.js';
import {
  type Assertions,
  expectGraphError,
  expectPage,
  functionOfPath,
  get,
  type PageBody,
  pathOf,
  type RequestHeaders,
  type Row,
} from './graph.js';

const MS_PER_SECOND = 1000;

const ERROR_CODES: Readonly<Record<number, string>> = {
  429: 'TooManyRequests',
  503: 'serviceNotAvailable',
  504: 'gatewayTimeout',
};

/** One response of a walk: which page it was for, and what came back. */
export interface Attempt {
  readonly page: number;
  readonly status: number;
  readonly retryAfter: string | undefined;
  /** The body of a 200, as sent. */
  readonly body: string | undefined;
}

export interface RetryingWalk {
  readonly attempts: Attempt[];
  readonly rows: Row[];
  readonly pages: PageBody[];
}

/**
 * A client as SDKs are: follows nextLinks and retries 429, 503 and 504, after Retry-After
 * seconds on `options.clock` when it is given (the flaky scenario's faults count attempts, not
 * time, so its walks may retry at once). Headers go with the first request only.
 */
export async function retryingWalk(
  t: Assertions,
  app: FastifyInstance,
  firstUrl: string,
  firstHeaders: RequestHeaders,
  options: { honourRetryAfter?: FakeClock; headers?: RequestHeaders },
): Promise<RetryingWalk> {
  const result: RetryingWalk = { attempts: [], rows: [], pages: [] };
  let url: string | undefined = firstUrl;
  let headers = { ...options.headers, ...firstHeaders };
  while (url !== undefined && result.attempts.length < 500) {
    const res = await get(app, url, headers);
    const retryAfter = res.headers['retry-after'] as string | undefined;
    const attempt = { page: result.pages.length + 1, status: res.statusCode, retryAfter };
    if (res.statusCode !== 200) {
      result.attempts.push({ ...attempt, body: undefined });
      const code = ERROR_CODES[res.statusCode];
      if (code === undefined) {
        t.fail(`unexpected ${res.statusCode}: ${res.body}`);
        break;
      }
      expectGraphError(t, res, res.statusCode, code);
      if (options.honourRetryAfter && retryAfter !== undefined) {
        options.honourRetryAfter.advance(Number(retryAfter) * MS_PER_SECOND);
      }
      continue;
    }
    result.attempts.push({ ...attempt, body: res.body });
    const page = expectPage(t, res, 'beta', { fn: functionOfPath(url) });
    result.pages.push(page);
    result.rows.push(...page.value);
    const link = page['@odata.nextLink'];
    url = link ? pathOf(link) : undefined;
    headers = { ...options.headers };
  }
  if (url !== undefined) t.fail(`the walk from ${firstUrl} did not end`);
  return result;
}

/** The attempts at each page, in order: attemptsByPage[0] is page 1's. */
export function attemptsByPage(attempts: readonly Attempt[]): Attempt[][] {
  const pages: Attempt[][] = [];
  for (const attempt of attempts) {
    const index = attempt.page - 1;
    pages[index] = [...(pages[index] ?? []), attempt];
  }
  return pages;
}

export const statusLine = (attempts: readonly Attempt[]) =>
  attempts
    .map((a) => `${a.status}${a.retryAfter === undefined ? '' : `/${a.retryAfter}`}`)
    .join(' ');
