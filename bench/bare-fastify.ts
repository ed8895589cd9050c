/**
 * A bare fastify app (no plugins), started as the mock is (listen on a free port, print it): the
 * start-up benchmark's reference, with one JSON route, and the page benchmark's, which also has
 * it send a prebuilt page read from BENCH_BUFFER_FILE at `/_bench/buffer` — so the ratios show
 * what the mock adds to fastify's own.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const app = Fastify();
app.get('/', async () => ({ value: [] }));
const bufferFile = process.env.BENCH_BUFFER_FILE;
if (bufferFile !== undefined) {
  const prebuilt = readFileSync(bufferFile);
  app.get('/_bench/buffer', (_request, reply) => {
    reply.type(CONTENT_TYPE).send(prebuilt);
  });
}
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `listening on http://127.0.0.1:${(app.server.address() as { port: number }).port}\n`,
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
