/**
 * What every answer to a fuzzed request must satisfy, as a pure function of the request and the
 * response, so the in-process run and the socket run judge alike:
 *
 * - never a 5xx, except the 503/504 a request asked for (`x-mock-fault`, the `flaky` scenario);
 * - every error is Graph's envelope (the token endpoint's are Entra's), valid against the
 *   contract, with the code that goes with its status and the headers that status needs;
 * - every 2xx under the API is a page, served only for a path that names a log function its
 *   version has (the contract's `functionVersions`), and valid against that function's schema;
 * - a 406 only for a function that limits its range, naming the function; a 404 under the
 *   call-log route only for a key segment (a call record's id), and "Resource not found for the
 *   segment" never for one, nor for a function the version has;
 * - every answer carries request-id and the client-request-id the caller sent (or request-id);
 * - no answer shows a stack frame or a path of the server's own files.
 */
import {
  type ApiVersion,
  type ContractValidator,
  functionVersions,
  LOG_FUNCTIONS,
  type LogFunctionName,
  rowTypeName,
} from '../../openapi/contract.js';
import type { FuzzRequest } from './request-path.js';

export interface FuzzResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
}

/**
 * Graph's code for each status the mock may answer an error with. Written out again, not taken
 * from server/plugins/graph-errors.ts, on purpose: the oracle must not trust the table it judges.
 */
export const CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  408: 'RequestTimeout',
  411: 'LengthRequired',
  413: 'RequestEntityTooLarge',
  414: 'RequestUriTooLong',
  415: 'UnsupportedMediaType',
  417: 'ExpectationFailed',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  503: 'serviceNotAvailable',
  504: 'gatewayTimeout',
};

/** Headers an error status must come with. */
const HEADERS_FOR_STATUS: Readonly<Record<number, readonly string[]>> = {
  401: ['www-authenticate'],
  405: ['allow'],
  429: ['retry-after'],
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const API_VERSIONS = new Set(['beta', 'v1.0']);
/** Each log function by its short and its namespace-qualified name, lower-cased. */
const FUNCTION_NAMES: ReadonlyMap<string, LogFunctionName> = new Map(
  LOG_FUNCTIONS.flatMap((fn) => [
    [fn.toLowerCase(), fn] as const,
    [`microsoft.graph.callrecords.${fn.toLowerCase()}`, fn] as const,
  ]),
);

/**
 * The longest range each function accepts, in days; null for none. The functions' documented
 * rules written out again, not taken from scenarios/log-functions.ts, for the same reason as
 * CODE_FOR_STATUS.
 */
export const RANGE_LIMIT_DAYS: Readonly<Record<LogFunctionName, number | null>> = {
  getPstnCalls: 90,
  getDirectRoutingCalls: null,
  getSmsLog: 90,
  getPstnBlockedUsersLog: 90,
  getPstnOnlineMeetingDialoutReport: 90,
};
const API_CONTENT_TYPE = /^application\/json;odata\.metadata=(minimal|none);/;

function header(response: FuzzResponse, name: string): string | undefined {
  const value = response.headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function decodeSafely(text: string): string {
  return tryDecode(text) ?? text;
}

/** The path's segments as sent: up to the query or fragment, empty segments dropped. */
function rawSegments(target: string): string[] {
  const path = target.replace(/^https?:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0]!;
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * The path's segments as the router sees them: without the scheme and authority of an
 * absolute-form target, up to the query or fragment, empty segments dropped (duplicate and
 * trailing slashes are ignored), each decoded.
 */
export function routedSegments(target: string): string[] {
  return rawSegments(target).map(decodeSafely);
}

/** `/{beta|v1.0}/communications/callRecords/…`: the version, if the path is under the API. */
function apiVersionOf(segments: readonly string[]): ApiVersion | undefined {
  const [version, communications, callRecords] = segments.map((s) => s.toLowerCase());
  if (version === undefined || !API_VERSIONS.has(version)) return undefined;
  if (communications !== 'communications' || callRecords !== 'callrecords') return undefined;
  return version as ApiVersion;
}

/**
 * What the last segment of a path on the call-log route (`/{version}/communications/callRecords/
 * {segment}`, nothing after it) is: a log function, served by the version or not; a key of the
 * callRecords collection (a plain segment, no parentheses, no function's name: a call record's
 * id); another segment; or one that does not decode, which the route refuses before reading it.
 */
export type CallRecordsSegment =
  | { readonly kind: 'function'; readonly fn: LogFunctionName; readonly served: boolean }
  | { readonly kind: 'key' }
  | { readonly kind: 'other' }
  | { readonly kind: 'undecodable' };

/** The call-log route's version and last segment, if `target` is on that route. */
export function callRecordsSegment(
  target: string,
): { readonly version: ApiVersion; readonly segment: CallRecordsSegment } | undefined {
  const raw = rawSegments(target);
  const version = apiVersionOf(raw.map(decodeSafely));
  if (version === undefined || raw.length !== 4) return undefined;
  const last = tryDecode(raw[3]!);
  if (last === undefined) return { version, segment: { kind: 'undecodable' } };
  const open = last.indexOf('(');
  const fn = FUNCTION_NAMES.get((open === -1 ? last : last.slice(0, open)).toLowerCase());
  if (fn !== undefined) {
    return {
      version,
      segment: { kind: 'function', fn, served: functionVersions(fn).includes(version) },
    };
  }
  return { version, segment: { kind: open === -1 ? 'key' : 'other' } };
}

/** The log function a path calls, if its version has that function. */
export function servedFunctionOf(target: string): LogFunctionName | undefined {
  const segment = callRecordsSegment(target)?.segment;
  return segment?.kind === 'function' && segment.served ? segment.fn : undefined;
}

/** The mock's stand-in for Entra ID, below a tenant segment; its errors are Entra's. */
const ENTRA_PATHS = new Set([
  'oauth2/v2.0/token',
  'discovery/v2.0/keys',
  'v2.0/.well-known/openid-configuration',
]);

function isEntraPath(segments: readonly string[]): boolean {
  return ENTRA_PATHS.has(segments.slice(1).join('/').toLowerCase());
}

/** The failure statuses this request asked for, by x-mock-fault or by choosing a scenario. */
function requestedFaults(request: FuzzRequest): Set<number> {
  const asked = new Set<number>();
  const faults = (request.headers['x-mock-fault'] ?? '').split(',').map((item) => item.trim());
  for (const status of [429, 503, 504]) if (faults.includes(String(status))) asked.add(status);
  // The query is decoded one component at a time, as the server does.
  const scenarios = [request.headers['x-mock-scenario'] ?? '']
    .concat(request.path.split(/[?&=#]/).map(decodeSafely))
    .join(' ');
  if (/flaky/.test(scenarios)) {
    asked.add(503);
    asked.add(504);
  }
  if (/throttled/.test(scenarios)) asked.add(429);
  return asked;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** What would give away the server's insides: a stack frame, a module path or file URL. */
const INTERNALS =
  /[^\s()"'`]+\.[cm]?[jt]s:\d+(?::\d+)?|node_modules|file:\/\/|\/dist\/(?:server|scenarios)\//;

/** A body naming internals the request did not itself contain (an echoed segment may). */
function checkNoInternals(request: FuzzRequest, response: FuzzResponse, problems: string[]): void {
  const leak = INTERNALS.exec(response.body)?.[0];
  if (leak === undefined) return;
  const sent = `${request.path}\n${Object.values(request.headers).join('\n')}\n${request.body ?? ''}`;
  if (!sent.includes(leak)) problems.push(`the body gives away the server's insides: ${leak}`);
}

/**
 * Answers written by the server's clientErrorHandler, for bytes that never became a request:
 * they carry a request-id but none of the headers the request hooks add.
 */
function isBeforeRequest(response: FuzzResponse): boolean {
  return header(response, 'odata-version') === undefined;
}

/** What any HTTP stack writes back byte for byte: visible ASCII, spaces and tabs. */
const PLAIN_HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * request-id is a GUID; client-request-id is the caller's, unchanged, or else request-id: the
 * mock may refuse to echo an id (one that is not plain ASCII, or that came with bytes which
 * never became a request), but must never send back an altered one.
 */
function checkIds(request: FuzzRequest, response: FuzzResponse, problems: string[]): void {
  const requestId = header(response, 'request-id');
  if (requestId === undefined || !GUID.test(requestId)) {
    problems.push(`request-id is ${JSON.stringify(requestId)}, not a GUID`);
    return;
  }
  const sent = request.headers['client-request-id'];
  const expected = sent === undefined || sent === '' ? requestId : sent;
  const echoed = header(response, 'client-request-id');
  const mayReplace = isBeforeRequest(response) || !PLAIN_HEADER_VALUE.test(expected);
  if (echoed !== expected && !(mayReplace && echoed === requestId)) {
    problems.push(`client-request-id is ${JSON.stringify(echoed)}, expected ${expected}`);
  }
}

function checkEntraError(body: unknown, problems: string[]): void {
  const error = body as Record<string, unknown>;
  const ok =
    typeof error.error === 'string' &&
    typeof error.error_description === 'string' &&
    error.error_description.startsWith('AADSTS') &&
    Array.isArray(error.error_codes);
  if (!ok) problems.push("the token endpoint's error is neither Graph's nor Entra's envelope");
}

/** Checks a Graph error; true when its envelope is valid, so its message can be read. */
function checkGraphError(
  response: FuzzResponse,
  body: unknown,
  contract: ContractValidator,
  problems: string[],
): boolean {
  const violations = contract.validateError(body);
  if (violations.length > 0) {
    problems.push(`the error envelope breaks the contract: ${violations.join('; ')}`);
    return false;
  }
  const { code, innerError } = (
    body as { error: { code: string; innerError: Record<string, string> } }
  ).error;
  const expected = CODE_FOR_STATUS[response.status];
  if (code !== expected) {
    problems.push(`status ${response.status} carries code ${code}, expected ${expected}`);
  }
  if (innerError['request-id'] !== header(response, 'request-id')) {
    problems.push('innerError.request-id differs from the request-id header');
  }
  if (innerError['client-request-id'] !== header(response, 'client-request-id')) {
    problems.push('innerError.client-request-id differs from the client-request-id header');
  }
  if (response.status === 429 && (innerError.code !== '429' || innerError.status !== '429')) {
    problems.push('a 429 without innerError code and status "429"');
  }
  return true;
}

function checkError(
  request: FuzzRequest,
  response: FuzzResponse,
  contract: ContractValidator,
  problems: string[],
): void {
  const { status } = response;
  if (CODE_FOR_STATUS[status] === undefined) problems.push(`unexpected status ${status}`);
  if (status >= 500 || status === 429) {
    if (!requestedFaults(request).has(status)) problems.push(`a ${status} nobody asked for`);
  }
  for (const name of HEADERS_FOR_STATUS[status] ?? []) {
    if (header(response, name) === undefined) problems.push(`a ${status} without ${name}`);
  }
  const route = callRecordsSegment(request.path);
  checkRouteStatus(request, route, status, problems);
  if (request.method === 'HEAD') return;
  if (!/^application\/json(;|$)/.test(header(response, 'content-type') ?? '')) {
    problems.push(`an error with content-type ${header(response, 'content-type')}`);
  }
  const parsed = parseJson(response.body);
  if (parsed === undefined) {
    problems.push('the error body is not JSON');
    return;
  }
  const segments = routedSegments(request.path);
  const isEntra = typeof (parsed.value as { error?: unknown } | null)?.error === 'string';
  if (isEntra && isEntraPath(segments)) checkEntraError(parsed.value, problems);
  else if (checkGraphError(response, parsed.value, contract, problems)) {
    const { message } = (parsed.value as GraphErrorBody).error;
    // The route's own messages; a method it has no handler for is an unknown path to fastify.
    const segment = request.method === 'GET' ? route?.segment : undefined;
    checkRouteMessage(askedFunction(request.path), segment, status, message, problems);
  }
}

type CallRecordsRoute = ReturnType<typeof callRecordsSegment>;

interface GraphErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** The query's parameters as a query-string parser reads them: '+' a space, each decoded. */
function queryParameters(target: string): Array<[string, string]> {
  const query = target.split('#', 1)[0]!.split('?').slice(1).join('?');
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const [name, value] =
        equals === -1 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
      return [decodeSafely(name.replaceAll('+', ' ')), decodeSafely(value.replaceAll('+', ' '))];
    });
}

/**
 * The log function a request asks about, if it names one: the function a call-log path calls,
 * where its version has it, or the `function` of GET /_mock/summary (getPstnCalls by default),
 * whose range is read as the function reads it.
 */
export function askedFunction(target: string): LogFunctionName | undefined {
  if (callRecordsSegment(target) !== undefined) return servedFunctionOf(target);
  const segments = routedSegments(target).map((segment) => segment.toLowerCase());
  if (segments.join('/') !== '_mock/summary') return undefined;
  const named = queryParameters(target).filter(([name]) => name === 'function');
  if (named.length === 0) return 'getPstnCalls';
  const value = named.length === 1 ? named[0]![1] : undefined;
  return LOG_FUNCTIONS.find((fn) => fn === value);
}

/** What the function a request asks about lets its status be: a 406 needs a limit, a 404 a key. */
function checkRouteStatus(
  request: FuzzRequest,
  route: CallRecordsRoute,
  status: number,
  problems: string[],
): void {
  const segment = route?.segment;
  if (status === 406) {
    const fn = askedFunction(request.path);
    if (fn === undefined) {
      problems.push('a 406 for a request that asks for no log function (its version has)');
    } else if (RANGE_LIMIT_DAYS[fn] === null) {
      problems.push(`a 406 for ${fn}, which puts no limit on its range`);
    }
  }
  if (status === 404 && segment !== undefined && segment.kind !== 'key') {
    problems.push(`a 404 for a ${describeSegment(segment)}, not a call record's id`);
  }
}

function describeSegment(segment: CallRecordsSegment): string {
  if (segment.kind !== 'function') return `segment of kind ${segment.kind}`;
  return `call of ${segment.fn}${segment.served ? '' : ', which the version does not have'}`;
}

const UNKNOWN_SEGMENT = /^Resource not found for the segment '/;

/** A 406 names its function and limit; an unknown segment is neither a key nor served. */
function checkRouteMessage(
  fn: LogFunctionName | undefined,
  segment: CallRecordsSegment | undefined,
  status: number,
  message: string,
  problems: string[],
): void {
  if (status === 406 && fn !== undefined) {
    const limit = RANGE_LIMIT_DAYS[fn];
    const names = `${fn} accepts at most ${limit} days`;
    if (limit !== null && !message.includes(names)) {
      problems.push(`a 406 whose message does not say "${names}": ${message}`);
    }
  }
  const known = segment?.kind === 'key' || (segment?.kind === 'function' && segment.served);
  if (status === 400 && known && UNKNOWN_SEGMENT.test(message)) {
    problems.push(`"Resource not found for the segment" for a ${describeSegment(segment)}`);
  }
}

function checkSuccess(
  request: FuzzRequest,
  response: FuzzResponse,
  contract: ContractValidator,
  problems: string[],
): void {
  if (response.status !== 200 && response.status !== 204) {
    problems.push(`unexpected status ${response.status}`);
  }
  if (request.method === 'HEAD' || response.status === 204) {
    if (response.body !== '') problems.push(`a ${request.method} ${response.status} with a body`);
    return;
  }
  const segments = routedSegments(request.path);
  const version = apiVersionOf(segments);
  const parsed = parseJson(response.body);
  if (version === undefined) {
    if (/json/.test(header(response, 'content-type') ?? '') && parsed === undefined) {
      problems.push('a JSON 2xx whose body is not JSON');
    }
    return;
  }
  const segment = callRecordsSegment(request.path)?.segment;
  const fn = segment?.kind === 'function' && segment.served ? segment.fn : undefined;
  if (segment?.kind === 'function' && !segment.served) {
    problems.push(`a ${version} page for ${segment.fn}, which ${version} does not have`);
  } else if (fn === undefined) {
    problems.push(
      `a page for a path whose routed segments ${JSON.stringify(segments)} call no log function`,
    );
  }
  if (!API_CONTENT_TYPE.test(header(response, 'content-type') ?? '')) {
    problems.push(`a page with content-type ${header(response, 'content-type')}`);
  }
  if (parsed === undefined) {
    problems.push('the page is not JSON');
    return;
  }
  // No function the version has: no schema to hold the page to, and the page is wrong already.
  if (fn === undefined) return;
  const violations = contract.validatePage(fn, version, parsed.value);
  if (violations.length > 0) {
    problems.push(
      `the ${version} page of ${fn} breaks the contract: ${violations.slice(0, 5).join('; ')}`,
    );
    return;
  }
  const page = parsed.value as {
    '@odata.context'?: string;
    '@odata.count': number;
    '@odata.nextLink'?: string;
    value: unknown[];
  };
  if (page['@odata.count'] !== page.value.length) {
    problems.push(`@odata.count ${page['@odata.count']} for ${page.value.length} rows`);
  }
  checkPageLinks(page, version, fn, problems);
}

/** The context names the function's rows in the version; the next page calls the same function. */
function checkPageLinks(
  page: { readonly '@odata.context'?: string; readonly '@odata.nextLink'?: string },
  version: ApiVersion,
  fn: LogFunctionName,
  problems: string[],
): void {
  const context = page['@odata.context'];
  const expected = `/${version}/$metadata#Collection(${rowTypeName(fn)})`;
  if (context !== undefined && !context.endsWith(expected)) {
    problems.push(`a page of ${fn} whose @odata.context ${context} does not end ${expected}`);
  }
  const next = page['@odata.nextLink'];
  if (next === undefined) return;
  const route = callRecordsSegment(next);
  if (route?.version !== version || servedFunctionOf(next) !== fn) {
    problems.push(`a ${version} page of ${fn} whose @odata.nextLink ${next} calls something else`);
  }
}

/** The only redirect: the QA console's bare `/_mock` to `/_mock/`, where its relative links work. */
function checkRedirect(request: FuzzRequest, response: FuzzResponse, problems: string[]): void {
  const toConsole =
    response.status === 308 &&
    routedSegments(request.path).join('/') === '_mock' &&
    header(response, 'location') === '/_mock/';
  if (!toConsole) problems.push(`unexpected status ${response.status}`);
}

/** Everything wrong with `response` as an answer to `request`; empty when it is right. */
export function checkResponse(
  request: FuzzRequest,
  response: FuzzResponse,
  contract: ContractValidator,
): string[] {
  if (response.status === 0)
    return ['no response: the connection closed (or timed out) unanswered'];
  const problems: string[] = [];
  checkIds(request, response, problems);
  checkNoInternals(request, response, problems);
  if (response.status >= 400) checkError(request, response, contract, problems);
  else if (response.status >= 300) checkRedirect(request, response, problems);
  else checkSuccess(request, response, contract, problems);
  return problems;
}
