/**
 * Each network fault as three real clients see it — Node's fetch (undici), the Graph JS SDK v3
 * and the Kiota beta SDK, each in its own process — and a walk that retries every error
 * finishing with every row of the window exactly once. The Graph JS SDK sends its token over
 * HTTPS only, so it meets the mock over TLS, where a reset is a plain close (Node keeps the TCP
 * handle under TLS to itself); fetch and Kiota meet it over HTTP too, where it is a TCP reset.
 */
import t from 'tap';
import { type MockGraph, startMockGraph } from '../../server/fixture.js';
import { childEnv, runProcess } from '../support/cli.js';
import { projectPath } from '../support/project-root.js';

type ClientName = 'fetch' | 'graph' | 'kiota';

interface SeenError {
  readonly type: string;
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly cause?: string;
  readonly causeMessage?: string;
}

const https = await startMockGraph({ tls: { dir: t.testdir() } });
const http = await startMockGraph();
t.teardown(() => Promise.all([https.close(), http.close()]));

async function runClient(
  client: ClientName,
  mock: MockGraph,
  mode: 'page' | 'walk',
  arg: string,
): Promise<unknown> {
  const script = projectPath('test/e2e/clients', 'network-faults.mjs');
  const env: Record<string, string> =
    mock.caPath === undefined ? {} : { NODE_EXTRA_CA_CERTS: mock.caPath };
  const run = await runProcess(process.execPath, [script, client, mock.url, mode, arg], {
    env: childEnv(env),
  });
  if (run.code !== 0) throw new Error(`${client} ${mode} ${arg} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

type PageResult = { readonly rows?: number; readonly error?: SeenError };

/** Each fault in turn on the first page of a day, by one client in one process. */
const pageResults = async (client: ClientName, mock: MockGraph, faults: readonly string[]) =>
  (await runClient(client, mock, 'page', faults.join(','))) as Record<string, PageResult>;

/** What undici throws when the body breaks off: the response came, its body did not. */
const terminated = (cause: string, causeMessage: string) => ({
  type: 'TypeError',
  message: 'terminated',
  cause,
  causeMessage,
});
const CLOSED = terminated('UND_ERR_SOCKET', 'other side closed');
const RESET = terminated('ECONNRESET', 'read ECONNRESET');
const NO_RESPONSE = {
  type: 'TypeError',
  message: 'fetch failed',
  cause: 'UND_ERR_SOCKET',
  causeMessage: 'other side closed',
};
const BAD_JSON = { type: 'SyntaxError', message: /^Unterminated string in JSON at position \d+$/ };
/** The Graph JS SDK wraps what fetch threw in a GraphError: code its class, statusCode the response's. */
const graphError = (message: string | RegExp, code: string, statusCode: number) => ({
  type: 'GraphError',
  message,
  code,
  statusCode,
});

// fault → what each client sees over HTTPS (and, for fetch and Kiota, over HTTP where it differs).
const EXPECTED: Record<string, { https: Record<ClientName, object>; http: object }> = {
  'connection-reset=4096': {
    https: { fetch: CLOSED, kiota: CLOSED, graph: graphError('terminated', 'TypeError', 200) },
    http: RESET,
  },
  'truncated-body=4096': {
    https: { fetch: CLOSED, kiota: CLOSED, graph: graphError('terminated', 'TypeError', 200) },
    http: CLOSED,
  },
  'stall=300': {
    https: { fetch: CLOSED, kiota: CLOSED, graph: graphError('terminated', 'TypeError', 200) },
    http: CLOSED,
  },
  'empty-response': {
    https: {
      fetch: NO_RESPONSE,
      kiota: NO_RESPONSE,
      graph: graphError('fetch failed', 'TypeError', -1),
    },
    http: NO_RESPONSE,
  },
  'malformed-body': {
    https: {
      fetch: BAD_JSON,
      kiota: BAD_JSON,
      graph: graphError(BAD_JSON.message, 'SyntaxError', 200),
    },
    http: BAD_JSON,
  },
};

t.test('each fault: the error each client sees, over HTTPS and HTTP', async (t) => {
  const faults = [...Object.keys(EXPECTED), 'dribble=20000'];
  for (const client of ['fetch', 'graph', 'kiota'] as const) {
    const results = await pageResults(client, https, faults);
    for (const [fault, expected] of Object.entries(EXPECTED)) {
      t.match(results[fault]?.error, expected.https[client], `${fault}: ${client}, HTTPS`);
    }
    t.ok((results['dribble=20000']?.rows ?? 0) > 0, `dribble: ${client} reads the whole page`);
  }
  for (const client of ['fetch', 'kiota'] as const) {
    const results = await pageResults(client, http, faults);
    for (const [fault, expected] of Object.entries(EXPECTED)) {
      t.match(results[fault]?.error, expected.http, `${fault}: ${client}, HTTP`);
    }
  }
});

/** The walk's $top (test/e2e/clients/network-faults.mjs). */
const PAGE_SIZE = 500;
/** Every network fault once, on pages of their own: June at 500 rows a page has 6 or 7. */
const BROKEN = {
  extends: 'default',
  faults: [
    { kind: 'connectionReset', afterBytes: 4096, pages: [1], failures: 2 },
    { kind: 'truncatedBody', afterBytes: 100000, pages: [2], failures: 1 },
    { kind: 'malformedBody', pages: [3], failures: 1 },
    { kind: 'stall', ms: 200, pages: [4], failures: 1 },
    { kind: 'dribble', bytesPerSecond: 2000000, pages: [5], failures: 1 },
    { kind: 'emptyResponse', pages: [6], failures: 1 },
  ],
} as const;
const JUNE = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' };

for (const [client, mock] of [
  ['fetch', http],
  ['kiota', http],
  ['graph', https],
] as const) {
  t.test(`${client}: a walk that retries every error gets every row exactly once`, async (t) => {
    const broken = mock.useScenario(BROKEN);
    t.teardown(() => broken.remove());
    mock.reset();
    const truth = await broken.summary(JUNE);
    const pages = Math.ceil(truth.rows / PAGE_SIZE);
    t.ok(pages >= 6, `${truth.rows} rows on ${pages} pages of ${PAGE_SIZE}`);
    const { ids, errors } = (await runClient(client, mock, 'walk', broken.name)) as {
      ids: string[];
      errors: (SeenError & { page: number })[];
    };
    t.equal(ids.length, truth.rows, 'as many rows as the summary counts');
    t.equal(new Set(ids).size, ids.length, 'none twice');
    t.same(
      errors.map((error) => error.page),
      [1, 1, 2, 3, 4, 6],
      'page 1 failed twice, pages 2, 3, 4 and 6 once; the dribble only slowed page 5',
    );
    const faults = mock
      .requests()
      .map((request) => request.fault)
      .filter((fault) => fault !== null);
    t.same(faults, [
      'connection-reset=4096 (/faults/0)',
      'connection-reset=4096 (/faults/0)',
      'truncated-body=100000 (/faults/1)',
      'malformed-body (/faults/2)',
      'stall=200 (/faults/3)',
      'dribble=2000000 (/faults/4)',
      'empty-response (/faults/5)',
    ]);
  });
}
