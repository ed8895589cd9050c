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
  return digits === 0 ? number : number.slice(0, -digits) + STARS.slice(0, digits);
}

/** One string of stars that every mask is a slice of, not a fresh `'*'.repeat` per number. */
const STARS = '*'.repeat(16);

/**
 * A tenant's numbers as rows of one country show other parties: with their last `digits`
 * masked. A number is masked on first use and kept: a tenant holds some 24,000 numbers, most
 * never shown from any one country, so masking all of them up front cost ~2.4 MB a tenant.
 */
export class ShownNumbers {
  /** The masked numbers made so far; unused when nothing is masked. */
  private readonly shown: (string | undefined)[];

  constructor(
    private readonly numbers: readonly string[],
    private readonly digits: number,
  ) {
    this.shown = digits === 0 ? [] : new Array<string | undefined>(numbers.length);
  }

  /**
   * The number at `index` of Tenant.numbers, as shown.
   *
   * @example
   * new ShownNumbers(['+493023125042'], 3).at(0); // '+493023125***'
   */
  at(index: number): string {
    // Each array read at its own site, so that each site sees one kind of array.
    if (this.digits === 0) return this.numbers[index]!;
    let number = this.shown[index];
    if (number === undefined) {
      number = maskNumber(this.numbers[index]!, this.digits);
      this.shown[index] = number;
    }
    return number;
  }
}

const shownNumbers = new WeakMap<readonly string[], Map<number, ShownNumbers>>();

/** The one view of `numbers` with `digits` masked, shared by every log's rows of a tenant. */
export function shownNumbersOf(numbers: readonly string[], digits: number): ShownNumbers {
  let byDigits = shownNumbers.get(numbers);
  if (byDigits === undefined) {
    byDigits = new Map();
    shownNumbers.set(numbers, byDigits);
  }
  let view = byDigits.get(digits);
  if (view === undefined) {
    view = new ShownNumbers(numbers, digits);
    byDigits.set(digits, view);
  }
  return view;
}
