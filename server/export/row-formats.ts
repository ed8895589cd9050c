/**
 * How the export frames rows into bytes, one format each: JSON Lines and a JSON array carry
 * every row as the very bytes of the endpoint's page (renderRow); CSV carries the same values
 * as a table whose columns are the version's row properties, from the contract.
 */
import { stringify } from 'csv-stringify/sync';
import { type ApiVersion, type LogFunctionName, rowPropertyNames } from '../../openapi/contract.js';
import type { PagePlan } from '../../scenarios/event-log.js';
import { type ByteWriter, encodeText } from '../rendering/byte-writer.js';
import { renderRow, rowObject } from '../rendering/page-renderer.js';
import type { ExportFormat } from './export-options.js';

/** Writes an export's bytes into a writer: what opens it, each page's rows, what closes it. */
export interface RowFormat {
  begin(w: ByteWriter): void;
  page(w: ByteWriter, plan: PagePlan<unknown>): void;
  end(w: ByteWriter): void;
}

const NEWLINE = 0x0a;
const OPEN_ARRAY = encodeText('[');
const FIRST_ROW = encodeText('\n');
const NEXT_ROW = encodeText(',\n');
const CLOSE_EMPTY_ARRAY = encodeText(']\n');
const CLOSE_ARRAY = encodeText('\n]\n');

/** A fresh format for one export: the JSON array's keeps whether a row has been written. */
export function rowFormat(
  format: ExportFormat,
  fn: LogFunctionName,
  version: ApiVersion,
): RowFormat {
  switch (format) {
    case 'jsonl':
      return jsonLines(fn, version);
    case 'json':
      return jsonArray(fn, version);
    case 'csv':
      return csvTable(fn, version);
  }
}

/** A row a line: the row's bytes, then `\n`. Nothing before the first or after the last. */
function jsonLines(fn: LogFunctionName, version: ApiVersion): RowFormat {
  return {
    begin: () => {},
    page: (w, plan) =>
      plan.forEachRow((row) => {
        // renderRow reserves room for far more than a row, so the newline fits.
        renderRow(fn, version, row, w);
        w.byte(NEWLINE);
      }),
    end: () => {},
  };
}

/** `[`, then the rows a line each, separated by commas, then `]`: `[]` when there are none. */
function jsonArray(fn: LogFunctionName, version: ApiVersion): RowFormat {
  let empty = true;
  return {
    begin: (w) => append(w, OPEN_ARRAY),
    page: (w, plan) =>
      plan.forEachRow((row) => {
        append(w, empty ? FIRST_ROW : NEXT_ROW);
        empty = false;
        renderRow(fn, version, row, w);
      }),
    end: (w) => append(w, empty ? CLOSE_EMPTY_ARRAY : CLOSE_ARRAY),
  };
}

/**
 * RFC 4180 CSV with `\n` line ends [ours]: a header of the row's property names in the
 * contract's order, then a line a row. A cell holds its value's JSON text unquoted — a string's
 * characters, a number or boolean as JSON writes it — an array or object as JSON text, and null
 * as nothing; csv-stringify quotes the cells that need it.
 */
function csvTable(fn: LogFunctionName, version: ApiVersion): RowFormat {
  const names = rowPropertyNames(fn, version);
  const csv = (records: string[][]) => encodeText(stringify(records));
  return {
    begin: (w) => append(w, csv([[...names]])),
    page: (w, plan) => {
      const records: string[][] = [];
      plan.forEachRow((row) => records.push(Object.values(rowObject(fn, version, row)).map(cell)));
      append(w, csv(records));
    },
    end: () => {},
  };
}

/** ByteWriter.bytes with the room made first: it writes where it is told to, without checking. */
function append(w: ByteWriter, bytes: Uint8Array): void {
  w.reserve(bytes.length);
  w.bytes(bytes);
}

/** A value as its CSV cell: see csvTable. */
function cell(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
