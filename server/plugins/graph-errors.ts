import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest, GraphError, invalidVersion, resourceNotFound } from '../errors.js';
import { pathOf } from '../graph/request-target.js';
import { requestIds, setGraphHeaders } from './graph-responses.js';

/**
 * Renders every failure as Graph's error envelope: GraphErrors thrown by routes, fastify's own
 * errors, unknown paths, and malformed HTTP that never becomes a request.
 */

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: Record<string, string>;
  };
}

const API_VERSIONS = new Set(['beta', 'v1.0']);
/** The path below the version that this mock serves; anything else is an unknown segment. */
const SERVED_PATH = ['communications', 'callrecords'];

/** Graph's code for a status, for errors that carry only a status (fastify's own). */
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

/** `date` in Graph's innerError: UTC, seconds, no fraction and no zone. */
function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export function errorBody(
  error: GraphError,
  ids: { requestId: string; clientRequestId: string },
  now: Date,
): GraphErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: graphDate(now),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
        ...error.innerErrorExtras,
      },
    },
  };
}

/** Any thrown value as the GraphError to answer with. */
export function asGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  const fastifyError = error as Partial<FastifyError> | null | undefined;
  const status = fastifyError?.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const message = fastifyError?.message || STATUS_CODES[status] || 'Bad request';
    return new GraphError(status, CODE_BY_STATUS[status] ?? 'BadRequest', message);
  }
  return new GraphError(
    500,
    'generalException',
    'The mock failed to answer this request. This is a bug in graph-callrecords-mock; please report it with the request-id.',
  );
}

/** The Graph error for a path no route serves: a bad version, or the first unknown segment. */
export function unknownPathError(pathname: string): GraphError {
  // Compared decoded, as they are reported: `bet%61` is `beta`.
  const segments = pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSafely);
  const version = segments[0] ?? '';
  if (!API_VERSIONS.has(version.toLowerCase())) return invalidVersion(version);
  const rest = segments.slice(1);
  for (let i = 0; i < rest.length; i++) {
    if (rest[i]!.toLowerCase() !== SERVED_PATH[i]) return resourceNotFound(rest[i]!);
  }
  return resourceNotFound(rest[rest.length - 1] ?? version);
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function sendGraphError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: GraphError,
): FastifyReply {
  // Errors raised by the router come before the onRequest hook that sets Graph's headers.
  setGraphHeaders(request, reply);
  return reply
    .code(error.statusCode)
    .headers(error.headers)
    .type('application/json')
    .send(errorBody(error, requestIds(request), new Date()));
}

export const graphErrors = fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => {
      const graphError = asGraphError(error);
      if (graphError.statusCode >= 500) request.log.error({ err: error }, 'unexpected error');
      return sendGraphError(request, reply, graphError);
    });
    app.setNotFoundHandler((request, reply) => {
      const pathname = pathOf(request.url);
      return sendGraphError(request, reply, unknownPathError(pathname));
    });
  },
  { name: 'graph-errors' },
);

/** fastify's handler for URLs its router cannot even decode. */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const graphError =
    error.code === 'FST_ERR_BAD_URL'
      ? badRequest(
          "The request URL is not valid percent-encoding: each '%' must start an escape such as %3A, " +
            "and the escaped bytes must be UTF-8. Write a literal '%' as %25.",
        )
      : asGraphError(error);
  sendGraphError(request, reply, graphError);
}
