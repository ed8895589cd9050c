/**
 * What a scenario file's pinned rows can get wrong, a sentence each: the schema's (a property the
 * row type lacks or cannot pin, a wrong type or format) and the loader's own (users that are not
 * listed, ids given twice, times that disagree, values the row type cannot carry).
 */
import t from 'tap';
import { functionVersions, rowPropertySchemas } from '../../openapi/contract.js';
import { defaultScenario } from '../../scenarios/catalog.js';
import {
  PINNABLE_FUNCTIONS,
  PINNED_LOGS,
  pinnedRowSchema,
  rowProperties,
} from '../../scenarios/pinned-rows.js';
import { ScenarioFileError } from '../../scenarios/scenario-file.js';
import { SCENARIO_SCHEMA } from '../../scenarios/scenario-schema.js';
import { loadScenario, readmePinnedExample } from '../support/pinned-scenario.js';

const EXAMPLE = readmePinnedExample();
const ADA = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const AT = '2024-06-12T09:30:00Z';
const GUID = 'c0ffee00-1234-4abc-8def-0123456789ab';

/** The problems of the example file with other pinned rows (or other members). */
function problemsOf(change: Record<string, unknown>): readonly string[] {
  try {
    loadScenario({ ...EXAMPLE, ...change });
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    return error.problems.map((problem) => problem.replace(/^pinned\.json: /, ''));
  }
}

const CAN_STATE =
  'id, userId, userPrincipalName, userDisplayName, startDateTime, endDateTime, duration, charge, currency, callType, calleeNumber, callerNumber, otherPartyCountryCode';

t.test('the Pinned rows example loads', async (t) => {
  t.same(problemsOf({}), []);
});

t.test('what the schema refuses: properties, types and formats', async (t) => {
  t.same(
    problemsOf({
      pinned: {
        getPstnCalls: [
          { startDateTime: AT, tenantCountryCode: 'DE' },
          { startDateTime: AT, colour: 'red' },
          { startDateTime: AT, calleNumber: '+4930555012345' },
          { startDateTime: 'yesterday' },
          { startDateTime: AT, duration: -1, charge: 'lots', callType: 'user_sideways' },
          { endDateTime: AT },
          { startDateTime: AT, id: 'not-a-guid' },
        ],
        getSmsLog: [{ sentDateTime: AT, userId: null }],
        getPstnBlockedUsersLog: [{ blockDateTime: AT, userBlockMode: 'Blocked' }],
        getPstnOnlineMeetingDialoutReport: [],
      },
    }),
    [
      `/pinned/getPstnOnlineMeetingDialoutReport is not a scenario member`,
      `/pinned/getPstnCalls/0/tenantCountryCode is derived, not pinned; a pinned getPstnCalls row can state ${CAN_STATE}`,
      `/pinned/getPstnCalls/1/colour is not a property of a getPstnCalls row; a pinned one can state ${CAN_STATE}`,
      '/pinned/getPstnCalls/2/calleNumber is not a property a pinned getPstnCalls row can state; did you mean calleeNumber?',
      '/pinned/getPstnCalls/3/startDateTime must be a date and time with its zone, e.g. "2024-06-12T09:30:00Z", got "yesterday"',
      '/pinned/getPstnCalls/4/duration must be a whole number from 0 to 31622400, got -1',
      '/pinned/getPstnCalls/4/charge must be a number of 0 or more, got "lots"',
      '/pinned/getPstnCalls/4/callType must be one of "user_in", "user_out", "user_out_conf", "user_out_transfer", "user_out_forwarding", "conf_in", "conf_out", "ucap_in", "ucap_out", got "user_sideways"',
      '/pinned/getPstnCalls/5 must have a member "startDateTime"',
      '/pinned/getPstnCalls/6/id must be a GUID, e.g. "0b6ab5e1-7d3c-4f59-9a54-8e0d6b1c2f3a", got "not-a-guid"',
      '/pinned/getSmsLog/0/userId must be a non-empty string, got null',
      '/pinned/getPstnBlockedUsersLog/0/userBlockMode must be one of "blocked", "unblocked", got "Blocked"',
    ],
  );
});

t.test('users: listed, named consistently', async (t) => {
  const unlisted =
    'is none of the listed users (/tenant/users); a pinned row names a listed user by id or stated userPrincipalName, as generated users differ from seed to seed';
  t.same(
    problemsOf({
      pinned: {
        getPstnCalls: [
          { startDateTime: AT, userId: '7a7a7a7a-0000-4000-8000-000000000000' },
          { startDateTime: AT, userPrincipalName: 'nobody@contoso.com' },
          { startDateTime: AT, userId: ADA, userDisplayName: 'Ada King' },
          { startDateTime: AT, userDisplayName: 'Ada King' },
          { startDateTime: AT, userId: ADA, userPrincipalName: 'GRACE@contoso.com' },
          {
            startDateTime: AT,
            userPrincipalName: 'ADA@contoso.com',
            userDisplayName: 'Ada Lovelace',
          },
          { startDateTime: AT, userId: null, userPrincipalName: 'ada@contoso.com' },
          { startDateTime: AT, callType: 'ucap_out', userPrincipalName: 'ada@contoso.com' },
        ],
        getSmsLog: [
          {
            sentDateTime: AT,
            userId: '0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
            userDisplayName: 'Grace',
          },
        ],
      },
    }),
    [
      `/pinned/getPstnCalls/0/userId "7a7a7a7a-0000-4000-8000-000000000000" ${unlisted}`,
      `/pinned/getPstnCalls/1/userPrincipalName "nobody@contoso.com" ${unlisted}`,
      `/pinned/getPstnCalls/2/userDisplayName "Ada King" is not /tenant/users/0's displayName "Ada Lovelace"`,
      '/pinned/getPstnCalls/3/userDisplayName names no user alone; give the userId or userPrincipalName of a listed user',
      "/pinned/getPstnCalls/4/userPrincipalName is /tenant/users/1's, but userId is /tenant/users/0's; name one user",
      '/pinned/getPstnCalls/6/userPrincipalName names a user, but userId is null (no user); give one or the other',
      "/pinned/getPstnCalls/7/userId is given, but a ucap_out call (an auto attendant's or call queue's) has no user",
      '/pinned/getSmsLog/0/userDisplayName is not stated by /tenant/users/1, whose name differs from seed to seed; state displayName there instead',
    ],
  );
});

t.test('ids, times and values the row type cannot carry', async (t) => {
  t.same(
    problemsOf({
      pinned: {
        getPstnCalls: [
          { startDateTime: AT, endDateTime: '2024-06-12T09:29:00Z' },
          { startDateTime: AT, endDateTime: '2024-06-12T09:31:00.5Z' },
          { startDateTime: AT, endDateTime: '2024-06-12T09:31:00Z', duration: 30 },
          { startDateTime: '2024-06-12T09:30:00.12345678Z' },
          { startDateTime: '0000-12-31T23:59:00Z' },
          { startDateTime: AT, charge: 1.234 },
          { startDateTime: AT, callType: 'ucap_in', userId: ADA },
          { startDateTime: AT, callType: 'user_in', userId: null },
          { startDateTime: AT, id: 'c0ffee00-1234-1abc-8def-0123456789ab' },
          { startDateTime: AT, id: GUID },
          { startDateTime: AT, id: GUID.toUpperCase() },
          { startDateTime: '9999-12-31T23:00:00Z', duration: 7200 },
        ],
        getDirectRoutingCalls: [
          { startDateTime: '2024-06-12T09:30:00.1234Z' },
          { startDateTime: AT, endDateTime: AT, failureDateTime: AT },
          { startDateTime: AT, endDateTime: AT, successfulCall: false },
          {
            startDateTime: AT,
            failureDateTime: '2024-06-12T09:31:00Z',
            successfulCall: true,
            duration: 5,
          },
          { startDateTime: AT, failureDateTime: '2024-06-12T09:00:00Z' },
          { startDateTime: AT, callType: 'dr_in_bot', userId: ADA },
          { startDateTime: AT, callType: 'dr_in', userId: null },
        ],
        getSmsLog: [{ sentDateTime: AT, callCharge: 0.001 }],
        getPstnBlockedUsersLog: [{ blockDateTime: AT, remediationId: GUID }],
      },
    }),
    [
      '/pinned/getPstnCalls/0/endDateTime is before startDateTime; a call ends after it starts',
      '/pinned/getPstnCalls/1/endDateTime is not whole seconds after startDateTime; a getPstnCalls row ends its duration in seconds after it starts',
      '/pinned/getPstnCalls/2/endDateTime is 60 s after startDateTime, but duration is 30',
      `/pinned/getPstnCalls/3/startDateTime "2024-06-12T09:30:00.12345678Z" has 8 digits of a second; this log's times carry 7`,
      '/pinned/getPstnCalls/4/startDateTime "0000-12-31T23:59:00Z" is no time from year 0001 to 9999 the log can hold',
      '/pinned/getPstnCalls/5/charge 1.234 has more than two decimals; charges are in hundredths',
      "/pinned/getPstnCalls/6/userId is given, but a ucap_in call (an auto attendant's or call queue's) has no user",
      '/pinned/getPstnCalls/7/userId is null, but a user_in call has a user; only ucap_in and ucap_out calls have none',
      '/pinned/getPstnCalls/8/id "c0ffee00-1234-1abc-8def-0123456789ab" is not a version-4 GUID (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx), the only kind the mock writes',
      `/pinned/getPstnCalls/10/id "${GUID.toUpperCase()}" is also /pinned/getPstnCalls/9/id; ids are unique`,
      '/pinned/getPstnCalls/11/duration 7200 s after startDateTime is past year 9999, the last Edm.DateTimeOffset holds',
      `/pinned/getDirectRoutingCalls/0/startDateTime "2024-06-12T09:30:00.1234Z" has 4 digits of a second; this log's times carry 3`,
      '/pinned/getDirectRoutingCalls/1/failureDateTime is given with endDateTime; an attempt either connected (an end) or failed (a failure time)',
      '/pinned/getDirectRoutingCalls/2/endDateTime is given, but successfulCall is false; an attempt that never connected has a failureDateTime instead',
      '/pinned/getDirectRoutingCalls/3/failureDateTime is given, but successfulCall is true; a connected attempt has an endDateTime instead',
      "/pinned/getDirectRoutingCalls/3/duration is 5, but the attempt's times span 60 s",
      '/pinned/getDirectRoutingCalls/4/failureDateTime is before startDateTime; a call ends after it starts',
      '/pinned/getDirectRoutingCalls/5/userId is given, but a dr_in_bot call has no user',
      '/pinned/getDirectRoutingCalls/6/userId is null, but a dr_in call has a user',
      '/pinned/getSmsLog/0/callCharge 0.001 has more than two decimals; charges are in hundredths',
      `/pinned/getPstnBlockedUsersLog/0/remediationId "${GUID}" is also /pinned/getPstnCalls/9/id; ids are unique`,
    ],
  );
});

t.test('what the rest of the scenario must hold: the other party’s country, an SBC', async (t) => {
  const { users } = EXAMPLE.tenant as { users: readonly { routing: string }[] };
  const whole = JSON.parse(JSON.stringify(defaultScenario)) as typeof defaultScenario;
  const problems = problemsOf({
    extends: undefined,
    ...whole,
    name: 'canada-only',
    tenant: {
      ...whole.tenant,
      foreignUserCountries: { CA: 1 },
      internationalDestinations: { CA: 1 },
      directRouting: undefined,
      users: users.filter((user) => user.routing !== 'directRouting'),
    },
    pinned: {
      getPstnCalls: [
        { startDateTime: AT, otherPartyCountryCode: 'AU' },
        { startDateTime: AT, callType: 'user_in', callerNumber: '+61255501234' },
        { startDateTime: AT, callType: 'user_out', calleeNumber: '+16135550123' },
        { startDateTime: AT, calleeNumber: '+61255501234' },
      ],
      getDirectRoutingCalls: [{ startDateTime: AT }],
    },
  });
  t.same(problems, [
    '/pinned/getPstnCalls/0/otherPartyCountryCode is a number of AU, where the tenant has no other parties; add AU to /tenant/internationalDestinations (a weight of 0 will do)',
    '/pinned/getPstnCalls/1/callerNumber is a number of AU, where the tenant has no other parties; add AU to /tenant/internationalDestinations (a weight of 0 will do)',
    "/pinned/getDirectRoutingCalls/0 needs /tenant/directRouting: a Direct Routing call runs over one of the tenant's SBCs",
  ]);
});

t.test(
  'the pinned rows’ schema is the contract’s: its properties, their descriptions and formats',
  async (t) => {
    for (const fn of PINNABLE_FUNCTIONS) {
      const schema = pinnedRowSchema(fn) as {
        properties: Record<string, { description?: unknown; format?: unknown }>;
        required: readonly string[];
      };
      t.same(schema.required, [PINNED_LOGS[fn].time], `${fn}: its time is required`);
      const contract = new Map(
        functionVersions(fn).flatMap((version) => rowPropertySchemas(fn, version)),
      );
      for (const [name, property] of Object.entries(schema.properties)) {
        t.ok(rowProperties(fn).includes(name), `${fn}: ${name} is a row property`);
        t.equal(
          property.description,
          contract.get(name)!.description,
          `${fn}: ${name}'s description`,
        );
        t.equal(property.format, contract.get(name)!.format, `${fn}: ${name}'s format`);
      }
      t.same(
        SCENARIO_SCHEMA.$defs.pinned.properties[fn]!.items.$ref,
        `#/$defs/pinned${fn.slice(3)}Row`,
        `${fn}: the scenario schema's pinned member refers to it`,
      );
    }
  },
);
