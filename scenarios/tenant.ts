import { createRequire } from 'node:module';
import type { Faker, FakerOptions, LocaleDefinition } from '@faker-js/faker';
import seedrandom from 'seedrandom';
import { type CountryFacts, countryFacts } from './countries.js';
import { hashString } from './hash.js';
import { routingOf } from './listed-users.js';
import { SMS_COUNTRIES } from './message-log-facts.js';
import { NumberPool } from './number-pool.js';
import { uniquePrincipalName } from './principal-name.js';
import {
  datasetOf,
  type LicenseCapability,
  type Routing,
  type Scenario,
  type TenantProfile,
  type Weights,
} from './scenario.js';

/**
 * The tenant's fixed facts — its directory, numbers, sites and service lines — built once per
 * (scenario, seed) with a private faker on a seedrandom stream. Calls only draw from these pools.
 */

export interface ClientAddresses {
  readonly publicV4: string;
  readonly publicV6: string | null;
  readonly localV4: string;
  readonly localV6: string | null;
}

export interface TenantUser {
  /** Position in Tenant.users, so renderers can keep per-user data in arrays. */
  readonly index: number;
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  /** ISO 3166 code of the user's usage location. */
  readonly usageCountry: string;
  readonly license: LicenseCapability;
  /** Index into Tenant.numbers of the user's own number. */
  readonly number: number;
  readonly operator: string;
  readonly durationSource: 'microsoft' | 'operator';
  /** The dial-in conference id of meetings this user organizes. */
  readonly conferenceId: string;
  readonly administrativeUnitIds: readonly string[];
  /** Where the user's Teams client connects from: the office, and home. */
  readonly clients: readonly [ClientAddresses, ClientAddresses];
  /** Relative call activity; a few users make many of the calls. */
  readonly activity: number;
  /** How the user's number reaches the PSTN, and so which call log holds their calls. */
  readonly routing: Routing;
  /** Index into Tenant.trunks of a Direct Routing user's SBC; -1 for everyone else. */
  readonly trunk: number;
  /** Licensed for Teams Phone SMS (Calling Plan users in SMS countries only). */
  readonly smsLicensed: boolean;
}

/** One of the tenant's SBCs, as getDirectRoutingCalls names it. */
export interface Trunk {
  readonly fqdn: string;
  readonly mediaBypass: boolean;
}

/** A contiguous run of Tenant.numbers entries. */
export interface NumberRange {
  readonly start: number;
  readonly count: number;
}

export interface Tenant {
  readonly profile: TenantProfile;
  readonly country: CountryFacts;
  /** Every phone number a row can carry, in E.164; rows refer to them by index. */
  readonly numbers: readonly string[];
  readonly users: readonly TenantUser[];
  /** Users whose calls getPstnCalls holds: on a Calling Plan or Operator Connect. */
  readonly pstnUsers: readonly TenantUser[];
  /** Users whose calls getDirectRoutingCalls holds. */
  readonly directRoutingUsers: readonly TenantUser[];
  /** Users who send and receive SMS. */
  readonly smsUsers: readonly TenantUser[];
  readonly trunks: readonly Trunk[];
  /** Numbers of other parties, per country code. */
  readonly externalNumbers: Readonly<Record<string, NumberRange>>;
  /** The audio-conferencing bridge's dial-in numbers. */
  readonly conferenceNumbers: { readonly toll: NumberRange; readonly tollFree: NumberRange };
  /** Auto attendants' and call queues' numbers (the bots of ucap_* calls). */
  readonly botNumbers: { readonly toll: NumberRange; readonly tollFree: NumberRange };
  readonly administrativeUnitIds: readonly string[];
}

const require = createRequire(import.meta.url);

interface FakerModules {
  /** Each locale's definitions merged over en and base, as faker's own per-locale instance holds them. */
  readonly locales: Readonly<Record<CountryFacts['locale'], LocaleDefinition>>;
  readonly Faker: new (options: FakerOptions) => Faker;
}
let fakerModules: FakerModules | undefined;

/**
 * faker, loaded on the first tenant built: a start whose tenant comes from the cache
 * (server/tenant-cache.ts) never needs it, and its locales take ~30 ms to load. Only these six
 * load: faker's index would load all ~70 (250 ms). The class is reached through an instance, as
 * the package exports it only from its index.
 */
function loadFaker(): FakerModules {
  if (fakerModules === undefined) {
    const locale = (name: string): Faker =>
      (require(`@faker-js/faker/locale/${name}`) as { faker: Faker }).faker;
    const enUs = locale('en_US');
    fakerModules = {
      locales: {
        en_US: enUs.rawDefinitions,
        en_CA: locale('en_CA').rawDefinitions,
        en_GB: locale('en_GB').rawDefinitions,
        en_AU: locale('en_AU').rawDefinitions,
        de: locale('de').rawDefinitions,
        fr: locale('fr').rawDefinitions,
      },
      Faker: enUs.constructor as FakerModules['Faker'],
    };
  }
  return fakerModules;
}

/** Other-party numbers kept per country: plenty of variety, bounded memory. */
const MAX_EXTERNAL_NUMBERS = 4000;
const ADMINISTRATIVE_UNITS = 4;
const SITES = 3;
const CONFERENCE_TOLL_NUMBERS = 2;
const BOT_TOLL_NUMBERS = 3;
/** Numbers of a country that its users leave to other parties, so calls to it have someone to reach. */
const OTHER_PARTY_RESERVE = 1000;

/**
 * The most users a tenant in `country` can have: one fictional number each from the country's
 * blocks (data reference §4), beside the conferencing bridge's and the bots' numbers and those
 * kept for other parties.
 *
 * @example
 * maxUsersIn('US'); // 26195
 */
export function maxUsersIn(country: string): number {
  const blocks = countryFacts(country).geographic;
  const numbers = blocks.reduce((sum, block) => sum + block.count, 0);
  return numbers - CONFERENCE_TOLL_NUMBERS - BOT_TOLL_NUMBERS - OTHER_PARTY_RESERVE;
}
const TOLL_FREE_NUMBERS = 1;

export function buildTenant(scenario: Scenario, seed: number): Tenant {
  const profile = scenario.tenant;
  const stream = `graph-callrecords-mock/${datasetOf(scenario)}/${seed}`;
  const random = seedrandom(`${stream}/tenant`);
  // Routing and SMS draw from a stream of their own, so the directory stays as it was without them.
  const routing = seedrandom(`${stream}/routing`);
  const directRouting = profile.directRouting;
  const trunks: Trunk[] = (directRouting?.trunks ?? []).map(({ host, mediaBypass }) => ({
    fqdn: `${host}.${profile.domain}`,
    mediaBypass,
  }));
  const sms = profile.sms;
  // A user is homed on an SBC that lists their country, else on one that lists none, else any.
  const trunkProfiles = directRouting?.trunks ?? [];
  const trunksFor = (code: string): number[] => {
    const indexes = (match: (countries: readonly string[] | undefined) => boolean) =>
      trunkProfiles.flatMap((trunk, i) => (match(trunk.countries) ? [i] : []));
    const listing = indexes((countries) => countries?.includes(code) === true);
    if (listing.length > 0) return listing;
    const open = indexes((countries) => countries === undefined);
    return open.length > 0 ? open : trunkProfiles.map((_, i) => i);
  };
  const fakers = new Map<string, Faker>();
  const { locales, Faker: FakerClass } = loadFaker();
  const fakerFor = (country: CountryFacts): Faker => {
    let faker = fakers.get(country.code);
    if (!faker) {
      faker = new FakerClass({
        locale: locales[country.locale],
        randomizer: seedrandomRandomizer(`${stream}/faker/${country.code}`),
      });
      faker.seed(seed);
      fakers.set(country.code, faker);
    }
    return faker;
  };
  const home = countryFacts(profile.country);
  const directoryFaker = fakerFor(home);

  const numbers: string[] = [];
  const pools = new Map<string, NumberPool>();
  const poolFor = (country: CountryFacts): NumberPool => {
    let pool = pools.get(country.code);
    if (!pool) {
      pool = new NumberPool(country.geographic, random);
      pools.set(country.code, pool);
    }
    return pool;
  };
  const take = (pool: NumberPool, count: number): NumberRange => {
    const start = numbers.length;
    const taken = pool.take(count);
    for (const number of taken) numbers.push(number);
    return { start, count: taken.length };
  };
  const tollFreePool = new NumberPool(home.tollFree, random);

  const administrativeUnitIds = Array.from({ length: ADMINISTRATIVE_UNITS }, () =>
    directoryFaker.string.uuid(),
  );
  const sites = Array.from({ length: SITES }, (_, site) => siteAddresses(site, random));
  const conferenceNumbers = {
    toll: take(poolFor(home), CONFERENCE_TOLL_NUMBERS),
    tollFree: take(tollFreePool, TOLL_FREE_NUMBERS),
  };
  const botNumbers = {
    toll: take(poolFor(home), BOT_TOLL_NUMBERS),
    tollFree: take(tollFreePool, TOLL_FREE_NUMBERS),
  };

  const licenses = weightedKeys(profile.licenseMix);
  const foreignCountries = weightedKeys(profile.foreignUserCountries);
  const listed = profile.users ?? [];
  // Generated names step around the listed ones (UPNs are case-insensitive).
  const usedPrincipalNames = new Set<string>(
    listed.flatMap(({ userPrincipalName }) =>
      userPrincipalName === undefined ? [] : [userPrincipalName.toLowerCase()],
    ),
  );
  const operators = profile.operatorConnectOperators;
  const users: TenantUser[] = [];
  for (let i = 0; i < profile.userCount; i++) {
    // A listed user takes what it gives; every draw is still made, so the stream stays in step.
    const given = listed[i];
    const foreign = foreignCountries.length > 0 && random() < profile.foreignUserShare;
    const drawnCountry = foreign ? countryFacts(choose(foreignCountries, random)) : home;
    // A foreign country whose users have taken all but the other parties' numbers sends the
    // rest home; a pool not made yet is untouched (making it here would move the stream).
    const full = (pools.get(drawnCountry.code)?.remaining ?? Infinity) <= OTHER_PARTY_RESERVE;
    const country =
      given?.usageCountry !== undefined
        ? countryFacts(given.usageCountry)
        : full
          ? home
          : drawnCountry;
    const faker = fakerFor(country);
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const onOperatorConnect = operators.length > 0 && random() < profile.operatorConnectShare;
    const site = sites[Math.floor(random() * SITES)]!;
    const onDirectRouting = trunks.length > 0 && routing() < directRouting!.userShare;
    const homeTrunks = trunksFor(country.code);
    const drawnTrunk = homeTrunks[Math.floor(routing() * homeTrunks.length)]!;
    const smsDraw = routing();
    const userRouting = routingOf(
      given,
      onDirectRouting ? 'directRouting' : onOperatorConnect ? 'operatorConnect' : 'callingPlan',
    );
    const id = directoryFaker.string.uuid();
    const license = choose(licenses, random);
    const number = take(poolFor(country), 1).start;
    const drawnOperator = onOperatorConnect
      ? choose(
          operators.map((o) => [o, 1] as const),
          random,
        )
      : undefined;
    const conferenceId = String(100_000_000 + Math.floor(random() * 900_000_000));
    const units = administrativeUnitsOf(administrativeUnitIds, random);
    const clients: TenantUser['clients'] = [site(random), remoteAddresses(random)];
    const activity = Math.exp(0.8 * gaussian(random));
    // A listed name without a UPN gives the UPN its first and last words.
    const [first, last] =
      given?.displayName === undefined ? [firstName, lastName] : nameParts(given.displayName);
    const userPrincipalName =
      given?.userPrincipalName ??
      uniquePrincipalName(first, last, profile.domain, usedPrincipalNames);
    const operator =
      userRouting !== 'operatorConnect'
        ? 'Microsoft'
        : (given?.operator ??
          drawnOperator ??
          // Listed onto Operator Connect without one: an operator by its id, not by a draw.
          operators[hashString(given!.id) % operators.length]!);
    users.push({
      index: i,
      id: given?.id ?? id,
      displayName: given?.displayName ?? `${firstName} ${lastName}`,
      userPrincipalName,
      usageCountry: country.code,
      license: given?.license ?? license,
      number: given?.number === undefined ? number : numbers.push(given.number) - 1,
      operator,
      durationSource: userRouting === 'operatorConnect' ? 'operator' : 'microsoft',
      conferenceId,
      administrativeUnitIds: given?.administrativeUnitIds ?? units,
      clients,
      activity,
      routing: userRouting,
      trunk:
        userRouting !== 'directRouting'
          ? -1
          : given?.trunk === undefined
            ? drawnTrunk
            : trunkProfiles.findIndex((trunk) => trunk.host === given.trunk),
      smsLicensed:
        given?.smsLicensed ??
        (sms !== undefined &&
          userRouting === 'callingPlan' &&
          SMS_COUNTRIES.has(country.code) &&
          smsDraw < sms.userShare),
    });
  }

  const externalNumbers: Record<string, NumberRange> = {};
  const externalCountries = partyCountriesOf(profile);
  for (const code of externalCountries) {
    externalNumbers[code] = take(poolFor(countryFacts(code)), MAX_EXTERNAL_NUMBERS);
  }

  return {
    profile,
    country: home,
    numbers,
    users,
    pstnUsers: users.filter((user) => user.routing !== 'directRouting'),
    directRoutingUsers: users.filter((user) => user.routing === 'directRouting'),
    smsUsers: users.filter((user) => user.smsLicensed),
    trunks,
    externalNumbers,
    conferenceNumbers,
    botNumbers,
    administrativeUnitIds,
  };
}

/**
 * The countries whose numbers the tenant holds for other parties: its own, its users' and its
 * calls' destinations. Other parties can be only there, and users see rows only from there.
 */
export function partyCountriesOf(profile: TenantProfile): ReadonlySet<string> {
  return new Set([
    profile.country,
    ...Object.keys(profile.foreignUserCountries),
    ...Object.keys(profile.internationalDestinations),
    ...(profile.users ?? []).flatMap(({ usageCountry }) => usageCountry ?? []),
  ]);
}

/** faker's randomizer on a seedrandom stream; faker.seed(n) picks the stream `${base}/${n}`. */
function seedrandomRandomizer(base: string): {
  next(): number;
  seed(seed: number | number[]): void;
} {
  let prng = seedrandom(base);
  return {
    next: () => prng(),
    seed: (value) => {
      prng = seedrandom(`${base}/${String(value)}`);
    },
  };
}

type Random = () => number;

function weightedKeys<K extends string>(weights: Weights<K>): (readonly [K, number])[] {
  return (Object.entries(weights) as [K, number][]).filter(([, w]) => w > 0);
}

function choose<K>(options: readonly (readonly [K, number])[], random: Random): K {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  // The last option takes whatever rounding leaves, so the walk stops one short of it.
  let i = 0;
  for (; i < options.length - 1; i++) {
    r -= options[i]![1];
    if (r < 0) break;
  }
  return options[i]![0];
}

/** A standard normal draw (Box–Muller) for pool-building only. */
function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The first and last words of a display name, for its UPN. */
function nameParts(displayName: string): [string, string] {
  const words = displayName.trim().split(/\s+/);
  return [words[0]!, words.length > 1 ? words.at(-1)! : ''];
}

function administrativeUnitsOf(units: readonly string[], random: Random): string[] {
  const r = random();
  if (r < 0.4) return [];
  const first = units[Math.floor(random() * units.length)]!;
  if (r < 0.9) return [first];
  const second = units[Math.floor(random() * units.length)]!;
  return second === first ? [first] : [first, second];
}

const byte = (random: Random): number => Math.floor(random() * 254) + 1;
const hex16 = (random: Random): string => Math.floor(random() * 0x10000).toString(16);

/**
 * An office: public addresses from the documentation ranges (RFC 5737 TEST-NET-3, RFC 3849),
 * private ones inside. Returns a maker of one desk's addresses at that office.
 */
function siteAddresses(site: number, random: Random): (random: Random) => ClientAddresses {
  const publicV4 = `203.0.113.${byte(random)}`;
  const publicV6Prefix = `2001:db8:${(0x100 + site).toString(16)}`;
  const hasV6 = random() < 0.7;
  return (r) => ({
    publicV4,
    publicV6: hasV6 ? `${publicV6Prefix}:${hex16(r)}::${hex16(r)}` : null,
    localV4: `10.${site + 1}.${byte(r)}.${byte(r)}`,
    localV6: hasV6
      ? `${publicV6Prefix}:${hex16(r)}:${hex16(r)}:${hex16(r)}:${hex16(r)}:${hex16(r)}`
      : null,
  });
}

/** Working from home: a residential NAT (TEST-NET-2 public, RFC 1918 private), IPv4 only. */
function remoteAddresses(random: Random): ClientAddresses {
  return {
    publicV4: `198.51.100.${byte(random)}`,
    publicV6: null,
    localV4: `192.168.${Math.floor(random() * 4)}.${byte(random)}`,
    localV6: null,
  };
}
