/**
 * A stored model sampled after its source was retyped, over HTTP on the embedded stack: the
 * request is checked, and the file written, by the types the model was fitted on (its record's
 * `fitted_columns`), not the schema now — the model still generates each column as it learned it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type Generated, type TestStack } from '../helpers/stack.js';
import { fittedModel, retypeColumn } from '../helpers/stored-model.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const post = <T = { detail: string }>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

/** 60 rows: `a` a positive whole number (12 values), `b` a float, `c` a category. */
function source(): string {
  const lines = ['a,b,c'];
  for (let i = 0; i < 60; i++) lines.push(`${10 + (i % 12) * 5},${(i * 0.7).toFixed(1)},${'xyz'[i % 3]}`);
  return lines.join('\n') + '\n';
}

describe('sampling a stored model after its source was retyped', () => {
  it('takes a number constraint on a column fitted as integer, since made categorical, and writes it as integer', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'nums.csv', source());
    expect(up.status).toBe(201);
    const modelId = await fittedModel(stack.url, up.json.file_id);
    await retypeColumn(stack.url, up.json.file_id, 'a', 'categorical');

    const constraints = [{ type: 'positive', column: 'a' }, { type: 'range', column: 'a', min: 0, max: 1000 }];
    const s = await post<Generated>(`/synth/models/${modelId}/sample`, { rows: 40, seed: 5, constraints });
    expect(s.status, s.text).toBe(202);
    const job = await jobEnded(stack.url, s.json.job_id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const file = (await call<FileMeta>(stack.url, 'GET', `/files/${s.json.generated_file_id}`)).json;
    const a = file.columns?.find((c) => c.name === 'a');
    expect(a?.type).toBe('integer');
    expect(a?.categories).toBeUndefined();
    expect(a?.reason).toContain('fitted');
  });

  it('refuses a number constraint on a column fitted as categorical, since made integer again', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'cats.csv', source());
    expect(up.status).toBe(201);
    await retypeColumn(stack.url, up.json.file_id, 'a', 'categorical');
    const modelId = await fittedModel(stack.url, up.json.file_id);
    await retypeColumn(stack.url, up.json.file_id, 'a', 'integer');

    const s = await post(`/synth/models/${modelId}/sample`, { rows: 40, seed: 5, constraints: [{ type: 'positive', column: 'a' }] });
    expect(s.status, s.text).toBe(422);
    expect(s.json.detail).toContain('a is categorical');
  });
});
