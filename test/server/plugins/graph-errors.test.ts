/**
 * The one place errors become Graph's envelope: thrown GraphErrors, fastify's own errors,
 * unexpected failures and unknown paths.
 */
import t from 'tap';
import { buildApp } from '../../../server/app.js';
import { GraphError } from '../../../server/errors.js';
import { asGraphError, errorBody, unknownPathError } from '../../../server/plugins/graph-errors.js';
import { contract, expectGraphError, get } from '../../support/graph.js';

const REQUEST_ID = '1c1e6a3b-2f4d-4b8a-9e0f-7a6b5c4d3e2f';
const GENERAL_EXCEPTION = {
  statusCode: 500,
  code: 'generalException',
  message: /This is a bug in graph-callrecords-mock; please report it with the request-id\.$/,
};

t.test('a GraphError is rendered as it is', async (t) => {
  const error = new GraphError(429, 'TooManyRequests', 'Please retry again later.');
  t.equal(asGraphError(error), error);
});

t.test('fastify’s 4xx errors keep their status and get Graph’s code for it', async (t) => {
  const tooLarge = asGraphError(
    Object.assign(new Error('Request body is too large'), { statusCode: 413 }),
  );
  t.match(tooLarge, {
    statusCode: 413,
    code: 'RequestEntityTooLarge',
    message: 'Request body is too large',
  });
  const unsupported = asGraphError(Object.assign(new Error(''), { statusCode: 415 }));
  t.match(
    unsupported,
    { statusCode: 415, code: 'UnsupportedMediaType', message: 'Unsupported Media Type' },
    'an empty message becomes the status text',
  );
  const teapot = asGraphError({ statusCode: 418, message: '' });
  t.match(
    teapot,
    { statusCode: 418, code: 'BadRequest', message: "I'm a Teapot" },
    'an unmapped 4xx is a BadRequest',
  );
  const unnamed = asGraphError({ statusCode: 499 });
  t.match(
    unnamed,
    { statusCode: 499, code: 'BadRequest', message: 'Bad request' },
    'a status without a text',
  );
});

t.test('anything else is a 500 generalException that asks for a bug report', async (t) => {
  for (const thrown of [new Error('boom'), { statusCode: 503, message: 'down' }, 'a string', 42]) {
    t.match(asGraphError(thrown), GENERAL_EXCEPTION, String(thrown));
  }
});

t.test('a thrown null or undefined is a 500 generalException too', async (t) => {
  for (const thrown of [null, undefined]) {
    t.match(asGraphError(thrown), GENERAL_EXCEPTION, String(thrown));
  }
});

t.test(
  'an unknown path names a bad version, else the first segment the mock does not serve',
  async (t) => {
    const cases: Record<string, string> = {
      '/': 'Invalid version: ',
      '/xyz': 'Invalid version: xyz',
      '/v2.0/communications': 'Invalid version: v2.0',
      '/%E2%82%AC/x': 'Invalid version: €',
      '/%ZZ/x': 'Invalid version: %ZZ',
      '/beta': "Resource not found for the segment 'beta'.",
      '/BETA/foo': "Resource not found for the segment 'foo'.",
      '/v1.0/communications/calls': "Resource not found for the segment 'calls'.",
      '/beta/communications/callRecords': "Resource not found for the segment 'callRecords'.",
      '/beta/Communications/CallRecords/x/y': "Resource not found for the segment 'x'.",
      '/beta/%ZZ': "Resource not found for the segment '%ZZ'.",
      '/beta/caf%C3%A9': "Resource not found for the segment 'café'.",
    };
    for (const [path, message] of Object.entries(cases)) {
      const error = unknownPathError(path);
      t.match(error, { statusCode: 400, code: 'BadRequest', message }, path);
    }
  },
);

t.test(
  'the envelope carries date, both ids and any extras, and matches the contract',
  async (t) => {
    const throttled = new GraphError(
      429,
      'TooManyRequests',
      'Please retry again later.',
      { 'Retry-After': '2' },
      { code: '429', status: '429' },
    );
    const body = errorBody(
      throttled,
      { requestId: REQUEST_ID, clientRequestId: 'mine' },
      new Date('2020-10-07T18:18:56.789Z'),
    );
    t.same(body, {
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: {
          date: '2020-10-07T18:18:56',
          'request-id': REQUEST_ID,
          'client-request-id': 'mine',
          code: '429',
          status: '429',
        },
      },
    });
    t.same(contract.validateError(body), []);
  },
);

t.test('an unexpected failure answers 500 in Graph’s envelope, with Graph’s headers', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  app.get('/beta/boom', async () => {
    throw new Error('unexpected');
  });
  const res = await get(app, '/beta/boom', { 'client-request-id': 'trace-me' });
  expectGraphError(
    t,
    res,
    500,
    'generalException',
    /This is a bug in graph-callrecords-mock/,
    'trace-me',
  );
});

t.test('a handler that throws null still answers Graph’s 500 envelope', async (t) => {
  const app = buildApp();
  t.teardown(() => app.close());
  app.get('/beta/null', async () => {
    throw null;
  });
  expectGraphError(t, await get(app, '/beta/null'), 500, 'generalException');
});
