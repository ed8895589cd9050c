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
  return Number.isInteger(days) ? String(days) : days.toFixed(2);
}
