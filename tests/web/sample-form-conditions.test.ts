/**
 * The "Sample more rows" form on a synthetic file's page (web/src/views/sample.ts) in headless
 * Chromium: its Conditions field is the generate form's (conditions-field.ts), so a mistake, the
 * browser's or the API's, is said under the field and not only in the banner, and a model whose
 * generator conditions approximately says so beside it. The page asks once for the model, the file
 * list and the generators' capabilities, though several of its sections use each.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import { expectConditionErrorsUnderField } from '../helpers/conditions-field.js';

let app: WebApp;
let page: Page;
let penguins: string;

/** A finished generation from penguins: its file and model ids. */
async function generate(generator: string, params: Record<string, unknown> = {}): Promise<{ file: string; model: string }> {
  const started = await call<{ job_id: string; generated_file_id: string; model_id: string }>(app.stack.url, 'POST', '/synth/generate', {
    json: { file_id: penguins, generator, rows: 60, seed: 3, params },
  });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  return { file: started.json.generated_file_id, model: started.json.model_id };
}

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  penguins = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('the Sample more rows form', () => {
  it('asks once for the model, the file list and the generators, and says a condition mistake under the field', async () => {
    const { file, model } = await generate('gaussian_copula');
    const asked: string[] = [];
    const listen = (r: { method(): string; url(): string }) => r.method() === 'GET' && asked.push(new URL(r.url()).pathname);
    page.on('request', listen);
    await app.openDataset(file);
    // The generate form, the page's last section, waits folded on a synthetic file's page.
    await page.waitForSelector('#generate-submit', { state: 'attached' });
    page.off('request', listen);
    const times = (path: string) => asked.filter((p) => p === path).length;
    expect(times(`/synth/models/${model}`)).toBe(1);
    expect(times('/files')).toBe(1);
    expect(times('/synth/models')).toBe(1);

    // The copula conditions on any column exactly: no note.
    expect(await page.isEnabled('#sample-conditions')).toBe(true);
    expect(await page.isHidden('#sample-conditions-note')).toBe(true);

    await expectConditionErrorsUnderField(page, 'sample-', '#sample-submit');
    expect(await page.isHidden('#sample-progress')).toBe(true);
    expect(await page.isEnabled('#sample-submit')).toBe(true);
    await page.locator('#sample').screenshot({ path: `${ARTIFACTS}sample-form-condition-error.png` });
    expect(app.consoleErrors.filter((e) => !/422/.test(e))).toEqual([]);
    app.consoleErrors.length = 0;
  }, 120_000);

  it('notes beside Conditions that a ctgan model conditions approximately', async () => {
    const { file } = await generate('ctgan', { epochs: 2 });
    await app.openDataset(file);
    await page.waitForSelector('#sample-submit');
    expect(await page.isEnabled('#sample-conditions')).toBe(true);
    expect(await page.textContent('#sample-conditions-note')).toMatch(/^ctgan conditions categories approximately: .*; gaussian_copula samples them exactly\.$/);
    expect((await page.getAttribute('#sample-conditions', 'aria-describedby'))?.split(' ')).toContain('sample-conditions-note');
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);

  it('for a tvae model, disables Conditions and says to generate again (the form has no generator to choose)', async () => {
    const { file } = await generate('tvae', { epochs: 2 });
    await app.openDataset(file);
    await page.waitForSelector('#sample-submit');
    expect(await page.isDisabled('#sample-conditions')).toBe(true);
    expect(await page.textContent('#sample-conditions-note')).toMatch(/^This model's generator \(tvae\) cannot fix column values: generate again with gaussian_copula, .* for conditions\.$/);
    // The generate form on the same page (folded on a synthetic file's) still offers the choice, in its own words.
    await page.click('#generate-details > summary');
    await page.selectOption('#generator', 'tvae');
    expect(await page.textContent('#conditions-note')).toMatch(/^tvae cannot fix column values: choose gaussian_copula, .* for conditions\.$/);
    expect(app.consoleErrors).toEqual([]);
  });
});
