/**
 * The web app in headless Chromium, for what a UX review found on a dataset's page: a datetime
 * column at +02:00 with min and max running into each other, weekly bins drawn in UTC (Mondays on
 * Sundays, ticks labelled "Sat 09") and "GAPS 22" unexplained; the association heatmap's numbers
 * overlapping at 390 px; a generated file's schema with no distinct counts, Key open on repeating
 * columns and a word about an upload it never had; feature suggestions that drop their column
 * silently, in a scroll box showing half of them.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

let app: WebApp;
let page: Page;
let consoleErrors: string[];
let penguinsId: string;

/** Business-day midnights at +02:00 from Monday 2024-03-04: 60 days over 12 weeks, so 22 weekend days missing between them. */
function businessDaysCsv(): string {
  const lines = ['date,store,sales'];
  for (let d = 0; lines.length <= 60; d++) {
    const day = new Date(Date.UTC(2024, 2, 4 + d));
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    lines.push(`${day.toISOString().slice(0, 10)}T00:00:00+02:00,${'AB'[d % 2]},${100 + ((d * 37) % 300)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Boxes of the elements matched, as plain numbers. */
const boxes = (selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, opacity: getComputedStyle(el).opacity, text: el.textContent ?? '' };
    }),
  );
type Box = { left: number; right: number; top: number; bottom: number };
const overlap = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

beforeAll(async () => {
  app = await startWebApp({ viewport: LAPTOP });
  ({ page, consoleErrors } = app);
  penguinsId = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('a datetime column at a UTC offset', () => {
  let bizId: string;

  it('shows min and max whole, each in its own box, on a laptop and a phone', async () => {
    bizId = await app.upload('bizdays.csv', businessDaysCsv());
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await app.openDataset(bizId);
      await page.waitForSelector('#describe-stats [data-stat="max"] dd');
      expect(await page.textContent('#describe-stats [data-stat="min"] dd')).toBe('2024-03-04T00:00:00+02:00');
      const [min, max] = [(await boxes('#describe-stats [data-stat="min"] dd'))[0]!, (await boxes('#describe-stats [data-stat="max"] dd'))[0]!];
      expect(overlap(min, max)).toBe(false);
      // No value runs past its card into the next one.
      const spill = await page.locator('#describe-stats dd').evaluateAll((dds) => dds.filter((dd) => dd.scrollWidth > dd.clientWidth + 1).map((dd) => dd.textContent));
      expect(spill).toEqual([]);
    }
    await page.locator('section:has(#describe-stats)').screenshot({ path: `${ARTIFACTS}ux-datetime-stats-phone.png` });
    await page.setViewportSize(LAPTOP);
  });

  it('says the 22 gaps are all weekends: a series of business days', async () => {
    await app.openDataset(bizId);
    await page.waitForSelector('#describe-stats [data-stat="gaps"] dd');
    expect(await page.textContent('#describe-stats [data-stat="gaps"] dd')).toBe('22 missing days, all weekends (business days)');
  });

  it('bins weeks on the column’s clock, labelled by their Mondays', async () => {
    await app.openDataset(bizId);
    await page.waitForSelector('#distribution-chart svg .role-axis-label text');
    const labels = await page.locator('#distribution-chart svg .role-axis-label text').allTextContents();
    expect(labels).toContain('Mar 04');
    // Vega's own ticks fell every few days ("Sat 09"), UTC weeks on Feb 26: neither is left.
    expect(labels.filter((l) => /^(Sat|Sun)|Feb 26|Mar 0[23]$/.test(l))).toEqual([]);
    expect(await page.textContent('#distribution-chart')).toContain('date (per week, UTC+02:00)');
    await page.locator('#distribution-chart').screenshot({ path: `${ARTIFACTS}ux-datetime-weeks.png` });
  });
});

describe('the association heatmap', () => {
  it('hides cell numbers where cells are narrower than them (390 px), and prints them where they fit', async () => {
    await page.setViewportSize(PHONE);
    await app.openDataset(penguinsId);
    await page.waitForSelector('#correlation-chart svg .mark-text.role-mark text', { timeout: 20_000 });
    const shown = (await boxes('#correlation-chart svg .mark-text.role-mark text')).filter((b) => b.text && Number(b.opacity) > 0);
    for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) expect(overlap(shown[i]!, shown[j]!), `${shown[i]!.text} over ${shown[j]!.text}`).toBe(false);
    await page.locator('#correlation-chart').screenshot({ path: `${ARTIFACTS}ux-heatmap-phone.png` });

    await page.setViewportSize(LAPTOP);
    await app.openDataset(penguinsId);
    await page.waitForSelector('#correlation-chart svg .mark-text.role-mark text', { timeout: 20_000 });
    const wide = (await boxes('#correlation-chart svg .mark-text.role-mark text')).filter((b) => b.text && Number(b.opacity) > 0);
    expect(wide.map((b) => b.text)).toContain('1.00');
  });
});

describe('a generated file’s schema', () => {
  it('counts distinct values, keeps Key off repeating columns, and does not speak of an upload', async () => {
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: penguinsId, generator: 'gaussian_copula', rows: 200, seed: 1 } });
    expect(started.status).toBe(202);
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    await page.setViewportSize(LAPTOP);
    await app.openDataset(started.json.generated_file_id);
    await page.waitForSelector('#schema tbody tr');
    const distinct = await page.locator('#schema tbody tr td:nth-of-type(3)').allTextContents();
    expect(distinct.length).toBe(8);
    expect(distinct.filter((d) => !/^\d[\d,]*$/.test(d))).toEqual([]);
    expect(await page.isDisabled('#schema input.primary-key[data-column="year"]')).toBe(true);
    const help = await page.textContent('#schema-help');
    expect(help).not.toContain('original upload');
    expect(help).toContain('written when this file was generated');
    // An upload still says where its columns are read from.
    await app.openDataset(penguinsId);
    await page.waitForSelector('#schema-help');
    expect(await page.textContent('#schema-help')).toContain('the original upload');
  }, 120_000);
});

describe('feature suggestions', () => {
  it('say which ones replace their column, count themselves, tick all at once, and show whole', async () => {
    await page.setViewportSize(LAPTOP);
    await app.openDataset(penguinsId);
    await page.waitForSelector('#load-suggestions');
    await page.click('#load-suggestions');
    await page.waitForSelector('#suggestions li');
    const items = await page.locator('#suggestions li').allInnerTexts();
    expect(await page.textContent('#suggestions-count')).toBe(`${items.length} suggestions.`);
    for (const item of items.filter((t) => /^\s*(Bin|One-hot encode) /.test(t))) expect(item).toMatch(/\(replaces [a-z_]+\)/);
    expect(items.some((t) => /^\s*One-hot encode island \(replaces island\)/.test(t))).toBe(true);
    // No inner scroll box hiding half the list.
    const list = await page.locator('#suggestions').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    expect(list.scroll).toBeLessThanOrEqual(list.client + 1);
    expect(await page.isDisabled('#apply-features')).toBe(true);
    await page.check('#select-all-suggestions');
    // One step per column among those that replace, rewrite or remove it (scale and bin of one column do not compose):
    // the others are left unticked and say which step holds their column.
    const blocked = page.locator('#suggestions input[type="checkbox"]:disabled');
    expect(await blocked.count()).toBeGreaterThan(0);
    expect(await page.locator('#suggestions input[type="checkbox"]:checked').count()).toBe(items.length - (await blocked.count()));
    expect(await page.textContent(`#${(await blocked.first().getAttribute('id'))!}-note`)).toMatch(/^ \(not with “.+”, chosen for [a-z_]+\)$/);
    expect(await page.isChecked('#select-all-suggestions')).toBe(true);
    await page.locator('section:has(#suggestions)').screenshot({ path: `${ARTIFACTS}ux-suggestions.png` });
    // Everything ticked applies: no step meets a column an earlier one took away.
    await page.click('#apply-features');
    await page.waitForSelector('#features-created', { timeout: 60_000 });
    await page.uncheck('#suggestion-0');
    expect(await page.isChecked('#select-all-suggestions')).toBe(false);
  }, 120_000);

  it('logs no errors in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
