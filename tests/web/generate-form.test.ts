/**
 * The Generate form on a dataset page (web/src/views/generate.ts) in headless Chromium: the
 * Conditions field follows the generator's capabilities and says its mistakes under itself, the
 * constraint builder waits for a range's bound, the constraint help starts folded, PrivBayes' ε says
 * what empty means, ranges read in words on the generated file, and the tab is titled by the page.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import { expectConditionErrorsUnderField } from '../helpers/conditions-field.js';

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

describe('the Generate form', () => {
  it('disables Conditions for a generator that cannot condition, and notes one that conditions approximately', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#generate-submit');
    // The copula conditions on any column exactly: nothing to say.
    expect(await page.isEnabled('#conditions')).toBe(true);
    expect(await page.isHidden('#conditions-note')).toBe(true);
    // Generate twice as the form stands and the second file repeats the first: the seed says so.
    expect(await page.textContent('#seed-note')).toBe('The same seed gives the same rows again; change it, or leave it empty for a new draw.');
    expect(await page.getAttribute('#seed', 'aria-describedby')).toBe('seed-note');

    await page.selectOption('#generator', 'tvae');
    expect(await page.isDisabled('#conditions')).toBe(true);
    expect(await page.textContent('#conditions-note')).toMatch(/^tvae cannot fix column values: choose gaussian_copula, .*ctgan.* for conditions\.$/);
    expect((await page.getAttribute('#conditions', 'aria-describedby'))?.split(' ')).toContain('conditions-note');
    await page.selectOption('#generator', 'privbayes');
    expect(await page.isDisabled('#conditions')).toBe(true);

    await page.selectOption('#generator', 'ctgan');
    expect(await page.isEnabled('#conditions')).toBe(true);
    expect(await page.textContent('#conditions-note')).toMatch(/^ctgan conditions categories approximately: .*; gaussian_copula samples them exactly\.$/);
    await page.locator('form.generate').screenshot({ path: `${ARTIFACTS}generate-form-ctgan.png` });

    // A condition typed for a generator that cannot take it is not sent.
    await page.fill('#conditions', 'species=Gentoo');
    await page.selectOption('#generator', 'tvae');
    let sent: Record<string, unknown> | undefined;
    await page.route('**/synth/generate', async (route) => {
      sent = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      await route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ status: 422, title: 'Unprocessable', detail: 'stopped by the test' }) });
    });
    await page.click('#generate-submit');
    await page.waitForSelector('#error:not([hidden])');
    await page.unroute('**/synth/generate');
    expect(sent?.generator).toBe('tvae');
    expect(sent).not.toHaveProperty('conditions');
  });

  it('says a condition mistake under the field, the API naming the valid categories', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#generate-submit');
    await expectConditionErrorsUnderField(page, '', '#generate-submit');
    expect(await page.isHidden('#job-progress')).toBe(true);
    await page.locator('form.generate').screenshot({ path: `${ARTIFACTS}generate-form-condition-error.png` });
  });

  it('builds a range only with a bound, and folds the constraint help', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#generate-submit');
    expect(await page.getAttribute('#constraints-help', 'open')).toBeNull();
    expect(await page.isHidden('#constraints-help li[data-type="range"]')).toBe(true);

    await page.selectOption('#constraint-type', 'range');
    await page.selectOption('#constraint-first', 'body_mass_g');
    // Pre-filled with the column's observed bounds; emptied, the button waits for a bound.
    await expect.poll(() => page.inputValue('#constraint-extra'), { timeout: 20_000 }).toBe('2700, 6300');
    await page.fill('#constraint-extra', '');
    expect(await page.isDisabled('#constraint-add')).toBe(true);
    expect(await page.getAttribute('#constraint-add', 'title')).toMatch(/^A range needs min or max/);
    await page.fill('#constraint-extra', ' , ');
    expect(await page.isDisabled('#constraint-add')).toBe(true);
    await page.fill('#constraint-extra', '2700, 6300');
    await page.click('#constraint-add');
    expect(JSON.parse(await page.inputValue('#constraints'))).toEqual([{ type: 'range', column: 'body_mass_g', min: 2700, max: 6300 }]);
    await page.fill('#constraint-extra', ', 240');
    await page.selectOption('#constraint-first', 'flipper_length_mm');
    await page.click('#constraint-add');
    expect(JSON.parse(await page.inputValue('#constraints'))[1]).toEqual({ type: 'range', column: 'flipper_length_mm', max: 240 });
    // Another type needs no bound.
    await page.fill('#constraint-extra', '');
    await page.selectOption('#constraint-type', 'positive');
    expect(await page.isEnabled('#constraint-add')).toBe(true);

    // Typed by hand, the field says what the API would.
    await page.fill('#constraints', '[{"type": "range", "column": "body_mass_g"}]');
    await page.locator('#constraints').blur();
    await expect.poll(() => page.textContent('#constraints-error'), { timeout: 20_000 }).toBe('Constraint 1 (range) needs "min" or "max".');
  });

  it('greys Rows out for a ratio the browser fills in without an input event (autofill, a restored form)', async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#generate-submit');
    expect(await page.isEnabled('#rows')).toBe(true);
    // As autofill does: the value set, then `change` only.
    await page.$eval('#ratio', (el) => {
      (el as HTMLInputElement).value = '2';
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(await page.isDisabled('#rows')).toBe(true);
    expect(await page.textContent('#size-note')).toMatch(/^Ratio applies: 2 × the source rows/);
  });

  it("explains PrivBayes' ε beside the field", async () => {
    await app.openDataset(penguins);
    await page.waitForSelector('#generate-submit');
    await page.selectOption('#generator', 'privbayes');
    const help = await page.textContent('#param-epsilon-help');
    expect(help).toContain('empty = no differential-privacy guarantee');
    expect(help).toContain('1 is a common choice; smaller is more private and less faithful');
    expect(await page.getAttribute('#param-epsilon', 'aria-describedby')).toBe('param-epsilon-help');
    await page.locator('#params').screenshot({ path: `${ARTIFACTS}generate-form-epsilon.png` });
  });

  it('titles the tab by the page, and reads ranges in words on the generated file', async () => {
    await page.goto(`${app.stack.url}/#/`);
    await page.waitForSelector('#file-list tbody tr');
    expect(await page.title()).toBe('Datasets — tabmimic');
    await app.openDataset(penguins);
    await page.waitForSelector('h1.filename');
    await expect.poll(() => page.title(), { timeout: 20_000 }).toBe('penguins.csv — tabmimic');

    const constraints = [
      { type: 'range', column: 'body_mass_g', min: 2700, max: 6300 },
      { type: 'range', column: 'bill_length_mm', min: 30 },
      { type: 'range', column: 'flipper_length_mm', max: 240 },
    ];
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: penguins, generator: 'gaussian_copula', seed: 5, rows: 50, constraints } });
    expect(started.status).toBe(202);
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    await app.openDataset(started.json.generated_file_id);
    await page.waitForSelector('#generated-constraints');
    expect(await page.textContent('#generated-constraints')).toBe('Constraints: body_mass_g between 2700 and 6300; bill_length_mm ≥ 30; flipper_length_mm ≤ 240.');
  }, 120_000);
});
