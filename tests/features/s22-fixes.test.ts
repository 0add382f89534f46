/** Session 22's feature fixes: min–max scaling near the largest double, datetime fills as instants, minute and second parts. */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { applyPipeline, checkPipeline, fitPipeline, type Pipeline } from '../../core/features/pipeline.js';
import { applyExplained } from '../../core/features/describe.js';
import { suggest } from '../../core/features/suggest.js';
import { StepSpec } from '../../core/features/transforms.js';
import type { Column, DatetimeColumn, NumberColumn, Table } from '../../core/table/model.js';
import { writeCsv } from '../../core/table/csv.js';

const one = (c: Column): Table => ({ rowCount: 'codes' in c ? c.codes.length : c.values.length, columns: [c] });
const fit = (t: Table, step: object) => fitPipeline(t, [StepSpec.parse(step)], 0);
const valuesOf = (t: Table, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumberColumn).values);

describe('min–max scaling of values near the largest double', () => {
  const z = (xs: number[]) => one({ type: 'float', name: 'z', values: Float64Array.from(xs) });

  it('scales ±1.7e308 into [0, 1] (max − min overflowed to infinity: 0s and missing values)', () => {
    const { pipeline, output } = fit(z([-1.7e308, 1.7e308, 0, 8.5e307, -1.7e308]), { kind: 'scale', column: 'z', method: 'minmax' });
    expect(pipeline.steps[0]!.fitted).toEqual({ min: -1.7e308, max: 1.7e308 });
    const scaled = valuesOf(output, 'z');
    expect([scaled[0], scaled[1], scaled[2], scaled[4]]).toEqual([0, 1, 0.5, 0]);
    expect(scaled[3]).toBeCloseTo(0.75, 12);
  });

  it('keeps every fitted value in [0, 1] at the extremes of the doubles', () => {
    const xs = [-Number.MAX_VALUE, Number.MAX_VALUE, 1e308, -1e-300, 5, -1.7976931348623155e308];
    const scaled = valuesOf(fit(z(xs), { kind: 'scale', column: 'z', method: 'minmax' }).output, 'z');
    expect(scaled.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect([scaled[0], scaled[1]]).toEqual([0, 1]);
  });

  it('still scales ordinary values exactly, and standard scaling of ±1.7e308 stays finite', () => {
    expect(valuesOf(fit(z([2, 4, 3]), { kind: 'scale', column: 'z', method: 'minmax' }).output, 'z')).toEqual([0, 1, 0.5]);
    expect(valuesOf(fit(z([-1.7e308, 1.7e308]), { kind: 'scale', column: 'z', method: 'standard' }).output, 'z')).toEqual([-1, 1]);
  });
});

describe('a constant fill of a datetime column', () => {
  const dates = (format: string, values: number[]): Table => one({ type: 'datetime', name: 'd', format, values: Float64Array.from(values) });
  const iso = dates('YYYY-MM-DD', [Date.UTC(2024, 0, 1), NaN, Date.UTC(2024, 0, 3)]);
  const us = dates('MM/DD/YYYY', [Date.UTC(2023, 5, 7), NaN, Date.UTC(2023, 5, 9)]);
  const eu = dates('DD/MM/YYYY', [Date.UTC(2023, 5, 7), NaN]);
  const fillMarch4 = () => fit(iso, { kind: 'impute', column: 'd', strategy: 'constant', value: '2020-03-04' }).pipeline;

  it('is recorded as its instant, and written in the format of the file it is applied to', () => {
    const pipeline = fillMarch4();
    expect(pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2020, 2, 4) });
    // Through the pipeline's schema, as a pipeline brought back from a file's lineage is.
    const back = checkPipeline(JSON.parse(JSON.stringify(pipeline)) as Pipeline);
    expect(writeCsv(applyPipeline(us, back))).toBe('d\n06/07/2023\n03/04/2020\n06/09/2023\n');
    expect(writeCsv(applyPipeline(eu, back))).toBe('d\n07/06/2023\n04/03/2020\n');
    expect(applyExplained(us, back).reasons.get('d')).toBe('d with missing values set to 03/04/2020');
  });

  it('recorded as text by an older pipeline, still loads and is read in the file’s format, as before', () => {
    const old = checkPipeline({ format: 'tabmimic.features.v1', input_columns: ['d'], steps: [{ spec: StepSpec.parse({ kind: 'impute', column: 'd', strategy: 'constant', value: '2020-03-04' }), fitted: { value: '2020-03-04' } }] });
    expect(writeCsv(applyPipeline(iso, old))).toBe('d\n2024-01-01\n2020-03-04\n2024-01-03\n');
    expect(problemOf(() => applyPipeline(us, old)).detail).toMatch(/^Impute d: "2020-03-04" is not a date of d: write it in the column's format, MM\/DD\/YYYY/);
  });

  it('is a 422 on a file whose format cannot write its instant, rather than another date', () => {
    const times = dates('YYYY-MM-DD HH:mm', [Date.UTC(2024, 0, 1, 9, 30), NaN]);
    const { pipeline } = fit(times, { kind: 'impute', column: 'd', strategy: 'constant', value: '2020-03-04 12:15' });
    expect(pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2020, 2, 4, 12, 15) });
    const p = problemOf(() => applyPipeline(us, pipeline));
    expect(p.status).toBe(422);
    expect(p.detail).toBe(`Impute d: the recorded fill 2020-03-04T12:15:00.000Z is not an instant d's format, MM/DD/YYYY, can write: it would be written "03/04/2020", another instant. Fit the step on this file instead.`);
  });

  it('keeps means on the column grid, and mean fills applied across formats', () => {
    const { pipeline } = fit(iso, { kind: 'impute', column: 'd', strategy: 'mean' });
    expect(pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2024, 0, 2) });
    expect(writeCsv(applyPipeline(us, pipeline))).toBe('d\n06/07/2023\n01/02/2024\n06/09/2023\n');
  });

  it('keeps an instant at a UTC offset: written on the target column’s clock', () => {
    const at = (utcOffset: string) => one({ type: 'datetime', name: 'd', format: 'YYYY-MM-DDTHH:mm:ssxxx', utcOffset, values: Float64Array.from([Date.UTC(2024, 0, 1, 8), NaN]) } satisfies DatetimeColumn);
    const { output, pipeline } = fit(at('+02:00'), { kind: 'impute', column: 'd', strategy: 'constant', value: '2020-03-04T10:00:00+02:00' });
    expect(pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2020, 2, 4, 8) });
    expect(writeCsv(output)).toBe('d\n2024-01-01T10:00:00+02:00\n2020-03-04T10:00:00+02:00\n');
    expect(writeCsv(applyPipeline(at('+05:00'), pipeline))).toBe('d\n2024-01-01T13:00:00+05:00\n2020-03-04T13:00:00+05:00\n');
  });
});

describe('minute and second parts', () => {
  const t = (h: number, m: number, s: number) => Date.UTC(2024, 0, 1, h, m, s);
  const stamps = (xs: number[]): Table => one({ type: 'datetime', name: 't', format: 'YYYY-MM-DD HH:mm:ss', values: Float64Array.from(xs) });

  it('are extracted on the column clock', () => {
    const { output } = fit(stamps([t(9, 5, 7), NaN, t(23, 59, 59)]), { kind: 'datetime_parts', column: 't', parts: ['hour', 'minute', 'second'] });
    expect(valuesOf(output, 't_minute')).toEqual([5, NaN, 59]);
    expect(valuesOf(output, 't_second')).toEqual([7, NaN, 59]);
    const at = one({ type: 'datetime', name: 't', format: 'YYYY-MM-DDTHH:mm:ssZ', utcOffset: '+05:30', values: Float64Array.from([t(9, 5, 7)]) });
    expect(valuesOf(fit(at, { kind: 'datetime_parts', column: 't', parts: ['minute'] }).output, 't_minute')).toEqual([35]);
  });

  it('are suggested only where they vary', () => {
    const parts = (xs: number[]) => suggest(stamps(xs), []).find((s) => s.kind === 'datetime_parts')?.step;
    const rows = Array.from({ length: 40 }, (_, i) => i);
    expect(parts(rows.map((i) => t(i % 24, 0, 0)))).toEqual({ kind: 'datetime_parts', column: 't', parts: ['hour'] });
    expect(parts(rows.map((i) => t(i % 24, (i * 7) % 60, 0)))).toEqual({ kind: 'datetime_parts', column: 't', parts: ['hour', 'minute'] });
    expect(parts(rows.map((i) => t(i % 24, (i * 7) % 60, (i * 11) % 60)))).toEqual({ kind: 'datetime_parts', column: 't', parts: ['hour', 'minute', 'second'] });
  });
});
