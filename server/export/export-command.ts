/**
 * `graph-callrecords-mock export`: the rows a log function serves for a range, written to
 * stdout or a file as JSON Lines, a JSON array or CSV. The range is walked window by window
 * (export-windows.ts) and each window page by page, as a client walks the endpoint, and a page
 * is written only once the output has taken the one before — so memory stays flat however long
 * the range, and a slow reader slows the export down rather than filling memory.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PAGE_SIZE } from '../../openapi/contract.js';
import { LOG_FUNCTION_TABLE, type LogFunction } from '../../scenarios/log-functions.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import { type Universe, universeFor } from '../../scenarios/universe.js';
import { ByteWriter } from '../rendering/byte-writer.js';
import type { ExportOptions } from './export-options.js';
import { exportWindows } from './export-windows.js';
import { NO_PROGRESS, type ProgressTerminal, progressBar } from './progress.js';
import { rowFormat } from './row-formats.js';

/** A failure of the export's own, said in one line: the output could not be opened or written. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** Where an export writes: a file's stream, or the process's stdout (which may be a terminal). */
export type Output = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** Rows per page: the endpoint's page, so the export asks the log what a client's walk asks. */
const EXPORT_PAGE_ROWS = PAGE_SIZE;

/**
 * Writes the export `options` describe to `options.output`, or else to `stdout`, with a progress
 * bar on `stderr` if it is a terminal — unless the rows go to that terminal too. Resolves with
 * the number of rows once every byte has been handed to the output (a file is closed); rejects
 * with an ExportError if the output fails.
 *
 * @example
 * const options = { scenario, seed: 7, fn: 'getPstnCalls', version: 'v1.0', range, format: 'jsonl' };
 * await runExport(options, process.stdout, process.stderr); // → 4629977
 */
export async function runExport(
  options: ExportOptions,
  stdout: Output,
  stderr: ProgressTerminal,
): Promise<number> {
  const target = options.output === undefined ? undefined : await openOutput(options.output);
  const output = target ?? stdout;
  const where = options.output ?? 'stdout';
  const fn = logFunction(options.fn);
  const universe = universeFor(options.scenario, options.seed);
  const windows = exportWindows(fn.window, options.range);
  // Only a terminal shows a bar, and not over rows going to that terminal, which it would tear.
  const progress =
    stderr.isTTY && !output.isTTY
      ? progressBar(stderr, `${options.fn} ${options.format}`, countRows(fn, universe, windows))
      : NO_PROGRESS;
  const sink = new Sink(output, where);
  let rows = 0;
  try {
    const format = rowFormat(options.format, options.fn, options.version);
    const w = new ByteWriter();
    format.begin(w);
    for (const window of windows) {
      for (let skip = 0; ; skip += EXPORT_PAGE_ROWS) {
        const plan = fn.plan(universe, window, skip, EXPORT_PAGE_ROWS);
        format.page(w, plan);
        await sink.write(w, rows);
        rows += plan.count;
        progress.update(rows);
        if (!plan.hasMore) break;
      }
    }
    format.end(w);
    await sink.finish(w, rows, target !== undefined);
  } finally {
    progress.stop();
    sink.detach();
  }
  return rows;
}

function logFunction(name: ExportOptions['fn']): LogFunction {
  // The option table only accepts the names of the table's functions.
  return LOG_FUNCTION_TABLE.find((fn) => fn.name === name)!;
}

/**
 * The rows the windows hold. A plan's count is known before any row is made: the event logs
 * read it off their day counts; the blocks log gathers its few rows, and the dial-out report
 * keeps the reports it makes for the walk that follows.
 */
function countRows(fn: LogFunction, universe: Universe, windows: readonly CallWindow[]): number {
  return windows.reduce(
    (total, window) => total + fn.plan(universe, window, 0, Number.MAX_SAFE_INTEGER).count,
    0,
  );
}

async function openOutput(path: string): Promise<Output> {
  try {
    // Opened before any row is made, so a bad path fails at once rather than after the walk.
    const handle = await open(path, 'w');
    return handle.createWriteStream();
  } catch (error) {
    throw new ExportError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).message}`);
  }
}

/**
 * The output as the export uses it: a chunk at a time, waiting for 'drain' when the stream's
 * buffer is full, and turning the first error the stream reports into an ExportError.
 */
class Sink {
  private failure: NodeJS.ErrnoException | undefined;
  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.failure ??= error;
  };

  constructor(
    private readonly stream: Output,
    private readonly where: string,
  ) {
    // A listener of our own: without one, a closed pipe's EPIPE would crash the process.
    stream.on('error', this.onError);
  }

  /**
   * Hands what `w` holds to the stream and empties `w`; `rows` were written before it. Waits
   * for 'drain' if the stream wants it, and otherwise yields a turn, so that an error the
   * stream reports (after the write returns) stops the export before the next page is made.
   */
  async write(w: ByteWriter, rows: number): Promise<void> {
    // A copy: the writer is refilled at once, the stream may keep the chunk until it is flushed.
    const chunk = Buffer.from(w.view());
    w.reset();
    try {
      if (this.stream.write(chunk)) await nextTurn();
      else await once(this.stream, 'drain');
    } catch (error) {
      // once() rejects when the stream errors while we wait.
      this.onError(error as NodeJS.ErrnoException);
    }
    this.check(rows);
  }

  /** Writes the rest and waits until the stream has taken it; a file is then closed. */
  async finish(w: ByteWriter, rows: number, close: boolean): Promise<void> {
    const chunk = Buffer.from(w.view());
    w.reset();
    await new Promise<void>((resolve) => this.stream.write(chunk, () => resolve()));
    this.check(rows);
    if (close) {
      this.stream.end();
      await once(this.stream, 'close');
    }
  }

  detach(): void {
    this.stream.off('error', this.onError);
  }

  private check(rows: number): void {
    const error = this.failure;
    if (error === undefined) return;
    if (error.code === 'EPIPE') {
      throw new ExportError(
        `${this.where} was closed before the export ended; stopped after ${rows} rows written in full`,
      );
    }
    throw new ExportError(
      `cannot write ${this.where}: ${error.message}; stopped after ${rows} rows written in full`,
    );
  }
}
