/**
 * Requests the fuzz run of s20 found mishandled, over HTTP on the embedded stack: a formula on an
 * integer column (written back whole, so its Parquet download works), a subnormal epsilon (a 422,
 * not a fit whose samples all fail), and a source whose every column is dropped as PII (a 422 for
 * every generator, not a file of rows with no columns).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, downloaded, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

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
const post = <T = { detail: string }>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

/** 80 rows: `a` whole, `b` = a ± 0.3 written with one decimal, `c` a category. */
function nearlyEqual(): string {
  const lines = ['a,b,c'];
  for (let i = 0; i < 80; i++) {
    const a = 10 + i * 3;
    lines.push(`${a},${(a + ((i % 3) - 1) * 0.3).toFixed(1)},${'xyz'[i % 3]}`);
  }
  return lines.join('\n') + '\n';
}

describe('generate requests', () => {
  it('writes a formula’s result on an integer column whole, and its Parquet download works', async () => {
    const file = await upload('near.csv', nearlyEqual());
    expect(file.columns?.find((c) => c.name === 'a')?.type).toBe('integer');
    const r = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', {
      file_id: file.file_id,
      generator: 'gaussian_copula',
      seed: 1,
      rows: 40,
      constraints: [{ type: 'formula', column: 'a', expression: 'b' }],
    });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    expect((await jobEnded(stack.url, r.json.job_id)).status).toBe('succeeded');
    const json = await call<{ a: number; b: number }[]>(stack.url, 'GET', `/synth/${r.json.generated_file_id}/download?format=json`);
    expect(json.status).toBe(200);
    for (const row of json.json) {
      expect(Number.isInteger(row.a)).toBe(true);
      expect(row.a).toBe(Math.round(row.b));
    }
    const bytes = new Uint8Array(await (await downloaded(stack.url, r.json.generated_file_id, 'parquet')).arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('PAR1');
  });

  it('refuses an epsilon below the floor for the differentially private generators', async () => {
    const file = await upload('eps.csv', nearlyEqual());
    for (const generator of ['privbayes', 'autoregressive']) {
      for (const epsilon of [5e-324, 1e-310]) {
        const r = await post('/synth/generate', { file_id: file.file_id, generator, seed: 1, params: { epsilon } });
        expect(r.status, `${generator} ${epsilon}`).toBe(422);
        expect(r.json.detail).toMatch(/epsilon/);
      }
    }
  });

  it('refuses, for every generator, a source whose every column is dropped as PII', async () => {
    const file = await upload('dropped.csv', nearlyEqual());
    const schema = await call(stack.url, 'PUT', `/files/${file.file_id}/schema`, {
      json: { columns: ['a', 'b', 'c'].map((name) => ({ name, pii_kind: 'free_text_pii', pii_action: 'drop' })) },
    });
    expect(schema.status, schema.text).toBe(200);
    for (const generator of ['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'tvae', 'copulagan']) {
      const r = await post('/synth/generate', { file_id: file.file_id, generator, seed: 1 });
      expect(r.status, generator).toBe(422);
      expect(r.json.detail).toContain('Nothing is left to model');
      expect(r.json.detail).toContain('a (dropped as PII)');
    }
    const fit = await post('/synth/models/fit', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1 });
    expect(fit.status).toBe(422);
  });
});
