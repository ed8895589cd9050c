import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { accessTokenEmpty } from '../errors.js';

/**
 * Graph refuses any API call without a bearer token before it looks at the URL. This lenient
 * check accepts any non-empty token. fastify-plugin puts the hook in the scope that registers
 * it — the API routes — so /healthz and the contract stay open.
 */
const BEARER = /^Bearer[ \t]+(\S.*)$/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : BEARER.exec(header.trim());
  return match?.[1];
}

export const bearerAuth = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (bearerToken(request) === undefined) throw accessTokenEmpty();
    });
  },
  { name: 'bearer-auth' },
);
