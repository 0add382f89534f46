/**
 * GET /files/{id}/jobs over HTTP on the embedded stack: a source lists the runs it feeds, running
 * and ended, newest first and filtered by status; a generated file lists the run writing it; a file
 * no job has touched lists none; an unknown file is a 404 and an unknown status a 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { call, jobEnded, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string };
type Jobs = { jobs: Job[] };

let stack: TestStack;
let sourceId: string;

const csv = ['a,b,c', ...Array.from({ length: 80 }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');
const jobsOf = (id: string, query = '') => call<Jobs>(stack.url, 'GET', `/files/${id}/jobs${query}`);
const generate = async (body: Record<string, unknown>) => {
  const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: sourceId, rows: 20, seed: 1, ...body } });
  expect(started.status).toBe(202);
  return started.json;
};

beforeAll(async () => {
  stack = await testStack();
  const up = await uploadDirect<FileMeta>(stack.url, 'jobs.csv', csv);
  expect(up.status).toBe(201);
  sourceId = up.json.file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

describe('GET /files/{id}/jobs', () => {
  it("lists a source's runs newest first, running and ended, each as GET /jobs/{id} has it; the generated file lists its own run", async () => {
    const finished = await generate({ generator: 'gaussian_copula' });
    expect((await jobEnded(stack.url, finished.job_id)).status).toBe('succeeded');
    // Long enough to be seen running, then cancelled.
    const long = await generate({ generator: 'ctgan', params: { epochs: 5000 } });
    try {
      const running = await until(async () => {
        const r = await jobsOf(sourceId, '?status=running');
        return r.json.jobs.length ? r : undefined;
      }, 'the ctgan run to be running', 60_000);
      expect(running.status).toBe(200);
      expect(running.json.jobs.map((j) => j.job_id)).toEqual([long.job_id]);
      const [listed] = running.json.jobs;
      expect(listed).toMatchObject({ type: 'synthesize', status: 'running', input: { file_id: sourceId, generated_file_id: long.generated_file_id } });
      // The same document as the job's own route (loss_history aside: an epoch may land between the two reads).
      const fields = (job: object) => Object.keys(job).filter((k) => k !== 'loss_history').sort();
      expect(fields(listed!)).toEqual(fields((await call<Job>(stack.url, 'GET', `/synth/jobs/${long.job_id}`)).json));

      const all = await jobsOf(sourceId);
      expect(all.status).toBe(200);
      const ids = all.json.jobs.map((j) => j.job_id);
      // Newest first; the source's own ingest (when it ran as a job) is the oldest.
      expect(ids.slice(0, 2)).toEqual([long.job_id, finished.job_id]);
      expect(all.json.jobs.find((j) => j.job_id === finished.job_id)?.status).toBe('succeeded');
      const created = all.json.jobs.map((j) => j.created_at);
      expect(created).toEqual([...created].sort().reverse());

      const generated = await jobsOf(finished.generated_file_id);
      expect(generated.json.jobs.map((j) => j.job_id)).toEqual([finished.job_id]);
    } finally {
      await call(stack.url, 'DELETE', `/synth/jobs/${long.job_id}`);
    }
    expect((await jobEnded(stack.url, long.job_id, 60_000)).status).toBe('cancelled');
    expect((await jobsOf(sourceId, '?status=queued,running')).json.jobs).toEqual([]);
    expect((await jobsOf(sourceId, '?status=cancelled,succeeded')).json.jobs.map((j) => j.job_id)).toEqual([long.job_id, finished.job_id]);
  }, 180_000);

  it('is an empty list for a file no job has touched', async () => {
    // A presigned upload not yet completed: recorded, never ingested.
    const ticket = await call<{ file_id: string }>(stack.url, 'POST', '/files/upload', { json: { filename: 'later.csv', size: 10, contentType: 'text/csv' } });
    expect(ticket.status).toBe(201);
    const r = await jobsOf(ticket.json.file_id);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ jobs: [] });
  });

  it('is a 404 problem for an unknown file, and a 422 for a status there is not', async () => {
    const missing = await call(stack.url, 'GET', '/files/f_0000000000000000000000/jobs');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
    expect(missing.json.detail).toMatch(/No file f_0000000000000000000000/);

    const bad = await call(stack.url, 'GET', `/files/${sourceId}/jobs?status=running,done`);
    expect(bad.status).toBe(422);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.json.detail).toMatch(/status/);
  });
});
