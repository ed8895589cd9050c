import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type LightMyRequestResponse,
} from 'fastify';
import t from 'tap';
import {
  CALL_RECORDS_ROLE,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  issueToken,
  LEGACY_PSTN_CALLS_ROLE,
  type TokenOptions,
  unverifiedCaller,
} from '../../../server/auth/tokens.js';
import { bearerAuth, bearerToken } from '../../../server/plugins/bearer-auth.js';
import { graphErrors } from '../../../server/plugins/graph-errors.js';
import { buildAuthApp, OPEN_PATH, PROBE_PATH } from '../../support/auth.js';
import { type Assertions, expectGraphError, get } from '../../support/graph.js';

const withAuthorization = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as FastifyRequest;

t.test('the token is whatever follows the Bearer scheme, in any case', async (t) => {
  const cases: Record<string, string> = {
    'Bearer abc': 'abc',
    'bearer abc': 'abc',
    'BEARER abc': 'abc',
    'Bearer\tabc': 'abc',
    '  Bearer   abc  ': 'abc',
    'Bearer a b': 'a b',
    'Bearer eyJ0eXAi.eyJhdWQi.sig': 'eyJ0eXAi.eyJhdWQi.sig',
  };
  for (const [header, token] of Object.entries(cases)) {
    t.equal(bearerToken(withAuthorization(header)), token, JSON.stringify(header));
  }
});

t.test('no header, another scheme or an empty token is no token', async (t) => {
  t.equal(bearerToken(withAuthorization()), undefined, 'no header');
  for (const header of [
    '',
    'Bearer',
    'Bearer ',
    'Bearer \t ',
    'Bearerabc',
    'Basic abc',
    'abc',
    'Token Bearer abc',
  ]) {
    t.equal(bearerToken(withAuthorization(header)), undefined, JSON.stringify(header));
  }
});

/**
 * Strict auth, case by case as the reference (§4) lists them, through a small app with Graph's
 * errors, its headers, the token routes and one route behind bearer-auth.
 */
const SECRET = 'bearer-auth-test';
const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const strict = buildAuthApp({ mode: 'strict', secret: SECRET });
t.teardown(() => strict.close());

function probe(app: FastifyInstance, authorization: string | null) {
  return get(app, PROBE_PATH, { authorization });
}

function bearer(options: TokenOptions = {}): Promise<string> {
  return issueToken({ secret: SECRET, clientId: CLIENT, tenantId: TENANT, ...options }).then(
    (token) => `Bearer ${token}`,
  );
}

function expectChallenge(t: Assertions, res: LightMyRequestResponse) {
  t.match(
    res.headers['www-authenticate'],
    /^Bearer realm="", authorization_uri="https:\/\/login\.microsoftonline\.com\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000"$/,
  );
}

t.test('strict: a good app token passes and names its caller', async (t) => {
  const res = await probe(strict, await bearer());
  t.equal(res.statusCode, 200);
  t.same(res.json(), { caller: { appId: CLIENT, tenantId: TENANT } });
});

t.test('strict: no token or an empty one is 401 Access token is empty.', async (t) => {
  for (const authorization of [null, 'Bearer', 'Bearer  ', 'Basic abc']) {
    const res = await probe(strict, authorization);
    expectGraphError(t, res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    expectChallenge(t, res);
  }
});

t.test('strict: a token that is not a JWT is 401 CompactToken parsing failed', async (t) => {
  for (const token of ['anything', 'eyJ0eXAiOiJKV1QifQ.mock.token', 'a.b.c.d.e']) {
    const res = await probe(strict, `Bearer ${token}`);
    expectGraphError(
      t,
      res,
      401,
      'InvalidAuthenticationToken',
      'CompactToken parsing failed with error code: 80049217',
    );
    expectChallenge(t, res);
  }
});

t.test('strict: an invalid JWT is 401 Access token validation failure.', async (t) => {
  const cases: [string, string][] = [
    ['expired', await bearer({ expired: true })],
    ['not yet valid', await bearer({ notYetValid: true })],
    ['for another audience', await bearer({ audience: 'api://other' })],
    ['signed with another secret', await bearer({ secret: 'someone-else' })],
    ['signed with the default secret', await bearer({ secret: undefined })],
  ];
  for (const [name, authorization] of cases) {
    await t.test(name, async (t) => {
      const res = await probe(strict, authorization);
      expectGraphError(
        t,
        res,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure.',
      );
      expectChallenge(t, res);
    });
  }
});

t.test('strict: both of Graph’s audiences pass', async (t) => {
  for (const audience of [GRAPH_RESOURCE, GRAPH_APP_ID]) {
    t.equal((await probe(strict, await bearer({ audience }))).statusCode, 200, audience);
  }
});

t.test('strict: the legacy CallRecord-PstnCalls.Read.All role passes', async (t) => {
  const res = await probe(strict, await bearer({ roles: [LEGACY_PSTN_CALLS_ROLE] }));
  t.equal(res.statusCode, 200);
});

t.test(
  'strict: a token without the role, or a delegated one, is 403 Forbidden with no message',
  async (t) => {
    const cases: [string, string][] = [
      ['no roles', await bearer({ roles: [] })],
      ['another role', await bearer({ roles: ['User.Read.All'] })],
      ['delegated', await bearer({ delegated: true })],
      ['delegated for call records', await bearer({ delegated: true, scope: CALL_RECORDS_ROLE })],
    ];
    for (const [name, authorization] of cases) {
      await t.test(name, async (t) => {
        const res = await probe(strict, authorization);
        expectGraphError(t, res, 403, 'Forbidden', '');
        t.notOk(res.headers['www-authenticate'], 'no challenge on a 403');
      });
    }
  },
);

t.test('strict: without a secret the default key is trusted', async (t) => {
  const app = buildAuthApp({ mode: 'strict' });
  t.teardown(() => app.close());
  t.equal((await probe(app, `Bearer ${await issueToken()}`)).statusCode, 200);
  const res = await probe(app, await bearer());
  expectGraphError(t, res, 401, 'InvalidAuthenticationToken', 'Access token validation failure.');
});

t.test('lenient: any non-empty token passes; the caller comes from it', async (t) => {
  const app = buildAuthApp({ mode: 'lenient', secret: SECRET });
  t.teardown(() => app.close());
  const opaque = await probe(app, 'Bearer anything');
  t.equal(opaque.statusCode, 200);
  t.same(opaque.json(), { caller: unverifiedCaller('anything') });
  const expired = await probe(app, await bearer({ expired: true, roles: [] }));
  t.same(expired.json(), { caller: { appId: CLIENT, tenantId: TENANT } }, 'a JWT’s own claims');
  const empty = await probe(app, null);
  expectGraphError(t, empty, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  expectChallenge(t, empty);
});

t.test('bearer-auth without options is lenient', async (t) => {
  const app = Fastify();
  app.register(graphErrors);
  app.register(async (api) => {
    await api.register(bearerAuth);
    api.get('/api', async (request) => request.graphCaller);
  });
  t.teardown(() => app.close());
  const res = await app.inject({ url: '/api', headers: { authorization: 'Bearer not-a-jwt' } });
  t.equal(res.statusCode, 200);
  t.same(res.json(), unverifiedCaller('not-a-jwt'));
});

t.test('graphCaller is undefined outside bearer-auth’s scope', async (t) => {
  const res = await get(strict, OPEN_PATH, { authorization: null });
  t.same(res.json(), { caller: null });
});

t.test('bearer-auth can guard two scopes of one app', async (t) => {
  const app = Fastify();
  for (const [path, mode] of [
    ['/strict', 'strict'],
    ['/lenient', 'lenient'],
  ] as const) {
    app.register(async (api) => {
      await api.register(bearerAuth, { mode, secret: SECRET });
      api.get(path, async (request) => request.graphCaller);
    });
  }
  t.teardown(() => app.close());
  const token = await bearer();
  for (const path of ['/strict', '/lenient']) {
    const res = await app.inject({ url: path, headers: { authorization: token } });
    t.same(res.json(), { appId: CLIENT, tenantId: TENANT }, path);
  }
  const opaque = await app.inject({ url: '/strict', headers: { authorization: 'Bearer x' } });
  t.equal(opaque.statusCode, 401, 'the strict scope stays strict');
  const lenient = await app.inject({ url: '/lenient', headers: { authorization: 'Bearer x' } });
  t.equal(lenient.statusCode, 200, 'the lenient scope stays lenient');
});
