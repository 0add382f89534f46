/**
 * In headless Chromium against the embedded stack: the privacy section offers the utility section's
 * holdout choices and, measured with one, shows the DCR share, overfitting protection and membership
 * attack as rows of its table, as the privacy route gives them; without one, a line says they need it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, generated } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, uploadPenguinsSplit, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

interface Measure {
  verdict?: string;
  threshold: string;
}
interface PrivacyReply {
  dcr_share: Measure & { closer_to_training: number; ideal: number };
  dcr_overfitting_protection: Measure & { score: number };
  membership_inference: Measure & { auc: number };
  holdout_measures: { basis: string };
}

const cells = (label: string) => page.locator(`#privacy-table tbody tr:has(th:has-text("${label}")) td`).allTextContents();

describe('privacy measured with a holdout', () => {
  it('chooses a holdout and shows the DCR share and membership attack the route gives', async () => {
    const { train, holdout } = await uploadPenguinsSplit(app);
    const synthetic = (await generated(app.stack.url, { file_id: train, generator: 'gaussian_copula', seed: 4 })).generated_file_id;
    await app.openDataset(synthetic);
    await page.waitForSelector('#privacy-table', { timeout: 60_000 });
    await page.waitForSelector('#utility-holdout', { state: 'attached', timeout: 60_000 });

    // Without a holdout: no holdout rows, and a line says they need one.
    expect(await page.locator('#privacy-table tbody tr:has-text("DCR share")').count()).toBe(0);
    expect(await page.textContent('#privacy-holdout-none')).toBe(
      'The DCR share, DCR overfitting protection and membership attack need a holdout: real rows the generator never saw. Choose one and measure with it.',
    );
    // The same candidates, in the same words, as the utility section's.
    const options = (id: string) => page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    const offered = await options('privacy-holdout');
    expect(offered).toEqual(await options('utility-holdout'));
    expect(offered.map(([value]) => value)).toContain(holdout);
    expect(offered.map(([value]) => value)).not.toContain(train);

    // Asked to measure with nothing chosen: said in words, no request.
    const button = page.getByRole('button', { name: 'Measure with this holdout' });
    await button.click();
    expect(await page.textContent('#privacy-holdout-problem [role="alert"]')).toBe('Choose a holdout dataset first.');

    // Chosen by its accessible name, then measured.
    await page.getByRole('combobox', { name: 'Holdout for the privacy measures' }).selectOption(holdout);
    await button.click();
    await page.waitForSelector('#privacy-table tbody tr:has-text("Membership inference attack")', { timeout: 60_000 });
    expect(await page.locator('#privacy-holdout-problem').textContent()).toBe('');
    const reply = await call<PrivacyReply>(app.stack.url, 'POST', '/validation/privacy', { json: { real_file_id: train, synthetic_file_id: synthetic, holdout_file_id: holdout } });
    expect(reply.status).toBe(200);
    const r = reply.json;
    expect(r.holdout_measures.basis).toBe('holdout');
    expect(await cells('DCR share (closer to training than holdout)')).toEqual([`${r.dcr_share.closer_to_training.toFixed(3)} (ideal ${r.dcr_share.ideal})`, r.dcr_share.verdict, r.dcr_share.threshold]);
    expect(await cells('DCR overfitting protection')).toEqual([r.dcr_overfitting_protection.score.toFixed(3), '—', r.dcr_overfitting_protection.threshold]);
    expect(await cells('Membership inference attack')).toEqual([`AUC ${r.membership_inference.auc.toFixed(3)}`, r.membership_inference.verdict, r.membership_inference.threshold]);
    expect(await page.textContent('#privacy-holdout-used')).toBe('Measured with the holdout penguins-holdout.csv.');
    expect(await page.locator('#privacy-holdout-none').count()).toBe(0);
    // Every holdout row unseen in training: no note on which rows were compared, no overlap warning.
    expect(await page.locator('#privacy-holdout-measures, #privacy-holdout-overlap').count()).toBe(0);
    // Still one table, one re-identification panel.
    expect(await page.locator('#privacy-table').count()).toBe(1);
    expect(await page.locator('#reidentification').count()).toBe(1);

    // On a phone: each measure a card, and nothing runs off the side.
    await page.setViewportSize({ width: 390, height: 800 });
    const fits = await page.evaluate(() => {
      const section = document.querySelector('#privacy')!;
      const inside = (el: Element) => el.getBoundingClientRect().right <= section.getBoundingClientRect().right + 1;
      return [...section.querySelectorAll('#privacy-holdout-box *, #privacy-table tbody tr')].every(inside);
    });
    expect(fits).toBe(true);
    expect(await page.locator('#privacy-table tbody tr:has-text("DCR share") td').first().getAttribute('data-label')).toBe('Value');
    await page.locator('#privacy').screenshot({ path: `${ARTIFACTS}privacy-holdout-narrow.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
    // On a desktop page a long value ("1.1 % (3 rows; real rows among themselves: 1.4 %)") wraps between
    // words: it does not take the width the measures' names and help need, nor widen the table past its box.
    const widths = await page.evaluate(() => {
      const width = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().width;
      const table = document.querySelector('#privacy-table')!;
      return { measure: width('#privacy-table thead th:nth-child(1)'), value: width('#privacy-table thead th:nth-child(2)'), overflow: table.scrollWidth - table.parentElement!.clientWidth };
    });
    expect(widths.value).toBeLessThan(widths.measure);
    expect(widths.overflow).toBeLessThanOrEqual(0);
    await page.locator('#privacy').screenshot({ path: `${ARTIFACTS}privacy-holdout.png` });
    expect(app.consoleErrors).toEqual([]);
  }, 240_000);
});
