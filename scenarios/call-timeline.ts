import { hash2, hash3, unit } from './hash.js';
import {
  compareInstants,
  type Instant,
  MINUTES_PER_DAY,
  TICKS_PER_MINUTE,
  weekdayOfDay,
} from './instant.js';
import { binomial, EXACT_BELOW, normalQuantile, poisson } from './sampling.js';
import type { VolumeProfile } from './scenario.js';

/**
 * When calls happen. A day's call count is drawn from its expected volume; the count is then
 * split down a binary tree of minute ranges, each split a Binomial draw weighted by the
 * business-hours curve. Any minute's count, and the position of the k-th call of a day, is a
 * walk of ~11 tree levels — so locating a page never depends on how far into a range it is.
 * Within a minute, each call's start tick is its own hash, sorted.
 */

const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const STREAM_DAY_VARIATION = 0x5eed0001;
const STREAM_SPLIT = 0x5eed0002;
const STREAM_TICK = 0x5eed0003;
/** The largest standard normal draw unit() can give: Φ⁻¹ of 1 − 2⁻³³. */
const Z_MAX = -normalQuantile(unit(0));
/** A day's tree is at most this deep (2^11 = 2048 ≥ 1440 minutes); the stack needs one slot per level. */
const MAX_TREE_DEPTH = 12;

export interface TimelineShape {
  readonly volume: VolumeProfile;
  readonly userCount: number;
  readonly utcOffsetMinutes: number;
}

export class CallTimeline {
  /** prefix[w·1440 + m] = expected calls from the start of UTC weekday w up to minute m. */
  private readonly prefix: Float64Array;
  private readonly keyVariation: number;
  private readonly keySplit: number;
  private readonly keyTick: number;
  private readonly dailySigma: number;

  constructor(shape: TimelineShape, seedKey: number) {
    this.prefix = buildWeeklyPrefix(shape);
    this.keyVariation = hash2(seedKey, STREAM_DAY_VARIATION);
    this.keySplit = hash2(seedKey, STREAM_SPLIT);
    this.keyTick = hash2(seedKey, STREAM_TICK);
    this.dailySigma = Math.sqrt(Math.log(1 + shape.volume.dailyVariation ** 2));
  }

  /** Expected calls in minutes [a, b) of a day (before the day's own variation). */
  private weight(day: number, a: number, b: number): number {
    const base = weekdayOfDay(day) * MINUTES_PER_DAY;
    return this.prefix[base + b]! - this.prefix[base + a]!;
  }

  /** How many calls started on a UTC day. */
  callsOnDay(day: number): number {
    const expected = this.weight(day, 0, MINUTES_PER_DAY);
    if (expected <= 0) return 0;
    const sigma = this.dailySigma;
    const z = normalQuantile(unit(hash2(this.keyVariation, day)));
    const mean = expected * Math.exp(sigma * z - (sigma * sigma) / 2);
    return poisson(mean, unit(hash3(this.keySplit, day, 0)));
  }

  /**
   * A bound no day's call count can exceed: the busiest weekday's volume at the largest
   * variation and Poisson draw a 32-bit uniform can give.
   */
  maxCallsOnADay(): number {
    let expected = 0;
    for (let w = 0; w < 7; w++) {
      const base = w * MINUTES_PER_DAY;
      expected = Math.max(expected, this.prefix[base + MINUTES_PER_DAY]! - this.prefix[base]!);
    }
    const sigma = this.dailySigma;
    const mean = Math.max(EXACT_BELOW, expected * Math.exp(sigma * Z_MAX - (sigma * sigma) / 2));
    // The z² term covers the exact Poisson tail of small means, which is heavier than the normal's.
    return Math.ceil(mean + Z_MAX * Math.sqrt(mean) + Z_MAX * Z_MAX);
  }

  /** Calls of [a, b) that fall in its left half [a, mid), given n calls in [a, b). */
  split(day: number, node: number, a: number, mid: number, b: number, n: number): number {
    // n > 0 implies [a, b) has weight: a side without weight never receives calls.
    const p = this.weight(day, a, mid) / this.weight(day, a, b);
    return binomial(n, p, unit(hash3(this.keySplit, day, node)));
  }

  /** Calls of a day that started before minute-of-day m. */
  private callsBeforeMinute(day: number, m: number): number {
    let n = this.callsOnDay(day);
    let before = 0;
    let node = 1;
    let a = 0;
    let b = MINUTES_PER_DAY;
    while (b - a > 1 && n > 0) {
      const mid = (a + b) >>> 1;
      const left = this.split(day, node, a, mid, b, n);
      if (m < mid) {
        n = left;
        b = mid;
        node = 2 * node;
      } else {
        before += left;
        n -= left;
        a = mid;
        node = 2 * node + 1;
      }
    }
    return m > a ? before + n : before;
  }

  /** The start ticks of a minute's calls, indexed by call number j (unsorted). */
  tickOf(minute: number, j: number): number {
    return Math.floor(unit(hash3(this.keyTick, minute, j)) * TICKS_PER_MINUTE);
  }

  /** Calls of `at`'s UTC day that started before `at` (or at it too, when inclusive). */
  callsBeforeInDay(at: Instant, inclusive: boolean): number {
    const day = Math.floor(at.minute / MINUTES_PER_DAY);
    const m = at.minute - day * MINUTES_PER_DAY;
    let count = this.callsBeforeMinute(day, m);
    const inMinute = this.callsBeforeMinute(day, m + 1) - count;
    for (let j = 0; j < inMinute; j++) {
      const tick = this.tickOf(at.minute, j);
      if (tick < at.tick || (inclusive && tick === at.tick)) count++;
    }
    return count;
  }

  /** The call numbers j of `at`'s minute that start exactly at `at`: rows tied with it in time. */
  callsAt(at: Instant): number[] {
    const day = Math.floor(at.minute / MINUTES_PER_DAY);
    const m = at.minute - day * MINUTES_PER_DAY;
    const inMinute = this.callsBeforeMinute(day, m + 1) - this.callsBeforeMinute(day, m);
    const tied: number[] = [];
    for (let j = 0; j < inMinute; j++) if (this.tickOf(at.minute, j) === at.tick) tied.push(j);
    return tied;
  }

  /** Calls that started in [from, to], both inclusive. */
  callsInWindow(from: Instant, to: Instant): number {
    if (compareInstants(from, to) > 0) return 0;
    const firstDay = Math.floor(from.minute / MINUTES_PER_DAY);
    const lastDay = Math.floor(to.minute / MINUTES_PER_DAY);
    let total = 0;
    for (let day = firstDay; day < lastDay; day++) total += this.callsOnDay(day);
    return total - this.callsBeforeInDay(from, false) + this.callsBeforeInDay(to, true);
  }

  /** A walker over the non-empty minutes of a day, positioned at the day's `index`-th call. */
  walkDay(day: number, index: number): MinuteWalker {
    return new MinuteWalker(this, day, index);
  }
}

/**
 * In-order walk over a day's minute tree, skipping empty subtrees. `minute` is the current
 * non-empty minute (absolute epoch minute), `count` its calls and `first` the index of the
 * first call to take from it (non-zero only right after seeking).
 */
export class MinuteWalker {
  minute = 0;
  count = 0;
  first = 0;
  private readonly stackNode = new Int32Array(MAX_TREE_DEPTH);
  private readonly stackA = new Int32Array(MAX_TREE_DEPTH);
  private readonly stackB = new Int32Array(MAX_TREE_DEPTH);
  private readonly stackN = new Int32Array(MAX_TREE_DEPTH);
  private depth = 0;
  private done = false;

  constructor(
    private readonly timeline: CallTimeline,
    private readonly day: number,
    index: number,
  ) {
    const n = timeline.callsOnDay(day);
    if (index >= n) {
      this.done = true;
      return;
    }
    this.descend(1, 0, MINUTES_PER_DAY, n, index);
  }

  get exhausted(): boolean {
    return this.done;
  }

  /** Moves to the next non-empty minute of the day; false when the day has no more. */
  advance(): boolean {
    if (this.depth === 0) {
      this.done = true;
      return false;
    }
    // push() never stacks an empty subtree, so the next one holds a call.
    const d = --this.depth;
    this.descend(this.stackNode[d]!, this.stackA[d]!, this.stackB[d]!, this.stackN[d]!, 0);
    return true;
  }

  /** Goes down from a subtree holding n calls to the leaf holding its `index`-th call. */
  private descend(node: number, a: number, b: number, n: number, index: number): void {
    let k = index;
    while (b - a > 1) {
      const mid = (a + b) >>> 1;
      const left = this.timeline.split(this.day, node, a, mid, b, n);
      if (k < left) {
        this.push(2 * node + 1, mid, b, n - left);
        n = left;
        b = mid;
        node = 2 * node;
      } else {
        k -= left;
        n -= left;
        a = mid;
        node = 2 * node + 1;
      }
    }
    this.minute = this.day * MINUTES_PER_DAY + a;
    this.count = n;
    this.first = k;
  }

  private push(node: number, a: number, b: number, n: number): void {
    if (n === 0) return;
    const d = this.depth++;
    this.stackNode[d] = node;
    this.stackA[d] = a;
    this.stackB[d] = b;
    this.stackN[d] = n;
  }
}

function buildWeeklyPrefix(shape: TimelineShape): Float64Array {
  const { volume, userCount, utcOffsetMinutes } = shape;
  const hourTotal = volume.hourlyWeights.reduce((sum, w) => sum + w, 0);
  const perWeekday = userCount * volume.callsPerUserPerWeekday;
  const prefix = new Float64Array(MINUTES_PER_WEEK + 1);
  for (let w = 0; w < 7; w++) {
    // A day number whose weekday is w, to place UTC minutes on the tenant's local clock.
    const day = (((w - 4) % 7) + 7) % 7;
    for (let m = 0; m < MINUTES_PER_DAY; m++) {
      const local = day * MINUTES_PER_DAY + m + utcOffsetMinutes;
      const localDay = Math.floor(local / MINUTES_PER_DAY);
      const localHour = Math.floor((local - localDay * MINUTES_PER_DAY) / 60);
      const weekday = weekdayOfDay(localDay);
      const dayVolume =
        weekday === 0 || weekday === 6 ? perWeekday * volume.weekendFactor : perWeekday;
      const rate =
        hourTotal > 0 ? (dayVolume * (volume.hourlyWeights[localHour] ?? 0)) / hourTotal / 60 : 0;
      const i = w * MINUTES_PER_DAY + m;
      prefix[i + 1] = prefix[i]! + rate;
    }
  }
  return prefix;
}
