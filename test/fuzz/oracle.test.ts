/**
 * The fuzz oracle catches what it is meant to: each rule is shown failing on a response bent
 * just enough to break it, next to real answers of the mock that pass.
 */
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildApp } from '../../server/app.js';
import { checkResponse, type FuzzResponse, routedSegments } from '../../tools/fuzz/oracle.js';
import type { FuzzRequest } from '../../tools/fuzz/request-path.js';
import { contract, pstnCallsPath, TOKEN } from '../support/graph.js';

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

t.test('a page must be for getPstnCalls, typed, JSON, valid, and count its rows', async (t) => {
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
    /the beta page breaks the contract/,
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
    [/the v1.0 page breaks the contract/],
    'the version comes from the path',
  );
});

t.test('routed segments are the path as the router sees it', async (t) => {
  t.same(routedSegments('//beta//x/?a=b#c'), ['beta', 'x']);
  t.same(routedSegments('/caf%C3%A9/%ZZ#/y'), ['café', '%ZZ']);
  t.same(routedSegments('HTTPS://host:1/beta?x'), ['beta']);
});
