/** The rows a generation's quality summary scores: whole under the cap, else a seeded subsample read a chunk at a time. */
import { afterAll, describe, expect, it } from 'vitest';
import { QUALITY_MAX_ROWS, chunksProgress, scoredFileRows, scoredRowNumbers, scoredRows } from '../../core/generation/quality-rows.js';
import { newDerivedFile, writeTableFile } from '../../core/files/service.js';
import type { FileMeta } from '../../core/files/model.js';
import { takeRows, type Table } from '../../core/table/model.js';
import { testStack } from '../helpers/stack.js';

const table = (rows: number): Table => ({
  rowCount: rows,
  columns: [
    { type: 'integer', name: 'n', values: Float64Array.from({ length: rows }, (_, i) => i) },
    { type: 'categorical', name: 'k', categories: ['a', 'b', 'c'], codes: Int32Array.from({ length: rows }, (_, i) => i % 3) },
  ],
});

describe('scoredRows', () => {
  it('is the table itself up to the cap', () => {
    const t = table(QUALITY_MAX_ROWS);
    expect(scoredRows(t, 1, 'synthetic')).toBe(t);
  });

  it('past the cap: the cap of rows, in order, the same for the same seed, others for another', () => {
    const a = scoredRowNumbers(QUALITY_MAX_ROWS + 1, 7, 'synthetic')!;
    expect(a.length).toBe(QUALITY_MAX_ROWS);
    expect(new Set(a).size).toBe(QUALITY_MAX_ROWS);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect(scoredRowNumbers(QUALITY_MAX_ROWS + 1, 7, 'synthetic')).toEqual(a);
    expect(scoredRowNumbers(QUALITY_MAX_ROWS + 1, 8, 'synthetic')).not.toEqual(a);
    expect(scoredRowNumbers(QUALITY_MAX_ROWS + 1, 7, 'real')).not.toEqual(a);
  });
});

describe('scoredFileRows', () => {
  const stack = testStack();
  afterAll(async () => (await stack).destroy());

  it('reads the picked rows of a file of several chunks, the same rows as the whole table would give', async () => {
    const { services } = await stack;
    const whole = table(250_000);
    const parent = { file_id: 'f_0000000000parent', filename: 'p.csv' } as FileMeta;
    const file = newDerivedFile(parent, 'test', { operation: 'synthesize', details: {} });
    await services.meta.putFile(file);
    await writeTableFile(services, file.file_id, whole, []);
    const cap = 1000;
    const read: number[] = [];
    const { table: picked } = await scoredFileRows(services, file.file_id, 3, cap, async (done) => void read.push(done));
    // A report after each chunk: reading 10 M rows' chunks is half a minute of a job.
    expect(read.length).toBeGreaterThan(1);
    expect(read.at(-1)).toBe(whole.rowCount);
    const expected = takeRows(whole, scoredRowNumbers(whole.rowCount, 3, 'synthetic', cap)!);
    expect(picked.rowCount).toBe(cap);
    expect(Array.from((picked.columns[0] as { values: Float64Array }).values)).toEqual(Array.from((expected.columns[0] as { values: Float64Array }).values));
    const labels = (t: Table) => {
      const c = t.columns[1] as unknown as { categories: string[]; codes: Int32Array };
      return Array.from(c.codes, (code) => c.categories[code]);
    };
    expect(labels(picked)).toEqual(labels(expected));
    // Rows from every chunk, not only the first.
    expect(Math.max(...(picked.columns[0] as { values: Float64Array }).values)).toBeGreaterThan(200_000);
  }, 60_000);
});

describe('chunksProgress', () => {
  it('reports the read between from and to at most once a second by the clock, not at its end', async () => {
    let now = 0;
    const reports: [number, string | undefined][] = [];
    const progress = chunksProgress(async (percent, message) => void reports.push([percent, message]), 10, 50, () => now);
    for (const done of [1e6, 2e6, 3e6, 4e6, 5e6, 10e6]) {
      now += 600;
      await progress(done, 10e6);
    }
    expect(reports).toEqual([
      [18, 'reading the synthetic rows to score: 2 000 000 of 10 000 000'],
      [26, 'reading the synthetic rows to score: 4 000 000 of 10 000 000'],
    ]);
  });
});
