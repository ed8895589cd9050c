import type { ListedUser, PinnedRow, Scenario } from './scenario.js';

/**
 * `edge-cases`: a small tenant that carries every awkward but legal value the real logs do, so
 * that a parser meets them in CI rather than in production. Its generated rows cover every call
 * type round the clock (null user fields of auto attendants, null conference ids, null IPv6
 * addresses, masked numbers of users in DE and FR, several masking widths); its listed users
 * carry names in many scripts and of every length; its pinned rows put the rest on fixed
 * instants of 2024 — see the README's table of them.
 */

/** Entra ID's longest display name, 256 characters. */
const LONGEST_NAME = `Anneliese Wilhelmina ${'von Hohenzollern-Sigmaringen '.repeat(9)}`
  .slice(0, 255)
  .concat('Z');

const user = (n: number, fields: Omit<ListedUser, 'id'>): ListedUser => ({
  id: `e0e0e0e0-0000-4000-8000-${String(n).padStart(12, '0')}`,
  ...fields,
});

export const EDGE_CASE_USERS: readonly ListedUser[] = [
  user(1, {
    displayName: 'Zoë Ångström-Ñúñez',
    userPrincipalName: 'zoe.angstrom-nunez@fourthcoffee.com',
    usageCountry: 'DE',
    routing: 'callingPlan',
  }),
  user(2, {
    displayName: '李小龍',
    userPrincipalName: 'xiaolong.li@fourthcoffee.com',
    usageCountry: 'US',
    routing: 'callingPlan',
    smsLicensed: true,
  }),
  user(3, {
    displayName: 'Мария Иванова',
    userPrincipalName: 'maria.ivanova@fourthcoffee.com',
    usageCountry: 'FR',
    routing: 'callingPlan',
  }),
  user(4, {
    displayName: 'محمد بن عبد الله',
    userPrincipalName: 'mohammed.abdullah@fourthcoffee.com',
    usageCountry: 'GB',
    routing: 'callingPlan',
  }),
  user(5, {
    displayName: 'Renée "DJ" O\'Brien 🎧',
    userPrincipalName: "renee.o'brien@fourthcoffee.com",
    usageCountry: 'US',
    routing: 'callingPlan',
    administrativeUnitIds: [
      'e0e0e0e0-0000-4000-8000-00000000a001',
      'e0e0e0e0-0000-4000-8000-00000000a002',
      'e0e0e0e0-0000-4000-8000-00000000a003',
      'e0e0e0e0-0000-4000-8000-00000000a004',
      'e0e0e0e0-0000-4000-8000-00000000a005',
    ],
  }),
  user(6, {
    displayName: LONGEST_NAME,
    userPrincipalName: 'anneliese.hohenzollern@fourthcoffee.com',
    usageCountry: 'CA',
    routing: 'callingPlan',
    administrativeUnitIds: [],
  }),
  user(7, { displayName: 'Q', usageCountry: 'AU', routing: 'callingPlan' }),
  user(8, { displayName: 'Dirk Direkt', usageCountry: 'DE', trunk: 'sbc-edge' }),
];

const [ZOE, LI, MARIA, MOHAMMED, RENEE, ANNELIESE, Q, DIRK] = EDGE_CASE_USERS.map((u) => u.id);

/** A pinned row's id: fixed, so tests and the README can name each one. */
const rowId = (n: number) => `e0e0e0e0-0000-4000-9000-${String(n).padStart(12, '0')}`;

const PSTN: readonly PinnedRow[] = [
  // A zero-second call: answered and hung up at once.
  {
    id: rowId(1),
    startDateTime: '2024-06-03T09:00:00Z',
    callType: 'user_out',
    userId: ZOE,
    duration: 0,
  },
  // The longest: a whole day, from 08:00 to 08:00.
  {
    id: rowId(2),
    startDateTime: '2024-06-04T08:00:00Z',
    callType: 'user_out',
    userId: LI,
    duration: 86_400,
  },
  // Across midnight, from a caller who withholds the number: a name instead of a number.
  {
    id: rowId(3),
    startDateTime: '2024-06-05T23:59:30Z',
    callType: 'user_in',
    userId: MARIA,
    duration: 95,
    callerNumber: 'Anonymous',
  },
  // Across the month's end, into July.
  {
    id: rowId(4),
    startDateTime: '2024-06-30T23:58:00Z',
    callType: 'user_out',
    userId: MOHAMMED,
    duration: 600,
  },
  // On a month window's bounds: the first tick of June, the last, and the first of July.
  {
    id: rowId(5),
    startDateTime: '2024-06-01T00:00:00Z',
    callType: 'user_in',
    userId: RENEE,
    duration: 42,
  },
  {
    id: rowId(6),
    startDateTime: '2024-06-30T23:59:59.9999999Z',
    callType: 'user_in',
    userId: RENEE,
    duration: 1,
  },
  {
    id: rowId(7),
    startDateTime: '2024-07-01T00:00:00Z',
    callType: 'user_out',
    userId: RENEE,
    duration: 30,
  },
  // A leap day, to a short code: not E.164.
  {
    id: rowId(8),
    startDateTime: '2024-02-29T12:00:00Z',
    callType: 'user_out',
    userId: ANNELIESE,
    duration: 61,
    calleeNumber: '+1001',
  },
  // The year's last second, into the next year.
  {
    id: rowId(9),
    startDateTime: '2024-12-31T23:59:59Z',
    callType: 'user_out',
    userId: Q,
    duration: 3600,
  },
  // A large charge: four hours to Australia at a premium rate.
  {
    id: rowId(10),
    startDateTime: '2024-06-10T14:00:00Z',
    callType: 'user_out',
    userId: LI,
    duration: 14_400,
    otherPartyCountryCode: 'AU',
    charge: 98_765.43,
  },
  // Billed in other currencies than the tenant's.
  {
    id: rowId(11),
    startDateTime: '2024-06-11T10:00:00Z',
    callType: 'user_out',
    userId: ZOE,
    duration: 300,
    currency: 'EUR',
    charge: 12.5,
  },
  {
    id: rowId(12),
    startDateTime: '2024-06-11T10:05:00Z',
    callType: 'user_out',
    userId: MOHAMMED,
    duration: 300,
    currency: 'GBP',
    charge: 7.25,
  },
  {
    id: rowId(13),
    startDateTime: '2024-06-11T10:10:00Z',
    callType: 'user_out',
    userId: ANNELIESE,
    duration: 300,
    currency: 'CAD',
    charge: 3.1,
  },
  // A number already masked, as the service writes it for some countries.
  {
    id: rowId(14),
    startDateTime: '2024-06-12T16:00:00Z',
    callType: 'user_out',
    userId: ZOE,
    duration: 120,
    calleeNumber: '+4930123456***',
  },
  // An auto attendant's call: no user at all.
  {
    id: rowId(15),
    startDateTime: '2024-06-13T03:00:00Z',
    callType: 'ucap_in',
    userId: null,
    duration: 15,
  },
];

const DIRECT_ROUTING: readonly PinnedRow[] = [
  // On getDirectRoutingCalls' bounds: from is inclusive, to exclusive.
  {
    id: rowId(101),
    startDateTime: '2024-06-01T00:00:00.000Z',
    callType: 'dr_in',
    userId: DIRK,
    successfulCall: true,
    duration: 60,
  },
  {
    id: rowId(102),
    startDateTime: '2024-07-01T00:00:00.000Z',
    callType: 'dr_out',
    userId: DIRK,
    successfulCall: true,
    duration: 60,
  },
  // A failed attempt of no duration, on the leap day.
  {
    id: rowId(103),
    startDateTime: '2024-02-29T09:30:00.000Z',
    callType: 'dr_out',
    userId: DIRK,
    successfulCall: false,
    duration: 0,
  },
  // A whole day's call, across midnight.
  {
    id: rowId(104),
    startDateTime: '2024-06-14T12:00:00.000Z',
    callType: 'dr_in',
    userId: DIRK,
    successfulCall: true,
    duration: 86_400,
    callerNumber: 'Anonymous',
  },
];

const SMS: readonly PinnedRow[] = [
  // On getSmsLog's bounds, which are both exclusive: in neither June's window nor May's.
  { id: rowId(201), sentDateTime: '2024-06-01T00:00:00Z', smsType: 'sms_in', userId: LI },
  // A long message of many segments, on the leap day.
  {
    id: rowId(202),
    sentDateTime: '2024-02-29T23:59:59.9999999Z',
    smsType: 'sms_out',
    userId: LI,
    smsUnits: 40,
  },
  // To a short code.
  {
    id: rowId(203),
    sentDateTime: '2024-06-20T08:00:00Z',
    smsType: 'sms_out',
    userId: LI,
    destinationNumber: '+1001',
  },
];

const BLOCKS: readonly PinnedRow[] = [
  { blockDateTime: '2024-02-29T00:00:00Z', userId: RENEE, remediationId: rowId(301) },
  {
    blockDateTime: '2024-03-01T00:00:00Z',
    userId: RENEE,
    userBlockMode: 'unblocked',
    remediationId: rowId(302),
  },
];

export const edgeCasesScenario: Scenario = {
  name: 'edge-cases',
  description:
    'Every awkward but legal value the real logs carry: names in many scripts and of 1 to 256 characters, numbers that are not E.164, calls of no length and of a day, across midnight, month and year ends, on window bounds and a leap day, large charges in several currencies.',
  seed: 29,
  tenant: {
    country: 'US',
    currency: 'USD',
    domain: 'fourthcoffee.com',
    utcOffsetMinutes: -300,
    userCount: 40,
    licenseMix: { MCOPSTN1: 1, MCOPSTN2: 1, MCOPSTN5: 1, MCOPSTN6: 1, MCOPSTNPP: 1, MCOPSTNU: 1 },
    foreignUserShare: 0.5,
    foreignUserCountries: { DE: 1, FR: 1, GB: 1, CA: 1, AU: 1 },
    internationalShare: 0.3,
    internationalDestinations: { DE: 1, FR: 1, GB: 1, CA: 1, AU: 1 },
    operatorConnectShare: 0.15,
    operatorConnectOperators: ['Lumen'],
    conferencingLicense: 'MCOMEETACPEA',
    tollFreeShare: 0.5,
    directRouting: { userShare: 0.1, trunks: [{ host: 'sbc-edge', mediaBypass: true }] },
    sms: { userShare: 1, messagesPerUserPerWeekday: 4 },
    blocking: { blocksPerMonth: 3 },
    users: EDGE_CASE_USERS,
  },
  // Round the clock and every day, so generated calls cross midnight too.
  volume: {
    callsPerUserPerWeekday: 3,
    weekendFactor: 0.5,
    hourlyWeights: new Array<number>(24).fill(1),
    dailyVariation: 0.3,
  },
  callTypeMix: {
    user_in: 1,
    user_out: 1,
    user_out_conf: 1,
    user_out_transfer: 1,
    user_out_forwarding: 1,
    conf_in: 1,
    conf_out: 1,
    ucap_in: 1,
    ucap_out: 1,
  },
  faults: [],
  pinned: {
    getPstnCalls: PSTN,
    getDirectRoutingCalls: DIRECT_ROUTING,
    getSmsLog: SMS,
    getPstnBlockedUsersLog: BLOCKS,
  },
};
