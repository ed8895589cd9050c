import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Every TCP connection of a server and how many requests are in flight on it, counted from the
 * moment the connection opens — before a TLS handshake or a request line — because Node's own
 * closeIdleConnections and closeAllConnections only know connections that carried a request,
 * and a connection still in its TLS handshake, or one that never sends a byte, would hold
 * server.close() open.
 */
class OpenConnections {
  private readonly sockets = new Set<Socket>();
  private inFlight = 0;
  private endWhenIdle = false;

  constructor(server: Server) {
    // 'connection' is the raw TCP socket for HTTP and HTTPS alike.
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (_request, response) => {
      this.inFlight++;
      response.once('close', () => {
        this.inFlight--;
        if (this.endWhenIdle && this.inFlight === 0) this.endAll();
      });
    });
  }

  /** Ends every connection once no request is in flight: now, if none is. */
  endOnceIdle(): void {
    this.endWhenIdle = true;
    if (this.inFlight === 0) this.endAll();
  }

  /** Ends every connection, with what was already written sent first. */
  endAll(): void {
    for (const socket of this.sockets) socket.destroySoon();
  }

  /** Cuts every connection at once, requests in flight included. */
  cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

const tracked = new WeakMap<Server, OpenConnections>();

/** Starts counting `server`'s connections; call before it listens. */
export function trackConnections(server: Server): void {
  tracked.set(server, new OpenConnections(server));
}

/** The connections of a server made by createHttpServer, which tracks every one it makes. */
export function openConnections(server: Server): OpenConnections {
  return tracked.get(server)!;
}
