import { parse } from 'node:querystring';
import t from 'tap';
import { GraphError } from '../../../server/errors.js';
import { PAGE_SIZE, parseQueryOptions } from '../../../server/graph/query-options.js';

/** The assertions the helpers use; both the root and subtests provide them. */
type Test = Pick<typeof t, 'equal' | 'fail' | 'type'>;

/**
 * The query object as fastify hands it over: keys and values percent-decoded, a repeated key
 * as an array. node:querystring parses the same way as fastify's default parser.
 */
const options = (queryString: string) => parseQueryOptions(parse(queryString));

/** Asserts a 400 BadRequest with this exact message for the query string. */
function expectBadRequest(t: Test, queryString: string, message: string) {
  try {
    options(queryString);
  } catch (error) {
    t.type(error, GraphError);
    const graphError = error as GraphError;
    t.equal(graphError.statusCode, 400, 'status code');
    t.equal(graphError.code, 'BadRequest', 'error code');
    t.equal(graphError.message, message, 'message');
    return;
  }
  t.fail(`expected ${queryString} to be rejected`);
}

const SKIP_EXPECTED = 'a whole number of 0 or more, e.g. $skip=1000';
const TOP_EXPECTED = 'a whole number from 1 to 1000, e.g. $top=100';

const notDigits = (option: string, value: string, expected: string) =>
  `The query option '${option}' is '${value}', which is not a whole number written in ` +
  `digits; it must be ${expected}.`;

t.test('the page size is 1000 rows', async (t) => {
  t.equal(PAGE_SIZE, 1000);
});

t.test('without options the first full page is asked for', async (t) => {
  t.same(options(''), { skip: 0, top: 1000 });
  t.same(parseQueryOptions({}), { skip: 0, top: 1000 });
});

t.test('a literal $skip is honoured', async (t) => {
  t.same(options('$skip=1000'), { skip: 1000, top: 1000 });
});

t.test('a percent-encoded %24skip is honoured', async (t) => {
  t.same(options('%24skip=2000'), { skip: 2000, top: 1000 });
});

t.test('$top sets the page size from 1 to 1000', async (t) => {
  t.same(options('$top=1'), { skip: 0, top: 1 });
  t.same(options('%24top=250&$skip=500'), { skip: 500, top: 250 });
  t.same(options('$top=1000'), { skip: 0, top: 1000 });
});

t.test('option names are case-insensitive', async (t) => {
  t.same(options('$Skip=10&$TOP=20'), { skip: 10, top: 20 });
});

t.test('$skip may be zero, have leading zeros, or reach the largest safe integer', async (t) => {
  t.same(options('$skip=0'), { skip: 0, top: 1000 });
  t.same(options('$skip=007'), { skip: 7, top: 1000 });
  t.same(options(`$skip=${Number.MAX_SAFE_INTEGER}`), {
    skip: Number.MAX_SAFE_INTEGER,
    top: 1000,
  });
});

t.test('other options and unknown keys are ignored', async (t) => {
  t.same(
    options(
      '$filter=startDateTime%20gt%202024-01-01&$search=x&$select=id&$count=true' +
        '&$orderby=id&skip=-1&top=abc&foo=bar&foo=baz',
    ),
    { skip: 0, top: 1000 },
  );
});

t.test('a key whose value is undefined counts as absent', async (t) => {
  t.same(parseQueryOptions({ $skip: undefined, $top: undefined }), { skip: 0, top: 1000 });
});

t.test('a negative $skip is rejected', async (t) => {
  expectBadRequest(t, '$skip=-1', notDigits('$skip', '-1', SKIP_EXPECTED));
});

t.test('$skip with a sign, fraction, exponent, hex, spaces or letters is rejected', async (t) => {
  for (const value of ['+1', '1.5', '1.0', '1e3', '0x10', ' 1', '1 ', '1 000', 'abc', '١']) {
    expectBadRequest(
      t,
      `$skip=${encodeURIComponent(value)}`,
      notDigits('$skip', value, SKIP_EXPECTED),
    );
  }
});

t.test('a $skip beyond the largest safe integer is rejected', async (t) => {
  for (const value of ['9007199254740992', '1'.repeat(400)]) {
    expectBadRequest(
      t,
      `$skip=${value}`,
      `The query option '$skip' is ${value}, which is too large. ` +
        'Use a whole number no larger than 9007199254740991.',
    );
  }
});

t.test('an empty $skip is rejected', async (t) => {
  expectBadRequest(
    t,
    '$skip=',
    `The query option '$skip' is empty; give it ${SKIP_EXPECTED}, or leave it out.`,
  );
});

t.test('a repeated $skip is rejected, also when spelled differently', async (t) => {
  const message = "The query option '$skip' is given 2 times; give it at most once.";
  expectBadRequest(t, '$skip=1&$skip=2', message);
  expectBadRequest(t, '$skip=1&%24SKIP=1', message);
  expectBadRequest(
    t,
    '$skip=1&$skip=2&$Skip=3',
    "The query option '$skip' is given 3 times; give it at most once.",
  );
});

t.test('$top of 0 or above 1000 is rejected', async (t) => {
  for (const value of ['0', '1001', '000', '99999999999999999999']) {
    expectBadRequest(
      t,
      `$top=${value}`,
      `The query option '$top' is ${value}; it must be ${TOP_EXPECTED}.`,
    );
  }
});

t.test('a negative or non-integer $top is rejected', async (t) => {
  for (const value of ['-5', '2.5', '1e2', '0x64']) {
    expectBadRequest(t, `$top=${value}`, notDigits('$top', value, TOP_EXPECTED));
  }
});

t.test('an empty $top is rejected', async (t) => {
  expectBadRequest(
    t,
    '$top=',
    `The query option '$top' is empty; give it ${TOP_EXPECTED}, or leave it out.`,
  );
});

t.test('a repeated $top is rejected', async (t) => {
  expectBadRequest(
    t,
    '$top=10&$top=10',
    "The query option '$top' is given 2 times; give it at most once.",
  );
});
