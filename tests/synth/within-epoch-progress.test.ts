/**
 * Neural fits report between an epoch's batches (about once a second), not only between epochs: an
 * epoch on diamonds took 8 s without a word. The reports draw no randomness: the fitted bytes stay.
 */
import { describe, expect, it } from 'vitest';
import { mixedTable } from '../helpers/fixtures.js';
import { CtganParams, ctgan } from '../../core/synth/ctgan.js';
import { TvaeParams, tvae } from '../../core/synth/tvae.js';
import { throttledBatches } from '../../core/synth/neural/run.js';
import type { TrainingRun } from '../../core/synth/synthesizer.js';

const table = mixedTable(300, 1, { withId: true });
/** A clock a second further on at every read: every batch is a second. */
const ticking = () => {
  let t = 0;
  return () => (t += 1000);
};

async function oneEpoch(run: TrainingRun, within?: (fraction: number) => Promise<void>): Promise<Uint8Array> {
  try {
    await run.runEpoch(within, ticking());
    return run.checkpoint();
  } finally {
    run.dispose();
  }
}

describe('progress within an epoch', () => {
  for (const [name, start] of [
    ['ctgan', () => ctgan.trainer!.start(table, CtganParams.parse({ epochs: 1, batch_size: 20, embedding_dim: 8, generator_dim: [16], discriminator_dim: [16] }), 5)],
    ['tvae', () => tvae.trainer!.start(table, TvaeParams.parse({ epochs: 1, batch_size: 20, embedding_dim: 8, compress_dims: [16], decompress_dims: [16] }), 5)],
  ] as const) {
    it(`${name}: one epoch of 15 batches reports its share between them, and fits the same bytes`, async () => {
      const heard: number[] = [];
      const reported = await oneEpoch(await start(), async (f) => void heard.push(f));
      expect(heard.length).toBeGreaterThan(5);
      expect(heard).toEqual([...heard].sort((a, b) => a - b));
      expect(heard.every((f) => f > 0 && f < 1)).toBe(true);
      expect(Buffer.from(reported).equals(Buffer.from(await oneEpoch(await start())))).toBe(true);
    });
  }

  it('stops the epoch when a report throws (a cancel), before its remaining batches', async () => {
    const run = await ctgan.trainer!.start(table, CtganParams.parse({ epochs: 1, batch_size: 20, embedding_dim: 8, generator_dim: [16], discriminator_dim: [16] }), 5);
    let calls = 0;
    const cancelled = new Error('cancelled');
    await expect(oneEpoch(run, async () => { calls++; throw cancelled; })).rejects.toBe(cancelled);
    expect(calls).toBe(1);
    expect(run.epochsDone).toBe(0);
  });

  it('throttles to one report a second by the clock, none after the last batch', async () => {
    let now = 0;
    const heard: number[] = [];
    const hook = throttledBatches(async (f) => void heard.push(f), () => now);
    const waits: unknown[] = [];
    for (let done = 1; done <= 10; done++) {
      now += 400;
      waits.push(hook(done, 10));
      await waits.at(-1);
    }
    expect(heard).toEqual([0.3, 0.6, 0.9]); // at 1.2 s, 2.4 s, 3.6 s
    expect(waits.filter((w) => w !== undefined)).toHaveLength(3);
  });
});
