/**
 * The property both fuzz runs check: for every batch of fuzzed requests, each answer satisfies
 * the oracle (no 5xx nobody asked for, Graph's envelope on every error, a contract-valid page on
 * every success), and afterwards the server still answers GET /healthz with 200.
 */
import fc from 'fast-check';
import type { ContractValidator, LogFunctionName } from '../../openapi/contract.js';
import { checkResponse, type FuzzResponse, servedFunctionOf } from './oracle.js';
import { type FuzzRequest, type RequestOptions, requestArbitrary } from './request-path.js';
import { type FuzzTarget, REFUSED_BY_INJECT } from './targets.js';
import { type WireQuirk, wireQuirk } from './wire-quirks.js';

/** One request of a batch, and the wire quirk that bends it (socket runs only). */
export interface FuzzCase {
  readonly request: FuzzRequest;
  readonly quirk: WireQuirk | null;
}

/** A run of one character this long or longer is written as a `.repeat()`. */
const RUN_TO_REPEAT = 24;

/**
 * `value` as JavaScript source, with long runs of one character written `'a'.repeat(8192)`: a
 * counterexample with 8 KB values stays readable and still pastes into a regression test.
 */
export function sourceOf(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '') return "''";
    const pieces = value.match(/(.)\1*/gsu)!;
    const parts: string[] = [];
    let literal = '';
    for (const piece of pieces) {
      const unit = [...piece][0]!;
      const count = piece.length / unit.length;
      if (count < RUN_TO_REPEAT) {
        literal += piece;
        continue;
      }
      if (literal !== '') parts.push(JSON.stringify(literal));
      parts.push(`${JSON.stringify(unit)}.repeat(${count})`);
      literal = '';
    }
    if (literal !== '') parts.push(JSON.stringify(literal));
    return parts.join(' + ');
  }
  if (Array.isArray(value)) return `[${value.map(sourceOf).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([key, member]) => `${JSON.stringify(key)}: ${sourceOf(member)}`,
    );
    return `{ ${members.join(', ')} }`;
  }
  return String(value);
}

/** fast-check prints a value through its toStringMethod, when it has one. */
function printedAsSource<T extends object>(value: T): T {
  return Object.defineProperty(value, fc.toStringMethod, { value: () => sourceOf(value) });
}

/** Batches of one to four requests, sent in a row to one server. */
export function batchArbitrary(
  options: RequestOptions & { readonly wireQuirks: boolean },
): fc.Arbitrary<FuzzCase[]> {
  const quirk = options.wireQuirks ? wireQuirk : fc.constant(null);
  const fuzzCase = fc.record({ request: requestArbitrary(options), quirk }).map(printedAsSource);
  return fc.array(fuzzCase, { minLength: 1, maxLength: 4 });
}

/** What a run did, for its report. */
export interface FuzzStats {
  batches: number;
  requests: number;
  refusedByInject: number;
  readonly statuses: Map<number, number>;
  /** The 200s for a log function's path, by function: how much of the family a run reached. */
  readonly pages: Map<LogFunctionName, number>;
}

export function newStats(): FuzzStats {
  return { batches: 0, requests: 0, refusedByInject: 0, statuses: new Map(), pages: new Map() };
}

const SHOWN_CHARS = 300;

function shorten(text: string): string {
  return text.length <= SHOWN_CHARS
    ? text
    : `${text.slice(0, SHOWN_CHARS)}… (${text.length} characters)`;
}

function describeFailure(
  fuzzCase: FuzzCase,
  response: FuzzResponse,
  problems: readonly string[],
): string {
  const { request, quirk } = fuzzCase;
  const headers = Object.entries(request.headers).map(
    ([name, value]) => `  ${name}: ${shorten(sourceOf(value))}`,
  );
  return [
    ...problems.map((problem) => `- ${problem}`),
    `request: ${request.method} ${shorten(sourceOf(request.path))}${quirk ? ` (wire quirk: ${quirk.name})` : ''}`,
    ...headers,
    ...(request.body === undefined ? [] : [`  body: ${shorten(sourceOf(request.body))}`]),
    `response: ${response.status} ${shorten(JSON.stringify(response.headers))}`,
    `  body: ${shorten(response.body)}`,
  ].join('\n');
}

/** The property over batches, against `target`; counts into `stats` as it goes. */
export function requestPathProperty(
  target: FuzzTarget,
  batches: fc.Arbitrary<FuzzCase[]>,
  contract: ContractValidator,
  stats: FuzzStats = newStats(),
): fc.IAsyncPropertyWithHooks<[FuzzCase[]]> {
  return fc.asyncProperty(batches, async (batch) => {
    stats.batches++;
    target.reset();
    for (const fuzzCase of batch) {
      const response = await target.send(fuzzCase.request, fuzzCase.quirk);
      stats.requests++;
      if (response === REFUSED_BY_INJECT) {
        stats.refusedByInject++;
        continue;
      }
      stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
      const seen = target.seenAs(fuzzCase.request, fuzzCase.quirk);
      const problems = checkResponse(seen, response, contract);
      if (problems.length > 0) throw new Error(describeFailure(fuzzCase, response, problems));
      const fn = response.status === 200 ? servedFunctionOf(seen.path) : undefined;
      if (fn !== undefined) stats.pages.set(fn, (stats.pages.get(fn) ?? 0) + 1);
    }
    if (!(await target.healthy())) {
      throw new Error('After this batch the server no longer answers GET /healthz with 200.');
    }
  });
}
