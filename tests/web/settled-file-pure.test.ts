/** settledFile: a file's record read again in short, bounded polls until it has left its pending statuses. */
import { describe, expect, it } from 'vitest';
import type { FileMeta } from '../../web/src/api.js';
import { settledFile } from '../../web/src/settled-file.js';

const meta = (status: FileMeta['status']) => ({ file_id: 'f_1', status }) as FileMeta;

/** Reads answering `statuses` in turn (the last one again once used up), and the pauses asked for. */
function reads(...statuses: FileMeta['status'][]) {
  const slept: number[] = [];
  let n = 0;
  return {
    read: async () => meta(statuses[Math.min(n++, statuses.length - 1)]!),
    sleep: async (ms: number) => void slept.push(ms),
    slept,
    count: () => n,
  };
}

describe('settledFile', () => {
  it('answers a record already settled at once, without waiting', async () => {
    const r = reads('ready');
    expect((await settledFile(r.read, { sleep: r.sleep }))?.status).toBe('ready');
    expect(r.slept).toEqual([]);
  });

  it('reads again, briefly, until the record is no longer pending', async () => {
    const r = reads('generating', 'generating', 'failed');
    expect((await settledFile(r.read, { sleep: r.sleep, intervalMs: 100 }))?.status).toBe('failed');
    expect(r.slept).toEqual([100, 100]);
  });

  it('gives up after its reads, answering the last', async () => {
    const r = reads('ingesting');
    expect((await settledFile(r.read, { sleep: r.sleep, maxReads: 5 }))?.status).toBe('ingesting');
    expect(r.count()).toBe(5);
  });

  it('stops once no longer wanted (the page was left)', async () => {
    const r = reads('generating');
    let shown = 3;
    await settledFile(r.read, { sleep: r.sleep, wanted: () => shown-- > 0 });
    expect(r.count()).toBe(3);
  });

  it('ends the wait when a read fails', async () => {
    expect(await settledFile(() => Promise.reject(new Error('offline')), { sleep: async () => undefined })).toBeUndefined();
  });
});
