import { isIPv4, isIPv6 } from 'node:net';
import tap from 'tap';
import type { CallRow } from '../../scenarios/call-row.js';
import { defaultScenario, largeScenario } from '../../scenarios/catalog.js';
import {
  blockNumbers,
  CALLING_CODES,
  COUNTRIES,
  USD_EXCHANGE,
  ZONE_A,
} from '../../scenarios/countries.js';
import { maskedDigitsIn, maskNumber } from '../../scenarios/number-masking.js';
import { CALL_TYPES, type CallType, type Scenario } from '../../scenarios/scenario.js';
import type { NumberRange, Tenant } from '../../scenarios/tenant.js';
import { buildUniverse, type Universe } from '../../scenarios/universe.js';
import { rowObject } from '../../server/rendering/page-renderer.js';
import { daysWindow, walk } from './fixtures/windows.js';

const standard = buildUniverse(defaultScenario, defaultScenario.seed);
const large = buildUniverse(largeScenario, largeScenario.seed);

/** Two months of the default tenant and one weekday of the large one. */
const samples: readonly { name: string; universe: Universe; rows: readonly CallRow[] }[] = [
  { name: 'default', universe: standard, rows: walk(standard, daysWindow(2024, 1, 1, 60)) },
  { name: 'large', universe: large, rows: walk(large, daysWindow(2024, 3, 5, 1)) },
];

const E164 = /^\+[1-9]\d{6,14}$/;
const NANP_FICTION = /^\+1[2-9]\d{2}55501\d{2}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const fictionNumbers = new Map<string, ReadonlySet<string>>(
  Object.entries(COUNTRIES).map(([code, facts]) => [
    code,
    new Set([...facts.geographic, ...facts.tollFree].flatMap(blockNumbers)),
  ]),
);

const kindOf = (type: CallType): 'user' | 'conf' | 'ucap' =>
  type.slice(0, type.indexOf('_')) as 'user' | 'conf' | 'ucap';
const isInbound = (row: CallRow): boolean => row.callType.endsWith('_in');
const tenantSide = (row: CallRow): string => (isInbound(row) ? row.calleeNumber : row.callerNumber);
const otherSide = (row: CallRow): string => (isInbound(row) ? row.callerNumber : row.calleeNumber);
/** Digits a row masks of the other party: by its user's country, else the tenant's (number-masking.ts). */
const maskedOf = (row: CallRow): number => maskedDigitsIn(row.usageCountryCode);

const maskedSets = new WeakMap<ReadonlySet<string>, Map<number, ReadonlySet<string>>>();
/** The numbers of `set` as a row with `digits` masked digits shows them. */
function shown(set: ReadonlySet<string>, digits: number): ReadonlySet<string> {
  let byDigits = maskedSets.get(set);
  if (byDigits === undefined) {
    byDigits = new Map();
    maskedSets.set(set, byDigits);
  }
  let masked = byDigits.get(digits);
  if (masked === undefined) {
    masked = new Set([...set].map((number) => maskNumber(number, digits)));
    byDigits.set(digits, masked);
  }
  return masked;
}

function rangeNumbers(tenant: Tenant, range: NumberRange): string[] {
  return tenant.numbers.slice(range.start, range.start + range.count);
}

function summary(row: CallRow): Record<string, unknown> {
  const { user, client, administrativeUnitIds, ...facts } = row;
  return { ...facts, user: user?.userPrincipalName ?? null, client };
}

/** Asserts a property of every row, showing a few offending rows when it fails. */
function holds(
  t: Pick<typeof tap, 'equal'>,
  rows: readonly CallRow[],
  what: string,
  property: (row: CallRow) => boolean,
): void {
  const bad = rows.filter((row) => !property(row));
  t.equal(bad.length, 0, `${what} (${rows.length} rows)`, {
    examples: bad.slice(0, 3).map(summary),
  });
}

/** First 16 bits of each of an IPv6 address's eight groups. */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16));
}

const inDocumentationV6 = (address: string): boolean => {
  const [first, second] = ipv6Groups(address);
  return first === 0x2001 && second === 0x0db8;
};
const PUBLIC_V4 = /^(203\.0\.113|198\.51\.100|192\.0\.2)\.\d{1,3}$/;
const LOCAL_V4 = /^(10\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3})\.\d{1,3}$/;

tap.test('the samples are large enough to judge shares', async (t) => {
  for (const { name, rows } of samples) t.ok(rows.length >= 5000, `${name}: ${rows.length} rows`);
});

tap.test('bot calls have no user; every other call has one', async (t) => {
  for (const { name, rows } of samples) {
    holds(t, rows, `${name}: ucap_* ⇔ user === null`, (row) =>
      kindOf(row.callType) === 'ucap' ? row.user === null : row.user !== null,
    );
  }
});

tap.test('conference calls carry the organizer conference id; others none', async (t) => {
  for (const { name, rows } of samples) {
    holds(t, rows, `${name}: conferenceId`, (row) =>
      kindOf(row.callType) === 'conf'
        ? row.conferenceId !== null &&
          /^\d{9}$/.test(row.conferenceId) &&
          row.conferenceId === row.user?.conferenceId
        : row.conferenceId === null,
    );
  }
});

tap.test('durations are whole seconds up to 4 hours; 0 only for unanswered outbound', async (t) => {
  for (const { name, rows } of samples) {
    holds(
      t,
      rows,
      `${name}: duration range`,
      (row) => Number.isInteger(row.duration) && row.duration >= 0 && row.duration <= 4 * 3600,
    );
    holds(
      t,
      rows,
      `${name}: zero only for user_out*`,
      (row) => row.duration > 0 || row.callType.startsWith('user_out'),
    );
    const outbound = rows.filter((row) => row.callType.startsWith('user_out'));
    const unanswered = outbound.filter((row) => row.duration === 0).length / outbound.length;
    t.ok(unanswered > 0.04 && unanswered < 0.11, `${name}: ${(100 * unanswered).toFixed(1)}% 0 s`);
  }
});

tap.test('durations have the shapes of the data reference', async (t) => {
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const rows = samples[1]!.rows;
  const of = (type: CallType) =>
    rows.filter((row) => row.callType === type && row.duration > 0).map((row) => row.duration);
  const userIn = of('user_in');
  t.ok(Math.abs(median(userIn) - 90) < 15, `user_in median ${median(userIn)} s`);
  const meanUserIn = userIn.reduce((sum, d) => sum + d, 0) / userIn.length;
  t.ok(meanUserIn > 150 && meanUserIn < 260, `user_in mean ${meanUserIn.toFixed(0)} s`);
  const confIn = of('conf_in');
  t.ok(Math.abs(median(confIn) - 1500) < 250, `conf_in median ${median(confIn)} s`);
});

tap.test('a rendered row ends exactly duration seconds after it starts', async (t) => {
  /** Epoch ticks of `YYYY-MM-DDTHH:MM:SS.fffffffZ`, as a bigint. */
  const ticksOf = (text: string): bigint => {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{7})Z$/.exec(text);
    if (!match) throw new Error(`not a 7-digit UTC date-time: ${text}`);
    return BigInt(Date.parse(`${match[1]}Z`)) * 10_000n + BigInt(match[2]!);
  };
  const rows = samples[0]!.rows;
  let bad = 0;
  for (const row of rows) {
    const rendered = rowObject('getPstnCalls', 'beta', row);
    const start = ticksOf(rendered.startDateTime as string);
    const end = ticksOf(rendered.endDateTime as string);
    if (end - start !== BigInt(rendered.duration as number) * 10_000_000n) bad++;
    if (start !== BigInt(row.minute) * 600_000_000n + BigInt(row.tick)) bad++;
  }
  t.equal(bad, 0, `${rows.length} rows`);
});

tap.test('charges are whole cents, never negative, and inbound user calls are free', async (t) => {
  for (const { name, rows } of samples) {
    holds(
      t,
      rows,
      `${name}: non-negative integer cents`,
      (row) => Number.isInteger(row.chargeCents) && row.chargeCents >= 0,
    );
    holds(t, rows, `${name}: user_in is free`, (row) =>
      row.callType === 'user_in' ? row.chargeCents === 0 : true,
    );
    holds(t, rows, `${name}: an unanswered call is free`, (row) =>
      row.duration === 0 ? row.chargeCents === 0 : true,
    );
    holds(t, rows, `${name}: currency is the tenant's`, (row) => row.currency === 'USD');
  }
});

/** The charges the data reference's rules allow for a row, in cents (±0.5 for rounding). */
function allowedCharges(universe: Universe, row: CallRow): number[] {
  const { tenant, scenario } = universe;
  const fx = USD_EXCHANGE[scenario.tenant.currency]!;
  const minutes = Math.ceil(row.duration / 60);
  const at = (usd: number) => usd * fx * 100 * minutes;
  const destinationRate = at(COUNTRIES[row.otherPartyCountryCode]!.landlineRateUsd);
  const kind = kindOf(row.callType);
  const international = row.destinationContext === 'International';
  if (isInbound(row)) {
    const tollFree = [tenant.conferenceNumbers.tollFree, tenant.botNumbers.tollFree]
      .flatMap((range) => rangeNumbers(tenant, range))
      .includes(row.calleeNumber);
    return [tollFree ? at(tenant.country.tollFreeRateUsd ?? 0) : 0];
  }
  if (kind === 'conf') {
    const payPerMinute = scenario.tenant.conferencingLicense === 'MCOMEETACPEA';
    return [payPerMinute || !ZONE_A.has(row.otherPartyCountryCode) ? destinationRate : 0];
  }
  if (kind === 'ucap') return [international ? destinationRate : 0];
  const license = row.user!.license;
  if (international) return [license === 'MCOPSTN2' ? 0 : destinationRate];
  if (license === 'MCOPSTNPP') return [destinationRate];
  if (license === 'MCOPSTN5' || license === 'MCOPSTN6') return [0, destinationRate];
  return [0];
}

tap.test('charges follow the plan and tariff rules, per started minute', async (t) => {
  for (const { name, universe, rows } of samples) {
    holds(t, rows, `${name}: charge matches a rule`, (row) =>
      allowedCharges(universe, row).some((cents) => Math.abs(row.chargeCents - cents) <= 0.5),
    );
    const paid = rows.filter((row) => row.chargeCents > 0);
    t.ok(paid.length > 0 && paid.length < rows.length * 0.3, `${name}: ${paid.length} paid calls`);
    t.ok(
      paid.some((row) => row.callType === 'user_out' && row.destinationContext === 'Domestic'),
      `${name}: some domestic calls are billed (pay-as-you-go or past the pool)`,
    );
    t.ok(
      paid.some((row) => row.callType === 'conf_in' || row.callType === 'ucap_in'),
      `${name}: toll-free inbound minutes are billed`,
    );
  }
});

tap.test(
  'outbound calls are Domestic or International by the other party; inbound null',
  async (t) => {
    for (const { name, rows } of samples) {
      holds(t, rows, `${name}: inbound has no destinationContext`, (row) =>
        isInbound(row) ? row.destinationContext === null : row.destinationContext !== null,
      );
      holds(t, rows, `${name}: International iff the other party is in another country`, (row) =>
        isInbound(row)
          ? true
          : (row.destinationContext === 'International') ===
            (row.otherPartyCountryCode !== row.usageCountryCode),
      );
      holds(t, rows, `${name}: destinationName names the dialled country`, (row) =>
        isInbound(row)
          ? row.destinationName === COUNTRIES[row.usageCountryCode]!.name
          : row.destinationName === COUNTRIES[row.otherPartyCountryCode]!.name,
      );
    }
  },
);

tap.test('usage and tenant countries', async (t) => {
  for (const { name, rows } of samples) {
    holds(t, rows, `${name}: tenantCountryCode`, (row) => row.tenantCountryCode === 'US');
    holds(t, rows, `${name}: usageCountryCode is the user's, else the tenant's`, (row) =>
      kindOf(row.callType) === 'user'
        ? row.usageCountryCode === row.user!.usageCountry
        : row.usageCountryCode === 'US',
    );
  }
  const foreign = samples[1]!.rows.filter((row) => row.usageCountryCode !== 'US');
  t.ok(foreign.length > 0, `foreign users make calls (${foreign.length})`);
});

tap.test('phone numbers are E.164 and fictional', async (t) => {
  for (const { name, rows } of samples) {
    holds(
      t,
      rows,
      `${name}: E.164, the other party's last digits masked by the user's country`,
      (row) =>
        E164.test(tenantSide(row)) &&
        E164.test(otherSide(row).replaceAll('*', '0')) &&
        otherSide(row).endsWith('*'.repeat(maskedOf(row))) &&
        !otherSide(row)
          .slice(0, -maskedOf(row) || undefined)
          .includes('*'),
    );
    holds(t, rows, `${name}: the other party is dialled with its country's calling code`, (row) =>
      otherSide(row).startsWith(CALLING_CODES[row.otherPartyCountryCode]!),
    );
    holds(t, rows, `${name}: the other party's number is in a fiction range`, (row) =>
      shown(fictionNumbers.get(row.otherPartyCountryCode)!, maskedOf(row)).has(otherSide(row)),
    );
    holds(t, rows, `${name}: North American numbers shown whole are 555-01xx`, (row) =>
      [row.callerNumber, row.calleeNumber]
        .filter((n) => n.startsWith('+1') && !n.includes('*'))
        .every((n) => NANP_FICTION.test(n)),
    );
  }
});

tap.test('the tenant-side number belongs to the tenant, the other side does not', async (t) => {
  for (const { name, universe, rows } of samples) {
    const { tenant } = universe;
    const conference = new Set(
      [tenant.conferenceNumbers.toll, tenant.conferenceNumbers.tollFree].flatMap((range) =>
        rangeNumbers(tenant, range),
      ),
    );
    const bots = new Set(
      [tenant.botNumbers.toll, tenant.botNumbers.tollFree].flatMap((range) =>
        rangeNumbers(tenant, range),
      ),
    );
    const own = new Set([
      ...tenant.users.map((user) => tenant.numbers[user.number]!),
      ...conference,
      ...bots,
    ]);
    holds(t, rows, `${name}: tenant side`, (row) => {
      const kind = kindOf(row.callType);
      const number = tenantSide(row);
      if (kind === 'user') return number === tenant.numbers[row.user!.number];
      return kind === 'conf' ? conference.has(number) : bots.has(number);
    });
    holds(t, rows, `${name}: other side is not the tenant's`, (row) => !own.has(otherSide(row)));
    const pools = new Map(
      Object.entries(tenant.externalNumbers).map(([code, range]) => [
        code,
        new Set(rangeNumbers(tenant, range)),
      ]),
    );
    holds(t, rows, `${name}: other side comes from that country's external pool`, (row) =>
      shown(pools.get(row.otherPartyCountryCode)!, maskedOf(row)).has(otherSide(row)),
    );
  }
});

tap.test('client addresses are in documentation and private ranges', async (t) => {
  for (const { name, rows } of samples) {
    holds(t, rows, `${name}: only user calls have a client`, (row) =>
      kindOf(row.callType) === 'user' ? row.client !== null : row.client === null,
    );
    holds(t, rows, `${name}: the client is one of the user's`, (row) =>
      row.client === null ? true : row.user!.clients.includes(row.client),
    );
    const clients = rows.flatMap((row) => (row.client ? [row.client] : []));
    holds(
      t,
      rows.filter((row) => row.client),
      `${name}: public IPv4`,
      (row) => isIPv4(row.client!.publicV4) && PUBLIC_V4.test(row.client!.publicV4),
    );
    holds(
      t,
      rows.filter((row) => row.client),
      `${name}: local IPv4`,
      (row) => isIPv4(row.client!.localV4) && LOCAL_V4.test(row.client!.localV4),
    );
    holds(
      t,
      rows.filter((row) => row.client),
      `${name}: IPv6 in 2001:db8::/32`,
      (row) =>
        [row.client!.publicV6, row.client!.localV6].every(
          (address) => address === null || (isIPv6(address) && inDocumentationV6(address)),
        ),
    );
    t.ok(
      clients.some((client) => client.publicV6 !== null),
      `${name}: some clients have IPv6`,
    );
    t.ok(
      clients.some((client) => client.publicV4.startsWith('198.51.100.')),
      `${name}: some calls come from home`,
    );
  }
});

tap.test('number type, licence and operator follow the call type', async (t) => {
  for (const { name, universe, rows } of samples) {
    const { tenant, scenario } = universe;
    holds(
      t,
      rows,
      `${name}: inventoryType`,
      (row) => row.inventoryType === (kindOf(row.callType) === 'user' ? 'Subscriber' : 'Service'),
    );
    const tollFreeBots = new Set(rangeNumbers(tenant, tenant.botNumbers.tollFree));
    holds(t, rows, `${name}: licenseCapability`, (row) => {
      const kind = kindOf(row.callType);
      if (kind === 'user') return row.licenseCapability === row.user!.license;
      if (kind === 'conf') return row.licenseCapability === scenario.tenant.conferencingLicense;
      const tollFree = row.callType === 'ucap_in' && tollFreeBots.has(row.calleeNumber);
      return row.licenseCapability === (tollFree ? 'MCOPSTNPP' : 'MCOPSTN1');
    });
    holds(
      t,
      rows,
      `${name}: Calling Plan calls are Microsoft's`,
      (row) => row.operator === 'Microsoft' && row.callDurationSource === 'microsoft',
    );
    holds(t, rows, `${name}: administrative units are the user's`, (row) =>
      row.user === null
        ? row.administrativeUnitIds.length === 0
        : row.administrativeUnitIds === row.user.administrativeUnitIds,
    );
  }
});

tap.test('call ids and row ids are well formed and row ids unique', async (t) => {
  for (const { name, rows } of samples) {
    holds(
      t,
      rows,
      `${name}: callId parts`,
      (row) =>
        Number.isInteger(row.callIdA) &&
        row.callIdA >= 0 &&
        row.callIdA < 2 ** 31 &&
        Number.isInteger(row.callIdB) &&
        row.callIdB >= 0 &&
        row.callIdB < 2 ** 29 &&
        Number.isInteger(row.callIdHost) &&
        row.callIdHost >= 1 &&
        row.callIdHost <= 254,
    );
    holds(t, rows, `${name}: id words are 32-bit`, (row) =>
      [row.id0, row.id1, row.id2, row.id3].every(
        (word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32,
      ),
    );
    // A version-4 GUID keeps 122 of the 128 bits: uniqueness must survive the fixed bits.
    const guids = rows.map((row) => {
      const hex = (word: number) => word.toString(16).padStart(8, '0');
      const b = hex(((row.id1 & 0xffff0fff) | 0x4000) >>> 0);
      const c = hex(((row.id2 & 0x3fffffff) | 0x80000000) >>> 0);
      return `${hex(row.id0)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex(row.id3)}`;
    });
    t.ok(
      guids.every((guid) => GUID.test(guid)),
      `${name}: ids shape as GUIDs`,
    );
    t.equal(new Set(guids).size, rows.length, `${name}: ${rows.length} unique row ids`);
  }
});

tap.test('the call-type mix matches the scenario', async (t) => {
  for (const { name, universe, rows } of samples) {
    const mix = universe.scenario.callTypeMix;
    const total = CALL_TYPES.reduce((sum, type) => sum + (mix[type] ?? 0), 0);
    for (const type of CALL_TYPES) {
      const expected = (mix[type] ?? 0) / total;
      const observed = rows.filter((row) => row.callType === type).length / rows.length;
      const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / rows.length) + 0.003;
      t.ok(
        Math.abs(observed - expected) <= tolerance,
        `${name}: ${type} ${(100 * observed).toFixed(2)}% vs ${(100 * expected).toFixed(2)}%`,
      );
    }
  }
});

tap.test('international and toll-free shares match the tenant profile', async (t) => {
  const rows = samples[1]!.rows;
  const profile = largeScenario.tenant;
  const outbound = rows.filter((row) => !isInbound(row) && row.usageCountryCode === 'US');
  const abroad = outbound.filter((row) => row.destinationContext === 'International').length;
  const share = abroad / outbound.length;
  t.ok(
    Math.abs(share - profile.internationalShare) < 0.012,
    `${(100 * share).toFixed(2)}% of outbound calls go abroad`,
  );
  const destinations = new Set(
    outbound
      .filter((row) => row.destinationContext === 'International')
      .map((row) => row.otherPartyCountryCode),
  );
  t.same(
    [...destinations].sort(),
    Object.keys(profile.internationalDestinations).sort(),
    'every destination is called',
  );

  const tollFreeNumbers = new Set(
    [large.tenant.conferenceNumbers.tollFree, large.tenant.botNumbers.tollFree].flatMap((range) =>
      rangeNumbers(large.tenant, range),
    ),
  );
  const service = rows.filter((row) => row.callType === 'conf_in' || row.callType === 'ucap_in');
  const tollFree = service.filter((row) => tollFreeNumbers.has(row.calleeNumber)).length;
  t.ok(
    Math.abs(tollFree / service.length - profile.tollFreeShare) < 0.04,
    `${((100 * tollFree) / service.length).toFixed(1)}% of service calls reach toll-free`,
  );
});

/** A GB tenant on Operator Connect, pay-per-minute conferencing and no international calls. */
const britishOperator: Scenario = {
  name: 'gb-operator-connect',
  description: 'test',
  seed: 3,
  tenant: {
    country: 'GB',
    currency: 'GBP',
    domain: 'fabrikam.co.uk',
    utcOffsetMinutes: 0,
    userCount: 40,
    licenseMix: { MCOPSTN1: 1, MCOPSTNPP: 1 },
    foreignUserShare: 0,
    foreignUserCountries: {},
    internationalShare: 0.5,
    internationalDestinations: {},
    operatorConnectShare: 0.5,
    operatorConnectOperators: ['BT', 'Virgin Media O2 Business'],
    conferencingLicense: 'MCOMEETACPEA',
    tollFreeShare: 0.5,
  },
  volume: { ...defaultScenario.volume, callsPerUserPerWeekday: 10 },
  callTypeMix: defaultScenario.callTypeMix,
  faults: [],
};

tap.test('an Operator Connect tenant with pay-per-minute conferencing', async (t) => {
  const universe = buildUniverse(britishOperator, britishOperator.seed);
  const rows = walk(universe, daysWindow(2024, 3, 4, 5));
  t.ok(rows.length > 1000, `${rows.length} rows`);
  holds(t, rows, 'no destinations abroad means every call stays home', (row) =>
    isInbound(row)
      ? row.destinationContext === null
      : row.destinationContext === 'Domestic' && row.otherPartyCountryCode === 'GB',
  );
  holds(t, rows, 'currency GBP', (row) => row.currency === 'GBP');
  holds(t, rows, 'GB numbers', (row) => otherSide(row).startsWith('+44'));
  holds(t, rows, "user calls carry the user's operator", (row) =>
    kindOf(row.callType) === 'user'
      ? row.operator === row.user!.operator &&
        row.callDurationSource === (row.operator === 'Microsoft' ? 'microsoft' : 'operator')
      : row.operator === 'Microsoft' && row.callDurationSource === 'microsoft',
  );
  const operators = new Set(rows.map((row) => row.operator));
  t.same([...operators].sort(), ['BT', 'Microsoft', 'Virgin Media O2 Business']);
  holds(t, rows, 'charges follow the rules', (row) =>
    allowedCharges(universe, row).some((cents) => Math.abs(row.chargeCents - cents) <= 0.5),
  );
  t.ok(
    rows.some((row) => row.callType === 'conf_out' && row.chargeCents > 0),
    'pay-per-minute conferencing bills dial-out minutes',
  );
  holds(t, rows, 'conferencing licence', (row) =>
    kindOf(row.callType) === 'conf' ? row.licenseCapability === 'MCOMEETACPEA' : true,
  );
});

tap.test(
  'a tenant whose country has no freephone fiction range takes service calls on toll lines',
  async (t) => {
    // Germany publishes a toll-free rate but no fiction freephone range, so the tenant has no
    // toll-free line: a call drawn as "toll-free" lands on a toll line, and must be billed,
    // and licensed, as one.
    const german: Scenario = {
      ...britishOperator,
      name: 'de-no-toll-free',
      tenant: {
        ...britishOperator.tenant,
        country: 'DE',
        currency: 'EUR',
        domain: 'beispiel.de',
        operatorConnectShare: 0,
        tollFreeShare: 0.5,
      },
    };
    const universe = buildUniverse(german, german.seed);
    t.equal(universe.tenant.conferenceNumbers.tollFree.count, 0);
    t.equal(universe.tenant.botNumbers.tollFree.count, 0);
    const tollLines = new Set(
      [universe.tenant.conferenceNumbers.toll, universe.tenant.botNumbers.toll].flatMap((range) =>
        rangeNumbers(universe.tenant, range),
      ),
    );
    const rows = walk(universe, daysWindow(2024, 3, 4, 3));
    const service = rows.filter((row) => row.callType === 'conf_in' || row.callType === 'ucap_in');
    t.ok(service.length > 100, `${service.length} service calls`);
    holds(t, service, 'service calls land on German toll lines', (row) =>
      tollLines.has(row.calleeNumber),
    );
    holds(t, service, 'a call to a toll line is free', (row) => row.chargeCents === 0);
    holds(t, service, 'a bot call on a toll line is on the domestic licence', (row) =>
      row.callType === 'ucap_in' ? row.licenseCapability === 'MCOPSTN1' : true,
    );
  },
);

tap.test('users abroad in a country nobody dials still get calls', async (t) => {
  // Users may live in a country that is not an international destination; their domestic
  // calls need other-party numbers of that country all the same.
  const expatriates: Scenario = {
    ...britishOperator,
    name: 'gb-with-french-users',
    tenant: {
      ...britishOperator.tenant,
      userCount: 20,
      operatorConnectShare: 0,
      foreignUserShare: 0.5,
      foreignUserCountries: { FR: 1 },
    },
  };
  const universe = buildUniverse(expatriates, expatriates.seed);
  t.ok(
    universe.tenant.users.some((user) => user.usageCountry === 'FR'),
    'some users live in France',
  );
  let rows: CallRow[];
  try {
    rows = walk(universe, daysWindow(2024, 3, 4, 2));
  } catch (error) {
    t.fail(`rows of users in France cannot be built: ${(error as Error).message}`);
    return;
  }
  const french = rows.filter((row) => row.usageCountryCode === 'FR');
  t.ok(french.length > 0, `${french.length} calls by users in France`);
  holds(t, french, 'their domestic calls reach French numbers', (row) =>
    row.destinationContext === 'International' ? true : otherSide(row).startsWith('+33'),
  );
});

tap.test('a tenant billed in an unknown currency is refused with the reason', async (t) => {
  const unknown: Scenario = {
    ...defaultScenario,
    name: 'unknown-currency',
    tenant: { ...defaultScenario.tenant, userCount: 2, currency: 'XTS' },
  };
  t.throws(() => buildUniverse(unknown, 1), /No exchange rate is known for currency 'XTS'/);
});
