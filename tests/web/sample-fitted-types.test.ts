/**
 * The web app in headless Chromium: a synthetic file's "Sample more rows" section says which columns
 * its model learned with another type than its source reads them now (the model's `fitted_columns`),
 * as the form is read in the types the model learned. Nothing is said while the types agree.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let source: string;
let generated: string;

beforeAll(async () => {
  app = await startWebApp();
  page = app.page;
  source = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', {
    json: { file_id: source, generator: 'gaussian_copula', rows: 50, seed: 3 },
  });
  expect(started.status, started.text).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  generated = started.json.generated_file_id;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('web app: the types a model learned, once its source is retyped', () => {
  it('says nothing while the source reads every column as the model learned it', async () => {
    await app.openDataset(generated);
    await page.waitForSelector('#sample-submit');
    expect(await page.locator('#sample-fitted-types').count()).toBe(0);
  });

  it('names the column the source now reads otherwise, with both types', async () => {
    const retyped = await call(app.stack.url, 'PUT', `/files/${source}/schema`, { json: { columns: [{ name: 'year', type: 'categorical' }] } });
    expect(retyped.status, retyped.text).toBe(200);
    await app.openDataset(generated);
    await page.waitForSelector('#sample-submit');
    expect(await page.textContent('#sample-fitted-types')).toBe(
      'Learned year as integer; the source file now reads it as categorical. Conditions and constraints are read, and new rows written, as the model learned them.',
    );
    await page.locator('#sample').screenshot({ path: join(ARTIFACTS, 'sample-fitted-types.png') });
    expect(app.consoleErrors).toEqual([]);
  });
});
