import type { ApiVersion } from '../../openapi/contract.js';
import { rowPropertyNames } from '../../openapi/contract.js';
import type { CallRow } from '../../scenarios/call-row.js';
import type { Tenant } from '../../scenarios/tenant.js';
import { type ByteWriter, encodeJsonString, encodeText } from './byte-writer.js';
import { type EncodedTenant, encodedTenant, ROW_FIELDS, type RowField } from './row-fields.js';

/**
 * Renders a getPstnCalls page to bytes: the OData envelope, then each row's properties in
 * the order and set the contract gives for the API version.
 */
export interface PageContent {
  readonly version: ApiVersion;
  /** `@odata.context`, or null when the client asked for odata.metadata=none. */
  readonly context: string | null;
  readonly nextLink: string | null;
  /** How many rows forEachRow will hand over: `@odata.count` comes before them. */
  readonly count: number;
  forEachRow(visit: (row: CallRow) => void): void;
}

/** Writes one row: its properties' keys and values, in contract order. */
type RowWriter = (w: ByteWriter, row: CallRow, tenant: EncodedTenant) => void;

/** Rows run to about 1.1 KB; this covers any name faker makes. */
const ROW_RESERVE_BYTES = 4096;
const ENVELOPE_RESERVE_BYTES = 8192;

const rowWriters = new Map<ApiVersion, RowWriter>();

function rowWriterFor(version: ApiVersion): RowWriter {
  let writer = rowWriters.get(version);
  if (!writer) {
    writer = compileRowWriter(version);
    rowWriters.set(version, writer);
  }
  return writer;
}

function fieldFor(version: ApiVersion, name: string): RowField {
  const field = ROW_FIELDS[name];
  // Reached only if the contract gains a property no row field makes; a test holds the two equal.
  /* c8 ignore next 3 */
  if (!field) {
    throw new Error(`The contract's ${version} row has '${name}', which no row field produces`);
  }
  return field;
}

/**
 * Unrolls the contract's property list into straight-line code, as fast-json-stringify does:
 * each key becomes literal byte stores, and each call site always calls the same field
 * writer, which V8 can inline — instead of one loop dispatching to thirty functions.
 */
function compileRowWriter(version: ApiVersion): RowWriter {
  const names = rowPropertyNames(version);
  const writers = names.map((name) => fieldFor(version, name).write);
  const body = names.map(
    (name, i) =>
      `${storeBytes(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`)}\nwriters[${i}](w, row, tenant);`,
  );
  const factory = new Function(
    'writers',
    `return function writeRow(w, row, tenant) {\n${body.join('\n')}\nw.byte(0x7d);\n};`,
  );
  return factory(writers) as RowWriter;
}

/** Source code that stores an ASCII constant at the writer's position. */
function storeBytes(text: string): string {
  const stores = Array.from(text, (char, i) => `b[p + ${i}] = ${char.charCodeAt(0)};`);
  return `{ const b = w.buf; const p = w.pos; ${stores.join(' ')} w.pos = p + ${text.length}; }`;
}

/** A row as a plain object, properties in contract order: for tests and the naive baseline. */
export function rowObject(version: ApiVersion, row: CallRow): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const name of rowPropertyNames(version)) object[name] = fieldFor(version, name).value(row);
  return object;
}

const CONTEXT_KEY = encodeText('{"@odata.context":');
const COUNT_KEY_FIRST = encodeText('{"@odata.count":');
const COUNT_KEY = encodeText(',"@odata.count":');
const NEXT_LINK_KEY = encodeText(',"@odata.nextLink":');
const VALUE_KEY = encodeText(',"value":[');
const END = encodeText(']}');
const COMMA = 0x2c;

/**
 * Renders into `w` and returns a view of its bytes: valid until the writer is reused, so the
 * caller keeps the writer until the response is sent.
 */
export function renderPage(tenant: Tenant, page: PageContent, w: ByteWriter): Buffer {
  const writeRow = rowWriterFor(page.version);
  const encoded = encodedTenant(tenant);
  w.reset();
  w.reserve(ENVELOPE_RESERVE_BYTES);
  if (page.context !== null) {
    w.bytes(CONTEXT_KEY);
    w.bytes(encodeJsonString(page.context));
    w.bytes(COUNT_KEY);
  } else {
    w.bytes(COUNT_KEY_FIRST);
  }
  w.uint(page.count);
  if (page.nextLink !== null) {
    w.bytes(NEXT_LINK_KEY);
    w.bytes(encodeJsonString(page.nextLink));
  }
  w.bytes(VALUE_KEY);
  let first = true;
  page.forEachRow((row) => {
    w.reserve(ROW_RESERVE_BYTES);
    if (first) first = false;
    else w.byte(COMMA);
    writeRow(w, row, encoded);
  });
  w.bytes(END);
  return w.view();
}
