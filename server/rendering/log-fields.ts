import type { LogFunctionName } from '../../openapi/contract.js';
import { DIRECT_ROUTING_ROW_FIELDS } from './direct-routing-row-fields.js';
import { PSTN_ROW_FIELDS } from './pstn-row-fields.js';
import type { RowField } from './row-field.js';

/** Each log function's field table: how every property of its row type is made. */
export type FieldTable = Readonly<Record<string, RowField<never>>>;

const FIELD_TABLES: Partial<Record<LogFunctionName, FieldTable>> = {
  getPstnCalls: PSTN_ROW_FIELDS,
  getDirectRoutingCalls: DIRECT_ROUTING_ROW_FIELDS,
};

/**
 * The fields of a function's rows. Rows reach the renderer untyped (a page is a page of any
 * log), so the table is handed out as taking any row; the log function's own entry is what
 * puts the right rows in front of it.
 */
export function fieldTableOf(fn: LogFunctionName): Readonly<Record<string, RowField<unknown>>> {
  const table = FIELD_TABLES[fn];
  // Reached only if the table serves a function no field table renders; a test holds them equal.
  /* c8 ignore next */
  if (table === undefined) throw new Error(`No field table renders the rows of ${fn}`);
  return table as Readonly<Record<string, RowField<unknown>>>;
}
