/**
 * Over HTTP, the s27 review's validation cases: a utility target with nothing to learn from (a
 * relative utility of -770840571582), r² on a holdout whose target does not vary (reported as 0),
 * privacy verdicts from a one-row holdout (safe, review or risk by the seed), and a column the schema
 * drops as PII counted as a structure fault by the diagnostic.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Utility {
  task: string;
  train_real: Record<string, number | null>;
  train_synthetic: Record<string, number | null>;
  relative_utility: number | null;
  note: string;
}
interface Graded {
  verdict: string;
  threshold: string;
}
interface Privacy {
  sample: { holdout_rows: number };
  dcr_share: Graded & { closer_to_training: number };
  membership_inference: Graded & { auc: number };
}
interface Diagnostic {
  overall: number;
  data_structure: { score: number; missing_columns: string[]; left_out_columns: string[] };
}

let stack: TestStack;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const upload = async (name: string, csv: string) => (await uploadDirect<FileMeta>(stack.url, name, csv)).json.file_id;

/** Penguins split by row: two rows in three to train on, and one row never seen as a holdout. */
let train: string;
let holdout1: string;
let synthetic: string;

beforeAll(async () => {
  stack = await testStack();
  const [header, ...rows] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
  train = await upload('train.csv', [header, ...rows.filter((_, i) => i % 3 !== 0)].join('\n') + '\n');
  holdout1 = await upload('hold1.csv', `${header}\n${rows[0]}\n`);
  synthetic = (await generated(stack.url, { file_id: train, generator: 'gaussian_copula', rows: 250, seed: 1 })).generated_file_id;
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('utility on degenerate inputs (review s27)', () => {
  it('a file whose only column is the target: a 422 saying there is nothing to predict it from, not a ratio to rounding noise', async () => {
    const values = Array.from({ length: 100 }, (_, i) => (Math.sin(i * 1.7) * 2).toFixed(3));
    const onecol = await upload('onecol.csv', `v\n${values.join('\n')}\n`);
    const sample = (await generated(stack.url, { file_id: onecol, generator: 'gaussian_copula', rows: 50, seed: 1 })).generated_file_id;
    const r = await post<{ detail: string }>('/validation/utility', { real_file_id: onecol, synthetic_file_id: sample, holdout_file_id: onecol, target: 'v' });
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toMatch(/Nothing to predict v from/);
  }, 120_000);

  it('a one-row holdout: r² null on both sides (undefined, the target does not vary there), no relative utility, and a note saying why', async () => {
    const r = await post<Utility>('/validation/utility', { real_file_id: train, synthetic_file_id: synthetic, holdout_file_id: holdout1, target: 'body_mass_g' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.task).toBe('regression');
    expect(r.json.train_real.r2).toBeNull();
    expect(r.json.train_synthetic.r2).toBeNull();
    expect(r.json.relative_utility).toBeNull();
    expect(r.json.note).toContain('R² is undefined (null): body_mass_g does not vary in the holdout');
  });
});

describe('privacy on a one-row holdout (review s27)', () => {
  it('the DCR share and the membership attack read review whatever the seed, saying there are too few holdout rows', async () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const r = await post<Privacy>('/validation/privacy', { real_file_id: train, synthetic_file_id: synthetic, holdout_file_id: holdout1, seed });
      expect(r.status, r.text).toBe(200);
      expect(r.json.sample.holdout_rows).toBe(1);
      for (const m of [r.json.dcr_share, r.json.membership_inference]) {
        expect(m.verdict, `seed ${seed}`).toBe('review');
        expect(m.threshold).toContain('review: 1 holdout row, fewer than the 30 that tell a verdict from chance');
      }
    }
  }, 120_000);

  it('the full report inherits both fixes', async () => {
    const r = await post<{ privacy: Privacy; utility: Utility }>('/validation/report', {
      real_file_id: train,
      synthetic_file_id: synthetic,
      holdout_file_id: holdout1,
      target: 'body_mass_g',
      seed: 4,
      pair_details: 'none',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.privacy.membership_inference.verdict).toBe('review');
    expect(r.json.privacy.dcr_share.verdict).toBe('review');
    expect(r.json.utility.train_real.r2).toBeNull();
    expect(r.json.utility.relative_utility).toBeNull();
  }, 120_000);
});

describe('diagnostic with a column the schema drops as PII (review s27)', () => {
  it('is no structure fault: not missing, listed as left out', async () => {
    const titanic = await upload('titanic.csv', await readFile(dataset('titanic.csv'), 'utf8'));
    const put = await call(stack.url, 'PUT', `/files/${titanic}/schema`, { json: { columns: [{ name: 'name', pii_action: 'drop' }] } });
    expect(put.status, put.text).toBe(200);
    const sample = (await generated(stack.url, { file_id: titanic, generator: 'gaussian_copula', rows: 300, seed: 1 })).generated_file_id;
    const d = await post<Diagnostic>('/validation/diagnostic', { real_file_id: titanic, synthetic_file_id: sample });
    expect(d.status, d.text).toBe(200);
    expect(d.json.data_structure).toMatchObject({ score: 1, missing_columns: [], left_out_columns: ['name'] });
  }, 120_000);
});
