/**
 * Talking to the mock the way a Graph client does, through `inject`: a bearer token on every
 * call, pages checked against the contract, errors checked as Graph's envelope with the
 * headers that must match it.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type tap from 'tap';
import {
  type ApiVersion,
  createContractValidator,
  LOG_FUNCTIONS,
  type LogFunctionName,
} from '../../openapi/contract.js';

/** The assertions the helpers use; the root test and subtests both provide them. */
export type Assertions = Pick<
  typeof tap,
  'equal' | 'not' | 'ok' | 'notOk' | 'match' | 'same' | 'strictSame' | 'fail' | 'type'
>;

export const TOKEN = 'Bearer eyJ0eXAiOiJKV1QifQ.mock.token';
export const API_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const NO_METADATA_CONTENT_TYPE =
  'application/json;odata.metadata=none;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** innerError.date: UTC seconds, no fraction, no zone. */
const GRAPH_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
/** What `inject` sends as Host unless told otherwise. */
export const INJECT_ORIGIN = 'http://localhost:80';

/** Compiled once per test process: compiling the contract costs more than a request. */
export const contract = createContractValidator();

export type Row = Record<string, unknown> & { readonly id: string; readonly startDateTime: string };

export interface PageBody {
  readonly '@odata.context'?: string;
  readonly '@odata.count': number;
  readonly '@odata.nextLink'?: string | null;
  readonly value: Row[];
}

export interface GraphErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly innerError: Readonly<Record<string, string>>;
  };
}

/** `/{version}/communications/callRecords/getPstnCalls(fromDateTime=…,toDateTime=…){query}`. */
export function pstnCallsPath(version: ApiVersion, from: string, to: string, query = ''): string {
  return logPath('getPstnCalls', version, from, to, query);
}

/** `/{version}/communications/callRecords/{fn}(fromDateTime=…,toDateTime=…){query}`. */
export function logPath(
  fn: LogFunctionName,
  version: ApiVersion,
  from: string,
  to: string,
  query = '',
): string {
  return `/${version}/communications/callRecords/${fn}(fromDateTime=${from},toDateTime=${to})${query}`;
}

/** The log function a request path names, short or namespace-qualified. */
export function functionOfPath(path: string): LogFunctionName {
  const name = /\/callRecords\/(?:microsoft\.graph\.callRecords\.)?(\w+)(?:\(|%28)/i.exec(
    path,
  )?.[1];
  const fn = LOG_FUNCTIONS.find((candidate) => candidate.toLowerCase() === name?.toLowerCase());
  if (fn === undefined) throw new Error(`'${path}' names no log function`);
  return fn;
}

/** Headers to send; `authorization: null` sends none at all. */
export type RequestHeaders = Record<string, string | null>;

/** A request with Graph's bearer token unless the caller sets (or removes) Authorization. */
export function get(
  app: FastifyInstance,
  url: string,
  headers: RequestHeaders = {},
  method: InjectOptions['method'] = 'GET',
): Promise<LightMyRequestResponse> {
  const sent: Record<string, string> = { authorization: TOKEN };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete sent[name];
    else sent[name] = value;
  }
  return app.inject({ method, url, headers: sent });
}

/** The path and query of an absolute link, for injecting it. */
export function pathOf(link: string): string {
  const match = /^https?:\/\/[^/]+(\/.*)$/.exec(link);
  if (match === null) throw new Error(`'${link}' is not an absolute http(s) URL`);
  return match[1]!;
}

function header(res: LightMyRequestResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
}

/**
 * Graph's headers, on success and error alike: request-id a GUID, client-request-id the
 * caller's or else request-id, OData-Version 4.0, Cache-Control private, x-ms-ags-diagnostic.
 */
export function expectGraphHeaders(
  t: Assertions,
  res: LightMyRequestResponse,
  clientRequestId?: string,
): void {
  const requestId = header(res, 'request-id');
  t.match(requestId, GUID, 'request-id is a GUID');
  t.equal(
    header(res, 'client-request-id'),
    clientRequestId ?? requestId,
    clientRequestId === undefined
      ? 'client-request-id repeats request-id'
      : 'client-request-id echoes the caller',
  );
  t.equal(header(res, 'odata-version'), '4.0', 'OData-Version');
  t.equal(header(res, 'cache-control'), 'private', 'Cache-Control');
  const diagnostic = header(res, 'x-ms-ags-diagnostic');
  t.ok(diagnostic, 'x-ms-ags-diagnostic is present');
  if (diagnostic !== undefined) {
    t.match(JSON.parse(diagnostic), { ServerInfo: { DataCenter: String } }, 'diagnostic is JSON');
  }
}

/** A 200 page of `version`: contract-valid, Graph's content type and headers. Returns the body. */
export function expectPage(
  t: Assertions,
  res: LightMyRequestResponse,
  version: ApiVersion,
  options: { clientRequestId?: string; contentType?: string; fn?: LogFunctionName } = {},
): PageBody {
  t.equal(res.statusCode, 200, 'status 200');
  t.equal(header(res, 'content-type'), options.contentType ?? API_CONTENT_TYPE, 'content type');
  expectGraphHeaders(t, res, options.clientRequestId);
  const body = res.json() as PageBody;
  const fn = options.fn ?? 'getPstnCalls';
  t.same(contract.validatePage(fn, version, body), [], `the page matches the ${version} contract`);
  t.equal(body['@odata.count'], body.value.length, '@odata.count is the rows in this page');
  t.not(body['@odata.nextLink'], null, 'nextLink is never null');
  return body;
}

/**
 * A Graph error: status, code, message, an envelope that matches the contract, and an
 * innerError that agrees with the response headers.
 */
export function expectGraphError(
  t: Assertions,
  res: LightMyRequestResponse,
  status: number,
  code: string,
  message?: string | RegExp,
  clientRequestId?: string,
): GraphErrorBody {
  t.equal(res.statusCode, status, `status ${status}`);
  t.match(header(res, 'content-type'), /^application\/json(;|$)/, 'a JSON content type');
  const body = res.json() as GraphErrorBody;
  t.same(contract.validateError(body), [], 'the envelope matches the contract');
  t.equal(body.error?.code, code, 'error code');
  if (typeof message === 'string') t.equal(body.error?.message, message, 'message');
  else if (message !== undefined) t.match(body.error?.message, message, 'message');
  expectGraphHeaders(t, res, clientRequestId);
  const inner = body.error?.innerError ?? {};
  t.equal(inner['request-id'], header(res, 'request-id'), 'innerError request-id = header');
  t.equal(
    inner['client-request-id'],
    header(res, 'client-request-id'),
    'innerError client-request-id = header',
  );
  t.match(inner.date, GRAPH_DATE, 'innerError date has no fraction and no zone');
  const skew = Math.abs(Date.parse(`${inner.date}Z`) - Date.now());
  t.ok(skew < 60_000, 'innerError date is now, in UTC');
  return body;
}

export interface Walk {
  readonly pages: PageBody[];
  readonly rows: Row[];
  /** The URLs requested, the first as given and then each nextLink's path. */
  readonly urls: string[];
}

/** Follows nextLinks from `firstUrl` until a page has none, checking every page as its function's. */
export async function walk(
  t: Assertions,
  app: FastifyInstance,
  version: ApiVersion,
  firstUrl: string,
  headers: RequestHeaders = {},
): Promise<Walk> {
  const result: Walk = { pages: [], rows: [], urls: [] };
  let url: string | undefined = firstUrl;
  // A safety net: no range in the tests needs more than a few dozen pages.
  while (url !== undefined && result.pages.length < 200) {
    result.urls.push(url);
    const page = expectPage(t, await get(app, url, headers), version, { fn: functionOfPath(url) });
    result.pages.push(page);
    result.rows.push(...page.value);
    const link = page['@odata.nextLink'];
    url = link === undefined || link === null ? undefined : pathOf(link);
  }
  if (url !== undefined) t.fail(`the walk from ${firstUrl} did not end`);
  return result;
}

/** An instant as the mock writes it into links: trailing zeros of the fraction cut. */
export function linkLiteral(dateTime: string): string {
  return dateTime.replace(/(\.\d*?)0+Z$/, '$1Z').replace(/\.Z$/, 'Z');
}
