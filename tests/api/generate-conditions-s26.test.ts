/**
 * Conditions of POST /synth/generate. What the source's schema and data can tell is refused at the
 * request, by the same checks a stored model's sample request runs (core/generation/conditions.ts).
 * Values that only the fitted copula mixture can judge (a pair no group of its strata holds
 * together: the strata are chosen by the fit) are judged at the request too, by fitting the model the
 * job would fit, while the source is small (REQUEST_FIT_MAX_CELLS); past that the job's model refuses
 * them, naming the conditions and saying how to proceed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type Generated, type TestStack } from '../helpers/stack.js';
import { savedEnv } from '../helpers/env.js';

let stack: TestStack;
let penguins: FileMeta;
beforeAll(async () => {
  stack = await testStack();
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', readFileSync(dataset('penguins.csv')))).json;
}, 60_000);
afterAll(async () => stack?.destroy());

const generate = (body: Record<string, unknown>) =>
  call<Generated & { detail: string; problems?: string[] }>(stack.url, 'POST', '/synth/generate', { json: { file_id: penguins.file_id, generator: 'gaussian_copula', seed: 5, rows: 50, ...body } });

describe('conditions of a generation', () => {
  it('refuses at the request values no group of the fitted strata holds together, naming them', async () => {
    const before = (await call<{ items: unknown[] }>(stack.url, 'GET', '/files')).json.items.length;
    for (const conditions of [{ island: 'Torgersen', species: 'Gentoo' }, { species: 'Chinstrap', island: 'Biscoe' }]) {
      const refused = await generate({ conditions });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.json.detail).toContain(`no group of species has these values together`);
    }
    expect((await generate({ conditions: { island: 'Torgersen', species: 'Gentoo' } })).json.detail).toContain('island = "Torgersen", species = "Gentoo"');
    // Nothing was started or written for them.
    expect((await call<{ items: unknown[] }>(stack.url, 'GET', '/files')).json.items).toHaveLength(before);
    // Values seen together are met, with every row as asked.
    const met = await generate({ conditions: { species: 'Adelie', island: 'Biscoe' } });
    expect(met.status, met.text).toBe(202);
    expect((await jobEnded(stack.url, met.json.job_id)).status).toBe('succeeded');
  }, 120_000);

  it('leaves them to the job past the request-fit limit, which fails naming them', async () => {
    const restore = savedEnv('TABMIMIC_REQUEST_FIT_MAX_CELLS');
    process.env.TABMIMIC_REQUEST_FIT_MAX_CELLS = '0';
    try {
      const started = await generate({ conditions: { island: 'Torgersen', species: 'Gentoo' } });
      expect(started.status, started.text).toBe(202);
      const job: Job = await jobEnded(stack.url, started.json.job_id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ status: 422 });
      expect(job.error?.detail).toContain('island = "Torgersen", species = "Gentoo"');
    } finally {
      restore();
    }
  }, 120_000);

  it('refuses a number condition for the neural generators, saying which generators condition on numbers', async () => {
    const models = await call<{ generators: { name: string; capabilities: { numericConditions: boolean } }[] }>(stack.url, 'GET', '/synth/models');
    const numeric = (name: string) => models.json.generators.find((g) => g.name === name)?.capabilities.numericConditions;
    for (const generator of ['ctgan', 'copulagan']) {
      expect(numeric(generator), generator).toBe(false);
      const r = await generate({ generator, conditions: { bill_length_mm: 40 } });
      expect(r.status, generator).toBe(422);
      expect(r.json.detail).toContain(`bill_length_mm: the ${generator} generator conditions on categorical and boolean columns only, and bill_length_mm is float`);
      expect(r.json.detail).toContain('capabilities.numericConditions in GET /synth/models (gaussian_copula)');
    }
    expect(numeric('gaussian_copula')).toBe(true);
  });
});
