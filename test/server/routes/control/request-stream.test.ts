/**
 * GET /_mock/requests/stream: the journal as server-sent events over a real connection (inject
 * waits for a response to end, and this one never does). It opens with the whole journal,
 * then tells each request and each clearing; heartbeats keep it open; closing the app ends it.
 */
import { get, type IncomingMessage } from 'node:http';
import Fastify from 'fastify';
import t from 'tap';
import { RequestJournal } from '../../../../server/request-journal.js';
import {
  HEARTBEAT_MS,
  journalFrame,
  requestStreamRoutes,
  sseFrame,
} from '../../../../server/routes/control/request-stream.js';
import { buildControlTestApp } from '../../../support/control-app.js';
import { pstnCallsPath, TOKEN } from '../../../support/graph.js';

interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Reads a text/event-stream by its blank-line framing; comments come back as `: …` text. */
class EventReader {
  private buffered = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The next frame's raw text, without its closing blank line; null once the stream ends. */
  async nextFrame(): Promise<string | null> {
    for (;;) {
      const end = this.buffered.indexOf('\n\n');
      if (end !== -1) {
        const frame = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 2);
        return frame;
      }
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.buffered += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next event, skipping comments. */
  async nextEvent(): Promise<ServerSentEvent> {
    for (;;) {
      const frame = await this.nextFrame();
      if (frame === null) throw new Error('the stream ended');
      if (frame.startsWith(':')) continue;
      const fields = Object.fromEntries(
        frame
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      return { event: fields.event!, data: JSON.parse(fields.data!) };
    }
  }
}

async function openStream(url: string): Promise<{ response: Response; events: EventReader }> {
  const response = await fetch(`${url}/_mock/requests/stream`);
  return { response, events: new EventReader(response.body!.getReader()) };
}

t.test('a frame is one event line and one data line of JSON, newlines escaped', async (t) => {
  t.equal(sseFrame('entry', { url: '/a\n/b' }), 'event: entry\ndata: {"url":"/a\\n/b"}\n\n');
  t.equal(journalFrame([]), 'event: journal\ndata: {"requests":[]}\n\n');
  t.equal(HEARTBEAT_MS, 15_000, 'well inside common 30–60 s idle timeouts');
});

t.test('the stream opens with the journal, then tells requests and clearings', async (t) => {
  const { app } = buildControlTestApp();
  t.teardown(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const page = (id: string) =>
    fetch(`${url}${pstnCallsPath('v1.0', '2024-06-01', '2024-06-02', '?$top=1')}`, {
      headers: { authorization: TOKEN, 'client-request-id': id },
    });
  t.equal((await page('before')).status, 200);

  const { response, events } = await openStream(url);
  t.equal(response.status, 200);
  t.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  t.equal(response.headers.get('cache-control'), 'no-store');
  t.equal(response.headers.get('x-accel-buffering'), 'no');
  t.equal(await events.nextFrame(), 'retry: 2000', 'EventSource is told how soon to reconnect');

  const opening = await events.nextEvent();
  t.equal(opening.event, 'journal');
  const { requests } = opening.data as { requests: { headers: Record<string, string> }[] };
  t.same(
    requests.map((entry) => entry.headers['client-request-id']),
    ['before'],
  );

  t.equal((await page('during')).status, 200);
  const entry = await events.nextEvent();
  t.equal(entry.event, 'entry');
  t.match(entry.data, {
    method: 'GET',
    status: 200,
    scenario: 'default',
    headers: { 'client-request-id': 'during' },
  });
  t.notMatch(JSON.stringify(entry.data), TOKEN.split('.').at(-1)!, 'the token is redacted');

  t.equal((await fetch(`${url}/_mock/requests`, { method: 'DELETE' })).status, 204);
  t.same(await events.nextEvent(), { event: 'clear', data: {} });
  t.equal((await fetch(`${url}/_mock/reset`, { method: 'POST' })).status, 204);
  t.same(await events.nextEvent(), { event: 'clear', data: {} }, 'reset clears it too');

  // close() does not wait for the stream: it ends it.
  await app.close();
  t.equal(await events.nextFrame(), null, 'the stream ends with the server');
});

/** A journal that counts its subscribers, to see a stream let go of it. */
class CountingJournal extends RequestJournal {
  subscribers = 0;

  override subscribe(listener: Parameters<RequestJournal['subscribe']>[0]): () => void {
    this.subscribers++;
    const unsubscribe = super.subscribe(listener);
    return () => {
      this.subscribers--;
      unsubscribe();
    };
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

t.test('a quiet stream carries heartbeats', async (t) => {
  const app = Fastify();
  await app.register(requestStreamRoutes, {
    prefix: '/_mock',
    journal: new RequestJournal(),
    heartbeatMs: 5,
  });
  t.teardown(() => app.close());
  const { events } = await openStream(await app.listen({ host: '127.0.0.1', port: 0 }));
  t.equal(await events.nextFrame(), 'retry: 2000');
  t.equal((await events.nextEvent()).event, 'journal');
  t.equal(await events.nextFrame(), ': heartbeat');
  t.equal(await events.nextFrame(), ': heartbeat');
});

t.test('a client that goes away is unsubscribed from the journal', async (t) => {
  const journal = new CountingJournal();
  const app = Fastify();
  await app.register(requestStreamRoutes, { prefix: '/_mock', journal });
  t.teardown(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  // node:http, not fetch: destroying the request closes the socket at once, where an aborted
  // fetch may keep its connection until undici lets it go.
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`${url}/_mock/requests/stream`, resolve).on('error', reject),
  );
  t.equal(response.statusCode, 200);
  t.equal(journal.subscribers, 1);
  response.destroy();
  await until(() => journal.subscribers === 0);
  t.equal(journal.subscribers, 0);
});
