/**
 * Over HTTP, the titanic case for DCR baseline protection and NNDR: without a holdout, real rows repeat
 * each other so often (the faked name left out) that a faithful copula sat at distance 0 and NNDR 0,
 * both read "risk"; judged against real rows' own figures (leave-one-out) they no longer do, while a
 * copy of a table of unique rows still does. A holdout overlapping the training rows is reported and
 * no longer serves as the reference.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Basis = 'real' | 'holdout';
interface Privacy {
  dcr_baseline_protection: { score: number; real_score?: number; holdout_score?: number; baseline_basis: Basis; verdict: string; threshold: string };
  nndr: { median: number; real_median?: number; holdout_median?: number; baseline_basis: Basis; verdict: string; threshold: string };
  exact_copies: { baseline_basis: Basis; verdict: string };
  holdout_overlap?: { rows: number; of: number; overlapping: boolean };
}

let stack: TestStack;
let titanic: FileMeta;
let generated: string;
let airquality: FileMeta;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

beforeAll(async () => {
  stack = await testStack();
  [titanic, airquality] = await Promise.all([
    readFile(dataset('titanic.csv'), 'utf8').then((t) => uploadDirect<FileMeta>(stack.url, 'titanic.csv', t)),
    readFile(dataset('airquality.csv'), 'utf8').then((t) => uploadDirect<FileMeta>(stack.url, 'airquality.csv', t)),
  ]).then((r) => r.map((x) => x.json));
  const started = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', { file_id: titanic.file_id, generator: 'gaussian_copula', rows: 1000, seed: 5 });
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  generated = started.json.generated_file_id;
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
});

describe("DCR baseline protection and NNDR against real rows' own figures", () => {
  it('titanic + gaussian copula without a holdout: neither reads risk, real rows scoring 0 themselves', async () => {
    const r = await post<Privacy>('/validation/privacy', { real_file_id: titanic.file_id, synthetic_file_id: generated });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const { dcr_baseline_protection: dcr, nndr } = r.json;
    // Most real rows have a twin once the name is left out: their own distance and NNDR are 0, as the copula's are.
    expect(dcr).toMatchObject({ baseline_basis: 'real', real_score: 0 });
    expect(nndr).toMatchObject({ baseline_basis: 'real', real_median: 0 });
    expect(dcr.score).toBeLessThan(0.02); // below the old cut: this read "risk"
    expect(nndr.median).toBeLessThan(0.2); // likewise
    expect(dcr.verdict).toBe('safe');
    expect(nndr.verdict).toBe('safe');
    expect(dcr.threshold).toMatch(/other real rows.*real_score 0\.000/);
  }, 120_000);

  it('a copy of a table of unique rows still reads risk on both', async () => {
    const r = await post<Privacy>('/validation/privacy', { real_file_id: airquality.file_id, synthetic_file_id: airquality.file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.dcr_baseline_protection.real_score).toBeGreaterThan(0);
    expect(r.json.nndr.real_median).toBeGreaterThan(0);
    expect(r.json.dcr_baseline_protection).toMatchObject({ score: 0, verdict: 'risk' });
    expect(r.json.nndr).toMatchObject({ median: 0, verdict: 'risk' });
  }, 60_000);

  it('a holdout that is the training rows is reported, and the copy judged against real rows instead, in the reply and the HTML report', async () => {
    const r = await post<{ privacy: Privacy; html_url: string }>('/validation/report', { real_file_id: airquality.file_id, synthetic_file_id: airquality.file_id, holdout_file_id: airquality.file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const p = r.json.privacy;
    expect(p.holdout_overlap).toMatchObject({ rows: 153, of: 153, overlapping: true });
    // Against the holdout (every row a training row) the copy would read safe on all three.
    expect(p.exact_copies).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
    expect(p.dcr_baseline_protection).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
    expect(p.nndr).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
    const html = await (await fetch(r.json.html_url)).text();
    expect(html).toContain('<tr><th>Holdout rows also in the training rows (privacy judged against real rows instead)</th><td>153 of 153</td><td class="how"></td></tr>');
  }, 60_000);

  it('/openapi.json documents the reference figures', async () => {
    type Schema = { properties?: Record<string, Schema>; description?: string };
    const doc = await call<{ components: { schemas: Record<string, Schema> } }>(stack.url, 'GET', '/openapi.json');
    const part = doc.json.components.schemas.PrivacyPart!.properties!;
    expect(part.dcr_baseline_protection?.properties?.real_score?.description).toMatch(/nearest OTHER real row/);
    expect(part.nndr?.properties?.real_median?.description).toMatch(/leave-one-out/);
    expect(part.nndr?.properties?.holdout_median?.description).toMatch(/holdout/);
    expect(part.holdout_overlap?.description).toMatch(/identical to a training row/);
  });
});
