/**
 * Pearson r over rows where both values are present (pairwise-complete, as pandas does), from
 * co-moments that merge across chunks (Chan, Golub & LeVeque's update applied to the cross term).
 */

/** n paired values, their means, and the sums of squared and crossed deviations from the means. */
export interface CoMoments {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly cxx: number;
  readonly cyy: number;
  readonly cxy: number;
}

export const NO_CO_MOMENTS: CoMoments = { n: 0, meanX: 0, meanY: 0, cxx: 0, cyy: 0, cxy: 0 };

export function mergeCoMoments(a: CoMoments, b: CoMoments): CoMoments {
  if (!b.n) return a;
  if (!a.n) return b;
  const n = a.n + b.n;
  const dx = b.meanX - a.meanX;
  const dy = b.meanY - a.meanY;
  const w = (a.n * b.n) / n;
  return {
    n,
    meanX: a.meanX + (dx * b.n) / n,
    meanY: a.meanY + (dy * b.n) / n,
    cxx: a.cxx + b.cxx + dx * dx * w,
    cyy: a.cyy + b.cyy + dy * dy * w,
    cxy: a.cxy + b.cxy + dx * dy * w,
  };
}

/** A spread below double precision's resolution of the mean is rounding, not variation. */
const flat = (c2: number, n: number, mean: number) => !(c2 > n * (mean * 1e-14) ** 2);

/** r, or null under three pairs or when either side is constant. */
export function coMomentsPearson(c: CoMoments): number | null {
  if (c.n < 3 || flat(c.cxx, c.n, c.meanX) || flat(c.cyy, c.n, c.meanY)) return null;
  return Math.max(-1, Math.min(1, c.cxy / Math.sqrt(c.cxx * c.cyy)));
}

/** Mean of the non-NaN values (0 when there are none): the shift that keeps one-pass sums exact enough. */
export function presentMean(values: Float64Array): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      n++;
      sum += v;
    }
  }
  return n ? sum / n : 0;
}

/** Rows per block: a block of every column stays in cache while all pairs read it. */
const BLOCK = 4096;

/**
 * Co-moments of every pair (i < j) of columns, in row-major order of the upper triangle, in one pass
 * per pair. Sums are of deviations from each column's own mean, so the one-pass formula
 * Σdx·dy − Σdx·Σdy/n loses nothing to cancellation: a pair's mean differs from a column's mean
 * only through the rows the other column is missing.
 */
export function pairwiseCoMoments(columns: readonly Float64Array[]): CoMoments[] {
  const k = columns.length;
  const shifts = columns.map(presentMean);
  const pairs = (k * (k - 1)) / 2;
  // n, Σdx, Σdy, Σdx², Σdy², Σdx·dy per pair.
  const sums = new Float64Array(pairs * 6);
  const rows = columns[0]?.length ?? 0;
  for (let start = 0; start < rows; start += BLOCK) {
    const end = Math.min(rows, start + BLOCK);
    let p = 0;
    for (let i = 0; i < k; i++) {
      const x = columns[i]!;
      const cx = shifts[i]!;
      for (let j = i + 1; j < k; j++, p++) {
        const y = columns[j]!;
        const cy = shifts[j]!;
        let n = 0;
        let sx = 0;
        let sy = 0;
        let sxx = 0;
        let syy = 0;
        let sxy = 0;
        for (let r = start; r < end; r++) {
          const dx = x[r]! - cx;
          const dy = y[r]! - cy;
          if (dx !== dx || dy !== dy) continue; // NaN: missing
          n++;
          sx += dx;
          sy += dy;
          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }
        const o = p * 6;
        sums[o]! += n;
        sums[o + 1]! += sx;
        sums[o + 2]! += sy;
        sums[o + 3]! += sxx;
        sums[o + 4]! += syy;
        sums[o + 5]! += sxy;
      }
    }
  }
  const out: CoMoments[] = [];
  let p = 0;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++, p++) {
      const o = p * 6;
      const n = sums[o]!;
      if (!n) {
        out.push(NO_CO_MOMENTS);
        continue;
      }
      const sx = sums[o + 1]!;
      const sy = sums[o + 2]!;
      out.push({
        n,
        meanX: shifts[i]! + sx / n,
        meanY: shifts[j]! + sy / n,
        cxx: Math.max(0, sums[o + 3]! - (sx * sx) / n),
        cyy: Math.max(0, sums[o + 4]! - (sy * sy) / n),
        cxy: sums[o + 5]! - (sx * sy) / n,
      });
    }
  return out;
}

export function coMoments(a: Float64Array, b: Float64Array): CoMoments {
  return pairwiseCoMoments([a, b])[0]!;
}

/** Pearson r over rows where both are present, without copying. */
export function pairwisePearson(a: Float64Array, b: Float64Array): number | null {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== x || y !== y) continue; // NaN
    n++;
    sa += x;
    sb += y;
  }
  if (n < 3) return null;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== x || y !== y) continue;
    const dx = x - ma;
    const dy = y - mb;
    sab += dx * dy;
    saa += dx * dx;
    sbb += dy * dy;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}
