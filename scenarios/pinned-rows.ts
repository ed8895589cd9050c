/**
 * Pinned rows: exact rows a scenario puts in its logs — "the one expensive call to Germany" —
 * given by the API's own property names, any subset beyond the row's time. This module says
 * what a pinned row may state (the JSON Schema, derived from the contract's row schemas, plus
 * what the mock's records can carry) and what a scenario's pinned rows get wrong together;
 * pinned-logs.ts builds them into a universe.
 */
import {
  functionVersions,
  type JsonSchema,
  type LogFunctionName,
  rowPropertySchemas,
} from '../openapi/contract.js';
import { type IdWords, MAX_CALLS_PER_MINUTE } from './call-identity.js';
import { CALLING_CODES, COUNTRIES, USD_EXCHANGE } from './countries.js';
import { DR_CALL_TYPES } from './direct-routing-facts.js';
import {
  compareInstants,
  daysFromCivil,
  daysInMonth,
  FIRST_MINUTE,
  type Instant,
  LAST_MINUTE,
  MINUTES_PER_DAY,
  TICKS_PER_SECOND,
} from './instant.js';
import { SMS_TYPES, USER_BLOCK_MODES } from './message-log-facts.js';
import {
  CALL_TYPES,
  type ListedUser,
  type PinnedRow,
  type PinnedRows,
  type Scenario,
} from './scenario.js';
import { partyCountriesOf } from './tenant.js';

/** The log functions a scenario can pin rows in; the dial-out report adds up pinned conf_out calls. */
export const PINNABLE_FUNCTIONS = [
  'getPstnCalls',
  'getDirectRoutingCalls',
  'getSmsLog',
  'getPstnBlockedUsersLog',
] as const satisfies readonly (keyof PinnedRows & LogFunctionName)[];
export type PinnableFunction = (typeof PINNABLE_FUNCTIONS)[number];

/** A log's pinned rows: which property places a row in time, and what a row may state. */
interface PinnedLogSpec {
  /** The row's time property, required of every pinned row. */
  readonly time: string;
  /** Fraction digits of a second the log's times carry (rendering/row-field.ts). */
  readonly fractionDigits: 3 | 7;
  /**
   * What a pinned row may state, by property, as the mock's records can carry it: narrower
   * than the contract (which makes every member nullable), which the schema adds its format
   * and description from. Properties not listed are derived only.
   */
  readonly properties: Readonly<Record<string, JsonSchema>>;
}

/** The largest Edm.Int32: smsUnits' format. */
const MAX_INT32 = 2_147_483_647;
/**
 * The longest duration a pinned call may state: a year [ours]. Edm.Int32 would carry 68 years,
 * but the mock counts a call's end in 100-ns ticks, which must stay exact doubles.
 */
const MAX_DURATION_SECONDS = 366 * 24 * 3600;
const text = { type: 'string', minLength: 1 } as const;
const guid = { type: 'string' } as const;
const time = { type: 'string' } as const;
const seconds = { type: 'integer', minimum: 0, maximum: MAX_DURATION_SECONDS } as const;
const amount = { type: 'number', minimum: 0 } as const;
const userId = (nullable: boolean) => ({
  type: nullable ? ['string', 'null'] : 'string',
  minLength: 1,
});
const userProperties = (nullable: boolean) => ({
  userId: userId(nullable),
  userPrincipalName: text,
  userDisplayName: text,
});

/** Each pinnable log's time property, time digits and what a pinned row may state. */
export const PINNED_LOGS: Readonly<Record<PinnableFunction, PinnedLogSpec>> = {
  getPstnCalls: {
    time: 'startDateTime',
    fractionDigits: 7,
    properties: {
      id: guid,
      ...userProperties(true),
      startDateTime: time,
      endDateTime: time,
      duration: seconds,
      charge: amount,
      currency: { enum: Object.keys(USD_EXCHANGE) },
      callType: { enum: [...CALL_TYPES] },
      calleeNumber: text,
      callerNumber: text,
      otherPartyCountryCode: { enum: Object.keys(COUNTRIES) },
    },
  },
  getDirectRoutingCalls: {
    time: 'startDateTime',
    fractionDigits: 3,
    properties: {
      id: guid,
      ...userProperties(true),
      startDateTime: time,
      endDateTime: time,
      failureDateTime: time,
      duration: seconds,
      callType: { enum: DR_CALL_TYPES.map((facts) => facts.callType) },
      successfulCall: { type: 'boolean' },
      callerNumber: text,
      calleeNumber: text,
    },
  },
  getSmsLog: {
    time: 'sentDateTime',
    fractionDigits: 7,
    properties: {
      id: guid,
      ...userProperties(false),
      sentDateTime: time,
      smsType: { enum: SMS_TYPES.map((facts) => facts.smsType) },
      smsUnits: { type: 'integer', minimum: 1, maximum: MAX_INT32 },
      callCharge: amount,
      sourceNumber: text,
      destinationNumber: text,
    },
  },
  getPstnBlockedUsersLog: {
    time: 'blockDateTime',
    fractionDigits: 7,
    properties: {
      ...userProperties(false),
      blockDateTime: time,
      userBlockMode: { enum: [...USER_BLOCK_MODES] },
      blockReason: text,
      userTelephoneNumber: text,
      remediationId: guid,
    },
  },
};

/** Whether a row property is a time (startDateTime, sentDateTime…): the contract names them so. */
export const isTimeProperty = (name: string): boolean => name.endsWith('DateTime');

/** The GUID properties of each log: they must be version-4 GUIDs, the only ones the mock writes. */
const GUID_PROPERTIES = ['id', 'remediationId'] as const;

/** A property's schema in the contract: the first version's that has it. */
function contractProperty(fn: PinnableFunction, name: string): JsonSchema {
  const properties = functionVersions(fn).flatMap((version) => rowPropertySchemas(fn, version));
  return properties.find(([property]) => property === name)![1];
}

/** Every property of `fn`'s rows in any version, in document order. */
export function rowProperties(fn: PinnableFunction): readonly string[] {
  const names = new Set<string>();
  for (const version of functionVersions(fn)) {
    for (const [name] of rowPropertySchemas(fn, version)) names.add(name);
  }
  return [...names];
}

/**
 * The JSON Schema of a pinned row of `fn`, for the scenario schema's `$defs`: each property
 * the contract's description and format, with the type the mock's records can carry.
 */
export function pinnedRowSchema(fn: PinnableFunction): JsonSchema {
  const spec = PINNED_LOGS[fn];
  const properties = Object.fromEntries(
    Object.entries(spec.properties).map(([name, narrowed]) => {
      const contract = contractProperty(fn, name);
      const format = contract.format === undefined ? {} : { format: contract.format };
      return [name, { description: contract.description, ...format, ...narrowed }];
    }),
  );
  return {
    description: `A ${fn} row to pin, by the API's property names: ${spec.time} places it; what it leaves out is derived as for a generated row.`,
    type: 'object',
    properties,
    required: [spec.time],
    additionalProperties: false,
  };
}

/** The sentence for a property a pinned row may not state (the schema's additionalProperties). */
export function unpinnablePropertySentence(pointer: string, fn: string, name: string): string {
  const spec = PINNED_LOGS[fn as PinnableFunction];
  const settable = Object.keys(spec.properties).join(', ');
  if (rowProperties(fn as PinnableFunction).includes(name)) {
    return `${pointer} is derived, not pinned; a pinned ${fn} row can state ${settable}`;
  }
  return `${pointer} is not a property of a ${fn} row; a pinned one can state ${settable}`;
}

/**
 * A time as a pinned row writes it (RFC 3339, as the contract's date-time), and how many
 * fraction digits it uses; undefined when it names no instant Edm.DateTimeOffset can hold.
 */
export function parsePinnedTime(value: string): { at: Instant; digits: number } | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(
      value,
    );
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh = '0', om = '0'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const minute =
    daysFromCivil(year, month, day) * MINUTES_PER_DAY + Number(h) * 60 + Number(mi) - offset;
  if (minute < FIRST_MINUTE || minute > LAST_MINUTE || Number(s) > 59) return undefined;
  const significant = fraction.replace(/0+$/, '');
  const tick = Number(s) * TICKS_PER_SECOND + Number(significant.slice(0, 7).padEnd(7, '0'));
  return { at: { minute, tick }, digits: significant.length };
}

/** A version-4 GUID, as the renderer writes one (it sets the version and variant bits). */
const V4_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The four words a version-4 GUID is written from (rendering/row-field.ts formatRowId). */
export function guidWords(value: string): IdWords {
  const hex = value.replaceAll('-', '');
  const word = (i: number) => Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return { id0: word(0), id1: word(1), id2: word(2), id3: word(3) };
}

/** The listed user a pinned row names (its index), null when it states none, or a problem. */
export function listedUserOf(
  row: PinnedRow,
  users: readonly ListedUser[],
): number | null | { readonly problem: string; readonly property: string } {
  const byId = row.userId;
  const byName = row.userPrincipalName;
  const idIndex =
    typeof byId === 'string' ? users.findIndex((user) => user.id === byId) : undefined;
  const nameIndex =
    typeof byName === 'string'
      ? users.findIndex((user) => user.userPrincipalName?.toLowerCase() === byName.toLowerCase())
      : undefined;
  const unlisted =
    'is none of the listed users (/tenant/users); a pinned row names a listed user by id or stated userPrincipalName, as generated users differ from seed to seed';
  if (byId === null && byName !== undefined) {
    return {
      property: 'userPrincipalName',
      problem: 'names a user, but userId is null (no user); give one or the other',
    };
  }
  if (idIndex === -1) return { property: 'userId', problem: `"${byId}" ${unlisted}` };
  if (nameIndex === -1)
    return { property: 'userPrincipalName', problem: `"${byName}" ${unlisted}` };
  if (idIndex !== undefined && nameIndex !== undefined && idIndex !== nameIndex) {
    return {
      property: 'userPrincipalName',
      problem: `is /tenant/users/${nameIndex}'s, but userId is /tenant/users/${idIndex}'s; name one user`,
    };
  }
  const index = idIndex ?? nameIndex;
  if (index === undefined) {
    if (row.userDisplayName !== undefined) {
      return {
        property: 'userDisplayName',
        problem: 'names no user alone; give the userId or userPrincipalName of a listed user',
      };
    }
    return null;
  }
  const displayName = users[index]!.displayName;
  if (row.userDisplayName !== undefined && row.userDisplayName !== displayName) {
    return {
      property: 'userDisplayName',
      problem:
        displayName === undefined
          ? `is not stated by /tenant/users/${index}, whose name differs from seed to seed; state displayName there instead`
          : `"${String(row.userDisplayName)}" is not /tenant/users/${index}'s displayName "${displayName}"`,
    };
  }
  return index;
}

/**
 * The country of an E.164 number among `candidates`, by its calling code; `preferred` wins a
 * code that several share (+1). Undefined when none of them has its code.
 */
export function countryOfNumber(
  number: string,
  candidates: Iterable<string>,
  preferred: string,
): string | undefined {
  let best: string | undefined;
  for (const code of candidates) {
    const prefix = CALLING_CODES[code];
    if (prefix === undefined || !number.startsWith(prefix)) continue;
    const longer = best === undefined || prefix.length > CALLING_CODES[best]!.length;
    const tiedPreferred =
      best !== undefined && prefix === CALLING_CODES[best] && code === preferred;
    if (longer || tiedPreferred) best = code;
  }
  return best;
}

/** Whole cents of an amount, or undefined when it has more than two decimals. */
export function centsOf(value: number): number | undefined {
  const cents = Math.round(value * 100);
  return Math.abs(cents - value * 100) < 1e-6 ? cents : undefined;
}

/** Ticks from one instant to a later one. */
export function ticksBetween(from: Instant, to: Instant): number {
  return (to.minute - from.minute) * 60 * TICKS_PER_SECOND + (to.tick - from.tick);
}

/** Rows one log can pin: each takes a call number of its own stream's ids. */
export const MAX_PINNED_PER_LOG = MAX_CALLS_PER_MINUTE;

/**
 * What a scenario's pinned rows say that the schema cannot check: users that are not listed,
 * an id given twice, an end before its start, a value the row type cannot carry. One sentence
 * each, naming the member by its JSON pointer.
 */
export function pinnedRowProblems(scenario: Scenario): string[] {
  const problems: string[] = [];
  const pinned = scenario.pinned ?? {};
  const users = scenario.tenant.users ?? [];
  const ids = new Map<string, string>();
  for (const fn of PINNABLE_FUNCTIONS) {
    const spec = PINNED_LOGS[fn];
    (pinned[fn] ?? []).forEach((row, i) => {
      const at = `/pinned/${fn}/${i}`;
      const problem = (property: string, sentence: string) =>
        problems.push(`${at}/${property} ${sentence}`);
      for (const property of GUID_PROPERTIES) {
        const value = row[property];
        if (typeof value !== 'string') continue;
        if (!V4_GUID.test(value)) {
          problem(
            property,
            `"${value}" is not a version-4 GUID (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx), the only kind the mock writes`,
          );
          continue;
        }
        const first = ids.get(value.toLowerCase());
        if (first !== undefined) problem(property, `"${value}" is also ${first}; ids are unique`);
        else ids.set(value.toLowerCase(), `${at}/${property}`);
      }
      const user = listedUserOf(row, users);
      if (user !== null && typeof user === 'object') problem(user.property, user.problem);
      const times = timesOf(row, spec, problem);
      if (times === undefined) return;
      problems.push(...checksOf(fn, row, times, scenario, at));
    });
  }
  return problems;
}

/** The row's times, parsed; undefined (and a problem told) when one cannot be carried. */
function timesOf(
  row: PinnedRow,
  spec: PinnedLogSpec,
  problem: (property: string, sentence: string) => void,
): ReadonlyMap<string, Instant> | undefined {
  const times = new Map<string, Instant>();
  let ok = true;
  for (const property of Object.keys(spec.properties)) {
    const value = row[property];
    if (!isTimeProperty(property) || typeof value !== 'string') continue;
    const parsed = parsePinnedTime(value);
    if (parsed === undefined) {
      problem(property, `"${value}" is no time from year 0001 to 9999 the log can hold`);
      ok = false;
    } else if (parsed.digits > spec.fractionDigits) {
      problem(
        property,
        `"${value}" has ${parsed.digits} digits of a second; this log's times carry ${spec.fractionDigits}`,
      );
      ok = false;
    } else {
      times.set(property, parsed.at);
    }
  }
  return ok ? times : undefined;
}

/** Each log's own rules: what its row type can carry, and what its given members imply together. */
function checksOf(
  fn: PinnableFunction,
  row: PinnedRow,
  times: ReadonlyMap<string, Instant>,
  scenario: Scenario,
  at: string,
): string[] {
  const problems: string[] = [];
  const spec = PINNED_LOGS[fn];
  const start = times.get(spec.time)!;
  const problem = (property: string, sentence: string) =>
    problems.push(`${at}/${property} ${sentence}`);
  const hasUser =
    row.userId === null
      ? false
      : row.userId !== undefined || row.userPrincipalName !== undefined
        ? true
        : undefined;
  const afterStart = (property: string): number | undefined => {
    const end = times.get(property);
    if (end === undefined) return undefined;
    if (compareInstants(end, start) < 0) {
      problem(property, `is before ${spec.time}; a call ends after it starts`);
      return undefined;
    }
    return ticksBetween(start, end);
  };
  for (const property of ['charge', 'callCharge']) {
    const value = row[property];
    if (typeof value === 'number' && centsOf(value) === undefined) {
      problem(property, `${value} has more than two decimals; charges are in hundredths`);
    }
  }

  if (typeof row.duration === 'number') {
    const endMinute =
      start.minute + (start.tick + row.duration * TICKS_PER_SECOND) / (60 * TICKS_PER_SECOND);
    if (endMinute > LAST_MINUTE + 1) {
      problem(
        'duration',
        `${row.duration} s after ${spec.time} is past year 9999, the last Edm.DateTimeOffset holds`,
      );
    }
  }
  if (fn === 'getPstnCalls') {
    const callType = row.callType as string | undefined;
    if (callType !== undefined && hasUser !== undefined) {
      const ucap = callType.startsWith('ucap_');
      if (ucap && hasUser)
        problem(
          'userId',
          `is given, but a ${callType} call (an auto attendant's or call queue's) has no user`,
        );
      if (!ucap && !hasUser)
        problem(
          'userId',
          `is null, but a ${callType} call has a user; only ucap_in and ucap_out calls have none`,
        );
    }
    const ticks = afterStart('endDateTime');
    if (ticks !== undefined) {
      if (ticks % TICKS_PER_SECOND !== 0) {
        problem(
          'endDateTime',
          `is not whole seconds after ${spec.time}; a getPstnCalls row ends its duration in seconds after it starts`,
        );
      } else if (row.duration !== undefined && row.duration !== ticks / TICKS_PER_SECOND) {
        problem(
          'endDateTime',
          `is ${ticks / TICKS_PER_SECOND} s after ${spec.time}, but duration is ${String(row.duration)}`,
        );
      }
    }
    const partyCountries = partyCountriesOf(scenario.tenant);
    const number = callType === undefined ? undefined : row[otherNumberProperty(callType)];
    const country =
      (row.otherPartyCountryCode as string | undefined) ??
      (typeof number === 'string' &&
      countryOfNumber(number, partyCountries, scenario.tenant.country) === undefined
        ? countryOfNumber(number, Object.keys(CALLING_CODES), '')
        : undefined);
    if (country !== undefined && !partyCountries.has(country)) {
      problem(
        row.otherPartyCountryCode === undefined
          ? otherNumberProperty(callType)
          : 'otherPartyCountryCode',
        `is a number of ${country}, where the tenant has no other parties; add ${country} to /tenant/internationalDestinations (a weight of 0 will do)`,
      );
    }
  }

  if (fn === 'getDirectRoutingCalls') {
    if (scenario.tenant.directRouting === undefined) {
      problems.push(
        `${at} needs /tenant/directRouting: a Direct Routing call runs over one of the tenant's SBCs`,
      );
    }
    const facts = DR_CALL_TYPES.find((type) => type.callType === row.callType);
    if (facts !== undefined && hasUser !== undefined && facts.hasUser !== hasUser) {
      problem(
        'userId',
        hasUser
          ? `is given, but a ${facts.callType} call has no user`
          : `is null, but a ${facts.callType} call has a user`,
      );
    }
    const end = afterStart('endDateTime');
    const failure = afterStart('failureDateTime');
    if (end !== undefined && failure !== undefined) {
      problem(
        'failureDateTime',
        'is given with endDateTime; an attempt either connected (an end) or failed (a failure time)',
      );
    }
    if (end !== undefined && row.successfulCall === false) {
      problem(
        'endDateTime',
        'is given, but successfulCall is false; an attempt that never connected has a failureDateTime instead',
      );
    }
    if (failure !== undefined && row.successfulCall === true) {
      problem(
        'failureDateTime',
        'is given, but successfulCall is true; a connected attempt has an endDateTime instead',
      );
    }
    const finish = end ?? failure;
    if (
      finish !== undefined &&
      row.duration !== undefined &&
      row.duration !== Math.round(finish / TICKS_PER_SECOND)
    ) {
      problem(
        'duration',
        `is ${String(row.duration)}, but the attempt's times span ${Math.round(finish / TICKS_PER_SECOND)} s`,
      );
    }
  }
  return problems;
}

/** The property holding the other party's number of a PSTN call of this type. */
export function otherNumberProperty(callType: string | undefined): string {
  return callType?.endsWith('_in') ? 'callerNumber' : 'calleeNumber';
}
