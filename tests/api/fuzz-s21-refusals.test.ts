/**
 * Requests a fuzz review found accepted or answered wrongly, each now a 422 that says why: a date
 * conditioned beside a calendar part of it that contradicts it (202, then impossible rows or a failed
 * job), a report target without a holdout (silently no utility), a range with min above max ("the
 * data breaks the constraint"), and a problem whose `type` an extension had replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let fileId: string;
beforeAll(async () => {
  stack = await testStack();
  // month is the month of d on every row; v is free.
  const rows = Array.from({ length: 200 }, (_, i) => {
    const day = new Date(Date.UTC(2023, 0, 1) + i * 86_400_000);
    return `${day.toISOString().slice(0, 10)},${day.getUTCMonth() + 1},${i % 9}`;
  });
  fileId = (await uploadDirect<FileMeta>(stack.url, 'dm.csv', ['d,month,v', ...rows].join('\n'))).json.file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

type Problem = { type: string; status: number; detail: string; [k: string]: unknown };
const post = (path: string, json: Record<string, unknown>) => call<Problem>(stack.url, 'POST', path, { json });
const generate = (extra: Record<string, unknown>) => post('/synth/generate', { file_id: fileId, generator: 'gaussian_copula', seed: 1, rows: 5, ...extra });

describe('conditions on a date and its calendar part', () => {
  it('that contradict each other are a 422 at request time, naming both', async () => {
    const r = await generate({ conditions: { d: '2023-03-15', month: 7 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toBe('Conditions d = "2023-03-15" and month = 7 contradict each other: month is the month of d on every row of the data. Condition on one of them, or on values that agree.');
    expect(r.json.columns).toEqual(['d', 'month']);
  });

  it('that agree are accepted', async () => {
    expect((await generate({ conditions: { d: '2023-03-15', month: 3 } })).status).toBe(202);
  });

  it('are refused on a stored model too', async () => {
    const fit = await post('/synth/models/fit', { file_id: fileId, generator: 'gaussian_copula', seed: 1 });
    expect(fit.status).toBe(202);
    const modelId = (fit.json as unknown as { model_id: string; job_id: string }).model_id;
    await jobEnded(stack.url, (fit.json as unknown as { job_id: string }).job_id);
    const r = await post(`/synth/models/${modelId}/sample`, { rows: 5, seed: 1, conditions: { d: '2023-03-15', month: 7 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('contradict each other');
  });
});

it('a report target without a holdout is a 422 saying a target needs one', async () => {
  const r = await post('/validation/report', { real_file_id: fileId, synthetic_file_id: fileId, target: 'v' });
  expect(r.status).toBe(422);
  expect(r.json.detail).toContain('A target (v) needs a holdout');
  expect(r.json.missing).toEqual(['holdout_file_id']);
});

it('a range constraint with min above max is refused as malformed, before the data is judged', async () => {
  const r = await generate({ constraints: [{ type: 'range', column: 'v', min: 5, max: 4 }] });
  expect(r.status).toBe(422);
  expect(r.json.detail).toContain('a range needs min ≤ max');
  expect(r.json.detail).not.toContain('breaks');
});

it("a problem's type stays RFC 7807's: a datetime utility target's type is column_type", async () => {
  const r = await post('/validation/utility', { real_file_id: fileId, synthetic_file_id: fileId, holdout_file_id: fileId, target: 'd' });
  expect(r.status).toBe(422);
  expect(r.json.type).toBe('about:blank');
  expect(r.json.column_type).toBe('datetime');
});
