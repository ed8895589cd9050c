import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  connectNotAllowed,
  expectationNotMet,
  type GraphError,
  notValidHttp,
  requestHeadersTooLarge,
  requestNotReceivedInTime,
} from '../errors.js';
import { errorBody } from './graph-errors.js';
import {
  CONSTANT_GRAPH_HEADERS,
  echoableClientRequestId,
  newRequestId,
} from './graph-responses.js';

/**
 * Requests Node answers or drops before fastify sees them — malformed HTTP, an `Expect` it
 * cannot meet, CONNECT — still get Graph's envelope, written by hand.
 */

/** A client-request-id header line among the bytes Node could not parse as a request. */
const CLIENT_REQUEST_ID_LINE = /\r\nclient-request-id:[ \t]*([^\r\n]*?)[ \t]*\r\n/i;

/** The caller's client-request-id, when the rejected bytes carry one that can be echoed. */
function sentClientRequestId(rawPacket: unknown): string | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  return echoableClientRequestId(CLIENT_REQUEST_ID_LINE.exec(rawPacket.toString('latin1'))?.[1]);
}

function rawError(error: GraphError, sentId?: string) {
  const requestId = newRequestId();
  const clientRequestId = sentId ?? requestId;
  const now = new Date();
  const body = JSON.stringify(errorBody(error, { requestId, clientRequestId }, now));
  return {
    status: error.statusCode,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'request-id': requestId,
      'client-request-id': clientRequestId,
      ...CONSTANT_GRAPH_HEADERS,
      ...error.headers,
      Date: now.toUTCString(),
      Connection: 'close',
    },
    body,
  };
}

/** Writes a whole response to a socket that never became a request. */
function endSocket(socket: Socket, response: ReturnType<typeof rawError>): void {
  const head = Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`);
  const statusLine = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status]}`;
  socket.end([statusLine, ...head, '', response.body].join('\r\n'));
}

/** fastify's clientErrorHandler: bad request lines, oversized headers, timeouts. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // Nothing can be answered, but the socket must not linger until the idle timeout.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  // Every other answer echoes the caller's client-request-id; here only the raw bytes have it.
  const sentId = sentClientRequestId((error as { rawPacket?: unknown }).rawPacket);
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    endSocket(socket, rawError(requestHeadersTooLarge(), sentId));
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    endSocket(socket, rawError(requestNotReceivedInTime(), sentId));
  } else {
    endSocket(socket, rawError(notValidHttp(), sentId));
  }
}

/** An `Expect` other than 100-continue, which Node would answer with a bare 417. */
function rejectExpectation(request: IncomingMessage, response: ServerResponse): void {
  const sentId = echoableClientRequestId(request.headers['client-request-id']);
  const answer = rawError(expectationNotMet(request.headers.expect), sentId);
  response.writeHead(answer.status, answer.headers).end(answer.body);
}

/** CONNECT, which Node would drop without an answer: the mock is not a proxy. */
function rejectConnect(request: IncomingMessage, socket: Socket): void {
  if (!socket.writable) return;
  const sentId = echoableClientRequestId(request.headers['client-request-id']);
  endSocket(socket, rawError(connectNotAllowed(), sentId));
}

/** Attaches the handlers Node's server needs beyond fastify's. */
export function answerProtocolErrors(server: Server): void {
  server.on('checkExpectation', rejectExpectation);
  server.on('connect', rejectConnect);
}
