/**
 * Bearer tokens the mock's strict auth can verify, so fuzzing reaches past the signature check:
 * a good one, the CLI's bad ones, and tokens signed with the mock's key whose claims are the
 * wrong type or shape (an `iss` that is a number, `roles` that is a string, `exp` far away …).
 * Signing is asynchronous and arbitraries are not, so the pool is built once before a run.
 */
import { type JWTPayload, SignJWT } from 'jose';
import {
  DEFAULT_TOKEN_SECRET,
  SIGNING_ALGORITHM,
  signingKeyFor,
} from '../../server/auth/signing-key.js';
import { issueToken } from '../../server/auth/tokens.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SECONDS_PER_HOUR = 3600;

/** Claims of a good application token, for the odd ones to bend one at a time. */
function goodClaims(nowSeconds: number): JWTPayload {
  return {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + SECONDS_PER_HOUR,
    appid: 'c9b5a3d1-0000-4000-8000-000000000001',
    tid: TENANT,
    roles: ['CallRecords.Read.All'],
  };
}

const ODD_CLAIMS: readonly JWTPayload[] = [
  { iss: 123 as unknown as string },
  { iss: null as unknown as string },
  { iss: [`https://sts.windows.net/${TENANT}/`] as unknown as string },
  { iss: 'https://sts.windows.net//' },
  { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` },
  { tid: { id: TENANT } },
  { tid: null },
  { appid: 42 },
  { appid: null, azp: ['x'] },
  { appid: '' },
  { roles: 'CallRecords.Read.All' as unknown as string[] },
  { roles: [null, 1, {}, 'CallRecords.Read.All '] as unknown as string[] },
  { roles: [] },
  { scp: null },
  { scp: '' },
  { idtyp: 'user' },
  { idtyp: 123 },
  { exp: Number.MAX_SAFE_INTEGER },
  { exp: 1e300 },
  { nbf: -1e300 },
  { iat: 'yesterday' as unknown as number },
  { aud: [] },
  { aud: ['https://graph.microsoft.com', 1 as unknown as string] },
  { aud: '00000003-0000-0000-c000-000000000000' },
  { ['x'.repeat(4000)]: 'x' },
];

/** Signs `claims` with the mock's default key, as the token endpoint would. */
function sign(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const key = signingKeyFor(DEFAULT_TOKEN_SECRET);
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: SIGNING_ALGORITHM, kid: key.kid, ...header })
    .sign(key.privateKey);
}

/** `Bearer …` values: good, the CLI's bad ones, and well-signed ones with odd claims. */
export async function signedBearerTokens(now: Date = new Date()): Promise<string[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const tokens = await Promise.all([
    issueToken({ now }),
    issueToken({ now, audience: '00000003-0000-0000-c000-000000000000' }),
    issueToken({ now, expired: true }),
    issueToken({ now, notYetValid: true }),
    issueToken({ now, delegated: true }),
    issueToken({ now, roles: [] }),
    issueToken({ now, roles: ['User.Read.All'] }),
    issueToken({ now, audience: 'api://other' }),
    issueToken({ now, secret: 'another secret' }),
    ...ODD_CLAIMS.map((odd) => sign({ ...goodClaims(nowSeconds), ...odd })),
    sign(goodClaims(nowSeconds), { kid: 'unknown' }),
    sign(goodClaims(nowSeconds), { typ: 123 }),
  ]);
  return tokens.map((token) => `Bearer ${token}`);
}
