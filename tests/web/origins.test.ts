/**
 * The web app in headless Chromium, on files of several origins and a wide table: synthetic files offered as a
 * holdout and an id as the default target, generated files that cannot be told apart, a features
 * file shown as an upload, a capped distinct count shown as exact, drift verdicts for columns the
 * other file lacks, `*.csv.json` downloads, upload errors without their file, an empty progress bar,
 * and charts of wide tables thousands of pixels long. Screenshots go to tests/artifacts/ (git-ignored).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import type { RunningStack } from '../../local/stack.js';

let app: WebApp;
let stack: RunningStack;
let page: Page;
let consoleErrors: string[];

/** An id and a name unique per row, a category, a number and a yes/no column. */
function people(rows: number, offset = 0): string {
  const lines = ['id,name,group,score,flag'];
  for (let i = offset; i < offset + rows; i++) lines.push(`${i + 1},Person ${i} ${String.fromCharCode(97 + (i % 26))}${i * 7},${'abc'[i % 3]},${((i * 37) % 100) / 4},${i % 4 ? 'yes' : 'no'}`);
  return `${lines.join('\n')}\n`;
}

const upload = (name: string, content: string) => app.upload(name, content);

/** A finished generation's file id. */
async function generate(fileId: string, generator: string, params: Record<string, unknown> = {}): Promise<string> {
  const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: fileId, generator, rows: 100, seed: 1, params } });
  expect(started.status).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  return started.json.generated_file_id;
}

const openDataset = (id: string) => app.openDataset(id);

let source: string;
let holdout: string;
let copula: string;
let privbayes: string;
let features: string;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 800 } });
  ({ stack, page, consoleErrors } = app);

  source = await upload('people.csv', people(240));
  holdout = await upload('people_holdout.csv', people(60, 1000));
  copula = await generate(source, 'gaussian_copula');
  privbayes = await generate(source, 'privbayes', { epsilon: 1 });
  // A features file of the source: the same rows as the training data, with a column more.
  const suggested = await call<{ suggestions: { step: Record<string, unknown> }[] }>(stack.url, 'POST', '/features/suggestions', { json: { file_id: source } });
  expect(suggested.json.suggestions.length).toBeGreaterThan(0);
  const applied = await call<{ job_id: string; file_id: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: source, steps: [suggested.json.suggestions[0]!.step] } });
  expect((await jobEnded(stack.url, applied.json.job_id)).status).toBe('succeeded');
  features = applied.json.file_id;
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe('web app: file origins, holdouts, caps and wide tables', () => {
  it('offers only real rows the generator never saw as the holdout, and a class column as the target', async () => {
    await openDataset(copula);
    await page.waitForSelector('#utility-holdout');
    const values = await page.locator('#utility-holdout option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    // Not the other synthetic file, not the source, not the features file made from the source's rows.
    expect(values).toEqual(['', holdout]);
    expect(values).not.toContain(privbayes);
    expect(values).not.toContain(features);
    // Not the id (unique per row) nor the name: the yes/no column is what a model would predict.
    expect(await page.inputValue('#utility-target')).toBe('flag');
    await page.locator('#utility').screenshot({ path: join(ARTIFACTS, 'origins-utility.png') });

    // With no class column, a number — not the counter that is unique in every row.
    const lines = ['row,amount,count'];
    for (let i = 0; i < 120; i++) lines.push(`${i + 1},${((i * 7919) % 1000) / 10 + i / 1000},${i % 9}`);
    const measured = await generate(await upload('measures.csv', `${lines.join('\n')}\n`), 'gaussian_copula');
    await openDataset(measured);
    await page.waitForSelector('#utility-target');
    expect(await page.inputValue('#utility-target')).toBe('amount');
  });

  it('tells generated files apart by their generator and shows where each file came from', async () => {
    await page.goto('about:blank');
    await page.goto(`${stack.url}/#/`);
    await page.waitForSelector('#file-list tbody tr');
    const origin = (id: string) => page.locator(`#file-list tr[data-file-id="${id}"] td.origin`).textContent();
    expect(await origin(source)).toBe('upload');
    expect(await origin(copula)).toBe('synthetic · gaussian_copulafrom people.csv');
    expect(await origin(privbayes)).toBe('synthetic · privbayesfrom people.csv');
    expect(await origin(features)).toBe('featuresfrom people.csv');
    await page.screenshot({ path: join(ARTIFACTS, 'origins-origins.png') });

    // The drift list names the generator beside the file name (which names generator and seed too).
    await openDataset(source);
    await page.waitForSelector('#drift-against');
    const label = (id: string) => page.locator(`#drift-against option[value="${id}"]`).textContent();
    expect(await label(copula)).toMatch(/^people\.gaussian_copula\.seed-1\.synthetic\.csv \(synthetic · gaussian_copula, .+\)$/);
    expect(await label(privbayes)).toMatch(/^people\.privbayes\.seed-1\.synthetic\.csv \(synthetic · privbayes, .+\)$/);
    expect(await label(holdout)).toBe('people_holdout.csv');
  });

  it('lists columns the other file lacks apart from the drift verdicts', async () => {
    // 12 rows: drift leaves out a column with under 10 values a side rather than judge it.
    const other = await upload('other.csv', `group,zzz\n${Array.from({ length: 12 }, (_, i) => `${'abc'[i % 3]},${i + 1}`).join('\n')}\n`);
    await openDataset(source);
    await page.waitForSelector('#drift-against');
    await page.selectOption('#drift-against', other);
    await page.waitForSelector('#drift tbody tr');
    expect(await page.locator('#drift tbody th').allTextContents()).toEqual(['group']);
    expect(await page.textContent('#drift-missing')).toBe('Not in other.csv, so not compared (4 of 5 columns): id, name, score, flag.');
  });

  it('names a JSON download <name>.json and hides the progress bar until a job exists', async () => {
    await openDataset(source);
    await page.waitForSelector('#generate-submit');
    expect(await page.getAttribute('a:has-text("Download JSON")', 'download')).toBe('people.json');
    expect(await page.isHidden('#job-progress')).toBe(true);
    await page.fill('#rows', '20');
    await page.click('#generate-submit');
    await page.waitForSelector('#generated-link', { timeout: 60_000 });
    expect(await page.isVisible('#job-progress')).toBe(true);
  }, 120_000);

  it('shows a distinct count past the cap as "> 10,000"', async () => {
    const lines = ['v,k'];
    for (let i = 0; i < 10_500; i++) lines.push(`${i * 3 + 0.5},${i % 5}`);
    const id = await upload('many.csv', `${lines.join('\n')}\n`);
    const meta = await call<{ columns: { name: string; distinct?: number }[] }>(stack.url, 'GET', `/files/${id}`);
    expect(meta.json.columns[0]!.distinct).toBe(10_001);
    await openDataset(id);
    const distinct = (column: string) => page.locator('tr', { has: page.locator(`th.colname:text-is("${column}")`) }).locator('td.num').nth(1).textContent();
    await page.waitForSelector('th.colname');
    expect(await distinct('v')).toBe(`> ${(10_000).toLocaleString('en-US')}`);
    expect(await distinct('k')).toBe('5');
  });

  it('names each refused upload on its own row, once, and says an empty file is empty in a sentence', async () => {
    await page.goto('about:blank');
    await page.goto(`${stack.url}/#/`);
    await page.setInputFiles('#file-input', [
      { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) },
      { name: 'report.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from([0x50, 0x4b, 3, 4]) },
    ]);
    await expect.poll(() => page.locator('#uploads li.failed').count(), { timeout: 30_000 }).toBe(2);
    const rows = (await page.locator('#uploads li.failed').allTextContents()).join('\n');
    expect(rows).toContain('empty.csv was not uploaded: the file is empty (0 bytes), so there is nothing to upload.');
    expect(rows).toContain('report.xlsx was not uploaded: ');
    expect(rows).not.toContain('size:');
    // Said there only: not in the banner, not in the line above.
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.evaluate(() => document.body.innerText.split('was not uploaded').length - 1)).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'origins-upload-errors.png') });
  });

  it('draws at most 40 columns of a wide table in the heatmap and the quality chart, and says so', async () => {
    const width = 60;
    const header = Array.from({ length: width }, (_, j) => `c${j}`).join(',');
    const body = Array.from({ length: 80 }, (_, i) => Array.from({ length: width }, (_, j) => ((i * (j + 3)) % 17) + (j % 7 === 0 ? i : 0)).join(','));
    const wide = await upload('wide60.csv', `${header}\n${body.join('\n')}\n`);
    await openDataset(wide);
    await page.waitForSelector('#correlation-chart svg', { timeout: 30_000 });
    expect(await page.textContent('#correlation-caption')).toContain('Showing the 40 of 60 columns with the strongest association to another column.');
    // Two layers (grey under the colours) of 40 × 40 cells, and the legend's gradient.
    expect(await page.locator('#correlation-chart .mark-rect path').count()).toBe(2 * 40 * 40 + 1);
    const synthetic = await generate(wide, 'gaussian_copula');
    await openDataset(synthetic);
    await page.waitForSelector('#shapes-chart svg', { timeout: 30_000 });
    expect(await page.textContent('#shapes-caption')).toBe('The 40 of 60 columns least alike in the synthetic data.');
    expect(await page.locator('#shapes-chart .mark-rect path').count()).toBe(40);
    await page.locator('#quality').screenshot({ path: join(ARTIFACTS, 'origins-wide-quality.png') });
  }, 120_000);

  it('logged no console errors', () => {
    expect(consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
