import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { FastifyReply } from 'fastify';
import { MAX_NETWORK_FAULT_MS, type NetworkFault } from '../../../scenarios/network-faults.js';

/**
 * Sends a page as a network fault breaks it (scenarios/network-faults.ts). Every fault but the
 * malformed body leaves the response unfinished or ends its connection, which is the point; each
 * wait (a stall, a dribble) ends when the client goes — fastify destroys the body stream — or
 * when the mock closes, so close() never waits on one.
 */
export interface NetworkFaultSend {
  /** The page's bytes as rendered; never changed, as they may be the page cache's. */
  readonly body: Buffer;
  readonly fault: NetworkFault;
  /** Aborts when the mock closes. */
  readonly closing: AbortSignal;
  /** Called once the connection is gone with the response unfinished: fastify's onResponse never comes for it. */
  readonly onCut: () => void;
}

/** How often a dribble sends, at rates of 10 bytes/s and more. */
const DRIBBLE_TICK_MS = 100;
const MS_PER_SECOND = 1000;
const SPACE = 0x20;
const EMPTY = Buffer.alloc(0);
/** How long after its last byte a connection is reset. */
const RESET_PAUSE_MS = 20;

/**
 * @example
 * // in a handler, after the page is rendered:
 * return sendWithNetworkFault(reply, { body, fault: { kind: 'stall', ms: 5000 }, closing, onCut });
 */
export function sendWithNetworkFault(reply: FastifyReply, send: NetworkFaultSend): FastifyReply {
  const { body, fault } = send;
  if (fault.kind === 'malformedBody') return reply.send(malformedBodyOf(body));
  const response = reply.raw;
  response.once('close', () => {
    if (!response.writableFinished) send.onCut();
  });
  const socket = response.socket as Socket;
  if (fault.kind === 'emptyResponse') {
    // Not a byte: no status line, no headers.
    reply.hijack();
    socket.destroy();
    return reply;
  }
  reply.header('content-length', body.length);
  if (fault.kind === 'connectionReset' || fault.kind === 'truncatedBody') {
    const part = body.subarray(0, cutAt(body.length, fault.afterBytes));
    const end = fault.kind === 'connectionReset' ? resetConnection : destroySocket;
    const stream = cutBody(part, () =>
      // An empty write's callback comes once every byte before it is with the OS.
      socket.write(EMPTY, () => end(socket)),
    );
    stream.once('resume', () => response.flushHeaders());
    return reply.send(stream);
  }
  const stream =
    fault.kind === 'stall'
      ? stalledBody(fault.ms, () => socket.destroy())
      : dribbledBody(body, fault.bytesPerSecond);
  const cut = (): void => {
    socket.destroy();
  };
  send.closing.addEventListener('abort', cut, { once: true });
  stream.once('close', () => send.closing.removeEventListener('abort', cut));
  // The headers go at once, before the body's first byte (or none at all).
  stream.once('resume', () => response.flushHeaders());
  return reply.send(stream);
}

/**
 * Where a cut falls in a body of `length` bytes: after `afterBytes`, or one byte short of its
 * end when the body is no longer, so that the cut always shows.
 */
export function cutAt(length: number, afterBytes: number): number {
  return Math.min(afterBytes, Math.max(length - 1, 0));
}

/**
 * The page at its full length with every byte from its middle on a space: the JSON breaks off
 * mid-row and never closes. The middle is moved back to the start of a UTF-8 character, so the
 * text stays valid UTF-8 and only the JSON is broken.
 */
export function malformedBodyOf(body: Buffer): Buffer {
  const broken = Buffer.from(body);
  let middle = Math.floor(broken.length / 2);
  while (middle > 0 && isContinuationByte(broken[middle]!)) middle--;
  return broken.fill(SPACE, middle);
}

function isContinuationByte(byte: number): boolean {
  // UTF-8's continuation bytes are 10xxxxxx.
  return (byte & 0xc0) === 0x80;
}

/**
 * A body that sends `part` and then, once the socket has handed it to the OS, calls `cut`. The
 * body never ends, so the response is never ended: ending it would half-close the socket (a
 * FIN for `Connection: close`), after which Node can no longer reset it.
 */
function cutBody(part: Buffer, cut: () => void): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) return;
      sent = true;
      // Once the response has taken `part` and written it to the socket.
      if (part.length === 0) setImmediate(cut);
      else this.once('data', () => setImmediate(cut));
      this.push(part);
    },
  });
}

function destroySocket(socket: Socket): void {
  socket.destroy();
}

/** A TCP reset where Node has one: a TLS socket hides its TCP handle, so it is destroyed instead. */
function resetConnection(socket: Socket): void {
  if (socket instanceof TLSSocket) socket.destroy();
  // A reset that reaches the peer before it has read the bytes ahead of it shows there as an
  // orderly end (measured on Linux loopback): the pause lets it read them first.
  else setTimeout(() => socket.destroyed || socket.resetAndDestroy(), RESET_PAUSE_MS);
}

/** A body that sends nothing, and after `ms` calls `end` to close the connection. */
function stalledBody(ms: number, end: () => void): Readable {
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    read() {
      timer ??= setTimeout(end, ms);
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
}

/**
 * `body` at `bytesPerSecond`, in pieces every DRIBBLE_TICK_MS (fewer, of a byte each, below 10
 * bytes/s); what is left after `maxMs` goes at once. The schedule is counted, not read from
 * the clock.
 */
export function dribbledBody(
  body: Buffer,
  bytesPerSecond: number,
  maxMs: number = MAX_NETWORK_FAULT_MS,
): Readable {
  const piece = Math.max(1, Math.floor((bytesPerSecond * DRIBBLE_TICK_MS) / MS_PER_SECOND));
  const intervalMs = (piece * MS_PER_SECOND) / bytesPerSecond;
  let sent = 0;
  let elapsedMs = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    // Node asks for more only after a push, so one timer is pending at a time.
    read() {
      timer = setTimeout(() => {
        timer = undefined;
        elapsedMs += intervalMs;
        const size = elapsedMs >= maxMs ? body.length - sent : piece;
        const next = body.subarray(sent, sent + size);
        sent += next.length;
        this.push(next);
        if (sent >= body.length) this.push(null);
      }, intervalMs);
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
}
