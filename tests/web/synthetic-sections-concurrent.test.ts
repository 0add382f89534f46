/**
 * A generated file's page (web/src/views/dataset.ts) in headless Chromium: its quality, model, sample,
 * privacy and utility sections load side by side, in the page's order, each under its heading while
 * its requests run, so one slow request holds up only its own section, and a failed one hides no other.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let synthetic: string;

/** The synthetic file page's section headings (h2), top to bottom. */
const headings = () => page.$$eval('#app h2', (hs) => hs.map((h) => h.textContent ?? ''));

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

const ORDER = ['Quality against the source', 'Sample more rows from this model', 'Privacy and validity', 'Machine-learning utility'];
const inOrder = (all: string[]) => ORDER.map((t) => all.indexOf(t));

describe("a generated file's measured sections", () => {
  it('shows the utility and sample sections while the privacy measures are still held, in the page order', async () => {
    const held: Route[] = [];
    await page.route(/\/validation\/privacy$/, (route) => void held.push(route));
    await app.openDataset(synthetic);
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(1);
    // The sections after privacy are usable meanwhile.
    await page.waitForSelector('#utility-holdout');
    await page.waitForSelector('#sample-submit');
    const privacy = page.locator('section', { has: page.locator('h2', { hasText: /^Privacy and validity$/ }) });
    expect(await privacy.getAttribute('aria-busy')).toBe('true');
    expect(await privacy.locator('.loading').textContent()).toBe('Loading…');
    const before = inOrder(await headings());
    expect(before.every((i) => i >= 0)).toBe(true);
    expect([...before].sort((a, b) => a - b)).toEqual(before);

    for (const route of held) await route.continue();
    await page.unroute(/\/validation\/privacy$/);
    await page.waitForSelector('#privacy-table');
    expect(await page.locator('#privacy').getAttribute('aria-busy')).toBeNull();
    const after = inOrder(await headings());
    expect([...after].sort((a, b) => a - b)).toEqual(after);
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);

  it('shows the privacy measures while the model is still held, and a failed model request hides no other section', async () => {
    const held: Route[] = [];
    const model = /\/synth\/models\/m[^/]*$/;
    await page.route(model, (route) => void held.push(route));
    await app.openDataset(synthetic);
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(1);
    await page.waitForSelector('#privacy-table');
    await page.waitForSelector('#utility-holdout');
    const sample = page.locator('section', { has: page.locator('h2', { hasText: /^Sample more rows from this model$/ }) });
    expect(await sample.getAttribute('aria-busy')).toBe('true');

    for (const route of held) await route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ status: 500, title: 'Internal', detail: 'held by the test' }) });
    await page.unroute(model);
    await page.waitForSelector('#sample-gone');
    expect(await page.textContent('#sample-gone')).toContain('held by the test');
    expect(await page.isVisible('#privacy-table')).toBe(true);
    expect(await page.isVisible('#quality-overall')).toBe(true);
    expect(await page.isVisible('#utility-holdout')).toBe(true);
    expect(inOrder(await headings()).every((i) => i >= 0)).toBe(true);
  }, 60_000);
});
