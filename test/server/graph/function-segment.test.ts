import t from 'tap';
import { LOG_FUNCTIONS } from '../../../openapi/contract.js';
import type { Instant } from '../../../scenarios/instant.js';
import type { CallWindow } from '../../../scenarios/log-window.js';
import { GraphError } from '../../../server/errors.js';
import { parseDateTimeOffset } from '../../../server/graph/date-time-offset.js';
import { functionNamedIn, parseFunctionSegment } from '../../../server/graph/function-segment.js';

/** The assertions the helpers use; both the root and subtests provide them. */
type Test = Pick<typeof t, 'equal' | 'fail' | 'type'>;

const EXAMPLE_CALL =
  'getPstnCalls(fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z)';

/** The instant of a literal the parser is already known to accept (see its own tests). */
function at(literal: string): Instant {
  const instant = parseDateTimeOffset(literal);
  if (instant === undefined) throw new Error(`test literal ${literal} does not parse`);
  return instant;
}

/** The instants a segment names, when only its range is under test. */
const rangeOf = (segment: string): CallWindow => parseFunctionSegment(segment).range;

function windowOf(from: string, to: string): CallWindow {
  return { from: at(from), to: at(to) };
}

/** Asserts that `run` throws a GraphError with this status, code and exact message. */
function expectError(t: Test, run: () => unknown, status: number, code: string, message: string) {
  try {
    run();
  } catch (error) {
    t.type(error, GraphError);
    const graphError = error as GraphError;
    t.equal(graphError.statusCode, status, 'status code');
    t.equal(graphError.code, code, 'error code');
    t.equal(graphError.message, message, 'message');
    return;
  }
  t.fail('expected a GraphError, but nothing was thrown');
}

const expectBadRequest = (t: Test, segment: string, message: string) =>
  expectError(t, () => parseFunctionSegment(segment), 400, 'BadRequest', message);

t.test('the documented date-only form means midnight UTC at both ends', async (t) => {
  t.same(
    rangeOf('getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)'),
    windowOf('2019-11-01T00:00:00Z', '2019-12-01T00:00:00Z'),
  );
});

t.test('hand-built URLs with literal colons and Z are accepted', async (t) => {
  t.same(
    rangeOf('getPstnCalls(fromDateTime=2022-01-18T06:00:00Z,toDateTime=2022-01-18T07:00:00Z)'),
    windowOf('2022-01-18T06:00:00Z', '2022-01-18T07:00:00Z'),
  );
});

t.test('fractions of up to seven digits keep their 100-ns ticks', async (t) => {
  const window = rangeOf(
    'getPstnCalls(fromDateTime=2021-05-06T01:48:48.7950838Z,toDateTime=2021-05-06T01:48:48.7950839Z)',
  );
  t.equal(window.from.tick, 48 * 10_000_000 + 7_950_838);
  t.equal(window.to.tick - window.from.tick, 1);
});

t.test(
  'the percent-encoded Kiota form with the namespace-qualified name is accepted',
  async (t) => {
    t.same(
      rangeOf(
        'microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-06-11T00%3A00%3A00.000Z,toDateTime=2024-06-12T00%3A00%3A00.000Z)',
      ),
      windowOf('2024-06-11', '2024-06-12'),
    );
  },
);

t.test('the Python SDK form with an encoded +00:00 offset is accepted', async (t) => {
  t.same(
    rangeOf(
      'microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-06-11T00%3A00%3A00%2B00%3A00,toDateTime=2024-06-12T00%3A00%3A00%2B00%3A00)',
    ),
    windowOf('2024-06-11', '2024-06-12'),
  );
});

t.test('the .NET form with seven fraction digits and +00:00 is accepted', async (t) => {
  t.same(
    rangeOf(
      'microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-06-11T00%3A00%3A00.0000000%2B00%3A00,toDateTime=2024-06-12T00%3A00%3A00.0000000%2B00%3A00)',
    ),
    windowOf('2024-06-11', '2024-06-12'),
  );
});

t.test('an encoded local offset %2B05%3A30 means five and a half hours before UTC', async (t) => {
  t.same(
    rangeOf(
      'getPstnCalls(fromDateTime=2024-06-11T05%3A30%3A00%2B05%3A30,toDateTime=2024-06-12T05%3A30%3A00%2B05%3A30)',
    ),
    windowOf('2024-06-11', '2024-06-12'),
  );
});

t.test('a literal + in the path is a plus sign, not a space', async (t) => {
  t.same(
    rangeOf(
      'getPstnCalls(fromDateTime=2024-06-11T05:30:00+05:30,toDateTime=2024-06-11T19:00:00-05:00)',
    ),
    windowOf('2024-06-11T00:00:00Z', '2024-06-12T00:00:00Z'),
  );
});

t.test('single-quoted values from old SDK builds are accepted, literal or encoded', async (t) => {
  const expected = windowOf('2024-01-01', '2024-01-02');
  t.same(
    rangeOf("getPstnCalls(fromDateTime='2024-01-01T00:00:00Z',toDateTime='2024-01-02T00:00:00Z')"),
    expected,
  );
  t.same(
    rangeOf(
      'getPstnCalls(fromDateTime=%272024-01-01T00%3A00%3A00Z%27,toDateTime=%272024-01-02%27)',
    ),
    expected,
  );
});

t.test('an encoded space %20 may stand instead of T', async (t) => {
  t.same(
    rangeOf(
      'getPstnCalls(fromDateTime=2024-01-01%2006%3A00%3A00Z,toDateTime=2024-01-01%2007%3A00%3A00Z)',
    ),
    windowOf('2024-01-01T06:00:00Z', '2024-01-01T07:00:00Z'),
  );
});

t.test("the docs' nextLink short names from= and to= are accepted", async (t) => {
  t.same(
    rangeOf('getPstnCalls(from=2019-11-01,to=2019-12-01)'),
    windowOf('2019-11-01', '2019-12-01'),
  );
});

t.test('function and parameter names are case-insensitive', async (t) => {
  const expected = windowOf('2019-11-01', '2019-12-01');
  t.same(rangeOf('GETPSTNCALLS(FromDateTime=2019-11-01,TODATETIME=2019-12-01)'), expected);
  t.same(
    rangeOf('Microsoft.Graph.CallRecords.GetPstnCalls(FROM=2019-11-01,To=2019-12-01)'),
    expected,
  );
});

t.test('parameters may come in either order', async (t) => {
  t.same(
    rangeOf('getPstnCalls(toDateTime=2019-12-01,fromDateTime=2019-11-01)'),
    windowOf('2019-11-01', '2019-12-01'),
  );
});

t.test('spaces around names, = and commas are ignored', async (t) => {
  t.same(
    rangeOf(
      "getPstnCalls(%20fromDateTime%20=%202019-11-01%20,%20toDateTime%20=%20'2019-12-01'%20)",
    ),
    windowOf('2019-11-01', '2019-12-01'),
  );
});

t.test('encoded parentheses are read like literal ones', async (t) => {
  t.same(
    rangeOf('getPstnCalls%28from=2019-11-01,to=2019-12-01%29'),
    windowOf('2019-11-01', '2019-12-01'),
  );
});

t.test('the parser leaves range length and order to checkCallWindow', async (t) => {
  t.same(
    rangeOf('getPstnCalls(from=2024-12-01,to=2019-11-01)'),
    windowOf('2024-12-01', '2019-11-01'),
  );
});

t.test('empty values answer 400 with Graph’s exact message', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=,toDateTime=)',
    "Expression expected at position 13 in 'fromDateTime=,toDateTime='.",
  );
});

t.test('an empty last value is reported at the end of the parameters', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=2024-01-01,toDateTime=)',
    "Expression expected at position 35 in 'fromDateTime=2024-01-01,toDateTime='.",
  );
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=%20%20,toDateTime=2024-01-01)',
    "Expression expected at position 15 in 'fromDateTime=  ,toDateTime=2024-01-01'.",
  );
});

t.test('a parameter without = answers a syntax error at that position', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime,toDateTime=2024-01-01)',
    "Syntax error at position 12 in 'fromDateTime,toDateTime=2024-01-01'. Expected '=' after " +
      "the parameter name 'fromDateTime'; write the parameters as " +
      'fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z.',
  );
});

t.test('a value without a name answers a syntax error at that position', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(=2024-01-01,toDateTime=2024-01-02)',
    "Syntax error at position 0 in '=2024-01-01,toDateTime=2024-01-02'. Expected a parameter " +
      'name here; write the parameters as ' +
      'fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z.',
  );
});

t.test('a trailing comma answers a syntax error at the end', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(from=2024-01-01,to=2024-01-02,)',
    "Syntax error at position 30 in 'from=2024-01-01,to=2024-01-02,'. Expected a parameter " +
      'name here; write the parameters as ' +
      'fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z.',
  );
});

t.test('an unclosed quote answers a syntax error at the quote', async (t) => {
  expectBadRequest(
    t,
    "getPstnCalls(from='2024-01-01,to=2024-01-02)",
    "Syntax error at position 5 in 'from='2024-01-01,to=2024-01-02'. The quote opened here " +
      "is never closed; add the closing '; write the parameters as " +
      'fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z.',
  );
});

t.test('text after a quoted value answers a syntax error where it starts', async (t) => {
  expectBadRequest(
    t,
    "getPstnCalls(from='2024-01-01' x,to=2024-01-02)",
    "Syntax error at position 18 in 'from='2024-01-01' x,to=2024-01-02'. Expected ',' or the " +
      'end of the parameters after the quoted value; write the parameters as ' +
      'fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z.',
  );
});

t.test('an empty quoted value is an invalid date, not a missing one', async (t) => {
  expectBadRequest(
    t,
    "getPstnCalls(from='',to=2024-01-02)",
    "The value '' is not a valid DateTimeOffset for parameter 'from'. " +
      'Use a form like 2024-06-11T00:00:00Z.',
  );
});

t.test('an unparsable date names the parameter, the value and an accepted form', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=2024-13-01,toDateTime=2024-12-02)',
    "The value '2024-13-01' is not a valid DateTimeOffset for parameter 'fromDateTime'. " +
      'Use a form like 2024-06-11T00:00:00Z.',
  );
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=2024-01-01,to=2024-01-02T00%3A00%3A60Z)',
    "The value '2024-01-02T00:00:60Z' is not a valid DateTimeOffset for parameter 'to'. " +
      'Use a form like 2024-06-11T00:00:00Z.',
  );
});

t.test('a missing toDateTime is named in the message', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=2024-01-01)',
    "The parameter 'toDateTime' is missing. getPstnCalls needs both fromDateTime and " +
      `toDateTime, e.g. ${EXAMPLE_CALL}.`,
  );
});

t.test('a missing fromDateTime is named in the message', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(to=2024-01-01)',
    "The parameter 'fromDateTime' is missing. getPstnCalls needs both fromDateTime and " +
      `toDateTime, e.g. ${EXAMPLE_CALL}.`,
  );
});

t.test('empty parentheses report both parameters missing', async (t) => {
  const message =
    "The parameters 'fromDateTime' and 'toDateTime' are missing. getPstnCalls needs both " +
    `fromDateTime and toDateTime, e.g. ${EXAMPLE_CALL}.`;
  expectBadRequest(t, 'getPstnCalls()', message);
  expectBadRequest(t, 'getPstnCalls(%20)', message);
});

t.test('an unknown parameter is named in the message', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=2024-01-01,toDateTime=2024-01-02,top=5)',
    "getPstnCalls has no parameter 'top'. Use fromDateTime and toDateTime (or their short " +
      'forms from and to).',
  );
  expectBadRequest(
    t,
    'getPstnCalls(constructor=2024-01-01)',
    "getPstnCalls has no parameter 'constructor'. Use fromDateTime and toDateTime (or their " +
      'short forms from and to).',
  );
});

t.test('a parameter given twice, in either spelling, is rejected', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(fromDateTime=2024-01-01,from=2024-01-02,toDateTime=2024-01-03)',
    "The parameter 'fromDateTime' is given twice ('fromDateTime' and 'from'). " +
      'Give fromDateTime and toDateTime once each.',
  );
  expectBadRequest(
    t,
    'getPstnCalls(from=2024-01-01,to=2024-01-02,TO=2024-01-03)',
    "The parameter 'toDateTime' is given twice ('to' and 'TO'). " +
      'Give fromDateTime and toDateTime once each.',
  );
});

t.test('the function name without parentheses says the parameters are needed', async (t) => {
  expectBadRequest(
    t,
    'microsoft.graph.callRecords.getPstnCalls',
    "'microsoft.graph.callRecords.getPstnCalls' is a function and needs its parameters in " +
      `parentheses, e.g. ${EXAMPLE_CALL}.`,
  );
});

t.test('a parameter list without its closing parenthesis is rejected', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(from=2024-01-01,to=2024-01-02',
    "The segment 'getPstnCalls(from=2024-01-01,to=2024-01-02' does not end with ')'. Close " +
      `the parameter list with ')' and put nothing after it, e.g. ${EXAMPLE_CALL}.`,
  );
});

t.test('text after the closing parenthesis is rejected', async (t) => {
  expectBadRequest(
    t,
    'getPstnCalls(from=2024-01-01,to=2024-01-02)x',
    "The segment 'getPstnCalls(from=2024-01-01,to=2024-01-02)x' does not end with ')'. Close " +
      `the parameter list with ')' and put nothing after it, e.g. ${EXAMPLE_CALL}.`,
  );
});

t.test('malformed percent-encoding answers 400', async (t) => {
  const message = (raw: string) =>
    `The segment '${raw}' is not valid percent-encoding. ` +
    "Write each escape as '%' and two hex digits, and a literal '%' as %25.";
  for (const raw of [
    'getPstnCalls(from=2024-01-01T00%3A00%ZZ,to=2024-01-02)',
    'getPstnCalls(from=2024-01-01,to=2024-01-02%)',
    'getPstnCalls(from=%E0%A4%A,to=2024-01-02)',
  ]) {
    expectBadRequest(t, raw, message(raw));
  }
});

t.test('a segment that names no log function is reported as a resource not found', async (t) => {
  expectBadRequest(t, 'getFoo(x=1)', "Resource not found for the segment 'getFoo(x=1)'.");
});

t.test('a plain segment is a call record id, which Graph answers 404 for log rows', async (t) => {
  for (const segment of ['5553ce0d-4bd4-4e3c-9a5e-2f9a3b9e52bf', 'callRecords', 'getPstnCall']) {
    expectError(
      t,
      () => parseFunctionSegment(segment),
      404,
      'NotFound',
      'Could not find the requested call record. Records about calls or online meetings that started more than 30 days ago are not available.',
    );
  }
});

t.test(
  'every log function is recognised by its short and its namespace-qualified name',
  async (t) => {
    for (const name of LOG_FUNCTIONS) {
      const range = '(fromDateTime=2019-11-01,toDateTime=2019-12-01)';
      t.equal(parseFunctionSegment(`${name}${range}`).name, name);
      t.equal(parseFunctionSegment(`microsoft.graph.callRecords.${name}${range}`).name, name);
      t.equal(parseFunctionSegment(`${name.toUpperCase()}${range}`).name, name, 'any case');
    }
    expectBadRequest(
      t,
      'getPstnCall(fromDateTime=2019-11-01,toDateTime=2019-12-01)',
      "Resource not found for the segment 'getPstnCall(fromDateTime=2019-11-01,toDateTime=2019-12-01)'.",
    );
  },
);

t.test('messages about a segment name the function the client called', async (t) => {
  expectBadRequest(
    t,
    'getSmsLog(foo=1)',
    "getSmsLog has no parameter 'foo'. Use fromDateTime and toDateTime (or their short forms from and to).",
  );
  expectBadRequest(
    t,
    'getDirectRoutingCalls(from=2024-06-01)',
    "The parameter 'toDateTime' is missing. getDirectRoutingCalls needs both fromDateTime and toDateTime, e.g. getDirectRoutingCalls(fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z).",
  );
  expectBadRequest(
    t,
    'microsoft.graph.callRecords.getPstnBlockedUsersLog',
    "'microsoft.graph.callRecords.getPstnBlockedUsersLog' is a function and needs its parameters in parentheses, e.g. getPstnBlockedUsersLog(fromDateTime=2024-06-11T00:00:00Z,toDateTime=2024-06-12T00:00:00Z).",
  );
});

t.test('functionNamedIn: the function a segment names, its parameters unread', async (t) => {
  for (const name of LOG_FUNCTIONS) {
    t.equal(functionNamedIn(`${name}(fromDateTime=,toDateTime=)`), name, `${name}, bad parameters`);
    t.equal(functionNamedIn(`microsoft.graph.callRecords.${name}(x`), name, 'qualified, unclosed');
    t.equal(functionNamedIn(name.toUpperCase()), name, 'any case, no parentheses');
  }
  t.equal(functionNamedIn('getPstnCalls%28from%3D1%29'), 'getPstnCalls', 'percent-encoded');
  t.equal(functionNamedIn('getCalls(fromDateTime=2024-06-01)'), undefined, 'an unknown name');
  t.equal(functionNamedIn('0b3a7c9e-1d2f-4e5a-8b6c-7d8e9f0a1b2c'), undefined, 'a call record id');
  t.equal(functionNamedIn('getPstnCalls%E0%A4%A'), undefined, 'a bad percent-encoding');
});
