/**
 * What every answer to a fuzzed request must satisfy, as a pure function of the request and the
 * response, so the in-process run and the socket run judge alike:
 *
 * - never a 5xx, except the 503/504 a request asked for (`x-mock-fault`, the `flaky` scenario);
 * - every error is Graph's envelope (the token endpoint's are Entra's), valid against the
 *   contract, with the code that goes with its status and the headers that status needs;
 * - every 2xx from getPstnCalls is a page valid against its version's schema, and is served
 *   only for a path that names the function;
 * - every answer carries request-id and the client-request-id the caller sent (or request-id);
 * - no answer shows a stack frame or a path of the server's own files.
 */
import type { ContractValidator } from '../../openapi/contract.js';
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
const FUNCTION_NAMES = new Set(['getpstncalls', 'microsoft.graph.callrecords.getpstncalls']);
const API_CONTENT_TYPE = /^application\/json;odata\.metadata=(minimal|none);/;

function header(response: FuzzResponse, name: string): string | undefined {
  const value = response.headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The path's segments as the router sees them: without the scheme and authority of an
 * absolute-form target, up to the query or fragment, empty segments dropped (duplicate and
 * trailing slashes are ignored), each decoded.
 */
export function routedSegments(target: string): string[] {
  const path = target.replace(/^https?:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0]!;
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSafely);
}

/** `/{beta|v1.0}/communications/callRecords/…`: the version, if the path is under the API. */
function apiVersionOf(segments: readonly string[]): 'beta' | 'v1.0' | undefined {
  const [version, communications, callRecords] = segments.map((s) => s.toLowerCase());
  if (version === undefined || !API_VERSIONS.has(version)) return undefined;
  if (communications !== 'communications' || callRecords !== 'callrecords') return undefined;
  return version as 'beta' | 'v1.0';
}

/** Whether the path's last segment, and only it, calls getPstnCalls. */
function namesTheFunction(segments: readonly string[]): boolean {
  if (segments.length !== 4) return false;
  const last = segments[3]!;
  const open = last.indexOf('(');
  return open !== -1 && FUNCTION_NAMES.has(last.slice(0, open).toLowerCase());
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

function checkGraphError(
  response: FuzzResponse,
  body: unknown,
  contract: ContractValidator,
  problems: string[],
): void {
  const violations = contract.validateError(body);
  if (violations.length > 0) {
    problems.push(`the error envelope breaks the contract: ${violations.join('; ')}`);
    return;
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
  else checkGraphError(response, parsed.value, contract, problems);
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
  if (!namesTheFunction(segments)) {
    problems.push(
      `a page for a path whose routed segments ${JSON.stringify(segments)} are not getPstnCalls`,
    );
  }
  if (!API_CONTENT_TYPE.test(header(response, 'content-type') ?? '')) {
    problems.push(`a page with content-type ${header(response, 'content-type')}`);
  }
  if (parsed === undefined) {
    problems.push('the page is not JSON');
    return;
  }
  const violations = contract.validatePage('getPstnCalls', version, parsed.value);
  if (violations.length > 0) {
    problems.push(`the ${version} page breaks the contract: ${violations.slice(0, 5).join('; ')}`);
    return;
  }
  const page = parsed.value as { '@odata.count': number; value: unknown[] };
  if (page['@odata.count'] !== page.value.length) {
    problems.push(`@odata.count ${page['@odata.count']} for ${page.value.length} rows`);
  }
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
  else checkSuccess(request, response, contract, problems);
  return problems;
}
