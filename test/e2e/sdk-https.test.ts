import t from 'tap';
import { startMockGraph } from '../../server/fixture.js';
import { childEnv, type Exit, runProcess } from '../support/cli.js';
import { projectPath } from '../support/project-root.js';

const JUNE = { fromDateTime: '2024-06-01', toDateTime: '2024-07-01' } as const;

/** `clients/<name>.mjs <origin> <from> <to>` in a child process with `env` added. */
function runClient(name: string, origin: string, env: Record<string, string>): Promise<Exit> {
  const script = projectPath('test/e2e/clients', `${name}.mjs`);
  const args = [script, origin, JUNE.fromDateTime, JUNE.toDateTime];
  return runProcess(process.execPath, args, { env: childEnv(env) });
}

const mock = await startMockGraph({ tls: { dir: t.testdir() } });
t.teardown(() => mock.close());
const trusting = { NODE_EXTRA_CA_CERTS: mock.caPath! };
const truth = await mock.summary(JUNE);

t.test('the month to walk spans several pages', async (t) => {
  t.ok(truth.pages >= 3, `${truth.rows} rows on ${truth.pages} pages`);
});

const walked: Record<string, string[]> = {};

t.test('Graph JS SDK v3: PageIterator walks every page over HTTPS, each row once', async (t) => {
  mock.reset();
  const run = await runClient('graph-client-v3', mock.url, trusting);
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stderr, '');
  const { ids, complete } = JSON.parse(run.stdout) as { ids: string[]; complete: boolean };
  t.equal(complete, true, 'the iterator reports complete');
  t.equal(ids.length, truth.rows, 'as many rows as the window holds');
  t.equal(new Set(ids).size, ids.length, 'no row twice');
  walked.v3 = ids;

  const requests = mock.requests();
  t.equal(requests.length, truth.pages, 'one request per page');
  t.ok(
    requests.every((request) => request.status === 200),
    'every page answered 200',
  );
  t.ok(
    requests.every((request) => request.headers.authorization === 'Bearer any-…'),
    'every request, nextLinks included, carried the token',
  );
  t.match(requests[0]?.url, /^\/beta\/communications\/callRecords\/getPstnCalls\(fromDateTime=/);
  t.same(
    requests.slice(1).map((request) => new URL(request.url, mock.url).searchParams.get('$skip')),
    Array.from({ length: truth.pages - 1 }, (_, n) => String((n + 1) * 1000)),
    'then each nextLink, in order',
  );
});

t.test('Kiota: PageIterator walks every page over HTTPS, each row once', async (t) => {
  mock.reset();
  const run = await runClient('kiota', mock.url, trusting);
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stderr, '');
  const { ids, state } = JSON.parse(run.stdout) as { ids: string[]; state: string };
  t.equal(state, 'Complete', 'the iterator reports Complete');
  t.equal(ids.length, truth.rows, 'as many rows as the window holds');
  t.equal(new Set(ids).size, ids.length, 'no row twice');
  walked.kiota = ids;

  const requests = mock.requests();
  t.equal(requests.length, truth.pages, 'one request per page');
  t.ok(
    requests.every((request) => request.status === 200),
    'every page answered 200',
  );
  t.ok(
    requests.every((request) => request.headers.authorization === 'Bearer any-…'),
    'every request, nextLinks included, carried the token',
  );
  t.match(
    requests[0]?.url,
    /^\/beta\/communications\/callRecords\/microsoft\.graph\.callRecords\.getPstnCalls\(/,
    'the first request is the SDK’s own URL form',
  );
});

t.test('both SDKs saw the same rows in the same order', async (t) => {
  t.ok(walked.v3 && walked.kiota, 'both walks ran');
  t.same(walked.kiota, walked.v3);
});

t.test('without the CA, the same client refuses the mock’s certificate', async (t) => {
  const run = await runClient('graph-client-v3', mock.url, {});
  t.not(run.code, 0);
  t.match(run.stderr, /fetch failed/);
});
