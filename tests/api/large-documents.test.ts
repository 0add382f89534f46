/**
 * Metadata documents larger than a DynamoDB item (400 KB) — a table at the column limit, long category
 * labels, a pipeline's fitted levels — are kept in the bucket beside the file's data or the job, and read back
 * whole; deleting the file leaves nothing behind. Over HTTP on the embedded stack (dynalite enforces
 * the item limit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { newDerivedFile } from '../../core/files/service.js';
import { failOutputFile } from '../../core/generation/service.js';
import { newJob } from '../../core/jobs/lifecycle.js';
import { call, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

describe('documents larger than a DynamoDB item', () => {
  it('keeps a table at the column limit: upload, read, list, edit, delete', async () => {
    const csv = Array.from({ length: 4096 }, (_, j) => `c${j}`).join(',') + '\n' + lines(30, (i) => Array.from({ length: 4096 }, (_, j) => (((i * 31 + j * 17) % 97) / 7).toFixed(2)).join(','));
    const up = await uploadDirect<FileMeta>(stack.url, 'wide.csv', csv);
    expect(up.status, up.text.slice(0, 200)).toBe(201);
    const id = up.json.file_id;
    const got = await call<FileMeta>(stack.url, 'GET', `/files/${id}`);
    expect(got.json.columns).toHaveLength(4096);
    const listed = await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=10');
    expect(listed.json.items.find((f) => f.file_id === id)?.columns).toHaveLength(4096);
    // An edit replaces the stored document under the same condition as a small one.
    const edited = await call<FileMeta>(stack.url, 'PUT', `/files/${id}/schema`, { json: { columns: [{ name: 'c0', pii_action: 'drop', pii_kind: 'person_name' }] } });
    expect(edited.status, edited.text.slice(0, 200)).toBe(200);
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json.columns?.[0]?.pii?.action).toBe('drop');
    // One document in the bucket at a time: the one it replaced is gone.
    expect(await stack.services.blobs.list(`records/files/${id}/`)).toHaveLength(1);
    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(`files/${id}/`)).toEqual([]);
    expect(await stack.services.blobs.list(`records/files/${id}/`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
  });

  it('keeps long category labels, and a job and file recording a pipeline of long fitted levels', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'long.csv', 'note,n\n' + lines(40, (i) => `${String.fromCharCode(97 + (i % 20)).repeat(25_000)},${i}`));
    expect(up.status).toBe(201);
    expect(up.json.columns?.find((c) => c.name === 'note')?.categories?.[0]).toHaveLength(25_000);

    const file = (await uploadDirect<FileMeta>(stack.url, 'g.csv', 'a,b\n' + lines(30, (i) => `${i},${'xyz'[i % 3]}`))).json;
    const levels = Array.from({ length: 20 }, (_, i) => String.fromCharCode(97 + i).repeat(25_000));
    const pipeline = { format: 'tabmimic.features.v1', input_columns: ['b'], steps: [{ spec: { kind: 'one_hot', column: 'b', max_levels: 20 }, fitted: { levels } }] };
    const r = await call<{ job_id?: string; file_id?: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: file.file_id, pipeline } });
    expect(r.status, r.text.slice(0, 300)).toBeLessThan(300);
    if (r.json.job_id) {
      const job = await until(async () => {
        const j = (await call<{ status: string }>(stack.url, 'GET', `/jobs/${r.json.job_id}`)).json;
        return j.status === 'succeeded' || j.status === 'failed' ? j : undefined;
      }, 'the features job');
      expect(job.status).toBe('succeeded');
    }
  });
});

describe('a record kept in the bucket', () => {
  it('outlives the clearing of its file\'s data: a cancelled output with a bound past 2^53 stays, failed', async () => {
    const { meta } = stack.services;
    const up = await uploadDirect<FileMeta>(stack.url, 'small.csv', 'a,b\n1,2\n3,4\n');
    const source = (await meta.getFile(up.json.file_id))!;
    // A range from -1e16: no DynamoDB number holds it exactly, so the (small) record is kept in the bucket.
    const output = newDerivedFile(source, 'synthetic', { operation: 'synthesize', parent: source.file_id, details: { constraints: [{ type: 'range', column: 'a', min: -1e16 }] } });
    await meta.putFile(output);
    const job: Job = { ...newJob('synthesize', { output_file_id: output.file_id }, [output.file_id]), status: 'running' };
    await failOutputFile(stack.services, job, 'cancelled by user', true);
    expect((await meta.getFile(output.file_id))?.status).toBe('failed');
    expect((await call(stack.url, 'DELETE', `/files/${output.file_id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(`records/files/${output.file_id}/`)).toEqual([]);
  });
});
