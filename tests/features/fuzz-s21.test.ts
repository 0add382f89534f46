/** The s21 fuzz review's feature defects: fills a column cannot hold, text lengths, datetime fills and parts, self-encoding, tampered pipelines. */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { Pipeline, applyPipeline, checkPipeline, fitPipeline } from '../../core/features/pipeline.js';
import { suggest } from '../../core/features/suggest.js';
import { StepSpec } from '../../core/features/transforms.js';
import { cellLabel, type Column, type Table } from '../../core/table/model.js';
import { writeCsv } from '../../core/table/csv.js';

const DAY = 86_400_000;
const one = (c: Column): Table => ({ rowCount: 'codes' in c ? c.codes.length : c.values.length, columns: [c] });
const labels = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.rowCount }, (_, r) => cellLabel(c, r));
};
const fit = (t: Table, step: object) => fitPipeline(t, [StepSpec.parse(step)], 0);

describe('impute a boolean column', () => {
  const b = one({ type: 'boolean', name: 'b', categories: ['no', 'yes'], codes: Int32Array.from([1, -1, 0, -1]) });

  it.each([['maybe'], [7], ['true']])('refuses %o, a value the column cannot hold, naming its spellings', (value) => {
    const p = problemOf(() => fit(b, { kind: 'impute', column: 'b', strategy: 'constant', value }));
    expect(p.status).toBe(422);
    expect(p.detail).toBe(`Impute b: ${JSON.stringify(value)} is not a value of boolean b: give one of its spellings, "no" or "yes", or JSON true or false.`);
  });

  it('fills with its own spelling, or the spelling of JSON true/false, and stays two-valued', () => {
    expect(labels(fit(b, { kind: 'impute', column: 'b', strategy: 'constant', value: 'no' }).output, 'b')).toEqual(['yes', 'no', 'no', 'no']);
    const { output: out, pipeline } = fit(b, { kind: 'impute', column: 'b', strategy: 'constant', value: true });
    expect(labels(out, 'b')).toEqual(['yes', 'yes', 'no', 'yes']);
    expect(pipeline.steps[0]!.fitted).toEqual({ value: 'yes' });
    expect(out.columns[0]).toMatchObject({ type: 'boolean', categories: ['no', 'yes'] });
  });

  it('refuses a supplied pipeline whose recorded fill is a third value', () => {
    const pipeline = checkPipeline({ format: 'tabmimic.features.v1', input_columns: ['b'], steps: [{ spec: StepSpec.parse({ kind: 'impute', column: 'b', strategy: 'mode' }), fitted: { value: 'maybe' } }] });
    expect(problemOf(() => applyPipeline(b, pipeline)).detail).toMatch(/^Impute b: "maybe" is not a value of boolean b/);
  });
});

describe('text_length', () => {
  it('counts characters (code points), as EDA does, not UTF-16 units', () => {
    const t = one({ type: 'text', name: 't', values: ['😀😀😀 hi', 'emoji 👍🏽 ok', 'abc', null] });
    const { output } = fit(t, { kind: 'text_length', column: 't' });
    expect(labels(output, 't_length')).toEqual(['6', '11', '3', null]);
  });

  it.each<Column>([
    { type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 5)]) },
    { type: 'float', name: 'd', values: Float64Array.from([1.5, 2]) },
  ])('refuses a $type column: its text is a spelling of a number, not text', (c) => {
    const p = problemOf(() => fit(one(c), { kind: 'text_length', column: 'd' }));
    expect(p.detail).toBe(`Column d is ${c.type}; text_length needs a text, id or categorical column.`);
  });
});

describe('impute a datetime column', () => {
  const dates = one({ type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: Float64Array.from([Date.UTC(2024, 0, 1), NaN, Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4)]) });

  it('takes a constant written in the column format', () => {
    const { output, pipeline } = fit(dates, { kind: 'impute', column: 'd', strategy: 'constant', value: '2020-01-01' });
    expect(writeCsv(output)).toBe('d\n2024-01-01\n2020-01-01\n2024-01-03\n2024-01-04\n');
    // Recorded as its instant (s22), so a file spelling dates otherwise reads the same day.
    expect(pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2020, 0, 1) });
  });

  it.each([[5], ['01/01/2020'], [true]])('refuses %o, showing the format', (value) => {
    const p = problemOf(() => fit(dates, { kind: 'impute', column: 'd', strategy: 'constant', value }));
    expect(p.detail).toBe(`Impute d: ${JSON.stringify(value)} is not a date of d: write it in the column's format, YYYY-MM-DD (e.g. "2024-03-05").`);
  });

  it('puts a mean or median on the column grid: a whole day for dates, a whole minute for HH:mm', () => {
    // The mean of 1, 3 and 4 January is 2 January 16:00: a day column is filled with 3 January.
    expect(fit(dates, { kind: 'impute', column: 'd', strategy: 'mean' }).pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2024, 0, 3) });
    const times = one({ type: 'datetime', name: 't', format: 'HH:mm', values: Float64Array.from([60_000, NaN, 120_000, 3 * 60_000 + 0, 7 * 60_000]) });
    const mean = fit(times, { kind: 'impute', column: 't', strategy: 'mean' }).pipeline.steps[0]!.fitted.value as number;
    expect(mean % 60_000).toBe(0);
    expect(mean).toBe(3 * 60_000);
  });

  it('keeps the day on the column clock at a UTC offset', () => {
    const at = (d: number) => Date.UTC(2024, 0, d, 10) - 2 * 3600_000; // 10:00 at +02:00
    const c: Column = { type: 'datetime', name: 'd', format: 'YYYY-MM-DDTHH:mm:ssZ', utcOffset: '+02:00', values: Float64Array.from([at(1), NaN, at(2)]) };
    // Every value is at a whole hour on its clock: the mean (1 January 22:00 at +02:00) stays on an hour.
    expect(fit(one(c), { kind: 'impute', column: 'd', strategy: 'mean' }).pipeline.steps[0]!.fitted).toEqual({ value: Date.UTC(2024, 0, 1, 22) - 2 * 3600_000 });
  });
});

describe('datetime_parts suggestions', () => {
  const parts = (c: Column) => suggest(one(c), []).find((s) => s.kind === 'datetime_parts')?.step;

  it('suggest the hour (and minute, which varies) of a time of day, not its constant 1970 year, January or Thursday', () => {
    const times = Float64Array.from({ length: 40 }, (_, i) => ((i * 37) % 24) * 3600_000 + ((i * 7) % 60) * 60_000);
    expect(parts({ type: 'datetime', name: 't', format: 'HH:mm', values: times })).toEqual({ kind: 'datetime_parts', column: 't', parts: ['hour', 'minute'] });
  });

  it('suggest no hour for dates, and no year or month when those are constant', () => {
    const days = Float64Array.from({ length: 40 }, (_, i) => Date.UTC(2024, 2, 1) + (i % 28) * DAY);
    expect(parts({ type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: days })).toEqual({ kind: 'datetime_parts', column: 'd', parts: ['day_of_week', 'elapsed_days'] });
    const years = Float64Array.from({ length: 40 }, (_, i) => Date.UTC(2000 + (i % 9), i % 12, 1 + (i % 5)));
    expect(parts({ type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: years })).toEqual({ kind: 'datetime_parts', column: 'd', parts: ['year', 'month', 'day_of_week', 'elapsed_days'] });
  });
});

describe('target_encode', () => {
  it('refuses encoding a column by itself, in steps and in a supplied pipeline', () => {
    const step = { kind: 'target_encode', column: 'c', target: 'c' };
    expect(StepSpec.safeParse(step).error?.issues.map((i) => [i.path, i.message])).toEqual([[['target'], 'must name another column than column: a column cannot be encoded by itself']]);
    const pipeline = { format: 'tabmimic.features.v1', input_columns: ['c'], steps: [{ spec: step, fitted: { global: 0.5, means: {}, seed: 0 } }] };
    expect(Pipeline.safeParse(pipeline).success).toBe(false);
  });
});

describe('a supplied pipeline is held to what fitting records', () => {
  const base = { format: 'tabmimic.features.v1' as const, input_columns: ['k', 'y'] };
  const step = (spec: object, fitted: object) => ({ spec: StepSpec.parse(spec), fitted: fitted as Record<string, unknown> });
  const detail = (steps: ReturnType<typeof step>[]) => problemOf(() => checkPipeline({ ...base, steps })).detail;

  it('refuses one-hot or ordinal levels that are empty', () => {
    expect(detail([step({ kind: 'one_hot', column: 'k' }, { levels: [] })])).toBe('Pipeline step 0 (one_hot): fitted.levels: must list at least one level.');
    expect(detail([step({ kind: 'ordinal', column: 'k' }, { levels: [] })])).toBe('Pipeline step 0 (ordinal): fitted.levels: must list at least one level.');
  });

  it('refuses frequencies outside 0–1 or adding up to more than 1', () => {
    expect(detail([step({ kind: 'frequency', column: 'y' }, { frequencies: { '2007': 2, '2008': -1 } })])).toBe(
      'Pipeline step 0 (frequency): fitted.frequencies.2007: must be a share of rows, 0 to 1; fitted.frequencies.2008: must be a share of rows, 0 to 1.',
    );
    expect(detail([step({ kind: 'frequency', column: 'y' }, { frequencies: { a: 0.7, b: 0.6 } })])).toBe('Pipeline step 0 (frequency): fitted.frequencies: must add up to at most 1: they are shares of the rows.');
    // A target encoding's means are not shares: any finite number.
    expect(() => checkPipeline({ ...base, steps: [step({ kind: 'target_encode', column: 'k', target: 'y' }, { global: 2007.5, means: { a: 2007 }, seed: 0 })] })).not.toThrow();
  });

  it('refuses bin edges that are not bins − 1', () => {
    expect(detail([step({ kind: 'bin', column: 'y', method: 'uniform', bins: 3 }, { edges: [2007.5] })])).toBe('Pipeline step 0 (bin): fitted.edges: must have bins − 1 (2) edges.');
  });

  it('refuses input_columns that are empty, repeated, or miss a column the first step reads', () => {
    const steps = [step({ kind: 'ordinal', column: 'k' }, { levels: ['a', 'b'] })];
    const messages = (input_columns: string[]) => Pipeline.safeParse({ ...base, input_columns, steps }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages([])).toEqual(['input_columns: must name the source columns the steps read']);
    expect(messages(['k', 'k'])).toEqual(['input_columns: must not repeat a column']);
    expect(messages(['y'])).toEqual(['input_columns: must list every column step 0 reads: it reads the source file']);
    expect(messages(['k'])).toBeUndefined();
  });
});

describe('a supplied pipeline of no steps', () => {
  it('is refused as such, not a TypeError from the check of what step 0 reads', () => {
    const parsed = Pipeline.safeParse({ format: 'tabmimic.features.v1', input_columns: ['a'], steps: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('steps');
  });
});
