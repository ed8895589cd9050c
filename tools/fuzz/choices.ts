/** Arbitrary builders the request grammars share. */
import fc from 'fast-check';

/** How much more often the usual choice comes than all the odd ones together. */
const USUAL_WEIGHT = 19;

/**
 * `usual` nineteen times in twenty, else one of `odd`: each part of a request is usually right, so a
 * good share of requests gets far enough to be answered with a page.
 */
export function mostly<T>(
  usual: fc.Arbitrary<T> | T,
  odd: fc.Arbitrary<T> | readonly T[],
): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: USUAL_WEIGHT, arbitrary: usual instanceof fc.Arbitrary ? usual : fc.constant(usual) },
    { weight: 1, arbitrary: odd instanceof fc.Arbitrary ? odd : fc.constantFrom(...odd) },
  );
}

/** Long values: Kiota's segments run to ~130 characters; these run to the router's 8 KB cap. */
const LONG_VALUE_MIN = 4096;
const LONG_VALUE_MAX = 8192;

/** One of `texts` repeated to a length between 4 and 8 KB. */
export function longRun(texts: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...texts), fc.integer({ min: LONG_VALUE_MIN, max: LONG_VALUE_MAX }))
    .map(([text, length]) => text.repeat(Math.ceil(length / text.length)).slice(0, length));
}

/** `arbitrary` one time in `oneIn`, else null (the header left out, the value left alone …). */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}
