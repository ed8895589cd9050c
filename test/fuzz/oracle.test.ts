/**
 * The fuzz oracle catches what it is meant to: each rule is shown failing on a response bent
 * just enough to break it, next to real answers of the mock that pass.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { functionVersions, LOG_FUNCTIONS } from '../../openapi/contract.js';
import { buildApp } from '../../server/app.js';
import {
  callRecordsSegment,
  checkResponse,
  type FuzzResponse,
  RANGE_LIMIT_DAYS,
  routedSegments,
  servedFunctionOf,
} from '../../tools/fuzz/oracle.js';
import type { FuzzRequest } from '../../tools/fuzz/request-path.js';
import { contract, logPath, pstnCallsPath, TOKEN } from '../support/graph.js';

const PAGE = pstnCallsPath('beta', '2024-06-03T14:00:00Z', '2024-06-03T16:00:00Z');
const REQUEST_ID = '1c1e6a3b-2f4d-4b8a-9e0f-7a6b5c4d3e2f';

let app: FastifyInstance;
t.before(async () => {
  app = buildApp();
  await app.ready();
});
t.teardown(() => app.close());

function request(path: string, headers: Record<string, string> = {}, method = 'GET'): FuzzRequest {
  return { method, path, headers: { authorization: TOKEN, ...headers } };
}

async function answer(sent: FuzzRequest): Promise<FuzzResponse> {
  const res = await app.inject({
    method: sent.method as 'GET',
    url: sent.path,
    headers: sent.headers,
  });
  return { status: res.statusCode, headers: res.headers, body: res.body };
}

/** A Graph error envelope as the mock writes it, for bending. */
function graphError(status: number, code: string, extras: Record<string, string> = {}) {
  return {
    status,
    headers: {
      'request-id': REQUEST_ID,
      'client-request-id': REQUEST_ID,
      'odata-version': '4.0',
      'content-type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify({
      error: {
        code,
        message: '',
        innerError: {
          date: '2024-06-01T00:00:00',
          'request-id': REQUEST_ID,
          'client-request-id': REQUEST_ID,
          ...extras,
        },
      },
    }),
  };
}

function problemsOf(sent: FuzzRequest, response: FuzzResponse): string[] {
  return checkResponse(sent, response, contract);
}

t.test('real pages and real errors of the mock pass', async (t) => {
  for (const sent of [
    request(PAGE),
    request(PAGE, {}, 'HEAD'),
    request(PAGE, { 'x-mock-fault': '429' }),
    request(PAGE, { 'x-mock-fault': '503' }),
    request(PAGE, { 'x-mock-scenario': 'flaky', 'x-mock-fault': '504' }),
    request(PAGE, { 'client-request-id': 'mine' }),
    request(PAGE, {}, 'DELETE'),
    request('/beta/communications/callRecords/x'),
    request('/v1.0/communications/callRecords/2f1a34bc-0000-0000-0000-000000000000', {}, 'HEAD'),
    request('/v1.0/communications/callRecords/getSmsLog(from=2024-06-01,to=2024-06-02)'),
    request('/beta/communications/callRecords/getSmsLog(from=2024-01-01,to=2024-06-02)'),
    request('/beta/communications/callRecords/getPstnCall(from=2024-06-01,to=2024-06-02)'),
    request('/beta/communications/callRecords/getPstnCalls'),
    request('/beta/communications/callRecords/getPstnCalls(from=2024-06-01,to=2024-06-02)/x'),
    request(PAGE, { authorization: '' }),
    request('/common/discovery/v2.0/keys'),
    request('/x/v2.0/.well-known/openid-configuration'),
    request('/_mock/reset', {}, 'POST'),
    request('/healthz'),
  ]) {
    t.same(problemsOf(sent, await answer(sent)), [], `${sent.method} ${sent.path}`);
  }
});

t.test('no answer at all is a problem of its own', async (t) => {
  t.match(problemsOf(request(PAGE), { status: 0, headers: {}, body: '' }), [/^no response/]);
});

t.test(
  'a stack frame or a path of the server’s files is a leak, unless the request sent it',
  async (t) => {
    for (const leak of [
      'at buildApp (/srv/app/dist/server/app.js:12:3)',
      '/srv/app/node_modules/fastify/lib/route.js',
      'file:///srv/app/dist/server/main.js',
      'function-segment.ts:40',
    ]) {
      const response = graphError(400, 'BadRequest');
      const body = response.body.replace('"message":""', `"message":${JSON.stringify(leak)}`);
      t.match(
        problemsOf(request('/x'), { ...response, body }),
        [/gives away the server's insides/],
        leak,
      );
      t.same(problemsOf(request(`/${leak}`), { ...response, body }), [], `${leak}, echoed`);
    }
  },
);

t.test('headers may come as arrays, as inject gives repeated ones', async (t) => {
  const response = graphError(400, 'BadRequest');
  const headers = { ...response.headers, 'request-id': [REQUEST_ID] };
  t.same(problemsOf(request('/x'), { ...response, headers }), []);
});

t.test('request-id must be a GUID', async (t) => {
  const response = graphError(400, 'BadRequest');
  const problems = problemsOf(request('/x'), {
    ...response,
    headers: { ...response.headers, 'request-id': 'x' },
  });
  t.match(problems, [/request-id is "x", not a GUID/]);
});

t.test(
  'client-request-id is the caller’s, unchanged, or request-id where that may stand in',
  async (t) => {
    const base = graphError(400, 'BadRequest');
    const withEcho = (echo: string, odataVersion = true): FuzzResponse => ({
      ...base,
      headers: {
        ...base.headers,
        'client-request-id': echo,
        ...(odataVersion ? {} : { 'odata-version': undefined }),
      },
    });
    const sent = (id: string) => request('/x', { 'client-request-id': id });
    t.match(problemsOf(sent('mine'), withEcho('other')), [
      /client-request-id is "other", expected mine/,
    ]);
    t.match(
      problemsOf(sent('mine'), withEcho(REQUEST_ID)),
      [/client-request-id is/],
      'a plain id may not be dropped',
    );
    t.notMatch(
      problemsOf(sent('Ã©'), withEcho(REQUEST_ID)),
      [/client-request-id is/],
      'a non-ASCII one may',
    );
    t.notMatch(
      problemsOf(sent('mine'), withEcho(REQUEST_ID, false)),
      [/client-request-id is/],
      'so may any, on bytes that never became a request',
    );
  },
);

t.test('a 5xx or 429 passes only when the request asked for it', async (t) => {
  const unasked = problemsOf(request(PAGE), graphError(500, 'generalException'));
  t.match(unasked, [/unexpected status 500/, /a 500 nobody asked for/]);
  t.match(problemsOf(request(PAGE), graphError(503, 'serviceNotAvailable')), [
    /a 503 nobody asked for/,
  ]);
  t.same(
    problemsOf(request(`${PAGE}?x-mock-scenario=fl%61ky`), graphError(504, 'gatewayTimeout')),
    [],
    'flaky chosen in the query',
  );
  const throttled = { ...graphError(429, 'TooManyRequests', { code: '429', status: '429' }) };
  throttled.headers = { ...throttled.headers, 'retry-after': '2' } as typeof throttled.headers;
  t.same(problemsOf(request(PAGE, { 'x-mock-scenario': 'throttled' }), throttled), []);
  t.match(problemsOf(request(PAGE), throttled), [/a 429 nobody asked for/]);
});

t.test('statuses come with the headers they need and innerError with 429’s extras', async (t) => {
  t.match(problemsOf(request(PAGE), graphError(401, 'InvalidAuthenticationToken')), [
    /a 401 without www-authenticate/,
  ]);
  t.match(problemsOf(request(PAGE), graphError(405, 'MethodNotAllowed')), [/a 405 without allow/]);
  t.match(
    problemsOf(request(PAGE, { 'x-mock-fault': '429' }), graphError(429, 'TooManyRequests')),
    [/a 429 without retry-after/, /a 429 without innerError code and status "429"/],
  );
});

t.test('an error must be JSON, the envelope valid, the code right, the ids agreeing', async (t) => {
  const base = graphError(400, 'BadRequest');
  t.match(
    problemsOf(request('/x'), {
      ...base,
      headers: { ...base.headers, 'content-type': 'text/html' },
    }),
    [/an error with content-type text\/html/],
  );
  t.match(problemsOf(request('/x'), { ...base, body: '<html>' }), [/the error body is not JSON/]);
  t.match(problemsOf(request('/x'), { ...base, body: 'null' }), [/breaks the contract/]);
  t.match(problemsOf(request('/x'), graphError(400, 'NotFound')), [
    /status 400 carries code NotFound, expected BadRequest/,
  ]);
  const body = JSON.parse(base.body);
  body.error.innerError['request-id'] = '00000000-0000-4000-8000-000000000000';
  body.error.innerError['client-request-id'] = 'other';
  t.match(problemsOf(request('/x'), { ...base, body: JSON.stringify(body) }), [
    /innerError.request-id differs/,
    /innerError.client-request-id differs/,
  ]);
  t.same(
    problemsOf(request('/x', {}, 'HEAD'), { ...base, body: '' }),
    [],
    'HEAD errors have no body to judge',
  );
});

t.test('Entra’s error shape is accepted at Entra’s paths only, and checked there', async (t) => {
  const entra = (fields: Record<string, unknown>): FuzzResponse => ({
    ...graphError(400, 'BadRequest'),
    body: JSON.stringify({
      error: 'invalid_request',
      error_description: 'AADSTS900144: …',
      error_codes: [900144],
      ...fields,
    }),
  });
  const token = request('/contoso.onmicrosoft.com/OAUTH2/v2.0/token', {}, 'POST');
  t.same(problemsOf(token, entra({})), []);
  t.match(problemsOf(token, entra({ error_codes: undefined })), [/neither Graph's nor Entra's/]);
  t.match(problemsOf(request('/beta/x'), entra({})), [/breaks the contract/]);
});

t.test('a success is 200 or 204, without a body for HEAD and 204', async (t) => {
  const ok = {
    status: 200,
    headers: { 'request-id': REQUEST_ID, 'client-request-id': REQUEST_ID },
    body: '',
  };
  t.match(problemsOf(request('/healthz'), { ...ok, status: 201 }), [/unexpected status 201/]);
  t.match(problemsOf(request('/healthz', {}, 'HEAD'), { ...ok, body: '{}' }), [
    /a HEAD 200 with a body/,
  ]);
  t.match(problemsOf(request('/_mock/reset', {}, 'POST'), { ...ok, status: 204, body: 'x' }), [
    /a POST 204 with a body/,
  ]);
  const json = { ...ok, headers: { ...ok.headers, 'content-type': 'application/json' } };
  t.match(problemsOf(request('/healthz'), { ...json, body: '{' }), [/a JSON 2xx whose body/]);
  t.same(problemsOf(request('/healthz'), { ...ok, body: 'plain' }), [], 'other types are not read');
  for (const path of ['/', '/beta/x', '/beta/communications/x']) {
    t.same(problemsOf(request(path), { ...json, body: '{}' }), [], `a JSON 2xx at ${path}`);
  }
});

t.test('the one redirect is the console’s /_mock to /_mock/', async (t) => {
  for (const path of ['/_mock', '/_mock?%-mock-scenario=default']) {
    t.same(problemsOf(request(path), await answer(request(path))), [], `the mock’s ${path}`);
  }
  const moved = {
    status: 308,
    headers: { 'request-id': REQUEST_ID, 'client-request-id': REQUEST_ID, location: '/_mock/' },
    body: '',
  };
  t.match(problemsOf(request('/healthz'), moved), [/unexpected status 308/], 'elsewhere');
  t.match(problemsOf(request('/_mock'), { ...moved, status: 302 }), [/unexpected status 302/]);
  t.match(
    problemsOf(request('/_mock'), { ...moved, headers: { ...moved.headers, location: '/' } }),
    [/unexpected status 308/],
  );
});

t.test('a page must be for a log function, typed, JSON, valid, and count its rows', async (t) => {
  const page = await answer(request(PAGE));
  const hidden = '/beta/communications/callRecords/x#/getPstnCalls(from=2024-06-01,to=2024-06-02)';
  t.match(problemsOf(request(hidden), page), [/a page for a path whose routed segments/]);
  t.match(problemsOf(request(`${PAGE}/x`), page), [/a page for a path whose routed segments/]);
  t.same(
    problemsOf(request(`http://localhost${PAGE}`), page),
    [],
    'an absolute-form target routes as its path',
  );
  t.match(
    problemsOf(request(PAGE), { ...page, headers: { ...page.headers, 'content-type': 'x' } }),
    [/a page with content-type x/],
  );
  const { 'content-type': _type, ...untyped } = page.headers;
  t.match(problemsOf(request(PAGE), { ...page, headers: untyped }), [
    /a page with content-type undefined/,
  ]);
  t.match(problemsOf(request(PAGE), { ...page, body: '{' }), [/the page is not JSON/]);
  const body = JSON.parse(page.body);
  t.match(problemsOf(request(PAGE), { ...page, body: JSON.stringify({ ...body, extra: 1 }) }), [
    /the beta page of getPstnCalls breaks the contract/,
  ]);
  t.match(
    problemsOf(request(PAGE), {
      ...page,
      body: JSON.stringify({ ...body, '@odata.count': body['@odata.count'] + 1 }),
    }),
    [/@odata.count \d+ for \d+ rows/],
  );
  t.match(
    problemsOf(request(PAGE.replace('/beta/', '/v1.0/')), page),
    [/the v1.0 page of getPstnCalls breaks the contract/],
    'the version comes from the path',
  );
});

t.test('routed segments are the path as the router sees it', async (t) => {
  t.same(routedSegments('//beta//x/?a=b#c'), ['beta', 'x']);
  t.same(routedSegments('/caf%C3%A9/%ZZ#/y'), ['café', '%ZZ']);
  t.same(routedSegments('HTTPS://host:1/beta?x'), ['beta']);
});

const WINDOW = ['2024-06-03T14:00:00Z', '2024-06-03T16:00:00Z'] as const;
/** 153 days: longer than any limit. */
const LONG = ['2024-01-01', '2024-06-02'] as const;

/** `response` with its Graph error message replaced. */
function saying(response: FuzzResponse, message: string): FuzzResponse {
  const body = JSON.parse(response.body);
  body.error.message = message;
  return { ...response, body: JSON.stringify(body) };
}

t.test('every function’s real pages pass, in every version that has it', async (t) => {
  for (const fn of LOG_FUNCTIONS) {
    for (const version of functionVersions(fn)) {
      const sent = request(`${logPath(fn, version, ...WINDOW)}?$top=3`);
      const page = await answer(sent);
      t.equal(page.status, 200, `${version} ${fn} is a page`);
      t.same(problemsOf(sent, page), [], `${version} ${fn}`);
      t.equal(servedFunctionOf(sent.path), fn);
    }
  }
  const qualified = request(
    '/V1.0/communications/callRecords/MICROSOFT.GRAPH.CALLRECORDS.GETDIRECTROUTINGCALLS(from=2024-06-01,to=2024-06-02)',
  );
  t.same(problemsOf(qualified, await answer(qualified)), [], 'under any spelling of its name');
});

t.test('a page is held to the schema of the function its path calls', async (t) => {
  const dr = await answer(request(logPath('getDirectRoutingCalls', 'v1.0', ...WINDOW)));
  t.same(
    problemsOf(request(logPath('getDirectRoutingCalls', 'v1.0', ...WINDOW)), dr),
    [],
    'a direct-routing page on v1.0 is fine',
  );
  t.match(
    problemsOf(request(logPath('getPstnCalls', 'v1.0', ...WINDOW)), dr),
    [/the v1.0 page of getPstnCalls breaks the contract/],
    'but not as an answer to getPstnCalls',
  );
  const sms = await answer(request(logPath('getSmsLog', 'beta', ...WINDOW)));
  t.same(problemsOf(request(logPath('getSmsLog', 'beta', ...WINDOW)), sms), []);
  t.same(
    problemsOf(request(logPath('getSmsLog', 'v1.0', ...WINDOW)), sms),
    ['a v1.0 page for getSmsLog, which v1.0 does not have'],
    'an SMS page on v1.0 is a defect',
  );
  for (const path of [
    '/beta/communications/callRecords/x',
    '/beta/communications/callRecords/getPstnCall(from=2024-06-01,to=2024-06-02)',
    '/beta/communications/callRecords/microsoft.graph.getPstnCalls(from=2024-06-01,to=2024-06-02)',
  ]) {
    t.match(problemsOf(request(path), sms), [/call no log function/], path);
  }
});

t.test('a page’s context names its function’s rows, its next page the same call', async (t) => {
  const sent = request(`${logPath('getSmsLog', 'beta', ...WINDOW)}?$top=1`);
  const page = await answer(sent);
  const body = JSON.parse(page.body);
  t.match(body['@odata.nextLink'], /getSmsLog/, 'a page with a next one');
  const bent = (changes: Record<string, unknown>) =>
    problemsOf(sent, { ...page, body: JSON.stringify({ ...body, ...changes }) });
  t.match(
    bent({ '@odata.context': body['@odata.context'].replace('smsLogRow', 'pstnCallLogRow') }),
    [
      /a page of getSmsLog whose @odata.context .* does not end \/beta\/\$metadata#Collection\(microsoft.graph.callRecords.smsLogRow\)/,
    ],
  );
  for (const next of [
    body['@odata.nextLink'].replace('getSmsLog', 'getPstnCalls'),
    body['@odata.nextLink'].replace('/beta/', '/v1.0/'),
    'http://localhost/healthz',
  ]) {
    t.match(
      bent({ '@odata.nextLink': next }),
      [/whose @odata.nextLink .* calls something else/],
      next,
    );
  }
  const { '@odata.context': _context, '@odata.nextLink': _next, ...bare } = body;
  t.same(problemsOf(sent, { ...page, body: JSON.stringify(bare) }), [], 'both may be left out');
});

t.test('a 406 only for a function that limits its range, naming it', async (t) => {
  const tooLong = await answer(request(logPath('getSmsLog', 'beta', ...LONG)));
  t.equal(tooLong.status, 406);
  t.same(problemsOf(request(logPath('getSmsLog', 'beta', ...LONG)), tooLong), []);
  const unlimited = await answer(request(logPath('getDirectRoutingCalls', 'beta', ...LONG)));
  t.equal(unlimited.status, 200, 'direct routing takes any range');
  t.same(problemsOf(request(logPath('getDirectRoutingCalls', 'beta', ...LONG)), unlimited), []);
  for (const method of ['GET', 'HEAD']) {
    t.match(
      problemsOf(request(logPath('getDirectRoutingCalls', 'beta', ...LONG), {}, method), tooLong),
      ['a 406 for getDirectRoutingCalls, which puts no limit on its range'],
      `a 406 for getDirectRoutingCalls is a defect (${method})`,
    );
  }
  t.match(
    problemsOf(request(logPath('getPstnBlockedUsersLog', 'beta', ...LONG)), tooLong),
    [/a 406 whose message does not say "getPstnBlockedUsersLog accepts at most 90 days"/],
    'the message names the function asked for',
  );
  for (const path of [
    logPath('getSmsLog', 'v1.0', ...LONG),
    '/beta/communications/callRecords/x',
    '/beta/communications/callRecords/getSmsLogs(from=2024-01-01,to=2024-06-02)',
    `${logPath('getSmsLog', 'beta', ...LONG)}/x`,
    '/beta/x',
    '/_mock/summary?function=getPstnCall&from=2024-01-01&to=2024-06-02',
    '/_mock/summary?function=getSmsLog&function=getSmsLog',
    '/_mock/summaries',
  ]) {
    t.match(
      problemsOf(request(path), tooLong),
      ['a 406 for a request that asks for no log function (its version has)'],
      path,
    );
  }
  const summary = (query: string) => request(`/_mock/summary?${query}`);
  const summaryTooLong = await answer(
    summary('function=getSmsLog&fromDateTime=2024-01-01&toDateTime=2024-06-02'),
  );
  t.equal(summaryTooLong.status, 406, "the summary reads a range by its function's rule");
  t.same(
    problemsOf(summary('function=get%53msLog&from=2024-01-01&to=2024-06-02#x'), summaryTooLong),
    [],
  );
  t.match(
    problemsOf(summary('from=2024-01-01&to=2024-06-02'), tooLong),
    [/does not say "getPstnCalls accepts at most 90 days"/],
    'getPstnCalls when no function is named',
  );
  t.match(problemsOf(summary('function=getDirectRoutingCalls&x&y=+'), summaryTooLong), [
    'a 406 for getDirectRoutingCalls, which puts no limit on its range',
  ]);
  t.equal(RANGE_LIMIT_DAYS.getDirectRoutingCalls, null);
});

t.test('a 404 under the call-log route only for a key segment', async (t) => {
  const notFound = await answer(request('/beta/communications/callRecords/x'));
  t.equal(notFound.status, 404);
  for (const key of ['x', '2f1a34bc-0000-0000-0000-000000000000', 'getPstnCall', '%20', 'a%2Fb']) {
    t.same(
      problemsOf(request(`/beta/communications/callRecords/${key}`), notFound),
      [],
      `the NotFound envelope for the key ${key}`,
    );
  }
  t.match(problemsOf(request(PAGE), notFound), [/^a 404 for a call of getPstnCalls, not/]);
  t.match(problemsOf(request(logPath('getSmsLog', 'v1.0', ...WINDOW), {}, 'HEAD'), notFound), [
    /^a 404 for a call of getSmsLog, which the version does not have, not/,
  ]);
  t.match(problemsOf(request('/beta/communications/callRecords/getPstnCall(x)'), notFound), [
    /^a 404 for a segment of kind other/,
  ]);
  t.match(problemsOf(request('/beta/communications/callRecords/%ZZ'), notFound), [
    /^a 404 for a segment of kind undecodable/,
  ]);
  t.same(problemsOf(request('/_mock/nothing'), notFound), [], 'off the route, not judged');
});

t.test('"Resource not found for the segment" never for a key nor a function served', async (t) => {
  const unknown = await answer(request(logPath('getSmsLog', 'v1.0', ...WINDOW)));
  t.equal(unknown.status, 400);
  t.same(problemsOf(request(logPath('getSmsLog', 'v1.0', ...WINDOW)), unknown), []);
  t.match(problemsOf(request('/beta/communications/callRecords/x'), unknown), [
    /for a segment of kind key/,
  ]);
  t.match(problemsOf(request(logPath('getSmsLog', 'beta', ...WINDOW)), unknown), [
    /for a call of getSmsLog$/,
  ]);
  t.same(
    problemsOf(request(logPath('getSmsLog', 'beta', ...WINDOW), {}, 'PROPFIND'), unknown),
    [],
    'a method the route has no handler for is an unknown path',
  );
  const other = saying(unknown, 'The parameter is wrong.');
  t.same(problemsOf(request('/beta/communications/callRecords/x'), other), [], 'other 400s');
});

t.test(
  'the call-log route’s last segment: a function, served or not, a key, or other',
  async (t) => {
    const at = (segment: string, version = 'beta') =>
      callRecordsSegment(`/${version}/communications/callRecords/${segment}`)?.segment;
    t.same(at('getSmsLog(from=1)'), { kind: 'function', fn: 'getSmsLog', served: true });
    t.same(at('getSmsLog(from=1)', 'v1.0'), { kind: 'function', fn: 'getSmsLog', served: false });
    t.same(at('Microsoft.Graph.CallRecords.GetPstnCalls%28x'), {
      kind: 'function',
      fn: 'getPstnCalls',
      served: true,
    });
    t.same(at('getPstnCalls'), { kind: 'function', fn: 'getPstnCalls', served: true });
    t.same(at('x'), { kind: 'key' });
    t.same(at('microsoft.graph.getPstnCalls'), { kind: 'key' });
    t.same(at('getPstnCall('), { kind: 'other' });
    t.same(at('%E0%A4%A'), { kind: 'undecodable' });
    t.same(
      callRecordsSegment('http://h//bet%61//communications/callRecords//x/?a#b'),
      { version: 'beta', segment: { kind: 'key' } },
      'routed as the router does',
    );
    t.equal(callRecordsSegment('/beta/communications/callRecords'), undefined);
    t.equal(callRecordsSegment('/beta/communications/callRecords/x/y'), undefined);
    t.equal(callRecordsSegment('/v2.0/communications/callRecords/x'), undefined);
    t.equal(servedFunctionOf('/v1.0/communications/callRecords/getSmsLog(x)'), undefined);
    t.equal(servedFunctionOf('/beta/communications/callRecords/x'), undefined);
  },
);
