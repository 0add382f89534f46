import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { call, dataset, downloaded, generated, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string; model_id: string; seed: number; rows: number };
type Generators = { generators: { name: string; aliases: string[]; params: Record<string, unknown> }[] };

let stack: TestStack;
let source: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  source = (await uploadDirect<FileMeta>(stack.url, 'credit.csv', await readFile(dataset('credit.csv')))).json;
  expect(source.status).toBe('ready');
});
afterAll(async () => {
  await stack?.destroy();
});

const finished = (jobId: string) => jobEnded(stack.url, jobId);

const generate = (body: Record<string, unknown>) => call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, ...body } });

const downloadCsv = async (fileId: string) => (await downloaded(stack.url, fileId)).text();

describe('generation API', () => {
  it('lists generators with JSON Schema params', async () => {
    const r = await call<Generators>(stack.url, 'GET', '/synth/models');
    const copula = r.json.generators.find((g) => g.name === 'gaussian_copula');
    expect(copula?.aliases).toContain('sdv_copula');
    expect(copula?.params.type).toBe('object');
    expect(Object.keys(copula?.params.properties as object)).toContain('strata');
  });

  it('generates, reports progress to 100%, stores a quality summary, downloads in source formats', async () => {
    const started = await generate({ generator: 'sdv_copula', rows: 500, seed: 11 });
    expect(started.status).toBe(202);
    const job = await finished(started.json.job_id);
    expect(job.status).toBe('succeeded');
    expect(job.progress.percent).toBe(100);
    const gen = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect(gen.status).toBe('ready');
    expect(gen.rows).toBe(500);
    expect(gen.lineage).toMatchObject({ parent: source.file_id, operation: 'synthesize', details: { seed: 11, job_id: started.json.job_id } });
    expect(gen.columns?.map((c) => [c.name, c.type])).toEqual(source.columns?.map((c) => [c.name, c.type]));
    expect(Number((gen.quality as { overall: number }).overall)).toBeGreaterThan(0.7);
    const csv = await downloadCsv(gen.file_id);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('Status,Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price');
    expect(lines).toHaveLength(501);
    for (const line of lines.slice(1, 50)) {
      const cells = line.split(',');
      expect(['good', 'bad']).toContain(cells[0]);
      expect(cells[1]).toMatch(/^\d+$/); // integers stay integers
    }
    const json = await call<Record<string, unknown>[]>(stack.url, 'GET', `/synth/${gen.file_id}/download?format=json`);
    expect(json.json).toHaveLength(500);
    const bytes = new Uint8Array(await (await downloaded(stack.url, gen.file_id, 'parquet')).arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('PAR1');
    // Credit's housing groups differ in their numbers: the copula fitted one per group, and says so.
    const model = await call<{ groups?: { column: string; groups: { levels: (string | null)[]; share: number }[] } }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`);
    expect(model.json.groups?.column).toBe('Home');
    expect(model.json.groups?.groups.reduce((sum, g) => sum + g.share, 0)).toBeCloseTo(1, 12);
    expect(model.json.groups?.groups.flatMap((g) => g.levels)).toContain('rent');
  }, 120_000);

  it('is reproducible to the byte with a seed', async () => {
    const a = await generate({ generator: 'gaussian_copula', rows: 300, seed: 5 });
    const b = await generate({ generator: 'gaussian_copula', rows: 300, seed: 5 });
    await finished(a.json.job_id);
    await finished(b.json.job_id);
    expect(await downloadCsv(a.json.generated_file_id)).toBe(await downloadCsv(b.json.generated_file_id));
  });

  it('samples again from a stored model without refitting, honouring conditions', async () => {
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', {
      json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 3 },
    });
    expect(fit.status).toBe(202);
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    const sample = await call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, {
      json: { rows: 200, seed: 1, conditions: { Status: 'bad' } },
    });
    expect(sample.status).toBe(202);
    // Its page follows the run by the job named in its lineage, as a generation's does.
    const sampling = await call<{ lineage: { details: { job_id?: string } } }>(stack.url, 'GET', `/files/${sample.json.generated_file_id}`);
    expect(sampling.json.lineage.details.job_id).toBe(sample.json.job_id);
    expect((await finished(sample.json.job_id)).status).toBe('succeeded');
    const csv = await downloadCsv(sample.json.generated_file_id);
    const statuses = csv.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(statuses).toHaveLength(200);
    expect(new Set(statuses)).toEqual(new Set(['bad']));
    // Values no group of the fitted mixture holds together (no widow lives with her parents in
    // credit) are refused when the request arrives, with no job or file started.
    const files = async () => (await call<{ items: unknown[] }>(stack.url, 'GET', '/files?limit=1000')).json.items.length;
    const before = await files();
    const apart = await call(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 10, seed: 1, conditions: { Home: 'parents', Marital: 'widow' } } });
    expect(apart.status).toBe(422);
    expect(apart.type).toContain('application/problem+json');
    expect(apart.json.detail).toContain('Home = "parents", Marital = "widow": no group of Home has these values together');
    expect(await files()).toBe(before);
    // A model a job is sampling is not deleted under it.
    const busy = await call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 1_000_000, seed: 2 } });
    const refused = await call<{ detail: string }>(stack.url, 'DELETE', `/synth/models/${fit.json.model_id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain(busy.json.job_id);
    expect((await call(stack.url, 'DELETE', `/synth/jobs/${busy.json.job_id}`)).status).toBeLessThan(300);
    await finished(busy.json.job_id);
    // Deleting the model removes every object it had; what was sampled from it stays.
    expect(await stack.services.blobs.list(`models/${fit.json.model_id}/`)).not.toEqual([]);
    expect((await call(stack.url, 'DELETE', `/synth/models/${fit.json.model_id}`)).status).toBe(204);
    // Idempotent, as DELETE /files is: a retried delete is safe (tests/api/model-delete.test.ts).
    expect((await call(stack.url, 'DELETE', `/synth/models/${fit.json.model_id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(`models/${fit.json.model_id}/`)).toEqual([]);
    expect(await stack.services.blobs.list(`model-sources/${source.file_id}/${fit.json.model_id}`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${fit.json.model_id}`)).status).toBe(404);
    expect((await call(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 10 } })).status).toBe(404);
    expect((await call(stack.url, 'GET', `/files/${sample.json.generated_file_id}`)).json.status).toBe('ready');
    expect((await call(stack.url, 'DELETE', '/synth/models/not-an-id')).status).toBe(404);
  });

  it('scores quality on demand', async () => {
    const started = await generate({ generator: 'gaussian_copula', seed: 2 });
    await finished(started.json.job_id);
    const q = await call<{ overall: number; column_shapes: { details: unknown[] } }>(stack.url, 'POST', '/validation/quality', {
      json: { real_file_id: source.file_id, synthetic_file_id: started.json.generated_file_id },
    });
    expect(q.status).toBe(200);
    expect(q.json.overall).toBeGreaterThan(0.7);
    expect(q.json.column_shapes.details).toHaveLength(14);
    const same = await call<{ overall: number }>(stack.url, 'POST', '/validation/quality', {
      json: { real_file_id: source.file_id, synthetic_file_id: source.file_id },
    });
    expect(same.json.overall).toBeCloseTo(1, 10);
  });

  it('runs the diagnostic and privacy reports on a generated file', async () => {
    const started = await generate({ generator: 'gaussian_copula', seed: 4 });
    await finished(started.json.job_id);
    const pair = { real_file_id: source.file_id, synthetic_file_id: started.json.generated_file_id };
    const d = await call<{ overall: number; data_validity: { details: { metric: string; score: number }[] } }>(stack.url, 'POST', '/validation/diagnostic', { json: pair });
    expect(d.status).toBe(200);
    expect(d.json.overall).toBeGreaterThan(0.95);
    expect(d.json.data_validity.details.filter((c) => c.metric === 'BoundaryAdherence').every((c) => c.score === 1)).toBe(true);
    const p = await call<{ exact_copies: { verdict: string }; dcr_baseline_protection: { score: number }; sample: { subsampled: boolean } }>(stack.url, 'POST', '/validation/privacy', { json: pair });
    expect(p.status).toBe(200);
    expect(p.json.sample.subsampled).toBe(true);
    expect(p.json.dcr_baseline_protection.score).toBeGreaterThan(0);
    expect((await call(stack.url, 'POST', '/validation/privacy', { json: { ...pair, holdout_file_id: 'f_0000000000000' } })).status).toBe(404);
  });

  it('cancels a running job; its output ends failed with nothing behind', async () => {
    const started = await generate({ generator: 'gaussian_copula', rows: 2_000_000, seed: 1 });
    const cancel = await call<Job>(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`);
    expect(cancel.status).toBe(202);
    const job = await finished(started.json.job_id);
    expect(job.status).toBe('cancelled');
    const gen = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect(gen.status).toBe('failed');
    expect(await stack.services.blobs.list(`files/${gen.file_id}/`)).toEqual([]);
    // A second cancel, of a job that has ended, is a conflict, and leaves the record as it was.
    const again = await call(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`);
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('ended cancelled');
    expect((await call<Job>(stack.url, 'GET', `/jobs/${started.json.job_id}`)).json).toEqual(job);
  });

  it('honours constraints, and refuses ones the data breaks', async () => {
    const started = await generate({
      generator: 'gaussian_copula',
      rows: 300,
      seed: 8,
      constraints: [
        { type: 'inequality', low: 'Amount', high: 'Price' },
        { type: 'positive', column: 'Age', strict: true },
      ],
    });
    expect(started.status).toBe(202);
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const rows = (await downloadCsv(started.json.generated_file_id)).trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(300);
    for (const r of rows) if (r[12] && r[13]) expect(Number(r[12])).toBeLessThanOrEqual(Number(r[13]));
    const broken = await generate({ generator: 'gaussian_copula', constraints: [{ type: 'inequality', low: 'Price', high: 'Amount' }] });
    expect(broken.status).toBe(422);
    expect(broken.text).toContain('breaks the constraint');
    expect((await generate({ generator: 'privbayes', conditions: { Status: 'bad' } })).status).toBe(422);
    // Conditions that break a constraint are refused at once, not by a job failing at 0 % acceptance.
    const contradiction = await generate({ generator: 'gaussian_copula', conditions: { Amount: 2000, Price: 1000 }, constraints: [{ type: 'inequality', low: 'Amount', high: 'Price' }] });
    expect(contradiction.status).toBe(422);
    expect(contradiction.text).toContain('The conditions break the constraint');
  });

  it('rejects bad requests with a 4xx that says why', async () => {
    const unknown = await generate({ generator: 'nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('gaussian_copula');
    expect((await generate({ generator: 'gaussian_copula', rows: 0 })).status).toBe(422);
    expect((await generate({ generator: 'gaussian_copula', rows: 10, ratio: 2 })).status).toBe(422);
    expect((await generate({ generator: 'gaussian_copula', conditions: { Nope: 1 } })).status).toBe(422);
    expect((await generate({ generator: 'gaussian_copula', conditions: { Status: 'excellent' } })).status).toBe(422);
    expect((await generate({ generator: 'gaussian_copula', params: { no_such_param: 1 } })).status).toBe(422);
    expect((await call(stack.url, 'POST', '/synth/generate', { json: { file_id: 'f_0000000000000', generator: 'gaussian_copula' } })).status).toBe(404);
    expect((await call(stack.url, 'GET', '/synth/jobs/j_0000000000000')).status).toBe(404);
  });
});

describe('columns that are sums of others', () => {
  it('computes a total from its parts, and models it when the request conditions on it', async () => {
    const lines = ['north,south,total'];
    for (let i = 0; i < 150; i++) lines.push(`${1000 + ((i * 37) % 900)},${500 + ((i * 53) % 700)},${1500 + ((i * 37) % 900) + ((i * 53) % 700)}`);
    const up = await uploadDirect<FileMeta>(stack.url, 'totals.csv', `${lines.join('\n')}\n`);
    const rows = async (started: { json: Started }) => {
      expect((await finished(started.json.job_id)).status).toBe('succeeded');
      return (await call<Record<string, number>[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
    };
    const free = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 100, seed: 1 } });
    expect((await rows(free)).every((r) => r.total === r.north! + r.south!)).toBe(true);
    expect((await call<{ formulas?: unknown[] }>(stack.url, 'GET', `/synth/models/${free.json.model_id}`)).json.formulas).toEqual([{ column: 'total', expression: 'south + north', parts: ['south', 'north'], kind: 'sum' }]);
    // Conditioned on, the total is modelled and a part computed as the difference: it still adds up.
    const fixed = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 50, seed: 1, conditions: { total: 2500 } } });
    expect(fixed.status).toBe(202);
    expect((await rows(fixed)).every((r) => r.total === 2500 && r.north! + r.south! === 2500)).toBe(true);
    // A formula constraint on a part of a stored model's sum would break it: refused at once.
    const formula = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${free.json.model_id}/sample`, { json: { rows: 5, constraints: [{ type: 'formula', column: 'north', expression: 'total - south' }] } });
    expect(formula.status).toBe(422);
    expect(formula.json.detail).toContain('The model computes total = south + north');
    // The fitted model without conditions computes the total: a condition on it is refused at once.
    const refused = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${free.json.model_id}/sample`, { json: { rows: 5, conditions: { total: 2500 } } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toContain('total is computed as south + north');
  });
});

describe('columns that rise or fall with another', () => {
  it('computes a square and a log along the data\'s curve, and says so in the model record', async () => {
    const lines = ['age,spend,age_sq,log_age'];
    for (let i = 0; i < 160; i++) {
      const age = 20 + ((i * 7) % 41);
      lines.push(`${age},${100 + ((i * 53) % 400)},${age * age},${Math.log(age).toFixed(4)}`);
    }
    const up = await uploadDirect<FileMeta>(stack.url, 'curves.csv', `${lines.join('\n')}\n`);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 100, seed: 3 } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const rows = (await call<Record<string, number>[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
    expect(rows.every((r) => r.age_sq === r.age! * r.age! && r.log_age === Number(Math.log(r.age!).toFixed(4)))).toBe(true);
    const model = (await call<{ formulas?: unknown[] }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).json;
    expect(model.formulas).toEqual([
      { column: 'age_sq', expression: 'an increasing function of age', parts: ['age'], kind: 'curve' },
      { column: 'log_age', expression: 'an increasing function of age', parts: ['age'], kind: 'curve' },
    ]);
    const refused = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${started.json.model_id}/sample`, { json: { rows: 5, conditions: { age_sq: 900 } } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toContain('age_sq is computed as an increasing function of age');
  });
});

describe('columns that sit just above others', () => {
  it('keeps a high above its low and an end after its start on every generated row', async () => {
    const lines = ['start,end,low,high'];
    for (let i = 0; i < 200; i++) {
      const start = Date.UTC(2024, 0, 1) + ((i * 7919) % 8760) * 3_600_000;
      const end = start + (1 + ((i * 31) % 40)) * 3_600_000;
      const low = 100 + ((i * 37) % 300) + ((i * 13) % 7) / 10;
      lines.push(`${new Date(start).toISOString().slice(0, 16).replace('T', ' ')},${new Date(end).toISOString().slice(0, 16).replace('T', ' ')},${low.toFixed(1)},${(low + ((i * 17) % 9) / 2).toFixed(1)}`);
    }
    const up = await uploadDirect<FileMeta>(stack.url, 'ordered.csv', `${lines.join('\n')}\n`);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 150, seed: 4 } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const rows = (await call<Record<string, string | number>[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
    expect(rows.every((r) => Number(r.low) <= Number(r.high) && String(r.start) <= String(r.end) && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(String(r.end)))).toBe(true);
    const model = (await call<{ formulas?: { column: string; expression: string }[] }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).json;
    expect(model.formulas?.map((f) => `${f.column} = ${f.expression}`)).toEqual(['end = start + a gap ≥ 0', 'high = low + a gap ≥ 0']);
  });

  it('fits one copula per value of a number of few values, named or found, and draws each group its own numbers', async () => {
    // A mode of travel coded 1–3 sets the time's level; the fare has nothing to do with it.
    const lines = ['mode,minutes,fare'];
    for (let i = 0; i < 600; i++) lines.push(`${1 + (i % 3)},${(20 * (1 + (i % 3)) + ((i * 7919) % 97) / 10).toFixed(1)},${((i * 104729) % 500) / 10}`);
    const up = await uploadDirect<FileMeta>(stack.url, 'modes.csv', `${lines.join('\n')}\n`);
    for (const params of [{}, { strata: { column: 'mode' } }]) {
      const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 300, seed: 2, params } });
      expect((await finished(started.json.job_id)).status).toBe('succeeded');
      const model = (await call<{ groups?: { column: string; groups: { levels: (string | null)[] }[] } }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).json;
      expect(model.groups?.column).toBe('mode');
      expect(model.groups?.groups.map((g) => g.levels)).toEqual([['1'], ['2'], ['3']]);
      // Each mode's minutes stay in its own band (20–30, 40–50, 60–70): groups, not one averaged copula.
      const rows = (await call<{ mode: number; minutes: number }[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
      expect(rows.every((r) => [1, 2, 3].includes(r.mode) && r.minutes >= 20 * r.mode && r.minutes <= 20 * r.mode + 10)).toBe(true);
    }
  });
});

describe('dates on some weekdays only', () => {
  it('draws trading days on Monday to Friday with their own weekday names, and refuses a Saturday for a stored model', async () => {
    const lines = ['day,weekday,close'];
    const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    for (let t = Date.UTC(2023, 0, 2), i = 0; lines.length <= 300; t += 86_400_000, i++) {
      const dow = new Date(t).getUTCDay();
      if (dow > 0 && dow < 6) lines.push(`${new Date(t).toISOString().slice(0, 10)},${names[dow]},${(100 + 10 * Math.sin(i / 20)).toFixed(2)}`);
    }
    const up = await uploadDirect<FileMeta>(stack.url, 'trading.csv', `${lines.join('\n')}\n`);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 200, seed: 5 } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const rows = (await call<Record<string, string>[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.day!) && names[new Date(`${r.day}T00:00:00Z`).getUTCDay()] === r.weekday && r.weekday !== 'Sat' && r.weekday !== 'Sun')).toBe(true);
    const model = (await call<{ weekdays?: unknown[]; formulas?: { column: string; expression: string }[] }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).json;
    expect(model.weekdays).toEqual([{ column: 'day', days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] }]);
    expect(model.formulas?.map((f) => `${f.column} = ${f.expression}`)).toEqual(['weekday = a function of the day of week of day']);
    const refused = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${started.json.model_id}/sample`, { json: { rows: 5, conditions: { day: '2023-06-03' } } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toContain('day falls on Monday, Tuesday, Wednesday, Thursday and Friday only in the data');
  });
});

describe('dates on one day of the month', () => {
  it('draws a monthly series on the 1st, says so in the model record, and refuses another date for a stored model', async () => {
    const lines = ['month,rate'];
    for (let i = 0; i < 96; i++) lines.push(`${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${(5 + Math.sin(i / 9)).toFixed(2)}`);
    const up = await uploadDirect<FileMeta>(stack.url, 'monthly.csv', `${lines.join('\n')}\n`);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'ctgan', rows: 100, seed: 5, params: { epochs: 3 } } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const rows = (await call<Record<string, string>[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
    expect(rows.every((r) => /^\d{4}-\d{2}-01$/.test(r.month!))).toBe(true);
    const model = (await call<{ month_days?: unknown[] }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).json;
    expect(model.month_days).toEqual([{ column: 'month', rule: 'on the 1st of the month' }]);
    const copula = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 10, seed: 5 } });
    expect((await finished(copula.json.job_id)).status).toBe('succeeded');
    const refused = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${copula.json.model_id}/sample`, { json: { rows: 5, conditions: { month: '2017-03-17' } } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toContain('month falls on the 1st of the month in the data');
  });
});

describe('schema and PII', () => {
  const people = ['id,name,email,plan,spend']
    .concat(
      Array.from({ length: 120 }, (_, i) => {
        const given = ['James', 'Mary', 'Robert', 'Linda', 'Michael', 'Sarah'][i % 6];
        const surname = ['Smith', 'Johnson', 'Brown', 'Davis', 'Miller', 'Wilson', 'Moore', 'Taylor'][i % 8];
        return `${i + 1},${given} ${surname} ${String.fromCharCode(65 + (i % 26))},${given!.toLowerCase()}.${i}@corp.example.net,${['basic', 'pro'][i % 2]},${(i * 3.7) % 200}`;
      }),
    )
    .join('\n');

  it('fakes the passengers\' names with given names of their generated sex', async () => {
    const titanic = (await uploadDirect<FileMeta>(stack.url, 'titanic.csv', await readFile(dataset('titanic.csv')))).json;
    expect(titanic.columns?.find((c) => c.name === 'name')?.pii?.action).toBe('fake');
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: titanic.file_id, generator: 'gaussian_copula', rows: 300, seed: 2 } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const rows = (await call<{ name: string; sex: string }[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`)).json;
    const { FEMALE_NAMES, MALE_NAMES } = await import('../../core/pii/names.js');
    expect(rows.every((r) => (r.sex === 'male' ? MALE_NAMES : FEMALE_NAMES).includes(r.name.split(' ')[0]!.toLowerCase()))).toBe(true);
    const model = (await call<{ pii?: { fake: { name: string; sex?: { column: string } }[] } }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).json;
    expect(model.pii?.fake.find((f) => f.name === 'name')?.sex?.column).toBe('sex');
  });

  it('detects PII at ingest, exports SDV metadata, accepts edits, and fakes PII in synthesis', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'people.csv', people);
    expect(up.status).toBe(201);
    const byName = Object.fromEntries((up.json.columns ?? []).map((c) => [c.name, c]));
    expect(byName.email?.pii).toMatchObject({ kind: 'email', action: 'fake' });
    expect(byName.name?.pii).toMatchObject({ kind: 'person_name', action: 'fake' });
    expect(byName.plan?.pii).toBeUndefined();

    const sdv = await call<{ METADATA_SPEC_VERSION: string; columns: Record<string, { sdtype: string }> }>(stack.url, 'GET', `/files/${up.json.file_id}/schema?format=sdv`);
    expect(sdv.json.METADATA_SPEC_VERSION).toBe('SINGLE_TABLE_V1');
    expect(sdv.json.columns.email?.sdtype).toBe('email');
    expect(sdv.json.columns.spend?.sdtype).toBe('numerical');

    const edit = await call<FileMeta>(stack.url, 'PUT', `/files/${up.json.file_id}/schema`, {
      json: { columns: [{ name: 'name', pii_action: 'drop' }, { name: 'id', primary_key: true }] },
    });
    expect(edit.status).toBe(200);
    expect((await call(stack.url, 'PUT', `/files/${up.json.file_id}/schema`, { json: { columns: [{ name: 'nope', primary_key: true }] } })).status).toBe(422);

    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', seed: 1 } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const csv = await downloadCsv(started.json.generated_file_id);
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe('id,email,plan,spend');
    expect(rows.every((r) => r.split(',')[1]!.endsWith('@example.com'))).toBe(true);
    expect(csv).not.toContain('corp.example.net');
  });
});

describe('PII fakes keep the column', () => {
  it('fakes a postal-code column in its own type and shape, and refuses a condition on it at once', async () => {
    const zips = ['02134', '10001', '94105', '60601', '73301'];
    const csv = ['zip,visits'].concat(Array.from({ length: 200 }, (_, i) => `${zips[i % 5]},${(i * 7) % 50}`)).join('\n');
    const up = await uploadDirect<FileMeta>(stack.url, 'visits.csv', csv);
    const zip = up.json.columns?.find((c) => c.name === 'zip');
    expect(zip?.pii).toMatchObject({ kind: 'postal_code', action: 'fake' });

    const refused = await call<{ detail: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', conditions: { zip: '02134' } } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toMatch(/zip is replaced by fakes as PII/);
    // Nor can a constraint name it: the model never sees it (the job failed on an unknown column before).
    const constrained = await call<{ detail: string }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: up.json.file_id, generator: 'gaussian_copula', constraints: [{ type: 'fixed_combinations', columns: ['zip', 'visits'] }] },
    });
    expect(constrained.status).toBe(422);
    expect(constrained.json.detail).toContain('Constraints name zip (faked or dropped as PII), left out of the model');

    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', seed: 3 } });
    expect((await finished(started.json.job_id)).status).toBe('succeeded');
    const meta = await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`);
    expect(meta.json.columns?.find((c) => c.name === 'zip')?.type).toBe(zip?.type);
    const values = (await downloadCsv(started.json.generated_file_id)).trimEnd().split('\n').slice(1).map((r) => r.split(',')[0]!);
    // Five-digit codes, as many distinct ones as the real column, none of them real.
    expect(values.every((v) => /^\d{5}$/.test(v))).toBe(true);
    expect(new Set(values).size).toBeLessThanOrEqual(5);
    expect(values.some((v) => zips.includes(v))).toBe(false);
    // The quality report compares like with like (a categorical against a text column was a 500).
    const q = await call(stack.url, 'POST', '/validation/quality', { json: { real_file_id: up.json.file_id, synthetic_file_id: started.json.generated_file_id } });
    expect(q.status).toBe(200);
  });
});

describe('PII marked after a fit', () => {
  it('refuses to sample real values of a column since marked to fake', async () => {
    const csv = ['code,visits'].concat(Array.from({ length: 100 }, (_, i) => `${['A1', 'B2', 'C3'][i % 3]},${i % 9}`)).join('\n');
    const up = await uploadDirect<FileMeta>(stack.url, 'codes.csv', csv);
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: up.json.file_id, generator: 'gaussian_copula', seed: 1 } });
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    expect((await call(stack.url, 'PUT', `/files/${up.json.file_id}/schema`, { json: { columns: [{ name: 'code', pii_action: 'fake', pii_kind: 'free_text_pii' }] } })).status).toBe(200);
    const r = await call<{ detail: string }>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 10 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/code was marked PII to fake or drop.*Fit a new model/);
  });
});

describe('determinism across restarts', () => {
  it('gives the same bytes for the same seed after the service restarts', async () => {
    const first = await testStack();
    const source = (await uploadDirect<FileMeta>(first.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    const run = async (url: string) => {
      const s = await generated(url, { file_id: source.file_id, generator: 'privbayes', seed: 99, params: { epsilon: 2 } });
      return (await downloaded(url, s.generated_file_id)).text();
    };
    const before = await run(first.url);
    await first.close();
    const second = await testStack(first.dataDir);
    try {
      expect(await run(second.url)).toBe(before);
    } finally {
      await second.destroy();
    }
  }, 120_000);
});
