/**
 * Strict auth in the whole mock: buildApp({ auth: 'strict' }) with its token endpoint, JWKS and
 * getPstnCalls behind bearer-auth, and the CLI's tokens against it.
 */
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { signingKeyFor } from '../../server/auth/signing-key.js';
import { GRAPH_APP_ID, issueToken, type TokenOptions } from '../../server/auth/tokens.js';
import { runInProcess } from '../support/cli.js';
import { expectGraphError, expectPage, get, pstnCallsPath } from '../support/graph.js';

const SECRET = 'strict-auth-app-test';
const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const PAGE = pstnCallsPath('beta', '2024-06-03', '2024-06-03T01:00:00Z');
const VALIDATION_FAILURE = 'Access token validation failure.';

const app = buildApp({ auth: 'strict', tokenSecret: SECRET });
t.teardown(() => app.close());

async function bearer(options: TokenOptions = {}): Promise<string> {
  return `Bearer ${await issueToken({ secret: SECRET, ...options })}`;
}

function page(target: FastifyInstance, authorization: string | null) {
  return get(target, PAGE, { authorization });
}

t.test('a good application token reads call records', async (t) => {
  expectPage(t, await page(app, await bearer()), 'beta');
  expectPage(t, await page(app, await bearer({ audience: GRAPH_APP_ID })), 'beta');
});

t.test('the mock’s usual any-string token is not a JWT under strict auth', async (t) => {
  expectGraphError(
    t,
    await page(app, 'Bearer anything'),
    401,
    'InvalidAuthenticationToken',
    'CompactToken parsing failed with error code: 80049217',
  );
});

t.test('no token is still Access token is empty.', async (t) => {
  expectGraphError(
    t,
    await page(app, null),
    401,
    'InvalidAuthenticationToken',
    'Access token is empty.',
  );
});

t.test('expired, early, foreign-audience and foreign-key tokens fail validation', async (t) => {
  for (const options of [
    { expired: true },
    { notYetValid: true },
    { audience: 'api://other' },
    { secret: 'another-secret' },
  ]) {
    const res = await page(app, await bearer(options));
    expectGraphError(t, res, 401, 'InvalidAuthenticationToken', VALIDATION_FAILURE);
  }
});

t.test('a token without the role, or a delegated one, is 403 Forbidden', async (t) => {
  for (const options of [{ roles: [] }, { roles: ['User.Read.All'] }, { delegated: true }]) {
    expectGraphError(t, await page(app, await bearer(options)), 403, 'Forbidden', '');
  }
});

t.test('the legacy role reads call records', async (t) => {
  expectPage(
    t,
    await page(app, await bearer({ roles: ['CallRecord-PstnCalls.Read.All'] })),
    'beta',
  );
});

t.test('a token from the token endpoint reads call records', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: `/${TENANT}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: 'anything',
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  t.equal(res.statusCode, 200);
  expectPage(t, await page(app, `Bearer ${res.json().access_token}`), 'beta');
});

t.test('the JWKS is the tokenSecret’s key', async (t) => {
  const res = await get(app, `/${TENANT}/discovery/v2.0/keys`, { authorization: null });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { keys: [signingKeyFor(SECRET).jwk] });
  await jwtVerify(await issueToken({ secret: SECRET }), createLocalJWKSet(res.json()));
});

t.test('without tokenSecret strict auth trusts the default key', async (t) => {
  const plain = buildApp({ auth: 'strict' });
  t.teardown(() => plain.close());
  expectPage(t, await page(plain, `Bearer ${await issueToken()}`), 'beta');
  const res = await page(plain, await bearer());
  expectGraphError(t, res, 401, 'InvalidAuthenticationToken', VALIDATION_FAILURE);
});

t.test('the default app stays lenient', async (t) => {
  const lenient = buildApp();
  t.teardown(() => lenient.close());
  expectPage(t, await page(lenient, 'Bearer anything'), 'beta');
  expectPage(t, await page(lenient, await bearer({ expired: true, roles: [] })), 'beta');
});

t.test(
  'tokens printed by the CLI with the same secret work; with another they do not',
  async (t) => {
    const cli = async (...args: string[]) => (await runInProcess(['token', ...args]).exited).stdout;
    expectPage(t, await page(app, `Bearer ${await cli('--token-secret', SECRET)}`), 'beta');
    const expired = await cli('--token-secret', SECRET, '--expired');
    expectGraphError(
      t,
      await page(app, `Bearer ${expired}`),
      401,
      'InvalidAuthenticationToken',
      VALIDATION_FAILURE,
    );
    const noRole = await cli('--token-secret', SECRET, '--no-role');
    expectGraphError(t, await page(app, `Bearer ${noRole}`), 403, 'Forbidden', '');
    const otherKey = await cli();
    expectGraphError(
      t,
      await page(app, `Bearer ${otherKey}`),
      401,
      'InvalidAuthenticationToken',
      VALIDATION_FAILURE,
    );
  },
);

t.test('x-mock-auth: strict asks a lenient server for strict checks on one request', async (t) => {
  const lenient = buildApp({ tokenSecret: SECRET });
  t.teardown(() => lenient.close());
  expectPage(t, await get(lenient, PAGE, { authorization: 'Bearer anything' }), 'beta');
  expectGraphError(
    t,
    await get(lenient, PAGE, { authorization: 'Bearer anything', 'x-mock-auth': 'strict' }),
    401,
    'InvalidAuthenticationToken',
  );
  const expired = await bearer({ expired: true });
  const refused = await get(lenient, PAGE, { authorization: expired, 'x-mock-auth': 'Strict' });
  expectGraphError(t, refused, 401, 'InvalidAuthenticationToken');
  t.equal(refused.json().error.message, VALIDATION_FAILURE);
  expectPage(
    t,
    await get(lenient, PAGE, { authorization: await bearer(), 'x-mock-auth': 'strict' }),
    'beta',
  );
  expectPage(
    t,
    await get(lenient, PAGE, { authorization: 'Bearer x', 'x-mock-auth': 'lenient' }),
    'beta',
  );
});

t.test('x-mock-auth never relaxes a strict server, and a bad value is a 400', async (t) => {
  expectGraphError(
    t,
    await get(app, PAGE, { authorization: 'Bearer anything', 'x-mock-auth': 'lenient' }),
    401,
    'InvalidAuthenticationToken',
  );
  const bad = await get(app, PAGE, { authorization: await bearer(), 'x-mock-auth': 'sometimes' });
  expectGraphError(t, bad, 400, 'BadRequest');
  t.match(bad.json().error.message, /x-mock-auth header is 'sometimes'; use strict or lenient/);
});
