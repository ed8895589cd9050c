import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** Status and body of the answer to plain HTTP on the HTTPS port; the healthcheck knows it. */
export const PLAIN_HTTP_STATUS = 400;
const BODY =
  'This port speaks HTTPS only: send the request again with https:// and the same host and port.\n';
const ANSWER = [
  `HTTP/1.1 ${PLAIN_HTTP_STATUS} Bad Request`,
  'Content-Type: text/plain; charset=utf-8',
  `Content-Length: ${Buffer.byteLength(BODY)}`,
  'Connection: close',
  '',
  BODY,
].join('\r\n');

/**
 * The HTTPS server's `tlsClientError` handler: a plain-HTTP request (OpenSSL recognises one and
 * fails the handshake with ERR_SSL_HTTP_REQUEST) gets a readable answer in plain HTTP, as nginx
 * gives, instead of a dropped connection. Other handshake failures are left to Node.
 */
export function answerPlainHttp(error: NodeJS.ErrnoException, tlsSocket: TLSSocket): void {
  if (error.code !== 'ERR_SSL_HTTP_REQUEST') return;
  // The TCP socket under the TLS one: Node keeps it as _parent and offers no other way to it.
  const tcp = (tlsSocket as unknown as { _parent?: Socket })._parent;
  if (tcp?.writable) tcp.end(ANSWER);
}
