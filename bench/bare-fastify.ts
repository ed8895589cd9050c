/**
 * The start-up benchmark's reference: a bare fastify app with one JSON route, started as the mock
 * is (listen on a free port, print it), so the ratio shows what the mock adds to fastify's own.
 */
import Fastify from 'fastify';

const app = Fastify();
app.get('/', async () => ({ value: [] }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `listening on http://127.0.0.1:${(app.server.address() as { port: number }).port}\n`,
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
