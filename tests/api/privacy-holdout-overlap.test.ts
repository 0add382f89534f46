/**
 * Over HTTP, titanic without its names (survived, sex, age, class: 82 % of rows have a twin): a
 * holdout disjoint by row matches training rows about as often as training rows match each other,
 * which is no overlap; the whole source as holdout is one, and then the DCR share and the membership
 * attack compare only its rows unseen in training.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Overlap {
  rows: number;
  of: number;
  share: number;
  expected_share: number;
  p_value: number;
  overlapping: boolean;
}
interface Privacy {
  holdout_overlap: Overlap;
  holdout_measures: { basis: string; rows: number; note: string };
  exact_copies: { baseline_basis: string };
  nndr: { baseline_basis: string };
  dcr_baseline_protection: { baseline_basis: string };
  dcr_share?: { closer_to_training: number };
  membership_inference?: { auc: number };
}

let stack: TestStack;
let train: FileMeta;
let holdout: FileMeta;
let whole: FileMeta;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

beforeAll(async () => {
  stack = await testStack();
  // The name (first column, quoted when it holds a comma) dropped: the rest repeat each other.
  const nameless = (l: string) => l.replace(/^"[^"]*",|^[^,]*,/, '');
  const [header, ...rows] = (await readFile(dataset('titanic.csv'), 'utf8')).trimEnd().split('\n').map(nameless);
  const csv = (keep: (i: number) => boolean) => [header, ...rows.filter((_, i) => keep(i))].join('\n') + '\n';
  // Every fourth passenger held out: the file is ordered by class, a cut at a row would not be.
  [train, holdout, whole] = await Promise.all([
    uploadDirect<FileMeta>(stack.url, 'train.csv', csv((i) => i % 4 !== 0)),
    uploadDirect<FileMeta>(stack.url, 'holdout.csv', csv((i) => i % 4 === 0)),
    uploadDirect<FileMeta>(stack.url, 'whole.csv', csv(() => true)),
  ]).then((r) => r.map((x) => x.json));
}, 60_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('holdout overlap on titanic without names', () => {
  it('a split disjoint by row is no overlap: the holdout stays the reference and is compared whole', async () => {
    const r = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: train.file_id, holdout_file_id: holdout.file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const o = r.json.holdout_overlap;
    // 263 of 328 holdout rows equal a training row (80 %), as 82 % of training rows equal another: chance.
    expect(o).toMatchObject({ rows: 263, of: 328, overlapping: false });
    expect(o.expected_share).toBeCloseTo(0.815, 3);
    expect(o.p_value).toBeGreaterThan(0.5);
    expect(r.json.exact_copies.baseline_basis).toBe('holdout');
    expect(r.json.nndr.baseline_basis).toBe('holdout');
    expect(r.json.dcr_baseline_protection.baseline_basis).toBe('holdout');
    expect(r.json.holdout_measures).toMatchObject({ basis: 'holdout', rows: 328 });
  });

  it('utility reads the same split as no overlap', async () => {
    const r = await post<{ holdout_overlap: Overlap }>('/validation/utility', { real_file_id: train.file_id, synthetic_file_id: train.file_id, holdout_file_id: holdout.file_id, target: 'survived' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.holdout_overlap).toMatchObject({ rows: 263, of: 328, overlapping: false });
  });

  it('the whole source as holdout is an overlap: the baselines fall back, the share and the attack use the 65 unseen rows', async () => {
    const r = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: train.file_id, holdout_file_id: whole.file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.holdout_overlap).toMatchObject({ rows: 1244, of: 1309, overlapping: true });
    expect(r.json.holdout_overlap.p_value).toBeLessThan(1e-10);
    expect(r.json.exact_copies.baseline_basis).toBe('real');
    expect(r.json.holdout_measures).toMatchObject({ basis: 'unseen_holdout', rows: 65 });
    expect(r.json.dcr_share).toBeDefined();
    expect(r.json.membership_inference).toBeDefined();
  });

  it('/openapi.json documents the overlap test and the holdout rows compared', async () => {
    type Schema = { properties?: Record<string, Schema>; description?: string; anyOf?: Schema[] };
    const doc = await call<{ components: { schemas: Record<string, Schema> } }>(stack.url, 'GET', '/openapi.json');
    const part = doc.json.components.schemas.PrivacyPart!.properties!;
    expect(part.holdout_overlap?.properties?.expected_share?.description).toMatch(/leave-one-out/);
    expect(part.holdout_overlap?.properties?.overlapping?.description).toMatch(/p_value < 0.01/);
    expect(part.holdout_measures?.properties?.basis?.description).toMatch(/unseen_holdout/);
    expect(part.membership_inference?.description).toMatch(/AUC/);
    const utility = doc.json.components.schemas.UtilityPart!.properties!;
    expect(utility.holdout_overlap?.properties?.overlapping).toBeDefined();
  });
});
