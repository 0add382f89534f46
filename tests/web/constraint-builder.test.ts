/**
 * The Generate form's constraint builder and size fields (web/src/views/constraints-help.ts,
 * generate.ts) in headless Chromium: only columns a type takes are offered, a range starts at the
 * column's observed bounds, the API's refusal of the constraints shows under the field, and Rows and
 * Ratio say which applies.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dataset } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let penguins: string;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  penguins = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const offered = (id: string) => page.$$eval(`#${id} option`, (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

describe('the constraint builder', () => {
  it('offers only the columns a type takes and pre-fills a range with the observed bounds', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#generate-submit');
    await page.selectOption('#constraint-type', 'positive');
    const positive = await offered('constraint-first');
    expect(positive).toContain('body_mass_g');
    expect(positive).not.toContain('species');
    expect(positive).not.toContain('sex');
    await page.selectOption('#constraint-type', 'unique');
    expect(await offered('constraint-first')).toContain('species');

    await page.selectOption('#constraint-type', 'range');
    await page.selectOption('#constraint-first', 'body_mass_g');
    await expect.poll(() => page.inputValue('#constraint-extra'), { timeout: 20_000 }).toBe('2700, 6300');
  });

  it('shows the API refusing the constraints under the field, not in the banner', async () => {
    await page.fill('#constraints', '[{"type": "range", "column": "body_mass_g", "max": 4000}]');
    await page.click('#generate-submit');
    await page.waitForSelector('#constraints-error:not([hidden])');
    expect(await page.textContent('#constraints-error')).toMatch(/The data breaks the constraint/);
    expect(await page.getAttribute('#constraints', 'aria-invalid')).toBe('true');
    expect(await page.isHidden('#error')).toBe(true);
    await page.fill('#constraints', '');
  });

  it('makes Rows and Ratio exclusive and says which applies', async () => {
    expect(await page.textContent('#size-note')).toMatch(/^Rows applies/);
    await page.fill('#ratio', '2');
    expect(await page.isDisabled('#rows')).toBe(true);
    expect(await page.textContent('#size-note')).toMatch(/^Ratio applies: 2 × the source rows \(about 688 rows\)/);
    await page.fill('#ratio', '');
    expect(await page.isEnabled('#rows')).toBe(true);
  });
});

describe('applying features', () => {
  it('says what was created, by name and linked, not just "Done."', async () => {
    await page.click('#load-suggestions');
    await page.waitForSelector('#suggestions li');
    await page.locator('#suggestions input[data-kind="scale"]').first().check();
    await page.click('#apply-features');
    await page.waitForSelector('#features-created', { timeout: 60_000 });
    const link = page.locator('#features-created');
    expect(await link.textContent()).toMatch(/\.csv$/);
    expect(await link.getAttribute('href')).toMatch(/^#\/files\/.+/);
    expect(await link.locator('..').textContent()).toMatch(/^Done: created .+\.csv\.$/);
    // One way to the new file: no second button to the same address.
    expect(await page.locator('a[href^="#/files/"]', { hasText: 'Open the new dataset' }).count()).toBe(0);
  }, 120_000);
});
