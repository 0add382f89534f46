/** Over HTTP, the s21 fuzz review's feature defects: each is a 422 naming the problem, or now applies as suggested. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (csv: string) => (await uploadDirect<FileMeta>(stack.url, 'f.csv', csv)).json.file_id;
const apply = (json: object) => call<{ job_id: string; file_id: string; detail?: string }>(stack.url, 'POST', '/features/apply', { json });
const applied = async (json: object) => {
  const r = await apply(json);
  expect(r.status, r.text).toBe(202);
  expect((await jobEnded(stack.url, r.json.job_id)).status).toBe('succeeded');
  return r.json.file_id;
};
const refused = async (json: object) => {
  const r = await apply(json);
  expect(r.status, r.text).toBe(422);
  return r.text;
};
const csvOf = async (id: string) => (await fetch(`${stack.url}/files/${id}/data?all=true`)).text();

describe('features apply (fuzz s21)', () => {
  it('refuses a boolean fill that is not one of its spellings, and fills JSON true with its own, the CSV and JSON pages agreeing', async () => {
    const file = await upload('b,n\ntrue,1\n,2\nfalse,3\ntrue,4\n');
    for (const value of ['maybe', 7]) expect(await refused({ file_id: file, steps: [{ kind: 'impute', column: 'b', strategy: 'constant', value }] })).toMatch(/is not a value of boolean b: give one of its spellings, \\"false\\" or \\"true\\", or JSON true or false/);
    const out = await applied({ file_id: file, steps: [{ kind: 'impute', column: 'b', strategy: 'constant', value: true }] });
    expect(await csvOf(out)).toBe('b,n\ntrue,1\ntrue,2\nfalse,3\ntrue,4\n');
    const rows = (await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${out}/data`)).json.rows;
    expect(rows.map((r) => r.b)).toEqual([true, true, false, true]);
  });

  it('fills a date written in the column format, refuses a bare number, and refuses text_length on dates', async () => {
    const file = await upload('d,v\n2024-01-01,1\n,2\n2024-01-03,3\n2024-01-04,4\n');
    expect(await csvOf(await applied({ file_id: file, steps: [{ kind: 'impute', column: 'd', strategy: 'constant', value: '2020-01-01' }] }))).toBe('d,v\n2024-01-01,1\n2020-01-01,2\n2024-01-03,3\n2024-01-04,4\n');
    expect(await refused({ file_id: file, steps: [{ kind: 'impute', column: 'd', strategy: 'constant', value: 5 }] })).toMatch(/write it in the column's format, YYYY-MM-DD/);
    expect(await refused({ file_id: file, steps: [{ kind: 'text_length', column: 'd' }] })).toMatch(/Column d is datetime; text_length needs a text, id or categorical column/);
  });

  it('refuses target_encode of the target itself, and tampered fitted parameters', async () => {
    const file = await upload('k,y\na,2007\nb,2008\na,2007\n');
    expect(await refused({ file_id: file, steps: [{ kind: 'target_encode', column: 'k', target: 'k' }] })).toMatch(/a column cannot be encoded by itself/);
    const pipeline = (input_columns: string[], fitted: object) => ({ format: 'tabmimic.features.v1', input_columns, steps: [{ spec: { kind: 'frequency', column: 'k' }, fitted }] });
    expect(await refused({ file_id: file, pipeline: pipeline(['k'], { frequencies: { a: 2, b: -1 } }) })).toMatch(/fitted\.frequencies\.a: must be a share of rows, 0 to 1/);
    expect(await refused({ file_id: file, pipeline: pipeline([], { frequencies: { a: 0.5 } }) })).toMatch(/must name the source columns the steps read/);
    const oneHot = { format: 'tabmimic.features.v1', input_columns: ['k'], steps: [{ spec: { kind: 'one_hot', column: 'k', max_levels: 20 }, fitted: { levels: [] } }] };
    expect(await refused({ file_id: file, pipeline: oneHot })).toMatch(/fitted\.levels: must list at least one level/);
  });

  it('applies the scale it suggests on values near 1e300', async () => {
    const file = await upload('x,y\n1e300,1\n-1e300,2\n1e300,3\n5,4\n');
    const s = await call<{ suggestions: { step: { kind: string; column?: string } }[] }>(stack.url, 'POST', '/features/suggestions', { json: { file_id: file } });
    const scale = s.json.suggestions.find((x) => x.step.kind === 'scale' && x.step.column === 'x');
    expect(scale).toBeDefined();
    await applied({ file_id: file, steps: [scale!.step] });
  });
});
