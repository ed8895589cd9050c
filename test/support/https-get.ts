import { get, type RequestOptions } from 'node:https';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** GET over HTTPS with Node's own client; `agent: false` so no connection outlives the test. */
export function httpsGet(url: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, ...options }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
