/**
 * The CLI's configuration: flags and environment variables in, ServerOptions out.
 * Pure, so it is tested without spawning anything; main.ts hands it process.argv and process.env.
 */
import { isIP } from 'node:net';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { LogLevel } from 'fastify';
import { DEFAULT_SCENARIO_NAME, findScenario, scenarioNames } from '../scenarios/catalog.js';
import {
  CALL_RECORDS_ROLE,
  DEFAULT_CLIENT_ID,
  DEFAULT_TENANT_ID,
  GRAPH_RESOURCE,
  isGuid,
  TOKEN_LIFETIME_SECONDS,
  type TokenOptions,
  tenantIdOf,
} from './auth/tokens.js';
import {
  AUTH_MODES,
  type AuthMode,
  type CorsOrigins,
  LOG_LEVELS,
  type ServerOptions,
} from './options.js';
import { MAX_SEED, parseSeed } from './seed.js';
import { defaultCertificateDirectory } from './tls/paths.js';

export const PROGRAM_NAME = 'graph-callrecords-mock';
/** The subcommand that prints an access token instead of serving. */
export const TOKEN_COMMAND = 'token';

const DEFAULT_PORT = 3000;
const MAX_PORT = 65_535;
/** fastify binds `localhost` on both 127.0.0.1 and ::1, so clients resolving it either way connect. */
const DEFAULT_HOST = 'localhost';
const DEFAULT_LOG_LEVEL: LogLevel = 'info';
/** Seeds are unsigned 32-bit integers. */
const MAX_HOSTNAME_LENGTH = 253;
const HOSTNAME_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DECIMAL_DIGITS = /^\d+$/;
const WEB_PROTOCOLS = ['http:', 'https:'];
/** Within Docker's default stop timeout of 10 s, after which it kills the process. */
const DEFAULT_SHUTDOWN_GRACE = 8;
const MAX_SHUTDOWN_GRACE = 3600;
/** A token may live a day at most; Entra's live 60 to 90 minutes. */
const MAX_TOKEN_LIFETIME = 86_400;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Where HTTPS gets its certificate: the local CA kept in `dir`, which the CLI creates on first use,
 * or the user's own files. The CLI reads them; parseConfig only says which.
 */
export type TlsSource =
  | { readonly kind: 'local-ca'; readonly dir: string }
  | { readonly kind: 'files'; readonly certFile: string; readonly keyFile: string };

/**
 * ServerOptions as the CLI resolves them: the scenario and log level are always set, and HTTPS,
 * when on, is described by `tlsSource` (main.ts turns it into ServerOptions' `tls`).
 */
export type CliOptions = ServerOptions &
  Required<Pick<ServerOptions, 'scenario' | 'logLevel'>> & {
    readonly tlsSource?: TlsSource;
    /** How long requests in flight may take to finish after SIGTERM or SIGINT. */
    readonly shutdownGraceSeconds: number;
  };

/** `help` when the caller should print USAGE instead of serving. */
export type Config =
  | { readonly kind: 'help' }
  | { readonly kind: 'serve'; readonly options: CliOptions };

/** `help` when the caller should print TOKEN_USAGE instead of a token. */
export type TokenConfig =
  | { readonly kind: 'help' }
  | { readonly kind: 'token'; readonly options: TokenOptions };

type FlagTable = NonNullable<ParseArgsConfig['options']>;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  scenario: { type: 'string' },
  'public-url': { type: 'string' },
  'log-level': { type: 'string' },
  auth: { type: 'string' },
  'token-secret': { type: 'string' },
  control: { type: 'string' },
  tls: { type: 'boolean' },
  'tls-dir': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'admin-token': { type: 'string' },
  cors: { type: 'string' },
  'shutdown-grace': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagTable;

const TOKEN_FLAGS = {
  expired: { type: 'boolean' },
  'not-yet-valid': { type: 'boolean' },
  audience: { type: 'string' },
  role: { type: 'string', multiple: true },
  'no-role': { type: 'boolean' },
  delegated: { type: 'boolean' },
  'client-id': { type: 'string' },
  tenant: { type: 'string' },
  lifetime: { type: 'string' },
  'token-secret': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagTable;

/** What parseArgs hands back, loosely: string values, booleans, and lists of repeated flags. */
type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
type Env = Readonly<Record<string, string | undefined>>;

/** One option, settable by a flag and, for most, an environment variable. */
interface Setting<T> {
  readonly flag: string;
  readonly env?: string;
  /** Completes "expected …" in the error message. */
  readonly expected: string;
  /** The value, or undefined when `raw` is not acceptable. */
  readonly parse: (raw: string) => T | undefined;
}

const PORT: Setting<number> = {
  flag: 'port',
  env: 'PORT',
  expected: `an integer from 0 to ${MAX_PORT}`,
  parse: (raw) => parseInteger(raw, MAX_PORT),
};

const HOST: Setting<string> = {
  flag: 'host',
  env: 'HOST',
  expected: 'a hostname or an IP address, e.g. localhost, 0.0.0.0 or ::1',
  parse: (raw) => (isHost(raw) ? raw : undefined),
};

const SEED: Setting<number> = {
  flag: 'seed',
  env: 'MOCK_SEED',
  expected: `a decimal integer from 0 to ${MAX_SEED}`,
  parse: parseSeed,
};

const SCENARIO: Setting<string> = {
  flag: 'scenario',
  env: 'MOCK_SCENARIO',
  expected: `one of ${scenarioNames().join(', ')}`,
  parse: (raw) => findScenario(raw)?.name,
};

const PUBLIC_URL: Setting<string> = {
  flag: 'public-url',
  env: 'MOCK_PUBLIC_URL',
  expected:
    'an http or https origin with no path, query or fragment, e.g. https://mock.example:8443',
  parse: parseOrigin,
};

const LOG_LEVEL: Setting<LogLevel> = {
  flag: 'log-level',
  env: 'MOCK_LOG_LEVEL',
  expected: `one of ${LOG_LEVELS.join(', ')}`,
  parse: (raw) => LOG_LEVELS.find((level) => level === raw),
};

const AUTH: Setting<AuthMode> = {
  flag: 'auth',
  env: 'MOCK_AUTH',
  expected: `one of ${AUTH_MODES.join(', ')}`,
  parse: (raw) => AUTH_MODES.find((mode) => mode === raw),
};

const CONTROL: Setting<boolean> = {
  flag: 'control',
  env: 'MOCK_CONTROL',
  expected: 'on or off',
  parse: (raw) => (raw === 'on' ? true : raw === 'off' ? false : undefined),
};

/** Only MOCK_TLS goes through parse: the flag is a bare `--tls`. */
const TLS: Setting<boolean> = {
  flag: 'tls',
  env: 'MOCK_TLS',
  expected: '1, true or on, or 0, false or off',
  parse: parseSwitch,
};

const TLS_DIR: Setting<string> = {
  flag: 'tls-dir',
  env: 'MOCK_TLS_DIR',
  expected: 'a directory path',
  parse: nonEmpty,
};

const TLS_CERT: Setting<string> = {
  flag: 'tls-cert',
  env: 'MOCK_TLS_CERT',
  expected: 'the path of a PEM certificate file',
  parse: nonEmpty,
};

const TLS_KEY: Setting<string> = {
  flag: 'tls-key',
  env: 'MOCK_TLS_KEY',
  expected: 'the path of a PEM private key file',
  parse: nonEmpty,
};

const ADMIN_TOKEN: Setting<string> = {
  flag: 'admin-token',
  env: 'MOCK_ADMIN_TOKEN',
  expected: 'a non-empty token',
  parse: nonEmpty,
};

const CORS: Setting<CorsOrigins | false> = {
  flag: 'cors',
  env: 'MOCK_CORS',
  expected: 'off, * or a comma-separated list of origins, e.g. http://localhost:5173',
  parse: parseCorsOrigins,
};

const SHUTDOWN_GRACE: Setting<number> = {
  flag: 'shutdown-grace',
  env: 'MOCK_SHUTDOWN_GRACE',
  expected: `a whole number of seconds from 0 to ${MAX_SHUTDOWN_GRACE}`,
  parse: (raw) => parseInteger(raw, MAX_SHUTDOWN_GRACE),
};

const SWITCH_VALUES: Readonly<Record<string, boolean>> = {
  1: true,
  true: true,
  on: true,
  0: false,
  false: false,
  off: false,
};

const TOKEN_SECRET: Setting<string> = {
  flag: 'token-secret',
  env: 'MOCK_TOKEN_SECRET',
  expected: 'a non-empty secret',
  parse: nonEmpty,
};

const AUDIENCE: Setting<string> = {
  flag: 'audience',
  expected: `a non-empty audience, e.g. ${GRAPH_RESOURCE} or api://another-api`,
  parse: nonEmpty,
};

const CLIENT_ID: Setting<string> = {
  flag: 'client-id',
  expected: `an application id (a GUID), e.g. ${DEFAULT_CLIENT_ID}`,
  parse: (raw) => (isGuid(raw) ? raw.toLowerCase() : undefined),
};

const TENANT: Setting<string> = {
  flag: 'tenant',
  expected: 'a tenant id (a GUID) or a domain name, e.g. contoso.onmicrosoft.com',
  parse: tenantIdOf,
};

const LIFETIME: Setting<number> = {
  flag: 'lifetime',
  expected: `a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME}`,
  parse: (raw) => {
    const seconds = parseInteger(raw, MAX_TOKEN_LIFETIME);
    return seconds === 0 ? undefined : seconds;
  },
};

export const USAGE = `Usage: ${PROGRAM_NAME} [options]
       ${PROGRAM_NAME} ${TOKEN_COMMAND} [token options]    (see ${TOKEN_COMMAND} --help)

Serves a deterministic mock of the Microsoft Graph getPstnCalls API.
Each option can also be set by the environment variable shown; the flag wins.

Options:
  --port <n>             PORT
      Port to listen on, 0 to ${MAX_PORT}; 0 picks a free port. Default: ${DEFAULT_PORT}.
  --host <host>          HOST
      Hostname or IP address to listen on. Default: ${DEFAULT_HOST} (both 127.0.0.1 and ::1).
  --seed <n>             MOCK_SEED
      Seed from 0 to ${MAX_SEED}, overriding the scenario's own seed.
  --scenario <name>      MOCK_SCENARIO
      Scenario served when a request names none: ${scenarioNames().join(', ')}. Default: ${DEFAULT_SCENARIO_NAME}.
  --public-url <origin>  MOCK_PUBLIC_URL
      Origin written into @odata.nextLink and @odata.context, e.g. https://mock.example:8443.
      Default: the origin of each request.
  --log-level <level>    MOCK_LOG_LEVEL
      One of ${LOG_LEVELS.join(', ')}. Default: ${DEFAULT_LOG_LEVEL}.
  --auth <mode>          MOCK_AUTH
      lenient: any non-empty bearer token is accepted.
      strict: only tokens the mock signed (see ${TOKEN_COMMAND} and POST /{tenant}/oauth2/v2.0/token),
      for Graph, unexpired, with the CallRecords.Read.All application role. Default: lenient.
  --token-secret <s>     MOCK_TOKEN_SECRET
      Secret the token-signing key is derived from; the ${TOKEN_COMMAND} command must use the same.
      Default: a fixed secret.
  --control <on|off>     MOCK_CONTROL
      Serve the control API under /_mock (scenarios, request journal, reset, summary).
      Default: on.
  --tls                  MOCK_TLS
      Serve HTTPS, with a certificate for localhost, 127.0.0.1 and ::1 signed by a local CA that
      is created on first use. Clients trust it with NODE_EXTRA_CA_CERTS=<tls dir>/ca.pem, which
      the mock prints at start-up. MOCK_TLS takes 1, true or on, or 0, false or off. Default: off.
  --tls-dir <dir>        MOCK_TLS_DIR
      Where the local CA and the certificate are kept, and reused. Default:
      $XDG_DATA_HOME/graph-callrecords-mock/tls, or ~/.local/share/graph-callrecords-mock/tls.
  --tls-cert <file>      MOCK_TLS_CERT
  --tls-key <file>       MOCK_TLS_KEY
      Serve HTTPS with your own certificate (PEM, optionally followed by its chain) and its
      unencrypted PEM private key instead of the local CA's; give both. They imply --tls.
  --admin-token <s>      MOCK_ADMIN_TOKEN
      Require Authorization: Bearer <s> on the control API. Default: none (open).
  --cors <origins>       MOCK_CORS
      Let browsers on these origins call the mock: * for any, or origins separated by commas,
      e.g. http://localhost:5173. Default: off.
  --shutdown-grace <s>   MOCK_SHUTDOWN_GRACE
      Seconds that requests in flight get to finish after SIGTERM or SIGINT, 0 to ${MAX_SHUTDOWN_GRACE};
      then their connections are cut. Default: ${DEFAULT_SHUTDOWN_GRACE}.
  -h, --help
      Print this help and exit.`;

export const TOKEN_USAGE = `Usage: ${PROGRAM_NAME} ${TOKEN_COMMAND} [options]

Prints an access token for the mock's strict auth on stdout, like one Entra ID issues to an app
for Microsoft Graph. The defaults give a token strict auth accepts; the options spoil it on purpose.

Options:
  --expired              Expired an hour ago.
  --not-yet-valid        Valid only from an hour from now.
  --audience <aud>       aud claim. Default: ${GRAPH_RESOURCE}.
  --role <name>          A role in the roles claim; repeat for more. Default: ${CALL_RECORDS_ROLE}.
  --no-role              No roles claim: a valid token that may not read call records (403).
  --delegated            A user's token: scp instead of roles (403).
  --client-id <guid>     appid claim. Default: ${DEFAULT_CLIENT_ID}.
  --tenant <id|domain>   tid claim and the issuer's tenant; a domain maps to a fixed GUID.
                         Default: ${DEFAULT_TENANT_ID}.
  --lifetime <seconds>   From 1 to ${MAX_TOKEN_LIFETIME}. Default: ${TOKEN_LIFETIME_SECONDS}.
  --token-secret <s>     MOCK_TOKEN_SECRET
      The server's --token-secret / MOCK_TOKEN_SECRET, if it has one.
  -h, --help
      Print this help and exit.`;

/**
 * Reads the options from `argv` (without the node and script paths) and `env`.
 * A flag wins over its environment variable, which wins over the default; an empty
 * variable counts as unset. Throws ConfigError, with a one-line message, on anything invalid.
 */
export function parseConfig(argv: readonly string[], env: Env): Config {
  const flags = parseFlags(argv, FLAGS, '--help');
  if (flags.help) return { kind: 'help' };

  const seed = read(SEED, flags, env);
  const publicUrl = read(PUBLIC_URL, flags, env);
  const auth = read(AUTH, flags, env);
  const tokenSecret = read(TOKEN_SECRET, flags, env);
  const control = read(CONTROL, flags, env);
  const tlsSource = readTlsSource(flags, env);
  const adminToken = read(ADMIN_TOKEN, flags, env);
  const cors = read(CORS, flags, env) || undefined;
  return {
    kind: 'serve',
    options: {
      port: read(PORT, flags, env) ?? DEFAULT_PORT,
      host: read(HOST, flags, env) ?? DEFAULT_HOST,
      scenario: read(SCENARIO, flags, env) ?? DEFAULT_SCENARIO_NAME,
      logLevel: read(LOG_LEVEL, flags, env) ?? DEFAULT_LOG_LEVEL,
      shutdownGraceSeconds: read(SHUTDOWN_GRACE, flags, env) ?? DEFAULT_SHUTDOWN_GRACE,
      // Omitted rather than undefined when unset, so the options read back as given.
      ...(seed === undefined ? {} : { seed }),
      ...(publicUrl === undefined ? {} : { publicUrl }),
      ...(auth === undefined ? {} : { auth }),
      ...(tokenSecret === undefined ? {} : { tokenSecret }),
      ...(control === undefined ? {} : { control }),
      ...(tlsSource === undefined ? {} : { tlsSource }),
      ...(adminToken === undefined ? {} : { adminToken }),
      ...(cors === undefined ? {} : { cors }),
    },
  };
}

/**
 * HTTPS is on with --tls or MOCK_TLS, or when a certificate and key are given — unless MOCK_TLS
 * turns it off. Undefined when it is off.
 */
function readTlsSource(flags: FlagValues, env: Env): TlsSource | undefined {
  // --tls is a bare flag, so it can only turn HTTPS on; MOCK_TLS can also turn it off.
  const switched = flags.tls === true ? true : read(TLS, {}, env);
  const dir = read(TLS_DIR, flags, env);
  const certFile = read(TLS_CERT, flags, env);
  const keyFile = read(TLS_KEY, flags, env);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(
      '--tls-cert / MOCK_TLS_CERT and --tls-key / MOCK_TLS_KEY go together: give both, or neither to use the local CA',
    );
  }
  if (certFile !== undefined && keyFile !== undefined) {
    if (dir !== undefined) {
      throw new ConfigError(
        '--tls-dir / MOCK_TLS_DIR and --tls-cert / MOCK_TLS_CERT cannot be used together: the directory is for the local CA, the files are your own certificate',
      );
    }
    return switched === false ? undefined : { kind: 'files', certFile, keyFile };
  }
  if (!switched) return undefined;
  return { kind: 'local-ca', dir: dir ?? defaultCertificateDirectory(env) };
}

/**
 * Reads the `token` command's options from `argv` (after the word `token`) and `env`, as
 * parseConfig does; only the secret has an environment variable, shared with the server.
 */
export function parseTokenConfig(argv: readonly string[], env: Env): TokenConfig {
  const flags = parseFlags(argv, TOKEN_FLAGS, `${TOKEN_COMMAND} --help`);
  if (flags.help) return { kind: 'help' };

  exclusive(flags, 'expired', 'not-yet-valid');
  exclusive(flags, 'role', 'no-role');
  exclusive(flags, 'delegated', 'role');
  exclusive(flags, 'delegated', 'no-role');
  const roles = flags.role as string[] | undefined;
  if (roles?.includes('')) {
    throw new ConfigError('invalid --role "": expected a non-empty role name');
  }

  const options: TokenOptions = {
    expired: flags.expired === true,
    notYetValid: flags['not-yet-valid'] === true,
    delegated: flags.delegated === true,
    roles: flags['no-role'] ? [] : roles,
    audience: read(AUDIENCE, flags, env),
    clientId: read(CLIENT_ID, flags, env),
    tenantId: read(TENANT, flags, env),
    lifetimeSeconds: read(LIFETIME, flags, env),
    secret: read(TOKEN_SECRET, flags, env),
  };
  // Unset options are left out, so issueToken's defaults apply and the options read back as given.
  return { kind: 'token', options: withoutUndefined(options) };
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function exclusive(flags: FlagValues, a: string, b: string): void {
  if (flags[a] !== undefined && flags[b] !== undefined) {
    throw new ConfigError(`--${a} and --${b} cannot be used together`);
  }
}

function parseFlags(argv: readonly string[], options: FlagTable, helpFlag: string): FlagValues {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs throws nothing else for this fixed table; anything else is a bug, so rethrow it.
    /* c8 ignore next */
    if (!isParseArgsError(error)) throw error;
    // Node's own wording is clear, but some of its messages span lines.
    const message = error.message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
    throw new ConfigError(`${message} (run with ${helpFlag} for the options)`);
  }
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('ERR_PARSE_ARGS_')
  );
}

function read<T>(setting: Setting<T>, flags: FlagValues, env: Env): T | undefined {
  // Value flags are declared as strings, so parseArgs gives a string or nothing.
  const given = flags[setting.flag] as string | undefined;
  const raw = given ?? ((setting.env && env[setting.env]) || undefined);
  if (raw === undefined) return undefined;

  const value = setting.parse(raw);
  if (value === undefined) {
    const names =
      setting.env === undefined ? `--${setting.flag}` : `--${setting.flag} / ${setting.env}`;
    // JSON quoting keeps a value with a newline in it on one line.
    throw new ConfigError(`invalid ${names} ${JSON.stringify(raw)}: expected ${setting.expected}`);
  }
  return value;
}

function parseSwitch(raw: string): boolean | undefined {
  return Object.hasOwn(SWITCH_VALUES, raw) ? SWITCH_VALUES[raw] : undefined;
}

function nonEmpty(raw: string): string | undefined {
  return raw === '' ? undefined : raw;
}

function parseInteger(raw: string, max: number): number | undefined {
  if (!DECIMAL_DIGITS.test(raw)) return undefined;
  const value = Number(raw);
  return value <= max ? value : undefined;
}

function isHost(raw: string): boolean {
  if (isIP(raw) !== 0) return true;
  if (raw.length > MAX_HOSTNAME_LENGTH) return false;
  return raw.split('.').every((label) => HOSTNAME_LABEL.test(label));
}

/** `off` (false), `*`, or origins separated by commas; undefined if any of them is not an origin. */
function parseCorsOrigins(raw: string): CorsOrigins | false | undefined {
  if (raw === 'off') return false;
  if (raw === '*') return '*';
  const origins = raw.split(',').map((origin) => parseOrigin(origin.trim()));
  return origins.every((origin) => origin !== undefined) ? origins : undefined;
}

/** The origin of `raw`, without a trailing slash, or undefined if `raw` is more than an origin. */
function parseOrigin(raw: string): string | undefined {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  const isOrigin =
    WEB_PROTOCOLS.includes(url.protocol) &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '';
  return isOrigin ? url.origin : undefined;
}
