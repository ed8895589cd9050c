/**
 * The byte writer on its own: what it writes must be the JSON text the slow path would write.
 */
import t from 'tap';
import { ByteWriter, encodeJsonString, encodeText } from '../../../server/rendering/byte-writer.js';

function written(write: (w: ByteWriter) => void): string {
  const w = new ByteWriter();
  write(w);
  return w.view().toString('utf8');
}

t.test('strings are JSON string literals, escaped where JSON needs it', async (t) => {
  const values = [
    '',
    'plain ascii',
    'O\'Brien & "Sons"',
    'back\\slash',
    'tab\there\nnewline\u0000nul\u001funit',
    'Zoë Müller',
    '中文',
    '\u{1F4DE} emoji',
    '\u007f delete',
    'lone \ud800 surrogate',
  ];
  for (const value of values) {
    const text = written((w) => w.string(value));
    t.equal(text, JSON.stringify(value), JSON.stringify(value));
  }
});

t.test('a string that needs escaping after plain characters restarts cleanly', async (t) => {
  const text = written((w) => {
    w.string('abc');
    w.byte(0x2c);
    w.string('abc"def');
    w.byte(0x2c);
    w.string('xyz');
  });
  t.equal(text, '"abc","abc\\"def","xyz"');
});

t.test('unsigned integers are written in decimal without padding', async (t) => {
  for (const value of [0, 7, 9, 10, 99, 100, 1234, 4_294_967_295, 9_007_199_254_740_991]) {
    t.equal(
      written((w) => w.uint(value)),
      String(value),
    );
  }
});

t.test('padded integers keep exactly their width', async (t) => {
  t.equal(
    written((w) => w.padded(7, 4)),
    '0007',
  );
  t.equal(
    written((w) => w.padded(2024, 4)),
    '2024',
  );
  t.equal(
    written((w) => w.padded(0, 7)),
    '0000000',
  );
  t.equal(
    written((w) => w.padded(9_999_999, 7)),
    '9999999',
  );
});

t.test('hex words are lowercase and zero-padded', async (t) => {
  t.equal(
    written((w) => w.hex32(0)),
    '00000000',
  );
  t.equal(
    written((w) => w.hex32(0xdeadbeef)),
    'deadbeef',
  );
  t.equal(
    written((w) => w.hex32(0x0a0b0c0d)),
    '0a0b0c0d',
  );
  t.equal(
    written((w) => w.hex16(0)),
    '0000',
  );
  t.equal(
    written((w) => w.hex16(0xabcd)),
    'abcd',
  );
});

t.test('byte runs are copied whether short or long', async (t) => {
  const short = encodeText('short');
  const long = encodeText('a run well past the hand-copy threshold of the writer');
  t.equal(
    written((w) => {
      w.bytes(short);
      w.bytes(long);
      w.bytes(encodeJsonString('q"'));
    }),
    `short${'a run well past the hand-copy threshold of the writer'}"q\\""`,
  );
});

t.test('reserve grows the buffer and keeps what was written', async (t) => {
  const w = new ByteWriter();
  const initial = w.buf.length;
  w.string('kept');
  w.reserve(initial);
  t.ok(w.buf.length >= initial + 6, 'grown');
  const big = 'x'.repeat(initial + 10);
  w.reserve(big.length + 2);
  w.string(big);
  t.equal(w.view().toString('utf8'), `"kept""${big}"`);
});

t.test('reset starts over: the view shows only what was written since', async (t) => {
  const w = new ByteWriter();
  w.string('a longer first value');
  w.reset();
  w.uint(42);
  t.equal(w.view().toString('utf8'), '42');
});
