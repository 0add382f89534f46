/** Small dense linear algebra on row-major Float64Arrays (d × d, d in the tens). */

/** Lower-triangular Cholesky factor; adds ridge to the diagonal until the matrix is positive definite. */
export function cholesky(a: Float64Array, d: number): Float64Array {
  for (let ridge = 0, attempt = 0; attempt < 30; attempt++, ridge = ridge ? ridge * 10 : 1e-10) {
    const l = new Float64Array(d * d);
    let ok = true;
    for (let i = 0; i < d && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i * d + j]! + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          l[i * d + i] = Math.sqrt(s);
        } else l[i * d + j] = s / l[j * d + j]!;
      }
    }
    if (ok) return l;
  }
  throw new Error('matrix is not positive definite even with a ridge');
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

/** Pearson correlation matrix of columns (each a Float64Array of n values, no NaN). */
export function correlationMatrix(columns: readonly Float64Array[]): Float64Array {
  const d = columns.length;
  const n = columns[0]?.length ?? 0;
  const centred = columns.map((c) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += c[i]!;
    mean /= Math.max(1, n);
    const out = new Float64Array(n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      out[i] = c[i]! - mean;
      ss += out[i]! * out[i]!;
    }
    const scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let i = 0; i < n; i++) out[i]! *= scale;
    return out;
  });
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    r[i * d + i] = 1;
    for (let j = 0; j < i; j++) {
      const a = centred[i]!;
      const b = centred[j]!;
      let s = 0;
      for (let k = 0; k < n; k++) s += a[k]! * b[k]!;
      r[i * d + j] = r[j * d + i] = s;
    }
  }
  return r;
}
