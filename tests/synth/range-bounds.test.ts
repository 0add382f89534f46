/** A range constraint with min above max holds for no value: malformed, refused by the schema naming it (not "the data breaks it"). */
import { expect, it } from 'vitest';
import { Constraint } from '../../core/synth/constraints.js';

it('refuses min > max, and accepts min = max', () => {
  const bad = Constraint.safeParse({ type: 'range', column: 'x', min: 5000, max: 4000 });
  expect(bad.success).toBe(false);
  expect(bad.error?.issues[0]).toMatchObject({ path: ['min'], message: 'a range needs min ≤ max (min is above max)' });
  expect(Constraint.safeParse({ type: 'range', column: 'x', min: 4, max: 4 }).success).toBe(true);
  expect(Constraint.safeParse({ type: 'range', column: 'x', min: 5000 }).success).toBe(true);
});
