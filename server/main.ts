/**
 * The CLI: `run(argv, env, io)` reads the command line and the environment, serves, prints a
 * token or exports a log, and resolves with the exit code. It touches the process only through
 * `io`, so tests run it in-process; server/bin/main.ts hands it the real process.
 */
import { isIPv6 } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { issueToken, type TokenOptions } from './auth/tokens.js';
import {
  type CliOptions,
  ConfigError,
  parseConfig,
  parseExportConfig,
  parseTokenConfig,
  type TlsSource,
} from './config/parse.js';
import { EXPORT_COMMAND, PROGRAM_NAME, TOKEN_COMMAND } from './config/table.js';
import { EXPORT_USAGE, TOKEN_USAGE, USAGE } from './config/usage.js';
import type { ExportOptions } from './export/export-options.js';
import { listenOnEveryAddress } from './listen.js';
import { openConnections } from './open-connections.js';
import type { TlsOptions } from './options.js';

/** What run() needs of its process; `process` itself is one. */
export interface Io {
  /** A stream, for export's rows: it waits for 'drain' and listens for 'error'. */
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Export draws its progress bar here when it is a terminal. */
  readonly stderr: {
    write(text: string): unknown;
    readonly isTTY?: boolean;
    readonly columns?: number;
  };
  /** Where SIGTERM and SIGINT arrive. */
  once(signal: (typeof SHUTDOWN_SIGNALS)[number], listener: () => void): unknown;
}

type Env = Readonly<Record<string, string | undefined>>;

export const EXIT_OK = 0;
/** 1 for anything that fails at run time; 2 for a usage error, as Unix tools do. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const MS_PER_SECOND = 1000;
/** Characters a POSIX shell takes literally, so a path made of them needs no quotes. */
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

/** A problem of the user's: one line on stderr and this exit code, no stack trace. */
class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * Runs the CLI with `argv` (without the node and script paths). Resolves with the exit code: at
 * once for --help, a token or a bad option; for a server, once a signal has shut it down.
 */
export async function run(argv: readonly string[], env: Env, io: Io): Promise<number> {
  try {
    if (argv[0] === TOKEN_COMMAND) {
      const config = configFrom(() => parseTokenConfig(argv.slice(1), env));
      if (config.kind === 'help') io.stdout.write(`${TOKEN_USAGE}\n`);
      else await printToken(config.options, io);
      return EXIT_OK;
    }
    if (argv[0] === EXPORT_COMMAND) {
      const config = configFrom(() => parseExportConfig(argv.slice(1), env));
      if (config.kind === 'help') io.stdout.write(`${EXPORT_USAGE}\n`);
      else await exportRows(config.options, io);
      return EXIT_OK;
    }
    const config = configFrom(() => parseConfig(argv, env));
    if (config.kind === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    return await serve(config.options, io);
  } catch (error) {
    // Anything but a Failure is a bug, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof Failure)) throw error;
    // A line per problem: scenario files can have several.
    for (const line of error.message.split('\n')) io.stderr.write(`${PROGRAM_NAME}: ${line}\n`);
    return error.exitCode;
  }
}

function configFrom<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    // Anything but a ConfigError is a bug in the parser, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof ConfigError)) throw error;
    throw new Failure(error.message, EXIT_USAGE);
  }
}

/** The token alone, so `$(…)` and scripts take it as is; a terminal gets a newline after it. */
async function printToken(options: TokenOptions, io: Io): Promise<void> {
  const token = await issueToken(options);
  io.stdout.write(io.stdout.isTTY ? `${token}\n` : token);
}

/** The export's rows on stdout or in its file; a failing output is a run-time failure. */
async function exportRows(options: ExportOptions, io: Io): Promise<void> {
  // Loaded only to export, as the app only to serve.
  const { ExportError, runExport } = await import('./export/export-command.js');
  try {
    await runExport(options, io.stdout, io.stderr);
  } catch (error) {
    // Anything but an ExportError is a bug, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof ExportError)) throw error;
    throw new Failure(error.message, EXIT_FAILURE);
  }
}

/** Serves until SIGTERM or SIGINT; resolves with the exit code once shut down. */
async function serve(options: CliOptions, io: Io): Promise<number> {
  const tls = options.tlsSource && (await certificatesFrom(options.tlsSource));
  // Loaded only to serve: the token command and --help have no use for the data model.
  const { buildApp } = await import('./app.js');
  const app = buildApp({ ...options, ...(tls && { tls }) });
  // fastify logs where it listens at info; the banner comes first, so the log waits for it.
  app.log.level = 'silent';
  let addresses: string[];
  try {
    addresses = await listenOnEveryAddress(app, options.host, options.port);
  } catch (error) {
    // listen rejects with Node's system errors (EADDRINUSE, EACCES, EADDRNOTAVAIL, ENOTFOUND).
    throw new Failure(listenFailure(options, error as NodeJS.ErrnoException), EXIT_FAILURE);
  }
  const stopped = new Promise<number>((resolve) => {
    for (const signal of SHUTDOWN_SIGNALS) {
      // once: a second signal during a slow close gets Node's default and ends the process at once.
      io.once(signal, () => void shutDown(app, options.shutdownGraceSeconds).then(resolve));
    }
  });

  // Port 0 asks the OS for a free port, so report the one actually bound.
  const { port } = app.server.address() as { port: number };
  const scheme = tls ? 'https' : 'http';
  const seed = options.seed ?? options.scenarios.find(options.scenario)?.seed;
  io.stdout.write(
    `${PROGRAM_NAME} listening on ${scheme}://${urlHost(options.host)}:${port} (scenario ${options.scenario}, seed ${seed})\n`,
  );
  if (tls?.caPath) {
    io.stdout.write(`trust its CA with NODE_EXTRA_CA_CERTS=${shellWord(tls.caPath)}\n`);
  }
  app.log.level = options.logLevel;
  for (const address of addresses) {
    app.log.info(`Server listening at ${scheme}://${urlHost(address)}:${port}`);
  }
  return stopped;
}

/** The certificate to serve and, for the local CA, the CA file clients should trust. */
async function certificatesFrom(source: TlsSource): Promise<TlsOptions & { caPath?: string }> {
  // Loaded only for HTTPS: node-forge is not needed otherwise.
  const { CertificateError, ensureLocalCertificates, readCertificateFiles } = await import(
    './tls/local-certificates.js'
  );
  try {
    return source.kind === 'files'
      ? readCertificateFiles(source.certFile, source.keyFile)
      : await ensureLocalCertificates(source.dir);
  } catch (error) {
    // Anything but a CertificateError is a bug, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof CertificateError)) throw error;
    throw new Failure(error.message, EXIT_USAGE);
  }
}

function urlHost(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}

/** `path` as one shell word, so the trust line can be pasted as it is. */
function shellWord(path: string): string {
  return SHELL_SAFE.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/**
 * Stops accepting connections and lets requests in flight finish — for `graceSeconds`, after
 * which their connections are cut. Connections without a request in flight end as soon as none
 * is (connection-draining). A failing close is a bug, so it is left to crash with its stack trace.
 */
async function shutDown(app: FastifyInstance, graceSeconds: number): Promise<number> {
  const cutOff = setTimeout(() => {
    app.log.warn(`requests still in flight after ${graceSeconds} s; closing their connections`);
    openConnections(app.server).cutAll();
  }, graceSeconds * MS_PER_SECOND);
  await app.close();
  clearTimeout(cutOff);
  return EXIT_OK;
}

function listenFailure(
  options: CliOptions,
  error: NodeJS.ErrnoException & { address?: string },
): string {
  // A name's second address (localhost's ::1, say) is named alongside it.
  const address = error.address ?? options.host;
  const host = address === options.host ? options.host : `${options.host} (${address})`;
  const where = `${host} port ${options.port}`;
  if (error.code === 'EADDRINUSE') {
    return `cannot listen on ${where}: the port is already in use; stop the other server or choose another --port / PORT`;
  }
  return `cannot listen on ${where}: ${error.message}`;
}
