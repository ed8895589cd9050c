/**
 * Every way a getPstnCalls request can fail, as Graph's error envelope with the right status,
 * code and message — and no input at all that makes the mock answer 500.
 */
import t from 'tap';
import { buildApp } from '../../../../server/app.js';
import {
  type Assertions,
  contract,
  expectGraphError,
  expectPage,
  get,
  pstnCallsPath,
  TOKEN,
} from '../../../support/graph.js';

const app = buildApp();
t.teardown(() => app.close());

const DAY = pstnCallsPath('beta', '2024-06-11', '2024-06-12');
const FUNCTIONS = '/beta/communications/callRecords';
const CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

const badRequest = async (t: Assertions, url: string, message?: string | RegExp): Promise<void> => {
  expectGraphError(t, await get(app, url), 400, 'BadRequest', message);
};

t.test(
  'a request without a usable bearer token answers 401 "Access token is empty."',
  async (t) => {
    for (const authorization of [
      null,
      '',
      'Bearer',
      'Bearer ',
      'Bearer \t ',
      'Basic xyz',
      'Bearerx',
      'token',
    ]) {
      const res = await get(app, DAY, { authorization });
      t.comment(`Authorization: ${JSON.stringify(authorization)}`);
      expectGraphError(t, res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
      t.equal(res.headers['www-authenticate'], CHALLENGE, 'the challenge names Graph');
    }
  },
);

t.test('any non-empty bearer token is accepted, the scheme in any case', async (t) => {
  for (const authorization of [
    'Bearer x',
    'bearer x',
    'BEARER x',
    'Bearer\tx',
    '  Bearer x  ',
    'Bearer a.b.c',
  ]) {
    expectPage(t, await get(app, DAY, { authorization }), 'beta');
  }
});

t.test('the token is checked before the URL: a bad URL without a token answers 401', async (t) => {
  for (const url of [
    pstnCallsPath('beta', 'garbage', ''),
    pstnCallsPath('beta', '2024-01-01', '2024-12-31'),
    `${FUNCTIONS}/getFoo(a=1)`,
    `${DAY}?$skip=-1`,
  ]) {
    const res = await get(app, url, { authorization: null });
    expectGraphError(t, res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  }
  const head = await get(app, DAY, { authorization: null }, 'HEAD');
  t.equal(head.statusCode, 401, 'HEAD too');
});

t.test('a 91-day range answers 406 NotAcceptable naming the 90-day limit', async (t) => {
  expectGraphError(
    t,
    await get(app, pstnCallsPath('beta', '2024-06-01', '2024-08-31')),
    406,
    'NotAcceptable',
    'The date range is 91 days; getPstnCalls accepts at most 90 days. Split the range into windows of 90 days or less.',
  );
});

t.test('90 days and one tick is already too long', async (t) => {
  expectGraphError(
    t,
    await get(app, pstnCallsPath('v1.0', '2024-06-01', '2024-08-30T00:00:00.0000001Z')),
    406,
    'NotAcceptable',
    /^The date range is more than 90 days; getPstnCalls accepts at most 90 days\./,
  );
});

t.test('exactly 90 days is accepted', async (t) => {
  expectPage(t, await get(app, pstnCallsPath('v1.0', '2024-06-01', '2024-08-30')), 'v1.0');
  expectPage(
    t,
    await get(app, pstnCallsPath('beta', '2024-06-01T12:00:00+02:00', '2024-08-30T10:00:00Z')),
    'beta',
  );
});

t.test('from after to answers 400, telling the client to swap them', async (t) => {
  await badRequest(
    t,
    pstnCallsPath('beta', '2024-06-12', '2024-06-11T23:59:59Z'),
    'fromDateTime (2024-06-12) is after toDateTime (2024-06-11T23:59:59Z). Swap the two values: fromDateTime starts the range and must not be later than toDateTime.',
  );
});

t.test('empty parameters answer Graph’s own "Expression expected" message', async (t) => {
  await badRequest(
    t,
    `${FUNCTIONS}/getPstnCalls(fromDateTime=,toDateTime=)`,
    "Expression expected at position 13 in 'fromDateTime=,toDateTime='.",
  );
});

t.test('bad, missing, extra and duplicate parameters answer 400 saying which', async (t) => {
  const cases: Record<string, RegExp> = {
    [pstnCallsPath('beta', '2024-13-01', '2024-12-02')]:
      /^The value '2024-13-01' is not a valid DateTimeOffset for parameter 'fromDateTime'\./,
    [pstnCallsPath('beta', '2024-06-01', 'yesterday')]:
      /'yesterday' is not a valid DateTimeOffset for parameter 'toDateTime'/,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01)`]:
      /^The parameter 'toDateTime' is missing\./,
    [`${FUNCTIONS}/getPstnCalls(toDateTime=2024-06-01)`]:
      /^The parameter 'fromDateTime' is missing\./,
    [`${FUNCTIONS}/getPstnCalls()`]:
      /^The parameters 'fromDateTime' and 'toDateTime' are missing\./,
    [`${FUNCTIONS}/getPstnCalls`]:
      /^'getPstnCalls' is a function and needs its parameters in parentheses/,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02,top=5)`]:
      /^getPstnCalls has no parameter 'top'\./,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01,from=2024-06-01,toDateTime=2024-06-02)`]:
      /^The parameter 'fromDateTime' is given twice \('fromDateTime' and 'from'\)\./,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02`]:
      /does not end with '\)'/,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)x`]:
      /does not end with '\)'/,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01,,toDateTime=2024-06-02)`]:
      /^Syntax error at position 24/,
    [`${FUNCTIONS}/getPstnCalls(fromDateTime='2024-06-01,toDateTime=2024-06-02)`]:
      /quote opened here is never closed/,
  };
  for (const [url, message] of Object.entries(cases)) await badRequest(t, url, message);
});

t.test('bad $skip and $top answer 400 naming the option', async (t) => {
  const cases: Record<string, RegExp> = {
    '?$skip=-1': /^The query option '\$skip' is '-1', which is not a whole number/,
    '?$skip=1.5': /^The query option '\$skip' is '1\.5'/,
    '?$skip=abc': /^The query option '\$skip' is 'abc'/,
    '?$skip=': /^The query option '\$skip' is empty/,
    '?$skip=1e3': /^The query option '\$skip' is '1e3'/,
    '?$skip=99999999999999999999':
      /^The query option '\$skip' is 99999999999999999999, which is too large/,
    '?$skip=1&$skip=2': /^The query option '\$skip' is given 2 times/,
    '?$skip=1&%24skip=1': /^The query option '\$skip' is given 2 times/,
    '?$top=0': /^The query option '\$top' is 0; it must be a whole number from 1 to 1000/,
    '?$top=1001': /^The query option '\$top' is 1001; it must be a whole number from 1 to 1000/,
    '?$top=-1': /^The query option '\$top' is '-1'/,
    '?$top=1.5': /^The query option '\$top' is '1\.5'/,
    '?$top=abc': /^The query option '\$top' is 'abc'/,
    '?$top=10&$TOP=10': /^The query option '\$top' is given 2 times/,
  };
  for (const [query, message] of Object.entries(cases))
    await badRequest(t, `${DAY}${query}`, message);
});

t.test('an unknown function answers 400 "Resource not found for the segment"', async (t) => {
  await badRequest(
    t,
    `${FUNCTIONS}/getFoo(fromDateTime=2024-06-01,toDateTime=2024-06-02)`,
    "Resource not found for the segment 'getFoo(fromDateTime=2024-06-01,toDateTime=2024-06-02)'.",
  );
  // Beta-only functions are unknown segments on v1.0, whatever their parameters.
  for (const fn of ['getSmsLog', 'getPstnBlockedUsersLog', 'getPstnOnlineMeetingDialoutReport']) {
    await badRequest(
      t,
      `/v1.0/communications/callRecords/microsoft.graph.callRecords.${fn}(fromDateTime=2024-06-01,toDateTime=2024-06-02)`,
      `Resource not found for the segment 'microsoft.graph.callRecords.${fn}(fromDateTime=2024-06-01,toDateTime=2024-06-02)'.`,
    );
    await badRequest(
      t,
      `/v1.0/communications/callRecords/${fn}(fromDateTime=nonsense)`,
      `Resource not found for the segment '${fn}(fromDateTime=nonsense)'.`,
    );
  }
});

t.test('an unknown path answers 400 naming its first unknown segment', async (t) => {
  await badRequest(t, '/beta/foo', "Resource not found for the segment 'foo'.");
  await badRequest(t, '/v1.0/communications/calls', "Resource not found for the segment 'calls'.");
  await badRequest(t, `${DAY}/extra`, /^Resource not found for the segment 'getPstnCalls\(/);
});

t.test('an unknown version answers 400 "Invalid version"', async (t) => {
  await badRequest(t, `/xyz${DAY.slice('/beta'.length)}`, 'Invalid version: xyz');
  await badRequest(t, '/v2.0/communications', 'Invalid version: v2.0');
  await badRequest(t, '/', 'Invalid version: ');
});

t.test('POST, PUT, PATCH and DELETE answer 405 with Allow: GET, HEAD', async (t) => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    const res = await get(app, DAY, {}, method);
    expectGraphError(
      t,
      res,
      405,
      'MethodNotAllowed',
      `The HTTP method '${method}' is not allowed on this resource; the call-log functions answer GET only.`,
    );
    t.equal(res.headers.allow, 'GET, HEAD');
  }
});

t.test('POST answers 405 whatever body it carries', async (t) => {
  for (const [contentType, payload] of [
    ['application/json', '{"fromDateTime":"2024-06-01"}'],
    ['application/json', '{not json'],
    ['text/xml', '<getPstnCalls/>'],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: DAY,
      headers: { authorization: TOKEN, 'content-type': contentType },
      payload,
    });
    t.comment(`${contentType}: ${payload}`);
    expectGraphError(t, res, 405, 'MethodNotAllowed');
  }
});

t.test('malformed percent-encoding answers 400 with Graph’s envelope and headers', async (t) => {
  for (const url of [
    `${FUNCTIONS}/%`,
    `${FUNCTIONS}/getPstnCalls(fromDateTime=%ZZ,toDateTime=2024-06-02)`,
    `${FUNCTIONS}/getPstnCalls(fromDateTime=2024-06-01,toDateTime=%C0)`,
    '/beta/%ZZ',
  ]) {
    t.comment(url);
    expectGraphError(t, await get(app, url), 400, 'BadRequest');
  }
});

t.test(
  'a function segment longer than the router allows answers 414 with Graph’s headers',
  async (t) => {
    const url = `${FUNCTIONS}/getPstnCalls(fromDateTime=${'9'.repeat(9000)},toDateTime=2024-06-02)`;
    expectGraphError(t, await get(app, url), 414, 'RequestUriTooLong');
  },
);

t.test('a Host header that cannot be written into a link answers 400', async (t) => {
  for (const host of ['bad host!', 'a"b', 'mock.test:80/evil', 'mock.test:8080?x']) {
    expectGraphError(
      t,
      await get(app, DAY, { host }),
      400,
      'BadRequest',
      `The Host header '${host}' is not a valid host name; send the server's host and port.`,
    );
  }
});

/** Inputs meant to break something: each must answer a valid page or a valid Graph error. */
const NASTY_URLS = [
  '%',
  '%%',
  '%ZZ',
  '%00',
  '%C0%80',
  '%E2%82%AC',
  'getPstnCalls(%',
  'getPstnCalls(fromDateTime=2024-06-01%00,toDateTime=2024-06-02)',
  'getPstnCalls(fromDateTime=2024-06-01\u0001,toDateTime=2024-06-02)',
  'getPstnCalls(fromDateTime=2024-06-01\u007f,toDateTime=2024-06-02)',
  'getPstnCalls(fromDateTime=２０２４-06-01,toDateTime=2024-06-02)',
  'getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02é)',
  'getPstnCalls(fromDateTime=\u{1F4DE},toDateTime=2024-06-02)',
  'getPstnCalls(fromDateTime=0000-12-31,toDateTime=0001-01-01)',
  'getPstnCalls(fromDateTime=9999-12-31T23:59:59.9999999Z,toDateTime=9999-12-31T23:59:59.9999999Z)',
  'getPstnCalls(fromDateTime=0001-01-01T00:00:00%2B14:00,toDateTime=0001-01-02)',
  'getPstnCalls(fromDateTime=9999-12-31T23:59:59-14:00,toDateTime=9999-12-31T23:59:59Z)',
  'getPstnCalls(fromDateTime=2024-06-01T00:00:00.1234567890123Z,toDateTime=2024-06-02)',
  'getPstnCalls(fromDateTime=2024-02-30,toDateTime=2024-03-01)',
  'getPstnCalls(fromDateTime=2024-06-01T24:00:00Z,toDateTime=2024-06-02)',
  'getPstnCalls(((((',
  'getPstnCalls())))',
  "getPstnCalls(fromDateTime='',toDateTime='')",
  'getPstnCalls(fromDateTime==,toDateTime=)',
  'getPstnCalls(__proto__=1,constructor=2)',
  'getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)?$skip=%ZZ&$top=%',
  'getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)?__proto__=1&constructor[prototype]=2',
  `getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)?${'$skip=1&'.repeat(2000)}`,
  `getPstnCalls(fromDateTime=2024-06-01,toDateTime=2024-06-02)?$top=${'9'.repeat(400)}`,
  `getPstnCalls(${'a'.repeat(8000)})`,
  `${'a'.repeat(20000)}`,
  '..%2F..%2Fetc%2Fpasswd',
];

t.test('no URL makes the mock answer 500', async (t) => {
  for (const tail of NASTY_URLS) {
    const url = `${FUNCTIONS}/${tail}`;
    const res = await get(app, url);
    const label = JSON.stringify(url.slice(0, 120));
    t.ok(res.statusCode < 500, `${label} answers ${res.statusCode}`);
    const violations =
      res.statusCode === 200
        ? contract.validatePage('getPstnCalls', 'beta', res.json())
        : contract.validateError(res.json());
    t.same(violations, [], `${label} is a valid page or envelope`);
  }
});

t.test('no header value makes the mock answer 500', async (t) => {
  const cases: Record<string, string>[] = [
    { accept: '\u00ff' },
    { accept: 'application/json;odata.metadata=none'.repeat(200) },
    { authorization: 'Bearer \u00ff' },
    { authorization: `Bearer ${'x'.repeat(10_000)}` },
    { host: 'x'.repeat(300) },
    { host: '[::1' },
    { host: ':80' },
    { 'client-request-id': 'x'.repeat(4000) },
    { 'client-request-id': 'caf\u00e9' },
    { 'client-request-id': 'a\u0001b' },
    { 'client-request-id': 'a\u007fb' },
    { 'client-request-id': 'euro \u20ac' },
  ];
  for (const headers of cases) {
    const label = JSON.stringify(headers).slice(0, 80);
    const res = await get(app, DAY, headers);
    t.ok(res.statusCode < 500, `${label} answers ${res.statusCode}`);
    const violations =
      res.statusCode === 200
        ? contract.validatePage('getPstnCalls', 'beta', res.json())
        : contract.validateError(res.json());
    t.same(violations, [], `${label} is a valid page or envelope`);
  }
});
