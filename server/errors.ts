/**
 * Every error the mock answers with, as named values carrying Graph's status and code, each
 * factory named for what went wrong. One place renders them (plugins/graph-errors.ts);
 * everything else only throws them.
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra members of `innerError` beyond date, request-id and client-request-id. */
    readonly innerErrorExtras: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Graph answers a missing token with this, plus a challenge naming the Graph app id. */
const GRAPH_CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Graph's code for a status, for errors that carry only a status (fastify's own, Node's). */
export const CODE_BY_STATUS: Readonly<Record<number, string>> = {
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
};

const badRequest = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

/** A 4xx raised by fastify or Node with only a status and a message, in Graph's terms. */
export const clientErrorWithStatus = (status: number, message: string): GraphError =>
  new GraphError(status, CODE_BY_STATUS[status] ?? 'BadRequest', message);

/** Anything thrown that is not a GraphError nor a 4xx: a bug of ours, never the client's. */
export const unexpectedFailure = (): GraphError =>
  new GraphError(
    500,
    'generalException',
    'The mock failed to answer this request. This is a bug in graph-callrecords-mock; please report it with the request-id.',
  );

export const accessTokenEmpty = (): GraphError =>
  new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', {
    'WWW-Authenticate': GRAPH_CHALLENGE,
  });

/** Strict auth: the bearer token is not a compact JWS (three base64url parts). */
export const accessTokenUnparsable = (): GraphError =>
  new GraphError(
    401,
    'InvalidAuthenticationToken',
    'CompactToken parsing failed with error code: 80049217',
    { 'WWW-Authenticate': GRAPH_CHALLENGE },
  );

/**
 * Strict auth: a JWT that fails validation — signature, audience, issuer, expiry or not-before.
 * Graph does not say which; the mock logs the reason at debug level.
 */
export const accessTokenInvalid = (): GraphError =>
  new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.', {
    'WWW-Authenticate': GRAPH_CHALLENGE,
  });

/** The control API, when it has an admin token, and the request does not carry it. */
export const adminTokenRequired = (): GraphError =>
  new GraphError(
    401,
    'InvalidAuthenticationToken',
    'The control API wants the admin token: send Authorization: Bearer <MOCK_ADMIN_TOKEN>.',
    { 'WWW-Authenticate': 'Bearer realm="graph-callrecords-mock control API"' },
  );

/** The console's 401: Basic, so that a browser asks for the token (as the password) itself. */
export const consoleTokenRequired = (): GraphError =>
  new GraphError(
    401,
    'InvalidAuthenticationToken',
    'The QA console wants the admin token: give it as the password (any user name) when the browser asks.',
    { 'WWW-Authenticate': 'Basic realm="graph-callrecords-mock QA console", charset="UTF-8"' },
  );

/** Strict auth: a valid token without the application role, or a delegated token; no message, as Graph. */
export const forbidden = (): GraphError => new GraphError(403, 'Forbidden', '');

export const rangeTooLong = (fn: string, days: number, maxDays: number): GraphError =>
  new GraphError(
    406,
    'NotAcceptable',
    `The date range is ${formatDays(days, maxDays)} days; ${fn} accepts at most ${maxDays} days. ` +
      `Split the range into windows of ${maxDays} days or less.`,
  );

export const resourceNotFound = (segment: string): GraphError =>
  badRequest(`Resource not found for the segment '${segment}'.`);

/**
 * `GET /communications/callRecords/{id}`: the mock holds no call records, and Graph resolves
 * no log row's id to one; users report this answer (graph-family-reference.md §7).
 */
export const callRecordNotFound = (): GraphError =>
  new GraphError(
    404,
    'NotFound',
    'Could not find the requested call record. Records about calls or online meetings that started more than 30 days ago are not available.',
  );

export const invalidVersion = (version: string): GraphError =>
  badRequest(`Invalid version: ${version}`);

export const methodNotAllowed = (method: string): GraphError =>
  new GraphError(
    405,
    'MethodNotAllowed',
    `The HTTP method '${method}' is not allowed on this resource; the call-log functions answer GET only.`,
    { Allow: 'GET, HEAD' },
  );

function formatDays(days: number, maxDays: number): string {
  if (Number.isInteger(days)) return String(days);
  const shown = days.toFixed(2);
  // 90 days and a second would show as 90.00, which reads as allowed.
  return Number(shown) > maxDays ? shown : `more than ${maxDays}`;
}

const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { 'Retry-After': String(seconds) };

/** Graph's throttling answer; innerError repeats the status, as Graph's documented body does. */
export const tooManyRequests = (retryAfterSeconds: number): GraphError =>
  new GraphError(
    429,
    'TooManyRequests',
    'Please retry again later.',
    retryAfter(retryAfterSeconds),
    { code: '429', status: '429' },
  );

export const serviceUnavailable = (retryAfterSeconds: number | undefined): GraphError =>
  new GraphError(
    503,
    'serviceNotAvailable',
    'The service is temporarily unavailable. Retry the request after a delay.',
    retryAfter(retryAfterSeconds),
  );

export const gatewayTimeout = (retryAfterSeconds: number | undefined): GraphError =>
  new GraphError(
    504,
    'gatewayTimeout',
    'The gateway did not receive a timely response from the service. Retry the request.',
    retryAfter(retryAfterSeconds),
  );

/* A request abandoned while it waited (routes/call-records/fault-gate.ts). */

/** The client closed the connection during an injected delay; no one reads this, but the log. */
export const clientGone = (): GraphError =>
  new GraphError(
    499,
    'clientClosedRequest',
    'The client closed the connection while the request waited on its injected latency; no page was rendered.',
  );

/** The mock was closed while the request waited on an injected delay. */
export const mockClosing = (): GraphError =>
  new GraphError(
    503,
    'serviceNotAvailable',
    'The mock was closed while this request waited on its injected latency; no page was rendered. Start the mock again and retry.',
  );

/* The control API's (/_mock) own input errors. */

export const unknownScenario = (name: string, known: readonly string[]): GraphError =>
  badRequest(
    `There is no scenario '${name}'. Use one of: ${known.join(', ')} (GET /_mock/scenarios describes them).`,
  );

export const unknownLogFunction = (name: string, known: readonly string[]): GraphError =>
  badRequest(`There is no log function '${name}'. Use one of: ${known.join(', ')}.`);

export const invalidSeed = (value: string, maxSeed: number): GraphError =>
  badRequest(`The seed '${value}' is not a seed; use a whole number from 0 to ${maxSeed}.`);

export const unknownQueryParameter = (name: string, accepted: readonly string[]): GraphError =>
  badRequest(`The query parameter '${name}' is not known here; use ${accepted.join(', ')}.`);

export const repeatedQueryParameter = (name: string): GraphError =>
  badRequest(`The query parameter '${name}' is given more than once; give it once.`);

export const missingQueryParameter = (name: string, example: string): GraphError =>
  badRequest(`The query parameter '${name}' is missing; add it, e.g. ${name}=${example}.`);

export const invalidQueryDateTime = (name: string, value: string, example: string): GraphError =>
  badRequest(
    `The value '${value}' of '${name}' is not a valid DateTimeOffset. Use a form like ${example} ` +
      `or ${example}T00:00:00Z; in a query string, write '+' as %2B.`,
  );

/* Scenarios defined at runtime (`/_mock/scenarios/{name}`). */

export const scenarioNotFound = (name: string, known: readonly string[]): GraphError =>
  new GraphError(
    404,
    'NotFound',
    `There is no scenario '${name}'. Known scenarios: ${known.join(', ')}; PUT /_mock/scenarios/${name} defines it.`,
  );

/**
 * PUT or DELETE of a scenario whose origin forbids it: 405, since what a scenario allows is a
 * fact of the resource, and Allow says what it does take.
 */
export const scenarioBuiltIn = (name: string): GraphError =>
  new GraphError(
    405,
    'MethodNotAllowed',
    `'${name}' is a built-in scenario: it cannot be replaced or deleted. Define your changes under a new name, e.g. PUT /_mock/scenarios/my-${name} with {"extends": "${name}", …}.`,
    { Allow: 'GET, HEAD' },
  );

export const scenarioLoadedFromFile = (name: string): GraphError =>
  new GraphError(
    405,
    'MethodNotAllowed',
    `'${name}' was loaded from a scenario file at start-up: it can be replaced (PUT) but not deleted. PUT the file again to go back to it.`,
    { Allow: 'GET, HEAD, PUT' },
  );

/** The loader's sentences, a line each, as start-up prints them. */
export const invalidScenario = (name: string, problems: readonly string[]): GraphError =>
  badRequest(
    `The scenario '${name}' was not saved; fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} and send it again:\n${problems.join('\n')}`,
  );

const SCENARIO_BODY_TYPES =
  'JSON (Content-Type: application/json) or YAML (Content-Type: application/yaml)';

/** A body for PUT /_mock/default-scenario, as the messages below show it. */
const DEFAULT_SCENARIO_EXAMPLE = '{"scenario": "large", "seed": 7}';

export const invalidDefaultScenarioBody = (problem: string): GraphError =>
  badRequest(
    `${problem}; send a JSON object such as ${DEFAULT_SCENARIO_EXAMPLE} (seed is optional: without it the scenario's own).`,
  );

export const defaultScenarioInUse = (name: string): GraphError =>
  new GraphError(
    409,
    'Conflict',
    `'${name}' is the default scenario, so it cannot be deleted. Switch the default first: PUT /_mock/default-scenario with {"scenario": "default"}.`,
  );

export const missingScenarioBody = (): GraphError =>
  badRequest(`The request has no body; send the scenario as ${SCENARIO_BODY_TYPES}.`);

export const unsupportedScenarioMediaType = (contentType: string | undefined): GraphError =>
  new GraphError(
    415,
    'UnsupportedMediaType',
    `${contentType ? `The Content-Type '${contentType}' is not a scenario format` : 'The request has no Content-Type'}; send the scenario as ${SCENARIO_BODY_TYPES}.`,
  );

export const scenarioBodyTooLarge = (limitBytes: number): GraphError =>
  new GraphError(
    413,
    'RequestEntityTooLarge',
    `The scenario is larger than ${limitBytes} bytes, more than any scenario needs; leave out what "extends" gives it.`,
  );

/* Malformed HTTP, answered before fastify sees a request (plugins/protocol-errors.ts). */

export const requestHeadersTooLarge = (): GraphError =>
  clientErrorWithStatus(431, 'The request headers are too large.');

export const requestNotReceivedInTime = (): GraphError =>
  clientErrorWithStatus(408, 'The request was not received in time.');

export const notValidHttp = (): GraphError =>
  clientErrorWithStatus(400, 'The request is not valid HTTP.');

export const expectationNotMet = (expectation: string | undefined): GraphError =>
  clientErrorWithStatus(
    417,
    `The mock cannot meet the expectation '${expectation}'; send the request without an Expect header, or with Expect: 100-continue.`,
  );

export const connectNotAllowed = (): GraphError =>
  new GraphError(
    405,
    'MethodNotAllowed',
    "The HTTP method 'CONNECT' is not allowed: the mock is not a proxy.",
    { Allow: 'GET, HEAD' },
  );

export const malformedUrlEncoding = (): GraphError =>
  badRequest(
    "The request URL is not valid percent-encoding: each '%' must start an escape such as %3A, " +
      "and the escaped bytes must be UTF-8. Write a literal '%' as %25.",
  );

/* A log function's segment (graph/function-segment.ts, graph/call-window.ts). */

/** A call of `fn` to show in a message: the function the client named. */
const exampleCall = (fn: string): string =>
  `${fn}(fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z)`;
const EXAMPLE_VALUE = '2024-06-11T00:00:00Z';

/** Graph's exact wording for an empty value, e.g. `fromDateTime=,toDateTime=`. */
export const expressionExpected = (position: number, text: string): GraphError =>
  badRequest(`Expression expected at position ${position} in '${text}'.`);

export const parameterSyntaxError = (position: number, text: string, detail: string): GraphError =>
  badRequest(
    `Syntax error at position ${position} in '${text}'. ${detail}; write the parameters as ` +
      `fromDateTime=${EXAMPLE_VALUE},toDateTime=2024-06-12T00:00:00Z.`,
  );

export const malformedSegmentEncoding = (rawSegment: string): GraphError =>
  badRequest(
    `The segment '${rawSegment}' is not valid percent-encoding. ` +
      `Write each escape as '%' and two hex digits, and a literal '%' as %25.`,
  );

export const missingParentheses = (segment: string, fn: string): GraphError =>
  badRequest(
    `'${segment}' is a function and needs its parameters in parentheses, e.g. ${exampleCall(fn)}.`,
  );

export const unclosedParameterList = (segment: string, fn: string): GraphError =>
  badRequest(
    `The segment '${segment}' does not end with ')'. Close the parameter list with ')' and ` +
      `put nothing after it, e.g. ${exampleCall(fn)}.`,
  );

export const unknownParameter = (fn: string, name: string): GraphError =>
  badRequest(
    `${fn} has no parameter '${name}'. ` +
      `Use fromDateTime and toDateTime (or their short forms from and to).`,
  );

/** `canonical` is the parameter's full name, `first` and `second` the spellings given. */
export const duplicateParameter = (canonical: string, first: string, second: string): GraphError =>
  badRequest(
    `The parameter '${canonical}' is given twice ('${first}' and '${second}'). ` +
      `Give fromDateTime and toDateTime once each.`,
  );

export const invalidDateTime = (name: string, value: string): GraphError =>
  badRequest(
    `The value '${value}' is not a valid DateTimeOffset for parameter '${name}'. ` +
      `Use a form like ${EXAMPLE_VALUE}.`,
  );

/** `missing`: the canonical names of the parameters not given, one or both. */
export const missingParameters = (fn: string, missing: readonly string[]): GraphError => {
  const names = missing.map((name) => `'${name}'`);
  const what =
    names.length === 1
      ? `The parameter ${names[0]} is`
      : `The parameters ${names.join(' and ')} are`;
  return badRequest(
    `${what} missing. ${fn} needs both fromDateTime and toDateTime, e.g. ${exampleCall(fn)}.`,
  );
};

/** `from` and `to` as the mock writes date-time literals back. */
export const reversedWindow = (from: string, to: string): GraphError =>
  badRequest(
    `fromDateTime (${from}) is after toDateTime (${to}). ` +
      `Swap the two values: fromDateTime starts the range and must not be later than toDateTime.`,
  );

/* The OData query options (graph/query-options.ts). */

export const skipTooLarge = (text: string): GraphError =>
  badRequest(
    `The query option '$skip' is ${text}, which is too large. ` +
      `Use a whole number no larger than ${Number.MAX_SAFE_INTEGER}.`,
  );

export const topOutOfRange = (text: string, expected: string): GraphError =>
  badRequest(`The query option '$top' is ${text}; it must be ${expected}.`);

export const emptyQueryOption = (option: string, expected: string): GraphError =>
  badRequest(`The query option '${option}' is empty; give it ${expected}, or leave it out.`);

export const queryOptionNotDigits = (option: string, text: string, expected: string): GraphError =>
  badRequest(
    `The query option '${option}' is '${text}', which is not a whole number written ` +
      `in digits; it must be ${expected}.`,
  );

export const repeatedQueryOption = (option: string, count: number): GraphError =>
  badRequest(`The query option '${option}' is given ${count} times; give it at most once.`);

/* The mock's own request headers and links (graph/, routes/call-records/, plugins/). */

export const invalidHostHeader = (host: string): GraphError =>
  badRequest(
    `The Host header '${host}' is not a valid host name; send the server's host and port.`,
  );

/** An `x-mock-scenario` (header or query parameter) naming no scenario. */
export const unknownScenarioSelected = (
  name: string,
  parameter: string,
  known: readonly string[],
): GraphError =>
  badRequest(`Unknown scenario '${name}' in ${parameter}. Known scenarios: ${known.join(', ')}.`);

/** An `x-mock-seed` (header or query parameter) that is not a seed. */
export const invalidSeedSelected = (text: string, parameter: string, maxSeed: number): GraphError =>
  badRequest(`The ${parameter} '${text}' is not a seed; use a whole number from 0 to ${maxSeed}.`);

/** `forms`: every item the header takes but `none`, e.g. `latency=<0–60000 ms>`. */
export const invalidFaultItem = (
  header: string,
  item: string,
  forms: readonly string[],
): GraphError =>
  badRequest(
    `The ${header} item '${item}' is not a fault. Use ${forms.join(', ')} or none, separated by commas.`,
  );

export const invalidAuthMode = (header: string, asked: string): GraphError =>
  badRequest(`The ${header} header is '${asked}'; use strict or lenient.`);
