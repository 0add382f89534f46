/**
 * The sample step's writing progress: percent within the step's share of the bar, rows counted on
 * the line, at most one job write a second by the injected clock (and each pass's end always), and
 * a cancel its write finds stops the writing.
 */
import { describe, expect, it } from 'vitest';
import { groupedCount, rowsProgress, type WritePass } from '../../core/generation/sample-progress.js';

function recorder() {
  const written: { percent: number; message: string | undefined }[] = [];
  return { written, report: async (percent: number, message?: string) => void written.push({ percent, message }) };
}

/** writeTableFile's calls for `rows` rows: columnar chunks of `chunk`, then CSV pieces of `piece` (after the header's 0). */
function writeCalls(rows: number, chunk: number, piece: number): [number, WritePass, number][] {
  const calls: [number, WritePass, number][] = [];
  for (let end = Math.min(chunk, rows); ; end = Math.min(end + chunk, rows)) {
    calls.push([(0.2 * end) / rows, 'columnar', end]);
    if (end >= rows) break;
  }
  for (let done = 0; ; done = Math.min(done + piece, rows)) {
    calls.push([0.2 + (0.8 * done) / rows, 'csv', done]);
    if (done >= rows) break;
  }
  return calls;
}

describe('groupedCount', () => {
  it('groups digits by threes', () => {
    expect([0, 999, 1000, 400_000, 2_000_000, 12_345_678].map(groupedCount)).toEqual(['0', '999', '1 000', '400 000', '2 000 000', '12 345 678']);
  });
});

describe('rowsProgress', () => {
  it('writes once a second by the clock, and each pass\'s end, with percent in its share and rows on the line', async () => {
    const { written, report } = recorder();
    let now = 0;
    const onWritten = rowsProgress(report, { rows: 2_000_000, from: 62, to: 89, intervalMs: 1000, clock: () => now });
    // Each call 300 ms after the last: 20 columnar chunks, then 21 CSV calls.
    for (const call of writeCalls(2_000_000, 100_000, 100_000)) {
      await onWritten(...call);
      now += 300;
    }
    // 41 calls over 12.3 s: at most one a second, plus the two pass ends.
    expect(written.length).toBeLessThanOrEqual(13 + 2);
    expect(written.length).toBeGreaterThanOrEqual(10);
    expect(written[0]).toEqual({ percent: 62, message: 'writing rows 100 000 of 2 000 000' });
    expect(written).toContainEqual({ percent: 67, message: 'writing rows 2 000 000 of 2 000 000' });
    expect(written.at(-1)).toEqual({ percent: 89, message: 'writing the CSV: rows 2 000 000 of 2 000 000' });
    const percents = written.map((w) => w.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    for (const w of written) {
      expect(w.percent).toBeGreaterThanOrEqual(62);
      expect(w.percent).toBeLessThanOrEqual(89);
      expect(w.message).toMatch(/^writing (the CSV: )?rows [\d ]+ of 2 000 000$/);
    }
  });

  it('writes every call when they are a second apart, and none twice in the same second mid-pass', async () => {
    const { written, report } = recorder();
    let now = 0;
    const onWritten = rowsProgress(report, { rows: 500_000, from: 62, to: 89, intervalMs: 1000, clock: () => now });
    await onWritten(0.04, 'columnar', 100_000);
    await onWritten(0.08, 'columnar', 200_000); // same instant: held back
    now += 1000;
    await onWritten(0.12, 'columnar', 300_000);
    expect(written.map((w) => w.message)).toEqual(['writing rows 100 000 of 500 000', 'writing rows 300 000 of 500 000']);
  });

  it('never moves the bar back, and says nothing new once', async () => {
    const { written, report } = recorder();
    const onWritten = rowsProgress(report, { rows: 10, from: 62, to: 89, intervalMs: 0, clock: () => 0 });
    await onWritten(0.2, 'columnar', 10);
    await onWritten(0.2, 'columnar', 10);
    await onWritten(0.1, 'csv', 0); // a share that went back (it must not)
    expect(written).toEqual([
      { percent: 67, message: 'writing rows 10 of 10' },
      { percent: 67, message: 'writing the CSV: rows 0 of 10' },
    ]);
  });

  it('throws what the write threw (a cancel), so the writing stops there', async () => {
    const cancelled = new Error('cancelled');
    const onWritten = rowsProgress(async () => Promise.reject(cancelled), { rows: 300_000, from: 62, to: 89, intervalMs: 1000, clock: () => 0 });
    await expect(onWritten(0.2 / 3, 'columnar', 100_000)).rejects.toBe(cancelled);
  });
});
