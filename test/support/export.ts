/**
 * The export command as its in-process tests drive it (test/server/export/): run it, read its
 * lines, and hold them to the endpoint's pages of the same range, byte for byte.
 */
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { type ApiVersion, functionVersions, type LogFunctionName } from '../../openapi/contract.js';
import type { Instant } from '../../scenarios/instant.js';
import { LOG_FUNCTION_TABLE } from '../../scenarios/log-functions.js';
import { type CallWindow, shiftTick } from '../../scenarios/log-window.js';
import { formatDateTimeLiteral, parseDateTimeOffset } from '../../server/graph/date-time-offset.js';
import { type Exit, type InProcessOptions, runInProcess } from './cli.js';
import { get, logPath, pathOf } from './graph.js';

/** default's June: 2,993 getPstnCalls rows, three pages; every log has rows in it. */
export const JUNE = { from: '2024-06-01', to: '2024-07-01' };
/** 121 days: two windows of every limited log, the first ending 2024-03-30. */
export const FOUR_MONTHS = { from: '2024-01-01', to: '2024-05-01' };

/** `export …` through run() in this process, with an empty environment. */
export const exportOf = (args: readonly string[], options: InProcessOptions = {}) =>
  runInProcess(['export', ...args], {}, options).exited;

/** The version export picks when none is given. */
export const defaultVersion = (fn: LogFunctionName): ApiVersion =>
  functionVersions(fn).includes('v1.0') ? 'v1.0' : 'beta';

/** An instant from a literal the test knows to be valid. */
export function at(literal: string): Instant {
  const instant = parseDateTimeOffset(literal);
  if (instant === undefined) throw new Error(`bad test literal ${literal}`);
  return instant;
}

/** A successful export's lines, the last one ended by a newline like every other. */
export function linesOf(t: Test, exit: Exit): string[] {
  t.equal(exit.code, 0, 'exit code 0');
  t.equal(exit.stderr, '', 'nothing on stderr');
  if (exit.stdout === '') return [];
  t.ok(exit.stdout.endsWith('\n'), 'the last line is ended');
  return exit.stdout.slice(0, -1).split('\n');
}

const VALUE = '"value":[';

/** One page's rows as the endpoint sends them — its `value`, the rows separated by commas — and how many. */
export interface EndpointPage {
  readonly value: string;
  readonly rows: number;
}

/** The pages of the endpoint's walk of a range, followed through its nextLinks. */
export async function endpointPages(
  app: FastifyInstance,
  fn: LogFunctionName,
  version: ApiVersion,
  from: string,
  to: string,
): Promise<EndpointPage[]> {
  const pages: EndpointPage[] = [];
  let url: string | null = logPath(fn, version, from, to);
  while (url !== null) {
    const res = await get(app, url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    const body = res.body;
    const page = JSON.parse(body) as { value: unknown[]; '@odata.nextLink'?: string };
    // The page ends with the rows' closing `]}`.
    pages.push({
      value: body.slice(body.indexOf(VALUE) + VALUE.length, -2),
      rows: page.value.length,
    });
    url = page['@odata.nextLink'] === undefined ? null : pathOf(page['@odata.nextLink']);
  }
  return pages;
}

/** Holds `lines` to being the rows of `pages`, in order and byte for byte. */
export function assertSameRows(
  t: Test,
  lines: readonly string[],
  pages: readonly EndpointPage[],
  name: string,
): void {
  let next = 0;
  for (const [i, page] of pages.entries()) {
    const ours = lines.slice(next, next + page.rows);
    t.ok(
      ours.join(',') === page.value,
      `${name}: page ${i + 1}'s ${page.rows} rows, byte for byte`,
    );
    next += page.rows;
  }
  t.equal(lines.length, next, `${name}: ${next} rows, no more`);
}

/** The range a client writes to be served exactly `window` under `fn`'s rule. */
export function requestFor(fn: LogFunctionName, window: CallWindow): { from: string; to: string } {
  const rule = LOG_FUNCTION_TABLE.find((entry) => entry.name === fn)!.window;
  return {
    from: formatDateTimeLiteral(rule.fromInclusive ? window.from : shiftTick(window.from, -1)),
    to: formatDateTimeLiteral(rule.toInclusive ? window.to : shiftTick(window.to, 1)),
  };
}
