/**
 * The scenario file format: a JSON Schema (2020-12) for what a scenario file may say, which is
 * everything a built-in scenario says (scenario.ts) plus `$schema` and `extends`. Served at
 * GET /_mock/scenario.schema.json so editors complete and check a file that names it; the
 * loader (scenario-file.ts) validates with it and turns its errors into sentences.
 *
 * A file that `extends` another scenario is a merge patch (RFC 7396) on it: objects merge,
 * arrays and scalars replace, null removes an optional member. So the members a complete
 * scenario must have are required only of a file without `extends`, and of the merged result
 * (`#/$defs/complete`).
 */

import { LOG_FUNCTIONS } from '../openapi/contract.js';
import { COUNTRIES, USD_EXCHANGE } from './countries.js';
import {
  NETWORK_FAULT_KINDS,
  NETWORK_FAULTS,
  type NetworkFaultKind,
  type NetworkFaultParameter,
} from './network-faults.js';
import { MAX_PINNED_PER_LOG, PINNABLE_FUNCTIONS, pinnedRowSchema } from './pinned-rows.js';
import {
  CALL_TYPES,
  DEFAULT_THROTTLE_AFTER_FAILURES,
  LICENSE_CAPABILITIES,
  MAX_SEED,
} from './scenario.js';

export const SCENARIO_SCHEMA_ID = 'urn:graph-callrecords-mock:scenario-file:1';
/** Where the control API serves the schema, under its /_mock prefix. */
export const SCENARIO_SCHEMA_PATH = '/scenario.schema.json';

export const MAX_USER_COUNT = 100_000;
const MAX_CALLS_PER_USER_PER_WEEKDAY = 100;
const MAX_MESSAGES_PER_USER_PER_WEEKDAY = 100;
const MAX_BLOCKS_PER_MONTH = 1000;
const HOURS_PER_DAY = 24;
/** UTC−12:00 to UTC+14:00, the offsets in use. */
const MIN_UTC_OFFSET = -720;
const MAX_UTC_OFFSET = 840;
const MAX_WINDOW_SECONDS = 3600;
const MAX_LATENCY_MS = 60_000;

export const NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
const HOST_LABEL_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$';
const DOMAIN_PATTERN = '^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$';
const GUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const PRINCIPAL_NAME_PATTERN = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';
/** ITU-T E.164: a plus, a country code that does not start with 0, at most 15 digits. */
const E164_PATTERN = '^\\+[1-9][0-9]{6,14}$';
/** Entra ID's longest display name. */
const MAX_DISPLAY_NAME = 256;

/** What a string of each pattern is, for the loader's sentences. */
export const PATTERN_PHRASES: Readonly<Record<string, string>> = {
  [NAME_PATTERN]:
    'a name of lower-case letters, digits and hyphens, starting with a letter or digit, e.g. "acme"',
  [HOST_LABEL_PATTERN]: 'a host name label of lower-case letters, digits and hyphens, e.g. "sbc1"',
  [DOMAIN_PATTERN]: 'a lower-case domain name, e.g. "contoso.com"',
  [GUID_PATTERN]: 'a GUID, e.g. "6f1e3c2a-2b7d-4e3f-9a1b-0c2d3e4f5a6b"',
  [PRINCIPAL_NAME_PATTERN]: 'a user principal name, e.g. "ada.lovelace@contoso.com"',
  [E164_PATTERN]: 'a number in E.164, e.g. "+12065550123"',
};

const COUNTRY_CODES = Object.keys(COUNTRIES);
const CURRENCY_CODES = Object.keys(USD_EXCHANGE);

const share = (description: string) => ({
  description,
  type: 'number',
  minimum: 0,
  maximum: 1,
});
const weight = { description: 'A relative weight, 0 or more.', type: 'number', minimum: 0 };
const country = (description: string) => ({ description, enum: COUNTRY_CODES });
/** Relative weights per country code; they need not sum to anything. */
const countryWeights = (description: string) => ({
  description,
  type: 'object',
  propertyNames: { enum: COUNTRY_CODES },
  additionalProperties: weight,
});
const outcomeMix = (direction: string) => ({
  description: `Shares of ${direction} attempts that complete, go unanswered or fail; they need not sum to 1.`,
  type: 'object',
  properties: {
    completed: share('Share of attempts that connect.'),
    unanswered: share('Share of attempts nobody answers.'),
    failed: share('Share of attempts that fail (SIP errors).'),
  },
  additionalProperties: false,
});

/** A user of the directory as a scenario lists it: only the id is required. */
const listedUser = {
  description:
    'A user of the tenant, used exactly as given; members left out are generated as for any user.',
  type: 'object',
  properties: {
    id: {
      description: "The user's object id in the directory (userId in the rows).",
      type: 'string',
      pattern: GUID_PATTERN,
    },
    userPrincipalName: {
      description:
        'The user principal name; absent: first.last@ the tenant domain, from displayName when it is given.',
      type: 'string',
      pattern: PRINCIPAL_NAME_PATTERN,
    },
    displayName: {
      description: 'The display name, any script.',
      type: 'string',
      minLength: 1,
      maxLength: MAX_DISPLAY_NAME,
    },
    license: {
      description: `The calling licence (licenseCapability in the rows): one of ${LICENSE_CAPABILITIES.join(', ')}.`,
      enum: [...LICENSE_CAPABILITIES],
    },
    usageCountry: country(
      "ISO 3166-1 alpha-2 code of the user's usage location (usageCountryCode in the rows).",
    ),
    number: {
      description: "The user's own number, in E.164 (callerNumber of their outbound calls).",
      type: 'string',
      pattern: E164_PATTERN,
    },
    routing: {
      description:
        'How their calls reach the PSTN, and so which log holds them: callingPlan or operatorConnect (getPstnCalls), directRouting (getDirectRoutingCalls). Absent: as trunk or operator implies, else generated.',
      enum: ['callingPlan', 'operatorConnect', 'directRouting'],
    },
    operator: {
      description: 'An Operator Connect user\'s operator, e.g. "BT".',
      type: 'string',
      minLength: 1,
    },
    trunk: {
      description: "A Direct Routing user's SBC: the host of one of /tenant/directRouting/trunks.",
      type: 'string',
      pattern: HOST_LABEL_PATTERN,
    },
    smsLicensed: {
      description:
        'Licensed for Teams Phone SMS: Calling Plan users in US, PR or CA of a tenant with /tenant/sms.',
      type: 'boolean',
    },
    administrativeUnitIds: {
      description: 'Ids of the administrative units the user belongs to.',
      type: 'array',
      items: { description: 'An administrative unit id.', type: 'string', pattern: GUID_PATTERN },
    },
  },
  required: ['id'],
  additionalProperties: false,
};

const tenant = {
  description: 'Who the tenant is: country, currency, domain, users, licences, routing.',
  type: 'object',
  properties: {
    country: country(
      `ISO 3166-1 alpha-2 country of the tenant, its billing and main usage country: one of ${COUNTRY_CODES.join(', ')}.`,
    ),
    currency: {
      description: `ISO 4217 billing currency: one of ${CURRENCY_CODES.join(', ')}.`,
      enum: CURRENCY_CODES,
    },
    domain: {
      description: 'UPN domain of the users, e.g. contoso.com.',
      type: 'string',
      pattern: DOMAIN_PATTERN,
    },
    utcOffsetMinutes: {
      description:
        "Fixed offset of the tenant's local time from UTC, in minutes (no daylight saving), e.g. -300 for New York in winter.",
      type: 'integer',
      minimum: MIN_UTC_OFFSET,
      maximum: MAX_UTC_OFFSET,
    },
    userCount: {
      description: 'Number of user accounts.',
      type: 'integer',
      minimum: 1,
      maximum: MAX_USER_COUNT,
    },
    licenseMix: {
      description:
        'Relative weights of the calling licences of user accounts (MCOMEET* are conferencing, not user plans).',
      type: 'object',
      propertyNames: { enum: [...LICENSE_CAPABILITIES] },
      additionalProperties: weight,
    },
    foreignUserShare: share(
      "Share of users whose usage location is another country than the tenant's.",
    ),
    foreignUserCountries: countryWeights('Usage countries of the foreign users, relative weights.'),
    internationalShare: share('Share of outbound PSTN calls that go abroad.'),
    internationalDestinations: countryWeights(
      'Destination countries of international calls, relative weights.',
    ),
    operatorConnectShare: share(
      'Share of users whose numbers come from an Operator Connect operator.',
    ),
    operatorConnectOperators: {
      description: 'Names of the Operator Connect operators, e.g. "BT".',
      type: 'array',
      items: { description: 'An operator name.', type: 'string', minLength: 1 },
    },
    conferencingLicense: {
      description:
        "The tenant's audio-conferencing licence: bundled (MCOMEETADD) or pay-per-minute (MCOMEETACPEA).",
      enum: ['MCOMEETADD', 'MCOMEETACPEA'],
    },
    tollFreeShare: share(
      'Share of inbound service calls (conf_in, ucap_in) that reach a toll-free number.',
    ),
    directRouting: {
      description:
        "Direct Routing: users whose numbers the tenant's own SBCs carry; their calls appear in getDirectRoutingCalls, never in getPstnCalls. null or absent: none.",
      type: ['object', 'null'],
      properties: {
        userShare: share(
          'Share of users on Direct Routing instead of a Calling Plan or Operator Connect.',
        ),
        trunks: {
          description: "The tenant's SBCs; each Direct Routing user is homed on one.",
          type: 'array',
          minItems: 1,
          items: {
            description: 'An SBC of the tenant.',
            type: 'object',
            properties: {
              host: {
                description: "Host name under the tenant's domain, e.g. sbc1 for sbc1.contoso.com.",
                type: 'string',
                pattern: HOST_LABEL_PATTERN,
              },
              mediaBypass: {
                description: 'Whether media flows directly between users and the SBC.',
                type: 'boolean',
              },
              countries: {
                description:
                  'Usage countries of the users homed on this SBC; absent: users of countries no trunk lists.',
                type: 'array',
                items: country('A usage country.'),
              },
            },
            required: ['host', 'mediaBypass'],
            additionalProperties: false,
          },
        },
        outcomes: {
          description: "How attempts end, per direction; absent: the data reference's shares.",
          type: 'object',
          properties: { inbound: outcomeMix('inbound'), outbound: outcomeMix('outbound') },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    sms: {
      description:
        'Teams Phone SMS, for Calling Plan users in the countries that have it (US, CA). null or absent: no messages.',
      type: ['object', 'null'],
      properties: {
        userShare: share('Share of those users licensed for SMS.'),
        messagesPerUserPerWeekday: {
          description: 'Mean messages per licensed user on a weekday, both directions.',
          type: 'number',
          minimum: 0,
          maximum: MAX_MESSAGES_PER_USER_PER_WEEKDAY,
        },
      },
      additionalProperties: false,
    },
    users: {
      description:
        'Users the scenario names, in order: the first of /tenant/userCount; the rest are generated. null or absent: none.',
      type: ['array', 'null'],
      items: { $ref: '#/$defs/listedUser' },
    },
    blocking: {
      description: 'PSTN blocks of users (toll-fraud protection, admins). null or absent: none.',
      type: ['object', 'null'],
      properties: {
        blocksPerMonth: {
          description: 'Mean blocks a month across the tenant.',
          type: 'number',
          minimum: 0,
          maximum: MAX_BLOCKS_PER_MONTH,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const volume = {
  description: 'How much the tenant calls, and when.',
  type: 'object',
  properties: {
    callsPerUserPerWeekday: {
      description: 'Mean PSTN calls per user on a weekday.',
      type: 'number',
      minimum: 0,
      maximum: MAX_CALLS_PER_USER_PER_WEEKDAY,
    },
    weekendFactor: share("Saturday and Sunday volume as a fraction of a weekday's."),
    hourlyWeights: {
      description: 'Relative call volume per local hour, 0 to 23: exactly 24 weights.',
      type: 'array',
      minItems: HOURS_PER_DAY,
      maxItems: HOURS_PER_DAY,
      items: weight,
    },
    dailyVariation: share("Relative standard deviation of a day's volume around its mean."),
  },
  additionalProperties: false,
};

const callTypeMix = {
  description: `Relative weights of the call types: ${CALL_TYPES.join(', ')}; they need not sum to 1.`,
  type: 'object',
  propertyNames: { enum: [...CALL_TYPES] },
  additionalProperties: weight,
};

const seconds = (description: string, minimum: number) => ({
  description,
  type: 'integer',
  minimum,
  maximum: MAX_WINDOW_SECONDS,
});

/** `functions`: the log functions a rule applies to. */
const functions = {
  description: `The log functions whose requests the rule sees: ${LOG_FUNCTIONS.join(', ')}. Absent: all of them.`,
  type: 'array',
  minItems: 1,
  items: { description: 'A log function.', enum: LOG_FUNCTIONS },
};

const throttle = {
  description:
    'A rate limit per app: `requests` per `windowSeconds`; the request past it answers 429 with Retry-After `retryAfterSeconds`, and so does every request until then.',
  type: 'object',
  properties: {
    kind: { description: 'throttle', const: 'throttle' },
    requests: { description: 'Requests allowed per window.', type: 'integer', minimum: 1 },
    windowSeconds: seconds('Length of a window, in seconds.', 1),
    retryAfterSeconds: seconds('Retry-After of the 429, in seconds.', 0),
    functions,
  },
  required: ['kind', 'requests', 'windowSeconds', 'retryAfterSeconds'],
  additionalProperties: false,
};

const throttleAfter = {
  description:
    'One 429 at a chosen spot: after the first `requests` requests of an app since the last reset, the next `failures` (1 unless set) answer 429 with Retry-After `retryAfterSeconds`; every other request passes.',
  type: 'object',
  properties: {
    kind: { description: 'throttleAfter', const: 'throttleAfter' },
    requests: {
      description: 'Requests of an app that pass before the 429, e.g. 5: the 6th is refused.',
      type: 'integer',
      minimum: 0,
    },
    retryAfterSeconds: seconds('Retry-After of the 429, in seconds.', 0),
    failures: {
      description: `Requests refused in a row; ${DEFAULT_THROTTLE_AFTER_FAILURES} when absent.`,
      type: 'integer',
      minimum: 1,
    },
    functions,
  },
  required: ['kind', 'requests', 'retryAfterSeconds'],
  additionalProperties: false,
};

/** What a page rule says of the pages it picks and the attempts at them it fails. */
const pagePickProperties = {
  everyNthPage: {
    description: 'Every n-th page of a walk fails.',
    type: 'integer',
    minimum: 1,
  },
  pages: {
    description: 'Pages of a walk that fail, by number: 1 is the first page, e.g. [3].',
    type: 'array',
    minItems: 1,
    items: { description: 'A page number, 1 or more.', type: 'integer', minimum: 1 },
  },
  share: share('A seeded share of pages fails.'),
  failures: {
    description: 'Failed attempts at such a page before the retry succeeds.',
    type: 'integer',
    minimum: 1,
  },
  functions,
};
const pagePickRequired = [
  { required: ['everyNthPage'] },
  { required: ['pages'] },
  { required: ['share'] },
];

const transient = {
  description:
    'A 503 or 504 on chosen pages: every `everyNthPage`-th page of a walk, the page numbers in `pages` and/or a seeded `share` of pages; the first `failures` attempts at such a page fail, the next succeeds.',
  type: 'object',
  properties: {
    kind: { description: 'transient', const: 'transient' },
    status: { description: 'The failure: 503 or 504.', enum: [503, 504] },
    ...pagePickProperties,
    retryAfterSeconds: seconds('Sent as Retry-After with the failure, when set.', 0),
  },
  required: ['kind', 'status', 'failures'],
  anyOf: pagePickRequired,
  additionalProperties: false,
};

/** A network fault's rule: its parameter, if it has one, and the pages it picks. */
function networkRule(kind: NetworkFaultKind) {
  const { description, parameter } = NETWORK_FAULTS[kind];
  const own: Record<string, unknown> = parameter === undefined ? {} : parameterSchema(parameter);
  return {
    description: `${description} On the pages it picks: every \`everyNthPage\`-th page of a walk, the page numbers in \`pages\` and/or a seeded \`share\` of pages; the first \`failures\` attempts at such a page meet it, the next succeeds.`,
    type: 'object',
    properties: { kind: { description: kind, const: kind }, ...own, ...pagePickProperties },
    required: ['kind', ...(parameter === undefined ? [] : [parameter.member]), 'failures'],
    anyOf: pagePickRequired,
    additionalProperties: false,
  };
}

function parameterSchema({ member, description, minimum, maximum }: NetworkFaultParameter) {
  return { [member]: { description, type: 'integer', minimum, maximum } };
}

const networkRules = Object.fromEntries(
  NETWORK_FAULT_KINDS.map((kind) => [kind, networkRule(kind)]),
) as Record<NetworkFaultKind, ReturnType<typeof networkRule>>;

const latency = {
  description: 'A delay before answering, drawn per request from [minMs, maxMs].',
  type: 'object',
  properties: {
    kind: { description: 'latency', const: 'latency' },
    minMs: {
      description: 'Shortest delay, in ms.',
      type: 'integer',
      minimum: 0,
      maximum: MAX_LATENCY_MS,
    },
    maxMs: {
      description: 'Longest delay, in ms.',
      type: 'integer',
      minimum: 0,
      maximum: MAX_LATENCY_MS,
    },
    functions,
  },
  required: ['kind', 'minMs', 'maxMs'],
  additionalProperties: false,
};

export const FAULT_KINDS = [
  'throttle',
  'throttleAfter',
  'transient',
  'latency',
  ...NETWORK_FAULT_KINDS,
] as const;

/** A fault of `kind` is checked by that kind's rule. */
function ofKind(kind: (typeof FAULT_KINDS)[number]) {
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited
  return { if: { properties: { kind: { const: kind } } }, then: { $ref: `#/$defs/${kind}` } };
}

/** By kind, so that a wrong member is reported against its own kind's rule, not all of them. */
const fault = {
  description:
    'A failure the scenario injects: a rate limit, a 429 at a chosen request, transient failures, latency or a network fault; each for the log functions it names, or all.',
  type: 'object',
  properties: { kind: { description: FAULT_KINDS.join(', '), enum: FAULT_KINDS } },
  required: ['kind'],
  allOf: FAULT_KINDS.map(ofKind),
};

/** `$defs` name of a function's pinned row: getPstnCalls' is pinnedPstnCallsRow. */
const pinnedDef = (fn: string) => `pinned${fn.slice('get'.length)}Row`;

const pinned = {
  description:
    "Exact rows the logs serve beside the generated ones, per log function, by the API's property names; what a row leaves out is derived as for a generated row. The dial-out report adds up pinned conf_out calls.",
  type: 'object',
  properties: Object.fromEntries(
    PINNABLE_FUNCTIONS.map((fn) => [
      fn,
      {
        description: `Rows to pin in ${fn}.`,
        type: 'array',
        maxItems: MAX_PINNED_PER_LOG,
        items: { $ref: `#/$defs/${pinnedDef(fn)}` },
      },
    ]),
  ),
  additionalProperties: false,
};

const pinnedRows = Object.fromEntries(
  PINNABLE_FUNCTIONS.map((fn) => [pinnedDef(fn), pinnedRowSchema(fn)]),
);

/** The members a complete scenario has; a merged scenario, and a file without `extends`, must. */
const complete = {
  description: 'A complete scenario: every member a scenario needs, after `extends` is applied.',
  required: ['name', 'description', 'seed', 'tenant', 'volume', 'callTypeMix', 'faults'],
  properties: {
    tenant: {
      required: [
        'country',
        'currency',
        'domain',
        'utcOffsetMinutes',
        'userCount',
        'licenseMix',
        'foreignUserShare',
        'foreignUserCountries',
        'internationalShare',
        'internationalDestinations',
        'operatorConnectShare',
        'operatorConnectOperators',
        'conferencingLicense',
        'tollFreeShare',
      ],
      properties: {
        directRouting: {
          required: ['userShare', 'trunks'],
          properties: {
            outcomes: {
              required: ['inbound', 'outbound'],
              properties: {
                inbound: { required: ['completed', 'unanswered', 'failed'] },
                outbound: { required: ['completed', 'unanswered', 'failed'] },
              },
            },
          },
        },
        sms: { required: ['userShare', 'messagesPerUserPerWeekday'] },
        blocking: { required: ['blocksPerMonth'] },
      },
    },
    volume: {
      required: ['callsPerUserPerWeekday', 'weekendFactor', 'hourlyWeights', 'dailyVariation'],
    },
  },
};

export const SCENARIO_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCENARIO_SCHEMA_ID,
  title: 'graph-callrecords-mock scenario',
  description:
    'A tenant the mock serves: who it is, how much it calls and how, and the faults it injects. With `extends`, the file changes another scenario: objects merge, arrays and scalars replace, null removes an optional member.',
  type: 'object',
  properties: {
    $schema: {
      description:
        'The URL of this schema, for editors: http://localhost:3000/_mock/scenario.schema.json.',
      type: 'string',
    },
    name: {
      description:
        'The name requests select the scenario by (--scenario, x-mock-scenario); must not be a built-in name.',
      type: 'string',
      pattern: NAME_PATTERN,
    },
    extends: {
      description:
        'A built-in or another loaded scenario this file changes; its members are the starting point.',
      type: 'string',
      pattern: NAME_PATTERN,
    },
    description: { description: 'What the tenant is, for /_mock/scenarios.', type: 'string' },
    dataset: {
      description:
        "Whose tenant and calls this scenario's ids derive from, when not its own name (the fault scenarios use default's). null or absent: its own.",
      type: ['string', 'null'],
      pattern: NAME_PATTERN,
    },
    seed: {
      description:
        'The seed the data is generated from, unless the server or the request overrides it.',
      type: 'integer',
      minimum: 0,
      maximum: MAX_SEED,
    },
    tenant: { $ref: '#/$defs/tenant' },
    volume: { $ref: '#/$defs/volume' },
    callTypeMix: { $ref: '#/$defs/callTypeMix' },
    faults: {
      description: 'Failures the scenario injects; every decision replays exactly.',
      type: 'array',
      items: { $ref: '#/$defs/fault' },
    },
    pinned: { $ref: '#/$defs/pinned' },
  },
  required: ['name'],
  additionalProperties: false,
  if: { not: { required: ['extends'] } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited
  then: { $ref: '#/$defs/complete' },
  $defs: {
    tenant,
    listedUser,
    volume,
    callTypeMix,
    fault,
    throttle,
    throttleAfter,
    transient,
    latency,
    ...networkRules,
    complete,
    pinned,
    ...pinnedRows,
  },
} as const;
