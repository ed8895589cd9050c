import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_TOKEN_SECRET, signingKeyFor } from '../auth/signing-key.js';
import {
  type GraphCaller,
  type TokenVerdict,
  unverifiedCaller,
  verifyGraphToken,
} from '../auth/tokens.js';
import {
  accessTokenEmpty,
  accessTokenInvalid,
  accessTokenUnparsable,
  forbidden,
  invalidAuthMode,
} from '../errors.js';
import type { AuthMode } from '../options.js';

/**
 * Graph refuses any API call without a bearer token before it looks at the URL.
 *
 * - `lenient` (the default) accepts any non-empty token.
 * - `strict` accepts only a JWT signed with the mock's key (derived from `secret`), for Graph's
 *   audience, within its lifetime, an application token with CallRecords.Read.All; anything
 *   else answers 401 or 403 as Graph does.
 *
 * Either way the caller (app and tenant) lands on `request.graphCaller`. fastify-plugin puts
 * the hook in the scope that registers it — the API routes — so /healthz and the contract stay
 * open, and lets the decorator reach the whole app.
 */
export interface BearerAuthOptions {
  readonly mode: AuthMode;
  /** Secret the token-signing key is derived from; only strict mode uses it. */
  readonly secret: string;
}

export type { GraphCaller };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by bearer-auth on the routes behind it; undefined elsewhere. */
    graphCaller: GraphCaller | undefined;
  }
}

const BEARER = /^Bearer[ \t]+(\S.*)$/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : BEARER.exec(header.trim());
  return match?.[1];
}

/** The caller of a strict verdict, or the Graph error that refuses the request. */
function callerOf(verdict: TokenVerdict): GraphCaller {
  switch (verdict.kind) {
    case 'valid':
      return verdict.caller;
    case 'malformed':
      throw accessTokenUnparsable();
    case 'invalid':
      throw accessTokenInvalid();
    case 'forbidden':
      throw forbidden();
  }
}

/**
 * `x-mock-auth: strict` asks for strict checks on one request of a lenient server, so one test
 * can exercise them without a restart. It never relaxes a strict server.
 */
export const AUTH_HEADER = 'x-mock-auth';

function wantsStrict(request: FastifyRequest): boolean {
  const asked = request.headers[AUTH_HEADER];
  if (asked === undefined) return false;
  const mode = String(asked).trim().toLowerCase();
  if (mode !== 'strict' && mode !== 'lenient') {
    throw invalidAuthMode(AUTH_HEADER, String(asked));
  }
  return mode === 'strict';
}

export const bearerAuth = fp<Partial<BearerAuthOptions>>(
  async (app, options) => {
    if (!app.hasRequestDecorator('graphCaller')) app.decorateRequest('graphCaller', undefined);
    const key = signingKeyFor(options.secret ?? DEFAULT_TOKEN_SECRET);
    const alwaysStrict = options.mode === 'strict';

    // Callback style, not async: a lenient check, the common case, then costs no promise.
    app.addHook('onRequest', (request, _reply, done) => {
      const token = bearerToken(request);
      if (token === undefined) return done(accessTokenEmpty());
      if (!wantsStrict(request) && !alwaysStrict) {
        request.graphCaller = unverifiedCaller(token);
        return done();
      }
      verifyGraphToken(token, key)
        .then((verdict) => {
          if (verdict.kind !== 'valid') request.log.debug({ verdict }, 'bearer token refused');
          request.graphCaller = callerOf(verdict);
        })
        .then(() => done(), done);
    });
  },
  { name: 'bearer-auth' },
);
