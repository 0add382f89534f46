/**
 * Over HTTP, the UX review's titanic case: the name column, replaced by fakes in synthesis, had read
 * as the one drifting column ("drift, PSI 3.93"; the report: "Columns drifting 1 of 5"). Drift lists
 * it as not compared, with why, as privacy does, and counts it in no verdict.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Drift {
  columns: { column: string; verdict: string }[];
  summary: { stable: number; warn: number; drift: number };
  left_out_columns: { column: string; reason: string }[];
}

let stack: TestStack;
let titanic: FileMeta;
let generatedId: string;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const faked = [{ column: 'name', reason: 'replaced by fakes as PII' }];

beforeAll(async () => {
  stack = await testStack();
  titanic = (await uploadDirect<FileMeta>(stack.url, 'titanic.csv', await readFile(dataset('titanic.csv')))).json;
  generatedId = (await generated(stack.url, { file_id: titanic.file_id, generator: 'gaussian_copula', rows: 800, seed: 11 })).generated_file_id;
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
});

/** Every compared column counted once in the summary, the faked one in none. */
function expectNameLeftOut(d: Drift) {
  expect(d.left_out_columns).toEqual(faked);
  expect(d.columns.map((c) => c.column)).not.toContain('name');
  expect(d.columns.length).toBeGreaterThan(0);
  expect(d.summary.stable + d.summary.warn + d.summary.drift).toBe(d.columns.length);
}

describe('drift leaves out the faked name', () => {
  it('/validation/drift lists it as not compared, and counts it nowhere', async () => {
    expect(titanic.columns?.find((c) => c.name === 'name')?.pii?.action).toBe('fake');
    const r = await post<Drift>('/validation/drift', { reference_file_id: titanic.file_id, current_file_id: generatedId });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expectNameLeftOut(r.json);
  }, 60_000);

  it('the full report\'s drift part and its page alike', async () => {
    const r = await post<{ drift: Drift; html_url: string }>('/validation/report', { real_file_id: titanic.file_id, synthetic_file_id: generatedId, pair_details: 'none' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expectNameLeftOut(r.json.drift);
    const html = await (await fetch(r.json.html_url)).text();
    expect(html).toContain(`<tr><th>Columns drifting</th><td>${r.json.drift.summary.drift} of ${r.json.drift.columns.length}</td>`);
    expect(html).toContain('<tr><th>Columns left out of copies, distances and drift</th><td>name (replaced by fakes as PII)</td><td class="how"></td></tr>');
  }, 60_000);

  it('/eda/drift too, whichever side the generated file is; two real files still compare every column', async () => {
    for (const [reference, current] of [[titanic.file_id, generatedId], [generatedId, titanic.file_id]]) {
      const r = await post<Drift>('/eda/drift', { reference_file_id: reference, current_file_id: current });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expectNameLeftOut(r.json);
    }
    const same = await post<Drift>('/eda/drift', { reference_file_id: titanic.file_id, current_file_id: titanic.file_id });
    expect(same.status).toBe(200);
    expect(same.json.left_out_columns).toEqual([]);
    expect(same.json.columns.map((c) => c.column)).toContain('name');
  }, 60_000);

  it('files read chunk by chunk leave it out too', async () => {
    const saved = process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
    // Read per request by the in-process stack: 0 streams every file.
    process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = '0';
    try {
      const r = await post<Drift & { computation: string }>('/validation/drift', { reference_file_id: titanic.file_id, current_file_id: generatedId });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.computation).toBe('chunked');
      expectNameLeftOut(r.json);
    } finally {
      if (saved === undefined) delete process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
      else process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = saved;
    }
  }, 60_000);
});
