/**
 * A column marked `primary_key` is left out of the model and made anew for every synthetic row,
 * no two alike, in the real keys' shape; conditions and constraints on it are refused. Over HTTP on
 * the embedded stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Json = Record<string, unknown>;

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (name: string, content: string) => {
  const r = await uploadDirect<FileMeta>(stack.url, name, content);
  expect(r.status).toBe(201);
  return r.json;
};
const post = <T = Json>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const editSchema = (id: string, json: unknown) => call<FileMeta>(stack.url, 'PUT', `/files/${id}/schema`, { json });
const finished = (jobId: string) => jobEnded(stack.url, jobId);

/** Rows of a generated file as objects. */
async function generatedRows(body: Json): Promise<Json[]> {
  const r = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', body);
  expect(r.status, JSON.stringify(r.json)).toBe(202);
  expect((await finished(r.json.job_id)).status).toBe('succeeded');
  return (await call<{ rows: Json[] }>(stack.url, 'GET', `/files/${r.json.generated_file_id}/data?limit=10000`)).json.rows;
}

/**
 * 80 rows: `id` counts 1…80 in file order, and `value` grows with it, so a model that saw the id
 * would learn the order; `code` is a unique text key; `kind` a category.
 */
function keyed(): string {
  const lines = ['id,code,value,kind'];
  for (let i = 1; i <= 80; i++) lines.push(`${i},AB-${String(1000 + i * 7)},${(i * 1.5 + (i % 7)).toFixed(1)},${i % 3 ? 'x' : 'y'}`);
  return lines.join('\n') + '\n';
}

describe('primary keys', () => {
  let file: FileMeta;
  beforeAll(async () => {
    file = await upload('keyed.csv', keyed());
    const r = await editSchema(file.file_id, { columns: [{ name: 'id', primary_key: true }] });
    expect(r.status).toBe(200);
  });

  it('gives every synthetic row its own whole-number key from the real range, and more past its top when needed', async () => {
    const rows = await generatedRows({ file_id: file.file_id, generator: 'gaussian_copula', seed: 3, rows: 50 });
    const ids = rows.map((r) => r.id as number);
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((v) => Number.isInteger(v) && v >= 1 && v <= 80)).toBe(true);
    // Without the key the copula models id as a number: 50 draws over 1…80, rounded, repeat.
    const more = await generatedRows({ file_id: file.file_id, generator: 'privbayes', seed: 3, rows: 120 });
    const many = more.map((r) => r.id as number);
    expect(new Set(many).size).toBe(120);
    expect(Math.min(...many)).toBe(1);
    expect(Math.max(...many)).toBe(120);
    expect(more.every((r) => typeof r.value === 'number' && (r.kind === 'x' || r.kind === 'y'))).toBe(true);
  }, 120_000);

  it('makes text keys in the real keys’ shape, unique', async () => {
    const f = await upload('coded.csv', keyed());
    expect((await editSchema(f.file_id, { columns: [{ name: 'code', primary_key: true }] })).status).toBe(200);
    const rows = await generatedRows({ file_id: f.file_id, generator: 'gaussian_copula', seed: 5, rows: 200 });
    const codes = rows.map((r) => r.code as string);
    expect(new Set(codes).size).toBe(200);
    expect(codes.every((c) => /^AB-\d{4}$/.test(c))).toBe(true);
  });

  it('is the same bytes for the same seed', async () => {
    const body = { file_id: file.file_id, generator: 'gaussian_copula', seed: 11, rows: 40 };
    expect(await generatedRows(body)).toEqual(await generatedRows(body));
  });

  it('refuses conditions and constraints on the key, and keys that repeat, are missing or are not whole numbers or text', async () => {
    const cond = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { id: 3 } });
    expect(cond.status).toBe(422);
    expect(JSON.stringify(cond.json)).toContain('id is the primary key: every synthetic row gets a new key');
    const constraint = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, constraints: [{ type: 'positive', column: 'id' }] });
    expect(constraint.status).toBe(422);
    expect(constraint.json.detail).toContain('id');

    const repeating = await editSchema(file.file_id, { columns: [{ name: 'id', primary_key: false }, { name: 'kind', primary_key: true }] });
    expect(repeating.status).toBe(422);
    expect(repeating.text).toContain('column kind cannot be the primary key: it is categorical');
    const twice = await upload('twice.csv', ['n,v', ...Array.from({ length: 60 }, (_, i) => `${1 + (i % 30)},${i}`)].join('\n') + '\n');
    const repeats = await editSchema(twice.file_id, { columns: [{ name: 'n', primary_key: true }] });
    expect(repeats.status).toBe(422);
    expect(repeats.text).toContain('column n cannot be the primary key: its values repeat (30 distinct in 60 rows)');
    const float = await editSchema(file.file_id, { columns: [{ name: 'id', primary_key: false }, { name: 'value', primary_key: true }] });
    expect(float.status).toBe(422);
    expect(float.text).toContain('column value cannot be the primary key: it is float');
    const gaps = await upload('gaps.csv', 'k,v\n1,2\n,3\n3,4\n');
    const missing = await editSchema(gaps.file_id, { columns: [{ name: 'k', primary_key: true }] });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('1 rows have no value');
  });

  it('keeps making keys for a model fitted with one, whatever the schema says later', async () => {
    const f = await upload('later.csv', keyed());
    expect((await editSchema(f.file_id, { columns: [{ name: 'id', primary_key: true }] })).status).toBe(200);
    const fit = await post<{ job_id: string; model_id: string }>('/synth/models/fit', { file_id: f.file_id, generator: 'gaussian_copula', seed: 2 });
    expect(fit.status).toBe(202);
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    expect((await editSchema(f.file_id, { columns: [{ name: 'id', primary_key: false }] })).status).toBe(200);
    const sample = await post<{ job_id: string; generated_file_id: string }>(`/synth/models/${fit.json.model_id}/sample`, { rows: 60, seed: 1 });
    expect(sample.status).toBe(202);
    expect((await finished(sample.json.job_id)).status).toBe('succeeded');
    const rows = (await call<{ rows: Json[] }>(stack.url, 'GET', `/files/${sample.json.generated_file_id}/data?limit=100`)).json.rows;
    expect(new Set(rows.map((r) => r.id)).size).toBe(60);
    // The model never saw the key, so a condition on it is still refused.
    const cond = await post(`/synth/models/${fit.json.model_id}/sample`, { rows: 5, seed: 1, conditions: { id: 4 } });
    expect(cond.status).toBe(422);
  });

  it('refuses a key retyped to a type keys cannot have, in the same edit or later, and categorical keys', async () => {
    const f = await upload('retype.csv', keyed());
    const together = await editSchema(f.file_id, { columns: [{ name: 'id', type: 'float', primary_key: true }] });
    expect(together.status).toBe(422);
    expect(together.text).toContain('column id cannot be the primary key: it is float');
    expect((await editSchema(f.file_id, { columns: [{ name: 'id', primary_key: true }] })).status).toBe(200);
    const later = await editSchema(f.file_id, { columns: [{ name: 'id', type: 'float' }] });
    expect(later.status).toBe(422);
    // Twelve unique names in a small file are categorical: a key of them would list one level per row.
    const names = await upload('names.csv', ['name,v', ...Array.from({ length: 12 }, (_, i) => `${'abcdefghijkl'[i]}name,${i}`)].join('\n') + '\n');
    expect(names.columns?.find((c) => c.name === 'name')?.type).toBe('categorical');
    const categorical = await editSchema(names.file_id, { columns: [{ name: 'name', primary_key: true }] });
    expect(categorical.status).toBe(422);
    expect(categorical.text).toContain('retype it to text first');
  });

  it('moves the key with SDV metadata, which names the one key of the table', async () => {
    const f = await upload('sdv.csv', keyed());
    expect((await editSchema(f.file_id, { columns: [{ name: 'id', primary_key: true }] })).status).toBe(200);
    const sdv = (await call<Json>(stack.url, 'GET', `/files/${f.file_id}/schema?format=sdv`)).json;
    expect(sdv.primary_key).toBe('id');
    const moved = await editSchema(f.file_id, { ...sdv, primary_key: 'code' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.columns?.filter((c) => c.primary_key).map((c) => c.name)).toEqual(['code']);
  });

  it('samples a keyed model after its key is also marked PII (it never emitted real keys), and names the key in constraint errors', async () => {
    const f = await upload('pii-later.csv', keyed());
    expect((await editSchema(f.file_id, { columns: [{ name: 'id', primary_key: true }] })).status).toBe(200);
    const fit = await post<{ job_id: string; model_id: string }>('/synth/models/fit', { file_id: f.file_id, generator: 'gaussian_copula', seed: 1 });
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    // A key cannot also be PII faked or dropped (which would win is a guess): unmarked in the same edit.
    const both = await editSchema(f.file_id, { columns: [{ name: 'id', pii_action: 'drop', pii_kind: 'person_name' }] });
    expect(both.status).toBe(422);
    expect(both.text).toContain('column id cannot be the primary key and left out as PII');
    expect((await editSchema(f.file_id, { columns: [{ name: 'id', primary_key: false, pii_action: 'drop', pii_kind: 'person_name' }] })).status).toBe(200);
    expect((await post(`/synth/models/${fit.json.model_id}/sample`, { rows: 5, seed: 1 })).status).toBe(202);
    const constrained = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, constraints: [{ type: 'positive', column: 'id' }] });
    expect(constrained.json.detail).toContain('Constraints name id (the primary key, made anew per row), left out of the model');
  });
});
