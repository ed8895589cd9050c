/**
 * Call-log URLs from a grammar of the forms real clients send, broken in the ways a sloppy
 * client or an attacker would: both versions in any case, any of the five log functions under
 * any of its names (and neighbours that are none of them), plain key segments (a call record's
 * id), long and short parameter names in either order, values plain, quoted or percent-encoded,
 * parameters missing, repeated or unknown, bad separators and parentheses; then query options
 * ($skip/$top literally or as %24, repeated, negative, 1e309, 20 digits, unknown options).
 */
import fc from 'fast-check';
import { LOG_FUNCTIONS, type LogFunctionName } from '../../openapi/contract.js';
import { longRun, mostly } from './choices.js';
import { windowLiterals } from './date-literals.js';

/** How clients write a function's name: short (docs), namespace-qualified (SDKs), any case. */
const SPELLINGS: ReadonlyArray<(fn: LogFunctionName) => string> = [
  (fn) => fn,
  (fn) => `microsoft.graph.callRecords.${fn}`,
  (fn) => fn.toUpperCase(),
  (fn) => `Microsoft.Graph.CallRecords.${fn[0]!.toUpperCase()}${fn.slice(1)}`,
  (fn) => fn.toLowerCase(),
];

/** Names that are not a log function's: one letter off, the wrong namespace, none. */
const NOT_FUNCTIONS = [
  'getPstnCall',
  'getSmsLogs',
  'getDirectRoutingCall',
  'microsoft.graph.getPstnCalls',
  'microsoft.graph.callRecords.',
  'callRecords.getSmsLog',
  'getCallRecords',
  'getPstnBlockedUsers',
  '',
] as const;

/** What clients call a log function, and neighbours that are none. */
export const functionName: fc.Arbitrary<string> = mostly(
  fc
    .tuple(fc.constantFrom(...LOG_FUNCTIONS), fc.constantFrom(...SPELLINGS))
    .map(([fn, spell]) => spell(fn)),
  [...NOT_FUNCTIONS],
);

/**
 * A plain segment after `callRecords/`: a key of the collection, which asks for a call record
 * by id (a GUID, a log row's id, anything without parentheses), and a function's name written
 * as a key would be.
 */
export const keySegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    'x',
    '00000000-0000-0000-0000-000000000000',
    "'2f1a34bc-0000-0000-0000-000000000000'",
    'getPstnCall',
    'microsoft.graph.getPstnCalls',
    'getCallRecords',
    'getSmsLog',
    'getPstnCalls%28',
    '%20',
    'a%2Fb',
    '$count',
    '%ZZ',
  ),
);

/** How a value is written: as is, quoted by old SDKs, percent-encoded by Kiota, padded. */
const quoting = mostly('plain', ['quoted', 'encoded', 'encoded', 'spaced', 'both']);

function quote(value: string, how: string): string {
  switch (how) {
    case 'quoted':
      return `'${value}'`;
    case 'encoded':
      return encodeURIComponent(value);
    case 'spaced':
      return ` ${value} `;
    case 'both':
      return `'${encodeURIComponent(value)}'`;
    default:
      return value;
  }
}

const parameterPair = fc.constantFrom(
  ['fromDateTime', 'toDateTime'],
  ['from', 'to'],
  ['FROMDATETIME', 'ToDateTime'],
  ['fromDateTime', 'to'],
);

interface ExtraParameter {
  readonly name: string;
  readonly value: string;
  /** Where it goes among the others; wraps around. */
  readonly at: number;
}

/** A parameter Graph's function does not take, or one given twice. */
const extraParameter: fc.Arbitrary<ExtraParameter> = fc.record({
  name: fc.constantFrom('fromDateTime', 'to', 'start', 'end', '$skip', 'fromDateTime2', '1a', ''),
  value: fc.oneof(
    windowLiterals.map(([from]) => from),
    fc.constantFrom('', "''", '1'),
  ),
  at: fc.nat(),
});

interface Segment {
  readonly name: string;
  readonly names: readonly string[];
  readonly window: readonly [string, string];
  readonly fromQuoting: string;
  readonly toQuoting: string;
  readonly swap: boolean;
  readonly extras: readonly ExtraParameter[];
  readonly drop: 'none' | 'from' | 'to' | 'both';
  readonly separator: string;
  readonly parentheses: readonly [string, string];
  readonly equals: string;
}

const functionSegment: fc.Arbitrary<string> = fc
  .record<Segment>({
    name: functionName,
    names: parameterPair,
    window: windowLiterals,
    fromQuoting: quoting,
    toQuoting: quoting,
    swap: fc.boolean(),
    extras: mostly(
      fc.constant<ExtraParameter[]>([]),
      fc.array(extraParameter, { minLength: 1, maxLength: 2 }),
    ),
    drop: mostly('none' as const, ['from', 'to', 'both']),
    separator: mostly(fc.constantFrom(',', ', ', ' ,'), [';', '&', ',,', '']),
    parentheses: mostly<readonly [string, string]>(
      ['(', ')'],
      [
        ['', ''],
        ['(', ''],
        ['', ')'],
        ['((', '))'],
        ['(', ')()'],
        ['(', ')x'],
        ['[', ']'],
      ],
    ),
    equals: mostly(fc.constantFrom('=', ' = '), [':', '==', '']),
  })
  .map((s) => {
    const [fromName, toName] = s.names;
    let parameters: Array<[string, string]> = [];
    if (s.drop !== 'from' && s.drop !== 'both') {
      parameters.push([fromName!, quote(s.window[0], s.fromQuoting)]);
    }
    if (s.drop !== 'to' && s.drop !== 'both') {
      parameters.push([toName!, quote(s.window[1], s.toQuoting)]);
    }
    if (s.swap) parameters = parameters.reverse();
    for (const extra of s.extras) {
      parameters.splice(extra.at % (parameters.length + 1), 0, [extra.name, extra.value]);
    }
    const list = parameters.map(([name, value]) => `${name}${s.equals}${value}`);
    return `${s.name}${s.parentheses[0]}${list.join(s.separator)}${s.parentheses[1]}`;
  });

/** Mostly a function call; now and then a key segment. */
const segment: fc.Arbitrary<string> = mostly(functionSegment, keySegment);

/** Options Graph lists for the function, which the mock ignores but for $skip and $top. */
const IGNORED_OPTIONS = ['$filter', '$search', '$count', '$select', '$orderby', '$expand'];

const ODD_QUERY_KEYS = [
  ...IGNORED_OPTIONS,
  '$skip',
  '%24skip',
  '$top',
  '%24top',
  '$format',
  '$unknown',
  'skip',
  'top',
  '$skip[]',
  '$skip[0]',
  '__proto__',
  'constructor',
  'x-mock-fault',
  'x-mock-auth',
  '',
  '=',
  '$',
] as const;

const ODD_QUERY_VALUES = [
  '0',
  '1001',
  '-1',
  '+1',
  ' 1',
  '1 ',
  '1.0',
  '1.5',
  '1e3',
  '1e309',
  '0x10',
  '0b1',
  '00000000000000000000000001',
  '99999999999999999999',
  '9007199254740991',
  '9007199254740992',
  'NaN',
  'Infinity',
  'true',
  'null',
  '',
  'abc',
  '%',
  '%ZZ',
  '%ED%A0%80',
  '%C0%AF',
  '%2B1',
  '%2D1',
  '１',
] as const;

/** $skip and $top as clients page with them, and options the mock ignores. */
const usualQueryPair: fc.Arbitrary<string> = fc
  .oneof(
    fc.tuple(fc.constantFrom('$skip', '%24skip', '$SKIP'), fc.nat({ max: 5000 }).map(String)),
    fc.tuple(
      fc.constantFrom('$top', '%24top', '$Top'),
      fc.integer({ min: 1, max: 1000 }).map(String),
    ),
    fc.tuple(fc.constantFrom(...IGNORED_OPTIONS), fc.constantFrom('true', "callType eq 'user_in'")),
  )
  .map(([key, value]) => `${key}=${value}`);

const oddQueryPair: fc.Arbitrary<string> = fc
  .record({
    key: fc.constantFrom(...ODD_QUERY_KEYS),
    value: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...ODD_QUERY_VALUES) },
      { weight: 1, arbitrary: longRun(['9', '1', 'a', '%25']) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    ),
    equals: fc.constantFrom('=', '=', '=', '', '=='),
  })
  .map(({ key, value, equals }) => (equals === '' ? key : `${key}${equals}${value}`));

export const queryPair: fc.Arbitrary<string> = fc.oneof(usualQueryPair, oddQueryPair);

/** Half the requests without a query; the others with one to three options. */
const query = fc.oneof(
  fc.constant<string[]>([]),
  fc.array(queryPair, { minLength: 1, maxLength: 3 }),
);

export const apiPath: fc.Arbitrary<{ path: string; query: string[] }> = fc
  .record({
    version: mostly(fc.constantFrom('beta', 'v1.0', 'BETA', 'V1.0', 'bet%61'), ['v1', 'v2.0', '']),
    prefix: mostly(
      fc.constantFrom(
        '/communications/callRecords/',
        '/COMMUNICATIONS/CALLRECORDS/',
        '/communications/callrecords/',
        '//communications//callRecords//',
      ),
      ['/communications/callRecords/callRecords/', '/communications/', '/'],
    ),
    segment,
    after: mostly(fc.constantFrom('', '/'), ['//', '/$count', '/x', '/..']),
    query,
  })
  .map(({ version, prefix, segment, after, query }) => ({
    path: `/${version}${prefix}${segment}${after}`,
    query,
  }));
