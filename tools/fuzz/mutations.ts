/**
 * Character-level mutations of a request-target: insertions and replacements of pieces that break
 * URLs (bad escapes, over-long UTF-8, encoded surrogates, controls, delimiters, non-ASCII, 8 KB
 * runs), deletions, percent-encoding and double encoding of spans, and case changes. Positions
 * wrap around the text, so a shrunk mutation still applies somewhere.
 */
import fc from 'fast-check';
import { longRun } from './choices.js';

/** Pieces that break URLs: bad escapes, over-long UTF-8, surrogates, controls, delimiters. */
const JUNK = [
  '%',
  '%G1',
  '%1',
  '%%',
  '%C0%AF',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%EF%BF%BF',
  '%F4%90%80%80',
  '%E2%82',
  '%FF',
  '%00',
  '%0A',
  '%0D%0A',
  '%25',
  '%252F',
  '%2F',
  '%5C',
  '%3F',
  '%23',
  '%28',
  '%29',
  '%2C',
  '%27',
  '%3D',
  '%20',
  '%2B',
  '+',
  "'",
  '"',
  '(',
  ')',
  ',',
  '=',
  '?',
  '#',
  '&',
  '/',
  '//',
  '\\',
  '..',
  '/../',
  './',
  ';',
  ':',
  '@',
  '$',
  '*',
  '[',
  ']',
  '{',
  '}',
  '|',
  '<',
  '>',
  '^',
  '`',
  '~',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  'é',
  '€',
  '𝄞',
  '\ud800',
  '\udfff',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u212a', // Kelvin sign: lower-cases to an ASCII k
  'İ',
  '０',
] as const;

const junk: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...JUNK) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: longRun(['a', '9', '%', '%2', '(', ',', "'", '/', 'é', '%C3%A9']) },
);

export type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | {
      readonly kind: 'replace';
      readonly at: number;
      readonly length: number;
      readonly text: string;
    }
  | {
      readonly kind: 'delete' | 'encode' | 'double-encode' | 'upper' | 'lower';
      readonly at: number;
      readonly length: number;
    };

const span = fc.integer({ min: 1, max: 12 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), length: span, text: junk }),
  fc.record({
    kind: fc.constantFrom('delete', 'encode', 'double-encode', 'upper', 'lower'),
    at: fc.nat(),
    length: span,
  }),
);

/** Every UTF-8 byte of `text` as %XX, as an over-eager client would write it. */
export function percentEncodeAll(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** What a span-changing mutation makes of the span. */
function changed(m: Mutation, part: string): string {
  switch (m.kind) {
    case 'insert':
      return m.text + part;
    case 'replace':
      return m.text;
    case 'delete':
      return '';
    case 'encode':
      return percentEncodeAll(part);
    case 'double-encode':
      return part.replaceAll('%', '%25');
    case 'upper':
      return part.toUpperCase();
    case 'lower':
      return part.toLowerCase();
  }
}

/** Applies one mutation to `text`; positions wrap, so every mutation applies somewhere. */
export function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  // An insertion changes an empty span: the text goes in before whatever follows.
  const end = m.kind === 'insert' ? at : Math.min(text.length, at + m.length);
  return text.slice(0, at) + changed(m, text.slice(at, end)) + text.slice(end);
}

/** The path's leading '/' stays: what follows it is all fair game. */
export function applyMutations(target: string, mutations: readonly Mutation[]): string {
  return `/${mutations.reduce(mutate, target.slice(1))}`;
}

/** No mutation in three requests of four, else one to three. */
export const mutations: fc.Arbitrary<readonly Mutation[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
);
