/**
 * UX findings in headless Chromium: an outlier's row number opens Data at that row (marked, in view,
 * its own address); stat cards write every number in one style, years ungrouped; a negative lower
 * bound of a column with no negative values reads "none below"; and a holdout made by applying the
 * source's feature steps is offered for utility, labelled with where it came from.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

const SHOTS = new URL('../../.prof/s21/webux/', import.meta.url).pathname;
let app: WebApp;
let page: Page;
let sales: string;

/** 300 rows: prices spread over 100–20,099 (their Tukey lower fence is far below 0) with three far above; a year; a change that goes negative. */
function salesCsv(): string {
  const lines = ['id,year,price,delta'];
  for (let i = 0; i < 300; i++) {
    const price = [37, 150, 280].includes(i) ? 250000 + i : 100 + ((i * 7919) % 20000);
    lines.push(`${i + 1},${2000 + (i % 21)},${price},${((i * 31) % 1001) - 500}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The marked row is on the screen (the page and the table's own box scrolled to it). */
const inView = () =>
  page.evaluate(() => {
    const r = document.querySelector('#preview tr.marked-row')!.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
const cell = (column: string, nth: number) => page.locator(`#outliers tbody tr:has(th:text-is("${column}")) td`).nth(nth);

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  sales = await app.upload('sales.csv', salesCsv());
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('outlier rows lead to Data', () => {
  it('links each row number to that row in Data, shown in place and marked', async () => {
    await app.openDataset(sales);
    await page.waitForSelector('#outliers tbody tr:has(th:text-is("price"))');
    expect(await cell('price', 3).textContent()).toBe('38, 151, 281');
    const link = page.locator('#outliers tbody tr:has(th:text-is("price")) a', { hasText: /^151$/ });
    expect(await link.getAttribute('href')).toBe(`#/files/${sales}/data?row=151`);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await link.click();
    await expect.poll(() => page.textContent('#page-info'), { timeout: 20_000 }).toBe('Rows 151–200 of 300');
    expect(await page.evaluate(() => location.hash)).toBe(`#/files/${sales}/data?row=151`);
    // In place: the page was not loaded again.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    const marked = page.locator('#preview tr.marked-row');
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute('aria-current')).toBe('true');
    expect(await marked.locator('th.row-number').textContent()).toBe('151');
    expect(await marked.locator('td').nth(2).textContent()).toBe('250150');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 20_000 }).toBe('151');
    await expect.poll(inView, { timeout: 20_000 }).toBe(true);
    await page.screenshot({ path: `${SHOTS}data-row-1280.png` });
    // Back returns to the page as it was opened, at its first rows.
    await page.goBack();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 20_000 }).toBe(`#/files/${sales}`);
    await expect.poll(() => page.textContent('#page-info'), { timeout: 30_000 }).toBe('Rows 1–50 of 300');
    expect(await page.locator('#preview tr.marked-row').count()).toBe(0);
    expect(app.consoleErrors).toEqual([]);
  });

  it('opens a page at a row from its address', async () => {
    await page.goto('about:blank');
    await page.goto(`${app.stack.url}/#/files/${sales}/data?row=281`);
    await page.waitForSelector('#preview tr.marked-row');
    expect(await page.textContent('#page-info')).toBe('Rows 251–300 of 300');
    expect(await page.textContent('#preview tr.marked-row th.row-number')).toBe('281');
    await expect.poll(inView, { timeout: 20_000 }).toBe(true);
  });
});

describe('numbers in one style', () => {
  it('says "none below" for a negative bound of a column with no negative values, and gives the bound under the table', async () => {
    await app.openDataset(sales);
    await page.waitForSelector('#outliers tbody tr:has(th:text-is("price"))');
    expect(await cell('price', 1).textContent()).toBe('none below');
    expect(await cell('price', 2).textContent()).toMatch(/^\d{2},\d{3}$/);
    // A column with negative values keeps its bound.
    expect(await cell('delta', 1).textContent()).toMatch(/^-\d,\d{3}$/);
    expect(await page.textContent('#outliers-none-below')).toMatch(/^None below: the lower bound falls under 0 and this column has no negative values, so no value is a low outlier \(bound as computed: price -\d{1,2},\d{3}\)\.$/);
    await page.locator('section:has(#outliers-h)').screenshot({ path: `${SHOTS}outliers-1280.png` });
  });

  it('groups a price’s statistics as its counts, and leaves a year’s ungrouped', async () => {
    await app.openDataset(sales);
    const stat = (key: string) => page.textContent(`#describe-stats [data-stat="${key}"] dd`);
    await page.selectOption('#describe-column', 'price');
    await expect.poll(() => stat('max'), { timeout: 30_000 }).toBe('250,280');
    expect(await stat('mean')).toMatch(/^\d{1,2},\d{3}$/);
    expect(await stat('median')).toMatch(/^\d{1,2},\d{3}$/);
    await page.selectOption('#describe-column', 'year');
    await expect.poll(() => stat('max'), { timeout: 30_000 }).toBe('2020');
    expect(await stat('min')).toBe('2000');
    expect(await stat('mean')).toMatch(/^20\d\d(\.\d+)?$/);
  });

  it('at 390 px, the outlier cards keep their links and the note', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await app.openDataset(sales);
      await page.waitForSelector('#outliers tbody tr:has(th:text-is("price"))');
      expect(await page.locator('#outliers td[data-label="First rows"] a').count()).toBeGreaterThan(0);
      await page.locator('section:has(#outliers-h)').screenshot({ path: `${SHOTS}outliers-390.png` });
      await page.locator('#outliers tbody tr:has(th:text-is("price")) a', { hasText: /^281$/ }).click();
      await page.waitForSelector('#preview tr.marked-row');
      await page.screenshot({ path: `${SHOTS}data-row-390.png` });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

describe('a holdout made by the source’s feature steps', () => {
  it('is offered for utility, named by the file the steps were applied to, and measured', async () => {
    const [header, ...lines] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
    const train = await app.upload('penguins-train.csv', [header, ...lines.slice(0, 284)].join('\n') + '\n');
    const held = await app.upload('penguins-holdout.csv', [header, ...lines.slice(284)].join('\n') + '\n');
    const steps = [{ kind: 'scale', column: 'bill_depth_mm', method: 'standard' }];
    const fitted = await call<{ job_id: string; file_id: string; pipeline: unknown }>(app.stack.url, 'POST', '/features/apply', { json: { file_id: train, steps } });
    expect((await jobEnded(app.stack.url, fitted.json.job_id)).status).toBe('succeeded');
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: fitted.json.file_id, generator: 'gaussian_copula', seed: 3 } });
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');

    // Before: the held-out upload has the same column names but not the steps; the section says how to make a holdout.
    await app.openDataset(started.json.generated_file_id);
    await page.waitForSelector('#utility-features-holdout', { timeout: 30_000 });
    expect(await page.textContent('#utility-features-holdout')).toContain('The source was made by feature steps, so held-out rows need them too');
    expect(await page.getAttribute('#utility-features-holdout a', 'href')).toBe(`#/files/${fitted.json.file_id}`);

    const same = await call<{ job_id: string; file_id: string }>(app.stack.url, 'POST', '/features/apply', { json: { file_id: held, pipeline: fitted.json.pipeline } });
    expect((await jobEnded(app.stack.url, same.json.job_id)).status).toBe('succeeded');
    await app.openDataset(started.json.generated_file_id);
    const option = page.locator(`#utility-holdout option[value="${same.json.file_id}"]`);
    await option.waitFor({ state: 'attached', timeout: 30_000 });
    expect(await option.textContent()).toBe('penguins-holdout.features.csv (the source’s steps applied to penguins-holdout.csv)');
    expect(await page.locator('#utility-holdout optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual(['Uploaded', 'Made here with feature steps']);
    await page.selectOption('#utility-holdout', same.json.file_id);
    await page.selectOption('#utility-target', 'species');
    await page.click('#utility-run');
    await page.waitForSelector('#utility-synthetic', { timeout: 60_000 });
    expect(await page.textContent('#utility-synthetic')).toMatch(/^\d\.\d{3}$/);
    await page.locator('#utility').screenshot({ path: `${SHOTS}utility-1280.png` });
    expect(app.consoleErrors).toEqual([]);
  }, 180_000);
});
