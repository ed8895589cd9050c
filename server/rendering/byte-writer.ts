/**
 * Writes JSON text straight into bytes. Rendering a page this way — constant fragments
 * encoded once, digits and hex written byte by byte into a reused buffer — costs a fraction
 * of building strings or objects and stringifying them (../shared/perf-notes.md).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;
const FIRST_NON_ASCII = 0x80;
const ZERO = 0x30;
/** Room for a 1,000-row page of any log (getPstnCalls' are the largest, ~970 kB), and a margin. */
const INITIAL_CAPACITY = 1.25 * 1024 * 1024;
const HAND_COPY_LIMIT = 8;

/** "00".."ff" as byte pairs, for GUIDs. */
const HEX_PAIRS = (() => {
  const table = new Uint8Array(512);
  const digits = '0123456789abcdef';
  for (let i = 0; i < 256; i++) {
    table[2 * i] = digits.charCodeAt(i >>> 4);
    table[2 * i + 1] = digits.charCodeAt(i & 15);
  }
  return table;
})();

/** "00".."99" as byte pairs: digits two at a time, half the divisions. */
const DIGIT_PAIRS = (() => {
  const table = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    table[2 * i] = ZERO + Math.floor(i / 10);
    table[2 * i + 1] = ZERO + (i % 10);
  }
  return table;
})();
const MAX_DIGITS = 16;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS }, (_, i) => 10 ** i);

/** The last `count` decimal digits of `value`, ending just before `end`, zero-padded. */
function writeDigits(buf: Uint8Array, end: number, value: number, count: number): void {
  let p = end;
  const start = end - count;
  let v = value;
  while (p - start >= 2) {
    const q = Math.floor(v / 100);
    const pair = (v - q * 100) << 1;
    buf[--p] = DIGIT_PAIRS[pair + 1]!;
    buf[--p] = DIGIT_PAIRS[pair]!;
    v = q;
  }
  if (p > start) buf[--p] = ZERO + (v % 10);
}

const encoder = new TextEncoder();

/** The bytes of a JSON string literal (with quotes), for values encoded once and copied often. */
export function encodeJsonString(value: string): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  reset(): void {
    this.pos = 0;
  }

  /** The bytes it holds, written or not: what it costs in memory. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Makes room for `n` more bytes. Callers reserve once per row, not per byte. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** What was written so far, without copying: valid until the writer is reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  bytes(source: Uint8Array): void {
    const n = source.length;
    // TypedArray.set costs ~20 ns whatever the size; a JavaScript loop ~3 ns a byte.
    if (n < HAND_COPY_LIMIT) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = source[i]!;
      this.pos = p;
    } else {
      this.buf.set(source, this.pos);
      this.pos += n;
    }
  }

  /** A JSON string literal; plain ASCII is copied char by char, anything else is escaped. */
  string(value: string): void {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < FIRST_PRINTABLE || c >= FIRST_NON_ASCII || c === QUOTE || c === BACKSLASH) {
        this.pos = start;
        this.bytes(encodeJsonString(value));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = QUOTE;
    this.pos = p;
  }

  /** A non-negative integer (a safe integer: up to 16 digits). */
  uint(value: number): void {
    if (value < 10) {
      this.buf[this.pos++] = ZERO + value;
      return;
    }
    let digits = 2;
    while (digits < MAX_DIGITS && value >= POWERS_OF_TEN[digits]!) digits++;
    this.pos += digits;
    writeDigits(this.buf, this.pos, value, digits);
  }

  /** A non-negative integer in exactly `width` digits, zero-padded. */
  padded(value: number, width: number): void {
    this.pos += width;
    writeDigits(this.buf, this.pos, value, width);
  }

  /** Eight lowercase hex digits of a 32-bit word. */
  hex32(word: number): void {
    const buf = this.buf;
    const p = this.pos;
    let i = ((word >>> 24) & 0xff) << 1;
    buf[p] = HEX_PAIRS[i]!;
    buf[p + 1] = HEX_PAIRS[i + 1]!;
    i = ((word >>> 16) & 0xff) << 1;
    buf[p + 2] = HEX_PAIRS[i]!;
    buf[p + 3] = HEX_PAIRS[i + 1]!;
    i = ((word >>> 8) & 0xff) << 1;
    buf[p + 4] = HEX_PAIRS[i]!;
    buf[p + 5] = HEX_PAIRS[i + 1]!;
    i = (word & 0xff) << 1;
    buf[p + 6] = HEX_PAIRS[i]!;
    buf[p + 7] = HEX_PAIRS[i + 1]!;
    this.pos = p + 8;
  }

  /** Four lowercase hex digits of a 16-bit value. */
  hex16(value: number): void {
    const buf = this.buf;
    const p = this.pos;
    let i = ((value >>> 8) & 0xff) << 1;
    buf[p] = HEX_PAIRS[i]!;
    buf[p + 1] = HEX_PAIRS[i + 1]!;
    i = (value & 0xff) << 1;
    buf[p + 2] = HEX_PAIRS[i]!;
    buf[p + 3] = HEX_PAIRS[i + 1]!;
    this.pos = p + 4;
  }
}
