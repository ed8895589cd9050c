/**
 * The CLI's --scenarios / MOCK_SCENARIOS, in-process: a bad file stops start-up with exit 2 and a
 * line per problem, each naming the file; good ones are served and chosen by --scenario.
 */
import t from 'tap';
import { PREFIX, runInProcess, STACK_FRAME, serveInProcess } from '../support/cli.js';

const ACME = { name: 'acme', extends: 'default', seed: 77, tenant: { userCount: 20 } };

t.test('a bad file exits 2 with one line per problem and no stack trace', async (t) => {
  const dir = t.testdir({
    'acme.json': JSON.stringify({ ...ACME, tenant: { usrCount: 5, userCount: 'many' } }),
    'beta.json': JSON.stringify({ name: 'beta', extends: 'nope' }),
  });
  const exit = await runInProcess(['--scenarios', dir]).exited;
  t.equal(exit.code, 2);
  t.equal(exit.stdout, '');
  t.same(exit.stderr.split('\n'), [
    `${PREFIX}${dir}/acme.json: /tenant/usrCount is not a scenario member; did you mean userCount?`,
    `${PREFIX}${dir}/acme.json: /tenant/userCount must be a whole number from 1 to 100000, got "many"`,
    `${PREFIX}${dir}/beta.json: /extends "nope" is not a scenario; expected one of default, empty, single-page, large, international, contact-center, direct-routing, edge-cases, throttled, flaky, slow`,
    '',
  ]);
  t.notMatch(exit.stderr, STACK_FRAME);
});

t.test('a missing file and an empty entry in the list', async (t) => {
  const missing = await runInProcess([], { MOCK_SCENARIOS: '/nonexistent/acme.json' }).exited;
  t.equal(missing.code, 2);
  t.equal(missing.stderr, `${PREFIX}/nonexistent/acme.json: no such file or directory\n`);
  const empty = await runInProcess(['--scenarios', 'a.json,,b.json']).exited;
  t.equal(empty.code, 2);
  t.equal(
    empty.stderr,
    `${PREFIX}invalid --scenarios / MOCK_SCENARIOS "a.json,,b.json": expected paths of scenario files or directories, separated by commas\n`,
  );
});

t.test('--scenario may name a loaded scenario, and must name a known one', async (t) => {
  const dir = t.testdir({ 'acme.json': JSON.stringify(ACME) });
  const unknown = await runInProcess(['--scenario', 'acme']).exited;
  t.equal(unknown.code, 2, 'without the file, acme is unknown');
  t.match(unknown.stderr, 'invalid --scenario / MOCK_SCENARIO "acme": expected one of default,');

  const server = await serveInProcess(['--scenario', 'acme'], {
    MOCK_SCENARIOS: `${dir}/acme.json`,
  });
  const listed = (await (await fetch(`${server.url}/_mock/scenarios`)).json()) as {
    default: unknown;
  };
  t.same(listed.default, { scenario: 'acme', seed: 77 });
  const res = await fetch(
    `${server.url}/beta/communications/callRecords/getPstnCalls(fromDateTime=2024-06-03,toDateTime=2024-06-04)`,
    { headers: { authorization: 'Bearer any' } },
  );
  t.equal(res.status, 200);
  await res.arrayBuffer();
  server.signal('SIGTERM');
  const exit = await server.exited;
  t.equal(exit.code, 0);
  t.match(exit.stdout, '(scenario acme, seed 77)');
});
