/**
 * Pearson r over rows where both values are present (pairwise-complete, as pandas does), from
 * co-moments that merge across chunks (Chan, Golub & LeVeque's update applied to the cross term).
 */

/**
 * n paired values, their means, and the sums of squared and crossed deviations from the means, with
 * x in units of 2^expX and y in units of 2^expY (so cxy is in units of 2^(expX+expY)). Values near
 * ±1.7e308 would overflow the sums (and d² for them), so each column is scaled by the power of two
 * that brings its largest |x| near 1: exact, so r is unchanged for ordinary data.
 */
export interface CoMoments {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly cxx: number;
  readonly cyy: number;
  readonly cxy: number;
  readonly expX: number;
  readonly expY: number;
}

/** Below any exponent of data, so merging takes the other side's. */
const NO_EXPONENT = -1100;

export const NO_CO_MOMENTS: CoMoments = { n: 0, meanX: 0, meanY: 0, cxx: 0, cyy: 0, cxy: 0, expX: NO_EXPONENT, expY: NO_EXPONENT };

/** The power of two that brings the largest |x| near 1 (at least −1000, so 2^−exponent stays finite; 0 for non-finite data, left as it is). */
const exponentFor = (maxAbs: number) => (maxAbs === 0 ? NO_EXPONENT : Number.isFinite(maxAbs) ? Math.max(-1000, Math.floor(Math.log2(maxAbs))) : 0);
/** 1/2^exponent: what values are multiplied by (1 for zeros, which need no scaling). */
const unitFor = (exponent: number) => (exponent === NO_EXPONENT ? 1 : 2 ** -exponent);

/** The same co-moments in units of 2^expX, 2^expY (each at least the current one: exact unless tiny ones underflow). */
function inUnits(m: CoMoments, expX: number, expY: number): CoMoments {
  if (m.expX === expX && m.expY === expY) return m;
  const fx = 2 ** (m.expX - expX);
  const fy = 2 ** (m.expY - expY);
  return { n: m.n, meanX: m.meanX * fx, meanY: m.meanY * fy, cxx: m.cxx * fx * fx, cyy: m.cyy * fy * fy, cxy: m.cxy * fx * fy, expX, expY };
}

export function mergeCoMoments(a0: CoMoments, b0: CoMoments): CoMoments {
  if (!b0.n) return a0;
  if (!a0.n) return b0;
  const expX = Math.max(a0.expX, b0.expX);
  const expY = Math.max(a0.expY, b0.expY);
  const a = inUnits(a0, expX, expY);
  const b = inUnits(b0, expX, expY);
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
    expX,
    expY,
  };
}

/** A spread below double precision's resolution of the mean is rounding, not variation. */
const flat = (c2: number, n: number, mean: number) => !(c2 > n * (mean * 1e-14) ** 2);

/** r, or null under three pairs or when either side is constant. */
export function coMomentsPearson(c: CoMoments): number | null {
  if (c.n < 3 || flat(c.cxx, c.n, c.meanX) || flat(c.cyy, c.n, c.meanY)) return null;
  return Math.max(-1, Math.min(1, c.cxy / Math.sqrt(c.cxx * c.cyy)));
}

/** Σ x·unit / n over the non-NaN values (0 when there are none). */
function scaledMean(values: Float64Array, unit: number): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      n++;
      sum += v * unit;
    }
  }
  return n ? sum / n : 0;
}

/** Mean of the non-NaN values (0 when there are none): the shift that keeps one-pass sums exact enough. Summed scaled, so it cannot overflow. */
export function presentMean(values: Float64Array): number {
  const unit = unitFor(exponentFor(maxAbs(values)));
  return scaledMean(values, unit) / unit;
}

/** Largest |x| over the non-NaN values (NaN is neither above nor below, so it is skipped). */
function maxAbs(values: Float64Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > m) m = a;
  }
  return m;
}

/** Rows per block: a block of every column stays in cache while all pairs read it. */
const BLOCK = 4096;

/**
 * Σdx·dy over the first `len` rows of `devs` for each pair (i < j) of columns both `complete`, into
 * `cross` (upper triangle, row-major; others left 0). Four pairs sharing a column run side by side,
 * so the additions do not wait on each other (one sum at a time is bound by the latency of each
 * addition); each pair's sum still runs row by row from 0, as one loop's, so the result is the same.
 */
function crossSums(devs: readonly Float64Array[], complete: Uint8Array, len: number, cross: Float64Array): void {
  const k = devs.length;
  const full: number[] = [];
  for (let i = 0; i < k; i++) if (complete[i]) full.push(i);
  cross.fill(0);
  for (let a = 0; a < full.length; a++) {
    const i = full[a]!;
    const xs = devs[i]!;
    // Pair (i, j) is at base + j.
    const base = i * k - (i * (i + 1)) / 2 - i - 1;
    let b = a + 1;
    for (; b + 3 < full.length; b += 4) {
      const y0 = devs[full[b]!]!;
      const y1 = devs[full[b + 1]!]!;
      const y2 = devs[full[b + 2]!]!;
      const y3 = devs[full[b + 3]!]!;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let r = 0; r < len; r++) {
        const x = xs[r]!;
        s0 += x * y0[r]!;
        s1 += x * y1[r]!;
        s2 += x * y2[r]!;
        s3 += x * y3[r]!;
      }
      cross[base + full[b]!] = s0;
      cross[base + full[b + 1]!] = s1;
      cross[base + full[b + 2]!] = s2;
      cross[base + full[b + 3]!] = s3;
    }
    for (; b < full.length; b++) {
      const ys = devs[full[b]!]!;
      let sxy = 0;
      for (let r = 0; r < len; r++) sxy += xs[r]! * ys[r]!;
      cross[base + full[b]!] = sxy;
    }
  }
}

/**
 * Co-moments of every pair (i < j) of columns, in row-major order of the upper triangle, block by
 * block of rows. In a block where neither column misses a value, a pair's own work is only Σdx·dy
 * (crossSums): its other sums are the columns', added in the same order, so the result is the same
 * bit for bit as one pass per pair (a 500-column summary's pairs took 2.5× the time). Sums are of
 * deviations from each column's own mean, so the one-pass formula Σdx·dy − Σdx·Σdy/n loses nothing
 * to cancellation: a pair's mean differs from a column's mean only through the rows the other
 * column is missing.
 */
export function pairwiseCoMoments(columns: readonly Float64Array[]): CoMoments[] {
  const k = columns.length;
  const exponents = columns.map((c) => exponentFor(maxAbs(c)));
  const units = exponents.map(unitFor);
  const shifts = columns.map((c, i) => scaledMean(c, units[i]!));
  const pairs = (k * (k - 1)) / 2;
  // n, Σdx, Σdy, Σdx², Σdy², Σdx·dy per pair.
  const sums = new Float64Array(pairs * 6);
  const rows = columns[0]?.length ?? 0;
  const blockRows = Math.min(rows, BLOCK);
  // Each column's deviations over a block, computed once rather than once per pair (NaN where missing).
  const buffer = new Float64Array(k * blockRows);
  const devs = columns.map((_, i) => buffer.subarray(i * blockRows, (i + 1) * blockRows));
  // Per column over the block: no value missing, and then Σd and Σd² (a pair of such columns shares them).
  const complete = new Uint8Array(k);
  const colSum = new Float64Array(k);
  const colSq = new Float64Array(k);
  // Σdx·dy of each pair of such columns over the block.
  const cross = new Float64Array(pairs);
  for (let start = 0; start < rows; start += BLOCK) {
    const len = Math.min(rows, start + BLOCK) - start;
    for (let i = 0; i < k; i++) {
      const x = columns[i]!;
      const ux = units[i]!;
      const cx = shifts[i]!;
      const d = devs[i]!;
      let s = 0;
      let ss = 0;
      let missing = false;
      for (let r = 0; r < len; r++) {
        const v = x[start + r]! * ux - cx;
        d[r] = v;
        if (v !== v) missing = true;
        else {
          s += v;
          ss += v * v;
        }
      }
      complete[i] = missing ? 0 : 1;
      colSum[i] = s;
      colSq[i] = ss;
    }
    crossSums(devs, complete, len, cross);
    let p = 0;
    for (let i = 0; i < k; i++) {
      const dxs = devs[i]!;
      for (let j = i + 1; j < k; j++, p++) {
        const dys = devs[j]!;
        const o = p * 6;
        if (complete[i] && complete[j]) {
          // Both present on every row: only the cross term is the pair's own (the same sums, in the same order, as below).
          sums[o]! += len;
          sums[o + 1]! += colSum[i]!;
          sums[o + 2]! += colSum[j]!;
          sums[o + 3]! += colSq[i]!;
          sums[o + 4]! += colSq[j]!;
          sums[o + 5]! += cross[p]!;
          continue;
        }
        let n = 0;
        let sx = 0;
        let sy = 0;
        let sxx = 0;
        let syy = 0;
        let sxy = 0;
        for (let r = 0; r < len; r++) {
          const dx = dxs[r]!;
          const dy = dys[r]!;
          if (dx !== dx || dy !== dy) continue; // NaN: missing
          n++;
          sx += dx;
          sy += dy;
          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }
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
        expX: exponents[i]!,
        expY: exponents[j]!,
      });
    }
  return out;
}

export function coMoments(a: Float64Array, b: Float64Array): CoMoments {
  return pairwiseCoMoments([a, b])[0]!;
}

/** Pearson r over rows where both are present, without copying (each side scaled by a power of two, so huge values cannot overflow). */
export function pairwisePearson(a: Float64Array, b: Float64Array): number | null {
  let n = 0;
  let maxA = 0;
  let maxB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== x || y !== y) continue; // NaN
    n++;
    maxA = Math.max(maxA, Math.abs(x));
    maxB = Math.max(maxB, Math.abs(y));
  }
  if (n < 3) return null;
  const ua = unitFor(exponentFor(maxA));
  const ub = unitFor(exponentFor(maxB));
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== x || y !== y) continue;
    sa += x * ua;
    sb += y * ub;
  }
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== x || y !== y) continue;
    const dx = x * ua - ma;
    const dy = y * ub - mb;
    sab += dx * dy;
    saa += dx * dx;
    sbb += dy * dy;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}
