import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { call, dataset, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let credit: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  credit = (await uploadDirect<FileMeta>(stack.url, 'credit.csv', await readFile(dataset('credit.csv')))).json;
});
afterAll(async () => {
  await stack?.destroy();
});

const finished = (id: string) =>
  until(async () => {
    const j = await call<Job>(stack.url, 'GET', `/jobs/${id}`);
    return j.json.status === 'succeeded' || j.json.status === 'failed' ? j.json : undefined;
  }, `job ${id}`, 60_000);

const csvOf = async (id: string) => (await fetch(`${stack.url}/files/${id}/data?all=true`)).text();

describe('features API', () => {
  it('suggests, applies as a job with lineage, and re-applies the saved pipeline to the same bytes', async () => {
    const s = await call<{ suggestions: { kind: string; columns: string[]; step: Record<string, unknown>; rationale: string }[] }>(stack.url, 'POST', '/features/suggestions', {
      json: { file_id: credit.file_id, target: 'Status' },
    });
    expect(s.status).toBe(200);
    const chosen = s.json.suggestions.filter((x) => ['impute', 'log1p', 'one_hot'].includes(x.kind)).map((x) => x.step);
    expect(chosen.length).toBeGreaterThan(3);

    const applied = await call<{ job_id: string; file_id: string; pipeline: unknown }>(stack.url, 'POST', '/features/apply', { json: { file_id: credit.file_id, steps: chosen } });
    expect(applied.status).toBe(202);
    expect((await finished(applied.json.job_id)).status).toBe('succeeded');
    const out = (await call<FileMeta>(stack.url, 'GET', `/files/${applied.json.file_id}`)).json;
    expect(out).toMatchObject({ status: 'ready', rows: 4454, lineage: { parent: credit.file_id, operation: 'features' } });
    expect(out.columns?.some((c) => c.name === 'Income_missing')).toBe(true);

    const again = await call<{ job_id: string; file_id: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: credit.file_id, pipeline: applied.json.pipeline } });
    expect((await finished(again.json.job_id)).status).toBe('succeeded');
    expect(await csvOf(again.json.file_id)).toBe(await csvOf(applied.json.file_id));
  }, 120_000);

  it('splits a date into parts, and a synthetic copy of the result keeps every row\'s parts its date\'s', async () => {
    const weather = (await uploadDirect<FileMeta>(stack.url, 'seattle_weather.csv', await readFile(dataset('seattle_weather.csv')))).json;
    const steps = [{ kind: 'datetime_parts', column: 'date', parts: ['year', 'month', 'day', 'day_of_week'] }];
    const applied = await call<{ job_id: string; file_id: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: weather.file_id, steps } });
    expect((await finished(applied.json.job_id)).status).toBe('succeeded');
    const generated = await call<{ job_id: string; generated_file_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: applied.json.file_id, generator: 'gaussian_copula', rows: 200, seed: 2 } });
    expect((await finished(generated.json.job_id)).status).toBe('succeeded');
    const rows = (await call<Record<string, string | number>[]>(stack.url, 'GET', `/synth/${generated.json.generated_file_id}/download?format=json`)).json;
    for (const row of rows) {
      const d = new Date(`${row.date}T00:00:00Z`);
      expect([row.date_year, row.date_month, row.date_day, row.date_day_of_week]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), (d.getUTCDay() + 6) % 7]);
    }
    const model = (await call<{ formulas?: { column: string; expression: string }[] }>(stack.url, 'GET', `/synth/models/${generated.json.model_id}`)).json;
    expect(model.formulas?.map((f) => `${f.column} = ${f.expression}`)).toEqual(expect.arrayContaining(['date_month = month of date', 'date_day_of_week = day of week of date']));
    // The stored model meets a condition on a part by drawing dates until the part is the one asked for.
    const july = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', `/synth/models/${generated.json.model_id}/sample`, { json: { rows: 30, seed: 4, conditions: { date_month: 7 } } });
    expect(july.status).toBe(202);
    expect((await finished(july.json.job_id)).status).toBe('succeeded');
    const julyRows = (await call<Record<string, string | number>[]>(stack.url, 'GET', `/synth/${july.json.generated_file_id}/download?format=json`)).json;
    expect(julyRows.every((row) => row.date_month === 7 && String(row.date).slice(5, 7) === '07')).toBe(true);
    const never = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${generated.json.model_id}/sample`, { json: { rows: 5, conditions: { date_month: 13 } } });
    expect(never.status).toBe(422);
    // ctgan conditions on categories only, but its stored model computes the part: the condition is met the same way.
    const ctgan = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: applied.json.file_id, generator: 'ctgan', rows: 20, seed: 2, params: { epochs: 2 } } });
    expect((await finished(ctgan.json.job_id)).status).toBe('succeeded');
    const ctganModel = (await call<{ formulas?: { column: string; kind?: string }[] }>(stack.url, 'GET', `/synth/models/${ctgan.json.model_id}`)).json;
    expect(ctganModel.formulas?.find((f) => f.column === 'date_month')?.kind).toBe('date_part');
    const ctganJuly = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', `/synth/models/${ctgan.json.model_id}/sample`, { json: { rows: 10, seed: 4, conditions: { date_month: 7 } } });
    expect(ctganJuly.status).toBe(202);
    expect((await finished(ctganJuly.json.job_id)).status).toBe('succeeded');
    const ctganRows = (await call<Record<string, string | number>[]>(stack.url, 'GET', `/synth/${ctganJuly.json.generated_file_id}/download?format=json`)).json;
    expect(ctganRows.every((row) => row.date_month === 7 && String(row.date).slice(5, 7) === '07')).toBe(true);
    // A column it models, not computes, stays refused for ctgan: numbers are not its to condition on.
    const modelled = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${ctgan.json.model_id}/sample`, { json: { rows: 5, conditions: { temp_max: 20 } } });
    expect(modelled.status).toBe(422);
  }, 120_000);

  it('one-hot encodes a column, and a synthetic copy of the result sets at most one of its flags on every row', async () => {
    const applied = await call<{ job_id: string; file_id: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: credit.file_id, steps: [{ kind: 'one_hot', column: 'Home' }] } });
    expect((await finished(applied.json.job_id)).status).toBe('succeeded');
    const flags = (await call<FileMeta>(stack.url, 'GET', `/files/${applied.json.file_id}`)).json.columns!.map((c) => c.name).filter((name) => name.startsWith('Home='));
    expect(flags.length).toBeGreaterThan(2);
    const generated = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: applied.json.file_id, generator: 'gaussian_copula', rows: 500, seed: 3 } });
    expect((await finished(generated.json.job_id)).status).toBe('succeeded');
    const rows = (await call<Record<string, number>[]>(stack.url, 'GET', `/synth/${generated.json.generated_file_id}/download?format=json`)).json;
    expect(rows.every((row) => flags.reduce((sum, flag) => sum + row[flag]!, 0) <= 1)).toBe(true);
    expect(flags.filter((flag) => rows.some((row) => row[flag] === 1)).length).toBeGreaterThan(3);
    // A generation that sets one flag to 1 keeps the group: that flag, and no other, on every row.
    const owners = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: applied.json.file_id, generator: 'gaussian_copula', rows: 200, seed: 3, conditions: { [flags[1]!]: 1 } } });
    expect((await finished(owners.json.job_id)).status).toBe('succeeded');
    const owned = (await call<Record<string, number>[]>(stack.url, 'GET', `/synth/${owners.json.generated_file_id}/download?format=json`)).json;
    expect(owned.every((row) => flags.every((flag) => row[flag] === (flag === flags[1] ? 1 : 0)))).toBe(true);
  });

  it('refuses invalid steps with 422, writing nothing', async () => {
    const before = (await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=1000')).json.items.length;
    for (const steps of [
      [{ kind: 'log1p', column: 'Nope' }],
      [{ kind: 'log1p', column: 'Home' }],
      [{ kind: 'target_encode', column: 'Job', target: 'Missing' }],
      [{ kind: 'teleport', column: 'Age' }],
    ]) {
      const r = await call(stack.url, 'POST', '/features/apply', { json: { file_id: credit.file_id, steps } });
      expect(r.status).toBe(422);
    }
    expect((await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=1000')).json.items.length).toBe(before);
  });
});
