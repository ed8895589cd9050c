/** A seed as users write it: a decimal integer from 0 to 2^32 − 1. */
export const MAX_SEED = 4_294_967_295;
const DECIMAL = /^\d{1,10}$/;

export function parseSeed(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const seed = Number(text);
  return seed <= MAX_SEED ? seed : undefined;
}
