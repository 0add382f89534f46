/**
 * Making an inconsistent correlation matrix definite. Pairs estimated over different rows (a table
 * of years, each missing on other rows) need not form a correlation matrix; the copula takes the
 * nearest one that is, rather than shrinking every correlation toward zero.
 */
import { describe, expect, it } from 'vitest';
import { isPositiveDefinite, nearestCorrelation } from '../../core/stats/linalg.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { CopulaParams } from '../../core/synth/copula.js';
import { pearson } from '../../core/metrics/quality.js';
import { Rng } from '../../core/random.js';
import type { NumberColumn, Table } from '../../core/table/model.js';

describe('nearestCorrelation', () => {
  it("gives Higham's (2002) nearest correlation matrix to [[1,1,0],[1,1,1],[0,1,1]]", () => {
    const a = Float64Array.from([1, 1, 0, 1, 1, 1, 0, 1, 1]);
    const x = nearestCorrelation(a, 3, 1e-6, 100)!;
    // Higham, "Computing the nearest correlation matrix", IMA J. Numer. Anal. 22 (2002), §4.
    expect(x[1]).toBeCloseTo(0.7607, 3);
    expect(x[2]).toBeCloseTo(0.1573, 3);
    expect(x[5]).toBeCloseTo(0.7607, 3);
    expect([x[0], x[4], x[8]]).toEqual([1, 1, 1]);
    expect(isPositiveDefinite(x, 3, 1e-6)).toBe(true);
  });

  it('returns a definite matrix as it is', () => {
    const a = Float64Array.from([1, 0.5, 0.5, 1]);
    expect(nearestCorrelation(a, 2, 1e-3, 100)).toBe(a);
  });

  it('clears the margin even when its rounds run out early', () => {
    const a = Float64Array.from([1, 0.99, -0.99, 0.99, 1, 0.99, -0.99, 0.99, 1]);
    const x = nearestCorrelation(a, 3, 1e-3, 1)!;
    expect(isPositiveDefinite(x, 3, 1e-3)).toBe(true);
  });
});

describe('copula on columns missing on different rows', () => {
  it('keeps neighbouring columns as correlated as they are (0.98; shrunk toward the identity they came back 0.93)', async () => {
    // 40 yearly series, each a random walk's step from the last; a fifth of the rows start late
    // (missing their first k years), others miss a year here and there.
    const rng = Rng.seeded(21);
    const n = 400;
    const years = 40;
    const values = Array.from({ length: years }, () => new Float64Array(n));
    for (let r = 0; r < n; r++) {
      let level = rng.normal();
      const start = rng.uniform() < 0.2 ? rng.int(1, years - 5) : 0;
      for (let y = 0; y < years; y++) {
        level += 0.2 * rng.normal();
        values[y]![r] = y < start || rng.uniform() < 0.05 ? NaN : level;
      }
    }
    const real: Table = { rowCount: n, columns: values.map((v, y): NumberColumn => ({ type: 'float', name: `y${1970 + y}`, values: v })) };
    const synthetic = (await gaussianCopula.fit(real, CopulaParams.parse({ default_distribution: 'norm' }), Rng.seeded(2))).sample(4000, Rng.seeded(3));
    const present = (t: Table, a: number, b: number) => {
      const x = (t.columns[a] as NumberColumn).values;
      const y = (t.columns[b] as NumberColumn).values;
      const keep = [...x.keys()].filter((i) => !Number.isNaN(x[i]!) && !Number.isNaN(y[i]!));
      return pearson(Float64Array.from(keep, (i) => x[i]!), Float64Array.from(keep, (i) => y[i]!))!;
    };
    for (const [a, b] of [[5, 6], [20, 21], [10, 20]] as const) {
      const want = present(real, a, b);
      expect(Math.abs(present(synthetic, a, b) - want)).toBeLessThan(0.025);
    }
  });
});
