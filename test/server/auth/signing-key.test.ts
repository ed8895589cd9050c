import { sign, verify } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import t from 'tap';
import { DEFAULT_TOKEN_SECRET, jwksOf, signingKeyFor } from '../../../server/auth/signing-key.js';

t.test('the same secret gives the same key; another secret another key', async (t) => {
  const a = signingKeyFor('secret-a');
  t.equal(signingKeyFor('secret-a'), a, 'derived once per secret');
  const b = signingKeyFor('secret-b');
  t.not(b.jwk.x, a.jwk.x, 'another public key');
  t.not(b.kid, a.kid, 'another key id');
});

t.test(
  'the key is Ed25519 derived from SHA-256 of the secret, stable across releases',
  async (t) => {
    const key = signingKeyFor(DEFAULT_TOKEN_SECRET);
    t.equal(key.privateKey.asymmetricKeyType, 'ed25519');
    // Pinned: a CLI and a server of different versions must keep agreeing on the default key.
    t.equal(key.jwk.x, 'o3KBrAjkrHed-bIFkK8qQM11Eq3-MJaILJkHOuyqSTo');
    t.equal(signingKeyFor(), key, 'no secret means the default secret');
    const message = Buffer.from('call records');
    t.ok(verify(null, message, key.publicKey, sign(null, message, key.privateKey)));
  },
);

t.test('the key id is 27 base64url characters, like Entra’s', async (t) => {
  t.match(signingKeyFor().kid, /^[A-Za-z0-9_-]{27}$/);
});

t.test('the JWKS publishes the public key alone, for signatures with EdDSA', async (t) => {
  const key = signingKeyFor('published');
  const jwks = jwksOf(key);
  t.same(jwks, {
    keys: [{ kty: 'OKP', crv: 'Ed25519', x: key.jwk.x, kid: key.kid, use: 'sig', alg: 'EdDSA' }],
  });
  t.notOk('d' in jwks.keys[0]!, 'no private part');
});

t.test('a JWT signed with the private key verifies against the JWKS', async (t) => {
  const key = signingKeyFor('round-trip');
  const jwt = await new SignJWT({ hello: 'graph' })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .sign(key.privateKey);
  const { payload } = await jwtVerify(jwt, createLocalJWKSet({ keys: [{ ...key.jwk }] }));
  t.equal(payload.hello, 'graph');
  await t.rejects(
    jwtVerify(jwt, createLocalJWKSet({ keys: [{ ...signingKeyFor('other').jwk }] })),
    'another secret’s JWKS does not verify it',
  );
});
