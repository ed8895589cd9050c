import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  clientErrorWithStatus,
  GraphError,
  invalidVersion,
  malformedUrlEncoding,
  resourceNotFound,
  unexpectedFailure,
} from '../errors.js';
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
    return clientErrorWithStatus(status, message);
  }
  return unexpectedFailure();
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
    error.code === 'FST_ERR_BAD_URL' ? malformedUrlEncoding() : asGraphError(error);
  sendGraphError(request, reply, graphError);
}
