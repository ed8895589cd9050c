/**
 * Pinned rows over HTTP: the docs' example file (docs/scenario-files.md) loaded into a server, its rows served as
 * stated on the pages of a walk at any page size, and totalled by /_mock/summary.
 */
import t from 'tap';
import type { ScenarioFile, ScenarioFileError } from '../../scenarios/scenario-file.js';
import { buildApp } from '../../server/app.js';
import { get, logPath, walk } from '../support/graph.js';
import { readmePinnedExample } from '../support/pinned-scenario.js';

const EXAMPLE = readmePinnedExample();
const FILE = EXAMPLE as unknown as ScenarioFile;
const HEADERS = { 'x-mock-scenario': EXAMPLE.name };
const FROM = '2024-06-12';
const TO = '2024-06-14';

t.test(
  'getPstnCalls serves the pinned call to Germany as stated, on every walk, and totals it',
  async (t) => {
    const app = buildApp({ scenarios: [FILE] });
    t.teardown(() => app.close());
    const [germany] = EXAMPLE.pinned.getPstnCalls!;
    const walks: string[][] = [];
    for (const [version, top] of [
      ['beta', ''],
      ['beta', '?$top=7'],
      ['v1.0', '?$top=50'],
    ] as const) {
      const walked = await walk(
        t,
        app,
        version,
        logPath('getPstnCalls', version, FROM, TO, top),
        HEADERS,
      );
      walks.push(walked.rows.map((row) => row.id));
      const served = walked.rows.filter((row) => row.id === germany!.id);
      t.equal(served.length, 1, `${version}${top}: once`);
      t.match(served[0], {
        startDateTime: '2024-06-12T09:30:00.0000000Z',
        endDateTime: '2024-06-12T10:30:00.0000000Z',
        callType: 'user_out',
        calleeNumber: '+4930555012345',
        duration: 3600,
        charge: 42.1,
        userId: germany!.userId,
        userPrincipalName: 'ada@contoso.com',
        destinationName: 'Germany',
      });
      if (version === 'beta') t.equal(served[0]!.otherPartyCountryCode, 'DE');
    }
    t.same(walks[1], walks[0], 'pages of 7 read the same rows in the same order');
    t.same(walks[2], walks[0], 'and so does v1.0');

    const summary = (
      await get(
        app,
        `/_mock/summary?scenario=${EXAMPLE.name}&fromDateTime=${FROM}&toDateTime=${TO}`,
        {
          authorization: null,
        },
      )
    ).json();
    const walked = await walk(t, app, 'beta', logPath('getPstnCalls', 'beta', FROM, TO), HEADERS);
    t.equal(summary.rows, walked.rows.length, 'the summary counts the pinned rows a walk reads');
    const cents = walked.rows.reduce((sum, row) => sum + Math.round(Number(row.charge) * 100), 0);
    t.equal(summary.charge.USD.cents, cents, 'and their charge');
    const ada = summary.users.find((user: { userId: string }) => user.userId === germany!.userId);
    t.ok(ada.charge.USD.cents >= 4210, 'Ada’s calls cost at least the pinned 42.10');

    const report = (
      await get(
        app,
        `/_mock/summary?function=getPstnOnlineMeetingDialoutReport&scenario=${EXAMPLE.name}&fromDateTime=${FROM}&toDateTime=${TO}`,
        { authorization: null },
      )
    ).json();
    const confOut = walked.rows.filter((row) => row.callType === 'conf_out');
    t.equal(
      report.totalCalls,
      confOut.length,
      'the dial-out report adds up the conf_out rows, pinned too',
    );
  },
);

t.test('getSmsLog serves the pinned message and counts it', async (t) => {
  const app = buildApp({ scenarios: [FILE] });
  t.teardown(() => app.close());
  const [message] = EXAMPLE.pinned.getSmsLog!;
  const walked = await walk(
    t,
    app,
    'beta',
    logPath('getSmsLog', 'beta', FROM, TO, '?$top=3'),
    HEADERS,
  );
  const served = walked.rows.filter((row) => row.sentDateTime === '2024-06-12T11:00:00.0000000Z');
  t.equal(served.length, 1, 'once');
  t.match(served[0], {
    smsType: 'sms_out',
    smsUnits: 3,
    userId: message!.userId,
    userDisplayName: 'Ada Lovelace',
    callCharge: 0.02,
  });
  const summary = (
    await get(
      app,
      `/_mock/summary?function=getSmsLog&scenario=${EXAMPLE.name}&fromDateTime=${FROM}&toDateTime=${TO}`,
      { authorization: null },
    )
  ).json();
  t.equal(summary.rows, walked.rows.length, 'the summary counts it');
  t.equal(
    summary.smsUnits,
    walked.rows.reduce((sum, row) => sum + Number(row.smsUnits), 0),
    'and its units',
  );
});

t.test('a pinned row the mock cannot serve stops the server from being built', async (t) => {
  const bad = {
    ...EXAMPLE,
    pinned: { getSmsLog: [{ sentDateTime: '2024-06-12T11:00:00Z', smsUnits: 0 }] },
  };
  let problems: readonly string[] = [];
  try {
    buildApp({ scenarios: [bad as unknown as ScenarioFile] });
  } catch (error) {
    problems = (error as ScenarioFileError).problems;
  }
  t.same(problems, [
    'scenarios[0]: /pinned/getSmsLog/0/smsUnits must be a whole number from 1 to 2147483647, got 0',
  ]);
});
