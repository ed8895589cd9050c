import fc from 'fast-check';
import { decodeJwt } from 'jose';
import t from 'tap';
import { unverifiedClaims } from '../../../server/auth/unverified-claims.js';

/** What jose's decodeJwt makes of `token`: its claims, or undefined where it throws. */
function joseClaims(token: string): unknown {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

const RUNS = 2000;
const b64u = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const CASES: readonly string[] = [
  `h.${b64u('{"appid":"a","tid":"t"}')}.s`,
  `h.${b64u('{"azp":"a"}')}.`,
  `.${b64u('{}')}.`,
  `h.${b64('{"appid":"a"}')}.s`, // padded base64
  `h.${b64u('{"name":"Zoë ✓"}')}.s`,
  `h.${b64('{"x":"?>?>?>"}')}.s`, // + and / are not base64url
  `h.${b64u('[1,2]')}.s`,
  `h.${b64u('null')}.s`,
  `h.${b64u('"text"')}.s`,
  `h.${b64u('{"a":1')}.s`,
  `h.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.s`, // not UTF-8
  `h.${b64u('{"__proto__":{"appid":"x"}}')}.s`,
  `h.${b64u('{"appid":"a"}').replace(/^(..)/, '$1 ')}.s`, // whitespace inside the payload
  `h.${b64u('{"appid":"a"}')}`,
  `h.${b64u('{"appid":"a"}')}.s.e.x`, // five parts: a JWE
  `h.${b64u('{"appid":"a"}')}.s.e`,
  'h..s',
  'anything',
  '...',
  `h.${b64u('{"appid":"a"}')}a.s`, // a length no base64 has
  `h.${b64u('{"appid":"a"}')}!.s`,
];

t.test('a token reads as jose’s decodeJwt reads it, for every kind of token', async (t) => {
  for (const token of CASES) t.same(unverifiedClaims(token), joseClaims(token), token);
});

t.test('any string of JWT-ish characters reads as decodeJwt reads it', async (t) => {
  const jwtish = fc.string({
    unit: fc.constantFrom(...'.eyJhbGciOi0123456789-_+/=  \t{}"abcdefxyzXYZ'),
    maxLength: 60,
  });
  const withJsonPayload = fc
    .tuple(fc.jsonValue(), fc.constantFrom(b64u, b64))
    .map(([value, encode]) => `h.${encode(JSON.stringify(value) ?? 'null')}.s`);
  fc.assert(
    fc.property(fc.oneof(jwtish, withJsonPayload), (token) => {
      const ours = unverifiedClaims(token);
      const theirs = joseClaims(token);
      return (
        JSON.stringify(ours) === JSON.stringify(theirs) &&
        (ours === undefined) === (theirs === undefined)
      );
    }),
    { numRuns: RUNS },
  );
  t.pass(`${RUNS} generated tokens read alike`);
});
