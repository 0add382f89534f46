/**
 * A differential-privacy budget the autoregressive generator cannot meet (no noise level reaches it in the
 * epochs asked for) fails its job with a reason, a 422, never an internal error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let file: FileMeta;
const csv = 'a,b\n' + Array.from({ length: 60 }, (_, i) => `${i},${'xyz'[i % 3]}`).join('\n') + '\n';

beforeAll(async () => {
  stack = await testStack();
  file = (await uploadDirect<FileMeta>(stack.url, 'g.csv', csv)).json;
});
afterAll(async () => {
  await stack?.destroy();
});

for (const [epsilon, epochs] of [[1e-12, 1], [0.001, undefined]] as const) {
  it(`autoregressive with epsilon ${epsilon} (epochs ${epochs ?? 'default'}) is refused with a reason, not an internal error`, async () => {
    const r = await call<{ job_id: string; detail?: string }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: file.file_id, generator: 'autoregressive', seed: 1, params: { epsilon, ...(epochs ? { epochs } : {}) } },
    });
    if (r.status >= 400) {
      expect(r.status).toBeLessThan(500);
      expect(r.type).toContain('application/problem+json');
      expect(r.json.detail).toMatch(/epsilon|ε|budget|noise/i);
      return;
    }
    expect(r.status).toBe(202);
    const job = await until(async () => {
      const j = await call<{ status: string; error?: { status: number; detail: string } }>(stack.url, 'GET', `/synth/jobs/${r.json.job_id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(j.json.status) ? j.json : undefined;
    }, 'the job', 60_000);
    if (job.status === 'failed') {
      expect(job.error?.detail).not.toMatch(/internal error/i);
      expect(job.error?.status ?? 422).toBeLessThan(500);
    }
  });
}
