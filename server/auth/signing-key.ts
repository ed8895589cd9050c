/**
 * The key the mock signs its access tokens with: an Ed25519 key derived from a secret, so the
 * CLI's `token` command and a running server that share the secret agree without sharing files.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { BoundedCache } from '../../scenarios/bounded-cache.js';

/** The secret used when none is configured: every mock with defaults trusts every other's tokens. */
export const DEFAULT_TOKEN_SECRET = 'graph-callrecords-mock';
export const SIGNING_ALGORITHM = 'EdDSA';

/** PKCS#8 DER header of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Entra's key ids are 27 base64url characters (a SHA-1 thumbprint); ours are as long. */
const KEY_ID_LENGTH = 27;

/** A public key as published in a JWKS. */
export interface PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: typeof SIGNING_ALGORITHM;
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: PublicJwk;
}

/** Secrets come from configuration, so a few keys are all a process uses; deriving one costs ~0.1 ms. */
const KEYS_KEPT = 16;
const keys = new BoundedCache<string, SigningKey>({ maxEntries: KEYS_KEPT });

/** The signing key for `secret`: the same secret gives the same key, in any process. */
export function signingKeyFor(secret: string = DEFAULT_TOKEN_SECRET): SigningKey {
  const known = keys.get(secret);
  if (known !== undefined) return known;

  const seed = createHash('sha256').update(secret, 'utf8').digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  // An Ed25519 public key exports as a JWK with kty, crv and x.
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  const kid = createHash('sha256')
    .update(Buffer.from(x, 'base64url'))
    .digest('base64url')
    .slice(0, KEY_ID_LENGTH);
  const key: SigningKey = {
    kid,
    privateKey,
    publicKey,
    jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: SIGNING_ALGORITHM },
  };
  keys.set(secret, key);
  return key;
}

/** The JSON Web Key Set Entra publishes at /{tenant}/discovery/v2.0/keys, with this key alone. */
export function jwksOf(key: SigningKey): { readonly keys: readonly PublicJwk[] } {
  return { keys: [key.jwk] };
}
