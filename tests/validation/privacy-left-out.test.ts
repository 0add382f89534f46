/**
 * Row-level privacy measures leave out columns whose synthetic values are not drawn from the real
 * ones (PII replaced by fakes, the primary key): a copied row with a fake name is still a copy.
 * The UX review's titanic file showed "0 exact copies" and DCR 0.2 (1 faked column of 5) for rows
 * equal to real ones on every modelled column.
 */
import { describe, expect, it } from 'vitest';
import { privacyReport } from '../../core/validation/privacy.js';
import { leftOutColumns } from '../../core/validation/left-out.js';
import { buildReport, reportCharts, reportHtml } from '../../core/validation/report.js';
import { selectColumns, type Table } from '../../core/table/model.js';
import { exactCopies } from '../../core/validation/rows.js';
import { diagnosticReport } from '../../core/validation/diagnostic.js';
import type { FileMeta } from '../../core/files/model.js';

const people = (names: string[], ages: number[], plans: number[]): Table => ({
  rowCount: names.length,
  columns: [
    { type: 'text', name: 'name', values: names },
    { type: 'float', name: 'age', values: Float64Array.from(ages) },
    { type: 'categorical', name: 'plan', codes: Int32Array.from(plans), categories: ['a', 'b'] },
  ],
});
const faked = [{ column: 'name', reason: 'replaced by fakes as PII' }];

describe('privacy without the faked columns', () => {
  const real = people(['Ann', 'Bob', 'Cy'], [20, 30, 40], [0, 1, 0]);
  const copies = people(['Xa', 'Xb', 'Xc'], [20, 30, 40], [0, 1, 0]);

  it('counts rows equal but for a fake name as exact copies, at distance 0', () => {
    const r = privacyReport(real, copies, undefined, 0, { leftOut: faked, piiColumns: ['name'] });
    expect(r.exact_copies.count).toBe(3);
    // Real rows never repeat here, but 3 rows are too few for the test against that baseline to be sure (copy-baseline.ts).
    expect(r.exact_copies.verdict).toBe('review');
    expect(r.dcr.synthetic_to_real).toEqual({ median: 0, p5: 0 });
    expect(r.dcr.verdict).toBe('review');
    expect(r.left_out_columns).toEqual(faked);
    // The faked column is still checked for real values leaked verbatim.
    expect(r.pii_verbatim.columns).toEqual([expect.objectContaining({ column: 'name', leaked_values: 0 })]);
  });

  it('without them, the fake name made copies look distinct (the bug)', () => {
    const r = privacyReport(real, copies, undefined, 0, { piiColumns: ['name'] });
    expect(r.exact_copies.count).toBe(0);
    expect(r.dcr.synthetic_to_real.median).toBeCloseTo(1 / 3);
  });

  it('DCR in closed form over the compared columns', () => {
    // age range 20: row (25, a) is 5/20 = 0.25 from Ann's age, plan equal → 0.125; from Bob (30, b): (0.25 + 1) / 2.
    // row (40, b): from Cy (40, a) (0 + 1) / 2 = 0.5, from Bob (30, b) (0.5 + 0) / 2 = 0.25.
    const syn = people(['Q', 'R'], [25, 40], [0, 1]);
    const r = privacyReport(people(['Ann', 'Bob', 'Cy'], [20, 30, 40], [0, 1, 0]), syn, undefined, 0, { leftOut: faked });
    expect(r.dcr.synthetic_to_real.median).toBeCloseTo((0.125 + 0.25) / 2, 12);
    expect(r.dcr.synthetic_to_real.p5).toBeCloseTo(0.125 + 0.05 * (0.25 - 0.125), 12);
  });

  it('the full report counts the copies too, and its page names the left-out column', () => {
    const doc = buildReport({ real, synthetic: copies, seed: 0, pairAggregate: 'all', disclosure: { piiColumns: ['name'], leftOut: faked } });
    if ('not_measured' in doc.privacy) throw new Error('measured: some column is compared');
    expect(doc.privacy.exact_copies.count).toBe(3);
    const html = reportHtml('t', doc, [], '');
    expect(html).toContain('<tr><th>Exact copies of real rows</th><td>3 (review)</td><td class="how">');
    expect(html).toContain('<tr><th>Columns left out of copies, distances and drift</th><td>name (replaced by fakes as PII)</td><td class="how"></td></tr>');
    // Nor does the faked name count as drift: listed with why, not among the columns compared (the
    // others are left out too, on 3 rows, as too few to judge: eda/drift-read.ts).
    expect(doc.drift.left_out_columns).toEqual([...faked, ...['age', 'plan'].map((column) => ({ column, reason: expect.stringMatching(/^too few values to judge/) }))]);
    expect(doc.drift.columns.map((c) => c.column)).not.toContain('name');
  });

  it('exact copies compare the real columns by name, whatever the synthetic order; the diagnostic counts them alike', () => {
    const reordered = selectColumns(copies, ['plan', 'age', 'name']);
    expect(exactCopies(real, reordered, new Set(['name']))).toBe(3);
    expect(exactCopies(real, reordered)).toBe(0);
    expect(diagnosticReport(real, copies, new Set(['name'])).exact_copies.count).toBe(3);
  });

  it('does not count a column dropped as PII against the structure, as quality and privacy do not (review s27)', () => {
    const dropped = selectColumns(copies, ['age', 'plan']);
    const excused = diagnosticReport(real, dropped, new Set(['name'])).data_structure;
    expect(excused).toMatchObject({ score: 1, columns_match: 1, types_match: 1, missing_columns: [], extra_columns: [] });
    // Not left out, it is missing.
    const missing = diagnosticReport(real, dropped).data_structure;
    expect(missing.missing_columns).toEqual(['name']);
    expect(missing.score).toBeLessThan(1);
  });

  it('every column left out: a 422 naming them, not a "safe" from nothing compared', () => {
    const names: Table = { rowCount: 2, columns: [{ type: 'text', name: 'name', values: ['Ann', 'Bob'] }] };
    expect(() => privacyReport(names, names, undefined, 0, { leftOut: faked })).toThrow(/Every column is left out.*name: replaced by fakes as PII/);
  });

  // A file of only a primary key and faked PII: the full report used to fail with that 422, quality and drift included.
  const onlyLeftOut = (ids: string[], names: string[]): Table => ({
    rowCount: ids.length,
    columns: [
      { type: 'id', name: 'id', values: ids },
      { type: 'text', name: 'name', values: names },
    ],
  });
  const keyAndName = [{ column: 'id', reason: 'the primary key: each synthetic row gets a new one' }, ...faked];

  it('every column left out: the full report still arrives, its privacy part not measured and saying why', () => {
    const realIds = onlyLeftOut(['1', '2', '3'], ['Ann', 'Bob', 'Cy']);
    const doc = buildReport({ real: realIds, synthetic: onlyLeftOut(['a', 'b', 'c'], ['Xa', 'Bob', 'Xc']), seed: 0, pairAggregate: 'all', disclosure: { piiColumns: ['name'], leftOut: keyAndName } });
    expect(doc.quality.overall).toEqual(expect.any(Number));
    expect(doc.privacy).toMatchObject({ left_out_columns: keyAndName, not_measured: expect.stringMatching(/Every column is left out.*id: the primary key.*name: replaced by fakes as PII/) });
    expect(doc.privacy).not.toHaveProperty('exact_copies');
    // The disclosure checks still run: Bob leaked verbatim.
    expect(doc.privacy.pii_verbatim.verdict).toBe('risk');
    expect(doc.diagnostic.exact_copies).toEqual({ count: null, rate: null, not_measured: expect.stringMatching(/Every column is left out \(id, name\)/) });
    const html = reportHtml('t', doc, reportCharts(realIds, realIds, doc), '');
    expect(html).toMatch(/<tr><th>Exact copies and distances<\/th><td>not measured: Every column is left out/);
    expect(html).not.toContain('Exact copies of real rows');
    expect(html).not.toContain('closest real row');
  });

  it('every column left out: exactCopies is null (not measured), not a safe-looking 0', () => {
    const t = onlyLeftOut(['1'], ['Ann']);
    expect(exactCopies(t, t, new Set(['id', 'name']))).toBeNull();
  });

  it('the diagnostic counts copies on the values read as the real types, as privacy does', () => {
    // The synthetic file typed age as categories '20.0', …: read as the real floats they equal real ages.
    const retyped: Table = {
      rowCount: 3,
      columns: [
        { type: 'text', name: 'name', values: ['Xa', 'Xb', 'Xc'] },
        { type: 'categorical', name: 'age', codes: Int32Array.from([0, 1, 2]), categories: ['20.0', '30.0', '40.0'] },
        { type: 'categorical', name: 'plan', codes: Int32Array.from([0, 1, 0]), categories: ['a', 'b'] },
      ],
    };
    const doc = buildReport({ real, synthetic: retyped, seed: 0, pairAggregate: 'all', disclosure: { leftOut: faked } });
    if ('not_measured' in doc.privacy) throw new Error('measured: some column is compared');
    expect(doc.privacy.exact_copies.count).toBe(3);
    expect(doc.diagnostic.exact_copies.count).toBe(3);
    expect(diagnosticReport(real, retyped, new Set(['name'])).exact_copies.count).toBe(3);
  });
});

describe('leftOutColumns', () => {
  it('reads the reasons from the real schema and the model record, in the real column order', () => {
    const meta = {
      columns: [
        { name: 'id', type: 'text', primary_key: true },
        { name: 'email', type: 'text', pii: { kind: 'email', action: 'drop', confidence: 1 } },
        { name: 'age', type: 'float' },
        { name: 'name', type: 'text', pii: { kind: 'person_name', action: 'fake', confidence: 1 } },
      ],
    } as unknown as FileMeta;
    // The model faked phone, since kept by the schema; its record still says so.
    expect(leftOutColumns(meta, { pii: { fake: [{ name: 'phone', kind: 'phone' }], drop: [] }, keys: [] })).toEqual([
      { column: 'id', reason: 'the primary key: each synthetic row gets a new one' },
      { column: 'email', reason: 'dropped as PII' },
      { column: 'name', reason: 'replaced by fakes as PII' },
      { column: 'phone', reason: 'replaced by fakes as PII' },
    ]);
  });
});
