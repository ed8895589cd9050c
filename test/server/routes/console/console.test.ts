/**
 * The QA console's route at /_mock/: the built page, script and stylesheet, the mock's public
 * URL handed to the page, the admin token asked for as a browser can give it, and no console
 * without the control API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import { consoleRoutes, scriptJson } from '../../../../server/routes/console/index.js';
import { expectGraphError, get } from '../../../support/graph.js';

const ADMIN_TOKEN = 'console-admin-token';
const basic = (password: string) => `Basic ${Buffer.from(`qa:${password}`).toString('base64')}`;
const SETTINGS = /<script type="application\/json" id="console-settings">(.*?)<\/script>/;

t.test('/_mock/ serves the page, its script and its stylesheet, none cached stale', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  const page = await get(app, '/_mock/', { authorization: null });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(page.headers['cache-control'], 'no-cache');
  t.match(page.body, /<title>graph-callrecords-mock · QA console<\/title>/);
  t.same(JSON.parse(SETTINGS.exec(page.body)![1]!), { publicUrl: null });
  for (const [path, type, text] of [
    ['/_mock/console/console.js', 'text/javascript; charset=utf-8', /EventSource/],
    ['/_mock/console/console.css', 'text/css; charset=utf-8', /system-ui/],
  ] as const) {
    const res = await get(app, path, { authorization: null });
    t.equal(res.statusCode, 200, path);
    t.equal(res.headers['content-type'], type);
    t.match(res.body, text, 'the built file');
  }
});

t.test('/_mock without the slash is sent to /_mock/, where its relative links work', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  for (const url of ['/_mock', '/_mock?x=1']) {
    const res = await get(app, url, { authorization: null });
    t.equal(res.statusCode, 308, url);
    t.equal(res.headers.location, '/_mock/');
  }
});

t.test('the page is told the public URL, escaped so it cannot close its script', async (t) => {
  const app = buildApp({ publicUrl: 'https://mock.qa.example/</script>' });
  t.teardown(() => app.close());
  const page = await get(app, '/_mock/', { authorization: null });
  t.notMatch(page.body, 'example/</script>');
  t.same(JSON.parse(SETTINGS.exec(page.body)![1]!), {
    publicUrl: 'https://mock.qa.example/</script>',
  });
  t.equal(scriptJson({ a: '</b>' }), '{"a":"\\u003c/b>"}');
});

t.test('with an admin token the console asks a browser for it as Basic’s password', async (t) => {
  const app = buildApp({ adminToken: ADMIN_TOKEN });
  t.teardown(() => app.close());
  for (const path of ['/_mock/', '/_mock/console/console.js', '/_mock/console/console.css']) {
    for (const authorization of [null, basic('wrong'), `Bearer ${ADMIN_TOKEN}x`]) {
      const res = await get(app, path, { authorization });
      expectGraphError(t, res, 401, 'InvalidAuthenticationToken', /as the password/);
      t.match(res.headers['www-authenticate'], /^Basic realm="graph-callrecords-mock QA console"/);
    }
    t.equal((await get(app, path, { authorization: basic(ADMIN_TOKEN) })).statusCode, 200);
    t.equal((await get(app, path, { authorization: `Bearer ${ADMIN_TOKEN}` })).statusCode, 200);
  }
  const api = await get(app, '/_mock/scenarios', { authorization: basic(ADMIN_TOKEN) });
  t.equal(api.statusCode, 200, 'the page’s own calls carry the same Basic credentials');
});

t.test('with --control off there is no console either: /_mock is any unknown path', async (t) => {
  const app = buildApp({ control: false });
  t.teardown(() => app.close());
  for (const path of ['/_mock', '/_mock/', '/_mock/console/console.js']) {
    const res = await get(app, path, { authorization: null });
    expectGraphError(t, res, 400, 'BadRequest', 'Invalid version: _mock');
  }
});

t.test('a build without the console fails at start-up with what to do', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'no-console-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  const app = Fastify();
  app.register(consoleRoutes, {
    adminToken: undefined,
    publicUrl: undefined,
    assets: pathToFileURL(`${empty}/`),
  });
  await t.rejects(async () => app.ready(), {
    message: `The QA console's index.html is missing from ${empty}/; run npm run build, or start with --control off.`,
  });
});
