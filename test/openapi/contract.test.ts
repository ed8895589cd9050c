import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyInstance } from 'fastify';
import t from 'tap';
import {
  type ApiVersion,
  createContractValidator,
  errorSchemaRef,
  fastifySchemas,
  openApiDocument,
  pageSchemaRef,
  rowPropertyNames,
} from '../../openapi/contract.js';

const addFormats = addFormatsModule.default;

const validator = createContractValidator();

const ROW_ID = '2a5c6d5e-8b1f-4f43-9d3a-6f0e2c7b1a90';
const USER_ID = '8f3b1c2d-4e5f-4a6b-9c7d-0e1f2a3b4c5d';
const REQUEST_ID = '1c1e6a3b-2f4d-4b8a-9e0f-7a6b5c4d3e2f';

/**
 * Listed by hand on purpose: the contract derives the order, the test states it. These are
 * `rowPropertyNames` of getPstnCalls as printed before the other log functions joined the
 * document: adding them must not change a byte of getPstnCalls' rows.
 */
const V1_MEMBERS = [
  'id',
  'callId',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'startDateTime',
  'endDateTime',
  'duration',
  'charge',
  'callType',
  'currency',
  'calleeNumber',
  'usageCountryCode',
  'tenantCountryCode',
  'connectionCharge',
  'callerNumber',
  'destinationContext',
  'destinationName',
  'conferenceId',
  'licenseCapability',
  'inventoryType',
  'operator',
  'callDurationSource',
];
const BETA_ONLY_MEMBERS = [
  'otherPartyCountryCode',
  'clientPublicIpV4Address',
  'clientPublicIpV6Address',
  'clientLocalIpV4Address',
  'clientLocalIpV6Address',
  'administrativeUnitInfos',
];

const V1_ROW = {
  id: ROW_ID,
  callId: '1835317186_112562680@61.221.3.176',
  userId: USER_ID,
  userPrincipalName: 'adele.vance@contoso.com',
  userDisplayName: 'Adele Vance',
  startDateTime: '2019-11-01T00:00:08.2589935Z',
  endDateTime: '2019-11-01T00:01:12.1234567Z',
  duration: 64,
  charge: 0.08,
  callType: 'user_out',
  currency: 'USD',
  calleeNumber: '+14255550100',
  usageCountryCode: 'US',
  tenantCountryCode: 'US',
  connectionCharge: 0,
  callerNumber: '+14255550199',
  destinationContext: 'Domestic',
  destinationName: 'United States',
  conferenceId: null,
  licenseCapability: 'MCOPSTN1',
  inventoryType: 'Subscriber',
  operator: 'Microsoft',
  callDurationSource: 'microsoft',
};

const BETA_ROW = {
  ...V1_ROW,
  otherPartyCountryCode: 'US',
  clientPublicIpV4Address: '203.0.113.7',
  clientPublicIpV6Address: '2001:db8::7',
  clientLocalIpV4Address: '10.0.0.12',
  clientLocalIpV6Address: 'fe80::1',
  administrativeUnitInfos: [{ id: '0c6b1b2e-6a0e-4d0a-8c1f-5d3e2b1a0f9e' }],
};

/** A bot call: every member Graph leaves empty is null. */
const BOT_ROW = {
  ...V1_ROW,
  callType: 'ucap_in',
  userId: null,
  userPrincipalName: null,
  userDisplayName: null,
  charge: null,
  connectionCharge: null,
  destinationContext: null,
  callDurationSource: null,
};

const ERROR_BODY = {
  error: {
    code: 'BadRequest',
    message: 'x',
    innerError: {
      date: '2020-10-07T18:18:56',
      'request-id': REQUEST_ID,
      'client-request-id': REQUEST_ID,
    },
  },
};

const NEXT_LINK =
  'https://graph.microsoft.com/beta/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=1000';

function pageOf(rows: readonly unknown[], extra: Record<string, unknown> = {}) {
  return {
    '@odata.context':
      'https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)',
    '@odata.count': rows.length,
    value: rows,
    ...extra,
  };
}

function withInnerError(extra: Record<string, unknown>) {
  return {
    error: { ...ERROR_BODY.error, innerError: { ...ERROR_BODY.error.innerError, ...extra } },
  };
}

t.test('the document is OpenAPI 3.1.0 with a Kiota-form GET path per version', async (t) => {
  t.equal(openApiDocument.openapi, '3.1.0');
  for (const version of ['beta', 'v1.0']) {
    const path = `/${version}/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime={fromDateTime},toDateTime={toDateTime})`;
    const responses = { 200: {}, 400: {}, 401: {}, 403: {}, 406: {}, 429: {}, 503: {} };
    t.match(openApiDocument.paths, { [path]: { get: { responses } } }, version);
  }
});

t.test('every component schema, as written, compiles in Ajv 2020 strict mode', async (t) => {
  // Compiled straight from the document (its own #/components refs), independent of contract.ts.
  const ajv = new Ajv2020({ strict: true });
  addFormats(ajv);
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'openapi', components: openApiDocument.components });
  const names = Object.keys(openApiDocument.components.schemas);
  t.ok(names.length >= 7, `${names.length} component schemas`);
  for (const name of names) {
    t.doesNotThrow(() => ajv.compile({ $ref: `openapi#/components/schemas/${name}` }), name);
  }
  t.throws(
    () => ajv.compile({ type: 'object', unevaluatedProperty: false }),
    /unknown keyword/,
    'strict mode is on: a misspelt keyword fails to compile',
  );
});

t.test('the beta row is the v1.0 row, in the same order, then six beta-only members', async (t) => {
  // Unchanged by the other log functions: no shared callLogRow base reorders beta.
  t.same(rowPropertyNames('getPstnCalls', 'v1.0'), V1_MEMBERS);
  t.same(rowPropertyNames('getPstnCalls', 'beta'), [...V1_MEMBERS, ...BETA_ONLY_MEMBERS]);
});

t.test('an unknown version has no row', async (t) => {
  t.throws(
    () => rowPropertyNames('getPstnCalls', 'v2.0' as ApiVersion),
    /no v2\.0 path for getPstnCalls; it defines getPstnCalls in v1\.0 and beta\./,
  );
});

t.test('a complete beta row passes beta and fails v1.0 on each beta-only member', async (t) => {
  t.same(validator.validateRow('getPstnCalls', 'beta', BETA_ROW), []);
  const errors = validator.validateRow('getPstnCalls', 'v1.0', BETA_ROW);
  t.equal(errors.length, BETA_ONLY_MEMBERS.length);
  for (const member of BETA_ONLY_MEMBERS) {
    t.ok(
      errors.includes(`(root) must NOT have unevaluated properties: '${member}'`),
      `names ${member}`,
    );
  }
});

t.test('v1.0 rows and bot rows with null members are valid in both versions', async (t) => {
  t.same(validator.validateRow('getPstnCalls', 'v1.0', V1_ROW), []);
  t.same(validator.validateRow('getPstnCalls', 'v1.0', BOT_ROW), []);
  t.same(
    validator.validateRow('getPstnCalls', 'beta', {
      ...BETA_ROW,
      ...BOT_ROW,
      administrativeUnitInfos: [],
    }),
    [],
  );
  const allNull = Object.fromEntries(V1_MEMBERS.map((member) => [member, null]));
  t.same(
    validator.validateRow('getPstnCalls', 'v1.0', allNull),
    [],
    'every v1.0 member is nullable',
  );
});

t.test('a row missing a member is invalid: the mock emits every member', async (t) => {
  const { conferenceId: _omitted, ...v1 } = V1_ROW;
  t.same(validator.validateRow('getPstnCalls', 'v1.0', v1), [
    "(root) must have required property 'conferenceId'",
  ]);
  const { administrativeUnitInfos: _alsoOmitted, ...beta } = BETA_ROW;
  t.same(validator.validateRow('getPstnCalls', 'beta', beta), [
    "(root) must have required property 'administrativeUnitInfos'",
  ]);
  t.not(
    validator.validateRow('getPstnCalls', 'beta', V1_ROW).length,
    0,
    'a v1.0 row lacks the beta members',
  );
});

t.test('wrong types and malformed formats are rejected', async (t) => {
  const cases: [string, ApiVersion, Record<string, unknown>, RegExp][] = [
    ['duration as a string', 'v1.0', { duration: '64' }, /^\/duration must be integer,null$/],
    ['a fractional duration', 'v1.0', { duration: 64.5 }, /^\/duration must be integer/],
    [
      'a duration beyond int32',
      'v1.0',
      { duration: 2 ** 31 },
      /^\/duration must match format "int32"/,
    ],
    ['charge as a string', 'v1.0', { charge: '0.08' }, /^\/charge must be number,null$/],
    ['an id that is no GUID', 'v1.0', { id: 'row-1' }, /^\/id must match format "uuid"$/],
    [
      'a start time without a zone',
      'v1.0',
      { startDateTime: '2019-11-01T00:00:08' },
      /^\/startDateTime must match format "date-time"$/,
    ],
    [
      'an end time that is no time',
      'v1.0',
      { endDateTime: 'yesterday' },
      /^\/endDateTime must match format "date-time"$/,
    ],
    [
      'an unknown callDurationSource',
      'v1.0',
      { callDurationSource: 'teams' },
      /^\/callDurationSource must be equal to one of the allowed values$/,
    ],
    [
      'an IPv4 octet above 255',
      'beta',
      { clientPublicIpV4Address: '256.1.1.1' },
      /^\/clientPublicIpV4Address must match format "ipv4"$/,
    ],
    [
      'an IPv4 address where IPv6 belongs',
      'beta',
      { clientLocalIpV6Address: '10.0.0.12' },
      /^\/clientLocalIpV6Address must match format "ipv6"$/,
    ],
    [
      'a null administrativeUnitInfos',
      'beta',
      { administrativeUnitInfos: null },
      /^\/administrativeUnitInfos must be array$/,
    ],
    [
      'an administrative unit with extra members',
      'beta',
      { administrativeUnitInfos: [{ id: null, name: 'Sales' }] },
      /^\/administrativeUnitInfos\/0 must NOT have additional properties: 'name'$/,
    ],
  ];
  for (const [name, version, change, expected] of cases) {
    const errors = validator.validateRow('getPstnCalls', version, {
      ...(version === 'beta' ? BETA_ROW : V1_ROW),
      ...change,
    });
    t.ok(
      errors.some((error) => expected.test(error)),
      `${name}: ${JSON.stringify(errors)}`,
    );
  }
});

t.test('the error envelope validator follows Graph: no fraction, no zone', async (t) => {
  t.same(validator.validateError(ERROR_BODY), []);
  t.same(
    validator.validateError(withInnerError({ code: '429', status: '429' })),
    [],
    '429 adds code and status',
  );
  t.same(validator.validateError({ error: { ...ERROR_BODY.error, message: '' } }), [], '403');
  const rejected: [string, unknown, string][] = [
    [
      'a date with a zone',
      withInnerError({ date: '2020-10-07T18:18:56Z' }),
      '/error/innerError/date must match pattern "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"',
    ],
    [
      'a date with a fraction',
      withInnerError({ date: '2020-10-07T18:18:56.123' }),
      '/error/innerError/date must match pattern "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"',
    ],
    [
      'a request-id that is no GUID',
      withInnerError({ 'request-id': 'abc' }),
      '/error/innerError/request-id must match format "uuid"',
    ],
    [
      'an innerError member beyond those listed',
      withInnerError({ message: 'Please retry after' }),
      "/error/innerError must NOT have additional properties: 'message'",
    ],
    [
      'an error without a message',
      { error: { code: 'BadRequest', innerError: ERROR_BODY.error.innerError } },
      "/error must have required property 'message'",
    ],
  ];
  for (const [name, body, expected] of rejected) {
    t.same(validator.validateError(body), [expected], name);
  }
  t.same(validator.validateError({ message: 'x' }), [
    "(root) must have required property 'error'",
    "(root) must NOT have additional properties: 'message'",
  ]);
});

t.test('a page is valid with or without context and nextLink', async (t) => {
  t.same(
    validator.validatePage(
      'getPstnCalls',
      'beta',
      pageOf([BETA_ROW], { '@odata.nextLink': NEXT_LINK }),
    ),
    [],
  );
  const { '@odata.context': _dropped, ...minimal } = pageOf([V1_ROW, BOT_ROW]);
  t.same(
    validator.validatePage('getPstnCalls', 'v1.0', minimal),
    [],
    'odata.metadata=none drops the context',
  );
  t.same(validator.validatePage('getPstnCalls', 'v1.0', pageOf([])), [], 'an empty last page');
});

t.test('pages break the contract with too many rows, a null or relative nextLink', async (t) => {
  const rejected: [string, ApiVersion, unknown, string][] = [
    [
      '1001 rows',
      'v1.0',
      pageOf(
        Array.from({ length: 1001 }, () => V1_ROW),
        { '@odata.count': 1000 },
      ),
      '/value must NOT have more than 1000 items',
    ],
    [
      'a null nextLink',
      'v1.0',
      pageOf([V1_ROW], { '@odata.nextLink': null }),
      '/@odata.nextLink must be string',
    ],
    [
      'a relative nextLink',
      'v1.0',
      pageOf([V1_ROW], { '@odata.nextLink': '/v1.0/communications?$skip=1' }),
      '/@odata.nextLink must match format "uri"',
    ],
    ['a negative count', 'v1.0', pageOf([], { '@odata.count': -1 }), '/@odata.count must be >= 0'],
    [
      'a beta row in a v1.0 page',
      'v1.0',
      pageOf([{ ...V1_ROW, otherPartyCountryCode: 'US' }]),
      "/value/0 must NOT have unevaluated properties: 'otherPartyCountryCode'",
    ],
    [
      'a member outside the envelope',
      'beta',
      pageOf([], { '@odata.type': '#x' }),
      "(root) must NOT have additional properties: '@odata.type'",
    ],
  ];
  for (const [name, version, page, expected] of rejected) {
    t.same(validator.validatePage('getPstnCalls', version, page), [expected], name);
  }
  const { '@odata.count': _count, ...uncounted } = pageOf([]);
  t.same(validator.validatePage('getPstnCalls', 'beta', uncounted), [
    "(root) must have required property '@odata.count'",
  ]);
});

/** A fastify app with the contract's schemas, the way the server will register them. */
async function appWith(routes: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  for (const schema of fastifySchemas()) app.addSchema(schema);
  routes(app);
  await app.ready();
  return app;
}

t.test('fastify schemas carry unique $ids and no 2020-12-only keywords', async (t) => {
  const schemas = fastifySchemas();
  const ids = schemas.map((schema) => schema.$id);
  t.equal(new Set(ids).size, Object.keys(openApiDocument.components.schemas).length);
  t.notMatch(JSON.stringify(schemas), /"(unevaluatedProperties|allOf)":|"#\/components/);
  t.same(pageSchemaRef('getPstnCalls', 'v1.0'), {
    $ref: 'microsoft.graph.callRecords.pstnCallLogRowCollectionResponse#',
  });
  t.same(pageSchemaRef('getPstnCalls', 'beta'), {
    $ref: 'beta.microsoft.graph.callRecords.pstnCallLogRowCollectionResponse#',
  });
  t.same(errorSchemaRef(), { $ref: 'microsoft.graph.odataError#' });
});

t.test('fastify serializes pages by the contract: document order, nulls kept', async (t) => {
  const shuffled = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).reverse());
  const pages: Record<ApiVersion, ReturnType<typeof pageOf>> = {
    'v1.0': pageOf([shuffled(V1_ROW), shuffled(BOT_ROW)]),
    beta: pageOf([shuffled(BETA_ROW)], { '@odata.nextLink': NEXT_LINK }),
  };
  const app = await appWith((app) => {
    for (const version of ['v1.0', 'beta'] as const) {
      app.get(
        `/${version}/page`,
        { schema: { response: { 200: pageSchemaRef('getPstnCalls', version) } } },
        async () => pages[version],
      );
    }
    // A beta row served on v1.0: the closed v1.0 schema must drop the beta-only members.
    app.get(
      '/v1.0/leaky',
      { schema: { response: { 200: pageSchemaRef('getPstnCalls', 'v1.0') } } },
      async () => pageOf([BETA_ROW]),
    );
  });
  t.teardown(() => app.close());

  for (const version of ['v1.0', 'beta'] as const) {
    const response = await app.inject({ method: 'GET', url: `/${version}/page` });
    t.equal(response.statusCode, 200, version);
    const body = response.json();
    t.same(validator.validatePage('getPstnCalls', version, body), [], `${version} page is valid`);
    for (const row of body.value) {
      t.same(
        Object.keys(row),
        rowPropertyNames('getPstnCalls', version),
        `${version} row in document order`,
      );
    }
    t.same(Object.keys(body), Object.keys(pages[version]).sort(envelopeOrder));
  }

  const v1 = await app.inject({ method: 'GET', url: '/v1.0/page' });
  t.match(v1.body, /"conferenceId":null/);
  t.match(v1.body, /"userId":null,"userPrincipalName":null,"userDisplayName":null/);
  t.same(v1.json().value[1], BOT_ROW, 'a bot row survives serialization unchanged');
  t.same((await app.inject({ method: 'GET', url: '/beta/page' })).json().value[0], BETA_ROW);

  const leaky = await app.inject({ method: 'GET', url: '/v1.0/leaky' });
  t.same(Object.keys(leaky.json().value[0]), V1_MEMBERS);
  t.same(validator.validatePage('getPstnCalls', 'v1.0', leaky.json()), []);
});

/** The envelope order Graph writes: context, count, nextLink, value. */
function envelopeOrder(a: string, b: string): number {
  const order = ['@odata.context', '@odata.count', '@odata.nextLink', 'value'];
  return order.indexOf(a) - order.indexOf(b);
}

t.test('fastify serializes the error envelope and validates with every schema', async (t) => {
  const app = await appWith((app) => {
    app.get('/error', { schema: { response: { 400: errorSchemaRef() } } }, async (_, reply) =>
      reply.code(400).send(withInnerError({ code: '429', status: '429' })),
    );
    // Every schema as a request body: fastify's draft-07 Ajv compiles each one, strictly.
    for (const schema of fastifySchemas()) {
      app.post(
        `/check/${String(schema.$id)}`,
        { schema: { body: { $ref: `${schema.$id}#` } } },
        async () => ({
          ok: true,
        }),
      );
    }
  });
  t.teardown(() => app.close());

  const error = await app.inject({ method: 'GET', url: '/error' });
  t.equal(error.statusCode, 400);
  t.same(error.json(), withInnerError({ code: '429', status: '429' }));
  t.same(validator.validateError(error.json()), []);

  const check = (id: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/check/${id}`, payload: payload as object });
  const betaPage = pagePathOf('beta');
  t.equal((await check(betaPage, pageOf([BETA_ROW]))).statusCode, 200);
  const badIp = await check(
    betaPage,
    pageOf([{ ...BETA_ROW, clientPublicIpV4Address: '256.1.1.1' }]),
  );
  t.equal(badIp.statusCode, 400, 'formats are enforced by fastify too');
  t.match(badIp.json().message, /format "ipv4"/);
  const nullNext = await check(betaPage, pageOf([], { '@odata.nextLink': null }));
  t.equal(nullNext.statusCode, 400, 'a null nextLink is refused by fastify too');
  t.equal((await check('microsoft.graph.odataError', ERROR_BODY)).statusCode, 200);
});

function pagePathOf(version: ApiVersion): string {
  return pageSchemaRef('getPstnCalls', version).$ref.replace(/#$/, '');
}
