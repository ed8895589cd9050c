import { randomUUID } from 'node:crypto';
import { parse as parseForm } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_TOKEN_SECRET,
  jwksOf,
  SIGNING_ALGORITHM,
  signingKeyFor,
} from '../auth/signing-key.js';
import {
  EntraError,
  entraErrorBody,
  type FormFields,
  isAccountType,
  readTokenRequest,
  tenantOfSegment,
} from '../auth/token-request.js';
import { GUID_PATTERN, issueToken, TOKEN_LIFETIME_SECONDS } from '../auth/tokens.js';

/**
 * The mock's stand-in for Entra ID, at Entra's paths, so a client-credentials client pointed
 * at the mock's origin instead of https://login.microsoftonline.com gets tokens strict auth
 * accepts:
 *
 * - `POST /{tenant}/oauth2/v2.0/token` — client credentials, form body, any client secret;
 * - `GET /{tenant}/discovery/v2.0/keys` — the JWKS that verifies the tokens;
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration` — where the two above are.
 *
 * The request picks only the tenant, the client id and (by its scope) one of Graph's two
 * audiences; every token has CallRecords.Read.All. Bad tokens come from the CLI's `token`.
 * Not wrapped in fastify-plugin: the form parser and Entra's error format stay in this scope.
 */
export interface TokenRoutesOptions {
  /** Secret the signing key is derived from; default DEFAULT_TOKEN_SECRET. */
  readonly secret?: string;
  /** Origin written into the OpenID configuration; default each request's origin. */
  readonly publicUrl?: string;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json; charset=utf-8';
/** Entra's headers on token responses: never cache a token. */
const NO_STORE = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' } as const;
/** What Entra writes for the tenant in the configuration of `common` and the other account types. */
const TENANT_PLACEHOLDER = '{tenantid}';

interface TenantParams {
  readonly tenant: string;
}

/** Entra's trace id is ours per request; its correlation id is the caller's client-request-id. */
function entraIds(request: FastifyRequest): { traceId: string; correlationId: string } {
  const sent = request.headers['client-request-id'];
  const correlationId = typeof sent === 'string' && GUID_PATTERN.test(sent) ? sent : randomUUID();
  return { traceId: request.id, correlationId };
}

function sendEntraError(request: FastifyRequest, reply: FastifyReply, error: EntraError) {
  const ids = entraIds(request);
  return reply
    .code(error.statusCode)
    .headers({ ...NO_STORE, 'x-ms-request-id': ids.traceId })
    .type(JSON_TYPE)
    .send(entraErrorBody(error, ids, new Date()));
}

export async function tokenRoutes(
  app: FastifyInstance,
  options: TokenRoutesOptions,
): Promise<void> {
  const key = signingKeyFor(options.secret ?? DEFAULT_TOKEN_SECRET);
  const originOf = (request: FastifyRequest) =>
    options.publicUrl ?? `${request.protocol}://${request.host}`;

  // Entra reads only form bodies; anything else is read and ignored, so its fields are missing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(body as string));
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null));

  app.setErrorHandler((error, request, reply) => {
    // Anything but Entra's own errors (an oversized body, say) goes to the app's handler.
    if (!(error instanceof EntraError)) throw error;
    return sendEntraError(request, reply, error);
  });

  app.post<{ Params: TenantParams }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const fields = (request.body ?? {}) as FormFields;
    const grant = readTokenRequest(request.params.tenant, fields, request.headers.authorization);
    const accessToken = await issueToken({ ...grant, secret: options.secret });
    return reply
      .headers({ ...NO_STORE, 'x-ms-request-id': request.id })
      .type(JSON_TYPE)
      .send({
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
        ext_expires_in: TOKEN_LIFETIME_SECONDS,
        access_token: accessToken,
      });
  });

  app.get('/:tenant/discovery/v2.0/keys', async (_request, reply) =>
    reply.type(JSON_TYPE).send(jwksOf(key)),
  );

  app.get<{ Params: TenantParams }>(
    '/:tenant/v2.0/.well-known/openid-configuration',
    async (request, reply) => {
      const { tenant } = request.params;
      const base = `${originOf(request)}/${encodeURIComponent(tenant)}`;
      const tenantId = isAccountType(tenant) ? TENANT_PLACEHOLDER : tenantOfSegment(tenant);
      return reply.type(JSON_TYPE).send({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
        // Entra's v2 issuer, as its own document says; Graph's tokens carry the v1 issuer,
        // https://sts.windows.net/{tenantid}/.
        issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      });
    },
  );
}
