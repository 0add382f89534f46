/**
 * pairwiseCoMoments shares each column's deviations and sums across its pairs and runs four pairs of
 * complete columns side by side (the wide summary's cost). Every pair must come out as the same pair
 * computed alone, bit for bit, and as a plain two-pass computation within rounding: across blocks of
 * rows, with columns missing in some blocks, wholly missing, constant, huge and tiny.
 */
import { describe, expect, it } from 'vitest';
import { coMoments, coMomentsPearson, pairwiseCoMoments } from '../../core/stats/pearson.js';
import { Rng } from '../../core/random.js';

function columns(rows: number): Float64Array[] {
  const rng = Rng.seeded(11);
  return Array.from({ length: 23 }, (_, j) =>
    Float64Array.from({ length: rows }, (_, i) => {
      if (j === 3) return NaN;
      if (j === 4) return 2.5;
      if (j % 5 === 0 && i % 13 === j) return NaN;
      if (j === 7 && i > 5000) return NaN;
      if (j === 8) return (rng.uniform() - 0.5) * 1e300;
      if (j === 9) return rng.uniform() * 1e-200;
      return rng.normal() * (j + 1) + (j % 3 ? 1e6 : 0) + (j > 15 ? i * 1e-3 : 0);
    }),
  );
}

/** Pearson r over rows both present, two passes, in doubles (scaled so huge values cannot overflow). */
function plainPearson(a: Float64Array, b: Float64Array): number | null {
  const rows = [...a.keys()].filter((i) => !Number.isNaN(a[i]!) && !Number.isNaN(b[i]!));
  if (rows.length < 3) return null;
  const scale = (xs: Float64Array) => Math.max(...rows.map((i) => Math.abs(xs[i]!))) || 1;
  const [sa, sb] = [scale(a), scale(b)];
  const ma = rows.reduce((s, i) => s + a[i]! / sa, 0) / rows.length;
  const mb = rows.reduce((s, i) => s + b[i]! / sb, 0) / rows.length;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (const i of rows) {
    const [dx, dy] = [a[i]! / sa - ma, b[i]! / sb - mb];
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  return xx > 1e-20 && yy > 1e-20 ? xy / Math.sqrt(xx * yy) : null;
}

describe('co-moments of every pair of many columns', () => {
  it.each([0, 5, 4096, 4097, 9000])('equal each pair computed alone, and a plain computation (%i rows)', (rows) => {
    const cols = columns(rows);
    const all = pairwiseCoMoments(cols);
    expect(all).toHaveLength((23 * 22) / 2);
    for (let i = 0, p = 0; i < cols.length; i++)
      for (let j = i + 1; j < cols.length; j++, p++) {
        expect(all[p], `pair ${i}, ${j}`).toEqual(coMoments(cols[i]!, cols[j]!));
        const r = coMomentsPearson(all[p]!);
        const plain = plainPearson(cols[i]!, cols[j]!);
        if (plain === null) expect(r, `pair ${i}, ${j}`).toBeNull();
        else expect(r, `pair ${i}, ${j}`).toBeCloseTo(plain, 9);
      }
  });
});
