import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PAIR_COLUMNS, MAX_SUGGESTED_PAIRS, MAX_SUGGESTIONS, suggest, suggestReport } from '../../core/features/suggest.js';
import type { FileMeta } from '../../core/files/model.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import type { NumberColumn, Table } from '../../core/table/model.js';
import { pairwisePearson } from '../../core/stats/pearson.js';
import { call, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

/** rows × cols columns that share one factor (x_k = z + noise·e_k): most pairs have 0.7 < |r| ≤ 0.95. */
function correlated(rows: number, cols: number, noise = 0.5, seed = 7): Table {
  const rng = Rng.seeded(seed);
  const z = Array.from({ length: rows }, () => rng.normal());
  return {
    rowCount: rows,
    columns: Array.from({ length: cols }, (_, k) => ({ type: 'float' as const, name: `x${k}`, values: Float64Array.from(z, (v) => v + noise * rng.normal()) })),
  };
}

describe('suggestions on wide tables are bounded', () => {
  it('caps an 8-row × 400-column correlated table', () => {
    const table = correlated(8, 400);
    const s = suggest(table, []);
    expect(s.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    expect(s.filter((x) => x.kind === 'ratio').length).toBeLessThanOrEqual(MAX_SUGGESTED_PAIRS);
    expect(s.filter((x) => x.kind === 'interaction').length).toBeLessThanOrEqual(MAX_SUGGESTED_PAIRS);
    const report = suggestReport(table, []);
    expect(report.omitted_suggestions).toBeGreaterThan(0);
    expect(report.pair_search_columns_skipped).toBe(400 - MAX_PAIR_COLUMNS);
  });

  it('keeps the strongest correlated pairs', () => {
    const table = correlated(8, 40);
    const s = suggest(table, []);
    const kept = s.filter((x) => x.kind === 'ratio');
    expect(kept.length).toBe(MAX_SUGGESTED_PAIRS);
    const values = new Map(table.columns.map((c) => [c.name, (c as NumberColumn).values]));
    const dropped = new Set(s.filter((x) => x.kind === 'drop').map((x) => x.columns[0]));
    const keptIds = new Set(kept.map((x) => x.columns.join(',')));
    const weakestKept = Math.min(...kept.map((x) => Math.abs(x.effect!.correlation!)));
    // No pair left out (0.7 < |r| ≤ 0.95, neither column dropped) is stronger than the weakest kept.
    for (let i = 0; i < 40; i++)
      for (let j = i + 1; j < 40; j++) {
        const r = Math.abs(pairwisePearson(values.get(`x${i}`)!, values.get(`x${j}`)!) ?? 0);
        if (r > 0.7 && r <= 0.95 && !keptIds.has(`x${i},x${j}`) && !dropped.has(`x${i}`)) expect(r).toBeLessThanOrEqual(weakestKept);
      }
  });

  it('searches the numeric columns most correlated with a numeric target first', () => {
    const base = correlated(50, 500, 3);
    const target = (base.columns[0] as NumberColumn).values;
    // Two columns far beyond the search limit that track the target (and so each other) closely.
    const rng = Rng.seeded(11);
    const columns = base.columns.map((c, k) => (k === 450 || k === 451 ? { type: 'float' as const, name: c.name, values: Float64Array.from(target, (v) => v + 0.2 * rng.normal()) } : c));
    const report = suggestReport({ rowCount: 50, columns }, [], 'x0');
    expect(report.pair_search_columns_skipped).toBe(499 - MAX_PAIR_COLUMNS);
    expect(report.suggestions.some((x) => (x.kind === 'ratio' || x.kind === 'drop') && x.columns.includes('x451'))).toBe(true);
  });

  it('leaves small tables alone', () => {
    const report = suggestReport(correlated(100, 6), []);
    expect(report.omitted_suggestions).toBe(0);
    expect(report.pair_search_columns_skipped).toBe(0);
    expect(report.suggestions.filter((x) => x.kind === 'ratio').length).toBeGreaterThan(0);
  });
});

describe('POST /features/suggestions on a wide table', () => {
  let stack: TestStack | undefined;
  afterAll(async () => {
    await stack?.destroy();
  });

  it('answers 200 with a bounded list and says it was truncated', async () => {
    stack = await testStack();
    const up = await uploadDirect<FileMeta>(stack.url, 'wide.csv', writeCsv(correlated(8, 400)));
    const id = up.json.file_id;
    await until(async () => ((await call<FileMeta>(stack!.url, 'GET', `/files/${id}`)).json.status === 'ready' ? true : undefined), `file ${id}`, 30_000);
    const res = await call<{ suggestions: unknown[]; truncated: boolean; omitted_suggestions: number; pair_search_columns_skipped: number }>(stack.url, 'POST', '/features/suggestions', { json: { file_id: id } });
    expect(res.status).toBe(200);
    expect(res.json.suggestions.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    expect(res.json).toMatchObject({ truncated: true, pair_search_columns_skipped: 400 - MAX_PAIR_COLUMNS });
    expect(res.json.omitted_suggestions).toBeGreaterThan(0);
  }, 60_000);
});
