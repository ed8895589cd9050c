/**
 * The bin's `token` command in a real process: the token alone on a pipe, and a bad option's
 * exit code. What it prints is tested in-process, in test/server/token-command.test.ts.
 */
import { decodeJwt } from 'jose';
import t from 'tap';
import { CALL_RECORDS_ROLE } from '../../server/auth/tokens.js';
import { PREFIX, run } from '../support/cli.js';

t.test('token prints one token on a pipe, without a newline', async (t) => {
  const exit = await run(['token']);
  t.equal(exit.code, 0);
  t.equal(exit.stderr, '');
  t.match(exit.stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  t.match(decodeJwt(exit.stdout), { roles: [CALL_RECORDS_ROLE] });
});

t.test('a bad option exits 2 with one line on stderr', async (t) => {
  const exit = await run(['token', '--lifetime', 'forever']);
  t.equal(exit.code, 2);
  t.equal(exit.stdout, '');
  t.match(exit.stderr, new RegExp(`^${PREFIX}invalid --lifetime "forever".*\\n$`));
});
