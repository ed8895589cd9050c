import { hash2, mix32 } from './hash.js';
import { FIRST_MINUTE, LAST_MINUTE } from './instant.js';

/**
 * Who a call is: its row id and its callId, derived from where the call sits in the universe
 * — (seed, dataset, minute, call number j) — by bijections, so two calls can never share an
 * id, in any tenant, and the rest of a row drawn from its id never repeats either.
 *
 * The id is a version-4 GUID: 122 free bits, exactly what the position needs
 * (32 seed + 32 dataset + 33 minute + 25 call number). A three-round unbalanced Feistel
 * network scrambles them, so the ids look as random as Graph's while staying invertible.
 */
export interface CallIdentity {
  /** The id's four 32-bit words; id1 leaves bits 12–15 and id2 bits 30–31 to the GUID's version and variant. */
  id0: number;
  id1: number;
  id2: number;
  id3: number;
  /** callId's two numbers (31 and 29 bits): unique per tenant. */
  callIdA: number;
  callIdB: number;
}

/** Calls a minute may hold: the call number j has 25 bits of the id. */
export const MAX_CALLS_PER_MINUTE = 2 ** 25;

const MINUTE_BITS_LOW = 2 ** 5;
const MINUTE_IDS = LAST_MINUTE - FIRST_MINUTE + 1;
/** id1 keeps 28 bits (16 above and 12 below the version nibble); id2 keeps 30 bits. */
const ID1_BITS = 0x0fffffff;
const ID2_BITS = 0x3fffffff;
const CALL_ID_A_BITS = 0x7fffffff;
const CALL_ID_B_BITS = 0x1fffffff;

/** Round keys of the id network (two per round) and of the callId network; any fixed constants do. */
export const ID_KEYS = [0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced1e5b, 0xb5ad4ece, 0xda1ce2a9];
export const CALL_ID_KEYS = [0x243f6a88, 0x85a308d3, 0x13198a2e];

/** One round function: 32 well-mixed bits of (a, b) under a round key. */
export function feistelStep(a: number, b: number, key: number): number {
  return mix32(mix32(key ^ a) ^ b);
}

/** The 28 free bits of id1 spread around its version nibble, and back. */
const spreadId1 = (bits: number): number => (((bits >>> 12) << 16) | (bits & 0xfff)) >>> 0;

/**
 * The identities of one tenant's calls.
 *
 * @example
 * const identities = new CallIdentities(seed, hashString('large'));
 * const who = { id0: 0, id1: 0, id2: 0, id3: 0, callIdA: 0, callIdB: 0 };
 * identities.identify(minute, j, who); // who now holds call j of that minute
 */
export class CallIdentities {
  private readonly seed: number;
  private readonly datasetKey: number;
  /** The first round depends on the tenant alone, so it is worked out once. */
  private readonly round0: number;
  private readonly round1: number;
  private readonly callIdKeys: readonly number[];

  constructor(seed: number, datasetKey: number) {
    this.seed = seed >>> 0;
    this.datasetKey = datasetKey >>> 0;
    this.round0 = feistelStep(this.seed, this.datasetKey, ID_KEYS[0]!) & ID1_BITS;
    this.round1 = feistelStep(this.seed, this.datasetKey, ID_KEYS[1]!) & ID2_BITS;
    const tenantKey = hash2(this.datasetKey, this.seed);
    this.callIdKeys = CALL_ID_KEYS.map((key) => mix32(key ^ tenantKey));
  }

  /** Writes the identity of call j (0 ≤ j < MAX_CALLS_PER_MINUTE) of an epoch minute into `out`. */
  identify(minute: number, j: number, out: CallIdentity): void {
    const m = minute - FIRST_MINUTE;
    if (!(m >= 0 && m < MINUTE_IDS && j >= 0 && j < MAX_CALLS_PER_MINUTE)) {
      throw new RangeError(`No call identity for call ${j} of minute ${minute}`);
    }
    // Position: L = (seed, dataset) 64 bits, R = (minute, j) 58 bits as 28 + 30.
    const mHigh = Math.floor(m / MINUTE_BITS_LOW);
    const mLow = m - mHigh * MINUTE_BITS_LOW;
    // R ^= F(L); L ^= F(R); R ^= F(L): each round is its own inverse, so the whole is a bijection.
    let r0 = mHigh ^ this.round0;
    let r1 = (mLow * MAX_CALLS_PER_MINUTE + j) ^ this.round1;
    const l0 = (this.seed ^ feistelStep(r0, r1, ID_KEYS[2]!)) >>> 0;
    const l1 = (this.datasetKey ^ feistelStep(r0, r1, ID_KEYS[3]!)) >>> 0;
    r0 = (r0 ^ feistelStep(l0, l1, ID_KEYS[4]!)) & ID1_BITS;
    r1 = (r1 ^ feistelStep(l0, l1, ID_KEYS[5]!)) & ID2_BITS;
    out.id0 = l0;
    out.id1 = spreadId1(r0);
    out.id2 = r1;
    out.id3 = l1;

    // callId: the same (minute, j) as 29 + 29 bits, scrambled within 31 + 29 bits per tenant.
    const [k0, k1, k2] = this.callIdKeys as [number, number, number];
    let a = Math.floor(m / 16);
    let b = (m % 16) * MAX_CALLS_PER_MINUTE + j;
    a = (a ^ mix32(b ^ k0)) & CALL_ID_A_BITS;
    b = (b ^ mix32(a ^ k1)) & CALL_ID_B_BITS;
    a = (a ^ mix32(b ^ k2)) & CALL_ID_A_BITS;
    out.callIdA = a;
    out.callIdB = b;
  }
}

/**
 * The four words a GUID is written from (the renderer sets its version and variant bits): a
 * row's id, or any other GUID a row carries.
 */
export interface IdWords {
  id0: number;
  id1: number;
  id2: number;
  id3: number;
}

/**
 * Writes into `out` a GUID drawn from a row's two keys (its id's first and last words): for the
 * GUIDs a row carries beside its id (correlationId, smsId…), which need not be unique. `stream`
 * tells apart the GUIDs of one row.
 */
export function drawGuid(out: IdWords, keyA: number, keyB: number, stream: number): void {
  out.id0 = hash2(keyA, stream);
  out.id1 = hash2(keyA, stream + 1);
  out.id2 = hash2(keyB, stream);
  out.id3 = hash2(keyB, stream + 1);
}

/** Orders identities as their GUID strings sort (the version and variant bits are fixed). */
export function compareIdentities(x: IdWords, y: IdWords): number {
  return x.id0 - y.id0 || x.id1 - y.id1 || x.id2 - y.id2 || x.id3 - y.id3;
}
