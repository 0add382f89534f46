/**
 * What a feature suggestion says it does to its column (web/src/step-effects.ts), checked against
 * what the pipeline does (core/features): a step said to replace its column leaves no column of
 * that name; one said to replace its values changes them in place; the others keep it as it was.
 */
import { describe, expect, it } from 'vitest';
import { applyOrder, columnEffect, exclusiveColumn } from '../../web/src/step-effects.js';
import { fitPipeline } from '../../core/features/pipeline.js';
import { suggest } from '../../core/features/suggest.js';
import type { StepSpec } from '../../core/features/transforms.js';
import { columnLabels, type Table } from '../../core/table/model.js';

const table: Table = {
  rowCount: 6,
  columns: [
    { type: 'float', name: 'mass', values: Float64Array.from([3750, 3800, NaN, 3250, 4450, 5700]) },
    { type: 'categorical', name: 'island', categories: ['Biscoe', 'Dream'], codes: Int32Array.from([0, 1, 0, 1, 0, 0]) },
    { type: 'float', name: 'y', values: Float64Array.from([1, 0, 1, 0, 1, 1]) },
    { type: 'text', name: 'note', values: ['a b', 'c', 'd e f', 'g', 'h', 'i j'] },
    { type: 'datetime', name: 'day', format: 'YYYY-MM-DD', values: Float64Array.from([0, 1, 2, 3, 4, 5].map((d) => Date.UTC(2024, 0, 1 + d))) },
  ],
};

const steps: Record<string, unknown>[] = [
  { kind: 'impute', column: 'mass', strategy: 'median', indicator: true },
  { kind: 'log1p', column: 'mass' },
  { kind: 'yeo_johnson', column: 'mass' },
  { kind: 'scale', column: 'mass', method: 'standard' },
  { kind: 'clip', column: 'mass', method: 'iqr' },
  { kind: 'bin', column: 'mass', method: 'quantile', bins: 2 },
  { kind: 'one_hot', column: 'island', max_levels: 20 },
  { kind: 'ordinal', column: 'island' },
  { kind: 'frequency', column: 'island' },
  { kind: 'target_encode', column: 'island', target: 'y', folds: 2, smoothing: 1 },
  { kind: 'datetime_parts', column: 'day', parts: ['day_of_week'] },
  { kind: 'text_length', column: 'note' },
  { kind: 'drop', column: 'note' },
];

describe('what a suggestion says it does to its column', () => {
  it('names the column it replaces: "replaces body_mass_g"', () => {
    expect(columnEffect({ kind: 'bin', column: 'body_mass_g', method: 'quantile', bins: 5 })).toBe('replaces body_mass_g');
    expect(columnEffect({ kind: 'one_hot', column: 'island', max_levels: 20 })).toBe('replaces island');
    expect(columnEffect({ kind: 'ratio', numerator: 'a', denominator: 'b' })).toBeUndefined();
  });

  for (const step of steps) {
    it(`matches what ${String(step.kind)} does`, () => {
      const column = String(step.column);
      const { output } = fitPipeline(table, [step as StepSpec], 1);
      const after = output.columns.find((c) => c.name === column);
      const before = table.columns.find((c) => c.name === column)!;
      const effect = columnEffect(step);
      if (effect?.startsWith('replaces') && !effect.includes('values')) expect(after).toBeUndefined();
      else if (effect?.startsWith('removes')) expect(after).toBeUndefined();
      else if (effect?.includes('values')) expect(columnLabels(after!)).not.toEqual(columnLabels(before));
      else expect(after).toBeDefined();
    });
  }
});

describe('steps that take a column for themselves', () => {
  it('are those that replace, rewrite or remove it; filling gaps and adding columns are not', () => {
    expect(exclusiveColumn({ kind: 'bin', column: 'mass' })).toBe('mass');
    expect(exclusiveColumn({ kind: 'scale', column: 'mass' })).toBe('mass');
    expect(exclusiveColumn({ kind: 'drop', column: 'mass' })).toBe('mass');
    expect(exclusiveColumn({ kind: 'impute', column: 'mass' })).toBeUndefined();
    expect(exclusiveColumn({ kind: 'datetime_parts', column: 'day' })).toBeUndefined();
  });

  it('fill gaps first, then go by what each step does to its column, as listed within each kind', () => {
    const steps = [{ kind: 'scale', column: 'a' }, { kind: 'impute', column: 'b' }, { kind: 'bin', column: 'c' }, { kind: 'impute', column: 'a' }];
    expect(applyOrder(steps).map((s) => `${s.kind} ${s.column}`)).toEqual(['impute b', 'impute a', 'scale a', 'bin c']);
  });

  it('add columns from others before rewriting, replacing or dropping them: ratio of raw values, drop last', () => {
    const steps = [
      { kind: 'drop', column: 'c' },
      { kind: 'scale', column: 'a' },
      { kind: 'bin', column: 'b' },
      { kind: 'ratio', numerator: 'a', denominator: 'c' },
      { kind: 'impute', column: 'a' },
      { kind: 'interaction', left: 'a', right: 'b' },
      { kind: 'one_hot', column: 'd' },
      { kind: 'clip', column: 'e' },
    ];
    const label = (s: Record<string, unknown>) => [s.kind, s.column ?? s.numerator ?? s.left].join(' ');
    expect(applyOrder(steps).map(label)).toEqual(['impute a', 'ratio a', 'interaction a', 'scale a', 'clip e', 'bin b', 'one_hot d', 'drop c']);
  });

  it('apply "Select all" of the suggestions for a table where c is almost a copy of b', () => {
    // Seeded so the suggestions hold "drop c" and scales before the ratios and products that read a, b and c.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const a = Float64Array.from({ length: 500 }, () => 10 + rnd() * 10);
    const b = Float64Array.from(a, (x) => x + rnd() * 8);
    const c = Float64Array.from(b, (x) => x + rnd() * 0.5);
    const t: Table = { rowCount: 500, columns: [{ type: 'float', name: 'a', values: a }, { type: 'float', name: 'b', values: b }, { type: 'float', name: 'c', values: c }] };
    // What "Select all" ticks: each suggestion unless an earlier one took its column.
    const held = new Set<string>();
    const ticked = suggest(t, []).map((s) => s.step).filter((step) => {
      const column = exclusiveColumn(step);
      if (column === undefined) return true;
      if (held.has(column)) return false;
      held.add(column);
      return true;
    });
    const kinds = ticked.map((s) => s.kind);
    expect(kinds.indexOf('drop')).toBeLessThan(kinds.indexOf('ratio'));
    expect(kinds.indexOf('scale')).toBeLessThan(kinds.indexOf('ratio'));
    const { output } = fitPipeline(t, applyOrder(ticked), 1);
    const ratio = output.columns.find((col) => col.name === 'a/b');
    expect(ratio?.type === 'float' ? ratio.values[0] : undefined).toBeCloseTo(a[0]! / b[0]!, 12);
    expect(output.columns.map((col) => col.name)).not.toContain('c');
  });
});
