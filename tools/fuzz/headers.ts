/**
 * Request headers for the fuzzer: bearer tokens (missing, empty, bare schemes, opaque junk,
 * JWT-shaped garbage, validly signed tokens with odd claims, 8 KB), client-request-id, the
 * x-mock-fault and x-mock-auth headers, Accept, Host and headers the mock does not know. Values
 * are always ones a socket can carry (see wireHeaderValue).
 */
import fc from 'fast-check';
import { longRun, mostly, sometimes } from './choices.js';

/** Tokens the server can verify, signed ahead of time (signing is async, arbitraries are not). */
export interface HeaderOptions {
  /** At least one; see signedBearerTokens. */
  readonly signedTokens: readonly string[];
}

/**
 * A header value as Node hands it to the server: sent as UTF-8 bytes, read back as latin1,
 * without the control characters the HTTP parser refuses, and with surrounding spaces trimmed.
 * light-my-request passes header values through unchecked, so values a socket could not carry
 * are never generated rather than injected.
 */
export function wireHeaderValue(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '')
    .replace(/^[ \t]+|[ \t]+$/g, '');
}

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Dot-separated base64url that is wrong in some way: what a JWT parser trips over. */
const JWT_SHAPED = [
  `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: 'https://graph.microsoft.com' })}.`,
  `${b64({ alg: 'EdDSA' })}.${b64({})}.${b64('x')}`,
  `${b64({ alg: 'EdDSA', crit: ['exp'] })}.${b64({ exp: 1 })}.AAAA`,
  `${b64({ alg: 'EdDSA', b64: false, crit: ['b64'] })}.${b64({})}.AAAA`,
  `${b64({ alg: 'HS256' })}.${b64({ roles: ['CallRecords.Read.All'] })}.AAAA`,
  `${b64({ alg: 'RS256', kid: 'x' })}.${b64({ appid: 1, tid: {} })}.AAAA`,
  `${b64('[]')}.${b64('[]')}.AAAA`,
  `${b64('null')}.${b64('"x"')}.AAAA`,
  `${b64('{"alg":"EdDSA"')}.${b64('{')}.AAAA`,
  `${b64({ alg: 'EdDSA' })}.${b64({ exp: 'soon', nbf: null, iat: [] })}.AAAA`,
  `${b64({ alg: 'EdDSA' })}.${b64({ appid: 'x'.repeat(2000) })}.AAAA`,
  `${b64({ alg: 'EdDSA' })}..AAAA`,
  `..`,
  `a.b.c`,
  `a.b.c.d.e`,
  `eyJ.eyJ.`,
  `${b64({ alg: 'EdDSA' })}.${b64({})}`,
  `${b64({ alg: 'EdDSA' })}.${b64('{"__proto__":{"roles":["CallRecords.Read.All"]}}')}.AAAA`,
];

const opaqueToken: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('x', 'fuzz', 'null', 'undefined', '0', '…', 'é', 'a b', 'Bearer'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  longRun(['A', 'eyJ', '.', 'é']),
);

/** Any bearer token lenient auth accepts; these vary only the spelling of the scheme. */
const acceptedBearer = fc.constantFrom(
  'Bearer fuzz',
  'bearer x',
  'BEARER x',
  'Bearer\tx',
  'Bearer  x',
);

function authorization(options: HeaderOptions): fc.Arbitrary<string | null> {
  return mostly<string | null>(
    acceptedBearer,
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '',
          'Bearer',
          'Bearer ',
          'bearer',
          'Basic',
          'Basic dXNlcjpwYXNz',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('Negotiate x', 'Token x', 'x', 'Bearerx', 'Bearer x y'),
      },
      { weight: 3, arbitrary: opaqueToken.map((token) => `Bearer ${token}`) },
      { weight: 3, arbitrary: fc.constantFrom(...JWT_SHAPED).map((jwt) => `Bearer ${jwt}`) },
      { weight: 3, arbitrary: fc.constantFrom(...options.signedTokens) },
    ),
  );
}

const clientRequestId: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'é', '"quoted"', '\t\t', '{}', 'null') },
  { weight: 1, arbitrary: longRun(['a', 'é', '-', ' ']) },
);

/** Faults a test asks for, with latencies kept at 5 ms or less so runs stay fast. */
const FAULT_ITEMS = ['429', '503', '504', 'none', 'latency=0', 'latency=1', 'latency=5'] as const;

const ODD_FAULT_ITEMS = [
  'NONE',
  ' 429 ',
  'latency=',
  'latency=-1',
  'latency=1e3',
  'latency=60001',
  'latency=999999',
  'Latency=5',
  '500',
  '418',
  'foo',
  '',
] as const;

const faultHeader: fc.Arbitrary<string | null> = sometimes(
  fc
    .array(mostly(fc.constantFrom(...FAULT_ITEMS), ODD_FAULT_ITEMS), { minLength: 1, maxLength: 3 })
    .map((items) => items.join(',')),
  8,
);

/** A header sent one time in `oneIn`: usually one of `values`, else any short text. */
const optionalHeader = (
  values: fc.Arbitrary<string>,
  odd: readonly string[],
  oneIn: number,
): fc.Arbitrary<string | null> =>
  sometimes(
    mostly(values, fc.oneof(fc.constantFrom(...odd), fc.string({ unit: 'binary', maxLength: 20 }))),
    oneIn,
  );

const ACCEPTS = [
  'application/json',
  'application/json;odata.metadata=none',
  'application/json; odata.metadata = NONE',
  'application/json;odata.metadata=full',
  'application/json;odata.metadata=minimal;odata.streaming=true',
  '*/*',
  'text/html',
  'application/xml',
  'application/json;q=0',
];

const HOSTS = [
  'localhost:80',
  '127.0.0.1:3000',
  '[::1]:3000',
  'graph.microsoft.com',
  'example.com:99999',
  'a b',
  'é',
  'host/path',
  'host?x',
  'host#x',
  '-bad-',
  '[::1',
  'user@host',
  'h'.repeat(300),
];

const UNKNOWN_HEADERS = [
  ['prefer', 'odata.maxpagesize=10'],
  ['if-none-match', '*'],
  ['range', 'bytes=0-10'],
  ['x-forwarded-host', 'evil.example'],
  ['x-forwarded-proto', 'https'],
  ['x-http-method-override', 'DELETE'],
  ['x-ms-client-request-id', 'x'],
  ['cookie', 'a=b'],
  ['origin', 'null'],
  ['accept-encoding', 'gzip, br'],
  ['accept-charset', 'utf-16'],
  ['consistencylevel', 'eventual'],
] as const;

export interface HeaderChoice {
  readonly authorization: string | null;
  readonly clientRequestId: string | null;
  readonly fault: string | null;
  readonly auth: string | null;
  readonly accept: string | null;
  readonly host: string | null;
  readonly unknown: ReadonlyArray<readonly [string, string]>;
}

export function headerChoice(options: HeaderOptions): fc.Arbitrary<HeaderChoice> {
  return fc.record({
    authorization: authorization(options),
    clientRequestId,
    fault: faultHeader,
    auth: optionalHeader(
      fc.constantFrom('strict', 'lenient', ' STRICT ', 'Strict'),
      ['relaxed', 'strict,strict', ''],
      12,
    ),
    accept: optionalHeader(fc.constantFrom(...ACCEPTS), ['', 'a'.repeat(9000)], 5),
    host: sometimes(fc.constantFrom(...HOSTS), 10),
    unknown: fc.subarray([...UNKNOWN_HEADERS], { maxLength: 2 }),
  });
}
