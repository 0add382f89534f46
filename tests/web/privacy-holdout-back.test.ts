/**
 * In headless Chromium against the embedded stack: once privacy was measured with a holdout, "Show
 * without a holdout" brings back the measures without one (as first shown), without a reload; a
 * holdout reply still on its way when it is pressed does not overwrite them. The picker's first option,
 * then reading "no holdout", is a way back too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { generated } from '../helpers/stack.js';
import { startWebApp, uploadPenguinsSplit, type WebApp } from '../helpers/web.js';
import { HOLDOUT_PROMPT } from '../../web/src/views/holdout-select.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const NEED = 'The DCR share, DCR overfitting protection and membership attack need a holdout: real rows the generator never saw. Choose one and measure with it.';
const tableText = () => page.locator('#privacy-table tbody').innerText();
const holdoutRows = () => page.locator('#privacy-table tbody tr:has-text("Membership inference attack")').count();
const PROMPT = HOLDOUT_PROMPT;
const firstOption = () => page.locator('#privacy-holdout option').first().textContent();

/**
 * A copula sample of penguins' training rows, its page open with the privacy table shown and the
 * holdout offered; `plain`: that table's text, measured without a holdout.
 */
async function openedWithHoldout(): Promise<{ holdout: string; plain: string }> {
  const { train, holdout } = await uploadPenguinsSplit(app);
  const synthetic = (await generated(app.stack.url, { file_id: train, generator: 'gaussian_copula', seed: 4 })).generated_file_id;
  await app.openDataset(synthetic);
  await page.waitForSelector('#privacy-table', { timeout: 60_000 });
  await page.waitForSelector(`#privacy-holdout option[value="${holdout}"]`, { state: 'attached', timeout: 60_000 });
  return { holdout, plain: await tableText() };
}

describe('privacy: back from a holdout', () => {
  it('shows the measures without a holdout again, and drops a holdout reply that comes after', async () => {
    const { holdout, plain } = await openedWithHoldout();
    const back = page.getByRole('button', { name: 'Show without a holdout' });
    // Nothing to go back from yet.
    expect(await back.count()).toBe(0);

    const picker = page.getByRole('combobox', { name: 'Holdout for the privacy measures' });
    const measure = page.getByRole('button', { name: 'Measure with this holdout' });
    await picker.selectOption(holdout);
    await measure.click();
    await page.waitForSelector('#privacy-table tbody tr:has-text("Membership inference attack")', { timeout: 60_000 });
    expect(await page.textContent('#privacy-holdout-used')).toBe('Measured with the holdout penguins-holdout.csv.');

    await back.click();
    expect(await holdoutRows()).toBe(0);
    expect(await tableText()).toBe(plain);
    expect(await page.textContent('#privacy-holdout-none')).toBe(NEED);
    expect(await page.locator('#privacy-holdout-used').count()).toBe(0);
    expect(await picker.inputValue()).toBe('');
    expect(await back.count()).toBe(0);
    // The button went away under the focus: it is on the picker now, not lost to the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('privacy-holdout');

    // Measured again, then back while the holdout reply is still on its way: it must not land.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    await page.route('**/validation/privacy', async (route: Route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('holdout_file_id')) asked++;
      if (asked === 2 && body.includes('holdout_file_id')) await held;
      await route.continue();
    });
    await picker.selectOption(holdout);
    await measure.click();
    await page.waitForSelector('#privacy-table tbody tr:has-text("Membership inference attack")', { timeout: 60_000 });
    await measure.click();
    await expect.poll(() => asked, { timeout: 20_000 }).toBe(2);
    await back.click();
    release();
    await expect.poll(() => page.locator('#privacy-holdout-box[aria-busy]').count(), { timeout: 60_000 }).toBe(0);
    expect(await holdoutRows()).toBe(0);
    expect(await tableText()).toBe(plain);
    expect(await page.textContent('#privacy-holdout-none')).toBe(NEED);
    expect(await back.count()).toBe(0);
    await page.unroute('**/validation/privacy');
    expect(app.consoleErrors).toEqual([]);
  }, 240_000);
});

describe('privacy: the picker’s "no holdout" option', () => {
  it('reads "no holdout" once measured with one, and choosing it shows the measures without a holdout', async () => {
    const { holdout, plain } = await openedWithHoldout();
    // Nothing measured yet: the first option is the prompt, as in the utility section.
    expect(await firstOption()).toBe(PROMPT);

    const picker = page.getByRole('combobox', { name: 'Holdout for the privacy measures' });
    await picker.selectOption(holdout);
    await page.getByRole('button', { name: 'Measure with this holdout' }).click();
    await page.waitForSelector('#privacy-table tbody tr:has-text("Membership inference attack")', { timeout: 60_000 });
    expect(await firstOption()).toBe('no holdout (the measures without one)');

    // Chosen by its words, as a user would: the measures without a holdout come back, no reload, no request.
    let asked = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/validation/privacy')) asked++;
    });
    await picker.selectOption({ label: 'no holdout (the measures without one)' });
    await expect.poll(holdoutRows, { timeout: 20_000 }).toBe(0);
    expect(await tableText()).toBe(plain);
    expect(await page.textContent('#privacy-holdout-none')).toBe(NEED);
    expect(await page.locator('#privacy-holdout-used').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Show without a holdout' }).count()).toBe(0);
    expect(await picker.inputValue()).toBe('');
    // Back to the prompt: nothing is measured with a holdout to leave.
    expect(await firstOption()).toBe(PROMPT);
    expect(asked).toBe(0);
    // The utility section's picker is untouched: it needs a holdout, so has no "no holdout".
    expect(await page.locator('#utility-holdout option').first().textContent()).toBe(PROMPT);
    expect(app.consoleErrors).toEqual([]);
  }, 240_000);
});
