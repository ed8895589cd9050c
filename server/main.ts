#!/usr/bin/env node
/** The CLI: the only module that reads argv and the environment, listens and exits. */
import { type AddressInfo, isIPv6 } from 'node:net';
import process from 'node:process';
import type { FastifyInstance } from 'fastify';
import { findScenario } from '../scenarios/catalog.js';
import { issueToken, type TokenOptions } from './auth/tokens.js';
import {
  type CliOptions,
  ConfigError,
  PROGRAM_NAME,
  parseConfig,
  parseTokenConfig,
  type TlsSource,
  TOKEN_COMMAND,
  TOKEN_USAGE,
  USAGE,
} from './config.js';
import { openConnections } from './open-connections.js';
import type { ServerOptions, TlsOptions } from './options.js';

/** 2 for a usage error, as Unix tools do; 1 for anything that fails at run time. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const MS_PER_SECOND = 1000;
/** Characters a POSIX shell takes literally, so a path made of them needs no quotes. */
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

const args = process.argv.slice(2);
if (args[0] === TOKEN_COMMAND) {
  const config = readConfig(() => parseTokenConfig(args.slice(1), process.env));
  if (config.kind === 'help') process.stdout.write(`${TOKEN_USAGE}\n`);
  else await printToken(config.options);
} else {
  const config = readConfig(() => parseConfig(args, process.env));
  if (config.kind === 'help') process.stdout.write(`${USAGE}\n`);
  else await serve(config.options);
}

function readConfig<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    // Anything but a ConfigError is a bug in parseConfig, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof ConfigError)) throw error;
    exitWith(error.message, EXIT_USAGE);
  }
}

/** The token alone, so `$(…)` and scripts take it as is; a terminal gets a newline after it. */
async function printToken(options: TokenOptions): Promise<void> {
  const token = await issueToken(options);
  // Tests read stdout through a pipe; a terminal only shows up when a person runs it.
  /* c8 ignore next */
  process.stdout.write(process.stdout.isTTY ? `${token}\n` : token);
}

async function serve(options: CliOptions): Promise<void> {
  // Loaded only to serve: the token command has no use for the data model, and starts faster.
  const { buildApp } = await import('./app.js');
  const tls = options.tlsSource && (await certificatesFrom(options.tlsSource));
  const app = buildApp({ ...options, ...(tls && { tls }) });
  try {
    await app.listen({
      port: options.port,
      host: options.host,
      // fastify names the scheme by its own https option, which a server of ours leaves unset.
      listenTextResolver: (address) =>
        `Server listening at ${tls ? address.replace(/^http:/, 'https:') : address}`,
    });
  } catch (error) {
    // listen rejects with Node's system errors (EADDRINUSE, EACCES, EADDRNOTAVAIL, ENOTFOUND).
    exitWith(listenFailure(options, error as NodeJS.ErrnoException), EXIT_FAILURE);
  }

  for (const signal of SHUTDOWN_SIGNALS) {
    // once: a second signal during a slow close gets Node's default and ends the process at once.
    process.once(signal, () => void shutDown(app, options.shutdownGraceSeconds));
  }

  // Port 0 asks the OS for a free port, so report the one actually bound; a TCP server's
  // address is always an AddressInfo.
  const { port } = app.server.address() as AddressInfo;
  const host = isIPv6(options.host) ? `[${options.host}]` : options.host;
  const seed = options.seed ?? findScenario(options.scenario)?.seed;
  process.stdout.write(
    `${PROGRAM_NAME} listening on ${tls ? 'https' : 'http'}://${host}:${port} (scenario ${options.scenario}, seed ${seed})\n`,
  );
  if (tls?.caPath) {
    process.stdout.write(`trust its CA with NODE_EXTRA_CA_CERTS=${shellWord(tls.caPath)}\n`);
  }
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
    exitWith(error.message, EXIT_USAGE);
  }
}

/** `path` as one shell word, so the trust line can be pasted as it is. */
function shellWord(path: string): string {
  return SHELL_SAFE.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/**
 * Stops accepting connections and lets requests in flight finish — for `graceSeconds`, after
 * which their connections are cut — then exits 0. Connections without a request in flight end
 * as soon as none is (connection-draining). A failing close is a bug, so it is left to crash with
 * its stack trace.
 */
async function shutDown(app: FastifyInstance, graceSeconds: number): Promise<void> {
  const cutOff = setTimeout(() => {
    app.log.warn(`requests still in flight after ${graceSeconds} s; closing their connections`);
    openConnections(app.server).cutAll();
  }, graceSeconds * MS_PER_SECOND);
  await app.close();
  clearTimeout(cutOff);
  process.exit(0);
}

function listenFailure(options: ServerOptions, error: NodeJS.ErrnoException): string {
  const where = `${options.host} port ${options.port}`;
  if (error.code === 'EADDRINUSE') {
    return `cannot listen on ${where}: the port is already in use; stop the other server or choose another --port / PORT`;
  }
  return `cannot listen on ${where}: ${error.message}`;
}

/**
 * One line on stderr, no stack trace: these are the user's problems to fix, not bugs.
 * Node writes stderr synchronously to files and, on Linux, to pipes and terminals too, so the
 * line is out before the exit.
 */
function exitWith(message: string, exitCode: number): never {
  process.stderr.write(`${PROGRAM_NAME}: ${message}\n`);
  process.exit(exitCode);
}
