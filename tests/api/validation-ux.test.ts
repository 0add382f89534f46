/**
 * Over HTTP: drift of a conditioned generated file on the real rows meeting its conditions, the
 * utility holdout's overlap with the training rows, the differential privacy a file was generated
 * under, and the diagnostic's category pairs absent from the real rows.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Compared = { rows: number; conditions?: Record<string, unknown>; whole_source?: { reason: string } };
type Drift = { columns: { column: string; verdict: string; psi?: number }[]; compared_with?: Compared };

let stack: TestStack;
let penguins: FileMeta;
let train: FileMeta;
let biscoe: FileMeta;
let plain: FileMeta;
let private1: FileMeta;
let header: string;
let lines: string[];

async function generated(file: FileMeta, body: Record<string, unknown>): Promise<FileMeta> {
  const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: file.file_id, seed: 5, ...body } });
  expect(started.status).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  return (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
}

const post = <T>(path: string, json: Record<string, unknown>) => call<T>(stack.url, 'POST', path, { json });

beforeAll(async () => {
  stack = await testStack();
  const text = await readFile(dataset('penguins.csv'), 'utf8');
  [header, ...lines] = text.trimEnd().split('\n') as [string, ...string[]];
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', text)).json;
  train = (await uploadDirect<FileMeta>(stack.url, 'train.csv', [header, ...lines.filter((_, i) => i % 2 === 0)].join('\n') + '\n')).json;
  [biscoe, plain, private1] = await Promise.all([
    generated(penguins, { generator: 'gaussian_copula', conditions: { island: 'Biscoe' } }),
    generated(train, { generator: 'gaussian_copula', rows: 150 }),
    generated(penguins, { generator: 'privbayes', params: { epsilon: 1 }, rows: 100 }),
  ]);
}, 240_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('drift of a conditioned generated file', () => {
  it.each(['/eda/drift', '/validation/drift'])('%s compares it with the real rows meeting its conditions, and says so', async (path) => {
    const r = await post<Drift>(path, { reference_file_id: penguins.file_id, current_file_id: biscoe.file_id });
    expect(r.status).toBe(200);
    const biscoeRows = lines.filter((l) => l.split(',')[1] === 'Biscoe').length;
    expect(r.json.compared_with).toEqual({ rows: biscoeRows, conditions: { island: 'Biscoe' } });
    // Island holds Biscoe only on both sides: no drift by request.
    expect(r.json.columns.find((c) => c.column === 'island')).toMatchObject({ verdict: 'stable', psi: 0 });
  });

  it('does so with the generated file as the reference too', async () => {
    const r = await post<Drift>('/eda/drift', { reference_file_id: biscoe.file_id, current_file_id: penguins.file_id });
    expect(r.json.compared_with).toMatchObject({ conditions: { island: 'Biscoe' } });
    expect(r.json.columns.find((c) => c.column === 'island')?.verdict).toBe('stable');
  });

  it('says nothing of a basis for an unconditioned file', async () => {
    const r = await post<Drift>('/eda/drift', { reference_file_id: train.file_id, current_file_id: plain.file_id });
    expect(r.status).toBe(200);
    expect(r.json.compared_with).toBeUndefined();
  });
});

describe('utility holdout overlapping the training rows', () => {
  it('counts the holdout rows that are also training rows', async () => {
    const r = await post<{ holdout_overlap: { rows: number; of: number } }>('/validation/utility', {
      real_file_id: train.file_id,
      synthetic_file_id: plain.file_id,
      holdout_file_id: penguins.file_id,
      target: 'species',
    });
    expect(r.status).toBe(200);
    // Every training row is in penguins.csv; duplicates aside, the holdout rows equal to one are the training rows.
    const trainRows = new Set(lines.filter((_, i) => i % 2 === 0));
    expect(r.json.holdout_overlap).toMatchObject({ rows: lines.filter((l) => trainRows.has(l)).length, of: lines.length, overlapping: true });
  });
});

describe('differential privacy in the privacy reply', () => {
  it('is the epsilon of a PrivBayes fit with one, null without, absent for a file not generated here', async () => {
    const dp = await post<{ differential_privacy?: { epsilon: number; mechanism?: string } | null }>('/validation/privacy', { real_file_id: penguins.file_id, synthetic_file_id: private1.file_id });
    expect(dp.status).toBe(200);
    expect(dp.json.differential_privacy).toMatchObject({ epsilon: 1, mechanism: expect.stringMatching(/PrivBayes/) });
    // The guarantee is read with what it assumes public: PrivBayes keeps the exact min and max as bin edges.
    const assumed = (dp.json.differential_privacy as { public_metadata?: string[] }).public_metadata;
    expect(assumed).toEqual(expect.arrayContaining(['column names', 'category lists', 'which columns have missing values']));
    expect(assumed?.join('; ')).toMatch(/bin edges.*min and max/);
    const models = await call<{ generators: { name: string; description: string }[] }>(stack.url, 'GET', '/synth/models');
    expect(models.json.generators.find((g) => g.name === 'privbayes')?.description).toMatch(/public.*column names.*category lists.*bin edges.*min and max.*missing values/);
    const none = await post<{ differential_privacy?: unknown }>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: plain.file_id });
    expect(none.json.differential_privacy).toBeNull();
    const upload = await post<{ differential_privacy?: unknown }>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: penguins.file_id });
    expect(upload.json).not.toHaveProperty('differential_privacy');
  });
});

describe('category pairs absent from the real rows', () => {
  it('counts the synthetic rows holding them and names the pairs', async () => {
    // 10 Gentoo penguins on Dream, where none live, among 40 real Adelie rows.
    const gentoo = lines.filter((l) => l.startsWith('Gentoo,Biscoe')).slice(0, 10).map((l) => l.replace('Gentoo,Biscoe', 'Gentoo,Dream'));
    const odd = (await uploadDirect<FileMeta>(stack.url, 'odd.csv', [header, ...lines.filter((l) => l.startsWith('Adelie')).slice(0, 40), ...gentoo].join('\n') + '\n')).json;
    const d = await post<{ category_pairs: { rows: number; of: number; top: { columns: string[]; values: string[]; rows: number }[]; description: string } }>('/validation/diagnostic', {
      real_file_id: penguins.file_id,
      synthetic_file_id: odd.file_id,
    });
    expect(d.status).toBe(200);
    expect(d.json.category_pairs).toMatchObject({ rows: 10, of: 50 });
    expect(d.json.category_pairs.top[0]).toEqual({ columns: ['species', 'island'], values: ['Gentoo', 'Dream'], rows: 10 });
    expect(d.json.category_pairs.description).toMatch(/not an SDMetrics metric/);
  });
});
