/**
 * The quality summary a conditioned generation stores is measured against the source rows that meet
 * its conditions (a file of Adelie penguins against the Adelie rows, not against all three species),
 * says what it was measured against, and the generated file records its conditions and constraints.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string };
type Summary = { overall: number; compared_with?: { rows: number; conditions?: Record<string, unknown>; whole_source?: { reason: string; matching_rows?: number } }; column_shapes_details?: { column: string; score: number }[] };

let stack: TestStack;
let source: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  source = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
  expect(source.status).toBe('ready');
});
afterAll(async () => {
  await stack?.destroy();
});

async function generated(body: Record<string, unknown>): Promise<FileMeta> {
  const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 3, ...body } });
  expect(started.status).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  return (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
}

describe('conditioned quality summary', () => {
  it('scores against the source rows meeting the conditions, and records them, the conditions and the constraints', async () => {
    const constraints = [{ type: 'positive', column: 'bill_length_mm' }];
    const file = await generated({ conditions: { species: 'Adelie' }, constraints });
    expect(file.lineage.details).toMatchObject({ conditions: { species: 'Adelie' }, constraints: [{ type: 'positive', column: 'bill_length_mm' }] });
    const q = file.quality as Summary;
    // penguins.csv holds 152 Adelie rows of 344.
    expect(q.compared_with).toEqual({ rows: 152, conditions: { species: 'Adelie' } });
    // Against the Adelie rows, species is alike (all Adelie both sides); against all rows it scored 44 %.
    expect(q.column_shapes_details?.find((d) => d.column === 'species')?.score).toBe(1);
    expect(q.overall).toBeGreaterThan(0.75);
  });

  it('keeps the whole source, and says why, when too few source rows meet the conditions', async () => {
    const file = await generated({ conditions: { species: 'Adelie', island: 'Biscoe', sex: 'male', year: 2007 }, rows: 50 });
    const q = file.quality as Summary;
    expect(q.compared_with?.rows).toBe(source.rows);
    expect(q.compared_with?.conditions).toBeUndefined();
    expect(q.compared_with?.whole_source?.matching_rows).toBeLessThan(20);
    expect(q.compared_with?.whole_source?.reason).toMatch(/too few/);
  });

  it('compares an unconditioned generation with the whole source', async () => {
    const file = await generated({ rows: 100 });
    expect((file.quality as Summary).compared_with).toEqual({ rows: source.rows });
    expect(file.lineage.details?.constraints).toBeUndefined();
  });

  it('says in a GET reply when the parent file was deleted', async () => {
    const own = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: own.file_id, generator: 'gaussian_copula', seed: 1, rows: 50 } });
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
    const get = () => call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`);
    expect((await get()).json.lineage.parent_deleted).toBeUndefined();
    expect((await call(stack.url, 'DELETE', `/files/${own.file_id}`)).status).toBe(204);
    const after = (await get()).json;
    expect(after.lineage.parent_deleted).toBe(true);
    expect((after.quality as Summary).overall).toBeGreaterThan(0);
  });
});
