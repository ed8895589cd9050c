import http, { type RequestListener, type Server } from 'node:http';
import https from 'node:https';
import { trackConnections } from './open-connections.js';
import type { TlsOptions } from './options.js';
import { answerProtocolErrors } from './plugins/protocol-errors.js';
import { answerPlainHttp } from './tls/plain-http.js';

/** What the mock tolerates of a connection and a request. The README's "Limits" lists them. */
export interface ServerLimits {
  /** Request line and headers together; more is answered 431. */
  readonly maxHeaderBytes: number;
  /** Time to receive the request line and headers; a slower client is answered 408. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included; a slower client is answered 408. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open for its next request. */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long (a client not reading) is closed. */
  readonly idleSocketTimeoutMs: number;
  /** Connections beyond this many are closed as soon as they open. */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxHeaderBytes: 16 * 1024, // Node's default; Kiota's longest URLs are ~300 bytes
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  // Longer than clients keep idle sockets (undici 4 s, Node's agent 5 s, .NET 2 min is the
  // exception), so the client, not the server, closes first and no request meets a closing socket.
  keepAliveTimeoutMs: 72_000,
  // Longer than the slowest page the mock serves on purpose (x-mock-fault: latency=60000).
  idleSocketTimeoutMs: 120_000,
  maxConnections: 10_000,
};

/** Node checks the header and request timeouts this often; its default of 30 s is too coarse. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * The HTTP or HTTPS server under fastify. Made here rather than by fastify so that Node's own
 * answers — a bare 400 for a missing Host, a bare 417, a dropped CONNECT — become Graph's, and so
 * that every limit is set in one place.
 */
export function createHttpServer(
  handler: RequestListener,
  tls: TlsOptions | undefined,
  limits: ServerLimits,
): Server {
  const options: http.ServerOptions = {
    requireHostHeader: false,
    maxHeaderSize: limits.maxHeaderBytes,
    // Node refuses a headers timeout longer than the request timeout; one shortened alone wins.
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
  const server = tls
    ? // Only the key and certificate: anything else a caller's object holds is not for Node's TLS.
      (https
        .createServer({ ...options, key: tls.key, cert: tls.cert }, handler)
        .on('tlsClientError', answerPlainHttp) as unknown as Server)
    : http.createServer(options, handler);
  server.setTimeout(limits.idleSocketTimeoutMs);
  server.maxConnections = limits.maxConnections;
  answerProtocolErrors(server);
  trackConnections(server);
  return server;
}
