import t from 'tap';
import {
  basicCredentials,
  EntraError,
  entraErrorBody,
  type FormFields,
  isAccountType,
  readTokenRequest,
  tenantOfSegment,
} from '../../../server/auth/token-request.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, tenantIdOf } from '../../../server/auth/tokens.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const GOOD: FormFields = {
  grant_type: 'client_credentials',
  client_id: CLIENT,
  client_secret: 'anything',
  scope: 'https://graph.microsoft.com/.default',
};

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The EntraError readTokenRequest throws; fails the test when it throws nothing or else. */
function refusal(tenant: string, fields: FormFields, authorization?: string): EntraError {
  try {
    readTokenRequest(tenant, fields, authorization);
  } catch (error) {
    if (error instanceof EntraError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(fields)}`);
}

t.test(
  'a client-credentials request for Graph earns a token for its client and tenant',
  async (t) => {
    t.same(readTokenRequest(TENANT, GOOD), {
      clientId: CLIENT,
      tenantId: TENANT,
      audience: GRAPH_RESOURCE,
    });
    t.same(
      readTokenRequest('contoso.onmicrosoft.com', { ...GOOD, client_id: CLIENT.toUpperCase() }),
      {
        clientId: CLIENT,
        tenantId: tenantIdOf('contoso.onmicrosoft.com'),
        audience: GRAPH_RESOURCE,
      },
      'a domain tenant; the client id lower-cased',
    );
  },
);

t.test('the scope’s resource picks one of Graph’s two audiences', async (t) => {
  const cases: [string, string][] = [
    ['https://graph.microsoft.com/.default', GRAPH_RESOURCE],
    ['HTTPS://Graph.Microsoft.com/.default', GRAPH_RESOURCE],
    ['https://graph.microsoft.com//.default', GRAPH_RESOURCE],
    [`${GRAPH_APP_ID}/.default`, GRAPH_APP_ID],
    ['  https://graph.microsoft.com/.default  ', GRAPH_RESOURCE],
  ];
  for (const [scope, audience] of cases) {
    t.equal(readTokenRequest(TENANT, { ...GOOD, scope }).audience, audience, scope);
  }
});

t.test('a client assertion or HTTP Basic credentials do instead of client_secret', async (t) => {
  const { client_secret: _, ...noSecret } = GOOD;
  t.equal(readTokenRequest(TENANT, { ...noSecret, client_assertion: 'eyJ.a.b' }).clientId, CLIENT);
  t.equal(readTokenRequest(TENANT, noSecret, basic(CLIENT, 'secret')).clientId, CLIENT);
  const { client_id: __, ...basicOnly } = noSecret;
  t.equal(readTokenRequest(TENANT, basicOnly, basic(CLIENT, 'secret')).clientId, CLIENT);
});

t.test('a repeated field counts by its first value', async (t) => {
  const fields = { ...GOOD, grant_type: ['client_credentials', 'password'] };
  t.equal(readTokenRequest(TENANT, fields).clientId, CLIENT);
});

t.test('each bad request gets Entra’s error, in Entra’s order', async (t) => {
  const { client_secret: _, ...noSecret } = GOOD;
  const cases: [string, string, FormFields, string | undefined, number, string, number, string][] =
    [
      [
        'common as tenant',
        'common',
        GOOD,
        undefined,
        400,
        'invalid_request',
        50059,
        'No tenant-identifying information found',
      ],
      [
        'organizations as tenant',
        'Organizations',
        GOOD,
        undefined,
        400,
        'invalid_request',
        50059,
        'No tenant-identifying',
      ],
      [
        'a tenant that is no domain',
        'contoso',
        GOOD,
        undefined,
        400,
        'invalid_request',
        900023,
        "Specified tenant identifier 'contoso' is neither a valid DNS name, nor a valid external domain.",
      ],
      [
        'no grant_type',
        TENANT,
        { ...GOOD, grant_type: undefined },
        undefined,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      ],
      [
        'an empty grant_type',
        TENANT,
        { ...GOOD, grant_type: '' },
        undefined,
        400,
        'invalid_request',
        900144,
        "parameter: 'grant_type'.",
      ],
      [
        'another grant_type',
        TENANT,
        { ...GOOD, grant_type: 'password' },
        undefined,
        400,
        'unsupported_grant_type',
        70003,
        "The app requested an unsupported grant type 'password'.",
      ],
      [
        'no client_id',
        TENANT,
        { ...GOOD, client_id: undefined },
        undefined,
        400,
        'invalid_request',
        900144,
        "parameter: 'client_id'.",
      ],
      [
        'an empty Basic user',
        TENANT,
        { ...GOOD, client_id: undefined },
        basic('', 'secret'),
        400,
        'invalid_request',
        900144,
        "parameter: 'client_id'.",
      ],
      [
        'a client_id that is no GUID',
        TENANT,
        { ...GOOD, client_id: 'my-app' },
        undefined,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier 'my-app' was not found in the directory '${TENANT}'.`,
      ],
      [
        'no scope',
        TENANT,
        { ...GOOD, scope: undefined },
        undefined,
        400,
        'invalid_request',
        900144,
        "parameter: 'scope'.",
      ],
      [
        'no secret',
        TENANT,
        noSecret,
        undefined,
        400,
        'invalid_request',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      ],
      [
        'an empty Basic password',
        TENANT,
        noSecret,
        basic(CLIENT, ''),
        400,
        'invalid_request',
        7000216,
        "'client_secret'",
      ],
      [
        'a permission as scope',
        TENANT,
        { ...GOOD, scope: 'https://graph.microsoft.com/CallRecords.Read.All' },
        undefined,
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope https://graph.microsoft.com/CallRecords.Read.All is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
      ],
      [
        'a .default beside another scope',
        TENANT,
        { ...GOOD, scope: 'https://graph.microsoft.com/.default openid' },
        undefined,
        400,
        'invalid_scope',
        1002012,
        'is not valid',
      ],
      [
        'a blank scope',
        TENANT,
        { ...GOOD, scope: '   ' },
        undefined,
        400,
        'invalid_scope',
        1002012,
        'is not valid',
      ],
      [
        'another resource',
        TENANT,
        { ...GOOD, scope: 'api://other/.default' },
        undefined,
        400,
        'invalid_resource',
        500011,
        `The resource principal named api://other was not found in the tenant named ${TENANT}.`,
      ],
      [
        'Graph in another cloud',
        TENANT,
        { ...GOOD, scope: 'https://graph.microsoft.us/.default' },
        undefined,
        400,
        'invalid_resource',
        500011,
        'https://graph.microsoft.us was not found',
      ],
    ];
  for (const [name, tenant, fields, authorization, status, error, aadsts, message] of cases) {
    const refused = refusal(tenant, fields, authorization);
    t.match(refused, { statusCode: status, error, aadsts }, name);
    t.ok(refused.message.startsWith(`AADSTS${aadsts}: `), `${name}: AADSTS prefix`);
    t.ok(refused.message.includes(message), `${name}: ${message}`);
  }
});

t.test('account-type segments are told apart from tenants', async (t) => {
  for (const segment of ['common', 'ORGANIZATIONS', 'consumers'])
    t.ok(isAccountType(segment), segment);
  t.notOk(isAccountType(TENANT));
  t.equal(tenantOfSegment(TENANT.toUpperCase()), TENANT);
});

t.test('Basic credentials are two form-encoded parts joined by a colon', async (t) => {
  t.same(basicCredentials(basic(CLIENT, 's:e cr+et')), { clientId: CLIENT, secret: 's:e cr et' });
  t.same(basicCredentials(basic('a%20b', 'c%3Ad')), { clientId: 'a b', secret: 'c:d' });
  t.same(basicCredentials(`basic   ${Buffer.from('a:b').toString('base64')}`), {
    clientId: 'a',
    secret: 'b',
  });
  for (const header of [
    undefined,
    '',
    'Bearer abc',
    'Basic',
    `Basic ${Buffer.from('no-colon').toString('base64')}`,
    basic('%zz', 'x'),
  ]) {
    t.equal(basicCredentials(header), undefined, JSON.stringify(header));
  }
});

t.test('Entra’s error body carries the ids and time in the description too', async (t) => {
  const error = new EntraError(
    400,
    'invalid_request',
    900144,
    "The request body must contain the following parameter: 'grant_type'.",
  );
  t.equal(error.name, 'EntraError');
  const body = entraErrorBody(
    error,
    { traceId: 'trace-1', correlationId: 'correlation-1' },
    new Date('2024-06-01T12:34:56.789Z'),
  );
  t.strictSame(body, {
    error: 'invalid_request',
    error_description:
      "AADSTS900144: The request body must contain the following parameter: 'grant_type'.\r\n" +
      'Trace ID: trace-1\r\nCorrelation ID: correlation-1\r\nTimestamp: 2024-06-01 12:34:56Z',
    error_codes: [900144],
    timestamp: '2024-06-01 12:34:56Z',
    trace_id: 'trace-1',
    correlation_id: 'correlation-1',
    error_uri: 'https://login.microsoftonline.com/error?code=900144',
  });
});
