/**
 * A fuzz review found validation scoring a synthetic column as all-missing, or as other categories,
 * when it only spelled its values otherwise than the real file: dates written DD/MM/YYYY against
 * YYYY-MM-DD (quality 0.992 → 0.864, nothing said), booleans Y/N against yes/no (shape 0).
 */
import { describe, expect, it } from 'vitest';
import { readAs, readAsReal } from '../../core/metrics/align.js';
import { qualityReport } from '../../core/metrics/quality.js';
import { readCsvTable } from '../../core/table/csv.js';
import { columnLabels, type Column } from '../../core/table/model.js';

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + i * 86_400_000);
const iso = (i: number) => day(i).toISOString().slice(0, 10);
const dmy = (i: number) => iso(i).split('-').reverse().join('/');

describe('a datetime column in another unambiguous format', () => {
  it('is compared by its instants: the same dates score as the same', async () => {
    const r = await readCsvTable('d,x\n' + rows(60, (i) => `${iso(i)},${i % 7}`));
    const s = await readCsvTable('d,x\n' + rows(60, (i) => `${dmy(i)},${i % 7}`));
    expect([r.columns[0]!.format, s.columns[0]!.format]).toEqual(['YYYY-MM-DD', 'DD/MM/YYYY']);
    const [real, syn] = [r.table, s.table];
    const report = qualityReport(real, syn, { pairAggregate: 'all' });
    expect(report.column_shapes.details.find((d) => d.column === 'd')!.score).toBe(1);
    expect(report.missing_value_similarity.details.find((d) => d.column === 'd')!.score).toBe(1);
    expect(report.overall).toBeCloseTo(qualityReport(real, real, { pairAggregate: 'all' }).overall, 12);
    expect(report.retyped_columns).toBeUndefined();
  });

  it('an epoch column against a written date too', () => {
    const like: Column = { type: 'datetime', name: 'd', format: 'DD/MM/YYYY', values: Float64Array.of(Date.UTC(2024, 0, 1)) };
    const epoch: Column = { type: 'datetime', name: 'd', format: 'epoch_s', values: Float64Array.of(Date.UTC(2024, 2, 5)) };
    expect(Array.from((readAs(like, epoch) as { values: Float64Array }).values)).toEqual([Date.UTC(2024, 2, 5)]);
  });
});

describe('values that truly do not read as the real type', () => {
  it('are counted on the column reported as typed otherwise', () => {
    const real: Column = { type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: Float64Array.of(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)) };
    const syn: Column = { type: 'text', name: 'd', values: ['2024-01-03', 'soon', null] };
    const { retyped } = readAsReal({ rowCount: 2, columns: [real] }, { rowCount: 3, columns: [syn] });
    expect(retyped).toEqual([{ column: 'd', real_type: 'datetime', synthetic_type: 'text', unreadable: 1 }]);
    const report = qualityReport({ rowCount: 2, columns: [real] }, { rowCount: 3, columns: [syn] }, { pairAggregate: 'all' });
    expect(report.retyped_columns).toEqual(retyped);
  });
});

describe('boolean columns spelled otherwise', () => {
  const flags = (n: number) => Array.from({ length: n }, (_, i) => i % 3 === 0);

  it('are compared by truth value: Y/N against yes/no scores as the same column', async () => {
    const real = (await readCsvTable('y,x\n' + rows(60, (i) => `${flags(60)[i] ? 'yes' : 'no'},${i}`))).table;
    const syn = (await readCsvTable('y,x\n' + rows(60, (i) => `${flags(60)[i] ? 'Y' : 'N'},${i}`))).table;
    expect([real.columns[0]!.type, syn.columns[0]!.type]).toEqual(['boolean', 'boolean']);
    const { table, retyped } = readAsReal(real, syn);
    expect(columnLabels(table.columns[0]!)).toEqual(columnLabels(real.columns[0]!));
    expect(retyped).toEqual([]);
    const report = qualityReport(real, syn, { pairAggregate: 'all' });
    expect(report.column_shapes.details.find((d) => d.column === 'y')!.score).toBe(1);
  });

  it('true/false against 1/0, and a categorical file of the other spelling', () => {
    const real: Column = { type: 'boolean', name: 'b', categories: ['false', 'true'], codes: Int32Array.of(0, 1, 1, -1) };
    const ones: Column = { type: 'boolean', name: 'b', categories: ['0', '1'], codes: Int32Array.of(1, 0, -1, 1) };
    expect(columnLabels(readAs(real, ones))).toEqual(['true', 'false', null, 'true']);
    const words: Column = { type: 'categorical', name: 'b', categories: ['No', 'Yes', 'maybe'], codes: Int32Array.of(1, 0, 2) };
    // A label of no truth value stays itself: a value the real column lacks.
    expect(columnLabels(readAs(real, words))).toEqual(['true', 'false', 'maybe']);
    // The same spelling is left as it is.
    const same = { rowCount: 4, columns: [real] };
    expect(readAsReal(same, same).table).toBe(same);
  });
});
