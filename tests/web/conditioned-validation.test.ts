/**
 * A conditioned generated file's page in headless Chromium: the privacy and utility results, measured
 * against the source rows meeting its conditions (core/validation/basis.ts), say so as its quality
 * summary does (web/src/compared-with.ts).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('validation results of a conditioned file', () => {
  it('say they were measured against the source rows meeting the conditions', async () => {
    // Every fourth penguin held out: 114 Adelie rows train, 38 are held out.
    const [header, ...rows] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
    const csv = (keep: (i: number) => boolean) => [header, ...rows.filter((_, i) => keep(i))].join('\n') + '\n';
    const train = await app.upload('train.csv', csv((i) => i % 4 !== 3));
    const holdout = await app.upload('holdout.csv', csv((i) => i % 4 === 3));
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', {
      json: { file_id: train, generator: 'gaussian_copula', seed: 5, conditions: { species: 'Adelie' } },
    });
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    await app.openDataset(started.json.generated_file_id);
    const matching = 'Compared with the 114 source rows where species = Adelie: the rows the conditions ask for, not the whole source.';
    await page.waitForSelector('#privacy-basis', { timeout: 30_000 });
    expect(await page.textContent('#quality-basis')).toBe(matching);
    expect(await page.textContent('#privacy-basis')).toBe(`${matching} Exact copies look at every source row.`);
    await page.selectOption('#utility-holdout', holdout);
    await page.selectOption('#utility-target', 'sex');
    await page.click('#utility-run');
    await page.waitForSelector('#utility-basis', { timeout: 30_000 });
    expect(await page.textContent('#utility-basis')).toBe(matching);
    expect(await page.textContent('#utility-holdout-basis')).toBe('Compared with the 38 holdout rows where species = Adelie: the rows the conditions ask for, not the whole holdout.');
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);
});
