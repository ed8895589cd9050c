/**
 * The container image's HEALTHCHECK: `run(env, io)` asks the server in this container for
 * /healthz and resolves with 0 when it answers 200, 1 otherwise (Docker reserves 2). It reads
 * PORT and HOST through the server's own parser, so it follows the environment that configures
 * the server; flags given to the server are not visible to it, so it takes none.
 * server/bin/healthcheck.ts runs it on the real process.
 */
import { type ClientRequest, get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet, type RequestOptions } from 'node:https';
import { ConfigError, parseConfig } from './config/parse.js';
import { PROGRAM_NAME } from './config/table.js';
import { PLAIN_HTTP_STATUS } from './tls/plain-http.js';

const HEALTH_PATH = '/healthz';
const HTTP_OK = 200;
/** Per attempt; Docker's own --timeout covers the whole check. */
const ATTEMPT_TIMEOUT_MS = 2000;
const EXIT_HEALTHY = 0;
const EXIT_UNHEALTHY = 1;
/** A server listening on every address is reached on the loopback one of its family. */
const LOOPBACK_FOR = new Map([
  ['0.0.0.0', '127.0.0.1'],
  ['::', '::1'],
]);

type Env = Readonly<Record<string, string | undefined>>;

/** What the check needs of its process; `process` itself is one. */
export interface HealthcheckIo {
  readonly stderr: { write(text: string): unknown };
}

type Get = (
  options: RequestOptions,
  callback: (response: IncomingMessage) => void,
) => ClientRequest;

class AttemptTimeout extends Error {
  override readonly name = 'AttemptTimeout';
}

/** Checks the server `env` configures; resolves with the exit code, and says why on stderr. */
export async function run(env: Env, io: HealthcheckIo): Promise<number> {
  const unhealthy = (reason: string) => {
    // One line, which Docker keeps in the container's health log.
    io.stderr.write(`${PROGRAM_NAME} healthcheck: ${reason}\n`);
    return EXIT_UNHEALTHY;
  };
  let target: RequestOptions;
  try {
    target = targetOf(env);
  } catch (error) {
    // Anything but a ConfigError is a bug in parseConfig, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof ConfigError)) throw error;
    return unhealthy(error.message);
  }
  const where = `${target.host}:${target.port}${HEALTH_PATH}`;
  try {
    const status = await healthStatus(target);
    if (status !== HTTP_OK) return unhealthy(`${where} answered ${status}`);
    return EXIT_HEALTHY;
  } catch (error) {
    return unhealthy(`no answer from ${where}: ${(error as Error).message}`);
  }
}

function targetOf(env: Env): RequestOptions {
  const config = parseConfig([], env);
  // No arguments, so never help; the guard only narrows the type.
  /* c8 ignore next */
  if (config.kind !== 'serve') throw new Error('parseConfig asked for help without --help');
  const { host, port } = config.options;
  if (port === 0) {
    throw new ConfigError(
      'PORT is 0, so the server picked a free port this check cannot know; set PORT',
    );
  }
  return { host: LOOPBACK_FOR.get(host) ?? host, port, path: HEALTH_PATH };
}

/**
 * The status /healthz answers with, over plain HTTP or, when the port speaks TLS (MOCK_TLS),
 * over HTTPS. The certificate is not verified: this is the container checking its own loopback
 * for liveness, not a client deciding whether to trust the server.
 */
async function healthStatus(target: RequestOptions): Promise<number> {
  const overHttps = () => statusOf(httpsGet, { ...target, rejectUnauthorized: false });
  let status: number;
  try {
    status = await statusOf(httpGet, target);
  } catch (error) {
    // Nothing listening, or nothing answering: TLS would not change that.
    const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    if (refused || error instanceof AttemptTimeout) throw error;
    // Something listens but hung up on plain HTTP: a TLS server does that.
    return overHttps();
  }
  // The mock's HTTPS port answers plain HTTP so (tls/plain-http.ts); its /healthz never does.
  return status === PLAIN_HTTP_STATUS ? overHttps() : status;
}

function statusOf(get: Get, target: RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get({ ...target, timeout: ATTEMPT_TIMEOUT_MS }, (response) => {
      response.resume();
      // A client response always has a status code.
      resolve(response.statusCode!);
    });
    request.on('timeout', () =>
      request.destroy(new AttemptTimeout(`no response within ${ATTEMPT_TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
  });
}
