/**
 * HTTP as bytes on a socket, for what a client library would never send: garbage, half
 * requests, oversized headers, CONNECT.
 */
import { once } from 'node:events';
import { connect } from 'node:net';

/** Writes `bytes` to a fresh connection and collects everything answered until the server closes. */
export async function exchange(port: number, bytes: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setEncoding('utf8');
  let answer = '';
  socket.on('data', (chunk: string) => {
    answer += chunk;
  });
  socket.write(bytes);
  await once(socket, 'close');
  return answer;
}

/** Status line, headers (lower-case names) and JSON body of a raw HTTP response. */
export function parseRawResponse(text: string) {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { statusLine, headers, body, json: JSON.parse(body) };
}
