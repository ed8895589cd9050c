/**
 * Deterministic samplers driven by a supplied uniform, so the caller decides where the
 * randomness comes from (a coordinate hash). V8 computes Math.log/exp/sqrt in software
 * (fdlibm), so these give the same result on every machine.
 */

/** Φ⁻¹(p): Acklam's rational approximation, relative error below 1.2e-9. */
export function normalQuantile(p: number): number {
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((-7.784894002430293e-3 * q - 0.3223964580411365) * q - 2.400758277161838) * q -
        2.549732539343734) *
        q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 0.3224671290700398) * q + 2.445134137142996) * q +
        3.754408661907416) *
        q +
        1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r +
      138.357751867269) *
      r -
      30.66479806614716) *
      r +
      2.506628277459239) *
      q) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r +
      66.80131188771972) *
      r -
      13.28068155288572) *
      r +
      1)
  );
}

/** Below this mean, invert the exact CDF; above it the normal approximation is close enough. */
export const EXACT_BELOW = 30;

/** Poisson(mean) by CDF inversion for small means, else the rounded normal approximation. */
export function poisson(mean: number, u: number): number {
  if (mean <= 0) return 0;
  if (mean >= EXACT_BELOW) {
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normalQuantile(u)));
  }
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && p > 0) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/** Binomial(n, p) by CDF inversion when n·min(p, 1−p) is small, else the normal approximation. */
export function binomial(n: number, p: number, u: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = p > 0.5 ? 1 - p : p;
  let k: number;
  if (n * q < EXACT_BELOW / 2) {
    // Walk the pmf of Binomial(n, q) from 0 upwards.
    const ratio = q / (1 - q);
    let pmf = (1 - q) ** n;
    let cdf = pmf;
    k = 0;
    while (u > cdf && k < n) {
      pmf *= (ratio * (n - k)) / (k + 1);
      k++;
      cdf += pmf;
    }
  } else {
    const mean = n * q;
    const draw = Math.round(mean + Math.sqrt(mean * (1 - q)) * normalQuantile(u));
    k = Math.min(n, Math.max(0, draw));
  }
  return p > 0.5 ? n - k : k;
}

/** A lognormal draw with the given median and shape σ. */
export function logNormal(median: number, sigma: number, u: number): number {
  return median * Math.exp(sigma * normalQuantile(u));
}
