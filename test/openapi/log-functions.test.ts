import Fastify from 'fastify';
import t from 'tap';
import {
  type ApiVersion,
  createContractValidator,
  fastifySchemas,
  functionVersions,
  LOG_FUNCTIONS,
  type LogFunctionName,
  openApiDocument,
  PAGE_SIZE,
  pageSchemaRef,
  rowPropertyNames,
  rowTypeName,
} from '../../openapi/contract.js';

const validator = createContractValidator();

const ANY_GUID = '5b0c3b9e-2f0e-4c55-9a57-0d7b1f3e6a42';
const UNIT_IDS = ['639b616c-f164-4a6f-a933-24936b8eb210', 'cc6ea167-4e92-4c2d-9391-85791e978006'];

/** Which versions define which function (graph-family-reference.md §0: v1.0 has only two). */
const VERSIONS: Record<LogFunctionName, readonly ApiVersion[]> = {
  getPstnCalls: ['v1.0', 'beta'],
  getDirectRoutingCalls: ['v1.0', 'beta'],
  getSmsLog: ['beta'],
  getPstnBlockedUsersLog: ['beta'],
  getPstnOnlineMeetingDialoutReport: ['beta'],
};

/**
 * Listed by hand on purpose, in the order the rows carry them: the docs examples' order. As
 * sets they are the reference's property lists (graph-family-reference.md §2–§5).
 */
const DR_MEMBERS = [
  'id',
  'correlationId',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'startDateTime',
  'inviteDateTime',
  'failureDateTime',
  'endDateTime',
  'duration',
  'callType',
  'successfulCall',
  'callerNumber',
  'calleeNumber',
  'mediaPathLocation',
  'signalingLocation',
  'finalSipCode',
  'callEndSubReason',
  'finalSipCodePhrase',
  'trunkFullyQualifiedDomainName',
  'mediaBypassEnabled',
];
const DR_BETA_ONLY_MEMBERS = [
  'userCountryCode',
  'otherPartyCountryCode',
  'transferorCorrelationId',
  'administrativeUnitInfos',
];
const SMS_MEMBERS = [
  'id',
  'smsId',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'userCountryCode',
  'tenantCountryCode',
  'sourceNumber',
  'destinationNumber',
  'sentDateTime',
  'callCharge',
  'currency',
  'smsType',
  'destinationContext',
  'destinationName',
  'otherPartyCountryCode',
  'licenseCapability',
  'smsUnits',
  'administrativeUnitInfos',
];
const BLOCKED_MEMBERS = [
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'blockDateTime',
  'userTelephoneNumber',
  'userBlockMode',
  'blockReason',
  'remediationId',
];
const DIALOUT_MEMBERS = [
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'usageLocation',
  'destinationContext',
  'currency',
  'totalCalls',
  'totalCallCharge',
  'totalCallSeconds',
];

/** The members beta's callLogRow base declares (graph-family-reference.md §1). */
const CALL_LOG_ROW_MEMBERS = [
  'administrativeUnitInfos',
  'id',
  'otherPartyCountryCode',
  'userDisplayName',
  'userId',
  'userPrincipalName',
];

/** The docs' example rows; the v1.0 getDirectRoutingCalls page's. */
const DR_ROW = {
  id: '9e8bba57-dc14-533a-a7dd-f0da6575eed1',
  correlationId: 'c98e1515-a937-4b81-b8a8-3992afde64e0',
  userId: 'db03c14b-06eb-4189-939b-7cbf3a20ba27',
  userPrincipalName: 'richard.malk@contoso.com',
  userDisplayName: 'Richard Malk',
  startDateTime: '2019-11-01T00:00:25.105Z',
  inviteDateTime: '2019-11-01T00:00:21.949Z',
  failureDateTime: '0001-01-01T00:00:00Z',
  endDateTime: '2019-11-01T00:00:30.105Z',
  duration: 5,
  callType: 'ByotIn',
  successfulCall: true,
  callerNumber: '+12345678***',
  calleeNumber: '+01234567***',
  mediaPathLocation: 'USWE',
  signalingLocation: 'EUNO',
  finalSipCode: 0,
  callEndSubReason: 540000,
  finalSipCodePhrase: 'BYE',
  trunkFullyQualifiedDomainName: 'tll-audiocodes01.adatum.biz',
  mediaBypassEnabled: false,
};

const DR_BETA_ROW = {
  ...DR_ROW,
  userCountryCode: 'US',
  otherPartyCountryCode: 'US',
  transferorCorrelationId: '02d31a30-0abc-4154-964d-e23366e66feb',
  administrativeUnitInfos: UNIT_IDS.map((id) => ({ id })),
};

/** The docs' example leaves out `id`, which the mock always emits. */
const SMS_ROW = {
  id: ANY_GUID,
  smsId: 'ef36b3e8-9922-4763-90e2-f4345c04a5d6',
  userId: '19b900af-fe99-48d6-a9a4-b79c995afc33',
  userPrincipalName: 'ruwini.perera@contoso.com',
  userDisplayName: 'Ruwini Perera',
  userCountryCode: 'US',
  tenantCountryCode: 'US',
  sourceNumber: '+12818602122',
  destinationNumber: '+12673173004',
  sentDateTime: '2022-10-06T11:15:48.6113555Z',
  callCharge: 0.0,
  currency: 'USD',
  smsType: 'sms_in',
  destinationContext: 'Domestic',
  destinationName: 'United States',
  otherPartyCountryCode: 'US',
  licenseCapability: 'MCOSMS1',
  smsUnits: 1,
  administrativeUnitInfos: UNIT_IDS.map((id) => ({ id })),
};

/** The docs' example, with the enum's spelling instead of its `Blocked`. */
const BLOCKED_ROW = {
  userId: '76efb13c-64ba-4305-9149-4e8f854004a9',
  userPrincipalName: 'andre.lawson@contoso.com',
  userDisplayName: 'Andre Lawson',
  blockDateTime: '2022-11-23T13:51:09.796Z',
  userTelephoneNumber: '+37212345678',
  userBlockMode: 'blocked',
  blockReason: 'High Overall Usage',
  remediationId: 'c98e1515-a937-4b81-b8a8-3992afde64e0',
};

const DIALOUT_ROW = {
  userId: '03de33bb-51df-40de-889a-61949faae24f',
  userPrincipalName: 'ruwini.perera@contoso.com',
  userDisplayName: 'Ruwini Perera',
  usageLocation: 'US',
  destinationContext: 'International',
  currency: 'USD',
  totalCalls: 12,
  totalCallCharge: 12.83,
  totalCallSeconds: 723,
};

type Row = Readonly<Record<string, unknown>>;

/** The new functions' (function, version) pairs, each with its members and example row. */
const CASES: readonly (readonly [LogFunctionName, ApiVersion, readonly string[], Row])[] = [
  ['getDirectRoutingCalls', 'v1.0', DR_MEMBERS, DR_ROW],
  ['getDirectRoutingCalls', 'beta', [...DR_MEMBERS, ...DR_BETA_ONLY_MEMBERS], DR_BETA_ROW],
  ['getSmsLog', 'beta', SMS_MEMBERS, SMS_ROW],
  ['getPstnBlockedUsersLog', 'beta', BLOCKED_MEMBERS, BLOCKED_ROW],
  ['getPstnOnlineMeetingDialoutReport', 'beta', DIALOUT_MEMBERS, DIALOUT_ROW],
];

const label = (fn: LogFunctionName, version: ApiVersion) => `${fn} (${version})`;

const kiotaPath = (fn: LogFunctionName, version: ApiVersion) =>
  `/${version}/communications/callRecords/microsoft.graph.callRecords.${fn}(fromDateTime={fromDateTime},toDateTime={toDateTime})`;

function pageOf(fn: LogFunctionName, version: ApiVersion, rows: readonly unknown[]) {
  return {
    '@odata.context': `https://graph.microsoft.com/${version}/$metadata#Collection(${rowTypeName(fn)})`,
    '@odata.count': rows.length,
    '@odata.nextLink': `https://graph.microsoft.com/${version}/communications/callRecords/${fn}(fromDateTime=2022-11-01,toDateTime=2022-12-01)?$skip=1000`,
    value: rows,
  };
}

/** The document's own schema behind a `pageSchemaRef`. */
function pageSchema(fn: LogFunctionName, version: ApiVersion) {
  const name = pageSchemaRef(fn, version).$ref.replace(/#$/, '');
  return openApiDocument.components.schemas[name] as {
    properties: Record<string, { items?: { $ref: string }; maxItems?: number; maximum?: number }>;
  };
}

t.test('v1.0 defines getPstnCalls and getDirectRoutingCalls; beta all five', async (t) => {
  t.same(Object.fromEntries(LOG_FUNCTIONS.map((fn) => [fn, functionVersions(fn)])), VERSIONS);
  const expected = LOG_FUNCTIONS.flatMap((fn) =>
    VERSIONS[fn].map((version) => kiotaPath(fn, version)),
  );
  t.same(Object.keys(openApiDocument.paths).sort(), expected.sort(), 'no other paths');
});

t.test('each path is a GET with its operationId and the Graph error responses', async (t) => {
  for (const fn of LOG_FUNCTIONS) {
    for (const version of functionVersions(fn)) {
      // getDirectRoutingCalls has no documented range limit, so no 406.
      const limited = fn !== 'getDirectRoutingCalls';
      const responses = { 200: {}, 400: {}, 401: {}, 403: {}, 429: {}, 503: {} };
      const { get } = openApiDocument.paths[kiotaPath(fn, version)] as {
        get: { operationId: string; responses: Record<string, unknown> };
      };
      t.match(get, { operationId: `${version}.communications.callRecords.${fn}`, responses });
      t.equal('406' in get.responses, limited, `${label(fn, version)}: a 406 iff limited`);
    }
  }
});

t.test('each description states the window rule the mock applies', async (t) => {
  const rules: Record<LogFunctionName, RegExp> = {
    getPstnCalls: /inclusive at both ends and may not exceed 90 days/,
    getDirectRoutingCalls: /`fromDateTime` is inclusive and `toDateTime` exclusive.*applies none/,
    getSmsLog: /neither bound is inclusive.*may not exceed 90 days/,
    getPstnBlockedUsersLog: /inclusive at both ends and may not exceed 90 days/,
    getPstnOnlineMeetingDialoutReport:
      /`conf_out`.*inclusive at both ends and at most 90 days.*organizer.*`usageLocation`, `destinationContext` and `currency`/,
  };
  for (const fn of LOG_FUNCTIONS) {
    for (const version of functionVersions(fn)) {
      const { get } = openApiDocument.paths[kiotaPath(fn, version)] as {
        get: { description: string };
      };
      t.match(get.description, rules[fn], label(fn, version));
    }
  }
});

t.test('rows carry the reference’s members, in the docs examples’ order', async (t) => {
  for (const [fn, version, members] of CASES) {
    t.same(rowPropertyNames(fn, version), members, label(fn, version));
  }
  t.equal(rowPropertyNames('getDirectRoutingCalls', 'v1.0').length, 21);
  t.equal(rowPropertyNames('getDirectRoutingCalls', 'beta').length, 25);
});

t.test('beta rows deriving from callLogRow carry its members; the others no id', async (t) => {
  for (const fn of ['getPstnCalls', 'getDirectRoutingCalls', 'getSmsLog'] as const) {
    const names = rowPropertyNames(fn, 'beta');
    t.same(
      CALL_LOG_ROW_MEMBERS.filter((name) => !names.includes(name)),
      [],
      fn,
    );
  }
  for (const fn of ['getPstnBlockedUsersLog', 'getPstnOnlineMeetingDialoutReport'] as const) {
    t.notOk(rowPropertyNames(fn, 'beta').includes('id'), fn);
  }
});

t.test('a function’s rows are one type in every version, as @odata.context names it', async (t) => {
  const types: Record<LogFunctionName, string> = {
    getPstnCalls: 'pstnCallLogRow',
    getDirectRoutingCalls: 'directRoutingLogRow',
    getSmsLog: 'smsLogRow',
    getPstnBlockedUsersLog: 'pstnBlockedUsersLogRow',
    getPstnOnlineMeetingDialoutReport: 'pstnOnlineMeetingDialoutReport',
  };
  for (const fn of LOG_FUNCTIONS) {
    const type = `microsoft.graph.callRecords.${types[fn]}`;
    t.equal(rowTypeName(fn), type);
    for (const version of functionVersions(fn)) {
      const { value, '@odata.context': context } = pageSchema(fn, version).properties;
      const prefix = version === 'beta' ? 'beta.' : '';
      t.equal(value!.items!.$ref, `#/components/schemas/${prefix}${type}`, label(fn, version));
      t.match(context, { description: `Collection(${type})` });
    }
  }
});

t.test('every page holds at most PAGE_SIZE rows and counts at most as many', async (t) => {
  t.equal(PAGE_SIZE, 1000);
  for (const fn of LOG_FUNCTIONS) {
    for (const version of functionVersions(fn)) {
      const { value, '@odata.count': count } = pageSchema(fn, version).properties;
      t.equal(value!.maxItems, PAGE_SIZE, label(fn, version));
      t.equal(count!.maximum, PAGE_SIZE, label(fn, version));
    }
  }
});

t.test('a function a version lacks has no row, page or validator there', async (t) => {
  const lacking = /no v1\.0 path for getSmsLog; it defines getSmsLog in beta\./;
  t.throws(() => rowPropertyNames('getSmsLog', 'v1.0'), lacking);
  t.throws(() => pageSchemaRef('getSmsLog', 'v1.0'), lacking);
  t.throws(() => validator.validatePage('getSmsLog', 'v1.0', pageOf('getSmsLog', 'beta', [])));
  t.throws(() => validator.validateRow('getPstnBlockedUsersLog', 'v1.0', BLOCKED_ROW));
  t.throws(() => rowTypeName('getCallLog' as LogFunctionName), /no path for getCallLog\./);
  t.throws(
    () => rowPropertyNames('getCallLog' as LogFunctionName, 'beta'),
    /no beta path for getCallLog; it defines getCallLog in no version\./,
  );
});

t.test('the docs’ example rows are valid, alone and in a page', async (t) => {
  for (const [fn, version, , row] of CASES) {
    t.same(validator.validateRow(fn, version, row), [], label(fn, version));
    t.same(validator.validatePage(fn, version, pageOf(fn, version, [row])), [], 'in a page');
  }
  const unblocked = { ...BLOCKED_ROW, userBlockMode: 'unblocked', blockReason: 'Tenant Requested' };
  t.same(validator.validateRow('getPstnBlockedUsersLog', 'beta', unblocked), []);
});

t.test('every scalar member is nullable; collections are never null', async (t) => {
  for (const [fn, version, members] of CASES) {
    const allNull = Object.fromEntries(
      members.map((name) => [name, name === 'administrativeUnitInfos' ? [] : null]),
    );
    t.same(validator.validateRow(fn, version, allNull), [], label(fn, version));
    if (members.includes('administrativeUnitInfos')) {
      t.same(validator.validateRow(fn, version, { ...allNull, administrativeUnitInfos: null }), [
        '/administrativeUnitInfos must be array',
      ]);
    }
  }
});

t.test('a row with an extra member, or without one, breaks the contract', async (t) => {
  for (const [fn, version, members, row] of CASES) {
    const extra = validator.validateRow(fn, version, { ...row, callId: 'x' });
    t.equal(extra.length, 1, label(fn, version));
    t.match(extra[0], /^\(root\) must NOT have (unevaluated|additional) properties: 'callId'$/);
    const { [members[0]!]: _omitted, ...short } = row;
    t.same(validator.validateRow(fn, version, short), [
      `(root) must have required property '${members[0]}'`,
    ]);
  }
  const errors = validator.validateRow('getDirectRoutingCalls', 'v1.0', DR_BETA_ROW);
  t.same(
    errors,
    DR_BETA_ONLY_MEMBERS.map((name) => `(root) must NOT have unevaluated properties: '${name}'`),
    'a beta row fails v1.0 on each beta-only member',
  );
});

t.test('wrong types, formats and enum values are rejected', async (t) => {
  const cases: [LogFunctionName, ApiVersion, Row, string][] = [
    ['getDirectRoutingCalls', 'v1.0', { duration: '5' }, '/duration must be integer,null'],
    ['getDirectRoutingCalls', 'v1.0', { finalSipCode: 1.5 }, '/finalSipCode must be integer,null'],
    [
      'getDirectRoutingCalls',
      'v1.0',
      { callEndSubReason: 2 ** 31 },
      '/callEndSubReason must match format "int32"',
    ],
    [
      'getDirectRoutingCalls',
      'v1.0',
      { successfulCall: 'true' },
      '/successfulCall must be boolean,null',
    ],
    [
      'getDirectRoutingCalls',
      'beta',
      { mediaBypassEnabled: 0 },
      '/mediaBypassEnabled must be boolean,null',
    ],
    [
      'getDirectRoutingCalls',
      'v1.0',
      { inviteDateTime: '2019-11-01 00:00:21' },
      '/inviteDateTime must match format "date-time"',
    ],
    [
      'getDirectRoutingCalls',
      'beta',
      { transferorCorrelationId: '02d31a30-…' },
      '/transferorCorrelationId must match format "uuid"',
    ],
    [
      'getDirectRoutingCalls',
      'beta',
      { administrativeUnitInfos: [{ id: 'x', name: 'Sales' }] },
      "/administrativeUnitInfos/0 must NOT have additional properties: 'name'",
    ],
    ['getSmsLog', 'beta', { callCharge: '0.00' }, '/callCharge must be number,null'],
    ['getSmsLog', 'beta', { smsUnits: 1.5 }, '/smsUnits must be integer,null'],
    ['getSmsLog', 'beta', { sentDateTime: 'today' }, '/sentDateTime must match format "date-time"'],
    [
      'getPstnBlockedUsersLog',
      'beta',
      { userBlockMode: 'Blocked' },
      '/userBlockMode must be equal to one of the allowed values',
    ],
    [
      'getPstnBlockedUsersLog',
      'beta',
      { remediationId: 'c98e1515' },
      '/remediationId must match format "uuid"',
    ],
    [
      'getPstnOnlineMeetingDialoutReport',
      'beta',
      { totalCalls: '12' },
      '/totalCalls must be integer,null',
    ],
    [
      'getPstnOnlineMeetingDialoutReport',
      'beta',
      { totalCallCharge: '12.83' },
      '/totalCallCharge must be number,null',
    ],
  ];
  for (const [fn, version, change, expected] of cases) {
    const row = CASES.find(([f, v]) => f === fn && v === version)![3];
    // A fraction also fails int32, so the expected violation is one of those reported.
    const errors = validator.validateRow(fn, version, { ...row, ...change });
    t.ok(errors.includes(expected), `${expected}: ${JSON.stringify(errors)}`);
  }
});

t.test('fastify serializes every page in document order, nulls kept', async (t) => {
  const app = Fastify({ logger: false });
  for (const schema of fastifySchemas()) app.addSchema(schema);
  for (const [fn, version, , row] of CASES) {
    const reversed = Object.fromEntries(Object.entries(row).reverse());
    const withNull = { ...reversed, [Object.keys(row)[1]!]: null };
    app.get(
      `/${version}/${fn}`,
      { schema: { response: { 200: pageSchemaRef(fn, version) } } },
      async () => pageOf(fn, version, [reversed, withNull, { ...reversed, leaked: true }]),
    );
  }
  await app.ready();
  t.teardown(() => app.close());

  for (const [fn, version, members, row] of CASES) {
    const response = await app.inject({ method: 'GET', url: `/${version}/${fn}` });
    t.equal(response.statusCode, 200, label(fn, version));
    const body = response.json();
    t.same(validator.validatePage(fn, version, body), [], 'the page is valid');
    t.same(Object.keys(body), ['@odata.context', '@odata.count', '@odata.nextLink', 'value']);
    for (const served of body.value) t.same(Object.keys(served), members, 'document order');
    t.same(body.value[0], row, 'the row survives serialization unchanged');
    t.equal(body.value[1][members[1]!], null, 'a null member stays null');
    t.notOk('leaked' in body.value[2], 'a closed row drops unknown members');
  }
});
