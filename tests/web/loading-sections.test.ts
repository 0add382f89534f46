/**
 * Sections that load (web/src/dom.ts whileLoading) in headless Chromium: while their request is
 * held, each is on the page under its heading, aria-busy, saying "Loading…"; once it answers, the
 * content replaces the line and the section is no longer busy.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { dataset } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let penguins: string;

beforeAll(async () => {
  app = await startWebApp();
  page = app.page;
  penguins = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('a section that loads', () => {
  it('shows "Loading…" and is aria-busy until its content arrives', async () => {
    // The summary and outliers requests are held until released, so the loading state is seen for sure.
    const held: Route[] = [];
    await page.route(/\/eda\/(summary|outliers)$/, (route) => void held.push(route));
    await app.openDataset(penguins);
    const overview = page.locator('section', { has: page.locator('h2', { hasText: /^Overview$/ }) });
    const outliers = page.locator('section', { has: page.locator('#outliers-h') });
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(2);
    for (const section of [overview, outliers]) {
      expect(await section.getAttribute('aria-busy')).toBe('true');
      expect(await section.locator('.loading').textContent()).toBe('Loading…');
    }
    // The rest of the page is already there, not waiting behind them.
    await page.waitForSelector('#generate-submit');

    for (const route of held) await route.continue();
    await page.unroute(/\/eda\/(summary|outliers)$/);
    await page.waitForSelector('#overview');
    await page.waitForSelector('#outliers tbody tr');
    for (const section of [page.locator('#overview'), outliers]) {
      expect(await section.getAttribute('aria-busy')).toBeNull();
      expect(await section.locator('.loading').count()).toBe(0);
    }
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
