/**
 * A network's sampling is slower than the copula's, so a CTGAN job draws in batches of its own
 * (10 000 rows, registry.ts) with no override: sampling 20 000 rows reports twice, not once at the
 * end, and the same seed still gives the same bytes. Every progress write is seen
 * (TABMIMIC_SAMPLE_PROGRESS_MS = 0) and recorded by wrapping the stack's store (`steps: 'inline'`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { JobProgress } from '../../core/jobs/model.js';
import { call, dataset, downloaded, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';
import { recordProgress } from '../helpers/progress-log.js';
import { savedEnv } from '../helpers/env.js';

type Started = { job_id: string; generated_file_id: string };

const restoreEnv = savedEnv('TABMIMIC_SAMPLE_BATCH_ROWS', 'TABMIMIC_SAMPLE_PROGRESS_MS');

let stack: TestStack;
let penguins: FileMeta;
let progressOf: Map<string, JobProgress[]>;

beforeAll(async () => {
  delete process.env.TABMIMIC_SAMPLE_BATCH_ROWS;
  process.env.TABMIMIC_SAMPLE_PROGRESS_MS = '0';
  stack = await testStack(undefined, { steps: 'inline' });
  progressOf = recordProgress(stack.services.meta);
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', readFileSync(dataset('penguins.csv')))).json;
}, 60_000);
afterAll(async () => {
  restoreEnv();
  await stack?.destroy();
});

describe('a network sampled in its own batches', () => {
  it('reports rows drawn while CTGAN samples 20 000 rows, the same seed giving the same bytes', async () => {
    const fit = await call<Started & { model_id: string }>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: penguins.file_id, generator: 'ctgan', seed: 4, params: { epochs: 1 } } });
    expect(fit.status).toBe(202);
    expect((await jobEnded(stack.url, fit.json.job_id)).status).toBe('succeeded');
    const sample = () => call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 20_000, seed: 4 } });

    const first = await sample();
    expect(first.status).toBe(202);
    expect((await jobEnded(stack.url, first.json.job_id)).status).toBe('succeeded');
    const readings = (progressOf.get(first.json.job_id) ?? []).filter((p) => p.step === 'sample' && /^sampling rows /.test(p.message ?? ''));
    expect(readings.map((p) => p.message)).toEqual(['sampling rows 10 000 of 20 000', 'sampling rows 20 000 of 20 000']);

    const again = await sample();
    expect((await jobEnded(stack.url, again.json.job_id)).status).toBe('succeeded');
    const bytes = async (id: string) => Buffer.from(await (await downloaded(stack.url, id)).arrayBuffer());
    expect((await bytes(again.json.generated_file_id)).equals(await bytes(first.json.generated_file_id))).toBe(true);
  }, 60_000);
});
