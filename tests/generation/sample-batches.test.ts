/**
 * Large samples drawn in fixed batches: a request of at most one batch is the one call it was, the
 * batches are sized by the row count alone (the same seed, the same bytes), progress between them is
 * monotone and throttled by the injected clock, a cancel a report throws stops the drawing, ids drawn
 * unique stay unique across batches, and a copula drawn in batches has the shapes of one drawn in one pass.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchSizes, sampleInBatches } from '../../core/generation/sample-batches.js';
import { rowsProgress } from '../../core/generation/sample-progress.js';
import { Rng } from '../../core/random.js';
import { ksStatistic } from '../../core/stats/ks.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { columnLabels, numbersOf, type Table } from '../../core/table/model.js';
import { dataset } from '../helpers/stack.js';

/** A drawer of one float column of uniform draws, recording the rows of each call. */
function countingDraw() {
  const calls: number[] = [];
  const draw = (rows: number, rng: Rng): Table => {
    calls.push(rows);
    return { rowCount: rows, columns: [{ type: 'float', name: 'x', values: Float64Array.from({ length: rows }, () => rng.uniform()) }] };
  };
  return { calls, draw };
}

const csvOf = (t: Table) => writeCsv(t);

async function penguinsModel() {
  const { table } = await readCsvTable(readFileSync(dataset('penguins.csv')));
  return { table, model: await gaussianCopula.fit(table, gaussianCopula.params.parse({}), Rng.seeded(1)) };
}

describe('batchSizes', () => {
  it('cuts full batches, then the rest', () => {
    expect(batchSizes(250, 100)).toEqual([100, 100, 50]);
    expect(batchSizes(200, 100)).toEqual([100, 100]);
    expect(batchSizes(99, 100)).toEqual([99]);
    expect(batchSizes(0, 100)).toEqual([]);
  });
});

describe('sampleInBatches', () => {
  it('draws a request of at most one batch in one call, giving the bytes one call gives', async () => {
    const { model } = await penguinsModel();
    for (const rows of [0, 1, 300, 1000]) {
      const batched = await sampleInBatches((n, r) => model.sample(n, r), rows, Rng.derived(3, 'sample'), { batchRows: 1000, onBatch: async () => expect.unreachable() });
      expect(csvOf(batched)).toBe(csvOf(model.sample(rows, Rng.derived(3, 'sample'))));
    }
    const { calls, draw } = countingDraw();
    await sampleInBatches(draw, 1000, Rng.seeded(1), { batchRows: 1000 });
    expect(calls).toEqual([1000]);
  });

  it('draws larger requests in batches sized by the row count, the same seed giving the same bytes', async () => {
    const { calls, draw } = countingDraw();
    const first = await sampleInBatches(draw, 2500, Rng.seeded(7), { batchRows: 1000 });
    expect(calls).toEqual([1000, 1000, 500]);
    expect(first.rowCount).toBe(2500);
    const again = await sampleInBatches(draw, 2500, Rng.seeded(7), { batchRows: 1000 });
    expect(csvOf(again)).toBe(csvOf(first));
  });

  it('reports between batches, monotone and at most once a second by the clock, the last batch always', async () => {
    const written: { percent: number; message?: string }[] = [];
    let now = 0;
    const progress = rowsProgress(async (percent, message) => void written.push({ percent, message }), { rows: 2000, from: 10, to: 60, intervalMs: 1000, clock: () => now });
    const { draw } = countingDraw();
    // Each batch "takes" 300 ms: a report every fourth batch or so, and the end.
    await sampleInBatches(
      (n, r) => {
        now += 300;
        return draw(n, r);
      },
      2000,
      Rng.seeded(1),
      { batchRows: 100, onBatch: (done) => progress(done / 2000, 'sampling', done) },
    );
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written.length).toBeLessThanOrEqual(8);
    expect(written[0]).toEqual({ percent: 12, message: 'sampling rows 100 of 2 000' });
    expect(written.at(-1)).toEqual({ percent: 60, message: 'sampling rows 2 000 of 2 000' });
    const percents = written.map((w) => w.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const counts = written.map((w) => Number(/rows ([\d ]+) of/.exec(w.message!)![1]!.replace(/ /g, '')));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it('stops drawing when a report throws (a cancel)', async () => {
    const { calls, draw } = countingDraw();
    const cancelled = new Error('cancelled');
    await expect(
      sampleInBatches(draw, 1000, Rng.seeded(1), {
        batchRows: 100,
        onBatch: async (done) => {
          if (done >= 300) throw cancelled;
        },
      }),
    ).rejects.toBe(cancelled);
    expect(calls).toEqual([100, 100, 100]);
  });

  it('keeps ids drawn unique across batches, and leaves ids of repeating levels as drawn', async () => {
    // Every batch draws the same few distinct ids (unique within it), and a column of two repeating levels.
    const draw = (rows: number): Table => ({
      rowCount: rows,
      columns: [
        { type: 'id', name: 'key', values: Array.from({ length: rows }, (_, r) => (r === 1 ? null : `k${r}`)) },
        { type: 'id', name: 'shop', values: Array.from({ length: rows }, (_, r) => `s${r % 2}`) },
      ],
    });
    const out = await sampleInBatches(draw, 10, Rng.seeded(1), { batchRows: 4 });
    const [key, shop] = out.columns.map((c) => columnLabels(c));
    const present = key!.filter((v) => v !== null);
    expect(new Set(present).size).toBe(present.length);
    expect(key!.slice(0, 4)).toEqual(['k0', null, 'k2', 'k3']);
    expect(key![4]).toBe('k0-4');
    expect(key!.filter((v) => v === null)).toHaveLength(3);
    expect(shop).toEqual(Array.from({ length: 10 }, (_, r) => `s${(r % 4) % 2}`));
  });
});

describe('a copula drawn in batches', () => {
  it('has the column shapes of one drawn in one pass, within sampling noise', async () => {
    const { table, model } = await penguinsModel();
    const rows = 20_000;
    const batched = await sampleInBatches((n, r) => model.sample(n, r), rows, Rng.seeded(11), { batchRows: 1500 });
    const whole = model.sample(rows, Rng.seeded(12));
    expect(batched.rowCount).toBe(rows);
    for (const column of table.columns) {
      const a = batched.columns.find((c) => c.name === column.name)!;
      const b = whole.columns.find((c) => c.name === column.name)!;
      const [x, y] = [numbersOf(a), numbersOf(b)];
      if (x && y) {
        const sorted = (v: Float64Array) => Float64Array.from(v.filter((n) => !Number.isNaN(n))).sort();
        // Two-sample KS at n = m = 20 000: 0.019 is the 0.1 % critical value.
        expect(ksStatistic(sorted(x), sorted(y)), column.name).toBeLessThan(0.02);
      } else {
        // Each level's share, within 0.015 (several standard errors at 20 000 rows).
        const shares = (labels: (string | null)[]) => labels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1 / rows), new Map<string | null, number>());
        const [sa, sb] = [shares(columnLabels(a)), shares(columnLabels(b))];
        for (const level of new Set([...sa.keys(), ...sb.keys()])) expect(Math.abs((sa.get(level) ?? 0) - (sb.get(level) ?? 0)), `${column.name}=${level}`).toBeLessThan(0.015);
      }
    }
  });
});
