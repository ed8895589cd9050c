import { edgeCasesScenario } from './edge-cases.js';
import type { DirectRoutingProfile, Scenario, TenantProfile, VolumeProfile } from './scenario.js';

/**
 * The built-in tenants. Each is plain data; the universe turns it and a seed into a fixed
 * history of calls. Rates, ranges and statistics come from ../shared/data-reference.md.
 */

/** Local-hour weights from the data reference: a 10–11 peak, a lunch dip, ~0 at night. */
const BUSINESS_HOURS: readonly number[] = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.3, 1, 6, 10, 9, 6, 7, 9, 8, 6, 3, 1, 0.4, 0.2, 0.1,
  0.05, 0.03,
];

/** A contact centre staffed 08:00–20:00 on weekdays and lighter on Saturdays. */
const CONTACT_CENTRE_HOURS: readonly number[] = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.05, 0.2, 1.5, 6, 9, 10, 10, 9, 9, 10, 9, 8, 6, 4, 2.5, 0.4, 0.2,
  0.1, 0.08,
];

const OFFICE_VOLUME: Omit<VolumeProfile, 'callsPerUserPerWeekday'> = {
  weekendFactor: 0.04,
  hourlyWeights: BUSINESS_HOURS,
  dailyVariation: 0.12,
};

const US_TENANT: Omit<TenantProfile, 'userCount'> = {
  country: 'US',
  currency: 'USD',
  domain: 'contoso.com',
  utcOffsetMinutes: -300,
  licenseMix: { MCOPSTN1: 70, MCOPSTN2: 15, MCOPSTN5: 5, MCOPSTN6: 5, MCOPSTNPP: 4, MCOPSTNU: 1 },
  foreignUserShare: 0.06,
  foreignUserCountries: { CA: 3, GB: 2, DE: 1 },
  internationalShare: 0.04,
  internationalDestinations: { CA: 40, GB: 25, DE: 14, FR: 12, AU: 9 },
  operatorConnectShare: 0,
  operatorConnectOperators: [],
  conferencingLicense: 'MCOMEETADD',
  tollFreeShare: 0.3,
  sms: { userShare: 0.2, messagesPerUserPerWeekday: 3 },
  blocking: { blocksPerMonth: 1 },
};

const OFFICE_CALL_MIX = {
  user_in: 38,
  user_out: 40,
  user_out_conf: 1,
  user_out_transfer: 2,
  user_out_forwarding: 2,
  conf_in: 10,
  conf_out: 2,
  ucap_in: 4,
  ucap_out: 1,
} as const;

/** One AudioCodes SBC in the tenant's own domain, media through Microsoft. */
const ONE_SBC: DirectRoutingProfile = {
  userShare: 0.15,
  trunks: [{ host: 'sbc1', mediaBypass: false }],
};

export const defaultScenario: Scenario = {
  name: 'default',
  description:
    'A mid-size US tenant: 150 users, most on Microsoft Calling Plans and about 15 % on Direct Routing through its own SBC; about 3,500 PSTN calls a month, SMS for a fifth of the Calling Plan users.',
  seed: 1,
  tenant: { ...US_TENANT, userCount: 150, directRouting: ONE_SBC },
  volume: { ...OFFICE_VOLUME, callsPerUserPerWeekday: 1.2 },
  callTypeMix: OFFICE_CALL_MIX,
  faults: [],
};

export const emptyScenario: Scenario = {
  ...defaultScenario,
  name: 'empty',
  description:
    'A tenant with users and numbers but no calls, messages or blocks at all: every range of every log is empty.',
  seed: 2,
  tenant: { ...defaultScenario.tenant, sms: undefined, blocking: undefined },
  volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 0 },
};

export const singlePageScenario: Scenario = {
  ...defaultScenario,
  name: 'single-page',
  description: 'A small office: 25 users, fewer than 1,000 calls a month, so a month is one page.',
  seed: 3,
  tenant: { ...US_TENANT, domain: 'tailspintoys.com', userCount: 25 },
};

export const largeScenario: Scenario = {
  ...defaultScenario,
  name: 'large',
  description:
    'A large US enterprise: 5,000 users, over a million calls in any 90 days. For benchmarks and long exports.',
  seed: 7,
  tenant: { ...US_TENANT, domain: 'northwind.com', userCount: 5000 },
  volume: { ...OFFICE_VOLUME, callsPerUserPerWeekday: 3.5 },
};

export const internationalScenario: Scenario = {
  name: 'international',
  description:
    'A UK multinational billed in GBP: staff in Germany and France, a quarter of outbound calls abroad, some users on Operator Connect.',
  seed: 11,
  tenant: {
    country: 'GB',
    currency: 'GBP',
    domain: 'fabrikam.co.uk',
    utcOffsetMinutes: 0,
    userCount: 400,
    licenseMix: { MCOPSTN1: 40, MCOPSTN2: 45, MCOPSTNPP: 10, MCOPSTN6: 5 },
    foreignUserShare: 0.3,
    foreignUserCountries: { DE: 3, FR: 2 },
    internationalShare: 0.25,
    internationalDestinations: { US: 30, DE: 20, FR: 18, CA: 12, AU: 10, GB: 10 },
    operatorConnectShare: 0.2,
    operatorConnectOperators: ['BT', 'Virgin Media O2 Business'],
    conferencingLicense: 'MCOMEETACPEA',
    tollFreeShare: 0.25,
    blocking: { blocksPerMonth: 1 },
  },
  volume: { ...OFFICE_VOLUME, callsPerUserPerWeekday: 1.5 },
  callTypeMix: OFFICE_CALL_MIX,
  faults: [],
};

export const contactCenterScenario: Scenario = {
  name: 'contact-center',
  description:
    'A US customer-service centre: 300 agents behind auto attendants and call queues, mostly ucap_* bot calls, many on toll-free numbers.',
  seed: 13,
  tenant: {
    ...US_TENANT,
    domain: 'wingtiptoys.com',
    userCount: 300,
    foreignUserShare: 0,
    foreignUserCountries: {},
    internationalShare: 0.02,
    tollFreeShare: 0.6,
  },
  volume: {
    callsPerUserPerWeekday: 6,
    weekendFactor: 0.25,
    hourlyWeights: CONTACT_CENTRE_HOURS,
    dailyVariation: 0.15,
  },
  callTypeMix: {
    ucap_in: 62,
    ucap_out: 8,
    user_in: 12,
    user_out: 10,
    user_out_transfer: 4,
    conf_in: 3,
    conf_out: 1,
  },
  faults: [],
};

export const directRoutingScenario: Scenario = {
  name: 'direct-routing',
  description:
    'A US and European enterprise on its own SBCs: 2,000 users, nearly all on Direct Routing through five trunks in New York, Chicago, London and Frankfurt (two with media bypass), with the usual mix of unanswered and failed attempts.',
  seed: 17,
  tenant: {
    ...US_TENANT,
    domain: 'adatum.com',
    userCount: 2000,
    foreignUserShare: 0.35,
    foreignUserCountries: { GB: 3, DE: 2 },
    internationalShare: 0.08,
    directRouting: {
      userShare: 0.95,
      trunks: [
        { host: 'sbc-nyc-01', mediaBypass: false, countries: ['US', 'CA'] },
        { host: 'sbc-nyc-02', mediaBypass: false, countries: ['US', 'CA'] },
        { host: 'sbc-chi-01', mediaBypass: true, countries: ['US'] },
        { host: 'sbc-lon-01', mediaBypass: true, countries: ['GB'] },
        { host: 'sbc-fra-01', mediaBypass: false, countries: ['DE'] },
      ],
    },
    blocking: { blocksPerMonth: 2 },
  },
  volume: { ...OFFICE_VOLUME, callsPerUserPerWeekday: 3.5 },
  callTypeMix: OFFICE_CALL_MIX,
  faults: [],
};

export const throttledScenario: Scenario = {
  ...defaultScenario,
  name: 'throttled',
  dataset: defaultScenario.name,
  description:
    "The default tenant behind a tight rate limit: 10 requests per 20 s per app, then 429 with Retry-After: 2 (Graph's call-records limit is 1,500 per 20 s per app per tenant).",
  faults: [{ kind: 'throttle', requests: 10, windowSeconds: 20, retryAfterSeconds: 2 }],
};

export const flakyScenario: Scenario = {
  ...defaultScenario,
  name: 'flaky',
  dataset: defaultScenario.name,
  description:
    'The default tenant with transient failures: every 3rd page answers 503 (Retry-After: 1) and a seeded 10 % of pages 504, each once; the retry succeeds.',
  faults: [
    { kind: 'transient', status: 503, everyNthPage: 3, failures: 1, retryAfterSeconds: 1 },
    { kind: 'transient', status: 504, share: 0.1, failures: 1 },
  ],
};

export const slowScenario: Scenario = {
  ...defaultScenario,
  name: 'slow',
  dataset: defaultScenario.name,
  description: 'The default tenant answering every request after 200–800 ms, fixed per request.',
  faults: [{ kind: 'latency', minMs: 200, maxMs: 800 }],
};

export const SCENARIOS: readonly Scenario[] = [
  defaultScenario,
  emptyScenario,
  singlePageScenario,
  largeScenario,
  internationalScenario,
  contactCenterScenario,
  directRoutingScenario,
  edgeCasesScenario,
  throttledScenario,
  flakyScenario,
  slowScenario,
];

export const DEFAULT_SCENARIO_NAME = defaultScenario.name;

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

export function scenarioNames(): string[] {
  return SCENARIOS.map((scenario) => scenario.name);
}
