import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { GraphError } from '../errors.js';

/**
 * The admin token's guard on a scope: every request must present it, or is answered by
 * `refusal()`. fastify-plugin puts the hook in the registering scope (the control API's, the
 * console's), not at the root. A client sends it as `Authorization: Bearer <token>`; a browser,
 * which cannot add a header to a page it navigates to or to an EventSource, as the password of
 * HTTP Basic (any user name), which it then resends by itself to every URL under the page.
 */
export interface AdminTokenOptions {
  /** No token, no guard. */
  readonly adminToken: string | undefined;
  /** The 401 to answer with; its WWW-Authenticate says which scheme to offer. */
  readonly refusal: () => GraphError;
}

/** The scheme is case-insensitive (RFC 9110). */
const CREDENTIALS = /^(bearer|basic) +(\S+) *$/i;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The token an Authorization header presents: Bearer's credential, or Basic's password. */
export function presentedToken(authorization: string | undefined): string {
  const parts = CREDENTIALS.exec(authorization ?? '');
  if (parts === null) return '';
  if (parts[1]!.toLowerCase() === 'bearer') return parts[2]!;
  const userAndPassword = Buffer.from(parts[2]!, 'base64').toString('utf8');
  const colon = userAndPassword.indexOf(':');
  return colon === -1 ? '' : userAndPassword.slice(colon + 1);
}

export const adminTokenGuard = fp<AdminTokenOptions>(async (app, { adminToken, refusal }) => {
  if (adminToken === undefined) return;
  const expected = sha256(adminToken);
  app.addHook('onRequest', async (request) => {
    const given = presentedToken(request.headers.authorization);
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(sha256(given), expected)) throw refusal();
  });
});
