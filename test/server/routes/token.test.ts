/**
 * The Entra stand-in: POST /{tenant}/oauth2/v2.0/token (client credentials), the JWKS and the
 * OpenID configuration, through `inject` on a small app with the auth pieces.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import t from 'tap';
import { signingKeyFor } from '../../../server/auth/signing-key.js';
import {
  CALL_RECORDS_ROLE,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  TOKEN_LIFETIME_SECONDS,
  tenantIdOf,
} from '../../../server/auth/tokens.js';
import { buildAuthApp } from '../../support/auth.js';
import { type Assertions, expectGraphError, GUID } from '../../support/graph.js';

const SECRET = 'token-routes-test';
const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const FORM = 'application/x-www-form-urlencoded';
const GOOD = {
  grant_type: 'client_credentials',
  client_id: CLIENT,
  client_secret: 'anything at all',
  scope: 'https://graph.microsoft.com/.default',
};
const ENTRA_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/;

const app = buildAuthApp({ mode: 'strict', secret: SECRET });
t.teardown(() => app.close());

function requestToken(
  target: FastifyInstance,
  fields: Record<string, string | undefined>,
  options: { tenant?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const defined = Object.entries(fields).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return target.inject({
    method: 'POST',
    url: `/${options.tenant ?? TENANT}/oauth2/v2.0/token`,
    headers: { 'content-type': FORM, ...options.headers },
    payload: new URLSearchParams(defined).toString(),
  });
}

/** An Entra error response: status, OAuth error, AADSTS code, and the ids that tie it together. */
function expectEntraError(
  t: Assertions,
  res: LightMyRequestResponse,
  status: number,
  error: string,
  aadsts: number,
) {
  t.equal(res.statusCode, status, 'status');
  t.match(res.headers['content-type'], /^application\/json; charset=utf-8$/);
  t.equal(res.headers['cache-control'], 'no-store, no-cache');
  t.equal(res.headers.pragma, 'no-cache');
  const body = res.json();
  t.same(Object.keys(body), [
    'error',
    'error_description',
    'error_codes',
    'timestamp',
    'trace_id',
    'correlation_id',
    'error_uri',
  ]);
  t.equal(body.error, error, 'error');
  t.same(body.error_codes, [aadsts], 'error_codes');
  t.match(
    body.error_description,
    new RegExp(`^AADSTS${aadsts}: `),
    'description starts with the code',
  );
  t.match(body.timestamp, ENTRA_TIMESTAMP);
  t.match(body.trace_id, GUID);
  t.equal(res.headers['x-ms-request-id'], body.trace_id, 'x-ms-request-id is the trace id');
  t.match(body.correlation_id, GUID);
  t.ok(
    body.error_description.endsWith(
      `\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: ${body.correlation_id}\r\nTimestamp: ${body.timestamp}`,
    ),
    'the description ends with the ids and time',
  );
  t.equal(body.error_uri, `https://login.microsoftonline.com/error?code=${aadsts}`);
  return body as { error_description: string; correlation_id: string };
}

t.test('client credentials for Graph get a bearer token as Entra answers it', async (t) => {
  const res = await requestToken(app, GOOD);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json; charset=utf-8$/);
  t.equal(res.headers['cache-control'], 'no-store, no-cache');
  t.equal(res.headers.pragma, 'no-cache');
  t.match(res.headers['x-ms-request-id'], GUID);
  const body = res.json();
  t.same(Object.keys(body), ['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
  t.match(body, {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: String,
  });
  const claims = decodeJwt(body.access_token);
  t.match(claims, {
    aud: GRAPH_RESOURCE,
    iss: `https://sts.windows.net/${TENANT}/`,
    appid: CLIENT,
    tid: TENANT,
    idtyp: 'app',
    roles: [CALL_RECORDS_ROLE],
    ver: '1.0',
  });
  t.equal(claims.exp! - claims.nbf!, TOKEN_LIFETIME_SECONDS);
  t.ok(Math.abs(claims.iat! - Date.now() / 1000) < 60, 'issued now');
});

t.test('the token works on the API behind strict auth', async (t) => {
  const { access_token: token } = (await requestToken(app, GOOD)).json();
  const res = await app.inject({
    url: '/beta/communications/callRecords/probe',
    headers: { authorization: `Bearer ${token}` },
  });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { caller: { appId: CLIENT, tenantId: TENANT } });
});

t.test('a scope by Graph’s app id gives Graph’s app id as audience', async (t) => {
  const res = await requestToken(app, { ...GOOD, scope: `${GRAPH_APP_ID}/.default` });
  t.equal(decodeJwt(res.json().access_token).aud, GRAPH_APP_ID);
});

t.test('a domain tenant gets its fixed GUID; charset and Basic credentials are fine', async (t) => {
  const res = await requestToken(
    app,
    { ...GOOD, client_id: undefined, client_secret: undefined },
    {
      tenant: 'contoso.onmicrosoft.com',
      headers: {
        'content-type': `${FORM}; charset=utf-8`,
        authorization: `Basic ${Buffer.from(`${CLIENT}:pw`).toString('base64')}`,
      },
    },
  );
  t.equal(res.statusCode, 200);
  t.match(decodeJwt(res.json().access_token), {
    tid: tenantIdOf('contoso.onmicrosoft.com'),
    appid: CLIENT,
  });
});

t.test('each bad request answers Entra’s error', async (t) => {
  const cases: [string, Record<string, string | undefined>, string, number, string, number][] = [
    ['no grant_type', { ...GOOD, grant_type: undefined }, TENANT, 400, 'invalid_request', 900144],
    [
      'a password grant',
      { ...GOOD, grant_type: 'password' },
      TENANT,
      400,
      'unsupported_grant_type',
      70003,
    ],
    ['no client_id', { ...GOOD, client_id: undefined }, TENANT, 400, 'invalid_request', 900144],
    [
      'a client_id that is no GUID',
      { ...GOOD, client_id: 'my-app' },
      TENANT,
      400,
      'unauthorized_client',
      700016,
    ],
    ['no scope', { ...GOOD, scope: undefined }, TENANT, 400, 'invalid_request', 900144],
    [
      'no client secret',
      { ...GOOD, client_secret: undefined },
      TENANT,
      400,
      'invalid_request',
      7000216,
    ],
    [
      'a permission as scope',
      { ...GOOD, scope: 'CallRecords.Read.All' },
      TENANT,
      400,
      'invalid_scope',
      1002012,
    ],
    [
      'another resource',
      { ...GOOD, scope: 'api://other/.default' },
      TENANT,
      400,
      'invalid_resource',
      500011,
    ],
    ['the common tenant', GOOD, 'common', 400, 'invalid_request', 50059],
    ['a tenant that is no domain', GOOD, 'contoso', 400, 'invalid_request', 900023],
  ];
  for (const [name, fields, tenant, status, error, aadsts] of cases) {
    await t.test(name, async (t) => {
      expectEntraError(t, await requestToken(app, fields, { tenant }), status, error, aadsts);
    });
  }
});

t.test('the error names the missing parameter', async (t) => {
  const body = expectEntraError(
    t,
    await requestToken(app, { ...GOOD, grant_type: undefined }),
    400,
    'invalid_request',
    900144,
  );
  t.match(
    body.error_description,
    /^AADSTS900144: The request body must contain the following parameter: 'grant_type'\.\r\n/,
  );
});

t.test('a GUID client-request-id becomes the correlation id', async (t) => {
  const correlation = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
  const res = await requestToken(
    app,
    { ...GOOD, scope: undefined },
    { headers: { 'client-request-id': correlation } },
  );
  t.equal(expectEntraError(t, res, 400, 'invalid_request', 900144).correlation_id, correlation);
  const other = await requestToken(
    app,
    { ...GOOD, scope: undefined },
    { headers: { 'client-request-id': 'not-a-guid' } },
  );
  t.not(expectEntraError(t, other, 400, 'invalid_request', 900144).correlation_id, 'not-a-guid');
});

t.test('a body that is not a form has none of the fields Entra needs', async (t) => {
  const json = await app.inject({
    method: 'POST',
    url: `/${TENANT}/oauth2/v2.0/token`,
    payload: GOOD,
  });
  expectEntraError(t, json, 400, 'invalid_request', 900144);
  const text = await app.inject({
    method: 'POST',
    url: `/${TENANT}/oauth2/v2.0/token`,
    headers: { 'content-type': 'text/plain' },
    payload: new URLSearchParams(GOOD).toString(),
  });
  expectEntraError(t, text, 400, 'invalid_request', 900144);
  const none = await app.inject({ method: 'POST', url: `/${TENANT}/oauth2/v2.0/token` });
  expectEntraError(t, none, 400, 'invalid_request', 900144);
});

t.test('an oversized body is left to the app’s own error handler', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: `/${TENANT}/oauth2/v2.0/token`,
    headers: { 'content-type': FORM },
    payload: `scope=${'x'.repeat(1024 * 1024 + 1)}`,
  });
  expectGraphError(t, res, 413, 'RequestEntityTooLarge');
});

t.test('the JWKS verifies the endpoint’s tokens, for any tenant segment', async (t) => {
  for (const tenant of [TENANT, 'common']) {
    const res = await app.inject(`/${tenant}/discovery/v2.0/keys`);
    t.equal(res.statusCode, 200, tenant);
    t.match(res.headers['content-type'], /^application\/json; charset=utf-8$/);
    const jwks = res.json();
    t.same(jwks, { keys: [signingKeyFor(SECRET).jwk] });
    const { access_token: token } = (await requestToken(app, GOOD)).json();
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      audience: GRAPH_RESOURCE,
      issuer: `https://sts.windows.net/${TENANT}/`,
    });
    t.equal(payload.appid, CLIENT);
  }
});

t.test('the OpenID configuration points at the token endpoint and the keys', async (t) => {
  const res = await app.inject({
    url: `/${TENANT}/v2.0/.well-known/openid-configuration`,
    headers: { host: 'mock.example:8080' },
  });
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    token_endpoint: `http://mock.example:8080/${TENANT}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    jwks_uri: `http://mock.example:8080/${TENANT}/discovery/v2.0/keys`,
    id_token_signing_alg_values_supported: ['EdDSA'],
    issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  });
});

t.test('the OpenID configuration of common has Entra’s tenant placeholder', async (t) => {
  const res = await app.inject('/common/v2.0/.well-known/openid-configuration');
  t.equal(res.json().issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');
  t.equal(res.json().jwks_uri, 'http://localhost:80/common/discovery/v2.0/keys');
});

t.test('the OpenID configuration of a name that is no tenant is Entra’s error', async (t) => {
  const res = await app.inject('/contoso/v2.0/.well-known/openid-configuration');
  expectEntraError(t, res, 400, 'invalid_request', 900023);
});

t.test('a public URL replaces the request’s origin in the configuration', async (t) => {
  const proxied = buildAuthApp(undefined, { publicUrl: 'https://mock.example:8443' });
  t.teardown(() => proxied.close());
  const res = await proxied.inject(`/${TENANT}/v2.0/.well-known/openid-configuration`);
  t.equal(res.json().token_endpoint, `https://mock.example:8443/${TENANT}/oauth2/v2.0/token`);
});

t.test('without a secret the endpoint signs with the default key', async (t) => {
  const plain = buildAuthApp(undefined, {});
  t.teardown(() => plain.close());
  const { access_token: token } = (await requestToken(plain, GOOD)).json();
  await jwtVerify(token, createLocalJWKSet({ keys: [{ ...signingKeyFor().jwk }] }));
  await t.rejects(
    jwtVerify(token, createLocalJWKSet({ keys: [{ ...signingKeyFor(SECRET).jwk }] })),
    'not with another secret’s key',
  );
});
