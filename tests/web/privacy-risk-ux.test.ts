/**
 * The re-identification checks and the association values in headless Chromium: NNDR and real PII
 * reappearing in the privacy table, quasi-identifier and sensitive pickers asking for k-anonymity
 * and attribute disclosure, and the heatmap's strongest pairs and values as text on a phone.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

interface PrivacyReply {
  nndr: { median: number };
  exact_copies: { baseline_share: number; baseline_basis: string };
  pii_verbatim: { columns: { column: string; leaked_values: number }[] };
  k_anonymity: { k: number; singletons: number; groups: number; verdict: string };
  attribute_disclosure: { sensitive: string; cap: number | null; verdict: string }[];
}

describe('re-identification checks on a generated file’s page', () => {
  it('shows NNDR and PII reappearing, and checks k-anonymity and CAP on the columns picked with the keyboard', async () => {
    const source = await app.upload('titanic.csv', await readFile(dataset('titanic.csv'), 'utf8'));
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: source, generator: 'gaussian_copula', seed: 3 } });
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    const synthetic = started.json.generated_file_id;
    await app.openDataset(synthetic);
    await page.waitForSelector('#privacy-table', { timeout: 60_000 });
    const plain = await call<PrivacyReply>(app.stack.url, 'POST', '/validation/privacy', { json: { real_file_id: source, synthetic_file_id: synthetic } });
    expect(await page.textContent('#privacy-table tr:has-text("NNDR") td')).toBe(`median ${plain.json.nndr.median.toFixed(3)}`);
    // name is PII: its real values are checked, and none reappears.
    expect(plain.json.pii_verbatim.columns).toEqual([{ column: 'name', leaked_values: 0 }]);
    const pii = page.locator('#privacy-table tr:has-text("Real personal data reappearing")');
    expect(await pii.locator('td').first().textContent()).toBe('0 values in name');
    expect(await pii.locator('.badge').textContent()).toBe('safe');
    // Without names, real titanic rows repeat each other often on the rest: the copy count is told beside that.
    const base = plain.json.exact_copies;
    expect(base.baseline_basis).toBe('real');
    expect(await page.textContent('#privacy-copies-baseline')).toContain(`— real rows repeat each other ${(base.baseline_share * 100).toFixed(1)} % of the time on these columns.`);

    // Keyboard only: Tab to a checkbox, Space ticks it.
    await page.focus('#reid-quasi input[value="sex"]');
    await page.keyboard.press('Space');
    for (const c of ['age', 'passengerClass']) await page.check(`#reid-quasi input[value="${c}"]`);
    await page.focus('#reid-sensitive input[value="survived"]');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#reid-quasi input[value="sex"]')).toBe(true);
    // Each checkbox is named by its column, inside a group named by its legend.
    expect(await page.getByRole('group', { name: 'Columns an attacker may know (quasi-identifiers)' }).getByRole('checkbox', { name: 'sex', exact: true }).isChecked()).toBe(true);
    await page.focus('#reid-run');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#reid-k', { timeout: 60_000 });
    const risk = await call<PrivacyReply>(app.stack.url, 'POST', '/validation/privacy', {
      json: { real_file_id: source, synthetic_file_id: synthetic, quasi_identifiers: ['sex', 'age', 'passengerClass'], sensitive: ['survived'] },
    });
    const k = risk.json.k_anonymity;
    const kText = await page.textContent('#reid-k');
    expect(kText).toContain(`k = ${k.k}: the smallest group of real rows sharing the same sex, age and passengerClass`);
    expect(kText).toContain(`${k.singletons} of ${k.groups} groups`);
    expect(await page.textContent('#reid-k .badge')).toBe(k.verdict);
    const cap = risk.json.attribute_disclosure[0]!;
    const capText = await page.textContent('#reid-attributes li[data-sensitive="survived"]');
    expect(capText).toContain(cap.cap === null ? 'nothing to guess survived from' : `is right ${(cap.cap * 100).toFixed(1)} % of the time (CAP)`);
    expect(capText).toMatch(/l-diversity \d+/);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.locator('#reidentification').screenshot({ path: `${ARTIFACTS}privacy-risk-narrow.png` });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A column ticked on both sides is refused in words, with no request.
    await page.check('#reid-quasi input[value="survived"]');
    await page.click('#reid-run');
    expect(await page.textContent('#reid-problem')).toBe('survived cannot be both known and sought: untick it on one side.');
    expect(app.consoleErrors).toEqual([]);
    await page.locator('#privacy').screenshot({ path: `${ARTIFACTS}privacy-risk.png` });
  }, 180_000);

  it('lists the strongest associations and every value as text, readable on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const credit = await app.upload('credit.csv', await readFile(dataset('credit.csv'), 'utf8'));
    await app.openDataset(credit);
    await page.waitForSelector('#correlation-strongest li', { timeout: 60_000 });
    const c = await call<{ columns: string[]; top_pairs: { columns: [string, string]; value: number }[] }>(app.stack.url, 'POST', '/eda/correlation', { json: { file_id: credit, method: 'auto', top_n: 10 } });
    const items = await page.locator('#correlation-strongest li').allTextContents();
    expect(items).toHaveLength(10);
    const first = c.json.top_pairs[0]!;
    expect(items[0]).toMatch(new RegExp(`^${first.columns[0]} – ${first.columns[1]}: ${first.value.toFixed(2).replace('-', '−')} \\((Pearson r|Cramér’s V|correlation ratio η)\\)$`));
    // The table of all values, folded until opened: a row per column, a cell per column.
    await page.click('#correlation-all summary');
    expect(await page.locator('#correlation-table tbody tr').count()).toBe(c.json.columns.length);
    expect(await page.locator('#correlation-table tbody tr').first().locator('td').count()).toBe(c.json.columns.length);
    expect(await page.locator('#correlation-table tbody tr th[scope="row"]').first().textContent()).toBe(c.json.columns[0]);
    expect(await page.textContent('#correlation-strongest-h')).toBe('Strongest associations');
    expect(app.consoleErrors).toEqual([]);
    await page.locator('#correlation-strongest-h').locator('xpath=..').screenshot({ path: `${ARTIFACTS}associations-narrow.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);
});
