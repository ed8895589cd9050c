import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { pathOf } from '../graph/request-target.js';
import { type JournalEntry, type RequestJournal, redactHeaders } from '../request-journal.js';

/**
 * Writes every answered request into the journal, once its status is known. fastify-plugin
 * puts the hook at the root, so it sees every route and the not-found handler alike. The
 * control API and the health check are the mock's own business and are left out.
 */
export interface RequestJournalOptions {
  readonly journal: RequestJournal;
}

const CONTROL_SEGMENT = '_mock';
const HEALTH_SEGMENT = 'healthz';
const MICROSECONDS_PER_MS = 1000;

/** Whether a request is a client's call rather than the mock's own business. */
export function isJournalled(url: string): boolean {
  // The router ignores case, duplicate and trailing slashes, and decodes; so does this. Only
  // the first segment decides, so only it is read: this runs on every request.
  const path = pathOf(url);
  let start = 0;
  while (path.charCodeAt(start) === SLASH) start++;
  let end = path.indexOf('/', start);
  if (end === -1) end = path.length;
  const first = decodedOrAsIs(path.slice(start, end)).toLowerCase();
  if (first === CONTROL_SEGMENT) return false;
  if (first !== HEALTH_SEGMENT) return true;
  // The health check is `healthz` alone: any further segment makes it a client's path.
  for (let i = end; i < path.length; i++) if (path.charCodeAt(i) !== SLASH) return true;
  return false;
}

const SLASH = 0x2f;

function decodedOrAsIs(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // the router will not match it either
  }
}

/**
 * The request's entry, to be written when first read: what it needs is taken now, while the
 * time and the redacted headers, which cost more than the rest of an answer from the page
 * cache, wait for a reader — most entries are never read.
 */
export function journalRecord(request: FastifyRequest, reply: FastifyReply): () => JournalEntry {
  const elapsedMs = reply.elapsedTime;
  const arrivedAtMs = Date.now() - elapsedMs;
  const context = request.mockContext;
  const { method, url, headers } = request;
  const status = reply.statusCode;
  // Undecorated (no scenario route registered) reads as undefined; both mean "none".
  const scenario = context?.scenario ?? null;
  const seed = context?.seed ?? null;
  const fault = context?.fault ?? null;
  return () => ({
    time: new Date(arrivedAtMs).toISOString(),
    method,
    url,
    headers: redactHeaders(headers),
    status,
    scenario,
    seed,
    fault,
    durationMs: Math.round(elapsedMs * MICROSECONDS_PER_MS) / MICROSECONDS_PER_MS,
  });
}

/** Records a request once it is answered — or, for one a network fault cut, once it is gone. */
export function journalResponse(
  journal: RequestJournal,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (isJournalled(request.url)) journal.record(journalRecord(request, reply));
}

export const requestJournal = fp<RequestJournalOptions>(
  async (app, { journal }) => {
    // Callback style: an async hook costs a promise on every request.
    app.addHook('onResponse', (request, reply, done) => {
      journalResponse(journal, request, reply);
      done();
    });
  },
  { name: 'request-journal' },
);
