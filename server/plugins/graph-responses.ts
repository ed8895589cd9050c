import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The headers Graph puts on every response, success or error. Registered with
 * fastify-plugin so the hook covers every route, the not-found handler included.
 */

/** What Graph sends as x-ms-ags-diagnostic, naming this mock instead of a data centre. */
const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: 'Mock',
    Slice: 'E',
    Ring: '0',
    ScaleUnit: '000',
    RoleInstance: 'graph-callrecords-mock',
  },
});

/**
 * Non-empty printable ASCII. Node reads header bytes as latin1, and a latin1 character above
 * 0x7f would go back out re-encoded as UTF-8 whenever the body is a string: echoed altered.
 */
const ECHOABLE_HEADER = /^[\t\x20-\x7e]+$/;

/** The caller's client-request-id when it can be echoed: only a value Node can write back as a header. */
export function echoableClientRequestId(sent: string | string[] | undefined): string | undefined {
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value !== undefined && ECHOABLE_HEADER.test(value) ? value : undefined;
}

/** request-id is ours; client-request-id echoes the caller's, else repeats request-id. */
export function requestIds(request: FastifyRequest): {
  requestId: string;
  clientRequestId: string;
} {
  const sent = echoableClientRequestId(request.headers['client-request-id']);
  return { requestId: request.id, clientRequestId: sent ?? request.id };
}

export function newRequestId(): string {
  return randomUUID();
}

/** Graph's headers besides the two ids, for answers written outside fastify too. */
export const CONSTANT_GRAPH_HEADERS: Readonly<Record<string, string>> = {
  'OData-Version': '4.0',
  'Cache-Control': 'private',
  'x-ms-ags-diagnostic': AGS_DIAGNOSTIC,
};

export function setGraphHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const { requestId, clientRequestId } = requestIds(request);
  reply.headers({
    'request-id': requestId,
    'client-request-id': clientRequestId,
    ...CONSTANT_GRAPH_HEADERS,
  });
}

export const graphResponses = fp(
  async (app) => {
    // Callback style: an async hook costs a promise on every request.
    app.addHook('onRequest', (request, reply, done) => {
      setGraphHeaders(request, reply);
      done();
    });
  },
  { name: 'graph-responses' },
);
