/**
 * The Graph JS SDK v3 (@microsoft/microsoft-graph-client) as its users write it, walking
 * getPstnCalls with PageIterator. Only the base URL and custom host differ from a real Graph
 * client; trust comes from NODE_EXTRA_CA_CERTS. Prints {"ids":[…],"complete":true}.
 *
 *   node graph-client-v3.mjs <origin> <fromDateTime> <toDateTime>
 */
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';

const [origin, from, to] = process.argv.slice(2);

const client = Client.init({
  baseUrl: origin, // e.g. https://localhost:3000: no version, no trailing slash
  defaultVersion: 'beta',
  // Tokens go only to Graph's hosts and these; a host name, no scheme or port.
  customHosts: new Set([new URL(origin).hostname]),
  authProvider: (done) => done(null, 'any-token'),
});

const ids = [];
const first = await client
  .api(`/communications/callRecords/getPstnCalls(fromDateTime=${from},toDateTime=${to})`)
  .get();
const iterator = new PageIterator(client, first, (row) => {
  ids.push(row.id);
  return true;
});
await iterator.iterate();
console.log(JSON.stringify({ ids, complete: iterator.isComplete() }));
