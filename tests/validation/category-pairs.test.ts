/**
 * Category pairs absent from the real rows (core/validation/category-pairs.ts), against counts
 * worked out by hand, and its place in the diagnostic reply.
 */
import { describe, expect, it } from 'vitest';
import { categoryPairs, MAX_PAIR_COLUMNS } from '../../core/validation/category-pairs.js';
import { diagnosticReport } from '../../core/validation/diagnostic.js';
import { buildReport, reportHtml } from '../../core/validation/report.js';
import { MISSING_CODE, type Column, type Table } from '../../core/table/model.js';

/** A categorical column of the given labels (null: missing), its categories in order of first appearance. */
function cat(name: string, labels: readonly (string | null)[]): Column {
  const categories = [...new Set(labels.filter((l): l is string => l !== null))];
  return { type: 'categorical', name, categories, codes: Int32Array.from(labels, (l) => (l === null ? MISSING_CODE : categories.indexOf(l))) };
}

const table = (...columns: Column[]): Table => ({ rowCount: columns[0]!.type === 'categorical' ? columns[0]!.codes.length : 0, columns });

// Real: Adelie on all three islands, Gentoo on Biscoe only; sex is free of both.
const real = table(
  cat('species', ['Adelie', 'Adelie', 'Adelie', 'Gentoo', 'Gentoo', 'Adelie']),
  cat('island', ['Biscoe', 'Dream', 'Torgersen', 'Biscoe', 'Biscoe', 'Dream']),
  cat('sex', ['male', 'female', 'male', 'female', 'male', 'male']),
);

describe('categoryPairs', () => {
  it('counts the synthetic rows holding a pair no real row holds, naming the pairs by rows', () => {
    const synthetic = table(
      cat('species', ['Gentoo', 'Gentoo', 'Gentoo', 'Adelie', 'Gentoo', 'Gentoo', 'Gentoo', null]),
      cat('island', ['Dream', 'Dream', 'Torgersen', 'Dream', 'Biscoe', 'Biscoe', 'Atlantis', 'Dream']),
      cat('sex', ['male', 'female', 'male', 'male', 'male', 'female', 'male', 'female']),
    );
    // By hand, pair by pair:
    // species×island: rows 0, 1 Gentoo/Dream (unseen), row 2 Gentoo/Torgersen (unseen); row 3 Adelie/Dream seen;
    //   rows 4, 5 Gentoo/Biscoe seen; row 6 Atlantis is no real category (CategoryAdherence's), row 7 species missing: skipped.
    // species×sex and island×sex: every pair among known values is in the real rows.
    // So rows 0, 1, 2: 3 of 8.
    const r = categoryPairs(real, synthetic);
    expect(r.rows).toBe(3);
    expect(r.of).toBe(8);
    expect(r.rate).toBeCloseTo(3 / 8, 12);
    expect(r.columns_checked).toEqual(['species', 'island', 'sex']);
    expect(r.pairs_checked).toBe(3);
    expect(r.top).toEqual([
      { columns: ['species', 'island'], values: ['Gentoo', 'Dream'], rows: 2 },
      { columns: ['species', 'island'], values: ['Gentoo', 'Torgersen'], rows: 1 },
    ]);
    expect(r.description).toMatch(/not an SDMetrics metric/);
  });

  it('counts a row once however many unseen pairs it holds', () => {
    const synthetic = table(cat('species', ['Gentoo']), cat('island', ['Dream']), cat('sex', ['female']));
    const realNoGentooFemaleOnDream = table(
      cat('species', ['Adelie', 'Gentoo', 'Adelie']),
      cat('island', ['Dream', 'Biscoe', 'Biscoe']),
      cat('sex', ['male', 'male', 'female']),
    );
    // Gentoo/Dream, Gentoo/female and Dream/female are all unseen: one row.
    const r = categoryPairs(realNoGentooFemaleOnDream, synthetic);
    expect(r.rows).toBe(1);
    expect(r.top.map((p) => p.values)).toEqual([
      ['Gentoo', 'Dream'],
      ['Gentoo', 'female'],
      ['Dream', 'female'],
    ]);
  });

  it('pairs no column of one level, of more than 50 levels, or beyond the first ten', () => {
    const many = Array.from({ length: 60 }, (_, i) => `c${i}`);
    const wide = table(
      cat('constant', Array(60).fill('x')),
      cat('code', many),
      ...Array.from({ length: 12 }, (_, k) => cat(`k${k}`, Array.from({ length: 60 }, (_, i) => (i % 2 ? 'yes' : 'no')))),
    );
    const r = categoryPairs(wide, wide);
    expect(r.columns_checked).toEqual(Array.from({ length: MAX_PAIR_COLUMNS }, (_, k) => `k${k}`));
    expect(r.pairs_checked).toBe(45);
    expect(r.rows).toBe(0);
  });

  it('is part of the diagnostic reply, leaving its overall score as it was', () => {
    const synthetic = table(cat('species', ['Gentoo', 'Adelie']), cat('island', ['Dream', 'Dream']), cat('sex', ['male', 'male']));
    const d = diagnosticReport(real, synthetic);
    expect(d.category_pairs.rows).toBe(1);
    expect(d.category_pairs.of).toBe(2);
    expect(d.overall).toBe(1);
  });

  it('is a line of the HTML report', () => {
    const synthetic = table(cat('species', ['Gentoo', 'Adelie']), cat('island', ['Dream', 'Dream']), cat('sex', ['male', 'male']));
    const doc = buildReport({ real, synthetic, seed: 0, pairAggregate: 'all', disclosure: { quasiIdentifiers: [], sensitive: [], piiColumns: [] } });
    expect(reportHtml('t', doc, [], '')).toContain('<tr><th>Rows with category pairs absent from the real rows</th><td>1 of 2</td><td class="how"></td></tr>');
  });
});
