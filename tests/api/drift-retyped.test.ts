/**
 * Over HTTP: drift reads the current file in the reference file's column types (core/eda/drift-read.ts).
 * A weight that is integer in the reference and text in the current file (`heavy`, `12 kg`), or retyped
 * by a schema edit, was compared as labels against numbers and called drift with no word of why; a
 * one-row current file drifted in every column; a column only the current file has went unsaid.
 * Every drift route, in memory and chunk by chunk, and the full report's drift part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { DriftResult } from '../../core/validation/drift-reply.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Drift {
  columns: { column: string; kind?: string; verdict: string; reason: string }[];
  summary: { stable: number; warn: number; drift: number };
  thresholds: { min_values: number };
  left_out_columns: { column: string; reason: string }[];
  retyped_columns: { column: string; reference_type: string; current_type: string; unreadable?: number; unreadable_values?: string[] }[];
  extra_columns: string[];
  classifier: { verdict: string };
}

let stack: TestStack;
const ids = { reference: '', spelled: '', retyped: '', oneRow: '' };
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const rows = Array.from({ length: 60 }, (_, i) => ({ weight: 40 + (i % 25), kind: ['a', 'b', 'c'][i % 3]! }));
const csv = (header: string, lines: string[]) => [header, ...lines].join('\n') + '\n';

beforeAll(async () => {
  stack = await testStack();
  const upload = async (name: string, body: string) => {
    const r = await uploadDirect<FileMeta>(stack.url, name, body);
    expect(r.status, r.text).toBe(201);
    return r.json;
  };
  ids.reference = (await upload('reference.csv', csv('weight,kind', rows.map((r) => `${r.weight},${r.kind}`)))).file_id;
  // The same rows, two weights spelled so no number reads (`n/a` would read as missing), and a column of its own: weight infers as text.
  const spelled = await upload('spelled.csv', csv('weight,kind,note', rows.map((r, i) => `${i === 5 ? 'heavy' : i === 9 ? '12 kg' : r.weight},${r.kind},n${i % 4}`)));
  expect(spelled.columns?.find((c) => c.name === 'weight')?.type).toBe('text');
  ids.spelled = spelled.file_id;
  // The same rows, weight retyped to categories by a schema edit.
  ids.retyped = (await upload('retyped.csv', csv('weight,kind', rows.map((r) => `${r.weight},${r.kind}`)))).file_id;
  const edit = await call<{ job_id?: string }>(stack.url, 'PUT', `/files/${ids.retyped}/schema`, { json: { columns: [{ name: 'weight', type: 'categorical' }] } });
  expect(edit.status, edit.text).toBeLessThan(300);
  if (edit.json.job_id) expect((await jobEnded(stack.url, edit.json.job_id)).status).toBe('succeeded');
  ids.oneRow = (await upload('one-row.csv', csv('weight,kind', ['300,z']))).file_id;
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

/** Each drift route's reply, documented to the field (parsing strips nothing). */
async function replies(reference: string, current: string): Promise<Drift[]> {
  const out: Drift[] = [];
  for (const path of ['/eda/drift', '/validation/drift']) {
    const r = await post<Drift>(path, { reference_file_id: reference, current_file_id: current });
    expect(r.status, `${path}: ${r.text}`).toBe(200);
    expect(DriftResult.parse(r.json)).toEqual(r.json);
    out.push(r.json);
  }
  const report = await post<{ drift: Drift }>('/validation/report', { real_file_id: reference, synthetic_file_id: current, pair_details: 'none' });
  expect(report.status, report.text).toBe(200);
  return [...out, report.json.drift];
}

/** In memory, then with every file streamed chunk by chunk (read per request by the in-process stack). */
async function bothPaths(reference: string, current: string): Promise<Drift[]> {
  const inMemory = await replies(reference, current);
  const saved = process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
  process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = '0';
  try {
    for (const path of ['/eda/drift', '/validation/drift']) {
      const r = await post<Drift & { computation: string }>(path, { reference_file_id: reference, current_file_id: current });
      expect(r.status, r.text).toBe(200);
      expect(r.json.computation).toBe('chunked');
      inMemory.push(r.json);
    }
  } finally {
    if (saved === undefined) delete process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
    else process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = saved;
  }
  return inMemory;
}

describe('drift reads the current file in the reference types', () => {
  it('compares a text weight as numbers, naming the unreadable values and the extra column', async () => {
    for (const d of await bothPaths(ids.reference, ids.spelled)) {
      expect(d.columns.find((c) => c.column === 'weight')).toMatchObject({ kind: 'numeric', verdict: 'stable' });
      expect(d.retyped_columns).toEqual([{ column: 'weight', reference_type: 'integer', current_type: 'text', unreadable: 2, unreadable_values: ['heavy', '12 kg'] }]);
      expect(d.extra_columns).toEqual(['note']);
      expect(d.summary).toEqual({ stable: 2, warn: 0, drift: 0 });
    }
  }, 120_000);

  it('a column retyped by a schema edit is read back as numbers: no drift, and said so', async () => {
    for (const d of await bothPaths(ids.reference, ids.retyped)) {
      expect(d.retyped_columns).toEqual([{ column: 'weight', reference_type: 'integer', current_type: 'categorical' }]);
      expect(d.columns.find((c) => c.column === 'weight')).toMatchObject({ kind: 'numeric', verdict: 'stable' });
      expect(d.extra_columns).toEqual([]);
    }
  }, 120_000);

  it('a one-row current file is judged in no column, each left out with why', async () => {
    for (const d of await bothPaths(ids.reference, ids.oneRow)) {
      expect(d.columns).toEqual([]);
      expect(d.summary).toEqual({ stable: 0, warn: 0, drift: 0 });
      expect(d.thresholds.min_values).toBe(10);
      expect(d.left_out_columns.map((c) => c.column)).toEqual(['weight', 'kind']);
      for (const c of d.left_out_columns) expect(c.reason).toBe('too few values to judge: 1 value in the current file, under the 10 each side needs');
    }
  }, 120_000);
});
