/**
 * Generation jobs on large requests (session 22): the sample step reports its writing as it goes
 * and sees a cancel there; the report step scores a seeded subsample of at most QUALITY_MAX_ROWS
 * rows and says how many; a failed job's error has a title and an ended job no time left.
 *
 * The steps run inline (`steps: 'inline'`) so the test wraps the stack's own stores.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job, JobProgress } from '../../core/jobs/model.js';
import { QUALITY_MAX_ROWS } from '../../core/generation/quality-rows.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';
import { recordProgress } from '../helpers/progress-log.js';
import { savedEnv } from '../helpers/env.js';

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

const generate = (body: Record<string, unknown>) => call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed: 5, ...body } });

describe('a large generation', () => {
  it('reports its writing as it goes, and scores a seeded subsample of at most QUALITY_MAX_ROWS rows', async () => {
    const rows = QUALITY_MAX_ROWS + 50_000;
    const started = await generate({ rows });
    expect(started.status).toBe(202);
    const job = await jobEnded(stack.url, started.json.job_id);
    expect(job.status).toBe('succeeded');

    const sample = progressOf.get(job.job_id)!.filter((p) => p.step === 'sample');
    const writing = sample.filter((p) => /^writing .*rows [\d ]+ of [\d ]+$/.test(p.message ?? ''));
    expect(writing.length).toBeGreaterThanOrEqual(3);
    expect(writing.map((p) => p.percent)).toEqual([...writing.map((p) => p.percent)].sort((a, b) => a - b));

    const file = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect(file.rows).toBe(rows);
    const quality = file.quality as { overall: number; scored_rows: { real: number; synthetic: number; limit: number } };
    expect(quality.scored_rows).toEqual({ real: 344, synthetic: QUALITY_MAX_ROWS, limit: QUALITY_MAX_ROWS });
    expect(quality.overall).toBeGreaterThan(0.5);
  }, 120_000);

  it('under the cap: scores every row', async () => {
    const started = await generate({ rows: 500 });
    const job = await jobEnded(stack.url, started.json.job_id);
    expect(job.status).toBe('succeeded');
    const file = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect((file.quality as { scored_rows: unknown }).scored_rows).toEqual({ real: 344, synthetic: 500, limit: QUALITY_MAX_ROWS });
  }, 60_000);

  it('sees a cancel asked for while it writes: it stops before the CSV, ends cancelled without time left, and leaves no output', async () => {
    const blobs = stack.services.blobs;
    const put = blobs.put.bind(blobs);
    let generatedId = '';
    let jobId = '';
    const keys: string[] = [];
    blobs.put = async (key, body, type) => {
      if (generatedId && key.startsWith(`files/${generatedId}/`)) {
        keys.push(key);
        // The first columnar chunk: the user cancels now.
        if (keys.length === 1) await stack.services.meta.requestCancel(jobId);
      }
      return put(key, body, type);
    };
    try {
      const started = call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed: 6, rows: 300_000 } });
      // The ids are known once the request is answered; the job starts writing only after fit and sampling.
      const reply = await started;
      generatedId = reply.json.generated_file_id;
      jobId = reply.json.job_id;
      const job = await jobEnded(stack.url, jobId);
      expect(job.status).toBe('cancelled');
      expect(job.progress.eta_seconds).toBeUndefined();
      expect(job.progress.step).toBe('sample');
      // Stopped within the columnar chunks (3 of them), before the CSV original.
      expect(keys.some((k) => k.includes('/original'))).toBe(false);
      expect(keys.length).toBeLessThan(3);
      const file = (await call<FileMeta>(stack.url, 'GET', `/files/${generatedId}`)).json;
      expect(file.status).toBe('failed');
      // Its download says why there is nothing to download.
      const download = await call<{ detail: string }>(stack.url, 'GET', `/synth/${generatedId}/download?format=csv`);
      expect(download.status).toBe(409);
      expect(download.json.detail).toBe(`File ${generatedId} is failed, not ready. ${file.failure?.detail}`);
      expect(file.failure?.detail).toMatch(/^Cancelled/);
    } finally {
      blobs.put = put;
    }
  }, 120_000);
});

describe('a cancel as a generation stores its quality summary', () => {
  it('is honoured, not answered 202 and outrun: the job ends cancelled and leaves no output', async () => {
    const meta = stack.services.meta;
    const replace = meta.replaceFile.bind(meta);
    let generatedId = '';
    let jobId = '';
    meta.replaceFile = async (file, expected) => {
      const written = await replace(file, expected);
      // The summary is on the file: the user cancels now, after the step's last report.
      if (written && file.file_id === generatedId && file.quality !== undefined) await meta.requestCancel(jobId);
      return written;
    };
    try {
      const reply = await generate({ rows: 100 });
      generatedId = reply.json.generated_file_id;
      jobId = reply.json.job_id;
      const job: Job = await jobEnded(stack.url, jobId);
      expect(job.status).toBe('cancelled');
      expect(job.progress.step).toBe('report');
      const file = (await call<FileMeta>(stack.url, 'GET', `/files/${generatedId}`)).json;
      expect(file.status).toBe('failed');
      expect(file.quality).toBeUndefined();
      expect(await stack.services.blobs.list(`files/${generatedId}/`)).toEqual([]);
    } finally {
      meta.replaceFile = replace;
    }
  }, 60_000);
});

describe('a failed generation', () => {
  it('says its error with a title, and keeps no time left', async () => {
    // Refused by the job: rows no group of the strata has together, on a source "too large" to fit at the request.
    const restore = savedEnv('TABMIMIC_REQUEST_FIT_MAX_CELLS');
    process.env.TABMIMIC_REQUEST_FIT_MAX_CELLS = '0';
    const started = await generate({ rows: 50, conditions: { island: 'Torgersen', species: 'Gentoo' } }).finally(restore);
    expect(started.status, started.text).toBe(202);
    const job: Job = await jobEnded(stack.url, started.json.job_id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ status: 422, title: 'Unprocessable Content' });
    expect(job.progress.eta_seconds).toBeUndefined();
  }, 60_000);
});
