/**
 * A stored model keeps the column types it was fitted on: a retype of the source after the fit
 * (penguins' `year` from integer to categorical) changes neither how its samples' conditions and
 * constraints are checked nor the types of the files it makes. Over HTTP on the embedded stack.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo, FileMeta } from '../../core/files/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type ProblemBody, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; model_id: string; generated_file_id: string };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const post = <T = ProblemBody>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const yearOf = (meta: FileMeta) => meta.columns?.find((c) => c.name === 'year');

describe('sampling a model after its source was retyped', () => {
  let fileId: string;
  let modelId: string;

  beforeAll(async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')));
    expect(up.status).toBe(201);
    fileId = up.json.file_id;
    const fit = await post<Started>('/synth/models/fit', { file_id: fileId, generator: 'gaussian_copula', seed: 3 });
    expect(fit.status).toBe(202);
    expect((await jobEnded(stack.url, fit.json.job_id)).status).toBe('succeeded');
    modelId = fit.json.model_id;
    const retyped = await call<FileMeta>(stack.url, 'PUT', `/files/${fileId}/schema`, { json: { columns: [{ name: 'year', type: 'categorical' }] } });
    expect(retyped.status).toBe(200);
    expect(yearOf(retyped.json)?.type).toBe('categorical');
  }, 120_000);

  it('records the types the model was fitted on', async () => {
    const model = await call<{ fitted_columns?: ColumnInfo[] }>(stack.url, 'GET', `/synth/models/${modelId}`);
    expect(model.status).toBe(200);
    expect(model.json.fitted_columns?.find((c) => c.name === 'year')).toMatchObject({ type: 'integer', missing: 0 });
  });

  it('checks a condition and a sign constraint on year as the integer the model generates, and types the new file so', async () => {
    // Under the current (categorical) schema a positive constraint on year would be refused outright.
    const sample = await post<Started>(`/synth/models/${modelId}/sample`, { rows: 40, seed: 5, conditions: { year: 2008 }, constraints: [{ type: 'positive', column: 'year' }] });
    expect(sample.status, sample.text).toBe(202);
    expect((await jobEnded(stack.url, sample.json.job_id)).status).toBe('succeeded');
    const made = (await call<FileMeta>(stack.url, 'GET', `/files/${sample.json.generated_file_id}`)).json;
    expect(yearOf(made)).toMatchObject({ type: 'integer' });
    expect(yearOf(made)?.reason).toContain('fitted on');
    expect(made.lineage?.details).toMatchObject({ conditions: { year: 2008 } });
    const rows = (await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${sample.json.generated_file_id}/data?limit=100`)).json.rows;
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2008]));
  }, 120_000);

  it('judges a model recorded before its types were kept by the schema as it is now', async () => {
    const key = `models/${modelId}/model.json`;
    const stored = JSON.parse(Buffer.from(await stack.services.blobs.getBytes(key)).toString('utf8')) as Record<string, unknown>;
    const { fitted_columns: _, ...older } = stored;
    await stack.services.blobs.put(key, JSON.stringify(older), 'application/json');
    try {
      expect((await call(stack.url, 'GET', `/synth/models/${modelId}`)).status).toBe(200);
      const r = await post(`/synth/models/${modelId}/sample`, { rows: 5, seed: 1, constraints: [{ type: 'positive', column: 'year' }] });
      expect(r.status).toBe(422);
      expect(r.json.detail).toContain('year is categorical');
    } finally {
      await stack.services.blobs.put(key, JSON.stringify(stored), 'application/json');
    }
  });

  it('refuses a condition written as a category label, in the integer type’s own words', async () => {
    const r = await post(`/synth/models/${modelId}/sample`, { rows: 5, seed: 1, conditions: { year: '2008' } });
    expect(r.status).toBe(422);
    expect(r.type).toContain('problem+json');
    expect(r.json.detail).toContain('year must be a number');
    expect(r.json.detail).not.toContain('category');
  });
});
