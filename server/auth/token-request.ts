/**
 * Entra ID's client-credentials token request (`POST /{tenant}/oauth2/v2.0/token`), read and
 * checked as Entra does, and Entra's errors for it. No fastify types: the route only wires it.
 */
import { GRAPH_APP_ID, GRAPH_RESOURCE, isGuid, tenantIdOf } from './tokens.js';

/** An OAuth error as Entra renders it: status, OAuth `error`, AADSTS number and message. */
export class EntraError extends Error {
  override readonly name = 'EntraError';

  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export interface EntraErrorBody {
  readonly error: string;
  readonly error_description: string;
  readonly error_codes: readonly number[];
  readonly timestamp: string;
  readonly trace_id: string;
  readonly correlation_id: string;
  readonly error_uri: string;
}

/** Entra's timestamps: `2024-06-01 12:00:00Z`. */
function entraTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Entra's body: the description ends with the trace id, correlation id and time, CRLF-separated. */
export function entraErrorBody(
  error: EntraError,
  ids: { readonly traceId: string; readonly correlationId: string },
  now: Date,
): EntraErrorBody {
  const timestamp = entraTimestamp(now);
  return {
    error: error.error,
    error_description: `${error.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.aadsts],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}`,
  };
}

const missingParameter = (name: string): EntraError =>
  new EntraError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );

/** The tenant segments that name an account type, not a tenant: client credentials need a tenant. */
const ACCOUNT_TYPE_TENANTS = new Set(['common', 'organizations', 'consumers']);
const CLIENT_CREDENTIALS = 'client_credentials';
const DEFAULT_SCOPE_SUFFIX = '/.default';
/** The resources a `{resource}/.default` scope may name, and the `aud` each gives. */
const GRAPH_RESOURCES: ReadonlyMap<string, string> = new Map([
  [GRAPH_RESOURCE, GRAPH_RESOURCE],
  // `https://graph.microsoft.com//.default` is a common spelling, and Entra takes it.
  [`${GRAPH_RESOURCE}/`, GRAPH_RESOURCE],
  [GRAPH_APP_ID, GRAPH_APP_ID],
]);

/** A token request's form fields: one string each (a repeated field counts by its first value). */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a well-formed request asks for. */
export interface TokenGrant {
  readonly clientId: string;
  readonly tenantId: string;
  readonly audience: string;
}

export function isAccountType(tenant: string): boolean {
  return ACCOUNT_TYPE_TENANTS.has(tenant.toLowerCase());
}

/** The tenant a path segment names, as a GUID; Entra's errors for segments that name none. */
export function tenantOfSegment(tenant: string): string {
  if (isAccountType(tenant)) {
    throw new EntraError(
      400,
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
    );
  }
  const tenantId = tenantIdOf(tenant);
  if (tenantId === undefined) {
    throw new EntraError(
      400,
      'invalid_request',
      900023,
      `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
    );
  }
  return tenantId;
}

/** client_id and client_secret from an `Authorization: Basic` header (client_secret_basic). */
export function basicCredentials(
  authorization: string | undefined,
): { readonly clientId: string; readonly secret: string } | undefined {
  const match = /^Basic[ \t]+(\S+)\s*$/i.exec(authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
  const part = (raw: string) => decodeURIComponent(raw.replace(/\+/g, ' '));
  try {
    return { clientId: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * Checks a client-credentials request in Entra's order and says what token it earns. Any
 * client secret (or assertion) is accepted; only its presence is checked.
 */
export function readTokenRequest(
  tenant: string,
  fields: FormFields,
  authorization?: string,
): TokenGrant {
  const tenantId = tenantOfSegment(tenant);
  const field = (name: string): string | undefined => {
    const value = fields[name];
    const first = typeof value === 'string' ? value : value?.[0];
    return first === '' ? undefined : first;
  };
  const basic = basicCredentials(authorization);

  const grantType = field('grant_type');
  if (grantType === undefined) throw missingParameter('grant_type');
  if (grantType !== CLIENT_CREDENTIALS) {
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const clientId = field('client_id') ?? basic?.clientId;
  if (clientId === undefined || clientId === '') throw missingParameter('client_id');
  if (!isGuid(clientId)) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. ` +
        'This can happen if the application has not been installed by the administrator of the tenant ' +
        'or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.',
    );
  }
  const scope = field('scope');
  if (scope === undefined) throw missingParameter('scope');
  if (
    field('client_secret') === undefined &&
    field('client_assertion') === undefined &&
    !basic?.secret
  ) {
    throw new EntraError(
      400,
      'invalid_request',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    );
  }
  return { clientId: clientId.toLowerCase(), tenantId, audience: audienceOf(scope, tenant) };
}

/** The `aud` a client-credentials scope asks for: `{Graph}/.default`, nothing else. */
function audienceOf(scope: string, tenant: string): string {
  const scopes = scope.split(/\s+/).filter((value) => value !== '');
  if (scopes.length === 0 || !scopes.every((value) => value.endsWith(DEFAULT_SCOPE_SUFFIX))) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value ` +
        'with /.default suffixed to the resource identifier (application ID URI).',
    );
  }
  const resource = scopes[0]!.slice(0, -DEFAULT_SCOPE_SUFFIX.length);
  const audience = GRAPH_RESOURCES.get(resource.toLowerCase());
  if (audience === undefined) {
    throw new EntraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. ` +
        'This can happen if the application has not been installed by the administrator of the tenant ' +
        'or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
    );
  }
  return audience;
}
