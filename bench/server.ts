/**
 * The benchmark's server process: the mock serving the `large` scenario, plus two reference
 * routes on the same fastify instance — the naive way (JSON.stringify of prebuilt row objects)
 * and the ceiling (sending a prebuilt buffer of the same size). Writes that buffer to
 * BENCH_BUFFER_FILE when set (for the bare fastify reference), prints its port, then serves.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { largeScenario } from '../scenarios/catalog.js';
import { pageOf, planPage, universeFor } from '../scenarios/universe.js';
import { buildApp } from '../server/app.js';
import { ByteWriter } from '../server/rendering/byte-writer.js';
import { renderPage, rowObject } from '../server/rendering/page-renderer.js';
import { BENCH_WINDOW } from './window.js';

const CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const app = buildApp({ scenario: largeScenario.name, logLevel: 'warn' });
const universe = universeFor(largeScenario, largeScenario.seed);
const page = pageOf(universe, BENCH_WINDOW, 500_000, 1000);
const context =
  'http://127.0.0.1/beta/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)';
const nextLink =
  'http://127.0.0.1/beta/communications/callRecords/getPstnCalls(from=2024-03-01,to=2024-05-30)?$skip=501000';
const envelope = {
  '@odata.context': context,
  '@odata.count': page.rows.length,
  '@odata.nextLink': nextLink,
  value: page.rows.map((row) => rowObject('getPstnCalls', 'beta', row)),
};
const prebuilt = Buffer.from(
  renderPage(
    {
      fn: 'getPstnCalls',
      version: 'beta',
      context,
      nextLink,
      ...planPage(universe, BENCH_WINDOW, 500_000, 1000),
    },
    new ByteWriter(),
  ),
);

if (process.env.BENCH_BUFFER_FILE !== undefined) {
  writeFileSync(process.env.BENCH_BUFFER_FILE, prebuilt);
}

app.get('/_bench/stringify', (_request, reply) => {
  reply.type(CONTENT_TYPE).send(JSON.stringify(envelope));
});
app.get('/_bench/buffer', (_request, reply) => {
  reply.type(CONTENT_TYPE).send(prebuilt);
});

await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${(app.server.address() as AddressInfo).port} ${prebuilt.length}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
