/**
 * `x-mock-fault`: a comma-separated list of `429`, `503`, `504`, `latency=<ms>` and `none`;
 * anything else answers 400 naming the item. (Its effect over HTTP: faults.test.ts.)
 */
import t from 'tap';
import type { FaultOverride } from '../../../../scenarios/faults.js';
import { GraphError } from '../../../../server/errors.js';
import {
  FAULT_HEADER,
  parseFaultHeader,
} from '../../../../server/routes/call-records/fault-header.js';

const NOTHING = { none: false, status: undefined, latencyMs: undefined, network: undefined };

t.test('the header name', async (t) => {
  t.equal(FAULT_HEADER, 'x-mock-fault');
});

t.test('no header forces nothing', async (t) => {
  t.same(parseFaultHeader(undefined), NOTHING);
});

t.test('a status forces that failure', async (t) => {
  for (const status of [429, 503, 504] as const) {
    t.same(parseFaultHeader(String(status)), { ...NOTHING, status });
  }
});

t.test('none turns the scenario’s faults off', async (t) => {
  t.same(parseFaultHeader('none'), { ...NOTHING, none: true });
});

t.test('latency=<ms> forces a delay from 0 to 60,000 ms', async (t) => {
  for (const ms of [0, 1, 50, 800, 60_000]) {
    t.same(parseFaultHeader(`latency=${ms}`), { ...NOTHING, latencyMs: ms }, `${ms} ms`);
  }
  t.same(parseFaultHeader('latency=007'), { ...NOTHING, latencyMs: 7 }, 'leading zeros');
});

t.test('items combine, in any case and with spaces around them', async (t) => {
  t.same(parseFaultHeader('latency=50,503'), { none: false, status: 503, latencyMs: 50 });
  t.same(parseFaultHeader(' 504 , LATENCY=20 '), { none: false, status: 504, latencyMs: 20 });
  t.same(parseFaultHeader('None'), { ...NOTHING, none: true });
  t.same(parseFaultHeader('none,429'), { none: true, status: 429, latencyMs: undefined });
  t.same(parseFaultHeader('503,504'), { ...NOTHING, status: 504 }, 'the last status counts');
  t.same(parseFaultHeader('latency=10,latency=30'), { ...NOTHING, latencyMs: 30 });
});

t.test('a network fault is forced with its parameter, in its bounds', async (t) => {
  const cases: [string, FaultOverride['network']][] = [
    ['connection-reset=4096', { kind: 'connectionReset', afterBytes: 4096 }],
    ['connection-reset=0', { kind: 'connectionReset', afterBytes: 0 }],
    ['Truncated-Body=100000000', { kind: 'truncatedBody', afterBytes: 100_000_000 }],
    ['stall=0', { kind: 'stall', ms: 0 }],
    ['stall=60000', { kind: 'stall', ms: 60_000 }],
    ['dribble=1', { kind: 'dribble', bytesPerSecond: 1 }],
    ['dribble=2048', { kind: 'dribble', bytesPerSecond: 2048 }],
    [' empty-response ', { kind: 'emptyResponse' }],
    ['MALFORMED-BODY', { kind: 'malformedBody' }],
  ];
  for (const [value, network] of cases) {
    t.same(parseFaultHeader(value), { ...NOTHING, network }, value);
  }
});

t.test(
  'a network fault combines with a delay and none; the last network fault counts',
  async (t) => {
    t.same(parseFaultHeader('latency=50,stall=100'), {
      ...NOTHING,
      latencyMs: 50,
      network: { kind: 'stall', ms: 100 },
    });
    t.same(parseFaultHeader('none,empty-response'), {
      ...NOTHING,
      none: true,
      network: { kind: 'emptyResponse' },
    });
    t.same(parseFaultHeader('empty-response,dribble=10'), {
      ...NOTHING,
      network: { kind: 'dribble', bytesPerSecond: 10 },
    });
  },
);

t.test('a repeated header is read as one list', async (t) => {
  t.same(parseFaultHeader(['latency=50', '503']), { none: false, status: 503, latencyMs: 50 });
  t.same(parseFaultHeader(['none']), { ...NOTHING, none: true });
});

t.test('any other item answers 400 naming it', async (t) => {
  const cases: [string | string[], string][] = [
    ['teapot', 'teapot'],
    ['Teapot', 'Teapot'],
    ['418', '418'],
    ['500', '500'],
    ['429x', '429x'],
    ['latency', 'latency'],
    ['latency=', 'latency='],
    ['latency=-1', 'latency=-1'],
    ['latency=1.5', 'latency=1.5'],
    ['latency=50ms', 'latency=50ms'],
    ['latency=60001', 'latency=60001'],
    ['latency=99999', 'latency=99999'],
    ['latency=100000', 'latency=100000'],
    ['latency = 5', 'latency = 5'],
    ['503,bogus', 'bogus'],
    ['connection-reset', 'connection-reset'],
    ['connection-reset=', 'connection-reset='],
    ['connection-reset=-1', 'connection-reset=-1'],
    ['connection-reset=100000001', 'connection-reset=100000001'],
    ['truncated-body=1kb', 'truncated-body=1kb'],
    ['stall=60001', 'stall=60001'],
    ['stall', 'stall'],
    ['dribble=0', 'dribble=0'],
    ['empty-response=1', 'empty-response=1'],
    ['malformed-body=0', 'malformed-body=0'],
    ['connection_reset=10', 'connection_reset=10'],
    ['503,,504', ''],
    ['', ''],
    [['503', 'Nope'], 'Nope'],
  ];
  for (const [value, item] of cases) {
    let error: unknown;
    try {
      parseFaultHeader(value);
    } catch (thrown) {
      error = thrown;
    }
    t.type(error, GraphError, `${JSON.stringify(value)} is refused`);
    const graphError = error as GraphError;
    t.equal(graphError.statusCode, 400);
    t.equal(graphError.code, 'BadRequest');
    t.equal(
      graphError.message,
      `The x-mock-fault item '${item}' is not a fault. Use 429, 503, 504, latency=<0–60000 ms>, connection-reset=<0–100000000 bytes>, truncated-body=<0–100000000 bytes>, stall=<0–60000 ms>, dribble=<1–100000000 bytes/s>, empty-response, malformed-body or none, separated by commas.`,
    );
  }
});
