/**
 * The export's progress bar: rows written against the rows the range holds. The export draws
 * it on stderr only when that is a terminal, so stdout carries nothing but data and a
 * redirected stderr stays clean.
 */
import cliProgress from 'cli-progress';

/** What the export reports as it goes. */
export interface ExportProgress {
  /** `rows` written so far. */
  update(rows: number): void;
  /** Draws the last state and ends the line; called whether the export finished or failed. */
  stop(): void;
}

/** Where a bar can be drawn: stderr, if it is a terminal (`isTTY`) `columns` wide. */
export interface ProgressTerminal {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** For an export that shows no progress: stderr is no terminal, or the rows go to it. */
export const NO_PROGRESS: ExportProgress = { update: () => {}, stop: () => {} };
const BAR_SIZE = 30;
const grouped = new Intl.NumberFormat('en-US');

/** A bar for an export of `total` rows, labelled `label`, drawn on `terminal`. */
export function progressBar(
  terminal: ProgressTerminal,
  label: string,
  total: number,
): ExportProgress {
  const bar = new cliProgress.SingleBar({
    // cli-progress writes, moves the cursor and clears lines through write() alone.
    stream: terminal as unknown as NodeJS.WritableStream,
    format: `${label} [{bar}] {percentage}% | {value} / {total} rows | {duration_formatted}`,
    formatValue: (value, _options, type) =>
      type === 'value' || type === 'total' ? grouped.format(value) : String(value),
    barsize: BAR_SIZE,
    // A bar that is killed (Ctrl-C) must not leave the terminal without its cursor.
    hideCursor: false,
    gracefulExit: false,
  });
  bar.start(total, 0);
  return {
    update: (rows) => bar.update(rows),
    stop: () => bar.stop(),
  };
}
