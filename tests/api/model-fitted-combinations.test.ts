/**
 * A stored model's constraints checked against the real rows as it learned them, over HTTP on the
 * embedded stack, when the source was retyped since the fit (fitted-columns.ts realAsFitted):
 * - a label column since made a float: a `fixed_combinations` matched `7` where the model writes
 *   `7.0`, so a condition on a label it learned was refused as breaking the constraint;
 * - a date column since made text, or a label column since made a date: the real rows were read in
 *   the current type, so an inequality on dates was refused (`start is text`), and a date label
 *   compared by its epoch milliseconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type Generated, type TestStack } from '../helpers/stack.js';
import { fittedModel, retypeColumn } from '../helpers/stored-model.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const post = <T = { detail: string }>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

/**
 * 60 rows: `b` one of six numbers written with one decimal (`7.0`), `c` the category each `b` goes
 * with (i % 6 settles both), `start` and `end` dates with `end` 3 to 9 days after `start`, `day` one of three dates.
 */
function source(): string {
  const lines = ['b,c,start,end,day'];
  for (let i = 0; i < 60; i++) {
    const start = new Date(Date.UTC(2021, 0, 1 + i));
    const end = new Date(start.getTime() + (3 + (i % 7)) * 86_400_000);
    lines.push([((i % 6) * 3.5).toFixed(1), 'xyz'[i % 3], start.toISOString().slice(0, 10), end.toISOString().slice(0, 10), `2021-03-0${1 + (i % 3)}`].join(','));
  }
  return lines.join('\n') + '\n';
}

async function upload(name: string): Promise<string> {
  const up = await uploadDirect<FileMeta>(stack.url, name, source());
  expect(up.status, up.text).toBe(201);
  return up.json.file_id;
}

/** Samples, waits for the job to succeed, and returns the new file's rows. */
async function sampled(modelId: string, body: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const s = await post<Generated>(`/synth/models/${modelId}/sample`, { rows: 30, seed: 5, ...body });
  expect(s.status, s.text).toBe(202);
  const job = await jobEnded(stack.url, s.json.job_id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return (await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${s.json.generated_file_id}/data?limit=100`)).json.rows;
}

describe('constraints on columns retyped since the fit', () => {
  it('matches fixed_combinations on labels fitted as categories, since made a float, as the labels are written', async () => {
    const fileId = await upload('labels.csv');
    await retypeColumn(stack.url, fileId, 'b', 'categorical');
    const modelId = await fittedModel(stack.url, fileId);
    await retypeColumn(stack.url, fileId, 'b', 'float');

    // `7.0` goes with `z` only; read as the float 7 it was no label of the data, and the condition "broke" the constraint.
    const rows = await sampled(modelId, { conditions: { b: '7.0' }, constraints: [{ type: 'fixed_combinations', columns: ['b', 'c'] }] });
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => `${String(r.b)}|${String(r.c)}`))).toEqual(new Set(['7.0|z']));
  }, 120_000);

  it('reads a date column fitted as datetime, since made text, as dates for an inequality', async () => {
    const fileId = await upload('dates.csv');
    const modelId = await fittedModel(stack.url, fileId);
    await retypeColumn(stack.url, fileId, 'start', 'text');

    const rows = await sampled(modelId, { constraints: [{ type: 'inequality', low: 'start', high: 'end' }] });
    expect(rows).toHaveLength(30);
    for (const r of rows) expect(String(r.start) <= String(r.end), `${String(r.start)} ≤ ${String(r.end)}`).toBe(true);
  }, 120_000);

  it('matches fixed_combinations on date labels fitted as categories, since made datetime, as the dates are written', async () => {
    const fileId = await upload('days.csv');
    await retypeColumn(stack.url, fileId, 'day', 'categorical');
    const modelId = await fittedModel(stack.url, fileId);
    await retypeColumn(stack.url, fileId, 'day', 'datetime');

    const rows = await sampled(modelId, { conditions: { day: '2021-03-02' }, constraints: [{ type: 'fixed_combinations', columns: ['day', 'c'] }] });
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => `${String(r.day)}|${String(r.c)}`))).toEqual(new Set(['2021-03-02|y']));
  }, 120_000);
});
