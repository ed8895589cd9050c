/**
 * The fuzz property and its parts, against stand-in servers: it passes good answers, fails on a
 * bad one or an unhealthy server with a report that names the request, and prints counter-
 * examples as source that pastes into a regression test.
 */
import fc from 'fast-check';
import t from 'tap';
import { LOG_FUNCTIONS } from '../../openapi/contract.js';
import { apiPath, functionName, keySegment } from '../../tools/fuzz/api-url.js';
import { applyMutations, mutate } from '../../tools/fuzz/mutations.js';
import { callRecordsSegment, type FuzzResponse } from '../../tools/fuzz/oracle.js';
import {
  batchArbitrary,
  type FuzzCase,
  newStats,
  requestPathProperty,
  sourceOf,
} from '../../tools/fuzz/property.js';
import { type FuzzTarget, injectTarget, REFUSED_BY_INJECT } from '../../tools/fuzz/targets.js';
import { WIRE_QUIRKS, type WireQuirk } from '../../tools/fuzz/wire-quirks.js';
import { contract, logPath, TOKEN } from '../support/graph.js';

const REQUEST_ID = '1c1e6a3b-2f4d-4b8a-9e0f-7a6b5c4d3e2f';
const HEALTHY: FuzzResponse = {
  status: 200,
  headers: { 'request-id': REQUEST_ID, 'client-request-id': REQUEST_ID },
  body: '{"status":"ok"}',
};
const OPTIONS = { signedTokens: ['Bearer signed'], wireQuirks: false };

/** A server that answers every request with `answer`, and /healthz as `healthy` says. */
function standIn(
  answer: FuzzResponse | typeof REFUSED_BY_INJECT,
  healthy = true,
): FuzzTarget & { resets: number } {
  return {
    resets: 0,
    send: async () => answer,
    seenAs: (request) => request,
    healthy: async () => healthy,
    reset() {
      this.resets++;
    },
    close: async () => undefined,
  };
}

const aCase = (
  overrides: Partial<FuzzCase['request']> = {},
  quirk: WireQuirk | null = WIRE_QUIRKS[0]!,
): FuzzCase => ({
  request: { method: 'GET', path: '/healthz', headers: { accept: 'x'.repeat(30) }, ...overrides },
  quirk,
});

t.test('sourceOf writes values as JavaScript, long runs as repeat()', async (t) => {
  t.equal(sourceOf(''), "''");
  t.equal(sourceOf('abc'), '"abc"');
  t.equal(sourceOf(`${'a'.repeat(30)}b`), '"a".repeat(30) + "b"');
  t.equal(sourceOf(`x${'é'.repeat(24)}`), '"x" + "é".repeat(24)');
  t.equal(sourceOf('𝄞'.repeat(25)), '"𝄞".repeat(25)', 'a run of astral characters');
  t.equal(sourceOf([1, null, { a: 'b' }]), '[1, null, { "a": "b" }]');
});

t.test('batches print as source and carry quirks only when asked', async (t) => {
  const [batch] = fc.sample(batchArbitrary(OPTIONS), { numRuns: 1, seed: 1 });
  t.match(fc.stringify(batch), /^\[\{ "request": \{ "method": /);
  const quirked = fc.sample(batchArbitrary({ ...OPTIONS, wireQuirks: true }), {
    numRuns: 200,
    seed: 1,
  });
  t.ok(
    quirked.some((cases) => cases.some((c) => c.quirk !== null)),
    'some requests are bent',
  );
  const plain = fc.sample(batchArbitrary(OPTIONS), { numRuns: 200, seed: 1 });
  t.ok(
    plain.every((cases) => cases.every((c) => c.quirk === null)),
    'none are',
  );
});

t.test('good answers pass, refusals are counted, and every batch starts afresh', async (t) => {
  const stats = newStats();
  const target = standIn(HEALTHY);
  await fc.assert(requestPathProperty(target, fc.constant([aCase()]), contract, stats), {
    numRuns: 3,
  });
  t.match(stats, { batches: 3, requests: 3, refusedByInject: 0 });
  t.equal(stats.statuses.get(200), 3);
  t.equal(target.resets, 3);
  const refusing = newStats();
  await fc.assert(
    requestPathProperty(standIn(REFUSED_BY_INJECT), fc.constant([aCase()]), contract, refusing),
    { numRuns: 2 },
  );
  t.match(refusing, { batches: 2, requests: 2, refusedByInject: 2 });
});

t.test('pages are counted by the function whose path they answer', async (t) => {
  const real = await injectTarget();
  t.teardown(() => real.close());
  const path = logPath(
    'getDirectRoutingCalls',
    'v1.0',
    '2024-06-03T14:00:00Z',
    '2024-06-03T15:00:00Z',
  );
  const sent = { method: 'GET', path, headers: { authorization: TOKEN } };
  const page = await real.send(sent, null);
  t.equal((page as FuzzResponse).status, 200);
  const stats = newStats();
  await fc.assert(
    requestPathProperty(
      standIn(page),
      fc.constant([{ request: sent, quirk: null }]),
      contract,
      stats,
    ),
    { numRuns: 2 },
  );
  t.same([...stats.pages], [['getDirectRoutingCalls', 2]]);
  const healthz = newStats();
  await fc.assert(
    requestPathProperty(standIn(HEALTHY), fc.constant([aCase()]), contract, healthz),
    { numRuns: 1 },
  );
  t.equal(healthz.pages.size, 0, 'a 200 off the call-log route is no page');
});

t.test('the URL grammar draws the whole family, its neighbours and key segments', async (t) => {
  const names = fc.sample(functionName, { numRuns: 2000, seed: 1 });
  for (const fn of LOG_FUNCTIONS) {
    t.ok(names.includes(fn), `${fn}, short`);
    t.ok(names.includes(`microsoft.graph.callRecords.${fn}`), `${fn}, namespace-qualified`);
    t.ok(names.includes(fn.toUpperCase()), `${fn}, in upper case`);
  }
  for (const neighbour of ['getPstnCall', 'microsoft.graph.getPstnCalls', 'getCallRecords', '']) {
    t.ok(names.includes(neighbour), `the neighbour '${neighbour}'`);
  }
  const keys = fc.sample(keySegment, { numRuns: 200, seed: 1 });
  t.ok(
    keys.some((key) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(key)),
    'a GUID among the keys',
  );
  const kinds = new Set(
    fc
      .sample(apiPath, { numRuns: 3000, seed: 1 })
      .map(({ path }) => callRecordsSegment(path)?.segment)
      .map((segment) =>
        segment?.kind === 'function' ? `${segment.fn} ${segment.served}` : segment?.kind,
      ),
  );
  for (const fn of LOG_FUNCTIONS) t.ok(kinds.has(`${fn} true`), `a call of ${fn} its version has`);
  t.ok(kinds.has('getSmsLog false'), 'a beta-only function on v1.0');
  for (const kind of ['key', 'other', 'undecodable']) t.ok(kinds.has(kind), `a ${kind} segment`);
});

t.test('a bad answer fails with a report of the request and the answer', async (t) => {
  const bad = standIn({ ...HEALTHY, status: 500, body: 'x' });
  const details = await fc.check(
    requestPathProperty(bad, fc.constant([aCase({ body: '{}' })]), contract),
    { numRuns: 1 },
  );
  t.ok(details.failed);
  const message = (details.errorInstance as Error).message;
  t.match(message, /^- unexpected status 500$/m);
  t.match(message, /^request: GET "\/healthz" \(wire quirk: HTTP\/1.0 without Host\)$/m);
  t.match(message, /^ {2}accept: "x"\.repeat\(30\)$/m);
  t.match(message, /^ {2}body: "\{\}"$/m);
  t.match(message, /^response: 500 /m);
  const long = await fc.check(
    requestPathProperty(bad, fc.constant([aCase({ path: `/${'a'.repeat(400)}` }, null)]), contract),
    { numRuns: 1 },
  );
  const longMessage = (long.errorInstance as Error).message;
  t.match(longMessage, /^request: GET "\/" \+ "a"\.repeat\(400\)$/m, 'no quirk, no body');
  t.notMatch(longMessage, /body: "/);
  const varied = await fc.check(
    requestPathProperty(
      bad,
      fc.constant([aCase({ path: `/${'ab'.repeat(200)}` }, null)]),
      contract,
    ),
    { numRuns: 1 },
  );
  t.match(
    (varied.errorInstance as Error).message,
    /^request: GET "\/(ab)+… \(403 characters\)$/m,
    'long values are cut for the report',
  );
});

t.test('a server that stops answering /healthz fails the batch', async (t) => {
  const details = await fc.check(
    requestPathProperty(standIn(HEALTHY, false), fc.constant([aCase()]), contract),
    { numRuns: 1 },
  );
  t.match((details.errorInstance as Error).message, /no longer answers GET \/healthz/);
});

t.test('mutations insert, replace, delete, encode and change case, wrapping around', async (t) => {
  const text = 'ab%cd';
  t.equal(mutate(text, { kind: 'insert', at: 6, text: 'X' }), 'Xab%cd', 'positions wrap');
  t.equal(mutate(text, { kind: 'replace', at: 1, length: 2, text: 'Y' }), 'aYcd');
  t.equal(mutate(text, { kind: 'delete', at: 4, length: 9 }), 'ab%c');
  t.equal(mutate(text, { kind: 'encode', at: 0, length: 1 }), '%61b%cd');
  t.equal(mutate(text, { kind: 'double-encode', at: 2, length: 1 }), 'ab%25cd');
  t.equal(mutate(text, { kind: 'upper', at: 3, length: 2 }), 'ab%CD');
  t.equal(mutate('AB', { kind: 'lower', at: 0, length: 1 }), 'aB');
  t.equal(applyMutations('/x', [{ kind: 'delete', at: 0, length: 5 }]), '/', 'the / stays');
});
