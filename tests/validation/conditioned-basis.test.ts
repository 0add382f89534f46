import { describe, expect, it } from 'vitest';
import { comparedSentence, comparisonBasis, generatedConditions } from '../../core/validation/basis.js';
import { privacyReport } from '../../core/validation/privacy.js';
import { buildReport, reportHtml } from '../../core/validation/report.js';
import type { FileMeta } from '../../core/files/model.js';
import type { Table } from '../../core/table/model.js';

const SOURCE = 'f_source00000';

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

const generated = (conditions?: unknown) => meta('f_generated00', { parent: SOURCE, operation: 'synthesize', details: { generator: 'g', seed: 1, ...(conditions ? { conditions } : {}) } });

/** n rows, kind a/b alternating, x the row number, name "p<row>". */
function table(n: number, kinds = ['a', 'b']): Table {
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'kind', categories: kinds, codes: Int32Array.from({ length: n }, (_, i) => i % kinds.length) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => i) },
      { type: 'text', name: 'name', values: Array.from({ length: n }, (_, i) => `p${i}`) },
    ],
  };
}

const rowsOfKind = (t: Table, code: number) => {
  const kind = t.columns[0]!;
  return kind.type === 'categorical' ? [...kind.codes].filter((c) => c === code).length : -1;
};

describe('generatedConditions', () => {
  it('reads the conditions of a generated file, and none of another file or an unreadable record', () => {
    expect(generatedConditions(generated({ kind: 'a' }))).toEqual({ kind: 'a' });
    expect(generatedConditions(generated())).toBeUndefined();
    expect(generatedConditions(generated({}))).toBeUndefined();
    expect(generatedConditions(generated('kind=a'))).toBeUndefined();
    expect(generatedConditions(meta(SOURCE, { operation: 'upload', details: { conditions: { kind: 'a' } } }))).toBeUndefined();
  });
});

describe('comparisonBasis', () => {
  const source = { table: table(100), meta: meta(SOURCE, { operation: 'upload' }) };

  it('keeps every row of an unconditioned file', () => {
    const b = comparisonBasis(source, generated(), table(60));
    expect(b.real).toBe(source.table);
    expect(b.compared_with).toEqual({ rows: 100 });
    expect(b.holdout_compared_with).toEqual({ rows: 60 });
  });

  it('restricts the real rows, and the holdout with them, to those meeting the conditions', () => {
    const b = comparisonBasis(source, generated({ kind: 'b' }), table(60));
    expect(b.compared_with).toEqual({ rows: 50, conditions: { kind: 'b' } });
    expect(rowsOfKind(b.real, 1)).toBe(50);
    expect(b.holdout_compared_with).toEqual({ rows: 30, conditions: { kind: 'b' } });
    expect(b.holdout?.rowCount).toBe(30);
  });

  it('names a real file other than the source in its reason', () => {
    const other = { table: table(30), meta: meta('f_otherfile00', { operation: 'upload' }) };
    expect(comparisonBasis(other, generated({ kind: 'b' })).compared_with).toMatchObject({ rows: 30, whole_source: { reason: 'only 15 real rows meet the conditions, too few to compare with' } });
    expect(comparisonBasis({ ...other, meta: meta(SOURCE, { operation: 'upload' }) }, generated({ kind: 'b' })).compared_with).toMatchObject({
      whole_source: { reason: expect.stringMatching(/^only 15 source rows/) },
    });
  });

  it('compares training and holdout rows both whole when either cannot be restricted', () => {
    const few = comparisonBasis(source, generated({ kind: 'b' }), table(30));
    expect(few.real).toBe(source.table);
    expect(few.holdout?.rowCount).toBe(30);
    expect(few.compared_with).toMatchObject({ rows: 100, whole_source: { conditions: { kind: 'b' }, reason: expect.stringMatching(/only 15 holdout rows .*the real file is compared whole too/) } });
    expect(few.holdout_compared_with).toEqual({ rows: 30, whole_source: { conditions: { kind: 'b' }, reason: expect.stringMatching(/only 15 holdout rows/) } });
    // The other way round: too few real rows, a holdout with enough.
    const lacking = comparisonBasis({ ...source, table: table(38) }, generated({ kind: 'b' }), table(100));
    expect(lacking.holdout?.rowCount).toBe(100);
    expect(lacking.holdout_compared_with).toMatchObject({ rows: 100, whole_source: { reason: expect.stringMatching(/^only 19 source rows .*the holdout file is compared whole too/) } });
  });
});

describe('privacy of a conditioned file', () => {
  it('measures distances against the rows given, but copies and PII leaks against every real row', () => {
    const every = table(100);
    const matching = comparisonBasis({ table: every, meta: meta(SOURCE, { operation: 'upload' }) }, generated({ kind: 'b' })).real;
    // A synthetic row of kind a copying real row 0 (name p0): a row the conditioned file should not have, but a copy all the same.
    const synthetic: Table = {
      rowCount: 2,
      columns: [
        { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from([0, 1]) },
        { type: 'float', name: 'x', values: Float64Array.from([0, 51.5]) },
        { type: 'text', name: 'name', values: ['p0', 'zz'] },
      ],
    };
    const options = { piiColumns: ['name'] };
    const restricted = privacyReport(matching, synthetic, undefined, 0, options);
    expect(restricted.sample.real_rows).toBe(50);
    expect(restricted.exact_copies.count).toBe(0);
    const withEvery = privacyReport(matching, synthetic, undefined, 0, { ...options, everyRealRow: every });
    expect(withEvery.sample.real_rows).toBe(50);
    expect(withEvery.dcr.synthetic_to_real).toEqual(restricted.dcr.synthetic_to_real);
    expect(withEvery.exact_copies.count).toBe(1);
    expect(withEvery.pii_verbatim.columns).toEqual([{ column: 'name', leaked_values: 1 }]);
  });
});

describe('the report of a conditioned file', () => {
  const every = table(100);
  const basis = comparisonBasis({ table: every, meta: meta(SOURCE, { operation: 'upload' }) }, generated({ kind: 'b' }));
  // Odd x in 1..99 like the kind-b rows, and one row at 0: inside the real file's range, below the matching rows'.
  const synthetic: Table = {
    rowCount: 3,
    columns: [
      { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from([1, 1, 1]) },
      { type: 'float', name: 'x', values: Float64Array.from([0, 21, 77]) },
      { type: 'text', name: 'name', values: ['q', 'r', 's'] },
    ],
  };
  const doc = buildReport({
    real: basis.real,
    synthetic,
    seed: 0,
    pairAggregate: 'all',
    disclosure: {},
    basis: { everyRealRow: every, comparedWith: basis.compared_with },
  });

  it('scores quality on the matching rows and validity against every real row', () => {
    expect(doc.compared_with).toEqual({ rows: 50, conditions: { kind: 'b' } });
    expect(doc.quality.column_shapes.details.find((d) => d.column === 'kind')?.score).toBe(1);
    expect(doc.diagnostic.data_validity.details.find((d) => d.column === 'x')?.score).toBe(1);
  });

  it('says in one sentence what it compared with, and nothing for an unconditioned file', () => {
    expect(reportHtml('t', doc, [], '', every)).toContain(`<p id="compared-with">Compared with the 50 real rows where kind = b, the synthetic file's conditions`);
    const plain = buildReport({ real: every, synthetic, seed: 0, pairAggregate: 'all', disclosure: {} });
    expect(reportHtml('t', plain, [], '', every)).not.toContain('compared-with');
  });

  it('writes a date condition as a date, and the reason when the whole file was compared', () => {
    const real: Table = { rowCount: 1, columns: [{ type: 'datetime', name: 'day', format: 'YYYY-MM-DD', values: Float64Array.from([0]) }] };
    expect(comparedSentence({ rows: 30, conditions: { day: Date.UTC(2024, 4, 1) } }, real)).toBe(
      "Compared with the 30 real rows where day = 2024-05-01, the synthetic file's conditions, not with the whole real file.",
    );
    expect(comparedSentence({ rows: 9, whole_source: { reason: 'only 2 source rows meet the conditions, too few to compare with', conditions: { day: null } } }, real)).toBe(
      'Compared with the whole real file (9 rows), not only the rows where day = (missing): only 2 source rows meet the conditions, too few to compare with.',
    );
    expect(comparedSentence({ rows: 9 }, real)).toBeUndefined();
  });
});
