/** The request-time check of conditions on datetime columns (core/generation/conditions.ts), without a stack. */
import { describe, expect, it } from 'vitest';
import { numberColumnsConditioned, validateConditions, type ConditionSupport } from '../../core/generation/conditions.js';
import type { ColumnInfo } from '../../core/files/model.js';
import type { CategoricalColumn } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const columns: ColumnInfo[] = [{ name: 'd', type: 'datetime', format: 'DD/MM/YYYY', missing: 0 }];
const copula: ConditionSupport = { generator: 'gaussian_copula', capabilities: { conditional: true, numericConditions: true }, enforcesBounds: true };
const range = new Map([['d', { min: day('2020-01-01'), max: day('2020-12-31') }]]);

const problem = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ProblemError) return e.detail;
    throw e;
  }
  return 'no problem';
};

describe('datetime conditions', () => {
  it('take a date in the column format and hand the generator the instant', () => {
    expect(validateConditions({ d: '02/01/2020' }, columns, copula, range)).toEqual({ d: day('2020-01-02') });
  });

  it('read a number as epoch milliseconds, as the API writes date conditions, and refuse one outside the dates with an example in the format', () => {
    expect(validateConditions({ d: day('2020-03-04') }, columns, copula, range)).toEqual({ d: day('2020-03-04') });
    // 20230505 meant as a date is 1970-01-01T05:37Z: refused whether or not the generator keeps to the range.
    const unbounded: ConditionSupport = { ...copula, enforcesBounds: false };
    expect(problem(() => validateConditions({ d: 20230505 }, columns, unbounded, range))).toBe(
      `Invalid conditions: d = 20230505 is read as epoch milliseconds, 1970-01-01T05:37:10.505Z, outside the source's dates; write a date in the column's format, DD/MM/YYYY (e.g. "05/03/2024"), or epoch milliseconds within its range.`,
    );
  });

  it('read a number on an epoch column as milliseconds too, and its text in the column\'s unit', () => {
    const seconds: ColumnInfo[] = [{ name: 't', type: 'datetime', format: 'epoch_s', missing: 0 }];
    const unbounded: ConditionSupport = { ...copula, enforcesBounds: false };
    expect(validateConditions({ t: 1700000000000 }, seconds, unbounded)).toEqual({ t: 1700000000 * 1000 });
    expect(validateConditions({ t: '1700000000' }, seconds, unbounded)).toEqual({ t: 1700000000 * 1000 });
  });

  it('refuse at once what the job would refuse later: another format, a boolean, a date outside the range', () => {
    expect(problem(() => validateConditions({ d: '2020-01-02' }, columns, copula, range))).toContain("write a date in the column's format, DD/MM/YYYY");
    expect(problem(() => validateConditions({ d: true }, columns, copula, range))).toContain('DD/MM/YYYY');
    expect(problem(() => validateConditions({ d: '01/01/2021' }, columns, copula, range))).toContain('outside the source range');
  });
});

describe('number conditions', () => {
  const floats: ColumnInfo[] = [{ name: 'x', type: 'float', decimals: 1, missing: 0 }, { name: 'y', type: 'float', missing: 0 }];
  const unbounded: ConditionSupport = { ...copula, enforcesBounds: false };

  it('refuse more decimals than the column is written with, which the output would round away', () => {
    expect(problem(() => validateConditions({ x: 40.25 }, floats, unbounded))).toContain("x = 40.25 has more decimals than the column's 1");
    expect(validateConditions({ x: 40.2 }, floats, unbounded)).toEqual({ x: 40.2 });
    expect(validateConditions({ x: 40 }, floats, unbounded)).toEqual({ x: 40 });
    // Past 15 decimals the output is not rounded, so nothing is refused for them.
    expect(validateConditions({ z: 0.30000000000000004 }, [{ name: 'z', type: 'float', decimals: 16, missing: 0 }], unbounded)).toEqual({ z: 0.30000000000000004 });
    // A column stored before decimals were recorded takes any number, as before.
    expect(validateConditions({ y: 40.123 }, floats, unbounded)).toEqual({ y: 40.123 });
  });

  it('refuse null on a number column for a generator that conditions on categories only', () => {
    const withMissing: ColumnInfo[] = [{ name: 'n', type: 'integer', missing: 3 }];
    const categoriesOnly: ConditionSupport = { generator: 'ctgan', capabilities: { conditional: true, numericConditions: false }, enforcesBounds: false };
    expect(problem(() => validateConditions({ n: null }, withMissing, categoriesOnly))).toContain('the ctgan generator conditions on categorical and boolean columns only, and n is integer');
    expect(validateConditions({ n: null }, withMissing, unbounded)).toEqual({ n: null });
  });

  it('refuse a value a column of few values never took, when the generator models it by its values', () => {
    const few: ColumnInfo[] = [{ name: 'k', type: 'integer', distinct: 3, missing: 0 }];
    const byValues: ConditionSupport = { ...unbounded, discreteThreshold: 20 };
    const ranges = new Map([['k', { min: 1, max: 5, values: new Set([1, 3, 5]) }]]);
    expect(numberColumnsConditioned({ k: 2 }, few, byValues)).toEqual(['k']);
    expect(numberColumnsConditioned({ k: 2 }, few, unbounded)).toEqual([]);
    expect(problem(() => validateConditions({ k: 2 }, few, byValues, ranges))).toContain('k = 2: the generator models this column by its 3 values seen');
    expect(validateConditions({ k: 3 }, few, byValues, ranges)).toEqual({ k: 3 });
  });
});

describe('boolean conditions', () => {
  const flags: ColumnInfo[] = [{ name: 'TF', type: 'boolean', categories: ['FALSE', 'TRUE'], missing: 0 }];
  it('take a spelling of the column or JSON true/false, and say which when given neither', () => {
    expect(validateConditions({ TF: true }, flags, copula)).toEqual({ TF: 'TRUE' });
    expect(validateConditions({ TF: 'FALSE' }, flags, copula)).toEqual({ TF: 'FALSE' });
    expect(problem(() => validateConditions({ TF: 'true' }, flags, copula))).toContain('TF = "true": the data has no such value (it has "FALSE" and "TRUE"; or give JSON true or false, unquoted)');
  });
});

describe('categorical conditions', () => {
  it('name the valid categories when one is not found: all of up to 20, else how many and a few', () => {
    const few: ColumnInfo[] = [{ name: 'k', type: 'categorical', categories: ['x', 'y, z'], missing: 0 }];
    expect(problem(() => validateConditions({ k: 'w' }, few, copula))).toBe('Invalid conditions: k = "w": the data has no such category; valid values: "x", "y, z".');
    const many: ColumnInfo[] = [{ name: 'k', type: 'categorical', categories: Array.from({ length: 21 }, (_, i) => `v${i}`), missing: 0 }];
    expect(problem(() => validateConditions({ k: 'w' }, many, copula))).toBe('Invalid conditions: k = "w": the data has no such category; it has 21, e.g. "v0", "v1", "v2", "v3", "v4".');
  });
  const codes: ColumnInfo[] = [{ name: 'k', type: 'categorical', categories: ['1', '2', 'A'], missing: 0 }];
  it('hand the generator the label a number matches, so every generator finds it', async () => {
    expect(validateConditions({ k: 1 }, codes, copula)).toEqual({ k: '1' });
    expect(problem(() => validateConditions({ k: 3 }, codes, copula))).toContain('k = 3: the data has no such category');
    const { readCsvTable } = await import('../../core/table/csv.js');
    const { findSynthesizer } = await import('../../core/synth/registry.js');
    const { Rng } = await import('../../core/random.js');
    const { table } = await readCsvTable(`k,x\n${Array.from({ length: 30 }, (_, i) => `${['1', '2', 'A'][i % 3]},${i}`).join('\n')}\n`);
    const model = await findSynthesizer('gaussian_copula').fit(table, {}, Rng.seeded(0));
    const out = model.sample(5, Rng.seeded(1), validateConditions({ k: 1 }, codes, copula));
    const k = out.columns[0] as CategoricalColumn;
    expect([...k.codes].map((c) => k.categories[c])).toEqual(['1', '1', '1', '1', '1']);
  });
});

describe('conditions a stored model meets by what it computes', () => {
  it('take a number for a calendar part or a one-hot flag even from a generator of categories only', () => {
    const parts: ColumnInfo[] = [
      { name: 'month', type: 'integer', missing: 0 },
      { name: 'amount', type: 'float', missing: 0 },
    ];
    const ctgan: ConditionSupport = { generator: 'ctgan', capabilities: { conditional: true, numericConditions: false }, enforcesBounds: false };
    expect(problem(() => validateConditions({ month: 3 }, parts, ctgan))).toContain('the ctgan generator conditions on categorical and boolean columns only');
    expect(validateConditions({ month: 3 }, parts, { ...ctgan, computedByModel: new Set(['month']) })).toEqual({ month: 3 });
    expect(problem(() => validateConditions({ amount: 3 }, parts, { ...ctgan, computedByModel: new Set(['month']) }))).toContain('categorical and boolean columns only');
  });
});

describe('a refusal of conditions', () => {
  it('names the offending conditioned columns in `columns`, not the file\'s', () => {
    const x: ColumnInfo[] = [{ name: 'x', type: 'integer', missing: 0 }];
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof ProblemError) return e.extensions.columns;
        throw e;
      }
      return 'no problem';
    };
    expect(refused(() => validateConditions({ nope: 5 }, x, copula))).toEqual(['nope']);
    expect(refused(() => validateConditions({ x: 1, nope: 5 }, x, copula))).toEqual(['nope']);
    // A generator that cannot condition at all refuses every conditioned column.
    expect(refused(() => validateConditions({ x: 1 }, x, { ...copula, generator: 'privbayes', capabilities: { conditional: false, numericConditions: false } }))).toEqual(['x']);
  });
});
