import { decodeJwt, decodeProtectedHeader, type JWTPayload, SignJWT } from 'jose';
import t from 'tap';
import { signingKeyFor } from '../../../server/auth/signing-key.js';
import {
  CALL_RECORDS_ROLE,
  CLOCK_SKEW_SECONDS,
  DEFAULT_CLIENT_ID,
  DEFAULT_DELEGATED_SCOPE,
  DEFAULT_TENANT_ID,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  guidFrom,
  isGuid,
  issueToken,
  LEGACY_PSTN_CALLS_ROLE,
  TOKEN_LIFETIME_SECONDS,
  tenantIdOf,
  unverifiedCaller,
  verifyGraphToken,
} from '../../../server/auth/tokens.js';

const SECRET = 'tokens-test';
const KEY = signingKeyFor(SECRET);
const NOW = new Date('2024-06-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-aaaaaaaaaaaa';

/** A token with exactly `claims`, signed with the test key: for claims issueToken never writes. */
function signed(claims: JWTPayload, kid = KEY.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid }).sign(KEY.privateKey);
}

/** Claims of a good app token at NOW, to spoil one at a time. */
const GOOD_CLAIMS: JWTPayload = {
  aud: GRAPH_RESOURCE,
  iss: `https://sts.windows.net/${TENANT}/`,
  iat: NOW_SECONDS,
  nbf: NOW_SECONDS,
  exp: NOW_SECONDS + 3599,
  appid: CLIENT,
  tid: TENANT,
  roles: [CALL_RECORDS_ROLE],
};

t.test('guidFrom gives a stable name-based GUID per input', async (t) => {
  const guid = guidFrom('a', 'b');
  t.ok(isGuid(guid));
  t.match(guid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.equal(guidFrom('a', 'b'), guid, 'stable');
  t.not(guidFrom('ab'), guid, 'parts are kept apart');
});

t.test('a tenant is a GUID or a domain name; a domain maps to a fixed GUID', async (t) => {
  t.equal(tenantIdOf(TENANT.toUpperCase()), TENANT, 'a GUID, lower-cased');
  const contoso = tenantIdOf('contoso.onmicrosoft.com');
  t.ok(contoso !== undefined && isGuid(contoso));
  t.equal(tenantIdOf('CONTOSO.onmicrosoft.com'), contoso, 'domains ignore case');
  for (const bad of ['contoso', '', 'contoso..com', 'a b.com', 'contoso.com/', '-x.com']) {
    t.equal(tenantIdOf(bad), undefined, JSON.stringify(bad));
  }
});

t.test('a default token is a v1 app token for Graph, like Entra’s', async (t) => {
  const token = await issueToken({ secret: SECRET, now: NOW });
  t.same(decodeProtectedHeader(token), { typ: 'JWT', alg: 'EdDSA', kid: KEY.kid });
  const claims = decodeJwt(token);
  const servicePrincipal = guidFrom('service-principal', DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID);
  t.strictSame(claims, {
    aud: GRAPH_RESOURCE,
    iss: `https://sts.windows.net/${DEFAULT_TENANT_ID}/`,
    iat: NOW_SECONDS,
    nbf: NOW_SECONDS,
    exp: NOW_SECONDS + TOKEN_LIFETIME_SECONDS,
    appid: DEFAULT_CLIENT_ID,
    appidacr: '1',
    idp: `https://sts.windows.net/${DEFAULT_TENANT_ID}/`,
    idtyp: 'app',
    oid: servicePrincipal,
    roles: [CALL_RECORDS_ROLE],
    sub: servicePrincipal,
    tid: DEFAULT_TENANT_ID,
    ver: '1.0',
  });
  t.equal(await issueToken({ secret: SECRET, now: NOW }), token, 'the same inputs, the same token');
});

t.test('the knobs set the claims they name', async (t) => {
  const claims = decodeJwt(
    await issueToken({
      now: NOW,
      clientId: CLIENT,
      tenantId: TENANT,
      audience: 'api://other',
      roles: ['A.Read', 'B.Read'],
      lifetimeSeconds: 60,
    }),
  );
  t.match(claims, {
    appid: CLIENT,
    tid: TENANT,
    iss: `https://sts.windows.net/${TENANT}/`,
    aud: 'api://other',
    roles: ['A.Read', 'B.Read'],
    exp: NOW_SECONDS + 60,
  });
  t.notOk('roles' in decodeJwt(await issueToken({ roles: [] })), 'no roles leaves the claim out');
});

t.test('expired and not-yet-valid tokens are an hour outside their lifetime', async (t) => {
  const expired = decodeJwt(await issueToken({ now: NOW, expired: true }));
  t.equal(expired.exp, NOW_SECONDS - 3600);
  t.equal(expired.exp! - expired.nbf!, TOKEN_LIFETIME_SECONDS);
  const early = decodeJwt(await issueToken({ now: NOW, notYetValid: true }));
  t.equal(early.nbf, NOW_SECONDS + 3600);
});

t.test('a delegated token carries scp and no roles', async (t) => {
  const claims = decodeJwt(await issueToken({ delegated: true, tenantId: TENANT }));
  t.equal(claims.scp, DEFAULT_DELEGATED_SCOPE);
  t.equal(claims.idtyp, 'user');
  t.notOk('roles' in claims);
  t.match(claims, { upn: String, name: String, tid: TENANT });
  t.equal(decodeJwt(await issueToken({ delegated: true, scope: 'User.Read' })).scp, 'User.Read');
});

t.test('verification accepts a good token and names its caller', async (t) => {
  const verdict = await verifyGraphToken(
    await issueToken({ secret: SECRET, clientId: CLIENT, tenantId: TENANT, now: NOW }),
    KEY,
    NOW,
  );
  t.match(verdict, { kind: 'valid', caller: { appId: CLIENT, tenantId: TENANT } });
});

t.test('both of Graph’s audiences are accepted, nothing else', async (t) => {
  for (const audience of [GRAPH_RESOURCE, GRAPH_APP_ID]) {
    const token = await issueToken({ secret: SECRET, audience, now: NOW });
    t.equal((await verifyGraphToken(token, KEY, NOW)).kind, 'valid', audience);
  }
  for (const audience of [
    'api://other',
    'https://graph.microsoft.com/',
    'https://graph.microsoft.us',
  ]) {
    const token = await issueToken({ secret: SECRET, audience, now: NOW });
    t.equal((await verifyGraphToken(token, KEY, NOW)).kind, 'invalid', audience);
  }
});

t.test('lifetime is checked with five minutes of clock skew', async (t) => {
  const lifetime = TOKEN_LIFETIME_SECONDS * 1000;
  const skew = CLOCK_SKEW_SECONDS * 1000;
  const cases: [string, Date, string][] = [
    ['expired within the skew', new Date(NOW.getTime() - lifetime - skew + 1000), 'valid'],
    ['expired beyond the skew', new Date(NOW.getTime() - lifetime - skew - 1000), 'invalid'],
    ['early within the skew', new Date(NOW.getTime() + skew - 1000), 'valid'],
    ['early beyond the skew', new Date(NOW.getTime() + skew + 1000), 'invalid'],
  ];
  for (const [name, issuedAt, kind] of cases) {
    const token = await issueToken({ secret: SECRET, now: issuedAt });
    t.equal((await verifyGraphToken(token, KEY, NOW)).kind, kind, name);
  }
  for (const knob of ['expired', 'notYetValid'] as const) {
    const token = await issueToken({ secret: SECRET, [knob]: true });
    t.match(await verifyGraphToken(token, KEY), { kind: 'invalid', reason: String }, knob);
  }
});

t.test('a token signed with another secret is invalid', async (t) => {
  const token = await issueToken({ secret: 'someone-else' });
  t.equal((await verifyGraphToken(token, KEY)).kind, 'invalid');
  const sameKid = await new SignJWT({ ...GOOD_CLAIMS })
    .setProtectedHeader({ alg: 'EdDSA', kid: KEY.kid })
    .sign(signingKeyFor('someone-else').privateKey);
  t.equal((await verifyGraphToken(sameKid, KEY, NOW)).kind, 'invalid', 'even under our kid');
});

t.test('a tampered or unsigned token is invalid', async (t) => {
  const [header, , signature] = (await issueToken({ secret: SECRET, now: NOW })).split('.');
  const forged = Buffer.from(JSON.stringify({ ...GOOD_CLAIMS, appid: DEFAULT_CLIENT_ID })).toString(
    'base64url',
  );
  t.equal((await verifyGraphToken(`${header}.${forged}.${signature}`, KEY, NOW)).kind, 'invalid');
  const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  t.equal((await verifyGraphToken(`${none}.${forged}.`, KEY, NOW)).kind, 'invalid', 'alg none');
});

t.test('claims Graph requires are checked after the signature', async (t) => {
  const cases: [string, JWTPayload][] = [
    ['a v2 issuer', { ...GOOD_CLAIMS, iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }],
    ['an issuer of no tenant', { ...GOOD_CLAIMS, iss: 'https://sts.windows.net/contoso/' }],
    ['a tid that is not the issuer’s', { ...GOOD_CLAIMS, tid: DEFAULT_TENANT_ID }],
    ['no appid', { ...GOOD_CLAIMS, appid: undefined }],
    ['no exp', { ...GOOD_CLAIMS, exp: undefined }],
    ['no nbf', { ...GOOD_CLAIMS, nbf: undefined }],
    ['no iss', { ...GOOD_CLAIMS, iss: undefined }],
  ];
  for (const [name, claims] of cases) {
    const verdict = await verifyGraphToken(await signed(claims), KEY, NOW);
    t.match(verdict, { kind: 'invalid', reason: String }, name);
  }
  const v2 = await verifyGraphToken(
    await signed({ ...GOOD_CLAIMS, appid: undefined, azp: CLIENT }),
    KEY,
    NOW,
  );
  t.match(v2, { kind: 'valid', caller: { appId: CLIENT } }, 'azp stands in for appid');
});

t.test('an app token needs CallRecords.Read.All or the legacy role', async (t) => {
  const cases: [string, JWTPayload, string][] = [
    ['CallRecords.Read.All', GOOD_CLAIMS, 'valid'],
    [
      'the legacy role',
      { ...GOOD_CLAIMS, roles: ['User.Read.All', LEGACY_PSTN_CALLS_ROLE] },
      'valid',
    ],
    ['no roles claim', { ...GOOD_CLAIMS, roles: undefined }, 'forbidden'],
    ['other roles', { ...GOOD_CLAIMS, roles: ['User.Read.All', 'CallRecords.Read'] }, 'forbidden'],
    ['roles that are not a list', { ...GOOD_CLAIMS, roles: CALL_RECORDS_ROLE }, 'forbidden'],
  ];
  for (const [name, claims, kind] of cases) {
    t.equal((await verifyGraphToken(await signed(claims), KEY, NOW)).kind, kind, name);
  }
});

t.test('a delegated token is forbidden, whatever its scopes or roles', async (t) => {
  const cases: [string, JWTPayload][] = [
    ['scp', { ...GOOD_CLAIMS, roles: undefined, scp: CALL_RECORDS_ROLE }],
    ['scp beside roles', { ...GOOD_CLAIMS, scp: 'User.Read' }],
    ['idtyp user', { ...GOOD_CLAIMS, idtyp: 'user' }],
  ];
  for (const [name, claims] of cases) {
    t.match(
      await verifyGraphToken(await signed(claims), KEY, NOW),
      { kind: 'forbidden', reason: /delegated/ },
      name,
    );
  }
  const issued = await issueToken({ secret: SECRET, delegated: true });
  t.equal((await verifyGraphToken(issued, KEY)).kind, 'forbidden', 'issueToken’s delegated token');
});

t.test('anything that is not a compact JWS is malformed', async (t) => {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const cases = [
    'abc',
    'mock-token',
    'a.b.c',
    `${json({ alg: 'EdDSA' })}.not-json.sig`,
    `${json({ alg: 'EdDSA' })}.${json('a string')}.sig`,
    `${json({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.key.iv.ciphertext.tag`,
    `${json({ alg: 'EdDSA' })}.${json(GOOD_CLAIMS)}`,
  ];
  for (const token of cases) {
    t.same(await verifyGraphToken(token, KEY), { kind: 'malformed' }, token.slice(0, 40));
  }
});

t.test('lenient callers come from the token’s claims, unchecked, or from its text', async (t) => {
  t.same(unverifiedCaller(await issueToken({ clientId: CLIENT, tenantId: TENANT })), {
    appId: CLIENT,
    tenantId: TENANT,
  });
  t.same(unverifiedCaller(await signed({ azp: CLIENT })), {
    appId: CLIENT,
    tenantId: DEFAULT_TENANT_ID,
  });
  const opaque = unverifiedCaller('anything');
  t.ok(isGuid(opaque.appId), 'a GUID app id');
  t.equal(opaque.tenantId, DEFAULT_TENANT_ID);
  t.same(unverifiedCaller('anything'), opaque, 'the same token, the same app');
  t.equal(unverifiedCaller('anything'), opaque, 'read once, then kept');
  // Past the 128 tokens kept, the first is read again, to the same caller.
  for (let i = 0; i < 200; i++) unverifiedCaller(`token ${i}`);
  const again = unverifiedCaller('anything');
  t.not(again, opaque, 'read afresh once forgotten');
  t.same(again, opaque, 'to the same caller');
  t.not(unverifiedCaller('something else').appId, opaque.appId, 'another token, another app');
  const numeric = unverifiedCaller(await signed({ appid: 42, tid: 7 }));
  t.ok(isGuid(numeric.appId), 'claims that are not strings are ignored');
  t.equal(numeric.tenantId, DEFAULT_TENANT_ID);
});
