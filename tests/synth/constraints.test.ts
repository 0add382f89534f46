import { describe, expect, it } from 'vitest';
import { checkAgainstReal, checkConditionsAgainstConstraints, checkConditionsAgainstFormulas, checkConstraintTypes, Constraint, parseExpression, sampleWithConstraints } from '../../core/synth/constraints.js';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { Rng } from '../../core/random.js';
import type { CategoricalColumn, NumberColumn, Table } from '../../core/table/model.js';

function real(n: number): Table {
  const rng = Rng.seeded(1);
  const start = Float64Array.from({ length: n }, () => Math.round(rng.uniform() * 100));
  const end = Float64Array.from(start, (s) => s + Math.round(1 + rng.uniform() * 20));
  const city = Int32Array.from({ length: n }, () => rng.int(0, 2));
  const country = Int32Array.from(city, (c) => (c === 2 ? 1 : 0));
  return {
    rowCount: n,
    columns: [
      { type: 'integer', name: 'start', values: start },
      { type: 'integer', name: 'end', values: end },
      { type: 'integer', name: 'length', values: Float64Array.from(start, (s, i) => end[i]! - s) },
      { type: 'categorical', name: 'city', codes: city, categories: ['Paris', 'Lyon', 'Berlin'] },
      { type: 'categorical', name: 'country', codes: country, categories: ['FR', 'DE'] },
    ],
  };
}

const constraints: Constraint[] = [
  { type: 'inequality', low: 'start', high: 'end', strict: true },
  { type: 'range', column: 'start', min: 0, max: 100 },
  { type: 'positive', column: 'length', strict: true },
  { type: 'fixed_combinations', columns: ['city', 'country'] },
  { type: 'formula', column: 'length', expression: 'end - start' },
];

describe('constraints', async () => {
  const table = real(2000);
  const model = await gaussianCopula.fit(table, CopulaParams.parse({}), Rng.seeded(2));

  it('are satisfied by every generated row', async () => {
    const syn = sampleWithConstraints((n, r) => model.sample(n, r), 1000, Rng.seeded(3), constraints, table);
    expect(syn.rowCount).toBe(1000);
    const [start, end, length] = [0, 1, 2].map((i) => (syn.columns[i] as NumberColumn).values);
    const city = (syn.columns[3] as CategoricalColumn).codes;
    const country = (syn.columns[4] as CategoricalColumn).codes;
    for (let r = 0; r < 1000; r++) {
      expect(start![r]!).toBeLessThan(end![r]!);
      expect(length![r]).toBe(end![r]! - start![r]!);
      expect(country[r]).toBe(city[r] === 2 ? 1 : 0);
    }
  });

  it('make unique columns unique', async () => {
    const syn = sampleWithConstraints((n, r) => model.sample(n, r), 50, Rng.seeded(4), [{ type: 'unique', columns: ['start'] }], table);
    expect(new Set((syn.columns[0] as NumberColumn).values).size).toBe(50);
  });

  it('are checked against the real data, and impossible ones fail loudly', async () => {
    expect(() => checkAgainstReal(table, [{ type: 'inequality', low: 'end', high: 'start', strict: false }])).toThrow(/breaks the constraint/);
    expect(() => checkAgainstReal(table, [{ type: 'positive', column: 'city', strict: false }])).toThrow('A positive constraint applies to integer and float columns; city is categorical.');
    expect(() => sampleWithConstraints((n, r) => model.sample(n, r), 100, Rng.seeded(5), [{ type: 'range', column: 'start', min: 1000 }], table)).toThrow(/acceptance/);
  });

  it('hold a formula to the real data, to the column’s written decimals', () => {
    expect(() => checkAgainstReal(table, [{ type: 'formula', column: 'length', expression: 'end - start' }])).not.toThrow();
    // length is not start / 0 (nor anything else it is not) in the data: a 422 before any job runs.
    expect(() => checkAgainstReal(table, [{ type: 'formula', column: 'length', expression: 'start / 0' }])).toThrow(/breaks the constraint/);
    expect(() => checkAgainstReal(table, [{ type: 'formula', column: 'length', expression: 'end - start + 1' }])).toThrow(/breaks the constraint/);
    const cents: Table = {
      rowCount: 2,
      columns: [
        { type: 'float', name: 'net', values: Float64Array.from([10, 3.33]), decimals: 2, fixedDecimals: true },
        { type: 'float', name: 'gross', values: Float64Array.from([11.9, 3.96]), decimals: 2, fixedDecimals: true },
      ],
    };
    expect(() => checkAgainstReal(cents, [{ type: 'formula', column: 'gross', expression: 'net * 1.19' }])).not.toThrow();
  });

  it('never keep a row whose formula has no finite value', () => {
    // Every row divides by zero: none is kept, and the job fails with the acceptance rate.
    expect(() => sampleWithConstraints((n, r) => model.sample(n, r), 200, Rng.seeded(6), [{ type: 'formula', column: 'length', expression: '1 / (start - start)' }], table)).toThrow(/acceptance/);
  });

  it('never keep a row whose formula is 0/0 while every input is present, and refuse a condition on a computed column', () => {
    // 0/0 on every row, with both inputs present: not a missing value but a row the formula cannot compute.
    expect(() => sampleWithConstraints((n, r) => model.sample(n, r), 100, Rng.seeded(7), [{ type: 'formula', column: 'length', expression: '(start - start) / (start - start)' }], table)).toThrow(/acceptance/);
    expect(() => checkConditionsAgainstFormulas([{ type: 'formula', column: 'length', expression: 'end - start' }], ['length'])).toThrow(/computed by a formula/);
    expect(() => checkConditionsAgainstFormulas([{ type: 'formula', column: 'length', expression: 'end - start' }], ['start'])).not.toThrow();
  });

  it('refuse conditions that break them, which no sampled row could then meet', () => {
    const t = real(200);
    const check = (conditions: Record<string, string | number | null>, cs: readonly Constraint[] = constraints) => () => checkConditionsAgainstConstraints(t, cs, conditions);
    expect(check({ start: 50, end: 40 })).toThrow(/break the constraint \{"type":"inequality"/);
    expect(check({ start: 120 })).toThrow(/"type":"range"/);
    expect(check({ city: 'Berlin', country: 'FR' })).toThrow(/"type":"fixed_combinations"/);
    // Values the constraints allow, alone or together, pass; so does one side of an inequality.
    expect(check({ city: 'Berlin', country: 'DE', start: 10 })).not.toThrow();
    expect(check({ end: 5 })).not.toThrow();
    const hot: Table = {
      rowCount: 2,
      columns: ['a', 'b', 'c'].map((name, k): NumberColumn => ({ type: 'integer', name, values: Float64Array.of(k === 0 ? 1 : 0, k === 1 ? 1 : 0) })),
    };
    const oneHot: Constraint[] = [{ type: 'one_hot', columns: ['a', 'b', 'c'] }];
    expect(() => checkConditionsAgainstConstraints(hot, oneHot, { a: 1, b: 1 })).toThrow(/one_hot/);
    expect(() => checkConditionsAgainstConstraints(hot, oneHot, { a: 0, b: 0, c: 0 })).toThrow(/one_hot/);
    expect(() => checkConditionsAgainstConstraints(hot, oneHot, { a: 0, b: 0 })).not.toThrow();
  });

  it('refuse misspelt keys instead of ignoring them', () => {
    expect(Constraint.safeParse({ type: 'range', column: 'start', low: 0, high: 10 }).success).toBe(false);
    // Neither bound would keep every row: a bound left out, refused rather than done nothing with.
    const unbounded = Constraint.safeParse({ type: 'range', column: 'start' });
    expect(unbounded.success).toBe(false);
    expect(unbounded.error?.issues[0]?.message).toBe('a range needs min or max');
    expect(Constraint.safeParse({ type: 'range', column: 'start', max: 10 }).success).toBe(true);
  });

  it('parse formulas safely', async () => {
    expect(() => parseExpression('a + (b * 2')).toThrow();
    expect(() => parseExpression('process.exit()')).toThrow();
    expect(parseExpression('`my col` / 2 - -1').kind).toBe('op');
  });
});

describe('constraint columns', () => {
  it('refuse a column named twice: a combination, a key or a one-hot group of one column is no rule', () => {
    for (const type of ['fixed_combinations', 'unique', 'one_hot'] as const) {
      const parsed = Constraint.safeParse({ type, columns: ['a', 'a', 'b'] });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('a given more than once');
    }
    expect(Constraint.safeParse({ type: 'fixed_combinations', columns: ['a', 'b'] }).success).toBe(true);
  });
});

describe('sign constraints on a datetime column', () => {
  // Every date after 1970 is a positive number of milliseconds: the constraint would pass and mean nothing.
  const dates: Table = { rowCount: 2, columns: [{ type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: Float64Array.of(Date.UTC(2023, 4, 5), Date.UTC(2024, 0, 1)) }] };
  const says = `A positive constraint applies to integer and float columns; d is datetime.`;

  it('are refused up front, from the column types alone', () => {
    expect(() => checkConstraintTypes([{ type: 'positive', column: 'd', strict: false }], () => 'datetime')).toThrow(says);
    expect(() => checkConstraintTypes([{ type: 'negative', column: 'd', strict: true }], () => 'datetime')).toThrow('A negative constraint applies to integer and float columns; d is datetime.');
    expect(() => checkConstraintTypes([{ type: 'positive', column: 'n', strict: false }], () => 'float')).not.toThrow();
    // An unknown column is reported by the checks that read the data.
    expect(() => checkConstraintTypes([{ type: 'positive', column: 'zz', strict: false }], () => undefined)).not.toThrow();
  });

  it('are refused against the data too (the job checks a large source there)', () => {
    expect(() => checkAgainstReal(dates, [{ type: 'positive', column: 'd', strict: false }])).toThrow(says);
  });
});
