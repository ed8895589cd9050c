import type { LogFunctionName } from '../../openapi/contract.js';
import { DIRECT_ROUTING_ROW_FIELDS } from './direct-routing-row-fields.js';
import {
  BLOCKED_USER_ROW_FIELDS,
  DIALOUT_REPORT_FIELDS,
  SMS_ROW_FIELDS,
} from './message-log-row-fields.js';
import { PSTN_ROW_FIELDS } from './pstn-row-fields.js';
import type { RowField } from './row-field.js';

/** A field table: how every property of a row type is made. */
type FieldTable = Readonly<Record<string, RowField<never>>>;

/** Every log function's: a function without one fails to compile here. */
const FIELD_TABLES: Readonly<Record<LogFunctionName, FieldTable>> = {
  getPstnCalls: PSTN_ROW_FIELDS,
  getDirectRoutingCalls: DIRECT_ROUTING_ROW_FIELDS,
  getSmsLog: SMS_ROW_FIELDS,
  getPstnBlockedUsersLog: BLOCKED_USER_ROW_FIELDS,
  getPstnOnlineMeetingDialoutReport: DIALOUT_REPORT_FIELDS,
};

/**
 * The fields of a function's rows. Rows reach the renderer untyped (a page is a page of any
 * log), so the table is handed out as taking any row; the log function's own entry is what
 * puts the right rows in front of it.
 */
export function fieldTableOf(fn: LogFunctionName): Readonly<Record<string, RowField<unknown>>> {
  return FIELD_TABLES[fn] as Readonly<Record<string, RowField<unknown>>>;
}
