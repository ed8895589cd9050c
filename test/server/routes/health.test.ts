import t from 'tap';
import { buildApp } from '../../../server/app.js';
import { expectGraphHeaders, get } from '../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

t.test('/healthz answers 200 without a token, with Graph’s headers', async (t) => {
  const res = await get(app, '/healthz', { authorization: null });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok' });
  expectGraphHeaders(t, res);
});

t.test('/healthz ignores a token it does not need', async (t) => {
  const res = await get(app, '/healthz', { authorization: 'Basic not-a-bearer' });
  t.equal(res.statusCode, 200);
});
