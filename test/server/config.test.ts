import { homedir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { scenarioNames } from '../../scenarios/catalog.js';
import { BUILT_IN_SCENARIOS } from '../../scenarios/registry.js';
import { type TokenOptions, tenantIdOf } from '../../server/auth/tokens.js';
import {
  type CliOptions,
  ConfigError,
  parseConfig,
  parseTokenConfig,
} from '../../server/config/parse.js';
import { TOKEN_USAGE, USAGE } from '../../server/config/usage.js';
import type { ServerOptions } from '../../server/options.js';

type Env = Record<string, string | undefined>;

/** From the catalog, so adding a scenario does not break these tests. */
const KNOWN_SCENARIOS = scenarioNames().join(', ');

const DEFAULTS: CliOptions = {
  port: 3000,
  host: 'localhost',
  scenario: 'default',
  logLevel: 'info',
  shutdownGraceSeconds: 8,
  scenarios: BUILT_IN_SCENARIOS,
  tenantCache: join(homedir(), '.cache', 'graph-callrecords-mock', 'tenants'),
};

function optionsOf(argv: readonly string[], env: Env = {}): CliOptions {
  const config = parseConfig(argv, env);
  if (config.kind !== 'serve') throw new Error(`expected a serve config, got ${config.kind}`);
  return config.options;
}

/** The message of the ConfigError parseConfig throws; fails the test if it throws nothing else. */
function errorOf(argv: readonly string[], env: Env = {}): string {
  try {
    parseConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify({ argv, env })}`);
}

t.test('no flags and no environment give the defaults', async (t) => {
  t.same(parseConfig([], {}), { kind: 'serve', options: DEFAULTS });
  t.notOk('seed' in optionsOf([]), 'seed is left unset so the scenario seed applies');
  t.notOk('publicUrl' in optionsOf([]), 'publicUrl is left unset so request origins apply');
});

t.test('each flag sets its option', async (t) => {
  const cases: [string[], Partial<ServerOptions>][] = [
    [['--port', '8080'], { port: 8080 }],
    [['--port=0'], { port: 0 }],
    [['--port', '65535'], { port: 65535 }],
    [['--host', '0.0.0.0'], { host: '0.0.0.0' }],
    [['--host', '::1'], { host: '::1' }],
    [['--host', 'mock-1.internal.example'], { host: 'mock-1.internal.example' }],
    [['--seed', '42'], { seed: 42 }],
    [['--seed', '0'], { seed: 0 }],
    [['--seed', '4294967295'], { seed: 4294967295 }],
    [['--scenario', 'large'], { scenario: 'large' }],
    [['--public-url', 'https://mock.example:8443'], { publicUrl: 'https://mock.example:8443' }],
    [['--log-level', 'debug'], { logLevel: 'debug' }],
    [['--log-level', 'silent'], { logLevel: 'silent' }],
  ];
  for (const [argv, expected] of cases) {
    t.same(optionsOf(argv), { ...DEFAULTS, ...expected }, argv.join(' '));
  }
});

t.test('each environment variable sets its option', async (t) => {
  const cases: [Env, Partial<ServerOptions>][] = [
    [{ PORT: '8080' }, { port: 8080 }],
    [{ HOST: '127.0.0.1' }, { host: '127.0.0.1' }],
    [{ MOCK_SEED: '7' }, { seed: 7 }],
    [{ MOCK_SCENARIO: 'large' }, { scenario: 'large' }],
    [{ MOCK_PUBLIC_URL: 'http://mock.example' }, { publicUrl: 'http://mock.example' }],
    [{ MOCK_LOG_LEVEL: 'warn' }, { logLevel: 'warn' }],
  ];
  for (const [env, expected] of cases) {
    t.same(optionsOf([], env), { ...DEFAULTS, ...expected }, JSON.stringify(env));
  }
});

t.test('a flag wins over its environment variable', async (t) => {
  const env: Env = {
    PORT: '1111',
    HOST: '127.0.0.1',
    MOCK_SEED: '1',
    MOCK_SCENARIO: 'default',
    MOCK_PUBLIC_URL: 'http://env.example',
    MOCK_LOG_LEVEL: 'error',
  };
  const argv = [
    '--port=2222',
    '--host=::1',
    '--seed=2',
    '--scenario=large',
    '--public-url=https://flag.example',
    '--log-level=trace',
  ];
  t.same(optionsOf(argv, env), {
    ...DEFAULTS,
    port: 2222,
    host: '::1',
    seed: 2,
    scenario: 'large',
    publicUrl: 'https://flag.example',
    logLevel: 'trace',
    shutdownGraceSeconds: 8,
  });
});

t.test('a flag wins even over an invalid environment variable', async (t) => {
  t.equal(optionsOf(['--port', '8080'], { PORT: 'abc' }).port, 8080);
});

t.test('an empty environment variable counts as unset', async (t) => {
  const env: Env = {
    PORT: '',
    HOST: '',
    MOCK_SEED: '',
    MOCK_SCENARIO: '',
    MOCK_PUBLIC_URL: '',
    MOCK_LOG_LEVEL: '',
  };
  t.same(parseConfig([], env), { kind: 'serve', options: DEFAULTS });
});

t.test('unrelated environment variables are ignored', async (t) => {
  t.same(optionsOf([], { SEED: '5', SCENARIO: 'large', LOG_LEVEL: 'debug' }), DEFAULTS);
});

t.test('the public URL is stored as a bare origin', async (t) => {
  const cases: [string, string][] = [
    ['https://mock.example:8443/', 'https://mock.example:8443'],
    ['HTTPS://Mock.Example', 'https://mock.example'],
    ['http://mock.example:80', 'http://mock.example'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000/', 'http://[::1]:3000'],
  ];
  for (const [given, stored] of cases) {
    t.equal(optionsOf(['--public-url', given]).publicUrl, stored, given);
  }
});

t.test('--help and -h ask for the usage text', async (t) => {
  t.same(parseConfig(['--help'], {}), { kind: 'help' });
  t.same(parseConfig(['-h'], {}), { kind: 'help' });
  t.same(
    parseConfig(['--port', 'abc', '-h'], { MOCK_SEED: 'x' }),
    { kind: 'help' },
    'before values',
  );
});

t.test('the usage text names every flag and environment variable', async (t) => {
  const names = [
    '--port',
    'PORT',
    '--host',
    'HOST',
    '--seed',
    'MOCK_SEED',
    '--scenario',
    'MOCK_SCENARIO',
    '--public-url',
    'MOCK_PUBLIC_URL',
    '--log-level',
    'MOCK_LOG_LEVEL',
    '-h, --help',
  ];
  for (const name of names) t.match(USAGE, name);
  t.match(USAGE, KNOWN_SCENARIOS, 'lists the scenarios');
  t.match(USAGE, 'fatal, error, warn, info, debug, trace, silent', 'lists the log levels');
});

const PORT_EXPECTED = 'expected an integer from 0 to 65535';
const SEED_EXPECTED = 'expected a decimal integer from 0 to 4294967295';
const HOST_EXPECTED = 'expected a hostname or an IP address, e.g. localhost, 0.0.0.0 or ::1';
/** Four labels of the longest allowed length: 255 characters, two over the limit for a hostname. */
const LONG_HOST = Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.');
const URL_EXPECTED =
  'expected an http or https origin with no path, query or fragment, e.g. https://mock.example:8443';

t.test('a bad value is a one-line ConfigError naming flag, variable and value', async (t) => {
  const cases: [string, string[], Env, string][] = [
    ['a non-numeric port', ['--port', 'abc'], {}, `invalid --port / PORT "abc": ${PORT_EXPECTED}`],
    [
      'a port above 65535',
      ['--port', '70000'],
      {},
      `invalid --port / PORT "70000": ${PORT_EXPECTED}`,
    ],
    ['a negative port', ['--port=-1'], {}, `invalid --port / PORT "-1": ${PORT_EXPECTED}`],
    ['a fractional port', ['--port', '80.5'], {}, `invalid --port / PORT "80.5": ${PORT_EXPECTED}`],
    ['a hex port', ['--port', '0x50'], {}, `invalid --port / PORT "0x50": ${PORT_EXPECTED}`],
    ['an empty port flag', ['--port='], {}, `invalid --port / PORT "": ${PORT_EXPECTED}`],
    [
      'a bad PORT variable',
      [],
      { PORT: '70000' },
      `invalid --port / PORT "70000": ${PORT_EXPECTED}`,
    ],
    ['an empty host flag', ['--host='], {}, `invalid --host / HOST "": ${HOST_EXPECTED}`],
    [
      'a host with a space',
      ['--host', 'my host'],
      {},
      `invalid --host / HOST "my host": ${HOST_EXPECTED}`,
    ],
    [
      'a bracketed IPv6 host',
      ['--host', '[::1]'],
      {},
      `invalid --host / HOST "[::1]": ${HOST_EXPECTED}`,
    ],
    [
      'a host with a port',
      [],
      { HOST: 'localhost:3000' },
      `invalid --host / HOST "localhost:3000": ${HOST_EXPECTED}`,
    ],
    [
      'a hostname over 253 characters',
      ['--host', LONG_HOST],
      {},
      `invalid --host / HOST "${LONG_HOST}": ${HOST_EXPECTED}`,
    ],
    [
      'a seed of 2^32',
      ['--seed', '4294967296'],
      {},
      `invalid --seed / MOCK_SEED "4294967296": ${SEED_EXPECTED}`,
    ],
    ['a negative seed', ['--seed=-1'], {}, `invalid --seed / MOCK_SEED "-1": ${SEED_EXPECTED}`],
    [
      'a fractional seed',
      ['--seed', '1.5'],
      {},
      `invalid --seed / MOCK_SEED "1.5": ${SEED_EXPECTED}`,
    ],
    [
      'a seed in exponent form',
      [],
      { MOCK_SEED: '1e3' },
      `invalid --seed / MOCK_SEED "1e3": ${SEED_EXPECTED}`,
    ],
    [
      'an unknown scenario',
      ['--scenario', 'huge'],
      {},
      `invalid --scenario / MOCK_SCENARIO "huge": expected one of ${KNOWN_SCENARIOS}`,
    ],
    [
      'an unknown MOCK_SCENARIO',
      [],
      { MOCK_SCENARIO: 'Default' },
      `invalid --scenario / MOCK_SCENARIO "Default": expected one of ${KNOWN_SCENARIOS}`,
    ],
    [
      'a public URL with a path',
      ['--public-url', 'https://mock.example/v1.0'],
      {},
      `invalid --public-url / MOCK_PUBLIC_URL "https://mock.example/v1.0": ${URL_EXPECTED}`,
    ],
    [
      'a public URL with a query',
      ['--public-url', 'https://mock.example?x=1'],
      {},
      `invalid --public-url / MOCK_PUBLIC_URL "https://mock.example?x=1": ${URL_EXPECTED}`,
    ],
    [
      'a public URL with a fragment',
      [],
      { MOCK_PUBLIC_URL: 'https://mock.example/#top' },
      `invalid --public-url / MOCK_PUBLIC_URL "https://mock.example/#top": ${URL_EXPECTED}`,
    ],
    [
      'a public URL with credentials',
      ['--public-url', 'https://user:pw@mock.example'],
      {},
      `invalid --public-url / MOCK_PUBLIC_URL "https://user:pw@mock.example": ${URL_EXPECTED}`,
    ],
    [
      'an ftp public URL',
      ['--public-url', 'ftp://mock.example'],
      {},
      `invalid --public-url / MOCK_PUBLIC_URL "ftp://mock.example": ${URL_EXPECTED}`,
    ],
    [
      'a public URL that is not a URL',
      ['--public-url', 'mock.example:8443'],
      {},
      `invalid --public-url / MOCK_PUBLIC_URL "mock.example:8443": ${URL_EXPECTED}`,
    ],
    [
      'a garbage public URL',
      ['--public-url', 'not a url'],
      {},
      `invalid --public-url / MOCK_PUBLIC_URL "not a url": ${URL_EXPECTED}`,
    ],
    [
      'a bad log level',
      ['--log-level', 'verbose'],
      {},
      'invalid --log-level / MOCK_LOG_LEVEL "verbose": expected one of fatal, error, warn, info, debug, trace, silent',
    ],
    [
      'a value with a newline in it',
      [],
      { MOCK_LOG_LEVEL: 'info\nwarn' },
      'invalid --log-level / MOCK_LOG_LEVEL "info\\nwarn": expected one of fatal, error, warn, info, debug, trace, silent',
    ],
  ];
  for (const [name, argv, env, message] of cases) {
    const actual = errorOf(argv, env);
    t.equal(actual, message, name);
    t.notMatch(actual, /\n/, `${name}: one line`);
  }
});

t.test('bad command lines are ConfigErrors with one line', async (t) => {
  const cases: [string, string[], string][] = [
    [
      'an unknown flag',
      ['--verbose'],
      "Unknown option '--verbose' (run with --help for the options)",
    ],
    [
      'an unknown short flag',
      ['-p', '80'],
      "Unknown option '-p' (run with --help for the options)",
    ],
    [
      'a positional argument',
      ['serve'],
      "Unexpected argument 'serve'. This command does not take positional arguments (run with --help for the options)",
    ],
    [
      'a flag without its value',
      ['--port'],
      "Option '--port <value>' argument missing (run with --help for the options)",
    ],
    [
      'a value given to --help',
      ['--help=yes'],
      "Option '-h, --help' does not take an argument (run with --help for the options)",
    ],
  ];
  for (const [name, argv, message] of cases) {
    const actual = errorOf(argv);
    t.equal(actual, message, name);
    t.notMatch(actual, /\n/, `${name}: one line`);
  }
});

t.test(
  'a flag swallowing the next flag is one line too, though Node words it on three',
  async (t) => {
    const message = errorOf(['--port', '--host', 'x']);
    t.match(message, /^Option '--port' argument is ambiguous\. /);
    t.notMatch(message, /\n/);
  },
);

t.test('ConfigError is a named Error', async (t) => {
  const error = new ConfigError('x');
  t.ok(error instanceof Error);
  t.equal(error.name, 'ConfigError');
});

t.test(
  '--auth / MOCK_AUTH choose the auth mode; left unset, buildApp’s lenient applies',
  async (t) => {
    t.notOk('auth' in optionsOf([]), 'unset by default');
    t.equal(optionsOf(['--auth', 'strict']).auth, 'strict');
    t.equal(optionsOf(['--auth=lenient']).auth, 'lenient');
    t.equal(optionsOf([], { MOCK_AUTH: 'strict' }).auth, 'strict');
    t.equal(
      optionsOf(['--auth', 'lenient'], { MOCK_AUTH: 'strict' }).auth,
      'lenient',
      'the flag wins',
    );
    t.notOk('auth' in optionsOf([], { MOCK_AUTH: '' }), 'an empty MOCK_AUTH is unset');
  },
);

t.test(
  '--token-secret / MOCK_TOKEN_SECRET set the signing secret; unset, the default applies',
  async (t) => {
    t.notOk('tokenSecret' in optionsOf([]), 'unset by default');
    t.equal(optionsOf(['--token-secret', 's3cret value']).tokenSecret, 's3cret value');
    t.equal(optionsOf([], { MOCK_TOKEN_SECRET: 'from-env' }).tokenSecret, 'from-env');
    t.equal(
      optionsOf(['--token-secret=flag'], { MOCK_TOKEN_SECRET: 'env' }).tokenSecret,
      'flag',
      'the flag wins',
    );
    t.notOk(
      'tokenSecret' in optionsOf([], { MOCK_TOKEN_SECRET: '' }),
      'an empty variable is unset',
    );
  },
);

t.test('a bad auth mode or an empty secret is a one-line ConfigError', async (t) => {
  const cases: [string[], Env, string][] = [
    [
      ['--auth', 'Strict'],
      {},
      'invalid --auth / MOCK_AUTH "Strict": expected one of lenient, strict',
    ],
    [
      [],
      { MOCK_AUTH: 'none' },
      'invalid --auth / MOCK_AUTH "none": expected one of lenient, strict',
    ],
    [
      ['--token-secret='],
      {},
      'invalid --token-secret / MOCK_TOKEN_SECRET "": expected a non-empty secret',
    ],
  ];
  for (const [argv, env, message] of cases) t.equal(errorOf(argv, env), message, message);
});

t.test('the usage text names the auth options and the token command', async (t) => {
  for (const name of ['--auth', 'MOCK_AUTH', '--token-secret', 'MOCK_TOKEN_SECRET', 'token']) {
    t.match(USAGE, name);
  }
  t.match(USAGE, /^ {7}graph-callrecords-mock token \[token options\]/m);
});

/** The options of a `token` command line; fails the test on help. */
function tokenOptionsOf(argv: readonly string[], env: Env = {}): TokenOptions {
  const config = parseTokenConfig(argv, env);
  if (config.kind !== 'token') throw new Error(`expected a token config, got ${config.kind}`);
  return config.options;
}

function tokenErrorOf(argv: readonly string[], env: Env = {}): string {
  try {
    parseTokenConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`parseTokenConfig accepted ${JSON.stringify({ argv, env })}`);
}

const TOKEN_DEFAULTS: TokenOptions = { expired: false, notYetValid: false, delegated: false };
const GUID_A = '66666666-7777-4888-9999-aaaaaaaaaaaa';

t.test('token: no flags ask for a good token with issueToken’s defaults', async (t) => {
  t.strictSame(parseTokenConfig([], {}), { kind: 'token', options: TOKEN_DEFAULTS });
});

t.test('token: each flag sets its knob', async (t) => {
  const cases: [string[], Partial<TokenOptions>][] = [
    [['--expired'], { expired: true }],
    [['--not-yet-valid'], { notYetValid: true }],
    [['--delegated'], { delegated: true }],
    [['--no-role'], { roles: [] }],
    [['--role', 'CallRecord-PstnCalls.Read.All'], { roles: ['CallRecord-PstnCalls.Read.All'] }],
    [['--role', 'A', '--role', 'B'], { roles: ['A', 'B'] }],
    [['--audience', 'api://other'], { audience: 'api://other' }],
    [['--client-id', GUID_A.toUpperCase()], { clientId: GUID_A }],
    [['--tenant', GUID_A], { tenantId: GUID_A }],
    [['--tenant', 'contoso.onmicrosoft.com'], { tenantId: tenantIdOf('contoso.onmicrosoft.com') }],
    [['--lifetime', '60'], { lifetimeSeconds: 60 }],
    [['--lifetime', '86400'], { lifetimeSeconds: 86400 }],
    [['--token-secret', 'shared'], { secret: 'shared' }],
  ];
  for (const [argv, expected] of cases) {
    t.strictSame(tokenOptionsOf(argv), { ...TOKEN_DEFAULTS, ...expected }, argv.join(' '));
  }
});

t.test('token: MOCK_TOKEN_SECRET is shared with the server; the flag wins', async (t) => {
  t.equal(tokenOptionsOf([], { MOCK_TOKEN_SECRET: 'shared' }).secret, 'shared');
  t.notOk('secret' in tokenOptionsOf([], { MOCK_TOKEN_SECRET: '' }), 'an empty variable is unset');
  t.equal(tokenOptionsOf(['--token-secret', 'flag'], { MOCK_TOKEN_SECRET: 'env' }).secret, 'flag');
  t.strictSame(
    tokenOptionsOf([], { MOCK_AUTH: 'strict', PORT: 'x' }),
    TOKEN_DEFAULTS,
    'server variables are ignored',
  );
});

t.test('token: --help and -h ask for the token usage, which names every flag', async (t) => {
  t.same(parseTokenConfig(['--help'], {}), { kind: 'help' });
  t.same(parseTokenConfig(['-h', '--lifetime', 'x'], {}), { kind: 'help' });
  for (const name of [
    '--expired',
    '--not-yet-valid',
    '--audience',
    '--role',
    '--no-role',
    '--delegated',
    '--client-id',
    '--tenant',
    '--lifetime',
    '--token-secret',
    'MOCK_TOKEN_SECRET',
    '-h, --help',
  ]) {
    t.match(TOKEN_USAGE, name);
  }
});

t.test('token: bad values and combinations are one-line ConfigErrors', async (t) => {
  const cases: [string[], Env, string][] = [
    [
      ['--client-id', 'my-app'],
      {},
      'invalid --client-id "my-app": expected an application id (a GUID), e.g. 5d2e8f41-9c3b-4a7d-8e16-0b4f3a2c1d9e',
    ],
    [
      ['--tenant', 'contoso'],
      {},
      'invalid --tenant "contoso": expected a tenant id (a GUID) or a domain name, e.g. contoso.onmicrosoft.com',
    ],
    [
      ['--lifetime', '0'],
      {},
      'invalid --lifetime "0": expected a whole number of seconds from 1 to 86400',
    ],
    [
      ['--lifetime', '86401'],
      {},
      'invalid --lifetime "86401": expected a whole number of seconds from 1 to 86400',
    ],
    [
      ['--lifetime', '1h'],
      {},
      'invalid --lifetime "1h": expected a whole number of seconds from 1 to 86400',
    ],
    [
      ['--audience='],
      {},
      'invalid --audience "": expected a non-empty audience, e.g. https://graph.microsoft.com or api://another-api',
    ],
    [['--role='], {}, 'invalid --role "": expected a non-empty role name'],
    [
      ['--token-secret='],
      {},
      'invalid --token-secret / MOCK_TOKEN_SECRET "": expected a non-empty secret',
    ],
    [['--expired', '--not-yet-valid'], {}, '--expired and --not-yet-valid cannot be used together'],
    [['--role', 'A', '--no-role'], {}, '--role and --no-role cannot be used together'],
    [['--delegated', '--role', 'A'], {}, '--delegated and --role cannot be used together'],
    [['--delegated', '--no-role'], {}, '--delegated and --no-role cannot be used together'],
    [['--verbose'], {}, "Unknown option '--verbose' (run with token --help for the options)"],
    [
      ['now'],
      {},
      "Unexpected argument 'now'. This command does not take positional arguments (run with token --help for the options)",
    ],
  ];
  for (const [argv, env, message] of cases) {
    const actual = tokenErrorOf(argv, env);
    t.equal(actual, message, argv.join(' '));
    t.notMatch(actual, /\n/, `${argv.join(' ')}: one line`);
  }
});

t.test('--control / MOCK_CONTROL switch the control API on or off; the flag wins', async (t) => {
  t.equal(optionsOf([]).control, undefined, 'unset: buildApp decides (on)');
  t.equal(optionsOf(['--control', 'off']).control, false);
  t.equal(optionsOf(['--control=on']).control, true);
  t.equal(optionsOf([], { MOCK_CONTROL: 'off' }).control, false);
  t.equal(optionsOf(['--control', 'on'], { MOCK_CONTROL: 'off' }).control, true);
  for (const bad of ['yes', 'OFF', 'constructor', '']) {
    t.equal(
      errorOf([`--control=${bad}`]),
      `invalid --control / MOCK_CONTROL ${JSON.stringify(bad)}: expected on or off`,
    );
  }
  t.match(USAGE, /--control <on\|off>\s+MOCK_CONTROL/);
});

const DEFAULT_TLS_DIR = join(homedir(), '.local', 'share', 'graph-callrecords-mock', 'tls');

t.test('--tenant-cache / MOCK_TENANT_CACHE move the tenant cache, or turn it off', async (t) => {
  t.equal(optionsOf(['--tenant-cache', 'cache']).tenantCache, 'cache');
  t.equal(optionsOf([], { MOCK_TENANT_CACHE: '/srv/cache' }).tenantCache, '/srv/cache');
  t.equal(optionsOf(['--tenant-cache=/flag'], { MOCK_TENANT_CACHE: '/env' }).tenantCache, '/flag');
  t.equal(
    optionsOf([], { XDG_CACHE_HOME: '/cache' }).tenantCache,
    '/cache/graph-callrecords-mock/tenants',
    'XDG_CACHE_HOME moves the default',
  );
  t.notOk('tenantCache' in optionsOf(['--tenant-cache', 'off']), 'off: built every start');
  t.notOk('tenantCache' in optionsOf([], { MOCK_TENANT_CACHE: 'off' }));
  t.equal(
    errorOf(['--tenant-cache=']),
    'invalid --tenant-cache / MOCK_TENANT_CACHE "": expected a directory path, or off',
  );
});

t.test('--tls / MOCK_TLS serve HTTPS from the local CA in the default directory', async (t) => {
  t.notOk('tlsSource' in optionsOf([]), 'off by default');
  const localCa = { kind: 'local-ca', dir: DEFAULT_TLS_DIR };
  t.same(optionsOf(['--tls']).tlsSource, localCa);
  for (const on of ['1', 'true', 'on'])
    t.same(optionsOf([], { MOCK_TLS: on }).tlsSource, localCa, on);
  for (const off of ['0', 'false', 'off', '']) {
    t.notOk('tlsSource' in optionsOf([], { MOCK_TLS: off }), JSON.stringify(off));
  }
  t.same(optionsOf(['--tls'], { MOCK_TLS: 'off' }).tlsSource, localCa, 'the flag wins');
  t.same(
    optionsOf(['--tls'], { XDG_DATA_HOME: '/data' }).tlsSource,
    { kind: 'local-ca', dir: '/data/graph-callrecords-mock/tls' },
    'XDG_DATA_HOME moves the default',
  );
});

t.test('--tls-dir / MOCK_TLS_DIR name the directory, without turning TLS on', async (t) => {
  t.same(optionsOf(['--tls', '--tls-dir', 'certs']).tlsSource, { kind: 'local-ca', dir: 'certs' });
  t.same(optionsOf([], { MOCK_TLS: '1', MOCK_TLS_DIR: '/srv/tls' }).tlsSource, {
    kind: 'local-ca',
    dir: '/srv/tls',
  });
  t.same(
    optionsOf(['--tls', '--tls-dir=/flag'], { MOCK_TLS_DIR: '/env' }).tlsSource,
    { kind: 'local-ca', dir: '/flag' },
    'the flag wins',
  );
  t.notOk('tlsSource' in optionsOf(['--tls-dir', 'certs']), 'a directory alone keeps HTTP');
  t.notOk('tlsSource' in optionsOf([], { MOCK_TLS_DIR: '/srv/tls' }));
});

t.test('--tls-cert and --tls-key serve the user’s own certificate, and imply --tls', async (t) => {
  const files = { kind: 'files', certFile: 'cert.pem', keyFile: 'key.pem' };
  t.same(optionsOf(['--tls-cert', 'cert.pem', '--tls-key', 'key.pem']).tlsSource, files);
  t.same(optionsOf(['--tls', '--tls-cert=cert.pem', '--tls-key=key.pem']).tlsSource, files);
  t.same(optionsOf([], { MOCK_TLS_CERT: 'cert.pem', MOCK_TLS_KEY: 'key.pem' }).tlsSource, files);
  t.same(
    optionsOf(['--tls-cert', 'cert.pem'], { MOCK_TLS_CERT: 'other.pem', MOCK_TLS_KEY: 'key.pem' })
      .tlsSource,
    files,
    'each flag wins over its variable',
  );
  t.notOk(
    'tlsSource' in optionsOf([], { MOCK_TLS: '0', MOCK_TLS_CERT: 'c', MOCK_TLS_KEY: 'k' }),
    'MOCK_TLS=0 turns it off',
  );
});

t.test('bad TLS options are one-line ConfigErrors', async (t) => {
  const cases: [string[], Env, string][] = [
    [
      [],
      { MOCK_TLS: 'yes' },
      'invalid --tls / MOCK_TLS "yes": expected 1, true or on, or 0, false or off',
    ],
    [
      ['--tls=on'],
      {},
      "Option '--tls' does not take an argument (run with --help for the options)",
    ],
    [['--tls', '--tls-dir='], {}, 'invalid --tls-dir / MOCK_TLS_DIR "": expected a directory path'],
    [
      ['--tls-cert=', '--tls-key', 'k'],
      {},
      'invalid --tls-cert / MOCK_TLS_CERT "": expected the path of a PEM certificate file',
    ],
    [
      ['--tls-cert', 'c', '--tls-key='],
      {},
      'invalid --tls-key / MOCK_TLS_KEY "": expected the path of a PEM private key file',
    ],
    [
      ['--tls-cert', 'c'],
      {},
      '--tls-cert / MOCK_TLS_CERT and --tls-key / MOCK_TLS_KEY go together: give both, or neither to use the local CA',
    ],
    [
      [],
      { MOCK_TLS_KEY: 'k' },
      '--tls-cert / MOCK_TLS_CERT and --tls-key / MOCK_TLS_KEY go together: give both, or neither to use the local CA',
    ],
    [
      ['--tls-cert', 'c', '--tls-key', 'k'],
      { MOCK_TLS_DIR: '/srv/tls' },
      '--tls-dir / MOCK_TLS_DIR and --tls-cert / MOCK_TLS_CERT cannot be used together: the directory is for the local CA, the files are your own certificate',
    ],
  ];
  for (const [argv, env, message] of cases) {
    const actual = errorOf(argv, env);
    t.equal(actual, message, `${argv.join(' ')} ${JSON.stringify(env)}`);
    t.notMatch(actual, /\n/, 'one line');
  }
});

t.test('the usage text names the TLS options and the default directory', async (t) => {
  for (const name of [
    '--tls ',
    'MOCK_TLS ',
    '--tls-dir <dir>',
    'MOCK_TLS_DIR',
    '--tls-cert <file>',
    'MOCK_TLS_CERT',
    '--tls-key <file>',
    'MOCK_TLS_KEY',
    'NODE_EXTRA_CA_CERTS',
    '$XDG_DATA_HOME/graph-callrecords-mock/tls',
    '~/.local/share/graph-callrecords-mock/tls',
  ]) {
    t.match(USAGE, name);
  }
});

t.test(
  '--admin-token, --cors and --shutdown-grace, by flag or variable; the flag wins',
  async (t) => {
    const cases: [string[], Env, Partial<CliOptions>][] = [
      [['--admin-token', 's3cret'], {}, { adminToken: 's3cret' }],
      [[], { MOCK_ADMIN_TOKEN: 'from-env' }, { adminToken: 'from-env' }],
      [['--admin-token', 'flag'], { MOCK_ADMIN_TOKEN: 'env' }, { adminToken: 'flag' }],
      [['--cors', '*'], {}, { cors: '*' }],
      [['--cors', 'off'], {}, {}],
      [[], { MOCK_CORS: 'off' }, {}],
      [
        ['--cors', 'http://localhost:5173, https://app.example/'],
        {},
        { cors: ['http://localhost:5173', 'https://app.example'] },
      ],
      [[], { MOCK_CORS: 'http://localhost:5173' }, { cors: ['http://localhost:5173'] }],
      [['--cors', 'off'], { MOCK_CORS: '*' }, {}],
      [['--shutdown-grace', '0'], {}, { shutdownGraceSeconds: 0 }],
      [[], { MOCK_SHUTDOWN_GRACE: '30' }, { shutdownGraceSeconds: 30 }],
      [['--shutdown-grace', '3600'], { MOCK_SHUTDOWN_GRACE: '1' }, { shutdownGraceSeconds: 3600 }],
    ];
    for (const [argv, env, expected] of cases) {
      t.same(optionsOf(argv, env), { ...DEFAULTS, ...expected }, JSON.stringify({ argv, env }));
    }
  },
);

t.test(
  'bad --admin-token, --cors and --shutdown-grace values are one-line ConfigErrors',
  async (t) => {
    const CORS_EXPECTED =
      'expected off, * or a comma-separated list of origins, e.g. http://localhost:5173';
    const GRACE_EXPECTED = 'expected a whole number of seconds from 0 to 3600';
    const cases: [string[], Env, string][] = [
      [
        ['--admin-token', ''],
        {},
        'invalid --admin-token / MOCK_ADMIN_TOKEN "": expected a non-empty token',
      ],
      [['--cors', ''], {}, `invalid --cors / MOCK_CORS "": ${CORS_EXPECTED}`],
      [
        ['--cors', 'localhost:5173'],
        {},
        `invalid --cors / MOCK_CORS "localhost:5173": ${CORS_EXPECTED}`,
      ],
      [
        [],
        { MOCK_CORS: 'http://a.example,http://b.example/path' },
        `invalid --cors / MOCK_CORS "http://a.example,http://b.example/path": ${CORS_EXPECTED}`,
      ],
      [['--cors', 'on'], {}, `invalid --cors / MOCK_CORS "on": ${CORS_EXPECTED}`],
      [
        ['--shutdown-grace=-1'],
        {},
        `invalid --shutdown-grace / MOCK_SHUTDOWN_GRACE "-1": ${GRACE_EXPECTED}`,
      ],
      [
        ['--shutdown-grace', '2.5'],
        {},
        `invalid --shutdown-grace / MOCK_SHUTDOWN_GRACE "2.5": ${GRACE_EXPECTED}`,
      ],
      [
        [],
        { MOCK_SHUTDOWN_GRACE: '3601' },
        `invalid --shutdown-grace / MOCK_SHUTDOWN_GRACE "3601": ${GRACE_EXPECTED}`,
      ],
    ];
    for (const [argv, env, message] of cases) {
      t.equal(errorOf(argv, env), message, JSON.stringify({ argv, env }));
    }
  },
);

t.test('the usage text names the admin token, CORS and shutdown options', async (t) => {
  for (const name of [
    '--admin-token',
    'MOCK_ADMIN_TOKEN',
    '--cors',
    'MOCK_CORS',
    '--shutdown-grace',
    'MOCK_SHUTDOWN_GRACE',
  ]) {
    t.match(USAGE, name);
  }
});
