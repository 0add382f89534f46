/**
 * What a first-time user's walk through the web app found: a failed upload's reason said twice (on
 * its upload row and again on its row in the file list); Ratio and Seed narrower than Rows on a
 * laptop, Ratio's placeholder cut and Seed's note squeezed beside its box; an Outliers table with
 * blank "First rows" cells and a caption about listed rows when no column has any; a Delete that
 * said nothing (the row vanished and the focus moved on, unannounced).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dataset } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
beforeAll(async () => {
  app = await startWebApp();
  ({ page } = app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const shownTimes = (text: string) => page.evaluate((t) => document.body.innerText.split(t).length - 1, text);

describe('a failed upload from the file picker', () => {
  it('says why once, on its upload row, and the list says it once after a reload', async () => {
    await page.goto(`${app.stack.url}/#/`);
    await page.waitForSelector('#file-list p, #file-list table');
    await page.setInputFiles('#file-input', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n') });
    const reason = 'Line 3 has 2 fields but the header has 3.';
    await page.locator('#uploads li.failed', { hasText: reason }).waitFor({ timeout: 30_000 });
    await page.locator('#file-list tbody tr .badge.failed').waitFor({ timeout: 30_000 });
    // Polled: a list drawn by its own timer may show the file failed a moment before the upload learns it.
    await expect.poll(() => shownTimes(reason)).toBe(1);
    // A new visit has no upload row: the list says it.
    await page.goto('about:blank');
    await page.goto(`${app.stack.url}/#/`);
    await page.locator('#file-list .failure-reason', { hasText: reason }).waitFor();
    expect(await shownTimes(reason)).toBe(1);
  });
});

describe('the dataset page', () => {
  let penguins: string;
  beforeAll(async () => {
    penguins = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
  });

  it('gives Ratio and Seed the width of Rows at 1280 px, with Seed’s note under its box', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#seed-note');
    const box = async (sel: string) => (await page.locator(sel).boundingBox())!;
    const [rows, ratio, seed, note] = [await box('#rows'), await box('#ratio'), await box('#seed'), await box('#seed-note')];
    expect(Math.abs(ratio.width - rows.width)).toBeLessThan(2);
    expect(Math.abs(seed.width - rows.width)).toBeLessThan(2);
    // The placeholder shows whole.
    expect(await page.$eval('#ratio', (el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(note.y).toBeGreaterThanOrEqual(seed.y + seed.height - 1);
  });

  it('says "none" for a column without outliers, and that the method finds none, not how listed rows are numbered', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#outliers tbody tr');
    // Tukey's fences find none in penguins.
    expect(await page.locator('#outliers tbody td.rows').allTextContents()).toEqual(['none', 'none', 'none', 'none', 'none']);
    expect(await page.textContent('#outliers-caption')).toBe('No value lies outside these bounds: this method finds no outliers in any column.');
    const spiky = await app.upload('spiky.csv', 'v,w\n1,1\n2,2\n3,3\n2,2\n3,1\n1,2\n100,3\n');
    await app.openDataset(spiky);
    await page.waitForSelector('#outliers tbody tr');
    expect(await page.locator('#outliers tbody td.rows').allTextContents()).toEqual(['7', 'none']);
    expect(await page.textContent('#outliers-caption')).toBe('Rows are numbered as in Data (select one to see it there); the first eight of each column are listed.');
  });
});

describe('deleting a file from the list', () => {
  it('says which file was deleted, in a status line a screen reader announces', async () => {
    const id = await app.upload('doomed.csv', 'a,b\n1,2\n');
    await page.goto('about:blank');
    await page.goto(`${app.stack.url}/#/`);
    await page.click(`#file-list tr[data-file-id="${id}"] button.danger`);
    await expect.poll(() => page.textContent('#file-list-status')).toBe('doomed.csv was deleted.');
    expect(await page.getAttribute('#file-list-status', 'role')).toBe('status');
    // The line is said as the list is asked for again: the row goes once that answer is drawn.
    await expect.poll(() => page.locator(`#file-list tr[data-file-id="${id}"]`).count()).toBe(0);
  });
});
