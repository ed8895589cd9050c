/**
 * Every option of the CLI, once: the parser (parse.ts), the usage text (usage.ts), the list of
 * environment variables and — held to it by test/server/config/readme.test.ts — the README's
 * Options table all read these tables.
 */
import type { LogLevel } from 'fastify';
import { functionVersions, LOG_FUNCTIONS, type LogFunctionName } from '../../openapi/contract.js';
import { DEFAULT_SCENARIO_NAME, findScenario, scenarioNames } from '../../scenarios/catalog.js';
import {
  CALL_RECORDS_ROLE,
  DEFAULT_CLIENT_ID,
  DEFAULT_TENANT_ID,
  GRAPH_RESOURCE,
  isGuid,
  TOKEN_LIFETIME_SECONDS,
  tenantIdOf,
} from '../auth/tokens.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/export-options.js';
import { parseDateTimeOffset } from '../graph/date-time-offset.js';
import { AUTH_MODES, LOG_LEVELS } from '../options.js';
import { MAX_SEED, parseSeed } from '../seed.js';
import {
  isHost,
  nonEmpty,
  parseCorsOrigins,
  parseInteger,
  parseOrigin,
  parsePathList,
  parseSwitch,
} from './values.js';

export const PROGRAM_NAME = 'graph-callrecords-mock';
/** The subcommand that prints an access token instead of serving. */
export const TOKEN_COMMAND = 'token';
/** The subcommand that writes a log's rows to a file or stdout instead of serving. */
export const EXPORT_COMMAND = 'export';

export const DEFAULT_PORT = 3000;
const MAX_PORT = 65_535;
export const DEFAULT_HOST = 'localhost';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
/** Within Docker's default stop timeout of 10 s, after which it kills the process. */
export const DEFAULT_SHUTDOWN_GRACE = 8;
const MAX_SHUTDOWN_GRACE = 3600;
/** A token may live a day at most; Entra's live 60 to 90 minutes. */
const MAX_TOKEN_LIFETIME = 86_400;

interface BaseOption {
  /** The flag without its dashes. */
  readonly flag: string;
  readonly env?: string;
  /** The usage text's description, one entry a line. */
  readonly help: readonly string[];
  /** The default as the user would write it, for the usage text and the README's table. */
  readonly default?: string;
  /** The command cannot do without it. */
  readonly required?: boolean;
}

/** An option that takes a value: `--port <n>`, `PORT=<n>`. */
export interface ValueOption<T> extends BaseOption {
  readonly placeholder: string;
  /** Completes "expected …" in the error message. */
  readonly expected: string;
  /** The value, or undefined when `raw` is not acceptable. */
  readonly parse: (raw: string) => T | undefined;
  /** Repeatable, each occurrence one more value. */
  readonly multiple?: boolean;
}

/** A bare flag, `--tls`; `parse` and `expected` read its environment variable, if it has one. */
export interface SwitchOption extends BaseOption {
  readonly placeholder?: undefined;
  readonly expected?: string;
  readonly parse?: (raw: string) => boolean | undefined;
}

export type Option = ValueOption<unknown> | SwitchOption;

export const SERVER_OPTIONS = {
  port: {
    flag: 'port',
    placeholder: '<n>',
    env: 'PORT',
    expected: `an integer from 0 to ${MAX_PORT}`,
    parse: (raw: string) => parseInteger(raw, MAX_PORT),
    help: [`Port to listen on, 0 to ${MAX_PORT}; 0 picks a free port.`],
    default: String(DEFAULT_PORT),
  },
  host: {
    flag: 'host',
    placeholder: '<host>',
    env: 'HOST',
    expected: 'a hostname or an IP address, e.g. localhost, 0.0.0.0 or ::1',
    parse: (raw: string) => (isHost(raw) ? raw : undefined),
    help: [
      'Hostname or IP address to listen on; a name is listened on at every address it',
      'resolves to (localhost: 127.0.0.1, and ::1 where the machine has it).',
    ],
    default: DEFAULT_HOST,
  },
  seed: {
    flag: 'seed',
    placeholder: '<n>',
    env: 'MOCK_SEED',
    expected: `a decimal integer from 0 to ${MAX_SEED}`,
    parse: parseSeed,
    help: [`Seed from 0 to ${MAX_SEED}, overriding the scenario's own seed.`],
  },
  scenario: {
    flag: 'scenario',
    placeholder: '<name>',
    env: 'MOCK_SCENARIO',
    expected: `one of ${scenarioNames().join(', ')}`,
    parse: (raw: string) => findScenario(raw)?.name,
    help: [
      `Scenario served when a request names none: ${scenarioNames().join(', ')},`,
      'or one that --scenarios loads.',
    ],
    default: DEFAULT_SCENARIO_NAME,
  },
  scenarios: {
    flag: 'scenarios',
    placeholder: '<paths>',
    env: 'MOCK_SCENARIOS',
    expected: 'paths of scenario files or directories, separated by commas',
    parse: parsePathList,
    help: [
      'Scenario files (JSON or YAML) to serve beside the built-ins, or directories of them',
      '(every *.json, *.yaml and *.yml, in name order), separated by commas; see',
      'GET /_mock/scenario.schema.json.',
    ],
  },
  publicUrl: {
    flag: 'public-url',
    placeholder: '<origin>',
    env: 'MOCK_PUBLIC_URL',
    expected:
      'an http or https origin with no path, query or fragment, e.g. https://mock.example:8443',
    parse: parseOrigin,
    help: [
      'Origin written into @odata.nextLink and @odata.context, e.g. https://mock.example:8443.',
      'Default: the origin of each request.',
    ],
  },
  logLevel: {
    flag: 'log-level',
    placeholder: '<level>',
    env: 'MOCK_LOG_LEVEL',
    expected: `one of ${LOG_LEVELS.join(', ')}`,
    parse: (raw: string) => LOG_LEVELS.find((level) => level === raw),
    help: [`One of ${LOG_LEVELS.join(', ')}.`],
    default: DEFAULT_LOG_LEVEL,
  },
  auth: {
    flag: 'auth',
    placeholder: '<mode>',
    env: 'MOCK_AUTH',
    expected: `one of ${AUTH_MODES.join(', ')}`,
    parse: (raw: string) => AUTH_MODES.find((mode) => mode === raw),
    help: [
      'lenient: any non-empty bearer token is accepted.',
      `strict: only tokens the mock signed (see ${TOKEN_COMMAND} and POST /{tenant}/oauth2/v2.0/token),`,
      'for Graph, unexpired, with the CallRecords.Read.All application role.',
    ],
    default: 'lenient',
  },
  tokenSecret: {
    flag: 'token-secret',
    placeholder: '<s>',
    env: 'MOCK_TOKEN_SECRET',
    expected: 'a non-empty secret',
    parse: nonEmpty,
    help: [
      `Secret the token-signing key is derived from; the ${TOKEN_COMMAND} command must use the same.`,
      'Default: a fixed secret.',
    ],
  },
  control: {
    flag: 'control',
    placeholder: '<on|off>',
    env: 'MOCK_CONTROL',
    expected: 'on or off',
    parse: (raw: string) => (raw === 'on' ? true : raw === 'off' ? false : undefined),
    help: ['Serve the control API under /_mock (scenarios, request journal, reset, summary).'],
    default: 'on',
  },
  tls: {
    flag: 'tls',
    env: 'MOCK_TLS',
    expected: '1, true or on, or 0, false or off',
    parse: parseSwitch,
    help: [
      'Serve HTTPS, with a certificate for localhost, 127.0.0.1 and ::1 signed by a local CA that',
      'is created on first use. Clients trust it with NODE_EXTRA_CA_CERTS=<tls dir>/ca.pem, which',
      'the mock prints at start-up. MOCK_TLS takes 1, true or on, or 0, false or off. Default: off.',
    ],
  },
  tlsDir: {
    flag: 'tls-dir',
    placeholder: '<dir>',
    env: 'MOCK_TLS_DIR',
    expected: 'a directory path',
    parse: nonEmpty,
    help: [
      'Where the local CA and the certificate are kept, and reused. Default:',
      '$XDG_DATA_HOME/graph-callrecords-mock/tls, or ~/.local/share/graph-callrecords-mock/tls.',
    ],
  },
  tlsCert: {
    flag: 'tls-cert',
    placeholder: '<file>',
    env: 'MOCK_TLS_CERT',
    expected: 'the path of a PEM certificate file',
    parse: nonEmpty,
    help: [
      'Serve HTTPS with your own certificate (PEM, optionally followed by its chain) instead of the',
      "local CA's; needs --tls-key, implies --tls.",
    ],
  },
  tlsKey: {
    flag: 'tls-key',
    placeholder: '<file>',
    env: 'MOCK_TLS_KEY',
    expected: 'the path of a PEM private key file',
    parse: nonEmpty,
    help: ["That certificate's unencrypted PEM private key."],
  },
  adminToken: {
    flag: 'admin-token',
    placeholder: '<s>',
    env: 'MOCK_ADMIN_TOKEN',
    expected: 'a non-empty token',
    parse: nonEmpty,
    help: ['Require Authorization: Bearer <s> on the control API. Default: none (open).'],
  },
  cors: {
    flag: 'cors',
    placeholder: '<origins>',
    env: 'MOCK_CORS',
    expected: 'off, * or a comma-separated list of origins, e.g. http://localhost:5173',
    parse: parseCorsOrigins,
    help: [
      'Let browsers on these origins call the mock: * for any, or origins separated by commas,',
      'e.g. http://localhost:5173.',
    ],
    default: 'off',
  },
  shutdownGrace: {
    flag: 'shutdown-grace',
    placeholder: '<s>',
    env: 'MOCK_SHUTDOWN_GRACE',
    expected: `a whole number of seconds from 0 to ${MAX_SHUTDOWN_GRACE}`,
    parse: (raw: string) => parseInteger(raw, MAX_SHUTDOWN_GRACE),
    help: [
      `Seconds that requests in flight get to finish after SIGTERM or SIGINT, 0 to ${MAX_SHUTDOWN_GRACE};`,
      'then their connections are cut.',
    ],
    default: String(DEFAULT_SHUTDOWN_GRACE),
  },
  tenantCache: {
    flag: 'tenant-cache',
    placeholder: '<dir|off>',
    env: 'MOCK_TENANT_CACHE',
    expected: 'a directory path, or off',
    parse: nonEmpty,
    help: [
      "Where the default scenario's built tenant is kept, so the next start reads it back instead",
      'of building it again (0.1 s for default, 0.4 s for large); off builds it every time. Default:',
      '$XDG_CACHE_HOME/graph-callrecords-mock/tenants, or ~/.cache/graph-callrecords-mock/tenants.',
    ],
  },
} satisfies Record<string, Option>;

export const TOKEN_OPTIONS = {
  expired: { flag: 'expired', help: ['Expired an hour ago.'] },
  notYetValid: { flag: 'not-yet-valid', help: ['Valid only from an hour from now.'] },
  audience: {
    flag: 'audience',
    placeholder: '<aud>',
    expected: `a non-empty audience, e.g. ${GRAPH_RESOURCE} or api://another-api`,
    parse: nonEmpty,
    help: ['aud claim.'],
    default: GRAPH_RESOURCE,
  },
  role: {
    flag: 'role',
    placeholder: '<name>',
    expected: 'a non-empty role name',
    parse: nonEmpty,
    multiple: true,
    help: ['A role in the roles claim; repeat for more.'],
    default: CALL_RECORDS_ROLE,
  },
  noRole: {
    flag: 'no-role',
    help: ['No roles claim: a valid token that may not read call records (403).'],
  },
  delegated: { flag: 'delegated', help: ["A user's token: scp instead of roles (403)."] },
  clientId: {
    flag: 'client-id',
    placeholder: '<guid>',
    expected: `an application id (a GUID), e.g. ${DEFAULT_CLIENT_ID}`,
    parse: (raw: string) => (isGuid(raw) ? raw.toLowerCase() : undefined),
    help: ['appid claim.'],
    default: DEFAULT_CLIENT_ID,
  },
  tenant: {
    flag: 'tenant',
    placeholder: '<id|domain>',
    expected: 'a tenant id (a GUID) or a domain name, e.g. contoso.onmicrosoft.com',
    parse: tenantIdOf,
    help: ["tid claim and the issuer's tenant; a domain maps to a fixed GUID."],
    default: DEFAULT_TENANT_ID,
  },
  lifetime: {
    flag: 'lifetime',
    placeholder: '<seconds>',
    expected: `a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME}`,
    parse: (raw: string) => {
      const seconds = parseInteger(raw, MAX_TOKEN_LIFETIME);
      return seconds === 0 ? undefined : seconds;
    },
    help: [`From 1 to ${MAX_TOKEN_LIFETIME}.`],
    default: String(TOKEN_LIFETIME_SECONDS),
  },
  tokenSecret: {
    ...SERVER_OPTIONS.tokenSecret,
    help: ["The server's --token-secret / MOCK_TOKEN_SECRET, if it has one."],
  },
} satisfies Record<string, Option>;

export const DEFAULT_EXPORT_FUNCTION: LogFunctionName = 'getPstnCalls';
export const DEFAULT_EXPORT_FORMAT: ExportFormat = 'jsonl';
/** A list of names on two lines of the usage text, which a line would overrun. */
function halves(names: readonly string[]): string[] {
  const middle = Math.ceil(names.length / 2);
  return [`${names.slice(0, middle).join(', ')},`, `${names.slice(middle).join(', ')}.`];
}

const BETA_ONLY_FUNCTIONS = LOG_FUNCTIONS.filter((fn) => !functionVersions(fn).includes('v1.0'));
const DATE_TIME_EXPECTED =
  'a date-time as the endpoint takes it, e.g. 2024-01-01, 2024-01-01T08:30:00Z or 2024-01-01T09:30:00+01:00';

export const EXPORT_OPTIONS = {
  scenario: {
    ...SERVER_OPTIONS.scenario,
    help: [
      'The tenant exported: a built-in scenario, or one that --scenarios loads. The built-ins:',
      ...halves(scenarioNames()),
    ],
  },
  seed: SERVER_OPTIONS.seed,
  scenarios: {
    ...SERVER_OPTIONS.scenarios,
    help: [
      'Scenario files (JSON) to load beside the built-ins, or directories of them, separated by',
      "commas, as the server's --scenarios.",
    ],
  },
  function: {
    flag: 'function',
    placeholder: '<name>',
    expected: `one of ${LOG_FUNCTIONS.join(', ')}`,
    parse: (raw: string) => LOG_FUNCTIONS.find((name) => name === raw),
    help: ['The log to export:', ...halves(LOG_FUNCTIONS)],
    default: DEFAULT_EXPORT_FUNCTION,
  },
  from: {
    flag: 'from',
    placeholder: '<date-time>',
    expected: DATE_TIME_EXPECTED,
    parse: parseDateTimeOffset,
    required: true,
    help: [
      "The range's start, as the endpoint's fromDateTime; the function's rule says whether a row",
      'starting at it counts, as it does for the endpoint.',
    ],
  },
  to: {
    flag: 'to',
    placeholder: '<date-time>',
    expected: DATE_TIME_EXPECTED,
    parse: parseDateTimeOffset,
    required: true,
    help: [
      "The range's end, as toDateTime. The API's 90-day limit does not apply: the export walks",
      'the range in windows the endpoint accepts, one after the other.',
    ],
  },
  version: {
    flag: 'version',
    placeholder: '<v1.0|beta>',
    expected: 'v1.0 or beta',
    parse: (raw: string) => (raw === 'v1.0' || raw === 'beta' ? raw : undefined),
    help: [
      "API version whose rows are written (the versions' rows differ in their properties).",
      'Default: v1.0, or beta for the functions only beta has:',
      `${BETA_ONLY_FUNCTIONS.join(', ')}.`,
    ],
  },
  format: {
    flag: 'format',
    placeholder: '<format>',
    expected: `one of ${EXPORT_FORMATS.join(', ')}`,
    parse: (raw: string) => EXPORT_FORMATS.find((format) => format === raw),
    help: [
      "jsonl: a row a line, each the bytes of the row in the endpoint's page; json: one array of",
      "those rows; csv: a header of the version's row properties, then a row a line.",
    ],
    default: DEFAULT_EXPORT_FORMAT,
  },
  output: {
    flag: 'output',
    placeholder: '<file>',
    expected: 'a file path',
    parse: nonEmpty,
    help: ['Write the rows to this file (created or truncated). Default: stdout.'],
  },
} satisfies Record<string, Option>;

/** The environment variables the server reads, in the table's order. */
export const SERVER_ENV_VARIABLES: readonly string[] = Object.values(
  SERVER_OPTIONS as Record<string, Option>,
)
  .map((option) => option.env)
  .filter((env) => env !== undefined);
