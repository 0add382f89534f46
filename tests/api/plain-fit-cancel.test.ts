/**
 * A fit of plain computation (PrivBayes, the copula) reaches no point where it could notice a
 * cancel: on the local stack its step is stopped with its worker thread when its job is cancelled
 * or its source deleted, so the job ends at once and frees its fit slot for the next job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

/** 200 rows × 1 500 number columns: a PrivBayes fit of minutes on two cores. */
function wideCsv(): string {
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const header = Array.from({ length: 1500 }, (_, j) => `c${j}`).join(',');
  return header + '\n' + Array.from({ length: 200 }, () => Array.from({ length: 1500 }, () => (next() * 8).toFixed(2)).join(',')).join('\n') + '\n';
}

const upload = async (name: string, text: string) => (await uploadDirect<FileMeta>(stack.url, name, text)).json;
const generate = (fileId: string, generator: string) => call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: fileId, generator, seed: 1 } });

describe('stopping a plain fit', () => {
  it('ends a cancelled PrivBayes fit within seconds, its output failed', async () => {
    const wide = await upload('wide.csv', wideCsv());
    const started = await generate(wide.file_id, 'privbayes');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await call(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`)).status).toBe(202);
    expect((await jobEnded(stack.url, started.json.job_id, 60_000)).status).toBe('cancelled');
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json.status).toBe('failed');
  }, 120_000);

  it('frees the fit slots of fits whose source was deleted: a small job after them finishes', async () => {
    const wide = await upload('wide2.csv', wideCsv());
    // As many long fits as there are fit slots (two on two cores), then the source goes.
    const long = await Promise.all([generate(wide.file_id, 'privbayes'), generate(wide.file_id, 'privbayes')]);
    expect(long.every((r) => r.status === 202)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await call(stack.url, 'DELETE', `/files/${wide.file_id}`)).status).toBe(204);
    const small = await upload('small.csv', 'a,b\n' + Array.from({ length: 60 }, (_, i) => `${i},${'xy'[i % 2]}`).join('\n') + '\n');
    const quick = await generate(small.file_id, 'gaussian_copula');
    expect((await jobEnded(stack.url, quick.json.job_id, 60_000)).status).toBe('succeeded');
  }, 120_000);
});
