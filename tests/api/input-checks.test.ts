/**
 * Bad input is a 4xx at request time, never a 500 and never silently ignored: column names that are
 * Object.prototype members, typos in request objects, conditions a generator cannot meet, unrelated
 * tables given to the validation endpoints. Over HTTP on the embedded stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Json = Record<string, unknown>;

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (name: string, content: string) => {
  const r = await uploadDirect<FileMeta>(stack.url, name, content);
  expect(r.status).toBe(201);
  return r.json;
};
const post = <T = Json>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
/** Raw JSON, so a `__proto__` key reaches the server as a key (an object literal would set the prototype). */
const postRaw = (path: string, text: string) => call<Json>(stack.url, 'POST', path, { body: text, headers: { 'content-type': 'application/json' } });
const finished = (jobId: string) => jobEnded(stack.url, jobId);

/** 60 rows: an Object.prototype-named pair of columns, a small integer, a category, an amount 30–974, a yes/no flag. */
function odd(): string {
  const lines = ['__proto__,constructor,n,cat,amount,flag'];
  for (let i = 1; i <= 60; i++) lines.push(`k${i % 3},c${i % 2},${i % 10},x${i % 4},${14 + i * 16},${i % 2 ? 'no' : 'yes'}`);
  return lines.join('\n') + '\n';
}

describe('column names that are Object.prototype members', () => {
  let file: FileMeta;
  beforeAll(async () => {
    file = await upload('odd.csv', odd());
  });

  it('retypes __proto__ and constructor columns and keeps their overrides', async () => {
    for (const name of ['__proto__', 'constructor']) {
      const r = await call<FileMeta>(stack.url, 'PUT', `/files/${file.file_id}/schema`, { json: { columns: [{ name, type: 'text' }] } });
      expect(r.status, r.text).toBe(200);
    }
    const meta = JSON.parse((await call(stack.url, 'GET', `/files/${file.file_id}`)).text) as FileMeta;
    expect(Object.keys(meta.overrides ?? {}).sort()).toEqual(['__proto__', 'constructor']);
    expect(meta.columns?.filter((c) => c.type === 'text').map((c) => c.name)).toEqual(['__proto__', 'constructor']);
  });

  it('conditions on constructor and __proto__ columns like any other', async () => {
    const f = await upload('odd2.csv', odd());
    const ok = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', { file_id: f.file_id, generator: 'gaussian_copula', seed: 1, rows: 20, conditions: { constructor: 'c1' } });
    expect(ok.status, ok.text).toBe(202);
    expect((await finished(ok.json.job_id)).status).toBe('succeeded');
    const page = await call<{ rows: Json[] }>(stack.url, 'GET', `/files/${ok.json.generated_file_id}/data?limit=100`);
    expect(new Set(page.json.rows.map((r) => r.constructor))).toEqual(new Set(['c1']));
    // zod's records skip a __proto__ key: the condition would have been dropped without a word.
    const proto = await postRaw('/synth/generate', `{"file_id":"${f.file_id}","generator":"gaussian_copula","seed":1,"rows":20,"conditions":{"__proto__":"k1"}}`);
    expect(proto.status, JSON.stringify(proto.json)).toBe(202);
    const job = proto.json as { job_id: string; generated_file_id: string };
    expect((await finished(job.job_id)).status).toBe('succeeded');
    const rows = (await call<{ rows: Json[] }>(stack.url, 'GET', `/files/${job.generated_file_id}/data?limit=100`)).json.rows;
    expect(rows.every((r) => Object.getOwnPropertyDescriptor(r, '__proto__')?.value === 'k1')).toBe(true);
  }, 120_000);
});

describe('conditions checked before the job starts', () => {
  let file: FileMeta;
  beforeAll(async () => {
    file = await upload('cond.csv', odd());
  });
  const generate = (generator: string, conditions: Json) => post('/synth/generate', { file_id: file.file_id, generator, seed: 1, rows: 20, conditions });

  it('refuses a number column for generators that condition on categories only', async () => {
    for (const generator of ['autoregressive', 'ctgan', 'copulagan']) {
      const r = await generate(generator, { n: 7 });
      expect(r.status, generator).toBe(422);
      expect(r.json.detail).toMatch(/n: .*categorical and boolean columns only/);
    }
  });

  it('refuses null on a column without missing values', async () => {
    const r = await generate('gaussian_copula', { cat: null });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('cat = null: the column has no missing values');
  });

  it('refuses a number outside the source range when the generator keeps to it', async () => {
    const r = await generate('gaussian_copula', { amount: 99999 });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('outside the source range 30–974');
    const unbounded = await post<{ job_id: string }>('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 20, params: { enforce_min_max_values: false }, conditions: { amount: 99999 } });
    expect(unbounded.status).toBe(202);
  });

  it('refuses params naming a column that cannot serve them, before any job starts', async () => {
    const params = (p: Json) => post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 20, params: p });
    const numeric = await params({ strata: { column: 'amount' } });
    expect(numeric.status).toBe(422);
    // A number is checked on its rows: amount has too many values to be levels.
    expect(numeric.json.detail).toContain('strata.column "amount" must be a categorical or boolean column, or a number of few values (it is integer)');
    // A value no branch of the choice takes names what each expects, not "Invalid input".
    const upper = await params({ strata: 'AUTO' });
    expect(upper.status).toBe(422);
    expect(upper.json.detail).toBe('Invalid params for gaussian_copula: strata: Invalid option: expected one of "auto"|"off"; or Invalid input: expected object, received string');
    expect((await params({ strata: {} })).json.detail).toContain('strata.column: is required');
    const unknown = await params({ strata: { column: 'nope' } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.detail).toBe('strata.column "nope" is not a modelled column of the table: unknown, or left out of the model (as PII, or the primary key).');
    const distributions = await params({ numerical_distributions: { cat: 'beta' } });
    expect(distributions.status).toBe(422);
    expect(distributions.json.detail).toContain('numerical_distributions names "cat", which is a categorical column');
    // CopulaGAN takes the same setting, checked the same way.
    const gan = await post('/synth/generate', { file_id: file.file_id, generator: 'copulagan', seed: 1, rows: 20, params: { numerical_distributions: { nope: 'beta' } } });
    expect(gan.status).toBe(422);
    expect(gan.json.detail).toContain('numerical_distributions names "nope", which is not a modelled column (unknown, or left out of the model as PII or the primary key)');
    // A named stratum column whose levels (15 rows each) are too few to fit alone: only the rows tell,
    // and they are read when the request arrives, for a fit as for a generation.
    const small = await params({ strata: { column: 'cat' } });
    expect(small.status).toBe(422);
    expect(small.json.detail).toContain('strata.column "cat": fewer than two of its levels have 30 rows');
    const fit = await post('/synth/models/fit', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, params: { strata: { column: 'cat' } } });
    expect(fit.status).toBe(422);
    expect(fit.json.detail).toContain('fewer than two of its levels have 30 rows');
  });

  it('reads a large source in chunks for number conditions, and leaves whole-table checks to the job', async () => {
    // The embedded stack runs in this process and reads the limit per request: every source is "large".
    const saved = process.env.TABMIMIC_REQUEST_READ_MAX_CELLS;
    process.env.TABMIMIC_REQUEST_READ_MAX_CELLS = '0';
    try {
      const range = await generate('gaussian_copula', { amount: 99999 });
      expect(range.status).toBe(422);
      expect(range.json.detail).toContain('outside the source range 30–974');
      // amount ≤ n fails on the real rows: refused by the job, with the same detail, not by the request.
      const broken = await post<{ job_id: string }>('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 20, constraints: [{ type: 'inequality', low: 'amount', high: 'n' }] });
      expect(broken.status).toBe(202);
      const job = await finished(broken.json.job_id);
      expect(job.status).toBe('failed');
      expect(JSON.stringify(job)).toContain('The data breaks the constraint');
      const strata = await post<{ job_id: string }>('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 20, params: { strata: { column: 'cat' } } });
      expect(strata.status).toBe(202);
      expect(JSON.stringify(await finished(strata.json.job_id))).toContain('fewer than two of its levels have 30 rows');
    } finally {
      if (saved === undefined) delete process.env.TABMIMIC_REQUEST_READ_MAX_CELLS;
      else process.env.TABMIMIC_REQUEST_READ_MAX_CELLS = saved;
    }
  });

  it('refuses a number with more decimals than the column is written with, which the output would round away', async () => {
    const f = await upload('prices.csv', ['price,kind', ...Array.from({ length: 40 }, (_, i) => `${(10 + i * 0.37).toFixed(2)},${i % 2 ? 'a' : 'b'}`)].join('\n') + '\n');
    expect(f.columns?.find((c) => c.name === 'price')?.decimals).toBe(2);
    const r = await post('/synth/generate', { file_id: f.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { price: 12.345 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain("price = 12.345 has more decimals than the column's 2");
    expect((await post('/synth/generate', { file_id: f.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { price: 12.35 } })).status).toBe(202);
  });

  it('refuses a value a column of few values never took: the copula models it by those values', async () => {
    const f = await upload('gaps.csv', ['k,kind', ...Array.from({ length: 30 }, (_, i) => `${1 + 2 * (i % 3)},${i % 2 ? 'a' : 'b'}`)].join('\n') + '\n');
    for (const params of [{}, { enforce_min_max_values: false }]) {
      const r = await post('/synth/generate', { file_id: f.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, params, conditions: { k: 2 } });
      expect(r.status).toBe(422);
      expect(r.json.detail).toContain('k = 2: the generator models this column by its 3 values seen');
    }
    expect((await post('/synth/generate', { file_id: f.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { k: 3 } })).status).toBe(202);
    // Seven numbers written three ways each: 21 spellings in the metadata, 7 values to the copula.
    const spelt = await upload('spelt.csv', ['v,kind', ...Array.from({ length: 42 }, (_, i) => `${1 + 2 * (i % 7)}${['', '.0', '.00'][Math.floor(i / 7) % 3]},${i % 2 ? 'a' : 'b'}`)].join('\n') + '\n');
    const r = await post('/synth/generate', { file_id: spelt.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { v: 2 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('v = 2: the generator models this column by its 7 values seen');
  });

  it('checks the conditions of a sample from a fitted model the same way', async () => {
    const fit = await post<{ job_id: string; model_id: string }>('/synth/models/fit', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1 });
    expect(fit.status, fit.text).toBe(202);
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    const r = await post(`/synth/models/${fit.json.model_id}/sample`, { rows: 5, conditions: { amount: 99999 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('outside the source range 30–974');
  });

  it('accepts JSON true/false on a boolean column', async () => {
    const r = await generate('gaussian_copula', { flag: true });
    expect(r.status, r.text).toBe(202);
    const gen = (r.json as { job_id: string; generated_file_id: string });
    expect((await finished(gen.job_id)).status).toBe('succeeded');
    const page = await call<{ rows: Json[] }>(stack.url, 'GET', `/files/${gen.generated_file_id}/data?limit=100`);
    // Pages show a boolean as its spelling or as JSON true, depending on the reader: either way, true.
    expect(page.json.rows.every((row) => row.flag === 'yes' || row.flag === true)).toBe(true);
    const no = await generate('gaussian_copula', { flag: false });
    expect(no.status, no.text).toBe(202);
  });
});

describe('typos and values that would be ignored or mis-applied', () => {
  let file: FileMeta;
  beforeAll(async () => {
    const lines = ['a,b,when,label'];
    for (let i = 1; i <= 40; i++) lines.push(`${i % 7 ? i : ''},${(i * 3) % 11},2024-01-${String((i % 28) + 1).padStart(2, '0')},l${i % 3}`);
    file = await upload('typos.csv', lines.join('\n') + '\n');
  });
  const apply = (json: Json) => post('/features/apply', { file_id: file.file_id, ...json });
  const schema = (id: string, json: unknown) => call<Json>(stack.url, 'PUT', `/files/${id}/schema`, { json });

  it('keeps numbers a DynamoDB item cannot hold (past 2^53, under 1e-130) in its job and file records', async () => {
    // The records are kept whole in the bucket instead; the item had refused them with a 500.
    const wide = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', {
      file_id: file.file_id,
      generator: 'gaussian_copula',
      rows: 10,
      seed: 1,
      constraints: [{ type: 'range', column: 'b', min: -1e16 }],
      conditions: { b: 3 },
    });
    expect(wide.status).toBe(202);
    expect((await finished(wide.json.job_id)).status).toBe('succeeded');
    const job = await call<{ request?: { constraints?: { min?: number }[] } }>(stack.url, 'GET', `/synth/jobs/${wide.json.job_id}`);
    expect(job.status).toBe(200);
    expect(JSON.stringify(job.json)).toContain('-10000000000000000');
    const tiny = await post<{ job_id: string }>('/synth/generate', { file_id: file.file_id, generator: 'privbayes', rows: 10, seed: 1, params: { epsilon: 1e-200 } });
    expect(tiny.status).toBeLessThan(500);
    if (tiny.status === 202) expect(['succeeded', 'failed']).toContain((await finished(tiny.json.job_id)).status);
  });

  it('refuses a range constraint spelt low/high', async () => {
    const r = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', constraints: [{ type: 'range', column: 'b', low: 1, high: 5 }] });
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/low|high/);
  });

  it('refuses an unknown key in a feature step', async () => {
    const r = await apply({ steps: [{ kind: 'log1p', column: 'b', colum: 'a' }] });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('colum');
  });

  it('refuses a constant fill that is not a number for an integer column', async () => {
    const r = await apply({ steps: [{ kind: 'impute', column: 'a', strategy: 'constant', value: 'abc' }] });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('"abc" is not a number');
    expect((await apply({ steps: [{ kind: 'impute', column: 'a', strategy: 'constant', value: 0 }] })).status).toBe(202);
  });

  it('checks the fitted parameters of a pipeline brought by the user', async () => {
    const pipeline = (fitted: Json) => ({ format: 'tabmimic.features.v1', input_columns: ['b'], steps: [{ spec: { kind: 'scale', column: 'b', method: 'standard' }, fitted }] });
    const bad = await apply({ pipeline: pipeline({ mean: 'abc', std: 0 }) });
    expect(bad.status).toBe(422);
    expect(bad.json.detail).toContain('Pipeline step 0 (scale)');
    const zero = await apply({ pipeline: pipeline({ center: 1, scale: 0 }) });
    expect(zero.status).toBe(422);
    expect(zero.json.detail).toContain('fitted.scale: must be above 0');
    expect((await apply({ pipeline: pipeline({ center: 1, scale: 2 }) })).status).toBe(202);
  });

  it('says datetime_parts needs a datetime', async () => {
    const r = await apply({ steps: [{ kind: 'datetime_parts', column: 'label', parts: ['year'] }] });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('this step needs a datetime column');
  });

  it('records only the columns its steps read, so a pipeline applies to a file with just those', async () => {
    const fitted = await apply({ steps: [{ kind: 'scale', column: 'b', method: 'minmax' }, { kind: 'one_hot', column: 'label' }, { kind: 'drop', column: 'label=l1' }] });
    expect(fitted.status, fitted.text).toBe(202);
    const pipeline = (fitted.json as { pipeline: { input_columns: string[] } }).pipeline;
    expect(pipeline.input_columns).toEqual(['b', 'label']);
    const other = await upload('only-b.csv', 'label,b\nl1,1\nl2,2\nl1,3\n');
    const r = await post<{ job_id: string }>('/features/apply', { file_id: other.file_id, pipeline });
    expect(r.status, r.text).toBe(202);
    expect((await finished(r.json.job_id)).status).toBe('succeeded');
  });

  it('refuses SDV metadata with an unknown sdtype or a primary key that is not a column', async () => {
    const sdv = (columns: Json, extra: Json = {}) => ({ METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1', columns, ...extra });
    const wat = await schema(file.file_id, sdv({ b: { sdtype: 'wat' } }));
    expect(wat.status).toBe(422);
    expect(wat.json.detail).toContain('unknown sdtype "wat"');
    const key = await schema(file.file_id, sdv({ b: { sdtype: 'numerical' } }, { primary_key: 'nope' }));
    expect(key.status).toBe(422);
    expect(key.json.detail).toContain('primary_key nope');
  });

  it('marks a column by its pii_kind alone (faked), instead of accepting the edit and doing nothing', async () => {
    const r = await schema(file.file_id, { columns: [{ name: 'label', pii_kind: 'email' }] });
    expect(r.status).toBe(200);
    const label = (r.json as unknown as FileMeta).columns?.find((c) => c.name === 'label');
    expect(label?.pii).toMatchObject({ kind: 'email', action: 'fake' });
    // Back to keep, so later tests see the column as before.
    expect((await schema(file.file_id, { columns: [{ name: 'label', pii_action: 'keep' }] })).status).toBe(200);
  });

  it('refuses an unknown pii_kind, an unknown key and a column edited twice', async () => {
    const kind = await schema(file.file_id, { columns: [{ name: 'label', pii_action: 'fake', pii_kind: 'wat' }] });
    expect(kind.status).toBe(422);
    const typo = await schema(file.file_id, { columns: [{ name: 'label', typ: 'text' }] });
    expect(typo.status).toBe(422);
    expect(typo.json.detail).toContain('typ');
    const twice = await schema(file.file_id, { columns: [{ name: 'b', type: 'float' }, { name: 'b', type: 'categorical' }] });
    expect(twice.status).toBe(422);
    expect(twice.json.detail).toContain('column b is edited more than once');
  });
});

describe('validation of unrelated tables', () => {
  let real: FileMeta;
  let other: FileMeta;
  let narrow: FileMeta;
  beforeAll(async () => {
    const table = (header: string, offset: number) => [header, ...Array.from({ length: 40 }, (_, i) => `${i + offset},${(i * 7) % 5},${i % 2 ? 'a' : 'b'}`)].join('\n') + '\n';
    real = await upload('real.csv', table('x,y,t', 0));
    other = await upload('other.csv', table('p,q,r', 3));
    narrow = await upload('narrow.csv', [...'x,t\n'.split('\n').slice(0, 1), ...Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'}`)].join('\n') + '\n');
  });

  it('quality and diagnostic: refuse a synthetic table with no column of the real one', async () => {
    for (const path of ['/validation/quality', '/validation/diagnostic']) {
      const r = await post(path, { real_file_id: real.file_id, synthetic_file_id: other.file_id });
      expect(r.status, path).toBe(422);
      expect(r.json.detail, path).toContain('shares no column');
    }
  });

  it('drift: refuses two files with no column in common, and reports the columns missing when some are shared', async () => {
    for (const path of ['/eda/drift', '/validation/drift']) {
      const r = await post(path, { reference_file_id: real.file_id, current_file_id: other.file_id });
      expect(r.status, path).toBe(422);
      expect(r.json.detail).toBe('The current file shares no column with the reference one, so there is no drift to measure (reference: x, y, t; current: p, q, r).');
    }
    const some = await post<{ columns: { column: string; verdict: string }[] }>('/eda/drift', { reference_file_id: real.file_id, current_file_id: narrow.file_id });
    expect(some.status, some.text).toBe(200);
    expect(some.json.columns.find((c) => c.column === 'y')).toMatchObject({ verdict: 'drift' });
  });

  it('utility and privacy: refuse a holdout whose columns differ, naming them', async () => {
    const u = await post('/validation/utility', { real_file_id: real.file_id, synthetic_file_id: real.file_id, holdout_file_id: narrow.file_id, target: 't' });
    expect(u.status).toBe(422);
    expect(u.json.detail).toContain('missing y');
    const p = await post('/validation/privacy', { real_file_id: real.file_id, synthetic_file_id: real.file_id, holdout_file_id: other.file_id });
    expect(p.status).toBe(422);
    expect(p.json.detail).toMatch(/missing x, y, t; extra p, q, r/);
  });

  it('utility and report: refuse a synthetic table without the target (a 500 before); privacy one with no shared column', async () => {
    const u = await post('/validation/utility', { real_file_id: real.file_id, synthetic_file_id: narrow.file_id, holdout_file_id: real.file_id, target: 'y' });
    expect(u.status).toBe(422);
    expect(u.json.detail).toContain('target column y is not in the synthetic file');
    const r = await post('/validation/report', { real_file_id: real.file_id, synthetic_file_id: narrow.file_id, target: 'y' });
    expect(r.status).toBe(422);
    const p = await post('/validation/privacy', { real_file_id: real.file_id, synthetic_file_id: other.file_id });
    expect(p.status).toBe(422);
  });
});

describe('request bodies', () => {
  it('refuse unknown top-level fields by name: a misspelt seed is not a request run without it', async () => {
    const f = await upload('keys.csv', odd());
    const r = await post('/synth/generate', { file_id: f.file_id, generator: 'gaussian_copula', num_rows: 5, seeed: 3 });
    expect(r.status).toBe(422);
    expect(r.json.detail).toBe('Unknown fields: num_rows, seeed.');
    expect((await post('/validation/quality', { real_file_id: f.file_id, synthetic_file_id: f.file_id, bogus: 1 })).status).toBe(422);
  });
});

describe('small things', () => {
  it('GET /synth/models: every generator takes constraints', async () => {
    const r = await call<{ generators: { name: string; capabilities: { constraints: boolean } }[] }>(stack.url, 'GET', '/synth/models');
    expect(r.json.generators.length).toBeGreaterThan(0);
    for (const g of r.json.generators) expect(g.capabilities.constraints, g.name).toBe(true);
  });

  it('a data page past the end still names the columns', async () => {
    const f = await upload('short.csv', 'u,v\n1,2\n3,4\n');
    const r = await call<{ columns: string[]; rows: unknown[] }>(stack.url, 'GET', `/files/${f.file_id}/data?offset=10`);
    expect(r.json).toMatchObject({ columns: ['u', 'v'], rows: [] });
    const csv = await call(stack.url, 'GET', `/files/${f.file_id}/data?offset=10&format=csv`);
    expect(csv.text.trim()).toBe('u,v');
  });

  it('MAD outliers on a 0/1 column (MAD = 0) use the mean absolute deviation, in memory and chunked', async () => {
    // 70 % zeros: median 0, MAD 0; MeanAD 0.3, so the fence is 3.5 · 1.2533 · 0.3 ≈ 1.32 and no one is an outlier.
    const f = await upload('binary.csv', ['flag,z', ...Array.from({ length: 100 }, (_, i) => `${i % 10 < 3 ? 1 : 0},${i === 0 ? 500 : i % 10 < 3 ? 1 : 0}`)].join('\n') + '\n');
    const saved = process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
    try {
      for (const cells of [undefined, '0']) {
        if (cells === undefined) delete process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
        else process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = cells;
        // Named: a flag is left out of univariate outliers unless asked for.
        const r = await post<{ columns: { column: string; count: number; rows: number[] }[] }>('/eda/outliers', { file_id: f.file_id, method: 'mad', columns: ['flag', 'z'] });
        expect(r.status, r.text).toBe(200);
        expect(r.json.columns.find((c) => c.column === 'flag')?.count, `cells ${cells}`).toBe(0);
        // The fallback scale still finds a real outlier.
        expect(r.json.columns.find((c) => c.column === 'z')?.rows).toEqual([0]);
      }
    } finally {
      if (saved === undefined) delete process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
      else process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = saved;
    }
  });
});
