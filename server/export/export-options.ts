import type { ApiVersion, LogFunctionName } from '../../openapi/contract.js';
import type { CallWindow } from '../../scenarios/log-window.js';
import type { Scenario } from '../../scenarios/scenario.js';

/** What the export command writes: a row a line, one JSON array, or a table. */
export const EXPORT_FORMATS = ['jsonl', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One export, as the command line resolves it (server/config/parse.ts). */
export interface ExportOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly fn: LogFunctionName;
  readonly version: ApiVersion;
  /** The range as written, before the function's rule says which of its ends count. */
  readonly range: CallWindow;
  readonly format: ExportFormat;
  /** The file to write; stdout when absent. */
  readonly output?: string;
}
