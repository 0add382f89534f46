/**
 * A generated file's page in headless Chromium: it names the conditions and constraints it was made
 * with, scores quality against the source rows those conditions ask for (and says so), notes what a
 * condition fixed in the Model and Overview sections; and once its source is deleted it still shows
 * the stored quality summary, without asking for the deleted source (no 404 in the console).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

async function generate(fileId: string, body: Record<string, unknown>): Promise<string> {
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: fileId, generator: 'gaussian_copula', seed: 5, ...body } });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  return started.json.generated_file_id;
}

describe('a generated file page', () => {
  it('shows its conditions and constraints, and quality against the source rows they ask for', async () => {
    const penguins = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
    const id = await generate(penguins, { conditions: { species: 'Adelie' }, constraints: [{ type: 'positive', column: 'bill_length_mm' }] });
    await app.openDataset(id);
    await page.waitForSelector('#shapes-chart svg', { timeout: 30_000 });
    expect(await page.textContent('#generated-conditions')).toBe('Conditions: species = Adelie — every row has these values.');
    expect(await page.textContent('#generated-constraints')).toBe('Constraints: bill_length_mm ≥ 0.');
    expect(await page.textContent('#quality-basis')).toBe('Compared with the 152 source rows where species = Adelie: the rows the conditions ask for, not the whole source.');
    expect(Number.parseFloat((await page.textContent('#quality-overall'))!)).toBeGreaterThan(75);
    // The model's shares are the source's; the condition overrode them.
    await page.waitForSelector('#model-groups');
    expect(await page.textContent('#model-groups-condition')).toBe("These shares are the source's, as the model learned them; in this file the condition fixed them: every row has species = Adelie.");
    // A single species is what was asked for, not a warning.
    await page.waitForSelector('#warnings');
    expect(await page.locator('#warnings li[data-kind="constant"]', { hasText: 'species' }).count()).toBe(0);
    expect(await page.textContent('#warnings li[data-kind="condition"]')).toBe('species has a single value, Adelie, because the generation was conditioned on species = Adelie.');
    await page.screenshot({ path: `${ARTIFACTS}g-conditions.png`, fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);

  it('keeps the stored quality summary once the source is deleted, and never asks for the deleted source', async () => {
    const source = await app.upload('penguins-gone.csv', await readFile(dataset('penguins.csv'), 'utf8'));
    const id = await generate(source, { rows: 100 });
    // Deleted from the list, through the confirm dialog, which says what is lost.
    const asked: string[] = [];
    page.on('dialog', (d) => asked.push(d.message()));
    await page.goto(`${app.stack.url}/#/`);
    await page.click(`#file-list tr[data-file-id="${source}"] button.danger`);
    await page.waitForFunction((s) => !document.querySelector(`#file-list tr[data-file-id="${s}"]`), source);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^Delete penguins-gone\.csv\? .*The synthetic file made from it stays, as a file of its own, with the quality summary measured when made; but privacy, utility, fresh quality scores and the full report need the source/);
    app.consoleErrors.length = 0;
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
    await app.openDataset(id);
    await page.waitForSelector('#source-deleted');
    await page.waitForSelector('#shapes-chart svg', { timeout: 30_000 });
    expect(await page.isVisible('#parent-gone')).toBe(true);
    // Named by the name its lineage kept when it was made (lineage.parent_name).
    expect(await page.textContent('#parent-gone')).toBe('penguins-gone.csv (deleted)');
    expect(Number.parseFloat((await page.textContent('#quality-overall'))!)).toBeGreaterThan(50);
    expect(await page.textContent('#source-deleted')).toMatch(/the quality summary below is the one measured when this file was generated/);
    await page.waitForSelector('#overview');
    await page.screenshot({ path: `${ARTIFACTS}g-source-deleted.png`, fullPage: true });
    expect(requested.filter((p) => p.includes(source))).toEqual([]);
    expect(failed).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);
});
