import { type CallIdentities, type CallIdentity, compareIdentities } from './call-identity.js';
import type { CallTimeline } from './call-timeline.js';
import { MINUTES_PER_DAY } from './instant.js';
import type { CallWindow } from './log-window.js';

/**
 * One log of a tenant as a stream of events on its own timeline: PSTN calls, Direct Routing
 * calls, SMS. The timeline says when events happen, the identities who they are, and the
 * factory what each one holds — all from the event's position alone, so any window or page
 * reads the same event the same way, and paging costs the same at any `$skip`.
 */

/** Makes an event's row from its position: reused records, refilled in place. */
export interface RowFactory<Row> {
  /** A blank record for `fill` to refill; one per walk. */
  create(): Row;
  /** Writes into `row` the event with this identity, starting at `tick` of `minute`. */
  fill(row: Row, minute: number, tick: number, identity: CallIdentity): void;
}

/**
 * Where a page lies in a window, and how to walk its rows. The walk hands each row to `visit`
 * in one reused record (valid only during the call), so rendering a page allocates nothing
 * per row.
 */
export interface PagePlan<Row> {
  /** Rows on this page. */
  readonly count: number;
  /** True when rows exist after this page within the window. */
  readonly hasMore: boolean;
  forEachRow(visit: (row: Row) => void): void;
}

/** An event of a minute, placed: its identity and its start tick. */
interface PlacedEvent extends CallIdentity {
  tick: number;
}

export class EventLog<Row> {
  constructor(
    readonly timeline: CallTimeline,
    readonly identities: CallIdentities,
    readonly rows: RowFactory<Row>,
  ) {}

  /** How many events started within the window (both ends inclusive). */
  count(window: CallWindow): number {
    return this.timeline.callsInWindow(window.from, window.to);
  }

  /**
   * Rows skip … skip+top−1 of the window in (start, id) order. Costs the same at any skip:
   * the first row is found by walking day counts and one day's minute tree, then rows are
   * generated forward from there.
   */
  plan(window: CallWindow, skip: number, top: number): PagePlan<Row> {
    const total = this.count(window);
    const count = Math.max(0, Math.min(top, total - skip));
    return {
      count,
      hasMore: skip + count < total,
      forEachRow: (visit) => {
        if (count > 0) this.walk(window, skip, count, visit);
      },
    };
  }

  private walk(window: CallWindow, skip: number, count: number, visit: (row: Row) => void): void {
    const { timeline } = this;
    let day = Math.floor(window.from.minute / MINUTES_PER_DAY);
    let index = timeline.callsBeforeInDay(window.from, false) + skip;
    for (let n = timeline.callsOnDay(day); index >= n; n = timeline.callsOnDay(day)) {
      index -= n;
      day++;
    }

    const row = this.rows.create();
    const placed: PlacedEvent[] = [];
    let walker = timeline.walkDay(day, index);
    let visited = 0;
    while (visited < count) {
      if (walker.exhausted) {
        day++;
        walker = timeline.walkDay(day, 0);
        continue;
      }
      this.sortMinute(placed, walker.minute, walker.count);
      for (let k = walker.first; k < walker.count && visited < count; k++) {
        const event = placed[k]!;
        this.rows.fill(row, walker.minute, event.tick, event);
        visit(row);
        visited++;
      }
      walker.advance();
    }
  }

  /** Sorts a minute's events by (start tick, id) into the reused objects of `placed`. */
  private sortMinute(placed: PlacedEvent[], minute: number, count: number): void {
    while (placed.length < count) {
      placed.push({ id0: 0, id1: 0, id2: 0, id3: 0, callIdA: 0, callIdB: 0, tick: 0 });
    }
    // Insertion sort: a minute holds a few dozen events at most.
    for (let n = 0; n < count; n++) {
      const event = placed[n]!;
      this.identities.identify(minute, n, event);
      event.tick = this.timeline.tickOf(minute, n);
      let i = n;
      while (i > 0 && comparePlaced(placed[i - 1]!, event) > 0) {
        placed[i] = placed[i - 1]!;
        i--;
      }
      placed[i] = event;
    }
  }
}

function comparePlaced(a: PlacedEvent, b: PlacedEvent): number {
  return a.tick - b.tick || compareIdentities(a, b);
}

/**
 * A page of a log whose window's rows are gathered whole (the rare block events, the report's
 * aggregates): rows skip … skip+top−1 of `rows`.
 */
export function listPage<Row>(rows: readonly Row[], skip: number, top: number): PagePlan<Row> {
  const page = rows.slice(skip, skip + top);
  return {
    count: page.length,
    hasMore: skip + page.length < rows.length,
    forEachRow: (visit) => {
      for (const row of page) visit(row);
    },
  };
}
