import {
  type CallIdentities,
  type CallIdentity,
  compareIdentities,
  type IdWords,
} from './call-identity.js';
import type { CallTimeline } from './call-timeline.js';
import { compareInstants, type Instant, MINUTES_PER_DAY } from './instant.js';
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

/**
 * A row a scenario pins, built once per universe: where it starts and its id place it among
 * the generated rows.
 */
export interface PinnedEvent<Row> extends Instant {
  readonly id: Readonly<IdWords>;
  readonly row: Row;
}

const NO_PINNED: readonly PinnedEvent<never>[] = [];

export class EventLog<Row> {
  /** Pinned rows in (start, id) order. */
  readonly pinned: readonly PinnedEvent<Row>[];

  constructor(
    readonly timeline: CallTimeline,
    readonly identities: CallIdentities,
    readonly rows: RowFactory<Row>,
    pinned: readonly PinnedEvent<Row>[] = NO_PINNED,
  ) {
    this.pinned = [...pinned].sort(
      (a, b) => compareInstants(a, b) || compareIdentities(a.id, b.id),
    );
  }

  /** How many events started within the window (both ends inclusive), pinned ones included. */
  count(window: CallWindow): number {
    const [first, end] = this.pinnedIn(window);
    return this.timeline.callsInWindow(window.from, window.to) + end - first;
  }

  /**
   * Rows skip … skip+top−1 of the window in (start, id) order. Costs the same at any skip:
   * the first row is found by walking day counts and one day's minute tree, then rows are
   * generated forward from there. Pinned rows take their places among them: each one's place
   * is the generated rows before it plus the pinned ones before it, so a page knows how many
   * generated rows precede it without walking them.
   */
  plan(window: CallWindow, skip: number, top: number): PagePlan<Row> {
    const [first, end] = this.pinnedIn(window);
    const generated = this.timeline.callsInWindow(window.from, window.to);
    const total = generated + end - first;
    const count = Math.max(0, Math.min(top, total - skip));
    const hasMore = skip + count < total;
    if (first === end) {
      return {
        count,
        hasMore,
        forEachRow: (visit) => {
          if (count > 0) this.walk(window, skip, count, visit);
        },
      };
    }
    return {
      count,
      hasMore,
      forEachRow: (visit) => {
        if (count > 0) this.walkMerged(window, first, end, skip, count, visit);
      },
    };
  }

  /** Pinned rows first … end−1 are those within the window. */
  private pinnedIn(window: CallWindow): [number, number] {
    const { pinned } = this;
    if (pinned.length === 0) return [0, 0];
    const first = lowerBound(pinned, (event) => compareInstants(event, window.from) < 0);
    // An empty window (from after to) holds none.
    return [
      first,
      Math.max(
        first,
        lowerBound(pinned, (event) => compareInstants(event, window.to) <= 0),
      ),
    ];
  }

  /** Rows skip … skip+count−1 of generated and pinned rows merged, pinned first … end−1 in the window. */
  private walkMerged(
    window: CallWindow,
    first: number,
    end: number,
    skip: number,
    count: number,
    visit: (row: Row) => void,
  ): void {
    const { pinned } = this;
    const placeOf = (i: number) => this.generatedBefore(window, pinned[i]!) + (i - first);
    // Places rise with i, so the first pinned row on or after the page is found by halving:
    // a page costs the places of log2(pinned) rows and of its own, not of every pinned row.
    let lo = first;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (placeOf(mid) < skip) lo = mid + 1;
      else hi = mid;
    }
    const onPage: number[] = [];
    for (let i = lo; i < end; i++) {
      const place = placeOf(i);
      if (place >= skip + count) break;
      onPage.push(place);
    }
    let next = 0;
    let place = skip;
    const visitPinnedDue = () => {
      while (next < onPage.length && onPage[next] === place) {
        visit(pinned[lo + next]!.row);
        next++;
        place++;
      }
    };
    visitPinnedDue();
    const generatedCount = count - onPage.length;
    if (generatedCount === 0) return;
    // Generated rows before this page's first: the pinned ones before it are lo − first.
    this.walk(window, skip - (lo - first), generatedCount, (row) => {
      visit(row);
      place++;
      visitPinnedDue();
    });
  }

  /** Generated rows of the window that come before `event` in (start, id) order. */
  private generatedBefore(window: CallWindow, event: PinnedEvent<Row>): number {
    const { timeline } = this;
    const tied = timeline.callsAt(event);
    // Rows up to and at its start, less those tied with it that sort after it.
    let before = timeline.callsInWindow(window.from, event) - tied.length;
    const other: CallIdentity = { id0: 0, id1: 0, id2: 0, id3: 0, callIdA: 0, callIdB: 0 };
    for (const j of tied) {
      this.identities.identify(event.minute, j, other);
      if (compareIdentities(other, event.id) < 0) before++;
    }
    return before;
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

/** The first index of a sorted list at which `before` stops holding. */
function lowerBound<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
