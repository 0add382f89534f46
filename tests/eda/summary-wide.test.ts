/**
 * The summary's high-correlation warnings on wide tables: at most MAX_CORRELATION_WARNINGS pairs
 * listed, the strongest, and one counting the rest; past the correlation's column limit no pairs are
 * compared (a 4 096-column file had taken minutes and gigabytes for a 34 MB reply), and a warning says why.
 */
import { describe, expect, it } from 'vitest';
import { sampleCorrelation } from 'simple-statistics';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';
import { MAX_CORRELATION_WARNINGS, summary } from '../../core/eda/summary.js';
import { MAX_CORRELATION_COLUMNS } from '../../core/eda/correlation-budget.js';
import { chunkedSummary } from '../../core/eda/chunked/summary.js';
import { tableChunks } from '../../core/eda/chunked/source.js';

/** `k` float columns: a shared signal plus noise of growing size, so later columns correlate less with the first. */
function nearCopies(k: number, rows: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  const base = Float64Array.from({ length: rows }, () => rng.normal());
  const columns = Array.from({ length: k }, (_, j) => ({
    name: `x${j}`,
    type: 'float' as const,
    values: Float64Array.from(base, (b) => b + rng.normal() * 0.01 * (1 + j)),
    decimals: 3,
    fixedDecimals: false,
  }));
  return { rowCount: rows, columns } as unknown as Table;
}

const highPairs = (warnings: { kind: string; columns: string[]; message: string }[]) => warnings.filter((w) => w.kind === 'high_correlation');

describe('high-correlation warnings on a wide table', () => {
  it('lists the strongest pairs, at most the cap, in table order, and counts the rest in one more', () => {
    const k = 40; // 780 pairs, most with |r| > 0.9
    const table = nearCopies(k, 200, 1);
    const values = table.columns.map((c) => Array.from((c as unknown as { values: Float64Array }).values));
    let strong = 0;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) if (Math.abs(sampleCorrelation(values[i]!, values[j]!)) > 0.9) strong++;
    expect(strong).toBeGreaterThan(MAX_CORRELATION_WARNINGS);
    const result = summary(table);
    const high = highPairs(result.warnings);
    expect(high).toHaveLength(MAX_CORRELATION_WARNINGS + 1);
    const rest = high.at(-1)!;
    expect(rest.columns).toEqual([]);
    expect(rest.message).toContain(`${strong - MAX_CORRELATION_WARNINGS} more pairs`);
    // The strongest: pairs among the first columns (least noise), none with the noisiest.
    const listed = high.slice(0, -1);
    expect(listed.some((w) => w.columns.includes('x0') && w.columns.includes('x1'))).toBe(true);
    expect(listed.some((w) => w.columns.includes(`x${k - 1}`))).toBe(false);
  });

  it('compares no pairs past the correlation limit, and says so, in memory and by chunks alike', async () => {
    const table = nearCopies(MAX_CORRELATION_COLUMNS + 1, 12, 2);
    const whole = highPairs(summary(table).warnings);
    expect(whole).toHaveLength(1);
    expect(whole[0]!.columns).toEqual([]);
    expect(whole[0]!.message).toMatch(new RegExp(`^Pairs of number columns not checked for high correlation: ${MAX_CORRELATION_COLUMNS + 1} number columns`));
    const chunked = highPairs((await chunkedSummary(tableChunks(table, 5))).warnings);
    expect(chunked).toEqual(whole);
  });
});
