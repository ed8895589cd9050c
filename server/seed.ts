/** A seed as users write it: a decimal integer from 0 to 2^32 − 1. */
import { MAX_SEED } from '../scenarios/scenario.js';

export { MAX_SEED };

const DECIMAL = /^\d{1,10}$/;

export function parseSeed(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const seed = Number(text);
  return seed <= MAX_SEED ? seed : undefined;
}
