/**
 * `GET /_mock/requests/stream`: the request journal as server-sent events, for a console that
 * shows requests as they arrive. The stream opens with the whole journal (`journal`, oldest
 * first), then tells each request answered (`entry`) and each clearing (`clear`), so a client
 * that reconnects — EventSource does by itself — starts again from a true copy.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { JournalEntry, JournalEvent, RequestJournal } from '../../request-journal.js';

export interface RequestStreamOptions {
  readonly journal: RequestJournal;
  /** HEARTBEAT_MS unless a test wants to see one sooner. */
  readonly heartbeatMs?: number;
}

/** A comment line this often keeps proxies and idle timeouts from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/** How long EventSource waits before reconnecting, told to it in the stream. */
const RECONNECT_MS = 2_000;

/** One server-sent event. JSON.stringify escapes newlines, so the data is one line. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function frameOf(event: JournalEvent): string {
  return event.type === 'entry' ? sseFrame('entry', event.entry) : sseFrame('clear', {});
}

export function journalFrame(entries: readonly JournalEntry[]): string {
  return sseFrame('journal', { requests: entries });
}

export async function requestStreamRoutes(
  app: FastifyInstance,
  { journal, heartbeatMs = HEARTBEAT_MS }: RequestStreamOptions,
): Promise<void> {
  const open = new Set<ServerResponse>();
  // Before the server closes: a stream never ends by itself, and close() waits for it.
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get('/requests/stream', (_request, reply) => {
    // The stream is written by hand, past fastify's serializers and its end-of-reply hooks.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx and its kin would otherwise hold events back until a buffer fills.
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${RECONNECT_MS}\n\n${journalFrame(journal.entries())}`);
    const unsubscribe = journal.subscribe((event) => response.write(frameOf(event)));
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    open.add(response);
    response.once('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(response);
    });
  });
}
