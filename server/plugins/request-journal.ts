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
  // The router ignores case, duplicate and trailing slashes, and decodes; so does this.
  const segments = pathOf(url)
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodedOrAsIs(segment).toLowerCase());
  if (segments[0] === CONTROL_SEGMENT) return false;
  return !(segments.length === 1 && segments[0] === HEALTH_SEGMENT);
}

function decodedOrAsIs(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // the router will not match it either
  }
}

export function journalEntry(request: FastifyRequest, reply: FastifyReply): JournalEntry {
  const elapsedMs = reply.elapsedTime;
  const context = request.mockContext;
  return {
    time: new Date(Date.now() - elapsedMs).toISOString(),
    method: request.method,
    url: request.url,
    headers: redactHeaders(request.headers),
    status: reply.statusCode,
    // Undecorated (no scenario route registered) reads as undefined; both mean "none".
    scenario: context?.scenario ?? null,
    seed: context?.seed ?? null,
    fault: context?.fault ?? null,
    durationMs: Math.round(elapsedMs * MICROSECONDS_PER_MS) / MICROSECONDS_PER_MS,
  };
}

/** Records a request once it is answered — or, for one a network fault cut, once it is gone. */
export function journalResponse(
  journal: RequestJournal,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (isJournalled(request.url)) journal.record(journalEntry(request, reply));
}

export const requestJournal = fp<RequestJournalOptions>(
  async (app, { journal }) => {
    app.addHook('onResponse', async (request, reply) => journalResponse(journal, request, reply));
  },
  { name: 'request-journal' },
);
