/**
 * Constraints' rounds drawn in batches: a request of at most one batch gives what one call per round
 * gives; larger ones keep exactly the rows the rounds judged whole keep (each row is judged alone, and
 * a unique constraint's values are remembered across batches), report the rows kept between batches,
 * and stop drawing at a cancel.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { sampleWithConstraints, sampleWithConstraintsInBatches, type Constraint } from '../../core/synth/constraints.js';
import { writeCsv } from '../../core/table/csv.js';
import type { Table } from '../../core/table/model.js';

/** Rows drawn one after another from the rng (so batches of a draw are the draw cut up), recording each call's rows. */
function rowDraw() {
  const calls: number[] = [];
  const draw = (rows: number, rng: Rng): Table => {
    calls.push(rows);
    const x = Float64Array.from({ length: rows }, () => rng.uniform());
    return {
      rowCount: rows,
      columns: [
        { type: 'float', name: 'x', values: x },
        // Few values: the unique constraint on it turns rows away across batches and rounds.
        { type: 'integer', name: 'k', values: Float64Array.from(x, (v) => Math.floor(v * 5000)) },
      ],
    };
  };
  return { calls, draw };
}

const real: Table = {
  rowCount: 2,
  columns: [
    { type: 'float', name: 'x', values: Float64Array.from([0.6, 0.9]) },
    { type: 'integer', name: 'k', values: Float64Array.from([1, 2]) },
  ],
};
const constraints: Constraint[] = [
  { type: 'range', column: 'x', min: 0.5 },
  { type: 'unique', columns: ['k'] },
];

describe('sampleWithConstraintsInBatches', () => {
  it('gives what one call per round gives for a request of at most one batch', async () => {
    const batched = await sampleWithConstraintsInBatches(rowDraw().draw, 1000, Rng.seeded(4), constraints, real, { batchRows: 1000, onRows: async () => expect.unreachable() });
    expect(writeCsv(batched)).toBe(writeCsv(sampleWithConstraints(rowDraw().draw, 1000, Rng.seeded(4), constraints, real)));
  });

  it('keeps the rows the rounds judged whole keep, unique across batches, reporting the rows kept', async () => {
    const whole = rowDraw();
    const expected = sampleWithConstraints(whole.draw, 2400, Rng.seeded(5), constraints, real);
    // Rounds of 2 896 rows and more (half kept, some repeats), each one call.
    expect(whole.calls.length).toBeGreaterThan(1);
    const cut = rowDraw();
    const kept: number[] = [];
    const batched = await sampleWithConstraintsInBatches(cut.draw, 2400, Rng.seeded(5), constraints, real, { batchRows: 500, onRows: async (n) => void kept.push(n) });
    expect(writeCsv(batched)).toBe(writeCsv(expected));
    expect(new Set(batched.columns[1]!.type === 'integer' ? batched.columns[1]!.values : []).size).toBe(2400);
    expect(Math.max(...cut.calls)).toBe(500);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept.at(-1)).toBe(2400);
    // The last round stops drawing once enough rows are kept.
    expect(cut.calls.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(whole.calls.reduce((a, b) => a + b, 0));
  });

  it('joins the batches through `join`, and stops drawing when a report throws (a cancel)', async () => {
    const joined: number[] = [];
    await sampleWithConstraintsInBatches(rowDraw().draw, 2400, Rng.seeded(5), constraints, real, {
      batchRows: 500,
      join: (parts) => {
        joined.push(parts.length);
        return parts[0]!;
      },
    });
    expect(joined[0]).toBeGreaterThan(4);
    const { calls, draw } = rowDraw();
    const cancelled = new Error('cancelled');
    const drawing = sampleWithConstraintsInBatches(draw, 2400, Rng.seeded(5), constraints, real, {
      batchRows: 500,
      onRows: async (n) => {
        if (n >= 400) throw cancelled;
      },
    });
    await expect(drawing).rejects.toBe(cancelled);
    expect(calls).toEqual([500, 500]);
  });
});
