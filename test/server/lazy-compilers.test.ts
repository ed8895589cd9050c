import Fastify from 'fastify';
import t from 'tap';
import { lazySerializers, validatorsOnDemand } from '../../server/lazy-compilers.js';

const lazyApp = () =>
  Fastify({
    schemaController: {
      compilersFactory: {
        buildSerializer: lazySerializers(),
        buildValidator: validatorsOnDemand(),
      },
    },
  });

/** fast-json-stringify cannot build this: its $ref points nowhere. */
const UNBUILDABLE = { type: 'object', properties: { a: { $ref: 'nowhere#' } } } as const;

t.test('a response schema no route has sent yet is not compiled at ready', async (t) => {
  const eager = Fastify();
  eager.get('/never', { schema: { response: { 200: UNBUILDABLE } } }, async () => ({}));
  await t.rejects(
    async () => eager.ready(),
    { code: 'FST_ERR_SCH_SERIALIZATION_BUILD' },
    'eager: at ready',
  );

  const lazy = lazyApp();
  lazy.get('/never', { schema: { response: { 200: UNBUILDABLE } } }, async () => ({}));
  await t.resolves(async () => lazy.ready(), 'lazy: ready, since nothing has used it');
  t.teardown(() => lazy.close());
});

t.test('a response serializes as fastify’s own serializer writes it', async (t) => {
  const schema = {
    response: {
      200: {
        type: 'object',
        properties: { kept: { type: 'string' }, count: { type: 'integer' } },
        required: ['kept'],
      },
      '4xx': { type: 'object', properties: { error: { type: 'string' } } },
    },
  };
  const handler = async (request: { query: unknown }) => {
    if ((request.query as { fail?: string }).fail)
      throw Object.assign(new Error('no'), { statusCode: 404 });
    return { count: 2.7, kept: 'yes', dropped: true };
  };
  // Two lazy apps: the second finds fastify's factory already loaded.
  const apps = [Fastify(), lazyApp(), lazyApp()];
  for (const app of apps) {
    app.get('/', { schema }, handler);
    app.setErrorHandler(async (error, _request, reply) =>
      reply.code(404).send({ error: (error as Error).message, dropped: true }),
    );
    t.teardown(() => app.close());
  }
  for (const url of ['/', '/?fail=1', '/']) {
    const [eager, ...lazy] = await Promise.all(apps.map((app) => app.inject(url)));
    for (const response of lazy) {
      t.equal(response.statusCode, eager!.statusCode, `${url}: status`);
      t.equal(response.body, eager!.body, `${url}: ${eager!.body}`);
    }
  }
});

t.test('a route that validates by schema validates as with fastify’s own ajv', async (t) => {
  const schema = {
    querystring: {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 1 } },
      required: ['n'],
    },
  };
  const apps = [Fastify(), lazyApp()];
  for (const app of apps) {
    app.get('/', { schema }, async (request) => ({ n: (request.query as { n: number }).n }));
    t.teardown(() => app.close());
  }
  for (const url of ['/?n=3', '/?n=0', '/', '/?n=x']) {
    const [eager, lazy] = await Promise.all(apps.map((app) => app.inject(url)));
    t.equal(lazy!.statusCode, eager!.statusCode, `${url}: status`);
    t.equal(lazy!.body, eager!.body, `${url}: ${eager!.body}`);
  }
});
