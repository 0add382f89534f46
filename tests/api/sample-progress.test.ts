/**
 * The sample step counts the rows it writes on the job's progress line, for a generation and for a
 * stored model sampled again: several readings within the step, the percent never going back, the
 * last one all the rows. Every progress write to the job record is recorded (the steps run inline,
 * `steps: 'inline'`, so the test wraps the stack's own store) rather than raced by polls; nothing
 * here depends on how long the writing takes (the pass ends are always written).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { JobProgress } from '../../core/jobs/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';
import { recordProgress } from '../helpers/progress-log.js';

type Started = { job_id: string; generated_file_id: string; model_id: string };

let stack: TestStack;
let penguins: FileMeta;
/** Every progress written to a job, by job id. */
let progressOf: Map<string, JobProgress[]>;

beforeAll(async () => {
  stack = await testStack(undefined, { steps: 'inline' });
  progressOf = recordProgress(stack.services.meta);
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', readFileSync(dataset('penguins.csv')))).json;
}, 60_000);
afterAll(async () => stack?.destroy());

/** Three columnar chunks of 100 000 rows and a CSV of many pieces. */
const ROWS = 250_000;
const ROWS_LINE = /^writing (the CSV: )?rows ([\d ]+) of 250 000$/;

/** The job's sample-step progress, checked: rows counted on several readings, the percent never going back. */
async function sampleProgress(jobId: string): Promise<JobProgress[]> {
  const job = await jobEnded(stack.url, jobId);
  expect(job.status).toBe('succeeded');
  const written = progressOf.get(jobId)!;
  // From the step's own first report: the write that marks the step running keeps the fit's last percent.
  const sample = written.slice(written.findIndex((p) => p.step === 'sample' && p.message === 'loading the model')).filter((p) => p.step === 'sample');
  const percents = sample.map((p) => p.percent);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  const rows = sample.filter((p) => ROWS_LINE.test(p.message ?? ''));
  // The first columnar chunk, the end of the columnar pass and the end of the CSV at least.
  expect(rows.length).toBeGreaterThanOrEqual(3);
  expect(rows[0]!.message).toBe('writing rows 100 000 of 250 000');
  expect(rows).toContainEqual(expect.objectContaining({ message: 'writing rows 250 000 of 250 000' }));
  expect(rows.at(-1)!.message).toBe('writing the CSV: rows 250 000 of 250 000');
  expect(new Set(rows.map((p) => p.percent)).size).toBeGreaterThanOrEqual(3);
  expect(sample.find((p) => p.message?.startsWith('sampling'))?.message).toBe('sampling 250 000 rows');
  return sample;
}

describe('sample-step progress', () => {
  it('counts the rows a generation writes', async () => {
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed: 3, rows: ROWS } });
    expect(started.status).toBe(202);
    await sampleProgress(started.json.job_id);
  }, 120_000);

  it('counts the rows a stored model writes when sampled again', async () => {
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed: 3 } });
    expect(fit.status).toBe(202);
    expect((await jobEnded(stack.url, fit.json.job_id)).status).toBe('succeeded');
    const sampled = await call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: ROWS, seed: 4 } });
    expect(sampled.status).toBe(202);
    await sampleProgress(sampled.json.job_id);
  }, 120_000);
});
