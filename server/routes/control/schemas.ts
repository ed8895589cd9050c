/**
 * Response schemas of the control API. fastify serializes with them, so a member missing
 * here is silently dropped from the response: keep them in step with the handlers' values.
 */
import { DR_CALL_TYPES } from '../../../scenarios/direct-routing-facts.js';
import { SCENARIO_ORIGINS } from '../../../scenarios/registry.js';
import { CALL_TYPES } from '../../../scenarios/scenario.js';

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const nullableString = { type: ['string', 'null'] } as const;

function object(properties: Record<string, unknown>, required = Object.keys(properties)) {
  return { type: 'object', properties, required, additionalProperties: false } as const;
}

const money = object({ cents: integer, amount: { type: 'number' } });
/** `{ "USD": { "cents": 1234, "amount": 12.34 } }`: currencies are keys. */
const moneyByCurrency = { type: 'object', additionalProperties: money } as const;

export const defaultScenarioResponse = object({ scenario: string, seed: integer });

export const scenariosResponse = object({
  default: defaultScenarioResponse,
  scenarios: {
    type: 'array',
    items: object({
      name: string,
      description: string,
      seed: integer,
      origin: { enum: [...SCENARIO_ORIGINS] },
      replaced: { type: 'boolean' },
    }),
  },
});

const journalEntry = object({
  time: string,
  method: string,
  url: string,
  headers: {
    type: 'object',
    additionalProperties: { anyOf: [string, { type: 'array', items: string }] },
  },
  status: integer,
  scenario: nullableString,
  seed: { type: ['integer', 'null'] },
  fault: nullableString,
  durationMs: { type: 'number' },
});

export const requestsResponse = object({
  requests: { type: 'array', items: journalEntry },
});

const heading = {
  scenario: string,
  seed: integer,
  fromDateTime: string,
  toDateTime: string,
} as const;

/** The same totals per UTC day (scenarios/daily-summary.ts). */
const days = {
  type: 'array',
  items: object({
    date: string,
    rows: integer,
    counts: { type: 'object', additionalProperties: integer },
    charge: moneyByCurrency,
  }),
} as const;

const userHeading = { userId: string, userPrincipalName: string, displayName: string } as const;
const users = (totals: Record<string, unknown>) =>
  ({ type: 'array', items: object({ ...userHeading, ...totals }) }) as const;

const pstnSummary = object({
  function: { const: 'getPstnCalls' },
  ...heading,
  rows: integer,
  pages: integer,
  charge: moneyByCurrency,
  connectionCharge: moneyByCurrency,
  callTypes: object(Object.fromEntries(CALL_TYPES.map((type) => [type, integer]))),
  callsWithoutUser: integer,
  users: users({ calls: integer, charge: moneyByCurrency }),
  days,
});

const directRoutingSummary = object({
  function: { const: 'getDirectRoutingCalls' },
  ...heading,
  rows: integer,
  pages: integer,
  successfulCalls: integer,
  outcomes: object({ completed: integer, unanswered: integer, failed: integer }),
  callTypes: object(Object.fromEntries(DR_CALL_TYPES.map(({ callType }) => [callType, integer]))),
  finalSipCodes: { type: 'object', additionalProperties: integer },
  durationSeconds: integer,
  mediaBypassCalls: integer,
  trunks: {
    type: 'array',
    items: object({ trunkFullyQualifiedDomainName: string, calls: integer }),
  },
  callsWithoutUser: integer,
  users: users({ calls: integer, successfulCalls: integer, durationSeconds: integer }),
  days,
});

const smsSummary = object({
  function: { const: 'getSmsLog' },
  ...heading,
  rows: integer,
  pages: integer,
  smsTypes: object({ sms_out: integer, sms_in: integer }),
  smsUnits: integer,
  charge: moneyByCurrency,
  users: users({ messages: integer, smsUnits: integer, charge: moneyByCurrency }),
  days,
});

const blockedUsersSummary = object({
  function: { const: 'getPstnBlockedUsersLog' },
  ...heading,
  rows: integer,
  pages: integer,
  userBlockModes: object({ blocked: integer, unblocked: integer }),
  blockReasons: { type: 'object', additionalProperties: integer },
  users: users({ blocked: integer, unblocked: integer }),
  days,
});

const dialoutSummary = object({
  function: { const: 'getPstnOnlineMeetingDialoutReport' },
  ...heading,
  rows: integer,
  pages: integer,
  totalCalls: integer,
  totalCallSeconds: integer,
  totalCallCharge: moneyByCurrency,
  organizers: integer,
  days,
});

/** One shape per log function; `function` tells them apart. */
export const summaryResponse = {
  anyOf: [pstnSummary, directRoutingSummary, smsSummary, blockedUsersSummary, dialoutSummary],
} as const;
