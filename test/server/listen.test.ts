/**
 * listenOnEveryAddress: a name is listened on at every address it resolves to, through the app's
 * own server; addresses the machine lacks are skipped, a taken port on any of them is an error.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { type LookupAll, listenOnEveryAddress } from '../../server/listen.js';
import { canListenOn } from '../support/cli.js';
import { exchange } from '../support/raw-http.js';

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address }));

async function healthOn(host: string, port: number): Promise<number> {
  const response = await fetch(`http://${host}:${port}/healthz`);
  await response.arrayBuffer();
  return response.status;
}

const ipv6 = { skip: (await canListenOn('::1')) ? false : 'this machine has no IPv6 loopback' };

t.test('a name that resolves to 127.0.0.1 and ::1 is served on both', ipv6, async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const addresses = await listenOnEveryAddress(app, 'localhost', 0, resolvesTo('127.0.0.1', '::1'));
  t.same(addresses, ['127.0.0.1', '::1']);
  const { port } = app.server.address() as { port: number };
  t.equal(await healthOn('127.0.0.1', port), 200);
  t.equal(await healthOn('[::1]', port), 200, 'the same port on ::1');
});

t.test('connections on the second address are the app server’s own', ipv6, async (t) => {
  const app = buildApp({ limits: { keepAliveTimeoutMs: 60_000 } });
  await listenOnEveryAddress(app, 'localhost', 0, resolvesTo('127.0.0.1', '::1'));
  const { port } = app.server.address() as { port: number };
  const response = await fetch(`http://[::1]:${port}/healthz`);
  await response.arrayBuffer();
  // close() ends the idle keep-alive connection on ::1 as it would one on 127.0.0.1.
  const started = Date.now();
  await app.close();
  t.ok(Date.now() - started < 5000, 'close() did not wait for the keep-alive timeout');
  await t.rejects(healthOn('[::1]', port), 'and ::1 takes no new connections');
});

t.test('an address the machine does not have is skipped', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local address.
  const addresses = await listenOnEveryAddress(
    app,
    'localhost',
    0,
    resolvesTo('127.0.0.1', '192.0.2.1'),
  );
  t.same(addresses, ['127.0.0.1']);
});

t.test('an address given as an IP is listened on alone, without a lookup', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const lookup: LookupAll = async () => {
    throw new Error('looked up');
  };
  t.same(await listenOnEveryAddress(app, '127.0.0.1', 0, lookup), ['127.0.0.1']);
});

t.test('the port taken on another address rejects, and the app is closed', async (t) => {
  const blocker = createServer();
  blocker.listen(0, '127.0.0.2');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const { port } = blocker.address() as { port: number };
  const app = buildApp();
  await t.rejects(
    listenOnEveryAddress(app, 'localhost', port, resolvesTo('127.0.0.1', '127.0.0.2')),
    { code: 'EADDRINUSE', address: '127.0.0.2' },
  );
  t.equal(await exchange(port, '').catch(() => 'refused'), 'refused', '127.0.0.1 was let go too');
});
