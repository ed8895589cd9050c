/**
 * Scenario files through the built bin, as a user or a container runs it: a directory of JSON
 * and YAML files by --scenarios and by MOCK_SCENARIOS (the container's mounted directory), its
 * listed user and pinned call served; a bad file stops start-up with exit 2, a line a problem.
 */
import t, { type Test } from 'tap';
import { assertUsageError, run, startServer } from '../support/cli.js';

const ADA = '6f1e3c2a-2b7d-4e3f-9a1b-0c2d3e4f5a6b';
const CALL = 'c0ffee00-1234-4abc-8def-0123456789ab';
const ACME = {
  name: 'acme',
  extends: 'default',
  description: 'Default with Ada and her expensive call to Germany.',
  tenant: { users: [{ id: ADA, displayName: 'Ada Lovelace' }] },
  pinned: {
    getPstnCalls: [
      {
        id: CALL,
        startDateTime: '2024-06-12T09:30:00Z',
        callType: 'user_out',
        userId: ADA,
        calleeNumber: '+4930555012345',
        duration: 3600,
        charge: 42.1,
      },
    ],
  },
};
const TINY_YAML = 'name: acme-tiny\nextends: acme\ntenant:\n  userCount: 3\n';

const page = async (t: Test, url: string, scenario: string) => {
  const response = await fetch(
    `${url}/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2024-06-12,toDateTime=2024-06-13)`,
    { headers: { authorization: 'Bearer e2e', 'x-mock-scenario': scenario } },
  );
  t.equal(response.status, 200, `${scenario}: 200`);
  return (await response.json()) as { value: Record<string, unknown>[] };
};

for (const [how, args, env] of [
  ['--scenarios', (dir: string) => ['--scenarios', dir], () => ({})],
  ['MOCK_SCENARIOS', () => [], (dir: string) => ({ MOCK_SCENARIOS: dir })],
] as const) {
  t.test(`a directory by ${how}: its JSON and YAML scenarios are served`, async (t) => {
    const dir = t.testdir({ 'acme.json': JSON.stringify(ACME), 'tiny.yaml': TINY_YAML });
    const server = await startServer(args(dir), env(dir));
    t.teardown(() => server.child.kill('SIGTERM'));
    for (const scenario of ['acme', 'acme-tiny']) {
      const call = (await page(t, server.url, scenario)).value.find((row) => row.id === CALL);
      t.match(
        call,
        {
          userId: ADA,
          userDisplayName: 'Ada Lovelace',
          calleeNumber: '+4930555012345',
          charge: 42.1,
        },
        `${scenario}: the pinned call, of the listed user`,
      );
    }
  });
}

t.test('a bad file exits 2 with a line per problem', async (t) => {
  const dir = t.testdir({
    'bad.json': JSON.stringify({ ...ACME, tenant: { users: [{ id: 'ada' }] } }),
  });
  const exit = await run(['--scenarios', dir]);
  assertUsageError(
    t,
    'a bad scenario file',
    exit,
    `${dir}/bad.json: /tenant/users/0/id must be a GUID`,
  );
});
