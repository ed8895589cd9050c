/**
 * The CLI's configuration: flags and environment variables in, options out, as the option
 * tables (table.ts) say. Pure, so it is tested without spawning anything; main.ts hands it the
 * command line and the environment.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type ApiVersion, functionVersions } from '../../openapi/contract.js';
import { DEFAULT_SCENARIO_NAME } from '../../scenarios/catalog.js';
import { compareInstants } from '../../scenarios/instant.js';
import type { ScenarioRegistry } from '../../scenarios/registry.js';
import { ScenarioFileError } from '../../scenarios/scenario-file.js';
import type { TokenOptions } from '../auth/tokens.js';
import type { ExportOptions } from '../export/export-options.js';
import { formatDateTimeLiteral } from '../graph/date-time-offset.js';
import type { ServerOptions } from '../options.js';
import { loadScenarios } from '../scenario-files.js';
import { defaultCertificateDirectory } from '../tls/paths.js';
import { defaultTenantCacheDirectory } from '../user-directories.js';
import {
  DEFAULT_EXPORT_FORMAT,
  DEFAULT_EXPORT_FUNCTION,
  DEFAULT_HOST,
  DEFAULT_LOG_LEVEL,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE,
  EXPORT_COMMAND,
  EXPORT_OPTIONS,
  type Option,
  SERVER_OPTIONS,
  TOKEN_COMMAND,
  TOKEN_OPTIONS,
  type ValueOption,
} from './table.js';

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
    /** The built-in scenarios and those --scenarios loaded. */
    readonly scenarios: ScenarioRegistry;
  };

/** `help` when the caller should print USAGE instead of serving. */
export type Config =
  | { readonly kind: 'help' }
  | { readonly kind: 'serve'; readonly options: CliOptions };

/** `help` when the caller should print TOKEN_USAGE instead of a token. */
export type TokenConfig =
  | { readonly kind: 'help' }
  | { readonly kind: 'token'; readonly options: TokenOptions };

/** `help` when the caller should print EXPORT_USAGE instead of exporting. */
export type ExportConfig =
  | { readonly kind: 'help' }
  | { readonly kind: 'export'; readonly options: ExportOptions };

type FlagTable = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs hands back, loosely: string values, booleans, and lists of repeated flags. */
type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
type Env = Readonly<Record<string, string | undefined>>;

/** parseArgs' view of a table: a string or a boolean per flag, and -h for help. */
function flagTable(options: Record<string, Option>): FlagTable {
  const flags: FlagTable = { help: { type: 'boolean', short: 'h' } };
  for (const option of Object.values(options)) {
    flags[option.flag] =
      option.placeholder === undefined
        ? { type: 'boolean' }
        : { type: 'string', multiple: option.multiple === true };
  }
  return flags;
}

const SERVER_FLAGS = flagTable(SERVER_OPTIONS);
const TOKEN_FLAGS = flagTable(TOKEN_OPTIONS);
const EXPORT_FLAGS = flagTable(EXPORT_OPTIONS);

/**
 * Reads the options from `argv` (without the node and script paths) and `env`.
 * A flag wins over its environment variable, which wins over the default; an empty
 * variable counts as unset. Throws ConfigError, with a one-line message, on anything invalid —
 * a line per problem for scenario files, which it reads (--scenarios) to know the names.
 */
export function parseConfig(argv: readonly string[], env: Env): Config {
  const flags = parseFlags(argv, SERVER_FLAGS, '--help');
  if (flags.help) return { kind: 'help' };

  const option = <T>(setting: ValueOption<T>) => read(setting, flags, env);
  const scenarios = scenariosFrom(option(SERVER_OPTIONS.scenarios));
  const scenario = readScenario(SERVER_OPTIONS.scenario, scenarios, flags, env);
  const seed = option(SERVER_OPTIONS.seed);
  const publicUrl = option(SERVER_OPTIONS.publicUrl);
  const auth = option(SERVER_OPTIONS.auth);
  const tokenSecret = option(SERVER_OPTIONS.tokenSecret);
  const control = option(SERVER_OPTIONS.control);
  const tlsSource = readTlsSource(flags, env);
  const adminToken = option(SERVER_OPTIONS.adminToken);
  const cors = option(SERVER_OPTIONS.cors) || undefined;
  const tenantCache = option(SERVER_OPTIONS.tenantCache) ?? defaultTenantCacheDirectory(env);
  return {
    kind: 'serve',
    options: {
      port: option(SERVER_OPTIONS.port) ?? DEFAULT_PORT,
      host: option(SERVER_OPTIONS.host) ?? DEFAULT_HOST,
      scenario: scenario ?? DEFAULT_SCENARIO_NAME,
      scenarios,
      logLevel: option(SERVER_OPTIONS.logLevel) ?? DEFAULT_LOG_LEVEL,
      shutdownGraceSeconds: option(SERVER_OPTIONS.shutdownGrace) ?? DEFAULT_SHUTDOWN_GRACE,
      // Omitted rather than undefined when unset, so the options read back as given.
      ...(seed === undefined ? {} : { seed }),
      ...(publicUrl === undefined ? {} : { publicUrl }),
      ...(auth === undefined ? {} : { auth }),
      ...(tokenSecret === undefined ? {} : { tokenSecret }),
      ...(control === undefined ? {} : { control }),
      ...(tlsSource === undefined ? {} : { tlsSource }),
      ...(adminToken === undefined ? {} : { adminToken }),
      ...(cors === undefined ? {} : { cors }),
      ...(tenantCache === 'off' ? {} : { tenantCache }),
    },
  };
}

/** --scenario / MOCK_SCENARIO: a built-in, which the table knows, or one the registry loaded. */
function readScenario(
  option: ValueOption<string>,
  scenarios: ScenarioRegistry,
  flags: FlagValues,
  env: Env,
): string | undefined {
  return read(
    {
      ...option,
      expected: `one of ${scenarios.names().join(', ')}`,
      parse: (raw) => option.parse(raw) ?? scenarios.find(raw)?.name,
    },
    flags,
    env,
  );
}

function scenariosFrom(paths: readonly string[] | undefined): ScenarioRegistry {
  try {
    return loadScenarios(paths);
  } catch (error) {
    // Anything but a ScenarioFileError is a bug in the loader, so it keeps its stack trace.
    /* c8 ignore next */
    if (!(error instanceof ScenarioFileError)) throw error;
    throw new ConfigError(error.message);
  }
}

/**
 * HTTPS is on with --tls or MOCK_TLS, or when a certificate and key are given — unless MOCK_TLS
 * turns it off. Undefined when it is off.
 */
function readTlsSource(flags: FlagValues, env: Env): TlsSource | undefined {
  // --tls is a bare flag, so it can only turn HTTPS on; MOCK_TLS can also turn it off.
  const { tls } = SERVER_OPTIONS;
  const switched = flags[tls.flag] === true ? true : read(tls, {}, env);
  const dir = read(SERVER_OPTIONS.tlsDir, flags, env);
  const certFile = read(SERVER_OPTIONS.tlsCert, flags, env);
  const keyFile = read(SERVER_OPTIONS.tlsKey, flags, env);
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

  const { expired, notYetValid, role, noRole, delegated } = TOKEN_OPTIONS;
  exclusive(flags, expired, notYetValid);
  exclusive(flags, role, noRole);
  exclusive(flags, delegated, role);
  exclusive(flags, delegated, noRole);
  const roles = (flags[role.flag] as string[] | undefined)?.map((raw) =>
    checked(role, raw, role.parse(raw)),
  );

  const options: TokenOptions = {
    expired: flags[expired.flag] === true,
    notYetValid: flags[notYetValid.flag] === true,
    delegated: flags[delegated.flag] === true,
    roles: flags[noRole.flag] ? [] : roles,
    audience: read(TOKEN_OPTIONS.audience, flags, env),
    clientId: read(TOKEN_OPTIONS.clientId, flags, env),
    tenantId: read(TOKEN_OPTIONS.tenant, flags, env),
    lifetimeSeconds: read(TOKEN_OPTIONS.lifetime, flags, env),
    secret: read(TOKEN_OPTIONS.tokenSecret, flags, env),
  };
  // Unset options are left out, so issueToken's defaults apply and the options read back as given.
  return { kind: 'token', options: withoutUndefined(options) };
}

/**
 * Reads the `export` command's options from `argv` (after the word `export`) and `env`, as
 * parseConfig does; the scenario, seed and scenario files share the server's variables, so an
 * export run beside a server exports what it serves. The range must be in order, but may be
 * of any length: the export, unlike the endpoint, is not held to the function's limit.
 */
export function parseExportConfig(argv: readonly string[], env: Env): ExportConfig {
  const flags = parseFlags(argv, EXPORT_FLAGS, `${EXPORT_COMMAND} --help`);
  if (flags.help) return { kind: 'help' };

  const scenarios = scenariosFrom(read(EXPORT_OPTIONS.scenarios, flags, env));
  const scenarioName =
    readScenario(EXPORT_OPTIONS.scenario, scenarios, flags, env) ?? DEFAULT_SCENARIO_NAME;
  // Every name readScenario returns is one the registry holds.
  const scenario = scenarios.find(scenarioName)!;
  const fn = read(EXPORT_OPTIONS.function, flags, env) ?? DEFAULT_EXPORT_FUNCTION;
  const versions = functionVersions(fn);
  const version: ApiVersion =
    read(EXPORT_OPTIONS.version, flags, env) ?? (versions.includes('v1.0') ? 'v1.0' : 'beta');
  if (!versions.includes(version)) {
    throw new ConfigError(
      `${fn} is in the ${versions.join(' and ')} API only: --version ${version} has no such log; give --version ${versions[0]} or leave it out`,
    );
  }
  const from = required(EXPORT_OPTIONS.from, flags, env);
  const to = required(EXPORT_OPTIONS.to, flags, env);
  if (compareInstants(from, to) > 0) {
    throw new ConfigError(
      `--from (${formatDateTimeLiteral(from)}) is after --to (${formatDateTimeLiteral(to)}): swap the two values`,
    );
  }
  const output = read(EXPORT_OPTIONS.output, flags, env);
  return {
    kind: 'export',
    options: {
      scenario,
      seed: read(EXPORT_OPTIONS.seed, flags, env) ?? scenario.seed,
      fn,
      version,
      range: { from, to },
      format: read(EXPORT_OPTIONS.format, flags, env) ?? DEFAULT_EXPORT_FORMAT,
      ...(output === undefined ? {} : { output }),
    },
  };
}

/** An option the command cannot do without: its value, or a ConfigError saying it is missing. */
function required<T>(option: ValueOption<T>, flags: FlagValues, env: Env): T {
  const value = read(option, flags, env);
  if (value === undefined) {
    throw new ConfigError(
      `--${option.flag} ${option.placeholder} is required: ${option.expected} (run with ${EXPORT_COMMAND} --help for the options)`,
    );
  }
  return value;
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function exclusive(flags: FlagValues, a: Option, b: Option): void {
  if (flags[a.flag] !== undefined && flags[b.flag] !== undefined) {
    throw new ConfigError(`--${a.flag} and --${b.flag} cannot be used together`);
  }
}

function parseFlags(argv: readonly string[], options: FlagTable, helpFlag: string): FlagValues {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs throws nothing else for these tables; anything else is a bug, so rethrow it.
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

/** What an error message names of an option. */
type Named = Pick<Option, 'flag' | 'env' | 'expected'>;

/** A value option's flag, else its environment variable, parsed; a switch's variable only. */
function read<T>(
  option: Named & { readonly placeholder?: string; readonly parse: (raw: string) => T | undefined },
  flags: FlagValues,
  env: Env,
): T | undefined {
  // Value flags are declared as strings, so parseArgs gives a string or nothing.
  const given =
    option.placeholder === undefined ? undefined : (flags[option.flag] as string | undefined);
  const raw = given ?? ((option.env && env[option.env]) || undefined);
  if (raw === undefined) return undefined;
  return checked(option, raw, option.parse(raw));
}

function checked<T>(option: Named, raw: string, value: T | undefined): T {
  if (value !== undefined) return value;
  const names = option.env === undefined ? `--${option.flag}` : `--${option.flag} / ${option.env}`;
  // JSON quoting keeps a value with a newline in it on one line.
  throw new ConfigError(`invalid ${names} ${JSON.stringify(raw)}: expected ${option.expected}`);
}
