import t from 'tap';
import { buildApp } from '../../server/app.js';
import { childEnv, runProcess } from '../support/cli.js';
import { projectPath } from '../support/project-root.js';

const HEALTHCHECK = projectPath('dist/server/bin/healthcheck.js');

const check = (env: Record<string, string>) =>
  runProcess(process.execPath, [HEALTHCHECK], { env: childEnv(env) });

t.test('the mock answering /healthz is healthy: exit 0, nothing said', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = String((app.server.address() as { port: number }).port);
  const exit = await check({ HOST: '127.0.0.1', PORT: port });
  t.same(
    { code: exit.code, stdout: exit.stdout, stderr: exit.stderr },
    { code: 0, stdout: '', stderr: '' },
  );
});

t.test('a bad PORT is unhealthy: exit 1 and one line on stderr', async (t) => {
  const exit = await check({ PORT: 'http' });
  t.equal(exit.code, 1);
  t.equal(
    exit.stderr,
    'graph-callrecords-mock healthcheck: invalid --port / PORT "http": expected an integer from 0 to 65535\n',
  );
});
