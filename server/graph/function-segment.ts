/**
 * The last path segment of a log-function request, e.g.
 * `microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-06-11T00%3A00%3A00.000Z,toDateTime=…)`,
 * turned into the function and the two instants it names. Syntax is checked over the whole
 * parameter list first, then names and values, as Graph's OData parser does. Which ends of
 * the range count is the function's own rule (log-window.ts), applied after this.
 */
import { LOG_FUNCTIONS, type LogFunctionName } from '../../openapi/contract.js';
import type { Instant } from '../../scenarios/instant.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import {
  callRecordNotFound,
  duplicateParameter,
  expressionExpected,
  invalidDateTime,
  malformedSegmentEncoding,
  missingParameters,
  missingParentheses,
  parameterSyntaxError,
  resourceNotFound,
  unclosedParameterList,
  unknownParameter,
} from '../errors.js';
import { parseDateTimeOffset } from './date-time-offset.js';

type WindowEnd = keyof CallWindow;

/** Graph URLs are case-insensitive; SDKs send the namespace-qualified name, docs the short one. */
const FUNCTION_NAMES: ReadonlyMap<string, LogFunctionName> = new Map(
  LOG_FUNCTIONS.flatMap((name) => [
    [name.toLowerCase(), name] as const,
    [`microsoft.graph.callrecords.${name.toLowerCase()}`, name] as const,
  ]),
);

/** A function call as written: which function, and the instants its two parameters name. */
export interface FunctionCall {
  readonly name: LogFunctionName;
  readonly range: CallWindow;
}

const EVERY_FUNCTION: ReadonlySet<LogFunctionName> = new Set(LOG_FUNCTIONS);

/** Lower-cased parameter names; the docs' own nextLink uses the short from/to. */
const PARAMETER_ENDS: ReadonlyMap<string, WindowEnd> = new Map([
  ['fromdatetime', 'from'],
  ['from', 'from'],
  ['todatetime', 'to'],
  ['to', 'to'],
]);

const CANONICAL_NAMES = { from: 'fromDateTime', to: 'toDateTime' } as const;

const PARAMETER_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const TRAILING_SPACES = / +$/;

/** One `name=value` as written, before its name or value is given a meaning. */
interface WrittenParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * Reads a segment naming one of `served` (the functions the API version has); any other name
 * is a segment Graph does not know, whatever its parameters.
 *
 * @example
 * parseFunctionSegment('getDirectRoutingCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)');
 * // → { name: 'getDirectRoutingCalls', range: { from: …, to: … } }
 */
export function parseFunctionSegment(
  rawSegment: string,
  served: ReadonlySet<LogFunctionName> = EVERY_FUNCTION,
): FunctionCall {
  const segment = tryDecode(rawSegment);
  if (segment === undefined) throw malformedSegmentEncoding(rawSegment);
  const written = functionNameOf(segment);
  const name = FUNCTION_NAMES.get(written.toLowerCase());
  // A plain segment is a key of the callRecords collection: a call record's id.
  if (name === undefined && written === segment && segment !== '') throw callRecordNotFound();
  if (name === undefined || !served.has(name)) throw resourceNotFound(segment);
  if (written === segment) throw missingParentheses(segment, name);
  if (!segment.endsWith(')')) throw unclosedParameterList(segment, name);
  const parameters = readParameters(segment.slice(written.length + 1, -1));
  return { name, range: bindParameters(name, parameters) };
}

/**
 * The log function a segment names, if it names one, its parameters unread: what the rate
 * limits need, which count a request before its URL is checked.
 */
export function functionNamedIn(rawSegment: string): LogFunctionName | undefined {
  const segment = tryDecode(rawSegment);
  return segment === undefined
    ? undefined
    : FUNCTION_NAMES.get(functionNameOf(segment).toLowerCase());
}

function functionNameOf(segment: string): string {
  const open = segment.indexOf('(');
  return open === -1 ? segment : segment.slice(0, open);
}

function tryDecode(text: string): string | undefined {
  try {
    // decodeURIComponent keeps '+' as a plus sign, which is right for a path.
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Splits `name=value,name='value'` into its parts; positions count from 0 in `text`. */
function readParameters(text: string): WrittenParameter[] {
  const parameters: WrittenParameter[] = [];
  let position = skipSpaces(text, 0);
  if (position === text.length) return parameters;
  for (;;) {
    PARAMETER_NAME.lastIndex = position;
    const name = PARAMETER_NAME.exec(text)?.[0];
    if (name === undefined)
      throw parameterSyntaxError(position, text, 'Expected a parameter name here');
    position = skipSpaces(text, position + name.length);
    if (text[position] !== '=') {
      throw parameterSyntaxError(position, text, `Expected '=' after the parameter name '${name}'`);
    }
    const value = readValue(text, skipSpaces(text, position + 1));
    parameters.push({ name, value: value.text });
    position = value.end;
    if (position === text.length) return parameters;
    position = skipSpaces(text, position + 1);
  }
}

/**
 * A value runs to the next comma, or is a quoted literal as old SDK builds send it.
 * `end` is where the text ends or where the comma before the next parameter is.
 */
function readValue(text: string, start: number): { text: string; end: number } {
  if (text[start] === "'") return readQuotedValue(text, start);
  const comma = text.indexOf(',', start);
  const end = comma === -1 ? text.length : comma;
  const value = text.slice(start, end).replace(TRAILING_SPACES, '');
  if (value === '') throw expressionExpected(start, text);
  return { text: value, end };
}

function readQuotedValue(text: string, quote: number): { text: string; end: number } {
  const closing = text.indexOf("'", quote + 1);
  if (closing === -1) {
    throw parameterSyntaxError(
      quote,
      text,
      "The quote opened here is never closed; add the closing '",
    );
  }
  const end = skipSpaces(text, closing + 1);
  if (end !== text.length && text[end] !== ',') {
    throw parameterSyntaxError(
      end,
      text,
      "Expected ',' or the end of the parameters after the quoted value",
    );
  }
  return { text: text.slice(quote + 1, closing), end };
}

function skipSpaces(text: string, position: number): number {
  let next = position;
  while (text[next] === ' ') next += 1;
  return next;
}

/** Gives each written parameter its meaning: which end of the window, at what instant. */
function bindParameters(fn: LogFunctionName, parameters: readonly WrittenParameter[]): CallWindow {
  const given: Partial<Record<WindowEnd, { name: string; at: Instant }>> = {};
  for (const { name, value } of parameters) {
    const end = PARAMETER_ENDS.get(name.toLowerCase());
    if (end === undefined) throw unknownParameter(fn, name);
    const earlier = given[end];
    if (earlier !== undefined) throw duplicateParameter(CANONICAL_NAMES[end], earlier.name, name);
    const at = parseDateTimeOffset(value);
    if (at === undefined) throw invalidDateTime(name, value);
    given[end] = { name, at };
  }
  const { from, to } = given;
  if (from === undefined || to === undefined) {
    const missing = (['from', 'to'] as const).filter((end) => given[end] === undefined);
    throw missingParameters(
      fn,
      missing.map((end) => CANONICAL_NAMES[end]),
    );
  }
  return { from: from.at, to: to.at };
}
