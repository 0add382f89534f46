/** Small dense linear algebra on row-major Float64Arrays (d × d, d in the tens). */
import { coMomentsPearson, pairwiseCoMoments } from './pearson.js';

/** Lower-triangular Cholesky factor; adds ridge to the diagonal until the matrix is positive definite. */
export function cholesky(a: Float64Array, d: number): Float64Array {
  for (let ridge = 0, attempt = 0; attempt < 30; attempt++, ridge = ridge ? ridge * 10 : 1e-10) {
    const l = choleskyWith(a, d, ridge);
    if (l) return l;
  }
  throw new Error('matrix is not positive definite even with a ridge');
}

/** Whether a − margin·I is positive definite: every eigenvalue of a exceeds margin. */
export const isPositiveDefinite = (a: Float64Array, d: number, margin = 0): boolean => choleskyWith(a, d, -margin) !== undefined;

/** The Cholesky factor of a + ridge·I, or undefined when that is not positive definite. */
function choleskyWith(a: Float64Array, d: number, ridge: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j]!;
    }
  }
  return l;
}

export function identity(d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) out[i * d + i] = 1;
  return out;
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor. */
export function inverseSpd(a: Float64Array, d: number): Float64Array {
  const l = cholesky(a, d);
  const inv = new Float64Array(d * d);
  const col = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    col.fill(0);
    col[c] = 1;
    // Solve L y = e_c, then Lᵀ x = y.
    for (let i = 0; i < d; i++) {
      let s = col[i]!;
      for (let k = 0; k < i; k++) s -= l[i * d + k]! * col[k]!;
      col[i] = s / l[i * d + i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = col[i]!;
      for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * col[k]!;
      col[i] = s / l[i * d + i]!;
    }
    for (let r = 0; r < d; r++) inv[r * d + c] = col[r]!;
  }
  return inv;
}

/**
 * Pearson correlation matrix of columns of n values, NaN for missing: each pair over the rows where
 * both are present (a filled-in value would pull a column's correlations toward zero); 0 for a pair
 * with a constant side.
 */
export function correlationMatrix(columns: readonly Float64Array[]): Float64Array {
  const d = columns.length;
  const pairs = pairwiseCoMoments(columns);
  const r = new Float64Array(d * d);
  let p = 0;
  for (let i = 0; i < d; i++) {
    r[i * d + i] = 1;
    for (let j = i + 1; j < d; j++, p++) r[i * d + j] = r[j * d + i] = coMomentsPearson(pairs[p]!) ?? 0;
  }
  return r;
}
