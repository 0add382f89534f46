/**
 * The web app in headless Chromium, for a second UX review: generated files of one source listed under
 * one name, a job's time left jumping about, privacy measures without a word on what they mean, a report
 * link dead after an hour, and a live loss curve below the fold. A running job is played by routes
 * (progress at a known pace, losses per epoch), so what the page shows of it is deterministic.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';
import { PRIVACY_HELP } from '../../web/src/views/insights.js';
import { NEAR_COPIES_LABEL } from '../../core/validation/near-real-text.js';

const SHOTS = new URL('../../.prof/s17/web/', import.meta.url).pathname;

let app: WebApp;
let page: Page;
let context: BrowserContext;
let sourceId: string;
const generated: { seed7: string; seed8: string; seed7again: string } = { seed7: '', seed8: '', seed7again: '' };

async function generate(seed: number): Promise<string> {
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: sourceId, generator: 'gaussian_copula', rows: 80, seed } });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  return started.json.generated_file_id;
}

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 800 } });
  page = app.page;
  context = page.context();
  sourceId = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
  generated.seed7 = await generate(7);
  generated.seed8 = await generate(8);
  generated.seed7again = await generate(7);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe('web app, from a second UX review', () => {
  it('names generated files apart: generator and seed in the name, a number when even those are the same', async () => {
    await page.goto('about:blank');
    await page.goto(`${app.stack.url}/#/`);
    await page.waitForSelector(`#file-list tr[data-file-id="${generated.seed7again}"]`);
    const name = (id: string) => page.locator(`#file-list tr[data-file-id="${id}"] td.name`).innerText();
    expect(await name(generated.seed7)).toBe('penguins.gaussian_copula.seed-7.synthetic.csv #1');
    expect(await name(generated.seed7again)).toBe('penguins.gaussian_copula.seed-7.synthetic.csv #2');
    expect(await name(generated.seed8)).toBe('penguins.gaussian_copula.seed-8.synthetic.csv');
    expect(await name(sourceId)).toBe('penguins.csv');
    await page.locator('#file-list').screenshot({ path: `${SHOTS}file-list.png` });
  });

  it('says under each privacy measure what it means and what a good value is', async () => {
    await app.openDataset(generated.seed8);
    await page.waitForSelector('#privacy-table tbody tr', { timeout: 60_000 });
    const rows = await page.locator('#privacy-table tbody th[scope="row"]').evaluateAll((ths) =>
      ths.map((th) => {
        const help = th.querySelector('.metric-help');
        const box = help?.getBoundingClientRect();
        return { label: th.firstChild?.textContent ?? '', help: help?.textContent ?? '', shown: !!box && box.height > 0 && box.width > 0 };
      }),
    );
    expect(rows.map((r) => r.label)).toEqual(Object.keys(PRIVACY_HELP));
    for (const r of rows) {
      expect(r.shown, r.label).toBe(true);
      expect(r.help, r.label).toBe(PRIVACY_HELP[r.label as keyof typeof PRIVACY_HELP]);
      // Each says what a good value looks like.
      expect(r.help, r.label).toMatch(/Good:|higher is more private/);
    }
    // Near-copies (counted in the DCR verdict) as a share, with real rows' own share beside it.
    const near = page.locator(`#privacy-table tr:has-text("${NEAR_COPIES_LABEL}")`);
    expect(await near.locator('td.num').textContent()).toMatch(/^\d+\.\d % \(\d+ rows?; real rows among themselves: \d+\.\d %\)$/);
    expect(await near.locator('.badge').textContent()).toMatch(/^(safe|review|risk)$/);
    // The table still fits its box on a laptop screen.
    expect(await page.evaluate(() => document.querySelector('#privacy-table')!.scrollWidth <= document.querySelector('#privacy .wide')!.clientWidth)).toBe(true);
    await page.locator('#privacy').screenshot({ path: `${SHOTS}privacy.png` });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.locator('#privacy').screenshot({ path: `${SHOTS}privacy-narrow.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('asks for a fresh report link once the one it holds has expired, on a page left open', async () => {
    let asked = 0;
    // Links that live 2 s, to a stand-in report page: the page must not open an expired one. The page's clock is
    // held still and then moved on, so "still good" and "expired" do not hang on how fast a loaded machine clicks.
    // A context of its own: the held clock must not reach the other tests' pages.
    const own = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const report = (route: Route) => {
      asked++;
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ html_url: `${app.stack.url}/report-stub/${asked}.html?X-Amz-Expires=2&X-Amz-Signature=s${asked}` }) });
    };
    try {
      await own.route('**/validation/report', report);
      await own.route('**/report-stub/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>report</title><p>report</p>' }));
      const start = Date.now();
      await own.clock.setFixedTime(start);
      const tab = await own.newPage();
      await tab.goto(`${app.stack.url}/#/files/${generated.seed8}`);
      await tab.waitForSelector('#report-button');
      const opened = async (click: () => Promise<void>) => {
        const [popup] = await Promise.all([own.waitForEvent('page'), click()]);
        await popup.waitForURL(/report-stub/);
        const url = popup.url();
        await popup.close();
        return new URL(url).pathname;
      };
      expect(await opened(() => tab.click('#report-button'))).toBe('/report-stub/1.html');
      await tab.waitForSelector('#report-link');
      // Still good: the link opens as it is, nothing asked for.
      expect(await opened(() => tab.click('#report-link'))).toBe('/report-stub/1.html');
      expect(asked).toBe(1);
      await own.clock.setFixedTime(start + 2500);
      // Expired: a new one is asked for and opened, and the link now holds it.
      expect(await opened(() => tab.click('#report-link'))).toBe('/report-stub/2.html');
      expect(asked).toBe(2);
      expect(await tab.getAttribute('#report-link', 'href')).toContain('/report-stub/2.html');
    } finally {
      await own.close();
    }
  }, 120_000);

  it('keeps the live loss curve by the progress bar, in view, at desktop and phone widths, with a steady time left', async () => {
    let polls = 0;
    let cancelled = false;
    // Jumping server estimates, as the linear one does between steps: the page must not echo them.
    const serverEta = [120, 10, 60, 200, 15, 90];
    const job = () => {
      const epoch = polls++;
      const percent = Math.min(90, 5 + epoch * 1.5);
      return {
        job_id: 'j_watch',
        status: cancelled ? 'cancelled' : 'running',
        progress: { step: 'fit', percent, message: `epoch ${epoch} of 60`, eta_seconds: serverEta[epoch % serverEta.length], metrics: { epoch, generator: 2 - epoch * 0.02, discriminator: 0.5 + Math.sin(epoch) * 0.1 } },
      };
    };
    await context.route('**/synth/generate', (route) =>
      route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify({ job_id: 'j_watch', generated_file_id: generated.seed8, model_id: 'm_watch' }) }),
    );
    await context.route('**/jobs/j_watch', (route) => {
      if (route.request().method() === 'DELETE') cancelled = true;
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify(job()) });
    });
    try {
      await app.openDataset(sourceId);
      await page.waitForSelector('#generator');
      await page.selectOption('#generator', 'ctgan');
      // The status line's every text, from the start.
      await page.evaluate(() => {
        const texts: string[] = [];
        (window as unknown as { statusTexts: string[] }).statusTexts = texts;
        new MutationObserver(() => texts.push(document.getElementById('job-status')!.textContent ?? '')).observe(document.getElementById('job-status')!, { childList: true, characterData: true, subtree: true });
      });
      // Generate at the foot of the form, at the foot of the window, as a user scrolling down to it has it.
      await page.evaluate(() => document.getElementById('generate-submit')!.scrollIntoView({ block: 'end' }));
      await page.click('#generate-submit');
      await page.waitForSelector('#live-loss svg', { timeout: 20_000 });
      await expect.poll(() => page.evaluate(() => document.querySelectorAll('#live-loss svg path').length), { timeout: 30_000 }).toBeGreaterThan(1);
      const inView = () =>
        page.evaluate(() => {
          const within = (sel: string) => {
            const r = document.querySelector(sel)!.getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= document.documentElement.clientWidth;
          };
          const bar = document.getElementById('job-progress')!.getBoundingClientRect();
          const curve = document.getElementById('live-loss')!.getBoundingClientRect();
          return { bar: within('#job-progress'), curve: within('#live-loss'), gap: Math.round(curve.top - bar.bottom), pageFits: document.documentElement.scrollWidth <= document.documentElement.clientWidth };
        });
      const wide = await inView();
      expect(wide.bar).toBe(true);
      expect(wide.curve).toBe(true);
      expect(wide.gap).toBeLessThan(80);
      await page.screenshot({ path: `${SHOTS}live-loss-desktop.png` });

      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => document.getElementById('job-panel')!.scrollIntoView({ block: 'start' }));
      // Once redrawn at the new width.
      await expect.poll(inView, { timeout: 30_000 }).toMatchObject({ bar: true, curve: true, pageFits: true });
      expect((await inView()).gap).toBeLessThan(120);
      await page.screenshot({ path: `${SHOTS}live-loss-phone.png` });
      await page.setViewportSize({ width: 1280, height: 800 });

      // Time left: none at first, then one the page estimated, never a server figure, never leaping up.
      // The first estimate waits out a 10 s warm-up from the first poll, and on a loaded CI machine a
      // poll through the routed fetch can take a second: wait for four estimates by the clock, not by
      // what the steps above happened to spend.
      await expect.poll(() => page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts.filter((t) => t.includes('left')).length), { timeout: 45_000 }).toBeGreaterThan(3);
      const texts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts.filter((t) => t.startsWith('Running')));
      expect(texts.slice(0, 3).some((t) => t.includes('left'))).toBe(false);
      const seconds = texts.map((t) => /about (\d+) s left|a few seconds left/.exec(t)).filter((m) => m !== null).map((m) => (m[1] ? Number(m[1]) : 5));
      expect(seconds.length).toBeGreaterThan(3);
      for (const s of seconds) expect(s).toBeLessThanOrEqual(55); // 85 % to go at 1.5 % a poll: well under a minute, not "120 s"/"200 s"
      for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBeLessThanOrEqual(5);

      await page.click('#job-cancel');
      await expect.poll(() => page.textContent('#job-status'), { timeout: 30_000 }).toBe('Cancelled.');
    } finally {
      await context.unroute('**/synth/generate');
      await context.unroute('**/jobs/j_watch');
    }
  }, 120_000);
});
