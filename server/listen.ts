/**
 * Listening on a name at every address it resolves to. fastify does this for `localhost` only
 * when it makes the server itself; with a serverFactory (ours, http-server.ts) it listens on the
 * first address alone, so a client that resolves localhost to ::1 would be refused.
 */
import { lookup } from 'node:dns/promises';
import { once } from 'node:events';
import { type AddressInfo, createServer, isIP, type Server } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Every address a name resolves to, as dns.lookup gives them (/etc/hosts first). */
export type LookupAll = (host: string) => Promise<readonly { readonly address: string }[]>;

const lookupAll: LookupAll = (host) => lookup(host, { all: true });

/** The machine has no such address (no IPv6 on the loopback, say): nothing to listen on there. */
const ABSENT_ADDRESS = new Set<string | undefined>(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/**
 * Listens on `host` and `port` and, when `host` is a name, on the same port at every other
 * address it resolves to; resolves with the addresses listened on, the app's own first. An
 * address this machine lacks is skipped; any other failure (the port taken on ::1, say) rejects,
 * with the app closed, as a failure on the first address does. Every connection is handed to the
 * app's own server, so limits, connection tracking and draining hold on every address alike.
 */
export async function listenOnEveryAddress(
  app: FastifyInstance,
  host: string,
  port: number,
  resolve: LookupAll = lookupAll,
): Promise<string[]> {
  const extra: Server[] = [];
  // Before listen: fastify takes no hooks once it is ready. New connections stop with the app's.
  app.addHook('preClose', async () => {
    for (const listener of extra) listener.close();
  });
  await app.listen({ host, port });
  const first = app.server.address() as AddressInfo;
  const addresses = [first.address];
  if (isIP(host) !== 0) return addresses;

  for (const { address } of await resolve(host)) {
    if (addresses.includes(address)) continue;
    const listener = createServer((socket) => app.server.emit('connection', socket));
    listener.maxConnections = app.server.maxConnections;
    try {
      listener.listen(first.port, address);
      await once(listener, 'listening');
    } catch (error) {
      if (ABSENT_ADDRESS.has((error as NodeJS.ErrnoException).code)) continue;
      await app.close();
      throw error;
    }
    extra.push(listener);
    addresses.push(address);
  }
  return addresses;
}
