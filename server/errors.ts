/**
 * Every error the mock answers with, as named values carrying Graph's status and code.
 * One place renders them (plugins/graph-errors.ts); everything else only throws them.
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

export const MAX_RANGE_DAYS = 90;

/** Graph answers a missing token with this, plus a challenge naming the Graph app id. */
const GRAPH_CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export const badRequest = (message: string): GraphError =>
  new GraphError(400, 'BadRequest', message);

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

/** Strict auth: a valid token without the application role, or a delegated token; no message, as Graph. */
export const forbidden = (): GraphError => new GraphError(403, 'Forbidden', '');

export const rangeTooLong = (days: number): GraphError =>
  new GraphError(
    406,
    'NotAcceptable',
    `The date range is ${formatDays(days)} days; getPstnCalls accepts at most ${MAX_RANGE_DAYS} days. ` +
      `Split the range into windows of ${MAX_RANGE_DAYS} days or less.`,
  );

export const resourceNotFound = (segment: string): GraphError =>
  badRequest(`Resource not found for the segment '${segment}'.`);

export const invalidVersion = (version: string): GraphError =>
  badRequest(`Invalid version: ${version}`);

export const methodNotAllowed = (method: string): GraphError =>
  new GraphError(
    405,
    'MethodNotAllowed',
    `The HTTP method '${method}' is not allowed on this resource; getPstnCalls is a function and answers GET only.`,
    { Allow: 'GET, HEAD' },
  );

function formatDays(days: number): string {
  if (Number.isInteger(days)) return String(days);
  const shown = days.toFixed(2);
  // 90 days and a second would show as 90.00, which reads as allowed.
  return Number(shown) > MAX_RANGE_DAYS ? shown : `more than ${MAX_RANGE_DAYS}`;
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

/* The control API's (/_mock) own input errors. */

export const unknownScenario = (name: string, known: readonly string[]): GraphError =>
  badRequest(
    `There is no scenario '${name}'. Use one of: ${known.join(', ')} (GET /_mock/scenarios describes them).`,
  );

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
