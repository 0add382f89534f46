/** Values near ±1.7e308: every statistic finite and right, in memory and chunk by chunk. */
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../core/table/csv.js';
import { coMoments, coMomentsPearson, mergeCoMoments, pairwisePearson } from '../../core/stats/pearson.js';
import { correlation } from '../../core/eda/correlation.js';
import { describe as describeTable } from '../../core/eda/describe.js';
import { distributions } from '../../core/eda/distributions.js';
import { summary } from '../../core/eda/summary.js';
import { chunkedCorrelation } from '../../core/eda/chunked/correlation.js';
import { chunkedDistributions } from '../../core/eda/chunked/distributions.js';
import { tableChunks } from '../../core/eda/chunked/source.js';

const f = (xs: number[]) => Float64Array.from(xs);
const HUGE = [1e308, -1e308, 1.5e308];
/** a cycles through HUGE, b is i, c is near −1.7e308 and rises with i mod 3. */
const csv = 'a,b,c\n' + Array.from({ length: 30 }, (_, i) => `${HUGE[i % 3]},${i},${(i % 3) * 1e307 - 1.7e308}`).join('\n') + '\n';
const table = async () => (await readCsvTable(new TextEncoder().encode(csv))).table;

/** Every number in the result is finite (JSON would turn the others into null silently). */
function allFinite(value: unknown, path = '$'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => allFinite(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) allFinite(v, `${path}.${k}`);
}

// r(a, c) = r([1, −1, 1.5], [0, 1, 2]) = 0.5 / √7: the same as for the values divided by 1e307.
const R_AC = 0.5 / Math.sqrt(7);

describe('values near the largest double', () => {
  it('Pearson co-moments stay finite and give r, also merged across chunks', () => {
    const x = f(Array.from({ length: 30 }, (_, i) => HUGE[i % 3]!));
    const y = f(Array.from({ length: 30 }, (_, i) => (i % 3) * 1e307 - 1.7e308));
    expect(coMomentsPearson(coMoments(x, y))).toBeCloseTo(R_AC, 12);
    expect(pairwisePearson(x, y)).toBeCloseTo(R_AC, 12);
    // A chunk of ordinary size merged with one of huge values.
    const merged = mergeCoMoments(coMoments(f([1, 2, 3]), f([3, 1, 2])), coMoments(x, y));
    const whole = coMoments(f([1, 2, 3, ...x]), f([3, 1, 2, ...y]));
    expect(coMomentsPearson(merged)).toBeCloseTo(coMomentsPearson(whole)!, 12);
  });

  it('correlations in memory and chunked agree, within [−1, 1]', async () => {
    const t = await table();
    const exact = correlation(t, 'pearson');
    expect(exact.matrix[0]![2]).toBeCloseTo(R_AC, 12);
    for (const row of exact.matrix) for (const r of row) expect(Math.abs(r!)).toBeLessThanOrEqual(1);
    const chunked = await chunkedCorrelation(tableChunks(t, 7), 'pearson');
    expect(chunked.matrix[0]![2]).toBeCloseTo(R_AC, 12);
    allFinite(correlation(t, 'auto'));
    allFinite(summary(t));
  });

  it('the KDE is finite, on a grid within the doubles, and integrates to about 1', async () => {
    const t = await table();
    for (const result of [distributions(t, ['a', 'c']), (await chunkedDistributions(tableChunks(t, 7), ['a', 'c'])).distributions]) {
      allFinite(result);
      for (const d of result) {
        if (d.kind !== 'numeric') throw new Error(d.kind);
        expect(d.kde).toHaveLength(100);
        // Trapezoids over the grid; the grid is clamped at ±MAX_VALUE, so some mass may lie beyond it.
        let area = 0;
        for (let i = 1; i < d.kde.length; i++) area += (d.kde[i]!.x - d.kde[i - 1]!.x) * ((d.kde[i]!.density + d.kde[i - 1]!.density) / 2);
        expect(area).toBeGreaterThan(0.5);
        expect(area).toBeLessThan(1.01);
      }
    }
    allFinite(describeTable(t));
  });
});
