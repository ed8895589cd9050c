/**
 * Where fuzzed requests go: the app in process through `inject` (fast; light-my-request
 * normalises the URL as WHATWG does), or a listening server over a raw TCP socket, which
 * carries the request-target byte for byte (raw spaces, controls, non-ASCII, '#', '\') and the
 * wire quirks inject cannot express. Both reset the mock's fault counters and journal before a
 * batch, so a batch meets the faults a just-started server would.
 */
import { type AddressInfo, connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { findScenario } from '../../scenarios/catalog.js';
import { FaultState } from '../../scenarios/faults.js';
import { universeFor } from '../../scenarios/universe.js';
import { buildApp } from '../../server/app.js';
import { RequestJournal } from '../../server/request-journal.js';
import type { FuzzResponse } from './oracle.js';
import { type FuzzRequest, TENANTS } from './request-path.js';
import { asSent, type WireQuirk } from './wire-quirks.js';

/** A request light-my-request itself refuses (its WHATWG URL parser throws): not the server's. */
export const REFUSED_BY_INJECT = Symbol('refused by inject');

export interface FuzzTarget {
  /** Sends `request`; a quirk bends it on the wire, and only a socket target can apply one. */
  send(
    request: FuzzRequest,
    quirk: WireQuirk | null,
  ): Promise<FuzzResponse | typeof REFUSED_BY_INJECT>;
  /** The request as the server receives it: its method and request-target after the trip. */
  seenAs(request: FuzzRequest, quirk: WireQuirk | null): FuzzRequest;
  /** GET /healthz answers 200. */
  healthy(): Promise<boolean>;
  /** Back to a just-started server's faults and journal. */
  reset(): void;
  close(): Promise<void>;
}

/** How long a socket request may take before it counts as unanswered. */
const SOCKET_TIMEOUT_MS = 10_000;

/** An app like the CLI's, with its state in hand, and every fuzzed tenant already built. */
async function fuzzApp(): Promise<{ app: FastifyInstance; reset(): void }> {
  const faults = new FaultState();
  const journal = new RequestJournal();
  const app = buildApp({}, { faults, journal });
  await app.ready();
  for (const { scenario, seed } of TENANTS) universeFor(findScenario(scenario)!, seed);
  return {
    app,
    reset: () => {
      faults.reset();
      journal.clear();
    },
  };
}

/**
 * The request-target light-my-request hands fastify: the WHATWG URL of `path` against
 * http://localhost (tabs and newlines dropped, dot segments resolved, '\\' read as '/', other
 * characters percent-encoded, the fragment cut), as its parse-url.js does.
 */
export function injectedPath(path: string): string {
  const url = new URL(path.startsWith('//') ? `http://localhost${path}` : path, 'http://localhost');
  return url.pathname + url.search;
}

export async function injectTarget(): Promise<FuzzTarget> {
  const { app, reset } = await fuzzApp();
  return {
    async send(request, quirk) {
      if (quirk !== null) throw new Error(`inject cannot send ${quirk.name}`);
      try {
        const response = await app.inject({
          method: request.method as 'GET',
          url: request.path,
          headers: request.headers,
          ...(request.body === undefined ? {} : { payload: request.body }),
        });
        return { status: response.statusCode, headers: response.headers, body: response.body };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_INVALID_URL') return REFUSED_BY_INJECT;
        throw error;
      }
    },
    seenAs: (request) => ({ ...request, path: injectedPath(request.path) }),
    async healthy() {
      const response = await app.inject({ method: 'GET', url: '/healthz' });
      return response.statusCode === 200;
    },
    reset,
    close: () => app.close(),
  };
}

/**
 * The bytes of `request` as an HTTP/1.1 client would write them, bent by `quirk`; `sent` is
 * asSent(request, quirk).
 */
export function requestBytes(sent: FuzzRequest, host: string, quirk: WireQuirk | null): Buffer {
  const headers: string[] = [];
  if (!quirk?.omitHost) headers.push(`host: ${sent.headers.host ?? host}`);
  for (const [name, value] of Object.entries(sent.headers)) {
    if (name !== 'host') headers.push(`${name}: ${value}`);
  }
  const body = quirk?.body ?? sent.body;
  if (sent.body !== undefined && quirk?.body === undefined) {
    headers.push(`content-length: ${Buffer.byteLength(sent.body)}`);
  }
  headers.push('connection: close', ...(quirk?.lines ?? []));
  const version = quirk?.version ?? '1.1';
  return Buffer.concat([
    Buffer.from(`${sent.method} `, 'latin1'),
    // A raw client writes the target's characters as UTF-8; the header lines are latin1 already.
    Buffer.from(sent.path, 'utf8'),
    Buffer.from(
      `${version === '' ? '' : ` HTTP/${version}`}\r\n${headers.join('\r\n')}\r\n\r\n`,
      'latin1',
    ),
    Buffer.from(body ?? '', 'utf8'),
  ]);
}

/** Everything the server wrote before it closed the connection, or undefined on a timeout. */
export function exchange(
  port: number,
  bytes: Buffer,
  timeoutMs = SOCKET_TIMEOUT_MS,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may close while we still write (a refused request); what it wrote counts.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    // No half-close: fastify drops the answer of a request whose client has ended its side
    // while the answer is still being made. `connection: close` has the server end it.
    socket.write(bytes);
  });
}

/** A chunked body's data, as far as it is well-formed. */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * The final response in `raw` (1xx interim responses skipped), or undefined if there is none.
 * `method` as sent: only an exact HEAD gets an answer without a body.
 */
export function parseResponse(raw: Buffer, method: string): FuzzResponse | undefined {
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const lines = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines.shift()!)?.[1]);
    if (!Number.isInteger(status)) return undefined;
    rest = rest.subarray(end + 4);
    if (status >= 100 && status < 200) continue;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    return { status, headers, body: bodyOf(rest, status, headers, method).toString('utf8') };
  }
}

function bodyOf(
  rest: Buffer,
  status: number,
  headers: Readonly<Record<string, string>>,
  method: string,
): Buffer {
  if (method === 'HEAD' || status === 204) return Buffer.alloc(0);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return dechunk(rest);
  const length = headers['content-length'];
  return length === undefined ? rest : rest.subarray(0, Number(length));
}

/** An unanswered request: the connection closed, or timed out, without a response. */
export const NO_RESPONSE: FuzzResponse = { status: 0, headers: {}, body: '' };

export async function socketTarget(timeoutMs = SOCKET_TIMEOUT_MS): Promise<FuzzTarget> {
  const { app, reset } = await fuzzApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const send = async (request: FuzzRequest, quirk: WireQuirk | null): Promise<FuzzResponse> => {
    const sent = asSent(request, quirk);
    const raw = await exchange(port, requestBytes(sent, host, quirk), timeoutMs);
    const response = raw === undefined ? undefined : parseResponse(raw, sent.method);
    return response ?? NO_RESPONSE;
  };
  return {
    send,
    seenAs: asSent,
    async healthy() {
      const response = await send({ method: 'GET', path: '/healthz', headers: {} }, null);
      return app.server.listening && response.status === 200;
    },
    reset,
    close: () => app.close(),
  };
}
