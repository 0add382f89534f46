/**
 * The EDA sections (web/src/views/explore.ts) when requests fail or answer late, in headless
 * Chromium: a failure clears the previous choice's results and is said in its own section with a
 * "Try again" button; a late answer to an earlier choice never replaces the newer one's. Also the
 * cut category chart's caption, the files Drift offers, and the Outliers table on a phone.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { dataset } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import { UNREACHABLE } from '../../web/src/http-failure.js';

let app: WebApp;
let page: Page;
let penguins: string;
let penguinsB: string;
let penguinsC: string;
let sexes: string;
let cats: string;

const section = (heading: string) => page.locator('section', { has: page.locator(heading) });
const idle = (heading: string) => expect.poll(() => section(heading).getAttribute('aria-busy'), { timeout: 20_000 }).toBeNull();

/** 60 categories, three rows each: more than the 50 the API counts. */
function manyCategories(): string {
  const lines = ['cat,n'];
  for (let i = 0; i < 180; i++) lines.push(`c${i % 60},${i}`);
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  app = await startWebApp();
  page = app.page;
  const csv = await readFile(dataset('penguins.csv'), 'utf8');
  penguins = await app.upload('penguins.csv', csv);
  penguinsB = await app.upload('penguins-b.csv', csv);
  penguinsC = await app.upload('penguins-c.csv', csv);
  sexes = await app.upload('sexes.csv', 'sex,weight\nmale,1\nfemale,2\nmale,3\nfemale,4\n');
  await app.upload('unrelated.csv', 'mpg,cyl\n1,2\n3,4\n5,6\n');
  cats = await app.upload('cats.csv', manyCategories());
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('a failed request in an EDA section', () => {
  it('Column statistics: clears the previous column, says why in the section, and tries again', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#describe-stats .stat');
    await page.waitForSelector('#distribution-chart svg');
    await page.route(/\/eda\/describe$/, (r) => r.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' }));
    await page.selectOption('#describe-column', 'island');
    const failure = section('#describe-h').locator('.failure');
    await expect.poll(() => failure.textContent(), { timeout: 20_000 }).toContain('The server could not answer (502 Bad Gateway). Try again in a moment.');
    await idle('#describe-h');
    // Nothing of bill_length_mm is left under island's name.
    expect(await page.locator('#describe-stats .stat').count()).toBe(0);
    expect(await page.locator('#distribution-chart svg').count()).toBe(0);
    expect(await page.locator('#error').isHidden()).toBe(true);

    await page.unroute(/\/eda\/describe$/);
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('#describe-stats [data-stat="distinct"]');
    expect(await page.textContent('#describe-stats [data-stat="distinct"] dd')).toBe('3');
    expect(await failure.count()).toBe(0);
  }, 60_000);

  it('Outliers: clears the previous method\'s table and says the server could not be reached', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#outliers tbody tr');
    await page.route(/\/eda\/outliers$/, (r) => r.abort('internetdisconnected'));
    await page.selectOption('#outlier-method', 'mad');
    const failure = section('#outliers-h').locator('.failure');
    await expect.poll(() => failure.textContent(), { timeout: 20_000 }).toBe(`${UNREACHABLE} Try again`);
    expect(await page.locator('#outliers').count()).toBe(0);
    await page.unroute(/\/eda\/outliers$/);
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('#outliers tbody tr');
    expect(await failure.count()).toBe(0);
  }, 60_000);

  it('keeps each section\'s failure: a second one does not replace the first', async () => {
    await page.route(/\/eda\/(describe|outliers)$/, (r) => r.abort('internetdisconnected'));
    await app.openDataset(penguins);
    for (const heading of ['#describe-h', '#outliers-h']) {
      await expect.poll(() => section(heading).locator('.failure').textContent(), { timeout: 20_000 }).toBe(`${UNREACHABLE} Try again`);
    }
    await page.unroute(/\/eda\/(describe|outliers)$/);
  }, 60_000);

  it('Drift: says the failure in the section, with the table cleared', async () => {
    await app.openDataset(penguins);
    await page.selectOption('#drift-against', penguinsB);
    await page.waitForSelector('#drift tbody tr');
    await page.route(/\/eda\/drift$/, (r) => r.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ status: 500, detail: 'Drift broke.' }) }));
    await page.selectOption('#drift-against', penguinsC);
    const failure = section('#drift-h').locator('.failure');
    await expect.poll(() => failure.textContent(), { timeout: 20_000 }).toBe('Drift broke. Try again');
    expect(await page.locator('#drift tbody tr').count()).toBe(0);
    await page.unroute(/\/eda\/drift$/);
  }, 60_000);
});

describe('a late answer to an earlier choice', () => {
  const fake = (column: string) => ({ columns: [{ column, count: 1, lower: 0, upper: 1, rows: [0] }] });

  it('Outliers: is dropped, the newer method\'s table stays', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#outliers tbody tr');
    const held: Route[] = [];
    await page.route(/\/eda\/outliers$/, (r) => (held.length ? r.fulfill({ json: fake('FRESH') }) : void held.push(r)));
    await page.selectOption('#outlier-method', 'zscore');
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(1);
    await page.selectOption('#outlier-method', 'mad');
    await page.waitForSelector('#outliers th:text("FRESH")');
    await held[0]!.fulfill({ json: fake('STALE') });
    await idle('#outliers-h');
    expect(await page.locator('#outliers tbody th').allTextContents()).toEqual(['FRESH']);
    await page.unroute(/\/eda\/outliers$/);
  }, 60_000);

  it('Drift: is dropped, the newer file\'s verdicts stay', async () => {
    const verdicts = (reason: string) => ({ columns: [{ column: 'species', verdict: 'stable', reason }], summary: {} });
    await app.openDataset(penguins);
    await page.waitForSelector('#drift-against');
    const held: Route[] = [];
    await page.route(/\/eda\/drift$/, (r) => (held.length ? r.fulfill({ json: verdicts('fresh reason') }) : void held.push(r)));
    await page.selectOption('#drift-against', penguinsB);
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(1);
    await page.selectOption('#drift-against', penguinsC);
    await page.waitForSelector('#drift td:text("fresh reason")');
    await held[0]!.fulfill({ json: verdicts('stale reason') });
    await idle('#drift-h');
    expect(await page.locator('#drift td.muted').allTextContents()).toEqual(['fresh reason']);
    await page.unroute(/\/eda\/drift$/);
  }, 60_000);
});

describe('what the EDA sections show', () => {
  it('captions a category chart cut to the 50 most frequent values', async () => {
    await app.openDataset(cats);
    await expect.poll(() => page.textContent('#distribution-cut'), { timeout: 20_000 }).toBe('The 50 most frequent of 60 values.');
    await page.selectOption('#describe-column', 'n');
    await expect.poll(() => page.textContent('#distribution-cut'), { timeout: 20_000 }).toBe('');
  }, 60_000);

  it('offers for Drift the files sharing most columns, lists those sharing few apart, and not those sharing none', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#drift-against');
    const direct = await page.locator('#drift-against > option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(direct).toEqual(expect.arrayContaining([penguinsB, penguinsC]));
    expect(direct).not.toContain(sexes);
    const few = await page.locator('#drift-against optgroup[label="Share few columns"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(few).toEqual([sexes]);
    // Its verdicts would cover `sex` alone: the choice says so (penguins.csv compares 8 columns).
    expect(await page.locator(`#drift-against option[value="${sexes}"]`).textContent()).toBe('sexes.csv — 1 of 8 columns in common');
    expect(await page.locator(`#drift-against option[value="${penguinsB}"]`).textContent()).toBe('penguins-b.csv');
    expect(await page.locator('#drift-against option', { hasText: 'unrelated.csv' }).count()).toBe(0);
  }, 60_000);

  it('stacks the Outliers table as cards on a 390px phone, nothing wider than the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await app.openDataset(penguins);
      await page.waitForSelector('#outliers tbody tr');
      expect(await page.locator('#outliers-box .wide.stack #outliers').count()).toBe(1);
      expect(await page.locator('#outliers td[data-label="Upper bound"]').count()).toBeGreaterThan(0);
      const box = await page.locator('#outliers-box .wide').evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth }));
      expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await section('#outliers-h').screenshot({ path: `${ARTIFACTS}explore-outliers-390.png` });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 60_000);
});
