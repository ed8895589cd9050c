/**
 * `graph-callrecords-mock token …` through the CLI's run(), in-process: one token on stdout. The
 * bin in a real process is test/e2e/token-command.test.ts.
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import t from 'tap';
import { signingKeyFor } from '../../server/auth/signing-key.js';
import {
  CALL_RECORDS_ROLE,
  DEFAULT_CLIENT_ID,
  DEFAULT_TENANT_ID,
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  LEGACY_PSTN_CALLS_ROLE,
  TOKEN_LIFETIME_SECONDS,
  tenantIdOf,
  verifyGraphToken,
} from '../../server/auth/tokens.js';
import { TOKEN_USAGE } from '../../server/config/usage.js';
import { runInProcess } from '../support/cli.js';

const PREFIX = 'graph-callrecords-mock: ';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const CLIENT = '66666666-7777-4888-9999-aaaaaaaaaaaa';

/** Runs `token …` with `env` as the whole environment. */
const token = (args: readonly string[], env: Record<string, string> = {}) =>
  runInProcess(['token', ...args], env).exited;

t.test('token prints one token and nothing else; the default server accepts it', async (t) => {
  const exit = await token([]);
  t.equal(exit.code, 0);
  t.equal(exit.stderr, '');
  t.match(exit.stdout, JWT, 'stdout is the token alone, without a newline');
  t.match(decodeProtectedHeader(exit.stdout), { alg: 'EdDSA', kid: signingKeyFor().kid });
  const claims = decodeJwt(exit.stdout);
  t.match(claims, {
    aud: GRAPH_RESOURCE,
    iss: `https://sts.windows.net/${DEFAULT_TENANT_ID}/`,
    appid: DEFAULT_CLIENT_ID,
    tid: DEFAULT_TENANT_ID,
    roles: [CALL_RECORDS_ROLE],
    idtyp: 'app',
  });
  t.equal(claims.exp! - claims.nbf!, TOKEN_LIFETIME_SECONDS);
  t.ok(Math.abs(claims.nbf! - Date.now() / 1000) < 60, 'valid from now');
  t.equal((await verifyGraphToken(exit.stdout, signingKeyFor())).kind, 'valid');
});

t.test('token makes the tokens it is asked for, good and bad', async (t) => {
  const now = Date.now() / 1000;
  const cases: [string[], string, (claims: JWTPayload) => boolean][] = [
    [['--expired'], 'invalid', (c) => c.exp! < now - 3000],
    [['--not-yet-valid'], 'invalid', (c) => c.nbf! > now + 3000],
    [['--audience', 'api://other'], 'invalid', (c) => c.aud === 'api://other'],
    [['--audience', GRAPH_APP_ID], 'valid', (c) => c.aud === GRAPH_APP_ID],
    [['--no-role'], 'forbidden', (c) => !('roles' in c)],
    [['--role', 'User.Read.All'], 'forbidden', (c) => String(c.roles) === 'User.Read.All'],
    [
      ['--role', LEGACY_PSTN_CALLS_ROLE],
      'valid',
      (c) => String(c.roles) === LEGACY_PSTN_CALLS_ROLE,
    ],
    [['--delegated'], 'forbidden', (c) => typeof c.scp === 'string' && !('roles' in c)],
    [['--lifetime', '60'], 'valid', (c) => c.exp! - c.nbf! === 60],
    [['--client-id', CLIENT], 'valid', (c) => c.appid === CLIENT],
    [
      ['--tenant', 'contoso.onmicrosoft.com'],
      'valid',
      (c) => c.tid === tenantIdOf('contoso.onmicrosoft.com'),
    ],
  ];
  const exits = await Promise.all(cases.map(([args]) => token(args)));
  for (const [i, [args, verdict, check]] of cases.entries()) {
    const { code, stdout } = exits[i]!;
    const name = args.join(' ');
    t.equal(code, 0, `${name}: exit code`);
    t.match(stdout, JWT, `${name}: one token`);
    t.ok(check(decodeJwt(stdout)), `${name}: the claims`);
    t.equal((await verifyGraphToken(stdout, signingKeyFor())).kind, verdict, `${name}: ${verdict}`);
  }
});

t.test('token signs with --token-secret or MOCK_TOKEN_SECRET, the flag winning', async (t) => {
  const [flag, env, both] = await Promise.all([
    token(['--token-secret', 'shared']),
    token([], { MOCK_TOKEN_SECRET: 'shared' }),
    token(['--token-secret', 'shared'], { MOCK_TOKEN_SECRET: 'other' }),
  ]);
  for (const [name, exit] of [
    ['flag', flag],
    ['variable', env],
    ['both', both],
  ] as const) {
    t.equal((await verifyGraphToken(exit.stdout, signingKeyFor('shared'))).kind, 'valid', name);
    t.equal((await verifyGraphToken(exit.stdout, signingKeyFor())).kind, 'invalid', name);
  }
});

t.test('on a terminal the token is followed by a newline', async (t) => {
  const exit = await runInProcess(['token'], {}, { isTTY: true }).exited;
  t.equal(exit.code, 0);
  t.match(exit.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
});

t.test('token --help prints the token usage and exits 0', async (t) => {
  const exit = await token(['--help']);
  t.equal(exit.code, 0);
  t.equal(exit.stdout, `${TOKEN_USAGE}\n`);
  t.equal(exit.stderr, '');
});

t.test('token with bad options exits 2 with one line on stderr and no token', async (t) => {
  const cases: [string[], string][] = [
    [['--lifetime', 'forever'], 'invalid --lifetime "forever"'],
    [['--expired', '--not-yet-valid'], '--expired and --not-yet-valid cannot be used together'],
    [['--port', '80'], "Unknown option '--port' (run with token --help for the options)"],
  ];
  const exits = await Promise.all(cases.map(([args]) => token(args)));
  for (const [i, [args, detail]] of cases.entries()) {
    const exit = exits[i]!;
    const name = args.join(' ');
    t.equal(exit.code, 2, `${name}: exit code`);
    t.equal(exit.stdout, '', `${name}: no token`);
    t.ok(exit.stderr.startsWith(PREFIX), `${name}: the line starts with the program name`);
    t.match(exit.stderr, detail, `${name}: the line says what is wrong`);
    t.equal(exit.stderr.split('\n').length, 2, `${name}: exactly one line`);
  }
});
