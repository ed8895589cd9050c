/**
 * The CLI's configuration: flags and environment variables in, ServerOptions out.
 * Pure, so it is tested without spawning anything; main.ts hands it process.argv and process.env.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { LogLevel } from 'fastify';
import { DEFAULT_SCENARIO_NAME, findScenario, scenarioNames } from '../scenarios/catalog.js';
import { LOG_LEVELS, type ServerOptions } from './options.js';

export const PROGRAM_NAME = 'graph-callrecords-mock';

const DEFAULT_PORT = 3000;
const MAX_PORT = 65_535;
/** fastify binds `localhost` on both 127.0.0.1 and ::1, so clients resolving it either way connect. */
const DEFAULT_HOST = 'localhost';
const DEFAULT_LOG_LEVEL: LogLevel = 'info';
/** Seeds are unsigned 32-bit integers. */
const MAX_SEED = 2 ** 32 - 1;
const MAX_HOSTNAME_LENGTH = 253;
const HOSTNAME_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DECIMAL_DIGITS = /^\d+$/;
const WEB_PROTOCOLS = ['http:', 'https:'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** ServerOptions as the CLI resolves them: the scenario and log level are always set. */
export type CliOptions = ServerOptions & Required<Pick<ServerOptions, 'scenario' | 'logLevel'>>;

/** `help` when the caller should print USAGE instead of serving. */
export type Config =
  | { readonly kind: 'help' }
  | { readonly kind: 'serve'; readonly options: CliOptions };

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  scenario: { type: 'string' },
  'public-url': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type ValueFlag = Exclude<keyof typeof FLAGS, 'help'>;
type FlagValues = Readonly<Partial<Record<ValueFlag, string>>>;
type Env = Readonly<Record<string, string | undefined>>;

/** One option, settable by a flag or an environment variable. */
interface Setting<T> {
  readonly flag: ValueFlag;
  readonly env: string;
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
  parse: (raw) => parseInteger(raw, MAX_SEED),
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

export const USAGE = `Usage: ${PROGRAM_NAME} [options]

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
  -h, --help
      Print this help and exit.`;

/**
 * Reads the options from `argv` (without the node and script paths) and `env`.
 * A flag wins over its environment variable, which wins over the default; an empty
 * variable counts as unset. Throws ConfigError, with a one-line message, on anything invalid.
 */
export function parseConfig(argv: readonly string[], env: Env): Config {
  const flags = parseFlags(argv);
  if (flags.help) return { kind: 'help' };

  const seed = read(SEED, flags, env);
  const publicUrl = read(PUBLIC_URL, flags, env);
  return {
    kind: 'serve',
    options: {
      port: read(PORT, flags, env) ?? DEFAULT_PORT,
      host: read(HOST, flags, env) ?? DEFAULT_HOST,
      scenario: read(SCENARIO, flags, env) ?? DEFAULT_SCENARIO_NAME,
      logLevel: read(LOG_LEVEL, flags, env) ?? DEFAULT_LOG_LEVEL,
      // Omitted rather than undefined when unset, so the options read back as given.
      ...(seed === undefined ? {} : { seed }),
      ...(publicUrl === undefined ? {} : { publicUrl }),
    },
  };
}

function parseFlags(argv: readonly string[]): FlagValues & { readonly help?: boolean } {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    // parseArgs throws nothing else for this fixed table; anything else is a bug, so rethrow it.
    /* c8 ignore next */
    if (!isParseArgsError(error)) throw error;
    // Node's own wording is clear, but some of its messages span lines.
    const message = error.message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
    throw new ConfigError(`${message} (run with --help for the options)`);
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
  const raw = flags[setting.flag] ?? (env[setting.env] || undefined);
  if (raw === undefined) return undefined;

  const value = setting.parse(raw);
  if (value === undefined) {
    // JSON quoting keeps a value with a newline in it on one line.
    throw new ConfigError(
      `invalid --${setting.flag} / ${setting.env} ${JSON.stringify(raw)}: expected ${setting.expected}`,
    );
  }
  return value;
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
