import { type DaySummary, dateOfDay } from './daily-summary.js';
import { compareInstants, MINUTES_PER_DAY } from './instant.js';
import { moneyOf } from './log-summaries.js';
import type { CallWindow } from './log-window.js';

interface DayCounts {
  rows: number;
  readonly counts: Record<string, number>;
  readonly cents: Map<string, number>;
}

/**
 * A window's rows counted into the UTC days they fall on, as the rows of one walk go by — so a
 * log without whole-day totals gets its days from the walk that makes its summary, instead of
 * a summary per day. Every day the window touches is listed, empty days included.
 */
export class DayTally {
  private readonly firstDay: number;
  private readonly tallies: DayCounts[] = [];

  /** `types` are the log's own types, listed with zeros in this order on every day. */
  constructor(window: CallWindow, types: readonly string[]) {
    this.firstDay = Math.floor(window.from.minute / MINUTES_PER_DAY);
    if (compareInstants(window.from, window.to) > 0) return;
    const lastDay = Math.floor(window.to.minute / MINUTES_PER_DAY);
    for (let day = this.firstDay; day <= lastDay; day++) {
      this.tallies.push({
        rows: 0,
        counts: Object.fromEntries(types.map((type) => [type, 0])),
        cents: new Map(),
      });
    }
  }

  /** A row of the window starting in `minute`; a log without charges passes no currency. */
  add(minute: number, type: string, currency?: string, cents = 0): void {
    const day = this.tallies[Math.floor(minute / MINUTES_PER_DAY) - this.firstDay]!;
    day.rows++;
    day.counts[type]!++;
    if (currency !== undefined) day.cents.set(currency, (day.cents.get(currency) ?? 0) + cents);
  }

  get days(): DaySummary[] {
    return this.tallies.map(({ rows, counts, cents }, i) => ({
      date: dateOfDay(this.firstDay + i),
      rows,
      counts,
      charge: moneyOf(cents),
    }));
  }
}
