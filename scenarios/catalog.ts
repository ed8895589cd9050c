import type { Scenario, VolumeProfile } from './scenario.js';

/** Local-hour weights from the data reference: a 10–11 peak, a lunch dip, ~0 at night. */
const BUSINESS_HOURS: readonly number[] = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.3, 1, 6, 10, 9, 6, 7, 9, 8, 6, 3, 1, 0.4, 0.2, 0.1,
  0.05, 0.03,
];

const OFFICE_VOLUME: Omit<VolumeProfile, 'callsPerUserPerWeekday'> = {
  weekendFactor: 0.04,
  hourlyWeights: BUSINESS_HOURS,
  dailyVariation: 0.12,
};

const US_TENANT = {
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
} as const;

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

export const defaultScenario: Scenario = {
  name: 'default',
  description:
    'A mid-size US tenant: 150 users on Microsoft Calling Plans, about 4,000 calls a month.',
  seed: 1,
  tenant: { ...US_TENANT, userCount: 150 },
  volume: { ...OFFICE_VOLUME, callsPerUserPerWeekday: 1.2 },
  callTypeMix: OFFICE_CALL_MIX,
};

export const largeScenario: Scenario = {
  name: 'large',
  description:
    'A large US enterprise: 5,000 users, about 1.1 million calls in 90 days. For benchmarks and long exports.',
  seed: 7,
  tenant: { ...US_TENANT, domain: 'northwind.com', userCount: 5000 },
  volume: { ...OFFICE_VOLUME, callsPerUserPerWeekday: 3.5 },
  callTypeMix: OFFICE_CALL_MIX,
};

export const SCENARIOS: readonly Scenario[] = [defaultScenario, largeScenario];

export const DEFAULT_SCENARIO_NAME = defaultScenario.name;

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

export function scenarioNames(): string[] {
  return SCENARIOS.map((scenario) => scenario.name);
}
