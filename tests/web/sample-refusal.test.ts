/**
 * The "Sample more rows" form and the Generate form submit the same way (web/src/views/request-form.ts):
 * the API refusing the constraints is said under the sample form's Constraints field, as under the
 * generate form's, not in the page's banner; an error about neither field still goes to the banner.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let synthetic: string;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  const penguins = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: penguins, generator: 'gaussian_copula', rows: 60, seed: 3 } });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  synthetic = started.json.generated_file_id;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('the sample form on an API refusal', () => {
  it('says a refused constraint under its Constraints field, aria-invalid, with the banner hidden', async () => {
    await app.openDataset(synthetic);
    await page.waitForSelector('#sample-submit');
    // A shape the browser accepts, which the real penguins break (body masses run to 6300 g): the API's 422.
    await page.fill('#sample-constraints', '[{"type": "range", "column": "body_mass_g", "max": 4000}]');
    await page.click('#sample-submit');
    await page.waitForSelector('#sample-constraints-error:not([hidden])');
    expect(await page.textContent('#sample-constraints-error')).toMatch(/^The data breaks the constraint/);
    expect(await page.getAttribute('#sample-constraints', 'aria-invalid')).toBe('true');
    expect(await page.isHidden('#error')).toBe(true);
    // Not the generate form's field, also on the page.
    expect(await page.isHidden('#constraints-error')).toBe(true);
    expect(await page.isHidden('#sample-progress')).toBe(true);
    expect(await page.isEnabled('#sample-submit')).toBe(true);
    expect(await page.textContent('#sample-submit')).toBe('Sample');
  }, 60_000);

  it('says an error about neither field in the banner (a model deleted since), clearing the last refusal', async () => {
    // The refused list is left as it is: the next submit checks it again, which clears the refusal it no longer knows about.
    await page.route('**/synth/models/*/sample', (route) =>
      route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ status: 404, title: 'Not Found', detail: 'No fitted model m_x.' }) }),
    );
    await page.click('#sample-submit');
    await page.waitForSelector('#error:not([hidden])');
    await page.unroute('**/synth/models/*/sample');
    expect(await page.textContent('#error .banner-text')).toBe('The model that made this file no longer exists, so no more rows can be sampled from it.');
    expect(await page.isHidden('#sample-constraints-error')).toBe(true);
    expect(await page.getAttribute('#sample-constraints', 'aria-invalid')).toBeNull();
    expect(await page.isHidden('#sample-conditions-error')).toBe(true);
    expect(app.consoleErrors.filter((e) => !/4(22|04)/.test(e))).toEqual([]);
  }, 60_000);
});
