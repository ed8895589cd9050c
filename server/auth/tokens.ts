/**
 * Access tokens shaped like the ones Entra ID issues for Microsoft Graph (v1 tokens, as Graph
 * gets), signed with the mock's own key, and the checks strict auth applies to them.
 */
import { createHash } from 'node:crypto';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { BoundedCache } from '../../scenarios/bounded-cache.js';
import {
  DEFAULT_TOKEN_SECRET,
  jwksOf,
  SIGNING_ALGORITHM,
  type SigningKey,
  signingKeyFor,
} from './signing-key.js';
import { unverifiedClaims } from './unverified-claims.js';

/**
 * jose, loaded when a token is first signed or checked: lenient auth, the default, never needs
 * it, and loading it costs ~50 ms of every start.
 */
let jose: Promise<typeof import('jose')> | undefined;
const loadJose = () => (jose ??= import('jose'));

/** Graph's resource URI: the `aud` of a token asked for with `https://graph.microsoft.com/.default`. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Graph's application id: the `aud` of a token asked for by app id. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_AUDIENCES: readonly string[] = [GRAPH_RESOURCE, GRAPH_APP_ID];
export const CALL_RECORDS_ROLE = 'CallRecords.Read.All';
/** Older docs name this application permission for getPstnCalls; Graph still honours it. */
export const LEGACY_PSTN_CALLS_ROLE = 'CallRecord-PstnCalls.Read.All';
export const ACCEPTED_ROLES: readonly string[] = [CALL_RECORDS_ROLE, LEGACY_PSTN_CALLS_ROLE];

/** The tenant and app a token is for when nothing says otherwise. Fixed, so tokens are comparable. */
export const DEFAULT_TENANT_ID = '7c1f6d3e-2b4a-4e58-9a0d-6f5e4c3b2a19';
export const DEFAULT_CLIENT_ID = '5d2e8f41-9c3b-4a7d-8e16-0b4f3a2c1d9e';
/** What a delegated token for a call-records reader typically carries. */
export const DEFAULT_DELEGATED_SCOPE = 'CallRecords.Read.All User.Read';
/** Entra's app tokens live an hour less a second. */
export const TOKEN_LIFETIME_SECONDS = 3599;
/** Microsoft.IdentityModel's default allowance for clocks that disagree: five minutes. */
export const CLOCK_SKEW_SECONDS = 300;
/** How far outside its lifetime an `expired` or `notYetValid` token is: well past the skew. */
const OUT_OF_LIFETIME_SECONDS = 3600;

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A v1 token's issuer names its tenant: `https://sts.windows.net/{tid}/`. */
const V1_ISSUER = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/;

/** Who is calling, from a token: what per-app throttling and the journal key on. */
export interface GraphCaller {
  readonly appId: string;
  readonly tenantId: string;
}

/** Knobs for issueToken; the defaults give a token strict auth accepts. */
export interface TokenOptions {
  /** Secret the signing key is derived from; the server must use the same one. */
  readonly secret?: string;
  /** `appid`: the client's application id. */
  readonly clientId?: string;
  /** `tid`, and the tenant in `iss`. */
  readonly tenantId?: string;
  /** `aud`; default Graph's resource URI. */
  readonly audience?: string;
  /** `roles` of an application token; an empty list leaves the claim out, as Entra does. */
  readonly roles?: readonly string[];
  /** A user's token: `scp` instead of `roles`. Graph refuses these for call records. */
  readonly delegated?: boolean;
  /** `scp` of a delegated token. */
  readonly scope?: string;
  /** Seconds from `nbf` to `exp`. */
  readonly lifetimeSeconds?: number;
  /** Expired an hour ago. */
  readonly expired?: boolean;
  /** Valid only from an hour from now. */
  readonly notYetValid?: boolean;
  /** The clock, for tests; default now. */
  readonly now?: Date;
}

/** A GUID drawn from a SHA-256 hash of `parts`: the same parts give the same GUID. */
export function guidFrom(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex');
  // Version 5 and RFC 4122 variant bits, so it reads as a name-based UUID.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

/** A domain name with at least two labels, as a tenant's verified domain is. */
const DOMAIN_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/**
 * A tenant's id from what names it: a GUID stands for itself, a domain name such as
 * `contoso.onmicrosoft.com` maps to a fixed GUID; anything else names no tenant (undefined).
 */
export function tenantIdOf(tenant: string): string | undefined {
  if (isGuid(tenant)) return tenant.toLowerCase();
  return DOMAIN_NAME.test(tenant) ? guidFrom('tenant', tenant.toLowerCase()) : undefined;
}

/** An access token for Graph, signed with the key derived from `options.secret`. */
export async function issueToken(options: TokenOptions = {}): Promise<string> {
  const key = signingKeyFor(options.secret ?? DEFAULT_TOKEN_SECRET);
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const lifetime = options.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const issuedAt = options.expired
    ? now - lifetime - OUT_OF_LIFETIME_SECONDS
    : options.notYetValid
      ? now + OUT_OF_LIFETIME_SECONDS
      : now;
  const issuer = `https://sts.windows.net/${tenantId}/`;

  const common = {
    aud: options.audience ?? GRAPH_RESOURCE,
    iss: issuer,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + lifetime,
    appid: clientId,
    appidacr: '1',
  };
  const claims: JWTPayload = options.delegated
    ? {
        ...common,
        idtyp: 'user',
        name: 'Mock Delegated User',
        oid: guidFrom('user', tenantId),
        scp: options.scope ?? DEFAULT_DELEGATED_SCOPE,
        sub: guidFrom('user-subject', tenantId, clientId),
        tid: tenantId,
        upn: 'delegated.user@mock.example',
        ver: '1.0',
      }
    : {
        ...common,
        idp: issuer,
        idtyp: 'app',
        oid: guidFrom('service-principal', tenantId, clientId),
        ...rolesClaim(options.roles ?? [CALL_RECORDS_ROLE]),
        sub: guidFrom('service-principal', tenantId, clientId),
        tid: tenantId,
        ver: '1.0',
      };

  const { SignJWT } = await loadJose();
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: SIGNING_ALGORITHM, kid: key.kid })
    .sign(key.privateKey);
}

function rolesClaim(roles: readonly string[]): { roles?: string[] } {
  return roles.length === 0 ? {} : { roles: [...roles] };
}

/** What strict auth makes of a bearer token. */
export type TokenVerdict =
  | { readonly kind: 'valid'; readonly caller: GraphCaller; readonly claims: JWTPayload }
  /** Not a compact JWS at all. */
  | { readonly kind: 'malformed' }
  /** A JWT that fails validation; `reason` is for the log, Graph does not say. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** A valid token that may not read call records. */
  | { readonly kind: 'forbidden'; readonly reason: string };

const keySets = new WeakMap<SigningKey, JWTVerifyGetKey>();

/** The key set is built once per key: importing the key is the slow part of a verification. */
function keySetOf(key: SigningKey, { createLocalJWKSet }: typeof import('jose')): JWTVerifyGetKey {
  let keySet = keySets.get(key);
  if (keySet === undefined) {
    keySet = createLocalJWKSet({ keys: jwksOf(key).keys.map((jwk) => ({ ...jwk })) });
    keySets.set(key, keySet);
  }
  return keySet;
}

/**
 * Checks a bearer token as Graph does for getPstnCalls: a JWT signed by `key`, for Graph's
 * audience, issued by a tenant's v1 issuer, within its lifetime (give or take the clock skew),
 * an application token with a role that allows reading call records.
 */
export async function verifyGraphToken(
  token: string,
  key: SigningKey,
  now: Date = new Date(),
): Promise<TokenVerdict> {
  const jose = await loadJose();
  if (!isCompactJwt(token, jose)) return { kind: 'malformed' };

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jose.jwtVerify(token, keySetOf(key, jose), {
      algorithms: [SIGNING_ALGORITHM],
      audience: [...GRAPH_AUDIENCES],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: now,
      requiredClaims: ['iss', 'exp', 'nbf'],
    }));
  } catch (error) {
    return { kind: 'invalid', reason: (error as Error).message };
  }

  const issuerTenant = V1_ISSUER.exec(claims.iss!)?.[1];
  if (issuerTenant === undefined) {
    return { kind: 'invalid', reason: `issuer ${JSON.stringify(claims.iss)} is not a v1 issuer` };
  }
  if (claims.tid !== issuerTenant) {
    return {
      kind: 'invalid',
      reason: `tid ${JSON.stringify(claims.tid)} is not the issuer's tenant`,
    };
  }
  const appId = claims.appid ?? claims.azp;
  if (typeof appId !== 'string') return { kind: 'invalid', reason: 'no appid claim' };

  if (claims.scp !== undefined || claims.idtyp === 'user') {
    return {
      kind: 'forbidden',
      reason: 'a delegated token; getPstnCalls takes application tokens',
    };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  if (!roles.some((role) => ACCEPTED_ROLES.includes(role))) {
    return { kind: 'forbidden', reason: `no role of ${ACCEPTED_ROLES.join(', ')}` };
  }
  return { kind: 'valid', caller: { appId, tenantId: issuerTenant }, claims };
}

/** Three base64url parts whose first two decode to JSON objects: what Graph can parse at all. */
function isCompactJwt(
  token: string,
  { decodeJwt, decodeProtectedHeader }: typeof import('jose'),
): boolean {
  try {
    decodeProtectedHeader(token);
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/**
 * The caller lenient auth assumes, without checking anything: the token's own `appid` and `tid`
 * when it is a JWT that has them, else an app id hashed from the token text (so each distinct
 * token is its own app) in the default tenant.
 */
export function unverifiedCaller(token: string): GraphCaller {
  // A client sends the same token for an hour: decoding or hashing it on every request cost
  // more than the rest of an answer from the page cache (issue 13).
  let caller = unverifiedCallers.get(token);
  if (caller === undefined) {
    caller = readUnverifiedCaller(token);
    unverifiedCallers.set(token, caller);
  }
  return caller;
}

/** The callers of recent tokens: 128, so at most 2 MB of tokens under the 16 kB header limit. */
const unverifiedCallers = new BoundedCache<string, GraphCaller>({ maxEntries: 128 });

function readUnverifiedCaller(token: string): GraphCaller {
  // An opaque token has no claims: any non-empty string is accepted in lenient mode.
  const claims = unverifiedClaims(token) ?? {};
  const appId = claims.appid ?? claims.azp;
  return {
    appId: typeof appId === 'string' ? appId : guidFrom('token', token),
    tenantId: typeof claims.tid === 'string' ? claims.tid : DEFAULT_TENANT_ID,
  };
}
