/**
 * Scenario files as data: `extends` as a merge patch, and every kind of mistake told as one
 * exact sentence naming the file, the JSON pointer and what is expected.
 */
import t from 'tap';
import { defaultScenario, singlePageScenario, throttledScenario } from '../../scenarios/catalog.js';
import { BUILT_IN_SCENARIOS } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';
import {
  inconsistenciesOf,
  mergePatch,
  resolveScenarios,
  ScenarioFileError,
  type ScenarioSource,
} from '../../scenarios/scenario-file.js';

const FILE = 'scenarios/acme.json';

/** The problems `data`, in a file named FILE, and `others` have; [] if none. */
function problemsOf(data: unknown, others: readonly ScenarioSource[] = []): readonly string[] {
  try {
    resolveScenarios([{ origin: FILE, data }, ...others], BUILT_IN_SCENARIOS);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioFileError)) throw error;
    t.equal(error.message, error.problems.join('\n'));
    return error.problems;
  }
}

/** The largest tenant the fictional numbers allow. */
const MOST_USERS = { country: 'AU', currency: 'AUD', userCount: 78_995 } as const;

const acme = (changes: Record<string, unknown> = {}) => ({
  name: 'acme',
  extends: 'default',
  ...changes,
});

t.test(
  'extends is a merge patch: objects merge, arrays and scalars replace, null removes',
  async (t) => {
    const [scenario] = resolveScenarios(
      [
        {
          origin: FILE,
          data: acme({
            $schema: 'http://localhost:3000/_mock/scenario.schema.json',
            tenant: {
              userCount: 40,
              domain: 'acme.example',
              directRouting: { trunks: [{ host: 'edge', mediaBypass: true }] },
              sms: null,
            },
          }),
        },
      ],
      BUILT_IN_SCENARIOS,
    );
    const { tenant } = scenario!;
    t.equal(scenario!.name, 'acme');
    t.equal(scenario!.seed, defaultScenario.seed, 'scalars not given are the base’s');
    t.equal(tenant.userCount, 40);
    t.equal(tenant.domain, 'acme.example');
    t.equal(tenant.country, 'US');
    t.same(tenant.directRouting, {
      userShare: defaultScenario.tenant.directRouting!.userShare,
      trunks: [{ host: 'edge', mediaBypass: true }],
    });
    t.notOk('sms' in tenant, 'null removes the member');
    t.notOk(
      '$schema' in scenario! || 'extends' in scenario!,
      'neither $schema nor extends is kept',
    );
    t.same(scenario!.volume, defaultScenario.volume);
    t.same(mergePatch([1, 2], { a: 1 }), { a: 1 }, 'an object replaces a non-object');
  },
);

t.test(
  'a file may extend another file, in any order, and a fault scenario keeps its dataset',
  async (t) => {
    const scenarios = resolveScenarios(
      [
        {
          origin: 'b.json',
          data: { name: 'acme-throttled', extends: 'acme', faults: throttledScenario.faults },
        },
        { origin: 'a.json', data: acme({ extends: 'throttled', seed: 5 }) },
      ],
      BUILT_IN_SCENARIOS,
    );
    t.same(
      scenarios.map(({ name, seed, dataset, faults }) => ({ name, seed, dataset, faults })),
      [
        { name: 'acme-throttled', seed: 5, dataset: 'default', faults: throttledScenario.faults },
        { name: 'acme', seed: 5, dataset: 'default', faults: throttledScenario.faults },
      ],
    );
  },
);

t.test('a file without extends is a whole scenario', async (t) => {
  const whole = JSON.parse(JSON.stringify({ ...singlePageScenario, name: 'acme' }));
  t.same(resolveScenarios([{ origin: FILE, data: whole }], BUILT_IN_SCENARIOS), [whole]);
  const { tenant: _tenant, ...partial } = whole;
  t.same(problemsOf(partial), [`${FILE}: the scenario must have a member "tenant"`]);
});

t.test('each kind of mistake is one exact sentence', async (t) => {
  const cases: [string, unknown, string[]][] = [
    [
      'a wrong type',
      acme({ tenant: { userCount: 'many' } }),
      [`${FILE}: /tenant/userCount must be a whole number from 1 to 100000, got "many"`],
    ],
    [
      'a number out of range',
      acme({ tenant: { foreignUserShare: 1.5 } }),
      [`${FILE}: /tenant/foreignUserShare must be a number from 0 to 1, got 1.5`],
    ],
    [
      'an unknown member, close to a known one',
      acme({ tenant: { usrCount: 5 } }),
      [`${FILE}: /tenant/usrCount is not a scenario member; did you mean userCount?`],
    ],
    [
      'an unknown member, close to none',
      acme({ colour: 'blue' }),
      [`${FILE}: /colour is not a scenario member`],
    ],
    [
      'a value not in the list',
      acme({ tenant: { country: 'JP' } }),
      [`${FILE}: /tenant/country must be one of "US", "CA", "GB", "DE", "FR", "AU", got "JP"`],
    ],
    [
      'a key not in the list',
      acme({ callTypeMix: { user_in: 1, user_sideways: 2 } }),
      [
        `${FILE}: /callTypeMix/user_sideways is not a key /callTypeMix takes; expected one of "user_in", "user_out", "user_out_conf", "user_out_transfer", "user_out_forwarding", "conf_in", "conf_out", "ucap_in", "ucap_out"`,
      ],
    ],
    [
      'a bad pattern',
      acme({ tenant: { domain: 'Not A Domain' } }),
      [
        `${FILE}: /tenant/domain must be a lower-case domain name, e.g. "contoso.com", got "Not A Domain"`,
      ],
    ],
    [
      'a list of the wrong length',
      acme({ volume: { hourlyWeights: [1, 2, 3] } }),
      [`${FILE}: /volume/hourlyWeights must be a list of exactly 24 items, got [1,2,3]`],
    ],
    [
      'a wrong type of object',
      acme({ tenant: { sms: true } }),
      [`${FILE}: /tenant/sms must be an object or null, got true`],
    ],
    [
      'a boolean',
      acme({ tenant: { directRouting: { trunks: [{ host: 'sbc1', mediaBypass: 'no' }] } } }),
      [`${FILE}: /tenant/directRouting/trunks/0/mediaBypass must be true or false, got "no"`],
    ],
    [
      'an empty list',
      acme({ tenant: { directRouting: { trunks: [] } } }),
      [`${FILE}: /tenant/directRouting/trunks must be a non-empty list, got []`],
    ],
    [
      'a missing member of a list item',
      acme({ faults: [{ kind: 'throttle', requests: 10, windowSeconds: 20 }] }),
      [`${FILE}: /faults/0 must have a member "retryAfterSeconds"`],
    ],
    [
      'a fault of an unknown kind',
      acme({ faults: [{ kind: 'outage' }] }),
      [
        `${FILE}: /faults/0/kind must be one of "throttle", "throttleAfter", "transient", "latency", "connectionReset", "truncatedBody", "stall", "dribble", "emptyResponse", "malformedBody", got "outage"`,
      ],
    ],
    [
      'a transient fault on no pages',
      acme({ faults: [{ kind: 'transient', status: 503, failures: 1 }] }),
      [`${FILE}: /faults/0 must have at least one of everyNthPage, pages, share`],
    ],
    [
      'a page number below 1',
      acme({ faults: [{ kind: 'transient', status: 503, pages: [2, 0], failures: 1 }] }),
      [`${FILE}: /faults/0/pages/1 must be a whole number of 1 or more, got 0`],
    ],
    [
      'no page numbers',
      acme({ faults: [{ kind: 'transient', status: 503, pages: [], failures: 1 }] }),
      [`${FILE}: /faults/0/pages must be a non-empty list, got []`],
    ],
    [
      'an unknown log function',
      acme({ faults: [{ kind: 'latency', minMs: 1, maxMs: 2, functions: ['getCalls'] }] }),
      [
        `${FILE}: /faults/0/functions/0 must be one of "getPstnCalls", "getDirectRoutingCalls", "getSmsLog", "getPstnBlockedUsersLog", "getPstnOnlineMeetingDialoutReport", got "getCalls"`,
      ],
    ],
    [
      'no log functions',
      acme({ faults: [{ kind: 'transient', status: 504, share: 1, failures: 1, functions: [] }] }),
      [`${FILE}: /faults/0/functions must be a non-empty list, got []`],
    ],
    [
      'a throttleAfter without its Retry-After, refusing no request',
      acme({ faults: [{ kind: 'throttleAfter', requests: 5, failures: 0 }] }),
      [
        `${FILE}: /faults/0 must have a member "retryAfterSeconds"`,
        `${FILE}: /faults/0/failures must be a whole number of 1 or more, got 0`,
      ],
    ],
    [
      'a throttleAfter with a window',
      acme({
        faults: [{ kind: 'throttleAfter', requests: 5, retryAfterSeconds: 1, windowSecond: 9 }],
      }),
      [`${FILE}: /faults/0/windowSecond is not a scenario member`],
    ],
    [
      'a long value, shortened',
      acme({
        description: ['a', 'list', 'where', 'a', 'sentence', 'belongs', 'in', 'this', 'file'],
      }),
      [`${FILE}: /description must be a string, got ["a","list","where","a","sentence","bel…`],
    ],
    [
      'a bad name',
      { ...acme(), name: 'Acme Corp' },
      [
        `${FILE}: /name must be a name of lower-case letters, digits and hyphens, starting with a letter or digit, e.g. "acme", got "Acme Corp"`,
      ],
    ],
    [
      'a member in another case',
      acme({ tenant: { UserCount: 5 } }),
      [`${FILE}: /tenant/UserCount is not a scenario member; did you mean userCount?`],
    ],
    [
      'a member close to two',
      acme({ faults: [{ kind: 'latency', minMs: 1, maxMs: 2, mnMs: 3 }] }),
      [`${FILE}: /faults/0/mnMs is not a scenario member; did you mean minMs?`],
    ],
    [
      'a weight below zero',
      acme({ callTypeMix: { user_in: -1 } }),
      [`${FILE}: /callTypeMix/user_in must be a number of 0 or more, got -1`],
    ],
    [
      'a string for a list',
      acme({ tenant: { operatorConnectOperators: 'BT' } }),
      [`${FILE}: /tenant/operatorConnectOperators must be a list, got "BT"`],
    ],
    [
      'an empty string',
      acme({ tenant: { operatorConnectOperators: [''] } }),
      [`${FILE}: /tenant/operatorConnectOperators/0 must be a non-empty string, got ""`],
    ],
    ['not an object', [1], [`${FILE}: the scenario must be an object, got [1]`]],
    [
      'several problems, a line each',
      acme({ seed: -1, tenant: { usrCount: 5, utcOffsetMinutes: 1.5 } }),
      [
        `${FILE}: /seed must be a whole number from 0 to 4294967295, got -1`,
        `${FILE}: /tenant/usrCount is not a scenario member; did you mean userCount?`,
        `${FILE}: /tenant/utcOffsetMinutes must be a whole number from -720 to 840, got 1.5`,
      ],
    ],
    [
      'a merged scenario that lacks a member',
      { name: 'acme', extends: 'single-page', tenant: { directRouting: { userShare: 0.5 } } },
      [`${FILE}: extending "single-page", /tenant/directRouting must have a member "trunks"`],
    ],
    [
      'a built-in name',
      { name: 'default', extends: 'empty' },
      [`${FILE}: /name "default" is the name of a built-in scenario; choose another name`],
    ],
    [
      'an unknown extends',
      acme({ extends: 'defualt' }),
      [
        `${FILE}: /extends "defualt" is not a scenario; expected one of default, empty, single-page, large, international, contact-center, direct-routing, edge-cases, throttled, flaky, slow`,
      ],
    ],
    [
      'extending itself',
      acme({ extends: 'acme' }),
      [`${FILE}: /extends "acme" makes a cycle: acme extends acme`],
    ],
  ];
  for (const [name, data, expected] of cases) t.same(problemsOf(data), expected, name);
});

t.test('across files: a name taken twice, a cycle', async (t) => {
  t.same(problemsOf(acme(), [{ origin: 'other.json', data: acme() }]), [
    'other.json: /name "acme" is already the name of the scenario in scenarios/acme.json; choose another name',
  ]);
  t.same(
    problemsOf(acme({ extends: 'beta' }), [
      { origin: 'beta.json', data: { name: 'beta', extends: 'acme' } },
    ]),
    ['beta.json: /extends "acme" makes a cycle: acme extends beta extends acme'],
  );
  t.same(
    problemsOf(acme({ tenant: { userCount: 0 } }), [
      { origin: 'beta.json', data: { name: 'beta', extends: 'acme' } },
    ]),
    [`${FILE}: /tenant/userCount must be a whole number from 1 to 100000, got 0`],
    'a file that extends a bad one adds no line of its own',
  );
  t.same(
    problemsOf(acme({ tenant: { userCount: 0 } }), [
      { origin: 'beta.json', data: { name: 'beta' } },
    ]),
    [
      `${FILE}: /tenant/userCount must be a whole number from 1 to 100000, got 0`,
      'beta.json: the scenario must have a member "description"',
      'beta.json: the scenario must have a member "seed"',
      'beta.json: the scenario must have a member "tenant"',
      'beta.json: the scenario must have a member "volume"',
      'beta.json: the scenario must have a member "callTypeMix"',
      'beta.json: the scenario must have a member "faults"',
    ],
    'every file is checked',
  );
});

t.test('members valid alone but not together are one sentence each', async (t) => {
  // contact-center has no foreign users: a share of them has no country to live in.
  t.same(
    problemsOf({
      name: 'acme',
      extends: 'contact-center',
      tenant: { foreignUserShare: 0.3, operatorConnectShare: 0.2 },
      faults: [{ kind: 'latency', minMs: 900, maxMs: 100 }],
    }),
    [
      `${FILE}: /tenant/foreignUserShare is 0.3 but /tenant/foreignUserCountries names none; add some or set the share to 0`,
      `${FILE}: /tenant/operatorConnectShare is 0.2 but /tenant/operatorConnectOperators names none; add some or set the share to 0`,
      `${FILE}: /faults/0/minMs (900) is more than /faults/0/maxMs (100); the least delay must not exceed the most`,
    ],
  );
  const nowhere = { ...defaultScenario.tenant, internationalDestinations: {} };
  t.same(inconsistenciesOf({ ...defaultScenario, tenant: nowhere }), [
    '/tenant/internationalShare is 0.04 but /tenant/internationalDestinations names none; add some or set the share to 0',
  ]);
  t.same(
    problemsOf(acme({ tenant: { operatorConnectShare: 0 } })),
    [],
    'a share of 0 needs no names',
  );
  // Each within the schema's bounds; together more calls than ids can number. AU's fictional
  // numbers give the most users.
  const flood = (tenant: object, volume: object = {}) =>
    problemsOf(acme({ tenant: { ...MOST_USERS, ...tenant }, volume }));
  t.match(flood({}, { callsPerUserPerWeekday: 100, dailyVariation: 1 }), [
    /^scenarios\/acme\.json: \/tenant\/userCount \(78995\) with its volumes could place up to \d+ calls in a day, and the mock numbers at most 33554432 a minute; lower \/tenant\/userCount, \/volume\/callsPerUserPerWeekday or \/tenant\/sms\/messagesPerUserPerWeekday$/,
  ]);
  t.equal(flood({}, { callsPerUserPerWeekday: 100, dailyVariation: 1 }).length, 1);
  const sms = { userShare: 1, messagesPerUserPerWeekday: 100 };
  t.equal(flood({ sms }, { dailyVariation: 1 }).length, 1, 'messages too');
  t.same(flood({}, { callsPerUserPerWeekday: 100 }), [], 'steadier days of as many calls fit');
});

t.test('no more users than the fictional numbers of their country can give', async (t) => {
  t.same(problemsOf(acme({ tenant: { userCount: 26_196 } })), [
    `${FILE}: /tenant/userCount (26196) is more than the 26195 users the fictional numbers of US can give a number each; lower it`,
  ]);
  t.same(problemsOf(acme({ tenant: { userCount: 26_195 } })), []);
  t.same(problemsOf(acme({ tenant: MOST_USERS })), [], 'AU has the most');
});

t.test('a rule whose whole aim earlier rules take is a sentence', async (t) => {
  const PSTN_SMS = ['getPstnCalls', 'getSmsLog'];
  t.same(
    problemsOf(
      acme({
        faults: [
          { kind: 'transient', status: 504, everyNthPage: 3, failures: 1 },
          { kind: 'transient', status: 504, share: 1, failures: 1, functions: ['getSmsLog'] },
          { kind: 'transient', status: 503, pages: [2, 3], failures: 2, functions: PSTN_SMS },
          { kind: 'transient', status: 503, pages: [2], failures: 2, functions: ['getSmsLog'] },
          { kind: 'latency', minMs: 1, maxMs: 2, functions: PSTN_SMS },
          { kind: 'latency', minMs: 5, maxMs: 9 },
          { kind: 'latency', minMs: 1, maxMs: 2, functions: ['getSmsLog'] },
        ],
      }),
    ),
    [
      `${FILE}: /faults/2/pages/1 (3) is failed first by /faults/0 (everyNthPage 3), for every function /faults/2 names; the first rule that picks a page owns it, so move /faults/2 earlier or drop the page`,
      `${FILE}: /faults/3/pages/0 (2) is failed first by /faults/1 (share 1), for every function /faults/3 names; the first rule that picks a page owns it, so move /faults/3 earlier or drop the page`,
      `${FILE}: /faults/6 delays nothing: every function it names is delayed first by /faults/4; a request waits by the first latency rule of its function only, so move /faults/6 earlier or drop it`,
    ],
    'page 2 of getPstnCalls and the other functions’ delays are still /faults/2’s and /faults/5’s',
  );
  t.same(
    inconsistenciesOf({
      ...defaultScenario,
      faults: [
        { kind: 'transient', status: 503, pages: [3], failures: 1, functions: ['getPstnCalls'] },
        { kind: 'transient', status: 503, everyNthPage: 3, share: 0.5, failures: 1 },
        { kind: 'transient', status: 503, pages: [3, 4], failures: 1 },
        { kind: 'latency', minMs: 1, maxMs: 2, functions: ['getPstnCalls'] },
        { kind: 'latency', minMs: 1, maxMs: 2, functions: ['getSmsLog'] },
        { kind: 'latency', minMs: 1, maxMs: 2, functions: PSTN_SMS },
      ] as Scenario['faults'],
    }),
    [
      '/faults/2/pages/0 (3) is failed first by /faults/0 (pages) and /faults/1 (everyNthPage 3), for every function /faults/2 names; the first rule that picks a page owns it, so move /faults/2 earlier or drop the page',
      '/faults/5 delays nothing: every function it names is delayed first by /faults/3 and /faults/4; a request waits by the first latency rule of its function only, so move /faults/5 earlier or drop it',
    ],
    'several earlier rules together',
  );
  t.same(
    problemsOf(
      acme({
        faults: [
          { kind: 'transient', status: 503, share: 0.99, failures: 1 },
          { kind: 'transient', status: 503, pages: [1], failures: 1, functions: ['getSmsLog'] },
          { kind: 'latency', minMs: 1, maxMs: 2, functions: ['getSmsLog'] },
          { kind: 'latency', minMs: 1, maxMs: 2, functions: ['getPstnCalls'] },
          { kind: 'transient', status: 504, pages: [1], failures: 1, functions: ['getPstnCalls'] },
        ],
      }),
    ),
    [],
    'a share below 1 may leave the page, other functions have their own delays, and a delay takes no page',
  );
});

t.test('every built-in scenario is consistent', async (t) => {
  for (const name of BUILT_IN_SCENARIOS.names()) {
    t.same(inconsistenciesOf(BUILT_IN_SCENARIOS.find(name)!), [], name);
  }
});
