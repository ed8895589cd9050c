/** checkCallWindow: the window rule of getPstnCalls (and of the control API's summary). */
import t from 'tap';
import { type Instant, MINUTES_PER_DAY, TICKS_PER_MINUTE } from '../../../scenarios/instant.js';
import { getPstnCalls } from '../../../scenarios/log-functions.js';
import type { CallWindow } from '../../../scenarios/log-window.js';
import { GraphError } from '../../../server/errors.js';
import { checkCallWindow } from '../../../server/graph/call-window.js';
import { parseDateTimeOffset } from '../../../server/graph/date-time-offset.js';

/** The assertions the helpers use; both the root and subtests provide them. */
type Test = Pick<typeof t, 'equal' | 'fail' | 'type'>;

/** The instant of a literal the parser is already known to accept (see its own tests). */
function at(literal: string): Instant {
  const instant = parseDateTimeOffset(literal);
  if (instant === undefined) throw new Error(`test literal ${literal} does not parse`);
  return instant;
}

function windowOf(from: string, to: string): CallWindow {
  return { from: at(from), to: at(to) };
}

/** Asserts that `run` throws a GraphError with this status, code and exact message. */
function expectError(t: Test, run: () => unknown, status: number, code: string, message: string) {
  try {
    run();
  } catch (error) {
    t.type(error, GraphError);
    const graphError = error as GraphError;
    t.equal(graphError.statusCode, status, 'status code');
    t.equal(graphError.code, code, 'error code');
    t.equal(graphError.message, message, 'message');
    return;
  }
  t.fail('expected a GraphError, but nothing was thrown');
}

t.test('a window of exactly 90 days is accepted', async (t) => {
  t.doesNotThrow(() => checkCallWindow(getPstnCalls, windowOf('2024-01-01', '2024-03-31')));
  t.doesNotThrow(() =>
    checkCallWindow(getPstnCalls, windowOf('2024-01-01T10:00:00.5Z', '2024-03-31T10:00:00.5Z')),
  );
});

t.test('a window one tick longer than 90 days answers 406', async (t) => {
  expectError(
    t,
    () => checkCallWindow(getPstnCalls, windowOf('2024-01-01', '2024-03-31T00:00:00.0000001Z')),
    406,
    'NotAcceptable',
    'The date range is more than 90 days; getPstnCalls accepts at most 90 days. ' +
      'Split the range into windows of 90 days or less.',
  );
});

t.test('a 91-day window answers 406 naming its length and the limit', async (t) => {
  expectError(
    t,
    () => checkCallWindow(getPstnCalls, windowOf('2024-01-01', '2024-04-01')),
    406,
    'NotAcceptable',
    'The date range is 91 days; getPstnCalls accepts at most 90 days. ' +
      'Split the range into windows of 90 days or less.',
  );
});

t.test('a window of a fraction of a day over 90 days names its length in hundredths', async (t) => {
  expectError(
    t,
    () => checkCallWindow(getPstnCalls, windowOf('2024-01-01', '2024-03-31T12:00:00Z')),
    406,
    'NotAcceptable',
    'The date range is 90.50 days; getPstnCalls accepts at most 90 days. ' +
      'Split the range into windows of 90 days or less.',
  );
});

t.test('a window with from equal to to is accepted', async (t) => {
  t.doesNotThrow(() => checkCallWindow(getPstnCalls, windowOf('2024-01-01', '2024-01-01')));
});

t.test('from after to answers 400 saying which is which and how to fix it', async (t) => {
  expectError(
    t,
    () => checkCallWindow(getPstnCalls, windowOf('2024-01-02T06:00:00Z', '2024-01-01')),
    400,
    'BadRequest',
    'fromDateTime (2024-01-02T06:00:00Z) is after toDateTime (2024-01-01). ' +
      'Swap the two values: fromDateTime starts the range and must not be later than toDateTime.',
  );
});

t.test('from one tick after to is already reversed', async (t) => {
  const to = at('2024-01-01T00:00:00Z');
  const from = { minute: to.minute, tick: to.tick + 1 };
  t.throws(() => checkCallWindow(getPstnCalls, { from, to }), {
    statusCode: 400,
    code: 'BadRequest',
  });
});

t.test('a reversed window longer than 90 days is reported as reversed', async (t) => {
  const to = at('2024-01-01');
  const from = { minute: to.minute + 200 * MINUTES_PER_DAY, tick: TICKS_PER_MINUTE - 1 };
  t.throws(() => checkCallWindow(getPstnCalls, { from, to }), {
    statusCode: 400,
    code: 'BadRequest',
  });
});
