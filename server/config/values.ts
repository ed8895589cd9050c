/** The value parsers of the option table: each returns the value, or undefined when `raw` is not acceptable. */
import { isIP } from 'node:net';
import type { CorsOrigins } from '../options.js';

const MAX_HOSTNAME_LENGTH = 253;
const HOSTNAME_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DECIMAL_DIGITS = /^\d+$/;
const WEB_PROTOCOLS = ['http:', 'https:'];

const SWITCH_VALUES: Readonly<Record<string, boolean>> = {
  1: true,
  true: true,
  on: true,
  0: false,
  false: false,
  off: false,
};

export function parseSwitch(raw: string): boolean | undefined {
  return Object.hasOwn(SWITCH_VALUES, raw) ? SWITCH_VALUES[raw] : undefined;
}

export function nonEmpty(raw: string): string | undefined {
  return raw === '' ? undefined : raw;
}

/** Paths separated by commas, e.g. `scenarios/,extra.json`; undefined if one is empty. */
export function parsePathList(raw: string): string[] | undefined {
  const paths = raw.split(',').map((path) => path.trim());
  return paths.every((path) => path !== '') ? paths : undefined;
}

export function parseInteger(raw: string, max: number): number | undefined {
  if (!DECIMAL_DIGITS.test(raw)) return undefined;
  const value = Number(raw);
  return value <= max ? value : undefined;
}

export function isHost(raw: string): boolean {
  if (isIP(raw) !== 0) return true;
  if (raw.length > MAX_HOSTNAME_LENGTH) return false;
  return raw.split('.').every((label) => HOSTNAME_LABEL.test(label));
}

/** `off` (false), `*`, or origins separated by commas; undefined if any of them is not an origin. */
export function parseCorsOrigins(raw: string): CorsOrigins | false | undefined {
  if (raw === 'off') return false;
  if (raw === '*') return '*';
  const origins = raw.split(',').map((origin) => parseOrigin(origin.trim()));
  return origins.every((origin) => origin !== undefined) ? origins : undefined;
}

/** The origin of `raw`, without a trailing slash, or undefined if `raw` is more than an origin. */
export function parseOrigin(raw: string): string | undefined {
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
