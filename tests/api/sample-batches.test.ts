/**
 * The sample step draws a large request in batches and counts them on the job's progress line
 * ("sampling rows 10 000 of 50 000"; the rows kept, under constraints), the same seed giving the
 * same bytes; a cancel asked for between batches stops the drawing. Batches of 10 000 rows (TABMIMIC_SAMPLE_BATCH_ROWS) and every
 * progress write seen (TABMIMIC_SAMPLE_PROGRESS_MS = 0) keep it to 50 000 rows; every write to the
 * job record is recorded by wrapping the stack's own store (`steps: 'inline'`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { JobProgress } from '../../core/jobs/model.js';
import { gate } from '../helpers/gate.js';
import { call, dataset, downloaded, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';
import { recordProgress } from '../helpers/progress-log.js';
import { savedEnv } from '../helpers/env.js';

type Started = { job_id: string; generated_file_id: string; model_id: string };

const ROWS = 50_000;
const restoreEnv = savedEnv('TABMIMIC_SAMPLE_BATCH_ROWS', 'TABMIMIC_SAMPLE_PROGRESS_MS');

let stack: TestStack;
let penguins: FileMeta;
let progressOf: Map<string, JobProgress[]>;
/** Holds the job write with this message until the test releases it. */
let holdAt: { message: string; gate: ReturnType<typeof gate> } | undefined;

beforeAll(async () => {
  process.env.TABMIMIC_SAMPLE_BATCH_ROWS = '10000';
  process.env.TABMIMIC_SAMPLE_PROGRESS_MS = '0';
  stack = await testStack(undefined, { steps: 'inline' });
  progressOf = recordProgress(stack.services.meta, async (job) => {
    if (holdAt && job.progress.message === holdAt.message) await holdAt.gate.pass();
  });
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', readFileSync(dataset('penguins.csv')))).json;
}, 60_000);
afterAll(async () => {
  restoreEnv();
  await stack?.destroy();
});

const generate = (seed: number) => call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed, rows: ROWS } });
const samplingReadings = (jobId: string) => (progressOf.get(jobId) ?? []).filter((p) => p.step === 'sample' && /^sampling rows /.test(p.message ?? ''));

describe('sampling in batches', () => {
  it('counts the batches drawn on the progress line, and the same seed gives the same bytes', async () => {
    const first = await generate(5);
    expect(first.status).toBe(202);
    expect((await jobEnded(stack.url, first.json.job_id)).status).toBe('succeeded');
    const readings = samplingReadings(first.json.job_id);
    expect(readings.map((p) => p.message)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000].map((n) => `sampling rows ${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} of 50 000`));
    const percents = readings.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[0]).toBeGreaterThanOrEqual(10);
    expect(percents.at(-1)).toBe(60);

    const again = await generate(5);
    expect((await jobEnded(stack.url, again.json.job_id)).status).toBe('succeeded');
    const bytes = async (id: string) => Buffer.from(await (await downloaded(stack.url, id)).arrayBuffer());
    expect((await bytes(again.json.generated_file_id)).equals(await bytes(first.json.generated_file_id))).toBe(true);
  }, 120_000);

  it('counts the rows kept under constraints, batch by batch', async () => {
    const constraints = [{ type: 'inequality', low: 'bill_depth_mm', high: 'bill_length_mm' }, { type: 'range', column: 'flipper_length_mm', min: 172, max: 231 }];
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed: 7, rows: 30_000, constraints } });
    expect(started.status).toBe(202);
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
    const counts = samplingReadings(started.json.job_id).map((p) => Number(/^sampling rows ([\d ]+) of 30 000$/.exec(p.message!)![1]!.replace(/ /g, '')));
    // Rounds of 36 016 rows and more, in batches of 10 000: several readings, the last all the rows.
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(30_000);
  }, 120_000);

  it('stops drawing at the next batch when the job is cancelled between batches', async () => {
    holdAt = { message: 'sampling rows 20 000 of 50 000', gate: gate() };
    const started = await generate(6);
    expect(started.status).toBe(202);
    await holdAt.gate.reached;
    expect((await call(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`)).status).toBe(202);
    holdAt.gate.release();
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('cancelled');
    holdAt = undefined;
    // Nothing drawn past the batch the cancel was asked at: at most the one after it, whose report found it.
    const counts = samplingReadings(started.json.job_id).map((p) => p.message);
    expect(counts.slice(0, 2)).toEqual(['sampling rows 10 000 of 50 000', 'sampling rows 20 000 of 50 000']);
    // (The job's end is written with its last progress again.)
    expect(new Set(counts).size).toBeLessThanOrEqual(3);
    expect(counts).not.toContain('sampling rows 40 000 of 50 000');
    expect((progressOf.get(started.json.job_id) ?? []).some((p) => p.message?.startsWith('writing'))).toBe(false);
  }, 120_000);
});
