import type { ApiVersion, LogFunctionName } from '../../openapi/contract.js';
import { rowPropertyNames } from '../../openapi/contract.js';
import { ByteWriter, encodeJsonString, encodeText } from './byte-writer.js';
import { fieldTableOf } from './log-fields.js';
import type { RowField, RowSegment } from './row-field.js';

/**
 * Renders a page of a log function to bytes: the OData envelope, then each row's properties
 * in the order and set the contract gives for the function and API version.
 */
export interface PageContent<Row = unknown> {
  readonly fn: LogFunctionName;
  readonly version: ApiVersion;
  /** `@odata.context`, or null when the client asked for odata.metadata=none. */
  readonly context: string | null;
  readonly nextLink: string | null;
  /** How many rows forEachRow will hand over: `@odata.count` comes before them. */
  readonly count: number;
  forEachRow(visit: (row: Row) => void): void;
}

/** Writes one row: its properties' keys and values, in contract order. */
type RowWriter = (w: ByteWriter, row: unknown) => void;
type Field = RowField<unknown>;

/** Rows run to about 1.1 KB; this covers any name faker makes. */
const ROW_RESERVE_BYTES = 4096;
const ENVELOPE_RESERVE_BYTES = 8192;

const rowWriters = new Map<string, RowWriter>();

function rowWriterFor(fn: LogFunctionName, version: ApiVersion): RowWriter {
  const key = `${fn} ${version}`;
  let writer = rowWriters.get(key);
  if (!writer) {
    writer = compileRowWriter(fn, version);
    rowWriters.set(key, writer);
  }
  return writer;
}

function fieldFor(fn: LogFunctionName, version: ApiVersion, name: string): Field {
  const field = fieldTableOf(fn)[name];
  // Reached only if the contract gains a property no row field makes; a test holds the two equal.
  /* c8 ignore next 2 */
  if (!field)
    throw new Error(`The contract's ${fn} ${version} row has '${name}', which no field makes`);
  return field;
}

/** A property with what precedes it in the row: `{"id":` for the first, `,"callId":` after. */
function keyOf(name: string, index: number): string {
  return `${index === 0 ? '{' : ','}${JSON.stringify(name)}:`;
}

const SEGMENT_CAPACITY = 4096;

/**
 * Segments and choice runs render synchronously, one at a time, into this. A fresh writer per
 * run would leave ~4 KB of garbage each — tens of megabytes of RSS over a tenant's first walk.
 */
const runScratch = new ByteWriter(SEGMENT_CAPACITY);

/**
 * Adjacent properties of one row, keys and values, as a copy sized exactly (kept, unlike the
 * scratch). One key more than writers is the key of the property after the run, which is
 * then copied with it instead of written on its own.
 */
function renderRun(keys: readonly Uint8Array[], writers: readonly Field['write'][], row: unknown) {
  const w = runScratch;
  w.reset();
  writers.forEach((write, i) => {
    w.bytes(keys[i]!);
    write(w, row);
  });
  if (keys.length > writers.length) w.bytes(keys.at(-1)!);
  return new Uint8Array(w.view());
}

/**
 * Adjacent properties that depend on one pooled object only, rendered once per object — keys
 * and values — and then copied whole into each row that shares it.
 */
class SegmentRun {
  private readonly byObject = new WeakMap<object, Uint8Array>();
  private forNull: Uint8Array | undefined;

  constructor(
    private readonly keys: readonly Uint8Array[],
    private readonly writers: readonly Field['write'][],
  ) {}

  /** The run's bytes for `source`, the object the row's segment depends on. */
  bytesFor(source: object | null, row: unknown): Uint8Array {
    if (source === null) {
      this.forNull ??= renderRun(this.keys, this.writers, row);
      return this.forNull;
    }
    let bytes = this.byObject.get(source);
    if (bytes === undefined) {
      bytes = renderRun(this.keys, this.writers, row);
      this.byObject.set(source, bytes);
    }
    return bytes;
  }
}

/** A level of a choice run's tree: the next property's value → the next level, or the bytes. */
type ChoiceNode = Map<string | null, ChoiceNode | Uint8Array>;

/**
 * Adjacent properties of few values each (RowField.choice), rendered once per combination of
 * their values and copied after that: a tree of Maps, one level a property, the values' own
 * strings as keys, so a lookup allocates nothing.
 */
class ChoiceRun {
  readonly root: ChoiceNode = new Map();

  constructor(
    private readonly keys: readonly Uint8Array[],
    private readonly writers: readonly Field['write'][],
  ) {}

  /** The run's bytes for `row`, which has just come down to the leaf `node` by the value `last`. */
  render(node: ChoiceNode, last: string | null, row: unknown): Uint8Array {
    const bytes = renderRun(this.keys, this.writers, row);
    node.set(last, bytes);
    return bytes;
  }
}

/** Which run of a row's properties each one belongs to: consecutive, by segment or choice. */
function runEnd(fields: readonly Field[], start: number): number {
  const { segment, choice } = fields[start]!;
  let end = start + 1;
  if (segment) while (end < fields.length && fields[end]!.segment === segment) end++;
  else if (choice)
    while (end < fields.length && fields[end]!.choice && !fields[end]!.segment) end++;
  return end;
}

/**
 * Unrolls the contract's property list into straight-line code, as fast-json-stringify does:
 * each call site always calls the same function (which V8 can then inline), keys become
 * literal byte stores, runs of a segment's properties become one copy and runs of choices a
 * walk down their tree, then one copy.
 */
function compileRowWriter(fn: LogFunctionName, version: ApiVersion): RowWriter {
  const names = rowPropertyNames(fn, version);
  const fields = names.map((name) => fieldFor(fn, version, name));
  const writers: Field['write'][] = [];
  const segments: SegmentRun[] = [];
  const sources: RowSegment<unknown>['source'][] = [];
  const choiceRuns: ChoiceRun[] = [];
  const choosers: NonNullable<Field['choice']>[] = [];
  const body: string[] = [];
  const isPlain = (field: Field | undefined) => field && !field.segment && !field.choice;
  let keyCopied = false;
  for (let i = 0; i < names.length; ) {
    const end = runEnd(fields, i);
    const run = fields.slice(i, end);
    // A run carries the key of a plain property right after it.
    const keyed = isPlain(fields[i]) ? [] : names.slice(i, isPlain(fields[end]) ? end + 1 : end);
    const keys = keyed.map((name, k) => encodeText(keyOf(name, i + k)));
    const runWriters = run.map((field) => field.write);
    const { segment } = fields[i]!;
    if (segment) {
      segments.push(new SegmentRun(keys, runWriters));
      sources.push(segment.source);
      const k = segments.length - 1;
      body.push(`w.bytes(segments[${k}].bytesFor(sources[${k}](row), row));`);
    } else if (fields[i]!.choice) {
      choiceRuns.push(new ChoiceRun(keys, runWriters));
      body.push(choiceLookup(choiceRuns.length - 1, run, choosers));
    } else {
      writers.push(fields[i]!.write);
      if (!keyCopied) body.push(storeBytes(keyOf(names[i]!, i)));
      body.push(`writers[${writers.length - 1}](w, row);`);
    }
    keyCopied = keys.length > run.length;
    i = end;
  }
  const factory = new Function(
    'writers',
    'segments',
    'sources',
    'choiceRuns',
    'choosers',
    `return function writeRow(w, row) {\n${body.join('\n')}\nw.byte(0x7d);\n};`,
  );
  return factory(writers, segments, sources, choiceRuns, choosers) as RowWriter;
}

/** Source code that walks choice run `k`'s tree by each property's value and copies the leaf. */
function choiceLookup(k: number, run: readonly Field[], choosers: Field['choice'][]): string {
  const lines = [`{ const run = choiceRuns[${k}]; let node = run.root; let next;`];
  run.forEach((field, level) => {
    choosers.push(field.choice);
    const value = `choosers[${choosers.length - 1}](row)`;
    if (level < run.length - 1) {
      lines.push(
        `{ const v = ${value}; next = node.get(v);`,
        ' if (next === undefined) { next = new Map(); node.set(v, next); } node = next; }',
      );
    } else {
      lines.push(
        `{ const v = ${value}; next = node.get(v);`,
        ' w.bytes(next === undefined ? run.render(node, v, row) : next); } }',
      );
    }
  });
  return lines.join('\n');
}

/** Source code that stores an ASCII constant at the writer's position. */
function storeBytes(text: string): string {
  const stores = Array.from(text, (char, i) => `b[p + ${i}] = ${char.charCodeAt(0)};`);
  return `{ const b = w.buf; const p = w.pos; ${stores.join(' ')} w.pos = p + ${text.length}; }`;
}

/**
 * Appends one row's JSON to `w`: the very bytes renderPage writes for it inside a page's
 * `value`, for callers that frame rows themselves (the export command's JSON Lines).
 *
 * @example
 * plan.forEachRow((row) => { renderRow('getPstnCalls', 'v1.0', row, w); w.byte(0x0a); });
 */
export function renderRow(
  fn: LogFunctionName,
  version: ApiVersion,
  row: unknown,
  w: ByteWriter,
): void {
  const writeRow = rowWriterFor(fn, version);
  w.reserve(ROW_RESERVE_BYTES);
  writeRow(w, row);
}

/** A row as a plain object, properties in contract order: for tests, the naive baseline and CSV. */
export function rowObject(
  fn: LogFunctionName,
  version: ApiVersion,
  row: unknown,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const name of rowPropertyNames(fn, version)) {
    object[name] = fieldFor(fn, version, name).value(row);
  }
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
export function renderPage<Row>(page: PageContent<Row>, w: ByteWriter): Buffer {
  const writeRow = rowWriterFor(page.fn, page.version);
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
