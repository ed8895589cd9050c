/**
 * Ways a request can be odd on the wire that inject cannot express: a request-target written
 * raw (spaces, controls, non-ASCII as they are), no Host, HTTP/1.0 or a made-up version,
 * expectations, folded or broken header lines, an oversized header, framing headers, methods
 * Node knows but fastify does not route, and request-targets in absolute, asterisk or fragment
 * form. Only the socket run uses them; each makes a complete request, so an unanswered one is
 * the server's doing, not a request still waiting for bytes.
 */
import fc from 'fast-check';
import { percentEncodeAll } from './mutations.js';
import type { FuzzRequest } from './request-path.js';

export interface WireQuirk {
  readonly name: string;
  /** The version in the request line; '' leaves it out (an HTTP/0.9 request line). */
  readonly version?: string;
  readonly omitHost?: boolean;
  /** Header lines written after the request's own. */
  readonly lines?: readonly string[];
  /** A body that replaces the request's, framed by `lines`. */
  readonly body?: string;
  /** A method instead of the request's; 'lower-case' writes the request's in lower case. */
  readonly method?: string;
  /** A request-target instead of the request's path. */
  readonly target?: string;
  readonly targetPrefix?: string;
  readonly targetSuffix?: string;
  /** `…/x#/last-segment`: the router stops at '#', so it routes `…/x`. */
  readonly fragmentBeforeLastSegment?: boolean;
  /** The path exactly as generated, not encoded as a client would. */
  readonly rawTarget?: boolean;
}

/** The generated path byte for byte: raw spaces, controls and UTF-8 in the request line. */
export const RAW_TARGET: WireQuirk = { name: 'a raw request-target', rawTarget: true };

const DELETE = 0x7f;
const SPACE = 0x20;

/** What a request-target may not carry raw, and WHATWG URLs percent-encode. */
function unsafeInTarget(character: string): boolean {
  const code = character.codePointAt(0)!;
  return code <= SPACE || code >= DELETE || '"<>`{}'.includes(character);
}

/**
 * The path as a client writes it: controls, spaces, non-ASCII and the characters URLs never
 * carry raw percent-encoded (as UTF-8); everything else, '#', '\\' and broken escapes included,
 * as generated.
 */
export function clientEncoded(path: string): string {
  let encoded = '';
  for (const character of path) {
    encoded += unsafeInTarget(character) ? percentEncodeAll(character) : character;
  }
  return encoded;
}

/** A header larger than Node's 16 KB limit on the request head. */
const OVERSIZED_HEADER_BYTES = 20_000;

export const WIRE_QUIRKS: readonly WireQuirk[] = [
  { name: 'HTTP/1.0 without Host', version: '1.0', omitHost: true },
  { name: 'HTTP/1.1 without Host', omitHost: true },
  { name: 'HTTP/1.0 with Host', version: '1.0' },
  { name: 'HTTP/2.0 in the request line', version: '2.0' },
  { name: 'no version in the request line', version: '' },
  { name: 'Expect: 100-continue', lines: ['expect: 100-continue'] },
  { name: 'an unknown expectation', lines: ['expect: fuzz'] },
  { name: 'two Host headers', lines: ['host: other.example'] },
  { name: 'a folded header', lines: ['x-folded: a', ' b'] },
  { name: 'NUL in a header value', lines: ['x-bad: a\u0000b'] },
  { name: 'a space before the colon', lines: ['x-bad : a'] },
  { name: 'a header line without a colon', lines: ['x-bad'] },
  { name: 'an oversized header', lines: [`x-big: ${'a'.repeat(OVERSIZED_HEADER_BYTES)}`] },
  { name: 'a Content-Length that is not a number', lines: ['content-length: abc'] },
  { name: 'an empty chunked body', lines: ['transfer-encoding: chunked'], body: '0\r\n\r\n' },
  { name: 'a lower-case method', method: 'lower-case' },
  { name: 'an unknown method', method: 'FUZZ' },
  { name: 'a WebDAV method', method: 'PROPFIND' },
  { name: 'CONNECT', method: 'CONNECT' },
  { name: 'an absolute-form target', targetPrefix: 'http://127.0.0.1' },
  { name: 'an asterisk-form target', target: '*' },
  { name: 'a fragment', targetSuffix: '#fragment' },
  { name: 'a fragment before the last segment', fragmentBeforeLastSegment: true },
];

/** `/a/b/c?q` → `/a/b/x#/c?q`. */
function hideLastSegment(path: string): string {
  const queryAt = path.indexOf('?');
  const pathPart = queryAt === -1 ? path : path.slice(0, queryAt);
  const slash = pathPart.lastIndexOf('/');
  return `${pathPart.slice(0, slash)}/x#${path.slice(slash)}`;
}

/** The request as the server sees it: its method and request-target after the quirk. */
export function asSent(request: FuzzRequest, quirk: WireQuirk | null): FuzzRequest {
  const written = quirk?.rawTarget ? request.path : clientEncoded(request.path);
  if (quirk === null) return { ...request, path: written };
  const method =
    quirk.method === 'lower-case' ? request.method.toLowerCase() : (quirk.method ?? request.method);
  const path = quirk.fragmentBeforeLastSegment
    ? hideLastSegment(written)
    : (quirk.target ?? `${quirk.targetPrefix ?? ''}${written}${quirk.targetSuffix ?? ''}`);
  return { ...request, method, path };
}

/** Half the requests as a client writes them, a quarter with a raw target, a quarter bent. */
export const wireQuirk: fc.Arbitrary<WireQuirk | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(RAW_TARGET) },
  { weight: 1, arbitrary: fc.constantFrom(...WIRE_QUIRKS) },
);
