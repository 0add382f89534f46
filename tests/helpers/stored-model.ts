/** Steps the stored-model API tests share: retype a source column, fit a model on a source. */
import { expect } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, type Generated } from './stack.js';

/** PUT /files/{id}/schema retyping one column; asserts the file now reads it as `type`. */
export async function retypeColumn(base: string, fileId: string, name: string, type: string): Promise<void> {
  const r = await call<FileMeta>(base, 'PUT', `/files/${fileId}/schema`, { json: { columns: [{ name, type }] } });
  expect(r.status, r.text).toBe(200);
  expect(r.json.columns?.find((c) => c.name === name)?.type).toBe(type);
}

/** POST /synth/models/fit (the copula, seed 3); asserts its job succeeds and returns the model id. */
export async function fittedModel(base: string, fileId: string): Promise<string> {
  const fit = await call<Generated>(base, 'POST', '/synth/models/fit', { json: { file_id: fileId, generator: 'gaussian_copula', seed: 3 } });
  expect(fit.status, fit.text).toBe(202);
  const job = await jobEnded(base, fit.json.job_id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return fit.json.model_id;
}
