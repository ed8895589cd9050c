/**
 * The scenario file schema and the Scenario type say the same: every built-in scenario, as
 * JSON, is a valid file, and the members the schema knows and requires are those the type has.
 */
import t from 'tap';
import { SCENARIOS } from '../../scenarios/catalog.js';
import { NETWORK_FAULT_KINDS, type NetworkFaultKind } from '../../scenarios/network-faults.js';
import type {
  BlockingProfile,
  DirectRoutingProfile,
  FaultRule,
  LatencyRule,
  ListedUser,
  OutcomeMix,
  PinnedRows,
  Scenario,
  SmsProfile,
  TenantProfile,
  ThrottleAfterRule,
  ThrottleRule,
  TransientRule,
  TrunkProfile,
  VolumeProfile,
} from '../../scenarios/scenario.js';
import { schemaProblemsOf } from '../../scenarios/scenario-file.js';
import {
  FAULT_KINDS,
  SCENARIO_SCHEMA,
  SCENARIO_SCHEMA_ID,
} from '../../scenarios/scenario-schema.js';

/** Each member of a type, and whether it is required: the compiler holds these to the types. */
type Members<T> = {
  readonly [K in keyof Required<T>]: undefined extends T[K] ? 'optional' : 'required';
};

const SCENARIO: Members<Scenario> = {
  name: 'required',
  dataset: 'optional',
  description: 'required',
  seed: 'required',
  tenant: 'required',
  volume: 'required',
  callTypeMix: 'required',
  faults: 'required',
  pinned: 'optional',
};
const PINNED: Members<PinnedRows> = {
  getPstnCalls: 'optional',
  getDirectRoutingCalls: 'optional',
  getSmsLog: 'optional',
  getPstnBlockedUsersLog: 'optional',
};
const TENANT: Members<TenantProfile> = {
  country: 'required',
  currency: 'required',
  domain: 'required',
  utcOffsetMinutes: 'required',
  userCount: 'required',
  licenseMix: 'required',
  foreignUserShare: 'required',
  foreignUserCountries: 'required',
  internationalShare: 'required',
  internationalDestinations: 'required',
  operatorConnectShare: 'required',
  operatorConnectOperators: 'required',
  conferencingLicense: 'required',
  tollFreeShare: 'required',
  directRouting: 'optional',
  sms: 'optional',
  blocking: 'optional',
  users: 'optional',
};
const LISTED_USER: Members<ListedUser> = {
  id: 'required',
  userPrincipalName: 'optional',
  displayName: 'optional',
  license: 'optional',
  usageCountry: 'optional',
  number: 'optional',
  routing: 'optional',
  operator: 'optional',
  trunk: 'optional',
  smsLicensed: 'optional',
  administrativeUnitIds: 'optional',
};
const DIRECT_ROUTING: Members<DirectRoutingProfile> = {
  userShare: 'required',
  trunks: 'required',
  outcomes: 'optional',
};
const TRUNK: Members<TrunkProfile> = {
  host: 'required',
  mediaBypass: 'required',
  countries: 'optional',
};
const OUTCOMES: Members<OutcomeMix> = {
  completed: 'required',
  unanswered: 'required',
  failed: 'required',
};
const SMS: Members<SmsProfile> = { userShare: 'required', messagesPerUserPerWeekday: 'required' };
const BLOCKING: Members<BlockingProfile> = { blocksPerMonth: 'required' };
const VOLUME: Members<VolumeProfile> = {
  callsPerUserPerWeekday: 'required',
  weekendFactor: 'required',
  hourlyWeights: 'required',
  dailyVariation: 'required',
};
const THROTTLE: Members<ThrottleRule> = {
  kind: 'required',
  requests: 'required',
  windowSeconds: 'required',
  retryAfterSeconds: 'required',
  functions: 'optional',
};
const THROTTLE_AFTER: Members<ThrottleAfterRule> = {
  kind: 'required',
  requests: 'required',
  retryAfterSeconds: 'required',
  failures: 'optional',
  functions: 'optional',
};
const TRANSIENT: Members<TransientRule> = {
  kind: 'required',
  status: 'required',
  everyNthPage: 'optional',
  pages: 'optional',
  share: 'optional',
  failures: 'required',
  retryAfterSeconds: 'optional',
  functions: 'optional',
};
/** What every network rule says besides its kind and parameter: the pages it picks. */
const PAGE_PICK = {
  everyNthPage: 'optional',
  pages: 'optional',
  share: 'optional',
  failures: 'required',
  functions: 'optional',
} as const;
type RuleOf<K extends FaultRule['kind']> = Extract<FaultRule, { kind: K }>;
const NETWORK_RULES: { [K in NetworkFaultKind]: Members<RuleOf<K>> } = {
  connectionReset: { kind: 'required', afterBytes: 'required', ...PAGE_PICK },
  truncatedBody: { kind: 'required', afterBytes: 'required', ...PAGE_PICK },
  stall: { kind: 'required', ms: 'required', ...PAGE_PICK },
  dribble: { kind: 'required', bytesPerSecond: 'required', ...PAGE_PICK },
  emptyResponse: { kind: 'required', ...PAGE_PICK },
  malformedBody: { kind: 'required', ...PAGE_PICK },
};
const LATENCY: Members<LatencyRule> = {
  kind: 'required',
  minMs: 'required',
  maxMs: 'required',
  functions: 'optional',
};

/** Every kind of the FaultRule union: the compiler holds this to the type. */
const FAULT_RULE_KINDS: Readonly<Record<FaultRule['kind'], true>> = {
  throttle: true,
  throttleAfter: true,
  transient: true,
  latency: true,
  connectionReset: true,
  truncatedBody: true,
  stall: true,
  dribble: true,
  emptyResponse: true,
  malformedBody: true,
};

type Node = { properties?: Record<string, unknown>; required?: readonly string[] };
const required = (members: Record<string, string>) =>
  Object.keys(members)
    .filter((name) => members[name] === 'required')
    .sort();
const sorted = (names: readonly string[] | undefined) => [...(names ?? [])].sort();

t.test('every built-in scenario, as JSON, is a valid scenario file', async (t) => {
  for (const scenario of SCENARIOS) {
    t.same(schemaProblemsOf(JSON.parse(JSON.stringify(scenario))), [], scenario.name);
  }
  t.same(schemaProblemsOf({ name: 'acme', extends: 'default', tenant: { userCount: 0 } }), [
    '/tenant/userCount must be a whole number from 1 to 100000, got 0',
  ]);
  t.equal(SCENARIO_SCHEMA.$id, SCENARIO_SCHEMA_ID);
});

t.test('the schema knows the members the code reads, and requires the required ones', async (t) => {
  const { $defs } = SCENARIO_SCHEMA;
  const complete = $defs.complete;
  const tenant = $defs.tenant as Node & { properties: Record<string, Node> };
  const directRouting = tenant.properties.directRouting as Node & {
    properties: Record<string, Node & { items?: Node; properties?: Record<string, Node> }>;
  };
  const cases: [string, Node, Record<string, string>, readonly string[] | undefined][] = [
    ['scenario', SCENARIO_SCHEMA as unknown as Node, SCENARIO, complete.required],
    ['tenant', tenant, TENANT, complete.properties.tenant.required],
    [
      'directRouting',
      directRouting,
      DIRECT_ROUTING,
      complete.properties.tenant.properties.directRouting.required,
    ],
    [
      'trunk',
      directRouting.properties.trunks!.items!,
      TRUNK,
      directRouting.properties.trunks!.items!.required,
    ],
    [
      'outcomes',
      directRouting.properties.outcomes!.properties!.inbound!,
      OUTCOMES,
      complete.properties.tenant.properties.directRouting.properties.outcomes.properties.inbound
        .required,
    ],
    ['sms', tenant.properties.sms!, SMS, complete.properties.tenant.properties.sms.required],
    [
      'blocking',
      tenant.properties.blocking!,
      BLOCKING,
      complete.properties.tenant.properties.blocking.required,
    ],
    ['listedUser', $defs.listedUser, LISTED_USER, $defs.listedUser.required],
    ['volume', $defs.volume, VOLUME, complete.properties.volume.required],
    ['throttle', $defs.throttle, THROTTLE, $defs.throttle.required],
    ['throttleAfter', $defs.throttleAfter, THROTTLE_AFTER, $defs.throttleAfter.required],
    ['transient', $defs.transient, TRANSIENT, $defs.transient.required],
    ['latency', $defs.latency, LATENCY, $defs.latency.required],
    ['pinned', $defs.pinned, PINNED, undefined],
    ...NETWORK_FAULT_KINDS.map(
      (kind) =>
        [kind, $defs[kind]!, NETWORK_RULES[kind], $defs[kind]!.required] as [
          string,
          Node,
          Record<string, string>,
          readonly string[],
        ],
    ),
  ];
  for (const [name, node, members, requiredByComplete] of cases) {
    const known = Object.keys(node.properties ?? {}).filter(
      (key) => key !== '$schema' && key !== 'extends',
    );
    t.same(known.sort(), Object.keys(members).sort(), `${name}: the members`);
    t.same(sorted(requiredByComplete), required(members), `${name}: the required members`);
  }
});

t.test('the schema knows every kind of fault rule, each with a rule of its own', async (t) => {
  t.same([...FAULT_KINDS].sort(), Object.keys(FAULT_RULE_KINDS).sort());
  for (const kind of FAULT_KINDS) t.ok(kind in SCENARIO_SCHEMA.$defs, `$defs/${kind}`);
});

t.test('every member has a description, for editors’ hover', async (t) => {
  const missing: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (typeof node !== 'object' || node === null) return;
    const { properties } = node as { properties?: Record<string, Record<string, unknown>> };
    for (const [key, member] of Object.entries(properties ?? {})) {
      // The complete rule and the faults' if only name members described where they are defined.
      if (
        !path.includes('/complete') &&
        !path.includes('/if') &&
        typeof member.description !== 'string' &&
        !(
          '$ref' in member &&
          typeof SCENARIO_SCHEMA.$defs[String(member.$ref).split('/').at(-1) as 'tenant']
            .description === 'string'
        )
      ) {
        missing.push(`${path}/${key}`);
      }
    }
    for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`);
  };
  visit(SCENARIO_SCHEMA, '');
  t.same(missing, []);
});
