import { MINUTES_PER_DAY } from './instant.js';
import { type CallWindow, dayWindow, forEachDayOf } from './log-window.js';
import type { MoneyByCurrency } from './summary.js';

/**
 * A window's totals day by day — rows, rows by the log's type, and money — for charts of
 * what a client should have seen each day. Every UTC day the window touches is listed, first
 * to last, empty days included, so a chart's axis has no gaps.
 */
export interface DayFigures {
  readonly rows: number;
  /** Rows by the log's own type: callType, smsType, userBlockMode; dial-out calls for the report. */
  readonly counts: Readonly<Record<string, number>>;
  /** The day's charge by currency; empty for a log without charges. */
  readonly charge: MoneyByCurrency;
}

export interface DaySummary extends DayFigures {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly date: string;
}

const MS_PER_DAY = 86_400_000;

/** Day `n` since 1970-01-01 as `YYYY-MM-DD`; from the number alone, never the clock. */
export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The figures of each day of `window`: `whole(day)` for a day it covers entirely (where a
 * log keeps totals of whole days), `part(piece)` for its part of the first and last days.
 *
 * @example
 * summarizeDays(window, (day) => figuresOf(dayWindow(day)), figuresOf);
 * // [{ date: '2024-06-01', rows: 97, counts: { sms_out: 56, sms_in: 41 }, charge: {...} }, …]
 */
export function summarizeDays(
  window: CallWindow,
  whole: (day: number) => DayFigures,
  part: (piece: CallWindow) => DayFigures,
): DaySummary[] {
  const days: DaySummary[] = [];
  forEachDayOf(
    window,
    (day) => days.push({ date: dateOfDay(day), ...whole(day) }),
    (piece) =>
      days.push({
        date: dateOfDay(Math.floor(piece.from.minute / MINUTES_PER_DAY)),
        ...part(piece),
      }),
  );
  return days;
}

/** Days of a log that keeps no whole-day totals: each day's part is summarized as a window. */
export function summarizeEachDay(
  window: CallWindow,
  figuresOf: (piece: CallWindow) => DayFigures,
): DaySummary[] {
  return summarizeDays(window, (day) => figuresOf(dayWindow(day)), figuresOf);
}
