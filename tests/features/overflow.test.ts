/** No step writes an infinite number: an overflow on present values is a 422 naming the step and column. */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { applyPipeline, checkPipeline, fitPipeline } from '../../core/features/pipeline.js';
import type { StepSpec } from '../../core/features/transforms.js';
import type { NumberColumn, Table } from '../../core/table/model.js';

const huge = (xs: number[]): Table => ({ rowCount: xs.length, columns: [{ type: 'integer', name: 'a', values: Float64Array.from(xs, (_, i) => i) }, { type: 'float', name: 'z', values: Float64Array.from(xs) }] });

describe('a step whose result overflows', () => {
  it.each<[StepSpec, string]>([
    [{ kind: 'interaction', left: 'z', right: 'z' }, 'z*z'],
    [{ kind: 'yeo_johnson', column: 'z' }, 'z'],
    [{ kind: 'box_cox', column: 'z' }, 'z'],
  ])('%o is a 422 naming the step and the column', (spec, column) => {
    const table = huge([1e300, 2e300, 3e300, 1e-300]);
    const p = problemOf(() => fitPipeline(table, [{ kind: 'log1p', column: 'a' }, spec], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(new RegExp(`^Step 1 \\(${spec.kind}\\) overflows: it would write −?infinity into ${column.replace('*', '\\*')} \\(row \\d\\)`));
  });

  it('is a 422 when a saved pipeline’s λ overflows, as the fuzz’s box_cox λ = 1000 did', () => {
    const pipeline = checkPipeline({ format: 'tabmimic.features.v1', input_columns: ['z'], steps: [{ spec: { kind: 'box_cox', column: 'z' }, fitted: { lambda: 1000 } }] });
    const p = problemOf(() => applyPipeline(huge([3, 4]), pipeline));
    expect(p.detail).toMatch(/^Step 0 \(box_cox\) overflows: it would write infinity into z \(row 1\)/);
  });

  it('is a 422 when what it fits overflows (an interquartile range past the largest number), which would be recorded as null', () => {
    const p = problemOf(() => fitPipeline(huge([-1.5e308, -1.5e308, 1.5e308, 1.5e308]), [{ kind: 'scale', column: 'z', method: 'robust' }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/^Step 0 \(scale\) overflows: its fitted scale is not a finite number/);
  });

  it('standardises values near the largest number by a finite std (fuzz s21 #12: the suggested scale was refused)', () => {
    const { pipeline, output } = fitPipeline(huge([-1.5e308, 1.5e308]), [{ kind: 'scale', column: 'z', method: 'standard' }], 0);
    expect(pipeline.steps[0]!.fitted).toEqual({ center: 0, scale: 1.5e308 });
    expect(Array.from((output.columns[1] as NumberColumn).values)).toEqual([-1, 1]);
    const near = fitPipeline(huge([1e300, -1e300, 1e300, 5]), [{ kind: 'scale', column: 'z', method: 'standard' }], 0);
    const scaled = Array.from((near.output.columns[1] as NumberColumn).values);
    expect(scaled.every(Number.isFinite)).toBe(true);
    expect(scaled.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(scaled.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 12);
  });

  it('scales a constant 1e300 column to zeros, not −infinity from a mean an ulp off', () => {
    const { output } = fitPipeline(huge(Array(20).fill(1e300)), [{ kind: 'scale', column: 'z', method: 'standard' }], 0);
    expect(Array.from((output.columns[1] as NumberColumn).values)).toEqual(Array(20).fill(0));
  });
});
