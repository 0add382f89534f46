/**
 * Univariate marginals of the Gaussian copula. Each maps values to (0, 1) and back; the fit picks
 * the candidate with the smallest Kolmogorov–Smirnov distance to the data (or the one asked for).
 * Candidates: SDV's norm, truncnorm, uniform, beta, gamma and gaussian_kde, plus `empirical`, a
 * piecewise-linear quantile function on at most 257 knots, which keeps point masses (a spike of
 * zeros) that the smooth families blur. Beta, gamma and KDE invert by tabulation on a fine grid.
 */
import { z } from 'zod';
import { normalCdf, normalPpf } from '../stats/normal.js';
import { regularizedBeta, regularizedGammaP } from '../stats/special.js';
import type { Rng } from '../random.js';

export const DISTRIBUTIONS = ['norm', 'truncnorm', 'uniform', 'beta', 'gamma', 'gaussian_kde', 'empirical'] as const;
export type DistributionName = (typeof DISTRIBUTIONS)[number];

export const MarginalSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('norm'), mu: z.number(), sigma: z.number() }),
  z.object({ kind: z.literal('truncnorm'), mu: z.number(), sigma: z.number(), lo: z.number(), hi: z.number() }),
  z.object({ kind: z.literal('uniform'), lo: z.number(), hi: z.number() }),
  z.object({ kind: z.literal('beta'), a: z.number(), b: z.number(), lo: z.number(), hi: z.number() }),
  z.object({ kind: z.literal('gamma'), shape: z.number(), scale: z.number(), loc: z.number() }),
  z.object({ kind: z.literal('gaussian_kde'), xs: z.array(z.number()), us: z.array(z.number()) }),
  z.object({ kind: z.literal('empirical'), xs: z.array(z.number()), us: z.array(z.number()) }),
]);
export type MarginalSpec = z.infer<typeof MarginalSpec>;

export interface Marginal {
  readonly spec: MarginalSpec;
  cdf(x: number): number;
  /** The CDF just below and at x: equal except on a point mass, where they bound its jump. */
  cdfRange(x: number): readonly [number, number];
  ppf(u: number): number;
  /** The CDF, but a value sitting on a point mass lands uniformly inside its jump. */
  toUniform(x: number, rng: Rng): number;
}

const GRID = 2048;

const point =
  (cdf: (x: number) => number) =>
  (x: number): readonly [number, number] => {
    const u = cdf(x);
    return [u, u];
  };

/** Piecewise-linear CDF through (xs, us), both non-decreasing. */
function piecewise(spec: MarginalSpec & { xs: number[]; us: number[] }): Marginal {
  const { xs, us } = spec;
  const last = xs.length - 1;
  const firstAtOrAbove = (x: number) => {
    let lo = 0;
    let hi = last + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const jump = (x: number): [number, number] => {
    if (x < xs[0]!) return [0, 0];
    if (x > xs[last]!) return [1, 1];
    const i = firstAtOrAbove(x);
    if (xs[i] === x) {
      let j = i;
      while (j < last && xs[j + 1] === x) j++;
      return [us[i]!, us[j]!];
    }
    const t = (x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
    const u = us[i - 1]! + t * (us[i]! - us[i - 1]!);
    return [u, u];
  };
  return {
    spec,
    cdf: (x) => {
      const [a, b] = jump(x);
      return (a + b) / 2;
    },
    cdfRange: jump,
    toUniform: (x, rng) => {
      const [a, b] = jump(x);
      return a === b ? a : a + rng.uniform() * (b - a);
    },
    ppf: (u) => {
      if (u <= us[0]!) return xs[0]!;
      if (u >= us[last]!) return xs[last]!;
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (us[mid]! <= u) lo = mid;
        else hi = mid;
      }
      const du = us[hi]! - us[lo]!;
      return du > 0 ? xs[lo]! + ((u - us[lo]!) / du) * (xs[hi]! - xs[lo]!) : xs[lo]!;
    },
  };
}

/** A smooth CDF, inverted through a table of GRID points between lo and hi. */
function tabulated(spec: MarginalSpec, cdf: (x: number) => number, lo: number, hi: number): Marginal {
  const xs: number[] = [];
  const us: number[] = [];
  for (let i = 0; i <= GRID; i++) {
    const x = lo + ((hi - lo) * i) / GRID;
    xs.push(x);
    us.push(Math.min(1, Math.max(0, cdf(x))));
  }
  for (let i = 1; i < us.length; i++) us[i] = Math.max(us[i]!, us[i - 1]!);
  const table = piecewise({ kind: 'empirical', xs, us });
  return { spec, cdf, cdfRange: point(cdf), ppf: table.ppf, toUniform: (x) => cdf(x) };
}

export function marginalFrom(spec: MarginalSpec): Marginal {
  switch (spec.kind) {
    case 'norm': {
      const { mu, sigma } = spec;
      const cdf = (x: number) => normalCdf((x - mu) / sigma);
      return { spec, cdf, cdfRange: point(cdf), toUniform: cdf, ppf: (u) => mu + sigma * normalPpf(u) };
    }
    case 'truncnorm': {
      const { mu, sigma, lo, hi } = spec;
      const a = normalCdf((lo - mu) / sigma);
      const b = normalCdf((hi - mu) / sigma);
      const width = Math.max(b - a, 1e-300);
      const cdf = (x: number) => (x <= lo ? 0 : x >= hi ? 1 : (normalCdf((x - mu) / sigma) - a) / width);
      return { spec, cdf, cdfRange: point(cdf), toUniform: cdf, ppf: (u) => Math.min(hi, Math.max(lo, mu + sigma * normalPpf(a + u * width))) };
    }
    case 'uniform': {
      const { lo, hi } = spec;
      const span = hi - lo || 1;
      const cdf = (x: number) => Math.min(1, Math.max(0, (x - lo) / span));
      return { spec, cdf, cdfRange: point(cdf), toUniform: cdf, ppf: (u) => lo + u * span };
    }
    case 'beta': {
      const { a, b, lo, hi } = spec;
      return tabulated(spec, (x) => regularizedBeta((x - lo) / (hi - lo), a, b), lo, hi);
    }
    case 'gamma': {
      const { shape, scale, loc } = spec;
      const cdf = (x: number) => regularizedGammaP(shape, (x - loc) / scale);
      // Far enough into the tail that the table covers all but ~1e-9 of the mass.
      const hi = loc + scale * (shape + 12 * Math.sqrt(shape) + 30);
      return tabulated(spec, cdf, loc, hi);
    }
    case 'gaussian_kde':
    case 'empirical':
      return piecewise(spec);
  }
}

interface Moments {
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly skew: number;
}

function moments(sorted: Float64Array): Moments {
  const n = sorted.length;
  // Past ~1e100 a cube (and near the largest double a sum) overflows: such values are summed scaled
  // by a power of two, exactly; every other column is summed as it always was.
  const largest = Math.max(Math.abs(sorted[0]!), Math.abs(sorted[n - 1]!));
  const scale = largest > 1e100 ? 2 ** Math.floor(Math.log2(largest)) : 1;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]! / scale;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! / scale - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  const std = Math.sqrt(m2 / Math.max(1, n - 1));
  return { n, mean: mean * scale, std: std * scale, min: sorted[0]!, max: sorted[n - 1]!, skew: std > 0 ? m3 / n / std ** 3 : 0 };
}

function candidate(name: DistributionName, sorted: Float64Array, m: Moments): MarginalSpec | undefined {
  const span = m.max - m.min;
  const sigma = m.std > 0 ? m.std : 1e-9;
  switch (name) {
    case 'norm':
      return { kind: 'norm', mu: m.mean, sigma };
    case 'truncnorm':
      return { kind: 'truncnorm', mu: m.mean, sigma, lo: m.min, hi: m.max };
    case 'uniform':
      return { kind: 'uniform', lo: m.min, hi: m.max };
    case 'beta': {
      if (span <= 0) return undefined;
      // Method of moments on the data scaled to a range slightly wider than seen, so no value sits on 0 or 1.
      const lo = m.min - span * 1e-3;
      const hi = m.max + span * 1e-3;
      const mean = (m.mean - lo) / (hi - lo);
      const v = (m.std / (hi - lo)) ** 2;
      const common = (mean * (1 - mean)) / Math.max(v, 1e-12) - 1;
      if (!(common > 0)) return undefined;
      return { kind: 'beta', a: mean * common, b: (1 - mean) * common, lo, hi };
    }
    case 'gamma': {
      if (span <= 0 || m.skew <= 0) return undefined;
      const loc = m.min - span * 1e-3;
      const mean = m.mean - loc;
      const v = m.std ** 2;
      if (!(v > 0)) return undefined;
      return { kind: 'gamma', shape: (mean * mean) / v, scale: v / mean, loc };
    }
    case 'gaussian_kde':
      return kde(sorted, m);
    case 'empirical':
      return empirical(sorted);
  }
}

function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function empirical(sorted: Float64Array): MarginalSpec {
  const knots = Math.max(2, Math.min(257, Math.ceil(sorted.length / 2)));
  const xs: number[] = [];
  const us: number[] = [];
  for (let k = 0; k < knots; k++) {
    const u = k / (knots - 1);
    xs.push(quantileSorted(sorted, u));
    us.push(u);
  }
  return { kind: 'empirical', xs, us };
}

/** Gaussian KDE with Scott's bandwidth, binned to 512 centres, CDF tabulated on the data's range. */
function kde(sorted: Float64Array, m: Moments): MarginalSpec | undefined {
  const span = m.max - m.min;
  if (span <= 0 || m.std <= 0) return undefined;
  const h = m.std * m.n ** (-1 / 5);
  const BINS = 512;
  const POINTS = 2 * BINS;
  const weights = new Float64Array(BINS);
  for (let i = 0; i < m.n; i++) weights[Math.min(BINS - 1, Math.floor(((sorted[i]! - m.min) / span) * BINS))]! += 1 / m.n;
  // Point i sits at min + span·i/POINTS and centre b at min + span·(2b + 1)/POINTS, so their distance
  // is a whole number of steps: one table of Φ serves every pair (a normal CDF per pair had been most of a big fit).
  const step = span / POINTS / h;
  const phi = Float64Array.from({ length: 2 * POINTS + 1 }, (_, k) => normalCdf((k - POINTS) * step));
  const mass = (i: number) => {
    let s = 0;
    for (let b = 0; b < BINS; b++) if (weights[b]! > 0) s += weights[b]! * phi[i - 2 * b - 1 + POINTS]!;
    return s;
  };
  // Values stay within the seen range (the copula clips there anyway): renormalise the mass inside it.
  const lo = mass(0);
  const hi = mass(POINTS);
  const xs: number[] = [];
  const us: number[] = [];
  for (let i = 0; i <= POINTS; i++) {
    xs.push(m.min + (span * i) / POINTS);
    us.push(Math.min(1, Math.max(0, (mass(i) - lo) / (hi - lo))));
  }
  return { kind: 'gaussian_kde', xs, us };
}

/**
 * The Kolmogorov–Smirnov distance between the sorted sample and a CDF (point masses included). On
 * big samples the CDF is evaluated at most about KS_POINTS times, at runs of equal values spaced
 * through the sample: between two of them the empirical CDF moves by under 1/KS_POINTS, so the
 * distance is missed by no more than that, and a run of that many rows (a point mass) is never
 * stepped over. Evaluating it at each of a million values had been a fifth of a big copula fit.
 */
export function ksDistance(sorted: Float64Array, cdfRange: (x: number) => readonly [number, number]): number {
  const n = sorted.length;
  const stride = Math.max(1, Math.ceil(n / KS_POINTS));
  let d = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const [below, at] = cdfRange(sorted[i]!);
    d = Math.max(d, Math.abs(below - i / n), Math.abs(at - (j + 1) / n));
    // The next run: the one holding the row `stride` on, from its first row.
    let next = Math.max(j + 1, i + stride);
    while (next < n && next > j + 1 && sorted[next - 1] === sorted[next]) next--;
    i = next;
  }
  return d;
}

/** Points at which ksDistance evaluates a CDF, at most (about). */
const KS_POINTS = 1 << 14;

/** Fits the asked distribution, or ('auto') the best of all by KS distance. */
export function fitMarginal(values: Float64Array, choice: DistributionName | 'auto'): { marginal: Marginal; ks: number } {
  const sorted = Float64Array.from(values).sort();
  const m = moments(sorted);
  const names = choice === 'auto' ? DISTRIBUTIONS : [choice];
  const fits: { marginal: Marginal; ks: number }[] = [];
  for (const name of names) {
    const spec = candidate(name, sorted, m);
    if (!spec) continue;
    const marginal = marginalFrom(spec);
    fits.push({ marginal, ks: ksDistance(sorted, marginal.cdfRange) });
  }
  // Every family can be undefined only for a constant column: a point mass.
  if (!fits.length) return { marginal: marginalFrom({ kind: 'uniform', lo: m.min, hi: m.max }), ks: 0 };
  const best = fits.reduce((a, b) => (b.ks < a.ks - 1e-12 ? b : a));
  // The empirical marginal always fits the sample best; on a small sample that is partly noise.
  // Prefer a smooth family unless the empirical one wins by more than sampling error (≈ 0.5/√n).
  if (choice === 'auto' && best.marginal.spec.kind === 'empirical') {
    const smooth = fits.filter((f) => f.marginal.spec.kind !== 'empirical').reduce<{ marginal: Marginal; ks: number } | undefined>((a, b) => (!a || b.ks < a.ks ? b : a), undefined);
    if (smooth && smooth.ks - best.ks < 0.5 / Math.sqrt(sorted.length)) return smooth;
  }
  return best;
}
