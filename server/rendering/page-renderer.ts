import type { ApiVersion } from '../../openapi/contract.js';
import { rowPropertyNames } from '../../openapi/contract.js';
import type { CallRow } from '../../scenarios/call-row.js';
import { ByteWriter, encodeJsonString, encodeText } from './byte-writer.js';
import { ROW_FIELDS, type RowField, type RowSegment } from './row-fields.js';

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
type RowWriter = (w: ByteWriter, row: CallRow) => void;

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

/** A property with what precedes it in the row: `{"id":` for the first, `,"callId":` after. */
function keyOf(name: string, index: number): string {
  return `${index === 0 ? '{' : ','}${JSON.stringify(name)}:`;
}

const SEGMENT_CAPACITY = 4096;

/**
 * Adjacent properties that depend on one pooled object only, rendered once per object — keys
 * and values — and then copied whole into each row that shares it.
 */
class SegmentRun {
  private readonly byObject = new WeakMap<object, Uint8Array>();
  private forNull: Uint8Array | undefined;

  constructor(
    private readonly keys: readonly Uint8Array[],
    private readonly writers: readonly RowField['write'][],
  ) {}

  /** The run's bytes for `source`, the object the row's segment depends on. */
  bytesFor(source: object | null, row: CallRow): Uint8Array {
    if (source === null) {
      this.forNull ??= this.render(row);
      return this.forNull;
    }
    let bytes = this.byObject.get(source);
    if (bytes === undefined) {
      bytes = this.render(row);
      this.byObject.set(source, bytes);
    }
    return bytes;
  }

  private render(row: CallRow): Uint8Array {
    const w = segmentScratch;
    w.reset();
    this.writers.forEach((write, i) => {
      w.bytes(this.keys[i]!);
      write(w, row);
    });
    // A copy sized exactly: a segment lives as long as its tenant, the scratch is reused.
    return new Uint8Array(w.view());
  }
}

/**
 * Segments render synchronously, one at a time, into this. A fresh writer per segment would
 * leave ~4 KB of garbage each — tens of megabytes of RSS over a tenant's first long walk.
 */
const segmentScratch = new ByteWriter(SEGMENT_CAPACITY);

/**
 * Unrolls the contract's property list into straight-line code, as fast-json-stringify does:
 * each call site always calls the same function (which V8 can then inline), keys become
 * literal byte stores, and runs of a segment's properties become one copy.
 */
function compileRowWriter(version: ApiVersion): RowWriter {
  const names = rowPropertyNames('getPstnCalls', version);
  const writers: RowField['write'][] = [];
  const runs: SegmentRun[] = [];
  const sources: RowSegment['source'][] = [];
  const body: string[] = [];
  for (let i = 0; i < names.length; ) {
    const segment = fieldFor(version, names[i]!).segment;
    let end = i + 1;
    while (segment && end < names.length && fieldFor(version, names[end]!).segment === segment) {
      end++;
    }
    if (segment) {
      const run = names.slice(i, end);
      const keys = run.map((name, k) => encodeText(keyOf(name, i + k)));
      runs.push(
        new SegmentRun(
          keys,
          run.map((name) => fieldFor(version, name).write),
        ),
      );
      sources.push(segment.source);
      const k = runs.length - 1;
      body.push(`w.bytes(runs[${k}].bytesFor(sources[${k}](row), row));`);
    } else {
      writers.push(fieldFor(version, names[i]!).write);
      body.push(`${storeBytes(keyOf(names[i]!, i))}\nwriters[${writers.length - 1}](w, row);`);
    }
    i = end;
  }
  const factory = new Function(
    'writers',
    'runs',
    'sources',
    `return function writeRow(w, row) {\n${body.join('\n')}\nw.byte(0x7d);\n};`,
  );
  return factory(writers, runs, sources) as RowWriter;
}

/** Source code that stores an ASCII constant at the writer's position. */
function storeBytes(text: string): string {
  const stores = Array.from(text, (char, i) => `b[p + ${i}] = ${char.charCodeAt(0)};`);
  return `{ const b = w.buf; const p = w.pos; ${stores.join(' ')} w.pos = p + ${text.length}; }`;
}

/** A row as a plain object, properties in contract order: for tests and the naive baseline. */
export function rowObject(version: ApiVersion, row: CallRow): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const name of rowPropertyNames('getPstnCalls', version))
    object[name] = fieldFor(version, name).value(row);
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
export function renderPage(page: PageContent, w: ByteWriter): Buffer {
  const writeRow = rowWriterFor(page.version);
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
    writeRow(w, row);
  });
  w.bytes(END);
  return w.view();
}
