import t from 'tap';
import { binomial, logNormal, normalQuantile, poisson } from '../../scenarios/sampling.js';

/** N evenly spread uniforms (i + 0.5)/N: a deterministic stand-in for N random draws. */
function uniforms(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i + 0.5) / n);
}

const N = 20_000;
const U = uniforms(N);

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

const isMonotone = (values: readonly number[], direction: 1 | -1): boolean =>
  values.every((v, i) => i === 0 || (v - values[i - 1]!) * direction >= 0);

function poissonPmf(mean: number, k: number): number {
  let p = Math.exp(-mean);
  for (let i = 1; i <= k; i++) p *= mean / i;
  return p;
}

function binomialPmf(n: number, p: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c * p ** k * (1 - p) ** (n - k);
}

/**
 * Φ⁻¹ at chosen points, from scipy.stats.norm.ppf 1.17 (double precision), an implementation
 * independent of the one under test.
 */
const NORMAL_QUANTILES: readonly [number, number][] = [
  [1e-9, -5.9978070150076865],
  [0.001, -3.090232306167813],
  [0.02, -2.053748910631823],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080409],
  [0.6, 0.2533471031357997],
  [0.75, 0.6744897501960817],
  [0.9, 1.2815515655446004],
  [0.95, 1.6448536269514722],
  [0.97, 1.8807936081512509],
  [0.975, 1.959963984540054],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
];

t.test('normalQuantile matches known values within its documented 1.2e-9', async (t) => {
  for (const [p, expected] of NORMAL_QUANTILES) {
    const actual = normalQuantile(p);
    const relative = Math.abs(actual - expected) / Math.abs(expected);
    t.ok(relative < 1.2e-9, `Φ⁻¹(${p}) = ${actual}, expected ${expected} (rel. error ${relative})`);
  }
  t.equal(normalQuantile(0.5), 0, 'Φ⁻¹(0.5) = 0');
});

t.test('normalQuantile is antisymmetric about one half', async (t) => {
  // p = k/1024 so that 1 − p is exact.
  for (let k = 1; k < 1024; k += 7) {
    const p = k / 1024;
    t.ok(Math.abs(normalQuantile(p) + normalQuantile(1 - p)) < 1e-12, `p = ${p}`);
  }
  t.ok(Math.abs(normalQuantile(1e-12) + normalQuantile(1 - 1e-12)) < 1e-3, 'far tail');
});

t.test('normalQuantile rises strictly with p', async (t) => {
  const values = uniforms(100_000).map(normalQuantile);
  const bad = values.findIndex((v, i) => i > 0 && v <= values[i - 1]!);
  t.equal(bad, -1, 'strictly increasing on an even grid');
  t.ok(values[0]! < -4 && values.at(-1)! > 4, 'reaches the tails');
});

t.test('normalQuantile is continuous where its approximations meet', async (t) => {
  // Acklam's approximation switches formulas at p = 0.02425 and 1 − 0.02425; the slope there is
  // about 17, so a step of 1e-9 in p moves Φ⁻¹ by about 2e-8.
  for (const boundary of [0.02425, 1 - 0.02425]) {
    const below = normalQuantile(boundary - 1e-9);
    const above = normalQuantile(boundary + 1e-9);
    t.ok(
      above > below && above - below < 1e-7,
      `at ${boundary}: ${below} → ${above} (jump ${above - below})`,
    );
  }
});

t.test('poisson has the mean and variance of its parameter', async (t) => {
  for (const mean of [0.3, 2.5, 12, 29.5, 30, 75, 400, 17_500]) {
    const draws = U.map((u) => poisson(mean, u));
    const m = moments(draws);
    // The normal branch rounds, adding 1/12 to the variance.
    const variance = mean >= 30 ? mean + 1 / 12 : mean;
    t.ok(Math.abs(m.mean - mean) < 0.005 * mean + 0.005, `mean ${mean}: got ${m.mean}`);
    t.ok(
      Math.abs(m.variance / variance - 1) < 0.03,
      `mean ${mean}: variance ${m.variance.toFixed(3)}`,
    );
    t.ok(
      draws.every((k) => Number.isInteger(k) && k >= 0),
      `mean ${mean}: non-negative integers`,
    );
    t.ok(isMonotone(draws, 1), `mean ${mean}: non-decreasing in u`);
  }
});

t.test('poisson inverts the exact CDF for small means', async (t) => {
  for (const mean of [0.3, 2.5, 12]) {
    const draws = U.map((u) => poisson(mean, u));
    for (let k = 0; k <= 3 * mean + 5; k++) {
      const share = draws.filter((d) => d === k).length / N;
      t.ok(
        Math.abs(share - poissonPmf(mean, k)) <= 1 / N + 1e-12,
        `mean ${mean}: P(${k}) = ${share}`,
      );
    }
  }
});

t.test('poisson of a non-positive mean is zero; extreme uniforms stay finite', async (t) => {
  t.equal(poisson(0, 0.99), 0);
  t.equal(poisson(-3, 0.5), 0);
  for (const mean of [0.5, 20, 5000]) {
    const high = poisson(mean, 1 - 2 ** -33);
    const low = poisson(mean, 2 ** -33);
    t.ok(Number.isFinite(high) && high > mean, `mean ${mean}: top tail ${high}`);
    t.ok(low >= 0 && low <= mean, `mean ${mean}: bottom tail ${low}`);
  }
});

const BINOMIAL_CASES: readonly [number, number][] = [
  [1, 0.5],
  [10, 0.3],
  [40, 0.2],
  [1000, 0.002],
  [20, 0.9],
  [50, 0.99],
  [100, 0.5],
  [200, 0.8],
  [10_000, 0.07],
  [1_000_000, 0.3],
];

t.test('binomial has mean np and variance np(1−p)', async (t) => {
  for (const [n, p] of BINOMIAL_CASES) {
    const draws = U.map((u) => binomial(n, p, u));
    const m = moments(draws);
    const q = Math.min(p, 1 - p);
    const normal = n * q >= 15;
    const variance = n * p * (1 - p) + (normal ? 1 / 12 : 0);
    t.ok(Math.abs(m.mean - n * p) < 0.005 * n * p + 0.005, `(${n}, ${p}): mean ${m.mean}`);
    t.ok(
      Math.abs(m.variance / variance - 1) < 0.03,
      `(${n}, ${p}): variance ${m.variance.toFixed(3)} vs ${variance.toFixed(3)}`,
    );
    t.ok(
      draws.every((k) => Number.isInteger(k) && k >= 0 && k <= n),
      `(${n}, ${p}): integers in [0, n]`,
    );
  }
});

t.test('binomial is monotone in u', async (t) => {
  for (const [n, p] of BINOMIAL_CASES) {
    const draws = U.map((u) => binomial(n, p, u));
    t.ok(isMonotone(draws, 1) || isMonotone(draws, -1), `(${n}, ${p})`);
  }
});

t.test('binomial inverts the exact CDF for small n·p', async (t) => {
  for (const [n, p] of [
    [10, 0.3],
    [20, 0.9],
  ] as const) {
    const draws = U.map((u) => binomial(n, p, u));
    for (let k = 0; k <= n; k++) {
      const share = draws.filter((d) => d === k).length / N;
      t.ok(
        Math.abs(share - binomialPmf(n, p, k)) <= 1 / N + 1e-12,
        `(${n}, ${p}): P(${k}) = ${share}`,
      );
    }
  }
});

t.test('binomial handles degenerate parameters', async (t) => {
  for (const u of [0.001, 0.5, 0.999]) {
    t.equal(binomial(0, 0.5, u), 0, 'n = 0');
    t.equal(binomial(-4, 0.5, u), 0, 'n < 0');
    t.equal(binomial(12, 0, u), 0, 'p = 0');
    t.equal(binomial(12, -0.1, u), 0, 'p < 0');
    t.equal(binomial(12, 1, u), 12, 'p = 1');
    t.equal(binomial(12, 1.5, u), 12, 'p > 1');
  }
  // n·p = 0.001: P(0) = e^−0.001 ≈ 0.9990, P(≤ 1) ≈ 0.9999995.
  t.equal(binomial(1_000_000, 1e-9, 0.99), 0, 'a tiny p rarely fires');
  t.equal(binomial(1_000_000, 1e-9, 0.9999), 1, 'and then once');
});

t.test('logNormal has the given median and is symmetric in log space', async (t) => {
  t.equal(logNormal(90, 1.26, 0.5), 90);
  for (const u of [0.01, 0.2, 0.4, 0.77, 0.93]) {
    const product = logNormal(90, 1.26, u) * logNormal(90, 1.26, 1 - u);
    t.ok(Math.abs(product / 8100 - 1) < 1e-9, `u = ${u}`);
  }
  const mean = uniforms(100_000).reduce((sum, u) => sum + logNormal(90, 1.26, u), 0) / 100_000;
  const expected = 90 * Math.exp(1.26 ** 2 / 2);
  t.ok(Math.abs(mean / expected - 1) < 0.02, `mean ${mean.toFixed(1)} vs ${expected.toFixed(1)}`);
  t.ok(
    uniforms(1000).every(
      (u, i, all) => i === 0 || logNormal(90, 1.26, u) > logNormal(90, 1.26, all[i - 1]!),
    ),
    'increasing in u',
  );
});
