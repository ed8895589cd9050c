/**
 * The Teams usage reports' masking of external numbers, which Microsoft says applies to the
 * Graph call logs too (graph-family-reference.md §6): in some countries the last digits of the
 * other party's number — the caller on incoming calls, the callee on outgoing ones — are
 * replaced by `*`. The docs name the tenant's country; the mock applies the rule by the
 * country of the user a row belongs to (the tenant's own for rows without a user), so a
 * multinational's German staff see masked numbers while its British staff do not [ours].
 */

/** Digits masked per country [doc]: 3 for BE, DE, DK, ES, FI, IT, NL, NO, SE; 4 for CH, FR. */
export const MASKED_DIGITS: Readonly<Record<string, number>> = {
  BE: 3,
  DE: 3,
  DK: 3,
  ES: 3,
  FI: 3,
  IT: 3,
  NL: 3,
  NO: 3,
  SE: 3,
  CH: 4,
  FR: 4,
};

/** How many trailing digits rows of a country mask: 0 where numbers are shown whole. */
export function maskedDigitsIn(country: string): number {
  return MASKED_DIGITS[country] ?? 0;
}

/**
 * The number with its last `digits` digits replaced by `*`.
 *
 * @example
 * maskNumber('+493023125042', 3); // '+493023125***'
 */
export function maskNumber(number: string, digits: number): string {
  return digits === 0 ? number : number.slice(0, -digits) + '*'.repeat(digits);
}
