/**
 * The web app in headless Chromium, for two dead ends a UX review found on a synthetic file's page:
 * no way to sample again from the fitted model (only a generate form that would model the synthetic
 * rows themselves), and a machine-learning utility panel offering free text and personal data as the
 * target and saying nothing useful when no holdout exists. Screenshots go to tests/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import type { RunningStack } from '../../local/stack.js';

let app: WebApp;
let stack: RunningStack;
let page: Page;
let consoleErrors: string[];
let titanic: string;

/** A finished gaussian_copula generation: its file and model ids. */
async function generate(fileId: string): Promise<{ file: string; model: string }> {
  const started = await call<{ job_id: string; generated_file_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', {
    json: { file_id: fileId, generator: 'gaussian_copula', rows: 200, seed: 3 },
  });
  expect(started.status).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  return { file: started.json.generated_file_id, model: started.json.model_id };
}

const options = (select: string) => page.locator(`${select} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 800 } });
  ({ stack, page, consoleErrors } = app);
  titanic = await app.upload('titanic.csv', await readFile(dataset('titanic.csv'), 'utf8'));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('web app: sampling again from a model, and a utility panel that leads somewhere', () => {
  it('samples more rows from the model that made a synthetic file, with conditions, and links the new file', async () => {
    const { file, model } = await generate(titanic);
    await app.openDataset(file);
    await page.waitForSelector('#sample-submit');
    expect(await page.textContent('#sample-h')).toBe('Sample more rows from this model');
    expect(await page.textContent('#sample-about')).toMatch(/^New rows from the gaussian_copula model this file came from, fitted once on 1,309 source rows/);
    // The generate form waits, folded, behind a summary saying what it would do.
    expect(await page.getAttribute('#generate-details', 'open')).toBeNull();
    expect(await page.textContent('#generate-details > summary')).toBe('Model this synthetic file as a new source');
    expect(await page.isVisible('#generate-submit')).toBe(false);
    expect(await page.isHidden('#sample-progress')).toBe(true);

    await page.fill('#sample-rows', '30');
    await page.fill('#sample-seed', '5');
    await page.fill('#sample-conditions', 'sex=female');
    await page.click('#sample-submit');
    await page.waitForSelector('#sample-link', { timeout: 60_000 });
    expect(await page.isVisible('#sample-progress')).toBe(true);
    expect(await page.textContent('#sample-status')).toBe('Done.');
    expect(await page.textContent('#sample-link')).toBe('Open the new synthetic file (30 rows, seed 5)');
    await page.locator('#sample').screenshot({ path: join(ARTIFACTS, 'sample-done.png') });

    const sampled = (await page.getAttribute('#sample-link', 'href'))!.replace('#/files/', '');
    const meta = await call<{ rows: number; lineage: { parent: string; details: { model_id: string } } }>(stack.url, 'GET', `/files/${sampled}`);
    expect(meta.json.rows).toBe(30);
    expect(meta.json.lineage.parent).toBe(titanic);
    expect(meta.json.lineage.details.model_id).toBe(model);
    const rows = await call<{ rows: { sex: string }[] }>(stack.url, 'GET', `/files/${sampled}/data?limit=30`);
    expect(new Set(rows.json.rows.map((r) => r.sex))).toEqual(new Set(['female']));

    await page.click('#sample-link');
    await page.waitForSelector('#sample-submit');
    expect(await page.inputValue('#sample-rows')).toBe('30');
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('says plainly when the model is gone', async () => {
    const { file, model } = await generate(titanic);
    expect((await call(stack.url, 'DELETE', `/synth/models/${model}`)).status).toBe(204);
    await app.openDataset(file);
    await page.waitForSelector('#sample-gone');
    expect(await page.textContent('#sample-gone')).toMatch(/^The model that made this file no longer exists: it was deleted, or its source file was/);
    expect(await page.locator('#sample-submit').count()).toBe(0);
    await page.locator('#sample').screenshot({ path: join(ARTIFACTS, 'sample-gone.png') });
    // The browser logs the model's 404 as a failed load; that answer is the one shown above, nothing else went wrong.
    expect(consoleErrors.every((e) => /404/.test(e))).toBe(true);
    consoleErrors.length = 0;
  });

  it('offers only predictable targets and says exactly what holdout to upload', async () => {
    const { file } = await generate(titanic);
    await app.openDataset(file);
    await page.waitForSelector('#utility-target');
    // Not `name`: free text, and personal data.
    expect(await options('#utility-target')).toEqual(['survived', 'sex', 'age', 'passengerClass']);
    expect(await page.inputValue('#utility-target')).toBe('survived');
    expect(await page.isDisabled('#utility-run')).toBe(true);
    expect(await page.textContent('#utility-no-holdout')).toContain('a file of real rows the generator never saw, with the same columns (name, survived, sex, age, passengerClass)');
    await page.locator('#utility').screenshot({ path: join(ARTIFACTS, 'utility-no-holdout.png') });

    // Ids, constants and codes with many levels are not offered either; a category and a number are.
    const lines = ['row,code,const,group,amount'];
    for (let i = 0; i < 240; i++) lines.push(`${i + 1},K${(i * 7) % 90},7,${'abc'[i % 3]},${((i * 37) % 100) / 4 + i / 1000}`);
    const table = `${lines.join('\n')}\n`;
    const codes = await app.upload('codes.csv', table);
    // Read as a category on purpose: 90 levels, which the route would take, and a model could not learn from 240 rows.
    const codesMeta = await call<{ columns: { name: string; type: string; distinct?: number }[] }>(stack.url, 'PUT', `/files/${codes}/schema`, { json: { columns: [{ name: 'code', type: 'categorical' }] } });
    expect(codesMeta.json.columns.find((c) => c.name === 'code')).toMatchObject({ type: 'categorical', distinct: 90 });
    const synthetic = (await generate(codes)).file;
    // Rows the generator never saw, with the same columns: offered, and the run is enabled.
    const held = await app.upload('codes_holdout.csv', `${lines[0]}\n${lines.slice(1, 61).map((l) => l.replace(/^\d+/, (n) => String(Number(n) + 1000))).join('\n')}\n`);
    await app.openDataset(synthetic);
    await page.waitForSelector('#utility-target');
    expect(await options('#utility-target')).toEqual(['group', 'amount']);
    expect(await options('#utility-holdout')).toEqual(['', held]);
    expect(await page.locator('#utility-no-holdout').count()).toBe(0);
    await page.selectOption('#utility-holdout', held);
    expect(await page.isDisabled('#utility-run')).toBe(false);
    await page.click('#utility-run');
    await page.waitForSelector('#utility-synthetic', { timeout: 60_000 });
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
