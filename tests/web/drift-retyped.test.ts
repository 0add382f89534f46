/**
 * In headless Chromium: the Drift section (web/src/views/explore.ts, web/src/drift-text.ts) says which
 * columns of the chosen file were read in this file's type and which of their values did not read,
 * which columns were not judged for too few values (a one-row file, which had "drifted" in every
 * column), and which columns only the chosen file has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
const ids = { reference: '', spelled: '', oneRow: '' };
const rows = Array.from({ length: 60 }, (_, i) => ({ weight: 40 + (i % 25), kind: ['a', 'b', 'c'][i % 3]! }));
const csv = (header: string, lines: string[]) => [header, ...lines].join('\n') + '\n';

beforeAll(async () => {
  app = await startWebApp();
  page = app.page;
  ids.reference = await app.upload('reference.csv', csv('weight,kind', rows.map((r) => `${r.weight},${r.kind}`)));
  ids.spelled = await app.upload('spelled.csv', csv('weight,kind,note', rows.map((r, i) => `${i === 5 ? 'heavy' : i === 9 ? '12 kg' : r.weight},${r.kind},n${i % 4}`)));
  ids.oneRow = await app.upload('one-row.csv', csv('weight,kind', ['300,z']));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const idle = () => expect.poll(() => page.locator('section', { has: page.locator('#drift-h') }).getAttribute('aria-busy'), { timeout: 20_000 }).toBeNull();

describe('the Drift section', () => {
  it('names a column read in this file’s type with the values that did not read, and the columns only the other file has', async () => {
    await app.openDataset(ids.reference);
    await page.waitForSelector('#drift-against');
    await page.selectOption('#drift-against', ids.spelled);
    await page.waitForSelector('#drift tbody tr');
    await idle();
    expect(await page.locator('#drift-read .drift-retyped').allTextContents()).toEqual([
      'weight is whole numbers here but text in spelled.csv, so its values there were read as whole numbers; 2 could not be and count as missing: “heavy”, “12 kg”.',
    ]);
    expect(await page.textContent('#drift-extra')).toBe('Only in spelled.csv, so compared with nothing: note.');
    // Read as numbers, weight matches: no drift on the page.
    expect(await page.locator('#drift tbody th').allTextContents()).toEqual(['weight', 'kind']);
    expect(await page.locator('#drift tbody .badge').allTextContents()).toEqual(['stable', 'stable']);
  }, 60_000);

  it('against a one-row file calls nothing drift, and says why each column was not judged', async () => {
    await page.selectOption('#drift-against', ids.oneRow);
    await page.waitForSelector('#drift-read .drift-left-out');
    await idle();
    expect(await page.locator('#drift-read .drift-left-out').allTextContents()).toEqual([
      'Not judged, so neither stable nor drift: weight, kind — too few values to judge: 1 value in the current file, under the 10 each side needs.',
    ]);
    expect(await page.locator('#drift tbody tr').count()).toBe(0);
    expect(await page.locator('#drift-read .drift-retyped').count()).toBe(0);
    expect(await page.locator('#drift-extra').count()).toBe(0);
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
