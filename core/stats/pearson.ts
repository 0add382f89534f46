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
