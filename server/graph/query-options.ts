/**
 * The OData query options getPstnCalls honours: `$skip` and `$top`. The others the OpenAPI
 * lists (`$filter`, `$search`, `$count`) are ignored, as the real service ignores `$filter`.
 */

/** Rows per page, and the largest `$top` accepted. */
import { PAGE_SIZE } from '../../openapi/contract.js';
import {
  emptyQueryOption,
  queryOptionNotDigits,
  repeatedQueryOption,
  skipTooLarge,
  topOutOfRange,
} from '../errors.js';

export { PAGE_SIZE };

export interface QueryOptions {
  readonly skip: number;
  readonly top: number;
}

type Query = Readonly<Record<string, string | string[] | undefined>>;

/** Digits only: no sign, spaces, exponent, fraction or hex, which Number() would accept. */
const DECIMAL_DIGITS = /^[0-9]+$/;

export function parseQueryOptions(query: Query): QueryOptions {
  const skip = readOption(query, '$skip');
  const top = readOption(query, '$top');
  return {
    skip: skip === undefined ? 0 : parseSkip(skip),
    top: top === undefined ? PAGE_SIZE : parseTop(top),
  };
}

/** The single value of an option, matching its name case-insensitively as OData does. */
function readOption(query: Query, option: string): string | undefined {
  // A loop rather than entries/filter/flatMap: this runs twice per page request.
  let found: string | undefined;
  let count = 0;
  for (const key in query) {
    if (key.length !== option.length || key.toLowerCase() !== option) continue;
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      found ??= value;
      count++;
    } else {
      found ??= value[0];
      count += value.length;
    }
  }
  if (count > 1) throw repeatedQueryOption(option, count);
  return found;
}

function parseSkip(text: string): number {
  const skip = parseDigits('$skip', text, `a whole number of 0 or more, e.g. $skip=${PAGE_SIZE}`);
  if (skip > Number.MAX_SAFE_INTEGER) {
    throw skipTooLarge(text);
  }
  return skip;
}

function parseTop(text: string): number {
  const expected = `a whole number from 1 to ${PAGE_SIZE}, e.g. $top=100`;
  const top = parseDigits('$top', text, expected);
  if (top < 1 || top > PAGE_SIZE) {
    throw topOutOfRange(text, expected);
  }
  return top;
}

function parseDigits(option: string, text: string, expected: string): number {
  if (text === '') {
    throw emptyQueryOption(option, expected);
  }
  if (!DECIMAL_DIGITS.test(text)) {
    throw queryOptionNotDigits(option, text, expected);
  }
  return Number(text);
}
