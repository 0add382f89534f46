/**
 * Fit progress reaches the job record while the fit runs: the preparation before the first epoch
 * reports column by column, and epoch reports are not starved by a training loop whose awaits never
 * reach the event loop (the bar once sat at its first epoch until training ended).
 */
import { describe, expect, it } from 'vitest';
import { preparingProgress, throttledProgress } from '../../core/generation/progress.js';

/** A report that, like a write to a store, completes only once the event loop runs. */
function recordingReport() {
  const landed: { percent: number; message?: string | undefined; duringEpoch: number }[] = [];
  let epoch = 0;
  const report = (percent: number, message?: string) =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        landed.push({ percent, message, duringEpoch: epoch });
        resolve();
      }, 0),
    );
  return { landed, report, setEpoch: (e: number) => (epoch = e) };
}

/** An epoch of synchronous work that yields only to microtasks, as an epoch of tensor work can. */
async function busyEpoch(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until);
  await Promise.resolve();
}

describe('fit progress', () => {
  it('gets epoch reports out while a loop that never yields to the event loop trains', async () => {
    const { landed, report, setEpoch } = recordingReport();
    const progress = throttledProgress(report);
    const epochs = 6;
    for (let e = 1; e <= epochs; e++) {
      setEpoch(e);
      await busyEpoch(400);
      progress.onProgress(e / epochs, `epoch ${e}/${epochs}`, { epoch: e });
      await progress.unstalled();
    }
    setEpoch(epochs + 1); // training over
    await progress.flushed();
    const duringTraining = landed.filter((w) => w.duringEpoch <= epochs);
    // Without waiting for stalled writes, every one would land after the last epoch.
    expect(duringTraining.length).toBeGreaterThanOrEqual(2);
    expect(landed.map((w) => w.percent)).toEqual([...landed.map((w) => w.percent)].sort((a, b) => a - b));
    expect(landed.at(-1)?.percent).toBe(95);
  });

  it('gets each slow epoch\'s report out before the next epoch runs', async () => {
    const { landed, report, setEpoch } = recordingReport();
    const progress = throttledProgress(report);
    for (let e = 1; e <= 3; e++) {
      setEpoch(e);
      await busyEpoch(1100);
      progress.onProgress(e / 3, `epoch ${e}/3`, { epoch: e });
      await progress.unstalled();
    }
    expect(landed.map((w) => [w.message, w.duringEpoch])).toEqual([
      ['epoch 1/3', 1],
      ['epoch 2/3', 2],
      ['epoch 3/3', 3],
    ]);
  });

  it('stops training at the epoch whose report found the job cancelled', async () => {
    const cancelled = new Error('cancelled');
    const progress = throttledProgress(() => new Promise((_, reject) => setTimeout(() => reject(cancelled), 0)));
    let epochsRun = 0;
    const train = async () => {
      for (let e = 1; e <= 5; e++) {
        await busyEpoch(1100);
        epochsRun = e;
        progress.onProgress(e / 5, `epoch ${e}/5`, { epoch: e });
        await progress.unstalled();
      }
    };
    await expect(train()).rejects.toBe(cancelled);
    expect(epochsRun).toBe(1);
  });

  it('reports the preparation between 1 and 5 %, always its last column', async () => {
    const { landed, report } = recordingReport();
    const prepare = preparingProgress(report);
    for (let done = 1; done <= 4; done++) await prepare(done, 4, `column ${done} of 4`);
    expect(landed[0]).toMatchObject({ percent: 2, message: 'column 1 of 4' });
    expect(landed.at(-1)).toMatchObject({ percent: 5, message: 'column 4 of 4' });
    expect(landed.every((w) => w.percent >= 1 && w.percent <= 5)).toBe(true);
    // A fit that starts over says so.
    const again = recordingReport();
    await preparingProgress(again.report, true)(1, 1, 'column 1 of 1');
    expect(again.landed[0]?.message).toBe('started again after a restart: column 1 of 1');
  });
});
