/**
 * A derived file keeps its source's name in its lineage (`parent_name`), written when it is made:
 * once the source is deleted its page can still say which file it came from.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const csv = ['a,b,c', ...Array.from({ length: 80 }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');
const lineageOf = async (id: string) => (await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json.lineage;

it('generated, sampled and feature-applied files keep their source name, also once it is deleted', async () => {
  const source = (await uploadDirect<FileMeta>(stack.url, 'shop sales.csv', csv)).json;
  const generated = await call<{ job_id: string; generated_file_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 1 } });
  expect((await jobEnded(stack.url, generated.json.job_id)).status).toBe('succeeded');
  const sampled = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', `/synth/models/${generated.json.model_id}/sample`, { json: { rows: 10, seed: 1 } });
  const applied = await call<{ job_id: string; file_id: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: source.file_id, steps: [{ kind: 'one_hot', column: 'c' }] } });
  expect((await jobEnded(stack.url, sampled.json.job_id)).status).toBe('succeeded');
  expect((await jobEnded(stack.url, applied.json.job_id)).status).toBe('succeeded');
  const children = [generated.json.generated_file_id, sampled.json.generated_file_id, applied.json.file_id];
  for (const id of children) expect(await lineageOf(id)).toMatchObject({ parent: source.file_id, parent_name: 'shop sales.csv' });
  // Uploads have no parent, so no name of one.
  expect(await lineageOf(source.file_id)).toEqual({ operation: 'upload' });

  expect((await call(stack.url, 'DELETE', `/files/${source.file_id}`)).status).toBe(204);
  for (const id of children) expect(await lineageOf(id)).toMatchObject({ parent: source.file_id, parent_name: 'shop sales.csv', parent_deleted: true });
}, 120_000);
