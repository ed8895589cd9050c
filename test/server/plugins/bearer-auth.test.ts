import type { FastifyRequest } from 'fastify';
import t from 'tap';
import { bearerToken } from '../../../server/plugins/bearer-auth.js';

const withAuthorization = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as FastifyRequest;

t.test('the token is whatever follows the Bearer scheme, in any case', async (t) => {
  const cases: Record<string, string> = {
    'Bearer abc': 'abc',
    'bearer abc': 'abc',
    'BEARER abc': 'abc',
    'Bearer\tabc': 'abc',
    '  Bearer   abc  ': 'abc',
    'Bearer a b': 'a b',
    'Bearer eyJ0eXAi.eyJhdWQi.sig': 'eyJ0eXAi.eyJhdWQi.sig',
  };
  for (const [header, token] of Object.entries(cases)) {
    t.equal(bearerToken(withAuthorization(header)), token, JSON.stringify(header));
  }
});

t.test('no header, another scheme or an empty token is no token', async (t) => {
  t.equal(bearerToken(withAuthorization()), undefined, 'no header');
  for (const header of [
    '',
    'Bearer',
    'Bearer ',
    'Bearer \t ',
    'Bearerabc',
    'Basic abc',
    'abc',
    'Token Bearer abc',
  ]) {
    t.equal(bearerToken(withAuthorization(header)), undefined, JSON.stringify(header));
  }
});
