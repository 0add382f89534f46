/** Drift of a conditioned generated file is measured on the real rows meeting its conditions (core/validation/drift-basis.ts). */
import { describe, expect, it } from 'vitest';
import { chunkedDriftBasis, driftSides } from '../../core/validation/drift-basis.js';
import { drift } from '../../core/eda/drift.js';
import type { FileMeta } from '../../core/files/model.js';
import type { Table } from '../../core/table/model.js';

const meta = (file_id: string, lineage: FileMeta['lineage']): FileMeta => ({
  file_id,
  filename: `${file_id}.csv`,
  content_type: 'text/csv',
  size: 1,
  status: 'ready',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  lineage,
});
const SOURCE = meta('f_source00000', { operation: 'upload' });
const generated = (conditions?: Record<string, string>) => meta('f_generated00', { parent: SOURCE.file_id, operation: 'synthesize', details: { generator: 'g', seed: 1, ...(conditions ? { conditions } : {}) } });

/** n rows, island Biscoe/Dream alternating, x larger on Biscoe. */
function source(n: number): Table {
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'island', categories: ['Biscoe', 'Dream'], codes: Int32Array.from({ length: n }, (_, i) => i % 2) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 0 : 100) + (i % 10)) },
    ],
  };
}
/** The Biscoe rows of source(2n). */
function biscoe(n: number): Table {
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'island', categories: ['Biscoe', 'Dream'], codes: new Int32Array(n) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => 100 + ((2 * i) % 10)) },
    ],
  };
}

const verdicts = (r: ReturnType<typeof drift>) => Object.fromEntries(r.columns.map((c) => [c.column, c.verdict]));

describe('driftSides', () => {
  it('restricts the real side to the conditions, whichever side the generated file is', () => {
    const real = { table: source(200), meta: SOURCE };
    const syn = { table: biscoe(100), meta: generated({ island: 'Biscoe' }) };
    // Against the whole source, island and x drift by request.
    expect(verdicts(drift(real.table, syn.table))).toEqual({ island: 'drift', x: 'drift' });
    const asCurrent = driftSides(real, syn);
    expect(asCurrent.compared_with).toEqual({ rows: 100, conditions: { island: 'Biscoe' } });
    expect(asCurrent.reference.rowCount).toBe(100);
    expect(verdicts(drift(asCurrent.reference, asCurrent.current))).toEqual({ island: 'stable', x: 'stable' });
    const asReference = driftSides(syn, real);
    expect(asReference.compared_with).toEqual({ rows: 100, conditions: { island: 'Biscoe' } });
    expect(asReference.current.rowCount).toBe(100);
    expect(asReference.reference).toBe(syn.table);
  });

  it('compares whole an unconditioned generated file, or two real files', () => {
    const real = { table: source(200), meta: SOURCE };
    expect(driftSides(real, { table: source(100), meta: generated() })).toEqual({ reference: real.table, current: expect.anything() });
    expect(driftSides(real, { table: source(100), meta: meta('f_other000000', { operation: 'upload' }) }).compared_with).toBeUndefined();
  });

  it('says the whole real file is compared with on the chunked path', () => {
    const r = chunkedDriftBasis({ ...SOURCE, rows: 5000 }, { ...generated({ island: 'Biscoe' }), rows: 100 });
    expect(r.compared_with).toMatchObject({ rows: 5000, whole_source: { conditions: { island: 'Biscoe' } } });
    expect(chunkedDriftBasis({ ...SOURCE, rows: 5000 }, { ...generated(), rows: 100 })).toEqual({});
  });
});
