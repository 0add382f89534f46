import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { call, dataset, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let train: FileMeta;
let holdout: FileMeta;
let synthetic: string;

beforeAll(async () => {
  stack = await testStack();
  const [header, ...rows] = (await readFile(dataset('credit.csv'), 'utf8')).trimEnd().split('\n');
  const cut = Math.round(rows.length * 0.8);
  train = (await uploadDirect<FileMeta>(stack.url, 'train.csv', [header, ...rows.slice(0, cut)].join('\n') + '\n')).json;
  holdout = (await uploadDirect<FileMeta>(stack.url, 'holdout.csv', [header, ...rows.slice(cut)].join('\n') + '\n')).json;
  const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', {
    json: { file_id: train.file_id, generator: 'gaussian_copula', seed: 1 },
  });
  await until(async () => {
    const j = await call<Job>(stack.url, 'GET', `/synth/jobs/${started.json.job_id}`);
    return j.json.status === 'succeeded' ? j.json : undefined;
  }, 'generation', 120_000);
  synthetic = started.json.generated_file_id;
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('validation API with a holdout', () => {
  it('reports utility (TSTR vs TRTR) and detection', async () => {
    const r = await call<{ task: string; train_real: { accuracy: number }; train_synthetic: { accuracy: number }; detection: { score: number } }>(stack.url, 'POST', '/validation/utility', {
      json: { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout.file_id, target: 'Status' },
    });
    expect(r.status).toBe(200);
    expect(r.json.task).toBe('classification');
    expect(r.json.train_real.accuracy).toBeGreaterThan(0.7);
    expect(r.json.train_synthetic.accuracy).toBeGreaterThan(0.6);
    expect(r.json.detection.score).toBeGreaterThan(0);
    expect((await call(stack.url, 'POST', '/validation/utility', { json: { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout.file_id, target: 'Nope' } })).status).toBe(422);
  });

  it('reports DCR share, the membership attack and attribute disclosure', async () => {
    const r = await call<{ dcr_share: { closer_to_training: number; verdict: string }; membership_inference: { auc: number }; k_anonymity: { k: number }; attribute_disclosure: { cap: number }[] }>(
      stack.url,
      'POST',
      '/validation/privacy',
      { json: { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout.file_id, quasi_identifiers: ['Home', 'Marital'], sensitive: ['Status'] } },
    );
    expect(r.status).toBe(200);
    expect(r.json.dcr_share.closer_to_training).toBeGreaterThan(0.3);
    expect(r.json.dcr_share.closer_to_training).toBeLessThan(0.7);
    expect(r.json.membership_inference.auc).toBeLessThan(0.65);
    expect(r.json.k_anonymity.k).toBeGreaterThanOrEqual(1);
    expect(r.json.attribute_disclosure[0]!.cap).toBeGreaterThan(0);
  });
});

describe('the full report', () => {
  it('bundles every measure and links a self-contained HTML page', async () => {
    const r = await call<{ quality: { overall: number }; utility: { task: string }; drift: { columns: unknown[] }; html_url: string }>(stack.url, 'POST', '/validation/report', {
      json: { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout.file_id, target: 'Status' },
    });
    expect(r.status).toBe(200);
    expect(r.json.quality.overall).toBeGreaterThan(0.8);
    expect(r.json.utility.task).toBe('classification');
    const html = await (await fetch(r.json.html_url)).text();
    expect(html).toContain('vegaEmbed');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(await stack.services.blobs.list(`files/${synthetic}/derived/report/`)).toHaveLength(1);
  });
});
