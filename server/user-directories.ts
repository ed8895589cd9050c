/** The mock's own directories under the user's home, as the XDG base-directory spec places them. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const APP_DIRECTORY = 'graph-callrecords-mock';

/** Each kind's variable and its fallback under the home directory. */
const BASES = {
  data: { variable: 'XDG_DATA_HOME', fallback: ['.local', 'share'] },
  cache: { variable: 'XDG_CACHE_HOME', fallback: ['.cache'] },
} as const;

/**
 * `$XDG_DATA_HOME/graph-callrecords-mock` (or `$XDG_CACHE_HOME/…`), or the spec's fallback in
 * the home directory when the variable is unset or, as the spec says to treat it, not absolute.
 *
 * @example
 * userDirectory('cache', {}, '/home/u'); // '/home/u/.cache/graph-callrecords-mock'
 */
export function userDirectory(
  kind: keyof typeof BASES,
  env: Readonly<Record<string, string | undefined>>,
  home: string = homedir(),
): string {
  const { variable, fallback } = BASES[kind];
  const set = env[variable];
  return join(set && isAbsolute(set) ? set : join(home, ...fallback), APP_DIRECTORY);
}

/**
 * Where the CLI keeps built tenants (tenant-cache.ts): `$XDG_CACHE_HOME/graph-callrecords-mock/tenants`,
 * or `~/.cache/graph-callrecords-mock/tenants`.
 */
export function defaultTenantCacheDirectory(
  env: Readonly<Record<string, string | undefined>>,
  home?: string,
): string {
  return join(userDirectory('cache', env, home), 'tenants');
}
