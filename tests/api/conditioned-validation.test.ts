/**
 * The validation routes compare a conditioned generated file with the real rows meeting its
 * conditions, as its stored quality summary is scored (core/validation/basis.ts), and say so in
 * `compared_with`; an unconditioned file is compared with the whole real file, as before.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, generated, testStack, uploadDirect, type ProblemBody, type TestStack } from '../helpers/stack.js';

type Compared = { rows: number; conditions?: Record<string, unknown>; whole_source?: { reason: string; conditions: Record<string, unknown>; matching_rows?: number } };
type Quality = { overall: number; compared_with: Compared; column_shapes: { details: { column: string; score: number }[] } };
type Privacy = { compared_with: Compared; holdout_compared_with?: Compared; sample: { real_rows: number; holdout_rows?: number }; exact_copies: { count: number } };

let stack: TestStack;
let train: FileMeta;
let holdout: FileMeta;
let adelie: FileMeta;
let chinstrap: FileMeta;
let plain: FileMeta;

async function generatedMeta(body: Record<string, unknown>): Promise<FileMeta> {
  const { generated_file_id } = await generated(stack.url, { file_id: train.file_id, generator: 'gaussian_copula', seed: 5, ...body });
  return (await call<FileMeta>(stack.url, 'GET', `/files/${generated_file_id}`)).json;
}

const post = <T = ProblemBody>(path: string, json: Record<string, unknown>) => call<T>(stack.url, 'POST', path, { json });

beforeAll(async () => {
  stack = await testStack();
  // Every fourth row held out: of penguins.csv's 152 Adelie rows 114 train, 38 held out; of 68 Chinstrap 51 and 17 (too few).
  const [header, ...rows] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
  const csv = (keep: (i: number) => boolean) => [header, ...rows.filter((_, i) => keep(i))].join('\n') + '\n';
  train = (await uploadDirect<FileMeta>(stack.url, 'train.csv', csv((i) => i % 4 !== 3))).json;
  holdout = (await uploadDirect<FileMeta>(stack.url, 'holdout.csv', csv((i) => i % 4 === 3))).json;
  [adelie, chinstrap, plain] = await Promise.all([generatedMeta({ conditions: { species: 'Adelie' } }), generatedMeta({ conditions: { species: 'Chinstrap' } }), generatedMeta({ rows: 200 })]);
}, 240_000);

afterAll(async () => {
  await stack?.destroy();
});

const storedOverall = (f: FileMeta) => (f.quality as { overall: number }).overall;

describe('validation of a conditioned generated file', () => {
  it('scores quality against the matching source rows: the stored summary’s score', async () => {
    expect((adelie.quality as { compared_with: Compared }).compared_with).toEqual({ rows: 114, conditions: { species: 'Adelie' } });
    const q = await post<Quality>('/validation/quality', { real_file_id: train.file_id, synthetic_file_id: adelie.file_id });
    expect(q.status).toBe(200);
    expect(q.json.compared_with).toEqual({ rows: 114, conditions: { species: 'Adelie' } });
    expect(q.json.overall).toBe(storedOverall(adelie));
    expect(q.json.column_shapes.details.find((d) => d.column === 'species')?.score).toBe(1);
  });

  it('applies the conditions to a real file other than the source, naming it in the reason when too few rows match', async () => {
    const q = await post<Quality>('/validation/quality', { real_file_id: holdout.file_id, synthetic_file_id: adelie.file_id });
    expect(q.json.compared_with).toEqual({ rows: 38, conditions: { species: 'Adelie' } });
    const few = await post<Quality>('/validation/quality', { real_file_id: holdout.file_id, synthetic_file_id: chinstrap.file_id });
    expect(few.json.compared_with).toMatchObject({ rows: holdout.rows, whole_source: { matching_rows: 17, reason: expect.stringMatching(/^only 17 real rows/) } });
  });

  it('measures privacy distances against the matching training and holdout rows', async () => {
    const p = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: adelie.file_id, holdout_file_id: holdout.file_id });
    expect(p.status).toBe(200);
    expect(p.json.compared_with).toEqual({ rows: 114, conditions: { species: 'Adelie' } });
    expect(p.json.holdout_compared_with).toEqual({ rows: 38, conditions: { species: 'Adelie' } });
    expect(p.json.sample).toMatchObject({ real_rows: 114, holdout_rows: 38 });
  });

  it('compares training and holdout rows both whole when the holdout has too few matching rows', async () => {
    const p = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: chinstrap.file_id, holdout_file_id: holdout.file_id });
    expect(p.status).toBe(200);
    expect(p.json.compared_with).toMatchObject({ rows: train.rows, whole_source: { reason: expect.stringMatching(/only 17 holdout rows .*real file is compared whole too/) } });
    expect(p.json.holdout_compared_with?.rows).toBe(holdout.rows);
    expect(p.json.sample).toMatchObject({ real_rows: train.rows, holdout_rows: holdout.rows });
  });

  it('trains and tests utility on the matching rows, and refuses a target the conditions fix', async () => {
    const u = await post<{ compared_with: Compared; holdout_compared_with: Compared; task: string }>('/validation/utility', {
      real_file_id: train.file_id,
      synthetic_file_id: adelie.file_id,
      holdout_file_id: holdout.file_id,
      target: 'sex',
    });
    expect(u.status).toBe(200);
    expect(u.json.compared_with.rows).toBe(114);
    expect(u.json.holdout_compared_with.rows).toBe(38);
    const fixed = await post('/validation/utility', { real_file_id: train.file_id, synthetic_file_id: adelie.file_id, holdout_file_id: holdout.file_id, target: 'species' });
    expect(fixed.status).toBe(422);
    expect(fixed.json.detail).toMatch(/species = Adelie by condition/);
  });

  it('builds the report on the matching rows and says so in its page', async () => {
    const r = await post<{ quality: { overall: number }; compared_with: Compared; privacy: Privacy; utility: { task: string }; html_url: string }>('/validation/report', {
      real_file_id: train.file_id,
      synthetic_file_id: adelie.file_id,
      holdout_file_id: holdout.file_id,
      target: 'sex',
    });
    expect(r.status).toBe(200);
    expect(r.json.compared_with).toEqual({ rows: 114, conditions: { species: 'Adelie' } });
    expect(r.json.quality.overall).toBe(storedOverall(adelie));
    expect(r.json.privacy.sample).toMatchObject({ real_rows: 114, holdout_rows: 38 });
    const html = await (await fetch(r.json.html_url)).text();
    expect(html).toContain('<p id="compared-with">Compared with the 114 real rows where species = Adelie');
  });
});

describe('validation of an unconditioned generated file', () => {
  it('compares with the whole real file, as before', async () => {
    const q = await post<Quality>('/validation/quality', { real_file_id: train.file_id, synthetic_file_id: plain.file_id });
    expect(q.json.compared_with).toEqual({ rows: train.rows });
    expect(q.json.overall).toBe(storedOverall(plain));
    const p = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: plain.file_id, holdout_file_id: holdout.file_id });
    expect(p.json.compared_with).toEqual({ rows: train.rows });
    expect(p.json.sample).toMatchObject({ real_rows: train.rows, holdout_rows: holdout.rows });
    const r = await post<{ html_url: string }>('/validation/report', { real_file_id: train.file_id, synthetic_file_id: plain.file_id });
    expect(await (await fetch(r.json.html_url)).text()).not.toContain('compared-with');
  });
});
