/** The Constraints field's check (web/src/views/constraints-help.ts), in Node: what it says next to the field before a submit. */
import { describe, expect, it } from 'vitest';
import { CONSTRAINT_KINDS, constraintsProblem } from '../../web/src/views/constraints-help.js';

const COLUMNS = ['age', 'fare', 'sex', 'class'];

describe('constraintsProblem', () => {
  it('takes an empty field and lists of every type with their keys', () => {
    expect(constraintsProblem('  ', COLUMNS)).toBeUndefined();
    const all = [
      { type: 'positive', column: 'age', strict: true },
      { type: 'negative', column: 'fare' },
      { type: 'range', column: 'age', min: 0, max: 120 },
      { type: 'inequality', low: 'age', high: 'fare' },
      { type: 'fixed_combinations', columns: ['sex', 'class'] },
      { type: 'unique', columns: ['fare'] },
      { type: 'one_hot', columns: ['sex', 'class'] },
      { type: 'formula', column: 'fare', expression: 'age * 2' },
    ];
    expect(constraintsProblem(JSON.stringify(all), COLUMNS)).toBeUndefined();
    expect(all.map((c) => c.type)).toEqual(CONSTRAINT_KINDS.map((k) => k.type));
  });

  it('says what is wrong in words', () => {
    expect(constraintsProblem('[{"type": "positive"', COLUMNS)).toMatch(/^Not valid JSON: /);
    expect(constraintsProblem('{"type": "positive", "column": "age"}', COLUMNS)).toBe('Constraints must be a JSON list: [ … ], even for one.');
    expect(constraintsProblem('["age"]', COLUMNS)).toBe('Constraint 1 must be an object: {"type": …}.');
    expect(constraintsProblem('[{"type": "between", "column": "age"}]', COLUMNS)).toMatch(/^Constraint 1: unknown type "between"; use one of positive, negative, range, inequality/);
    expect(constraintsProblem('[{"type": "inequality", "low": "age"}]', COLUMNS)).toBe('Constraint 1 (inequality) needs "high".');
    expect(constraintsProblem('[{"type": "range", "column": "age", "low": 0}]', COLUMNS)).toBe('Constraint 1 (range) takes no "low"; its keys are type, column, min, max.');
    // As the API refuses it: a range of neither bound would keep every row.
    expect(constraintsProblem('[{"type": "range", "column": "age"}]', COLUMNS)).toBe('Constraint 1 (range) needs "min" or "max".');
    expect(constraintsProblem('[{"type": "positive", "column": "age"}, {"type": "unique", "columns": ["id"]}]', COLUMNS)).toBe('Constraint 2 (unique): no column named "id" in this file.');
  });
});
