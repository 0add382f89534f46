/**
 * Over HTTP, the s18 fuzz cases: a derived column named as an existing one, steps that overflow,
 * tampered pipelines (repeated levels, too many levels or steps), and a step after a drop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, featuresApplied, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (csv: string) => (await uploadDirect<FileMeta>(stack.url, 'f.csv', csv)).json.file_id;
const apply = (json: object) => call<{ job_id: string; file_id: string; pipeline: unknown }>(stack.url, 'POST', '/features/apply', { json });
const applied = (json: object) => featuresApplied(stack.url, json);
const csvOf = async (id: string) => (await fetch(`${stack.url}/files/${id}/data?all=true`)).text();

describe('features apply', () => {
  it('names an impute indicator b_missing_2 when b_missing exists, keeps b_missing, and re-applies to the same bytes', async () => {
    const file = await upload('b,b_missing\n1,5\n,6\n3,7\n4,8\n');
    const first = await applied({ file_id: file, steps: [{ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }] });
    const csv = await csvOf(first.file_id);
    expect(csv).toBe('b,b_missing_2,b_missing\n1,0,5\n3,1,6\n3,0,7\n4,0,8\n');
    const meta = (await call<FileMeta>(stack.url, 'GET', `/files/${first.file_id}`)).json;
    expect(meta.columns?.find((c) => c.name === 'b_missing_2')?.reason).toBe('1 where b was missing, else 0 (named b_missing_2, as a column b_missing was already there)');
    // The JSON rows hold both columns too (they had one key for two columns).
    const rows = (await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${first.file_id}/data`)).json.rows;
    expect(rows[1]).toEqual({ b: 3, b_missing_2: 1, b_missing: 6 });
    const again = await applied({ file_id: file, pipeline: first.pipeline });
    expect(await csvOf(again.file_id)).toBe(csv);
  });

  it('refuses a step that overflows with a 422 naming the step and column, writing no file', async () => {
    const file = await upload('a,z\n' + Array.from({ length: 20 }, (_, i) => `${i},${i + 1}e300`).join('\n') + '\n');
    const before = (await call<{ items: unknown[] }>(stack.url, 'GET', '/files')).json.items.length;
    const r = await apply({ file_id: file, steps: [{ kind: 'interaction', left: 'z', right: 'z' }] });
    expect(r.status).toBe(422);
    expect((r.json as unknown as { detail: string }).detail).toMatch(/^Step 0 \(interaction\) overflows: it would write infinity into z\*z \(row 1\)/);
    const lambda = await apply({ file_id: file, pipeline: { format: 'tabmimic.features.v1', input_columns: ['z'], steps: [{ spec: { kind: 'box_cox', column: 'z' }, fitted: { lambda: 1000 } }] } });
    expect(lambda.status).toBe(422);
    expect((await call<{ items: unknown[] }>(stack.url, 'GET', '/files')).json.items.length).toBe(before);
  });

  it('refuses tampered pipelines with a plain 422: repeated levels, levels past max_levels, over 200 steps', async () => {
    const file = await upload('c,v\nx,1\ny,2\nx,3\n');
    const oneHot = (levels: string[], max_levels = 20) => ({ format: 'tabmimic.features.v1', input_columns: ['c'], steps: [{ spec: { kind: 'one_hot', column: 'c', max_levels }, fitted: { levels } }] });
    const detail = async (pipeline: object) => {
      const r = await apply({ file_id: file, pipeline });
      expect(r.status).toBe(422);
      return (r.json as unknown as { detail: string }).detail;
    };
    expect(await detail(oneHot(['x', 'x', 'y']))).toBe('Pipeline step 0 (one_hot): fitted.levels: must not repeat a level.');
    expect(await detail(oneHot(Array.from({ length: 300 }, (_, i) => `L${i}`), 2))).toBe('Pipeline step 0 (one_hot): fitted.levels: must have at most max_levels (2) levels.');
    const log = { spec: { kind: 'log1p', column: 'v' }, fitted: {} };
    expect(await detail({ format: 'tabmimic.features.v1', input_columns: ['v'], steps: Array(5000).fill(log) })).toMatch(/pipeline\.steps: must have at most 200 steps/);
  });

  it('says a column a later step reads was dropped, and by which step', async () => {
    const file = await upload('c,v\nx,1\ny,2\nx,3\n');
    const r = await apply({ file_id: file, steps: [{ kind: 'drop', column: 'v' }, { kind: 'log1p', column: 'v' }] });
    expect(r.status).toBe(422);
    expect((r.json as unknown as { detail: string }).detail).toBe('Step 1 (log1p) reads column v, which step 0 (drop) removed: drop it after this step, or not at all.');
  });
});
