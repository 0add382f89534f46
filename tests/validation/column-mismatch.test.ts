/**
 * A fuzz run found validation quietly wrong when the two files' columns differ: a column typed
 * otherwise in the synthetic file was a 500 under `strong_only` (a TypeError binning numbers it did
 * not have) and scored from bins of no rows under `all`; a missing column was left out of every
 * score (quality 1.0); a synthetic target with no value scored a relative utility of 0.36.
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { qualityReport } from '../../core/metrics/quality.js';
import { readAs, readAsReal } from '../../core/metrics/align.js';
import { diagnosticReport } from '../../core/validation/diagnostic.js';
import { privacyReport } from '../../core/validation/privacy.js';
import { utilityReport } from '../../core/validation/utility.js';
import { checkColumnsPresent } from '../../core/validation/service.js';
import { columnLabels, type Column, type Table } from '../../core/table/model.js';
import { Rng } from '../../core/random.js';
import { readCsvTable } from '../../core/table/csv.js';

const n = 120;
const rng = Rng.seeded(3);
const x = Float64Array.from({ length: n }, () => Math.round(rng.normal() * 100) / 10);
const real: Table = {
  rowCount: n,
  columns: [
    { type: 'float', name: 'x', values: x, decimals: 1 },
    { type: 'float', name: 'y', values: Float64Array.from(x, (v, i) => Math.round((v * 2 + (i % 7)) * 10) / 10), decimals: 1 },
    { type: 'categorical', name: 'kind', categories: ['a', 'b', 'c'], codes: Int32Array.from(x, (v) => (v < -5 ? 0 : v < 5 ? 1 : 2)) },
    { type: 'datetime', name: 'when', format: 'YYYY-MM-DD', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2021, i % 12, (i % 27) + 1)) },
  ],
};

/** The same table with one column re-typed as categorical text of its own labels, or mapped label by label. */
function retyped(name: string, label: (l: string | null) => string | null = (l) => l, type: 'categorical' | 'text' = 'categorical'): Table {
  return {
    rowCount: n,
    columns: real.columns.map((c): Column => {
      if (c.name !== name) return c;
      const labels = columnLabels(c).map(label);
      if (type === 'text') return { type: 'text', name, values: labels };
      const categories = [...new Set(labels.filter((l): l is string => l !== null))];
      return { type: 'categorical', name, categories, codes: Int32Array.from(labels, (l) => (l === null ? -1 : categories.indexOf(l))) };
    }),
  };
}

describe('a column typed otherwise in the synthetic file', () => {
  it('is read as the real type: the same values score as the untouched copy, under both aggregates', () => {
    const syn = retyped('x');
    for (const pairAggregate of ['all', 'strong_only'] as const) {
      const same = qualityReport(real, real, { pairAggregate });
      const report = qualityReport(real, syn, { pairAggregate });
      expect(report.overall, pairAggregate).toBeCloseTo(same.overall, 12);
      expect(report.column_pair_trends.details, pairAggregate).toEqual(same.column_pair_trends.details);
      expect(report.retyped_columns).toEqual([{ column: 'x', real_type: 'float', synthetic_type: 'categorical' }]);
      expect(same.retyped_columns).toBeUndefined();
    }
  });

  it('counts values that do not read as the real type as missing, under both aggregates alike', () => {
    const syn = retyped('x', (l) => (l === null ? null : `w${l}`));
    const all = qualityReport(real, syn, { pairAggregate: 'all' });
    const strong = qualityReport(real, syn, { pairAggregate: 'strong_only' });
    for (const report of [all, strong]) {
      expect(report.column_shapes.details.find((d) => d.column === 'x')).toEqual({ column: 'x', metric: 'KSComplement', score: 0 });
      expect(report.missing_value_similarity.details.find((d) => d.column === 'x')!.score).toBe(0);
    }
    // Each aggregate scores the same pairs the same way; they differ only in which pairs count.
    const pairs = (r: typeof all) => r.column_pair_trends.details.map((p) => p.columns.join('|'));
    expect(pairs(strong)).toEqual(pairs(all));
  });

  it('reads a re-typed datetime, number or category from its labels', () => {
    const when = real.columns[3]!;
    const asText = readAs(when, { type: 'text', name: 'when', values: ['2021-03-04', '2021-03-04 10:30', 'nope', null] });
    expect(Array.from((asText as { values: Float64Array }).values)).toEqual([Date.UTC(2021, 2, 4), Date.UTC(2021, 2, 4, 10, 30), NaN, NaN]);
    const asNumber = readAs(real.columns[0]!, { type: 'categorical', name: 'x', categories: ['1.5', ' 2 ', 'w3'], codes: Int32Array.from([0, 1, 2, -1]) });
    expect(Array.from((asNumber as { values: Float64Array }).values)).toEqual([1.5, 2, NaN, NaN]);
    const asCategory = readAs(real.columns[2]!, { type: 'integer', name: 'kind', values: Float64Array.from([1, 2, NaN]) });
    expect(columnLabels(asCategory)).toEqual(['1', '2', null]);
    // Integer and float are both numbers: nothing to read.
    expect(readAsReal(real, { rowCount: 1, columns: [{ type: 'integer', name: 'x', values: Float64Array.from([1]) }] }).retyped).toEqual([]);
  });

  it('reads numbers in the spelling ingest reads: currency affix, thousands, decimal comma', () => {
    const values = (c: Column) => Array.from((c as { values: Float64Array }).values);
    const dollars: Column = { type: 'float', name: 'p', values: Float64Array.from([1]), decimals: 2, affix: { prefix: '$', suffix: '', thousands: true } };
    const labels = (...l: (string | null)[]): Column => ({ type: 'text', name: 'p', values: l });
    expect(values(readAs(dollars, labels('$1,037.50', '$12.00', '7', 'w181', null)))).toEqual([1037.5, 12, 7, NaN, NaN]);
    const plain = real.columns[0]!;
    expect(values(readAs(plain, labels('1,037.5', '12', 'w181')))).toEqual([1037.5, 12, NaN]);
    expect(values(readAs(plain, labels('3,5', '12,25', '-0,5', 'w181')))).toEqual([3.5, 12.25, -0.5, NaN]);
  });

  it('scores a currency or decimal-comma column read from files like its real one, not as all missing', async () => {
    const rows = (f: (i: number) => string) => Array.from({ length: 30 }, (_, i) => f(i)).join('\n');
    const cases = [
      { real: 'id,p\n' + rows((i) => `${i},"$${1000 + i * 37}.50"`), synthetic: 'id,p\n' + rows((i) => `${i},"$${1000 + i * 37}.50"`) + '\n99,w181' },
      { real: 'id;p\n' + rows((i) => `${i};${i},5`), synthetic: 'id;p\n' + rows((i) => `${i};${i},5`) + '\n99;w181' },
    ];
    for (const c of cases) {
      const r = (await readCsvTable(c.real)).table;
      const s = (await readCsvTable(c.synthetic)).table;
      expect(s.columns[1]!.type).not.toBe('float');
      const read = readAsReal(r, s).table.columns[1]!;
      // The 30 values of the real file, then w181 as missing.
      expect(Array.from((read as { values: Float64Array }).values)).toEqual([...Array.from((r.columns[1] as { values: Float64Array }).values), NaN]);
      const shape = qualityReport(r, s, { pairAggregate: 'all' }).column_shapes.details.find((d) => d.column === 'p')!;
      expect(shape.score).toBeGreaterThan(0.9);
    }
  });

  it('reads dates inferred in another format anew in the real one: month and day are not swapped', async () => {
    const day = (n: number) => String(n).padStart(2, '0');
    const rows = (f: (i: number) => string) => Array.from({ length: 30 }, (_, i) => f(i)).join('\n');
    // Day above 12 in the real file: DD/MM. None in the synthetic one: it infers MM/DD (month first).
    const r = await readCsvTable('d,x\n' + rows((i) => `${day((i % 28) + 1)}/${day((i % 12) + 1)}/2024,${i}`));
    const s = await readCsvTable('d,x\n' + rows((i) => `${day((i % 12) + 1)}/${day(((i + 1) % 12) + 1)}/2024,${i}`));
    expect([r.columns[0]!.format, s.columns[0]!.format]).toEqual(['DD/MM/YYYY', 'MM/DD/YYYY']);
    const { table, retyped } = readAsReal(r.table, s.table);
    const read = table.columns[0]!;
    expect(read).toMatchObject({ type: 'datetime', format: 'DD/MM/YYYY' });
    expect(Array.from((read as { values: Float64Array }).values)).toEqual(Array.from({ length: 30 }, (_, i) => Date.UTC(2024, ((i + 1) % 12), (i % 12) + 1)));
    // Same type: nothing to report as typed otherwise; the same format is left as it is.
    expect(retyped).toEqual([]);
    expect(readAsReal(r.table, r.table).table).toBe(r.table);
    // A datetime in a format without the swap is compared by the instants its own format read (epoch_s here).
    const iso: Column = { type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: Float64Array.from([Date.UTC(2024, 2, 5)]) };
    const epoch: Column = { type: 'datetime', name: 'd', format: 'epoch_s', values: Float64Array.from([Date.UTC(2024, 2, 5)]) };
    expect(Array.from((readAs(r.table.columns[0]!, iso) as { values: Float64Array }).values)).toEqual([Date.UTC(2024, 2, 5)]);
    expect(Array.from((readAs(r.table.columns[0]!, epoch) as { values: Float64Array }).values)).toEqual([Date.UTC(2024, 2, 5)]);
  });

  it('diagnostic: validity reads it as the real type, structure names it', () => {
    const report = diagnosticReport(real, retyped('x', (l) => (l === null ? null : `w${l}`)));
    expect(report.data_validity.details.find((d) => d.column === 'x')).toEqual({ column: 'x', metric: 'BoundaryAdherence', score: 0 });
    expect(report.data_structure).toMatchObject({ types_match: 0.75, missing_columns: [], extra_columns: [], type_differences: [{ column: 'x', real_type: 'float', synthetic_type: 'categorical' }] });
  });

  it('diagnostic: a value that does not read is out of bounds even where the real column has gaps (which excuse missing values)', () => {
    const gappy: Table = { rowCount: 3, columns: [{ type: 'float', name: 'v', values: Float64Array.from([1, NaN, 3]) }] };
    const syn: Table = { rowCount: 3, columns: [{ type: 'text', name: 'v', values: ['w1', null, '2'] }] };
    // 'w1' is out, the missing value is left out, '2' is in.
    expect(diagnosticReport(gappy, syn).data_validity.details).toEqual([{ column: 'v', metric: 'BoundaryAdherence', score: 0.5 }]);
  });

  it('privacy and utility read it as the real type too', () => {
    const syn = retyped('y', (l) => l, 'text');
    expect(privacyReport(real, syn, real, 0)).toEqual(privacyReport(real, real, real, 0));
    expect(utilityReport(real, syn, real, 'y', 0)).toEqual(utilityReport(real, real, real, 'y', 0));
  });
});

describe('a real column missing from the synthetic file', () => {
  const without = (name: string): Table => ({ rowCount: n, columns: real.columns.filter((c) => c.name !== name) });

  it('is a 422 naming it, not a score over the others', () => {
    const e = problemOf(() => checkColumnsPresent(real, without('y')));
    expect(e.status).toBe(422);
    expect(e.message).toContain('lacks the real file\'s column y');
    expect(e.extensions).toMatchObject({ missing: ['y'] });
    expect(problemOf(() => checkColumnsPresent(real, { rowCount: n, columns: [real.columns[0]!] })).message).toContain('columns y, kind, when');
  });

  it('is no fault when left out on purpose (a column dropped as PII)', () => {
    expect(() => checkColumnsPresent(real, without('kind'), new Set(['kind']))).not.toThrow();
    expect(() => checkColumnsPresent(real, real)).not.toThrow();
  });

  it('diagnostic names it', () => {
    expect(diagnosticReport(real, without('y')).data_structure).toMatchObject({ columns_match: 0.75, missing_columns: ['y'] });
  });
});

describe('a utility target with no value', () => {
  it('in the synthetic file is a 422 naming it', () => {
    const syn = retyped('kind', () => null);
    const e = problemOf(() => utilityReport(real, syn, real, 'kind', 0));
    expect(e.status).toBe(422);
    expect(e.message).toBe('The target column kind has no values in the synthetic file: a model cannot learn or be tested on it.');
  });

  it('in the holdout too', () => {
    const e = problemOf(() => utilityReport(real, real, retyped('y', () => null), 'y', 0));
    expect(e.message).toContain('no values in the holdout file');
  });
});

describe('a utility target typed otherwise with no value that reads as the real type', () => {
  it('is a 422 that says so', () => {
    const syn = retyped('y', (l) => (l === null ? null : `w${l}`), 'text');
    expect(problemOf(() => utilityReport(real, syn, real, 'y', 0)).message).toBe(
      'The target column y has no value that reads as float in the synthetic file (typed text there): a model cannot learn or be tested on it.',
    );
  });
});
