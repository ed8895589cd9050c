import t from 'tap';
import {
  CALL_ID_KEYS,
  CallIdentities,
  type CallIdentity,
  compareIdentities,
  feistelStep,
  ID_KEYS,
  MAX_CALLS_PER_MINUTE,
} from '../../scenarios/call-identity.js';
import { hash2, hashString, mix32 } from '../../scenarios/hash.js';
import { FIRST_MINUTE, LAST_MINUTE } from '../../scenarios/instant.js';
import { formatRowId } from '../../server/rendering/row-field.js';
import { seededRandom } from './fixtures/windows.js';

const blank = (): CallIdentity => ({ id0: 0, id1: 0, id2: 0, id3: 0, callIdA: 0, callIdB: 0 });

function identityOf(identities: CallIdentities, minute: number, j: number): CallIdentity {
  const out = blank();
  identities.identify(minute, j, out);
  return out;
}

/**
 * The id network run backwards, written here from the packing the module documents: if every
 * id decodes to the position it came from, no two positions can share an id.
 */
function decodeId(id: CallIdentity): {
  seed: number;
  datasetKey: number;
  minute: number;
  j: number;
} {
  const l0 = id.id0;
  const l1 = id.id3;
  let r0 = ((id.id1 >>> 16) << 12) | (id.id1 & 0xfff);
  let r1 = id.id2;
  r0 = (r0 ^ feistelStep(l0, l1, ID_KEYS[4]!)) & 0x0fffffff;
  r1 = (r1 ^ feistelStep(l0, l1, ID_KEYS[5]!)) & 0x3fffffff;
  const seed = (l0 ^ feistelStep(r0, r1, ID_KEYS[2]!)) >>> 0;
  const datasetKey = (l1 ^ feistelStep(r0, r1, ID_KEYS[3]!)) >>> 0;
  r0 = (r0 ^ feistelStep(seed, datasetKey, ID_KEYS[0]!)) & 0x0fffffff;
  r1 = (r1 ^ feistelStep(seed, datasetKey, ID_KEYS[1]!)) & 0x3fffffff;
  const minute = FIRST_MINUTE + r0 * 32 + Math.floor(r1 / MAX_CALLS_PER_MINUTE);
  return { seed, datasetKey, minute, j: r1 % MAX_CALLS_PER_MINUTE };
}

/** The callId network run backwards: (minute, j) of a callId within its tenant. */
function decodeCallId(
  id: CallIdentity,
  seed: number,
  datasetKey: number,
): { minute: number; j: number } {
  const tenantKey = hash2(datasetKey >>> 0, seed >>> 0);
  const [k0, k1, k2] = CALL_ID_KEYS.map((key) => mix32(key ^ tenantKey)) as [
    number,
    number,
    number,
  ];
  let a = id.callIdA;
  let b = id.callIdB;
  a = (a ^ mix32(b ^ k2)) & 0x7fffffff;
  b = (b ^ mix32(a ^ k1)) & 0x1fffffff;
  a = (a ^ mix32(b ^ k0)) & 0x7fffffff;
  return {
    minute: FIRST_MINUTE + a * 16 + Math.floor(b / MAX_CALLS_PER_MINUTE),
    j: b % MAX_CALLS_PER_MINUTE,
  };
}

const TENANTS = [
  { seed: 1, datasetKey: hashString('default') },
  { seed: 7, datasetKey: hashString('large') },
  { seed: 0, datasetKey: 0 },
  { seed: 0xffffffff, datasetKey: 0xffffffff },
];
const EDGE_MINUTES = [
  FIRST_MINUTE,
  FIRST_MINUTE + 1,
  0,
  -1,
  28_400_000,
  LAST_MINUTE - 1,
  LAST_MINUTE,
];
const EDGE_CALLS = [0, 1, 31, 32, MAX_CALLS_PER_MINUTE - 2, MAX_CALLS_PER_MINUTE - 1];

/** Edges of every field, then 25,000 random positions per tenant. */
function* positions(): Generator<{ minute: number; j: number }> {
  for (const minute of EDGE_MINUTES) for (const j of EDGE_CALLS) yield { minute, j };
  const random = seededRandom(9);
  for (let n = 0; n < 25_000; n++) {
    const minute = FIRST_MINUTE + Math.floor(random() * (LAST_MINUTE - FIRST_MINUTE + 1));
    yield { minute, j: Math.floor(random() * (n % 2 === 0 ? 200 : MAX_CALLS_PER_MINUTE)) };
  }
}

t.test('every id and callId decodes to the one position it was made from', async (t) => {
  let checked = 0;
  let wrong = 0;
  for (const tenant of TENANTS) {
    const identities = new CallIdentities(tenant.seed, tenant.datasetKey);
    for (const { minute, j } of positions()) {
      const identity = identityOf(identities, minute, j);
      const decoded = decodeId(identity);
      const call = decodeCallId(identity, tenant.seed, tenant.datasetKey);
      const right =
        decoded.seed === tenant.seed >>> 0 &&
        decoded.datasetKey === tenant.datasetKey >>> 0 &&
        decoded.minute === minute &&
        decoded.j === j &&
        call.minute === minute &&
        call.j === j;
      if (!right) wrong++;
      checked++;
    }
  }
  t.ok(checked > 100_000, `${checked} positions`);
  t.equal(
    wrong,
    0,
    'none decodes elsewhere, so no two positions share an id, nor a callId in a tenant',
  );
});

t.test(
  'callIds are distinct within a tenant: a dense block of positions has no repeat',
  async (t) => {
    const identities = new CallIdentities(7, hashString('large'));
    const seen = new Set<string>();
    let count = 0;
    // Neighbouring minutes and call numbers are where a weak mix would collide first.
    for (let minute = 28_400_000; minute < 28_400_000 + 2_000; minute++) {
      for (let j = 0; j < 60; j++) {
        const id = identityOf(identities, minute, j);
        seen.add(`${id.callIdA}_${id.callIdB}`);
        count++;
      }
    }
    t.equal(seen.size, count, `${count} callIds, all distinct`);
  },
);

t.test('ids leave the version and variant bits free and callIds fit their widths', async (t) => {
  const identities = new CallIdentities(2, hashString('default'));
  let bad = 0;
  for (const { minute, j } of positions()) {
    const id = identityOf(identities, minute, j);
    const words = [id.id0, id.id1, id.id2, id.id3];
    if (!words.every((word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32)) bad++;
    if ((id.id1 & 0xf000) !== 0 || id.id2 >= 2 ** 30) bad++;
    if (!(id.callIdA >= 0 && id.callIdA < 2 ** 31 && id.callIdB >= 0 && id.callIdB < 2 ** 29))
      bad++;
  }
  t.equal(bad, 0);
  const id = identityOf(identities, 28_400_000, 3);
  t.match(formatRowId(id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

t.test('neighbouring positions share no visible pattern: about half the bits flip', async (t) => {
  const identities = new CallIdentities(7, hashString('large'));
  const bits = (x: number) => {
    let n = 0;
    for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
    return n;
  };
  let flipped = 0;
  let pairs = 0;
  for (let minute = 28_400_000; minute < 28_400_200; minute++) {
    for (let j = 0; j < 20; j++) {
      const a = identityOf(identities, minute, j);
      for (const b of [
        identityOf(identities, minute, j + 1),
        identityOf(identities, minute + 1, j),
      ]) {
        flipped +=
          bits(a.id0 ^ b.id0) + bits(a.id1 ^ b.id1) + bits(a.id2 ^ b.id2) + bits(a.id3 ^ b.id3);
        pairs++;
      }
    }
  }
  const share = flipped / pairs / 122;
  t.ok(share > 0.48 && share < 0.52, `${(share * 100).toFixed(2)} % of the 122 bits flip`);
});

t.test('tenants differ: the same position in another seed or dataset has another id', async (t) => {
  const one = identityOf(new CallIdentities(1, hashString('default')), 28_400_000, 0);
  const seed = identityOf(new CallIdentities(2, hashString('default')), 28_400_000, 0);
  const dataset = identityOf(new CallIdentities(1, hashString('large')), 28_400_000, 0);
  t.not(formatRowId(seed), formatRowId(one));
  t.not(formatRowId(dataset), formatRowId(one));
  t.not(`${seed.callIdA}_${seed.callIdB}`, `${one.callIdA}_${one.callIdB}`);
});

t.test('identities order as their GUID strings do', async (t) => {
  const identities = new CallIdentities(3, hashString('international'));
  const ids: CallIdentity[] = [];
  for (let j = 0; j < 2_000; j++) ids.push(identityOf(identities, 28_400_000, j));
  // Ties on the leading words are where a comparator that stops early goes wrong.
  const tied = { ...ids[0]!, id3: ids[0]!.id3 ^ 1 };
  const tiedDeeper = { ...ids[1]!, id2: ids[1]!.id2 ^ 1, id3: 0 };
  ids.push(tied, tiedDeeper, { ...ids[2]!, id1: ids[2]!.id1 ^ 1 });
  const byWords = [...ids].sort(compareIdentities).map(formatRowId);
  const byString = ids.map(formatRowId).sort();
  t.same(byWords, byString);
  t.equal(compareIdentities(ids[5]!, { ...ids[5]! }), 0, 'equal words compare equal');
});

t.test(
  'a position outside the DateTimeOffset years or the call-number width is refused',
  async (t) => {
    const identities = new CallIdentities(1, 1);
    const out = blank();
    t.throws(() => identities.identify(FIRST_MINUTE - 1, 0, out), RangeError);
    t.throws(() => identities.identify(LAST_MINUTE + 1, 0, out), RangeError);
    t.throws(() => identities.identify(0, MAX_CALLS_PER_MINUTE, out), RangeError);
    t.throws(() => identities.identify(0, -1, out), /No call identity for call -1 of minute 0/);
  },
);
