/**
 * Over HTTP, the fuzz run's validation findings: a column re-typed in the synthetic file was a 500
 * under `pair_aggregate: strong_only`; a synthetic file without a real column scored as if it had
 * none (quality 1.0) on every route; a synthetic target with no value scored; `ratio` got past the
 * row limit `rows` has. A generated file without a column dropped as PII still validates.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let real: FileMeta;
let lines: string[];

const post = <T = { detail: string; [k: string]: unknown }>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const upload = async (name: string, csv: string) => (await uploadDirect<FileMeta>(stack.url, name, csv)).json;
/** penguins with cell `j` of every row changed by `f`, or column `j` left out. */
const edited = (j: number, f: ((cell: string) => string) | 'drop') =>
  lines.map((l, i) => l.split(',').flatMap((c, k) => (k !== j ? [c] : f === 'drop' ? [] : [i === 0 ? c : f(c)])).join(',')).join('\n') + '\n';

beforeAll(async () => {
  stack = await testStack();
  lines = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
  real = await upload('penguins.csv', lines.join('\n') + '\n');
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('a column typed otherwise in the synthetic file', () => {
  it('quality and report: 200 under both aggregates, naming the column and both types', async () => {
    // flipper_length_mm as `w181`: text in the synthetic file, numbers in the real one.
    const syn = await upload('retyped.csv', edited(4, (c) => (c === 'NA' || c === '' ? c : `w${c}`)));
    const scores: Record<string, number> = {};
    for (const pair_aggregate of ['all', 'strong_only']) {
      const q = await post<{ overall: number; retyped_columns: unknown; column_shapes: { details: { column: string; score: number }[] } }>('/validation/quality', {
        real_file_id: real.file_id,
        synthetic_file_id: syn.file_id,
        pair_aggregate,
      });
      expect(q.status, `${pair_aggregate}: ${q.text}`).toBe(200);
      expect(q.json.retyped_columns).toEqual([{ column: 'flipper_length_mm', real_type: expect.stringMatching(/integer|float/), synthetic_type: expect.stringMatching(/categorical|text/), unreadable: 342 }]);
      expect(q.json.column_shapes.details.find((d) => d.column === 'flipper_length_mm')?.score).toBe(0);
      scores[pair_aggregate] = q.json.overall;
      const r = await post('/validation/report', { real_file_id: real.file_id, synthetic_file_id: syn.file_id, holdout_file_id: real.file_id, target: 'sex', pair_aggregate, pair_details: 'none' });
      expect(r.status, `${pair_aggregate} report: ${r.text}`).toBe(200);
    }
    expect(scores.all).toBeLessThan(1);
    expect(scores.strong_only).toBeLessThan(1);
  });

  it('a copy with a column re-typed by a schema edit scores as the real file itself', async () => {
    const copy = await upload('copy.csv', lines.join('\n') + '\n');
    const edit = await call(stack.url, 'PUT', `/files/${copy.file_id}/schema`, { json: { columns: [{ name: 'bill_length_mm', type: 'categorical' }] } });
    expect(edit.status, edit.text).toBe(200);
    for (const pair_aggregate of ['all', 'strong_only']) {
      const same = await post<{ overall: number }>('/validation/quality', { real_file_id: real.file_id, synthetic_file_id: real.file_id, pair_aggregate });
      const q = await post<{ overall: number; retyped_columns: unknown }>('/validation/quality', { real_file_id: real.file_id, synthetic_file_id: copy.file_id, pair_aggregate });
      expect(q.status, q.text).toBe(200);
      expect(q.json.retyped_columns).toEqual([{ column: 'bill_length_mm', real_type: 'float', synthetic_type: 'categorical' }]);
      expect(q.json.overall, pair_aggregate).toBeCloseTo(same.json.overall, 10);
    }
  });
});

describe('a real column missing from the synthetic file', () => {
  let syn: FileMeta;
  beforeAll(async () => {
    syn = await upload('no-body-mass.csv', edited(5, 'drop'));
  });

  it('quality, privacy, utility and report: a 422 naming it', async () => {
    const pair = { real_file_id: real.file_id, synthetic_file_id: syn.file_id };
    const calls: [string, unknown][] = [
      ['/validation/quality', pair],
      ['/validation/quality', { ...pair, pair_aggregate: 'strong_only' }],
      ['/validation/privacy', pair],
      ['/validation/utility', { ...pair, holdout_file_id: real.file_id, target: 'species' }],
      ['/validation/report', { ...pair, holdout_file_id: real.file_id, target: 'species' }],
    ];
    for (const [path, body] of calls) {
      const r = await post(path, body);
      expect(r.status, `${path}: ${r.text}`).toBe(422);
      expect(r.type).toBe('application/problem+json');
      expect(r.json.detail).toContain("lacks the real file's column body_mass_g");
      expect(r.json.missing).toEqual(['body_mass_g']);
    }
  });

  it('diagnostic and drift report it by name', async () => {
    const d = await post<{ data_structure: { missing_columns: string[]; columns_match: number } }>('/validation/diagnostic', { real_file_id: real.file_id, synthetic_file_id: syn.file_id });
    expect(d.status, d.text).toBe(200);
    expect(d.json.data_structure.missing_columns).toEqual(['body_mass_g']);
    expect(d.json.data_structure.columns_match).toBeLessThan(1);
    const v = await post<{ columns: { column: string; verdict: string }[] }>('/validation/drift', { reference_file_id: real.file_id, current_file_id: syn.file_id });
    expect(v.status, v.text).toBe(200);
    expect(v.json.columns.find((c) => c.column === 'body_mass_g')?.verdict).toBe('drift');
  });

  it('utility: a synthetic target with no value is a 422 naming it', async () => {
    const empty = await upload('no-sex.csv', edited(6, () => ''));
    const r = await post('/validation/utility', { real_file_id: real.file_id, synthetic_file_id: empty.file_id, holdout_file_id: real.file_id, target: 'sex' });
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toBe('The target column sex has no values in the synthetic file: a model cannot learn or be tested on it.');
  });

  it('is no fault in a generated file whose model dropped it as PII, even after the schema keeps it again', async () => {
    const source = await upload('people.csv', 'name,age,plan\n' + Array.from({ length: 60 }, (_, i) => `Person ${i},${20 + (i % 40)},${'abc'[i % 3]}`).join('\n') + '\n');
    const drop = await call(stack.url, 'PUT', `/files/${source.file_id}/schema`, { json: { columns: [{ name: 'name', pii_action: 'drop', pii_kind: 'person_name' }] } });
    expect(drop.status, drop.text).toBe(200);
    const started = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', { file_id: source.file_id, generator: 'gaussian_copula', seed: 1 });
    expect(started.status, started.text).toBe(202);
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
    const pair = { real_file_id: source.file_id, synthetic_file_id: started.json.generated_file_id };
    for (const path of ['/validation/quality', '/validation/privacy']) expect((await post(path, pair)).status, path).toBe(200);
    const keep = await call(stack.url, 'PUT', `/files/${source.file_id}/schema`, { json: { columns: [{ name: 'name', pii_action: 'keep', pii_kind: 'person_name' }] } });
    expect(keep.status, keep.text).toBe(200);
    expect((await post('/validation/quality', pair)).status).toBe(200);
    // An uploaded copy without the column has no model that dropped it: refused.
    const copy = await upload('people-copy.csv', 'age,plan\n' + Array.from({ length: 60 }, (_, i) => `${20 + (i % 40)},${'abc'[i % 3]}`).join('\n') + '\n');
    const refused = await post('/validation/quality', { real_file_id: source.file_id, synthetic_file_id: copy.file_id });
    expect(refused.status).toBe(422);
    expect(refused.json.missing).toEqual(['name']);
  }, 120_000);

  it('is no fault when the real schema leaves it out of the model: the primary key', async () => {
    const source = await upload('keyed.csv', 'id,age,plan\n' + Array.from({ length: 60 }, (_, i) => `k${i},${20 + (i % 40)},${'abc'[i % 3]}`).join('\n') + '\n');
    const copy = await upload('unkeyed.csv', 'age,plan\n' + Array.from({ length: 60 }, (_, i) => `${20 + ((i * 7) % 40)},${'abc'[i % 3]}`).join('\n') + '\n');
    const pair = { real_file_id: source.file_id, synthetic_file_id: copy.file_id };
    expect((await post('/validation/quality', pair)).json.missing).toEqual(['id']);
    const key = await call(stack.url, 'PUT', `/files/${source.file_id}/schema`, { json: { columns: [{ name: 'id', primary_key: true }] } });
    expect(key.status, key.text).toBe(200);
    for (const path of ['/validation/quality', '/validation/privacy']) expect((await post(path, pair)).status, path).toBe(200);
  });
});

describe('generation size', () => {
  it('refuses a ratio past the row limit as rows are refused, naming the count and the limit', async () => {
    const diamonds = await upload('diamonds.csv', await readFile(dataset('diamonds.csv'), 'utf8'));
    const r = await post('/synth/generate', { file_id: diamonds.file_id, generator: 'gaussian_copula', ratio: 1000, seed: 1 });
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toContain('makes 53940000 rows, more than the limit of 10000000');
    expect(r.json).toMatchObject({ rows: 53_940_000, limit: 10_000_000 });
    expect((await post('/synth/generate', { file_id: diamonds.file_id, generator: 'gaussian_copula', rows: 53_940_000, seed: 1 })).status).toBe(422);
  }, 120_000);
});
