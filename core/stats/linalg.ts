/** Small dense linear algebra on row-major Float64Arrays (d × d, d in the tens to hundreds). */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
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
 * Draws `z` (one array of `rows` values per dimension, rewritten in place) given sample mean 0 and
 * sample covariance exactly `l`·`l`ᵀ (`l` lower triangular): z ↦ L·C⁻¹·(z − mean), with C the
 * Cholesky factor of their own sample covariance. Needs more rows than dimensions.
 */
export function recolour(z: readonly Float64Array[], rows: number, l: Float64Array): void {
  const m = z.length;
  const mean = z.map((c) => c.reduce((a, b) => a + b, 0) / rows);
  const cov = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      const a = z[i]!;
      const b = z[j]!;
      let v = 0;
      for (let r = 0; r < rows; r++) v += (a[r]! - mean[i]!) * (b[r]! - mean[j]!);
      cov[i * m + j] = cov[j * m + i] = v / (rows - 1);
    }
  const t = lowerProduct(l, lowerInverse(cholesky(cov, m), m), m);
  const x = new Float64Array(m);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < m; i++) x[i] = z[i]![r]! - mean[i]!;
    for (let i = 0; i < m; i++) {
      let v = 0;
      for (let j = 0; j <= i; j++) v += t[i * m + j]! * x[j]!;
      z[i]![r] = v;
    }
  }
}

/** The inverse of a lower-triangular matrix (lower triangular too), by forward substitution. */
function lowerInverse(c: Float64Array, m: number): Float64Array {
  const inv = new Float64Array(m * m);
  for (let col = 0; col < m; col++)
    for (let i = col; i < m; i++) {
      let v = i === col ? 1 : 0;
      for (let q = col; q < i; q++) v -= c[i * m + q]! * inv[q * m + col]!;
      inv[i * m + col] = v / c[i * m + i]!;
    }
  return inv;
}

/** The product of two lower-triangular matrices. */
function lowerProduct(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      let v = 0;
      for (let q = j; q <= i; q++) v += a[i * m + q]! * b[q * m + j]!;
      out[i * m + j] = v;
    }
  return out;
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

/**
 * The correlation matrix nearest the symmetric `a` (unit diagonal, Frobenius norm) whose eigenvalues
 * all exceed `margin`: Higham's alternating projections with Dykstra's correction (Higham 2002),
 * between the matrices whose eigenvalues clear the margin and those of unit diagonal. Only the
 * directions that broke definiteness move, where shrinking every correlation toward zero until the
 * matrix is definite can cost most of them. Undefined when the rounds run out first.
 */
export function nearestCorrelation(a: Float64Array, d: number, margin: number, rounds: number): Float64Array | undefined {
  if (isPositiveDefinite(a, d, margin)) return a;
  // Raised a little past the margin, so that the unit-diagonal projection still clears it.
  const floor = 2 * margin;
  let y = a;
  const correction = new Float64Array(d * d);
  for (let round = 0; round < rounds; round++) {
    const r = y.map((v, k) => v - correction[k]!);
    const x = withEigenvaluesAtLeast(r, d, floor);
    for (let k = 0; k < d * d; k++) correction[k] = x[k]! - r[k]!;
    y = withUnitDiagonal(x, d, false);
    if (isPositiveDefinite(y, d, margin)) return y;
  }
  // Out of rounds short of the nearest: raise and rescale until definite, which takes a round or two.
  for (let round = 0; round < FINISHING_ROUNDS; round++) {
    y = withUnitDiagonal(withEigenvaluesAtLeast(y, d, floor), d, true);
    if (isPositiveDefinite(y, d, margin)) return y;
  }
  return undefined;
}

const FINISHING_ROUNDS = 3;

/** `a` with a unit diagonal: set to 1 (a projection), or reached by rescaling rows and columns (a congruence, which keeps definiteness). */
function withUnitDiagonal(a: Float64Array, d: number, rescale: boolean): Float64Array {
  const out = Float64Array.from(a);
  const scale = Float64Array.from({ length: d }, (_, i) => (rescale ? 1 / Math.sqrt(a[i * d + i]!) : 1));
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = i === j ? 1 : a[i * d + j]! * scale[i]! * scale[j]!;
  return out;
}

/** The symmetric `a` with its eigenvalues below `floor` raised to it. */
function withEigenvaluesAtLeast(a: Float64Array, d: number, floor: number): Float64Array {
  const rows = Array.from({ length: d }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d)));
  const eig = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix.to2DArray();
  const values = eig.realEigenvalues.map((v) => Math.max(v, floor));
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[i]![k]! * values[k]! * vectors[j]![k]!;
      out[i * d + j] = out[j * d + i] = s;
    }
  return out;
}
