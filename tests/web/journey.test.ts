/**
 * The web app in headless Chromium (Debian's package, driven by playwright-core), on the embedded
 * stack: upload → dataset page → generate with live progress → quality report → delete.
 * Screenshots go to tests/artifacts/ (git-ignored).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, uploadDirect } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import type { RunningStack } from '../../local/stack.js';
import type { Quality } from '../../web/src/api.js';
import { parquetWriteBuffer } from 'hyparquet-writer';


let app: WebApp;
let stack: RunningStack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1366, height: 900 } });
  ({ stack, page, consoleErrors } = app);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const openDataset = (id: string) => app.openDataset(id);

const shot = (name: string) => app.shot(name);

describe('web app journey', () => {
  it('uploads a table with byte progress and lists it as ready', async () => {
    await page.goto(stack.url);
    await page.setInputFiles('#file-input', dataset('penguins.csv'));
    await page.waitForSelector('#uploads .upload-row-status:has-text("is ready")', { timeout: 60_000 });
    expect(await page.getAttribute('#uploads .upload-row progress', 'value')).toBe('100');
    const row = page.locator('#file-list tbody tr').first();
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 20_000 }).toBe('ready');
    expect(await row.locator('td').nth(3).textContent()).toBe('344');
    await shot('01-home');
  }, 120_000);

  it('shows the schema, a chart and pages of data', async () => {
    await page.locator('#file-list a', { hasText: 'penguins.csv' }).click();
    await page.waitForSelector('#schema tbody tr');
    expect(await page.locator('#schema tbody tr').count()).toBe(8);
    await page.waitForSelector('#distribution-chart svg', { timeout: 30_000 });
    await page.waitForSelector('#correlation-chart svg', { timeout: 30_000 });
    expect(await page.textContent('#overview')).toContain('% of cells missing');
    expect(await page.textContent('#page-info')).toBe('Rows 1–50 of 344');
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => page.textContent('#page-info'), { timeout: 20_000 }).toBe('Rows 51–100 of 344');
    // Column statistics and distribution from /eda/describe and /eda/distributions; outliers from /eda/outliers.
    await page.waitForSelector('#describe-stats dd');
    await page.selectOption('#describe-column', 'body_mass_g');
    await expect.poll(() => page.textContent('#describe-stats'), { timeout: 20_000 }).toContain('4,202'); // grouped as the counts beside it
    await page.waitForSelector('#distribution-chart svg');
    await page.waitForSelector('#outliers tbody tr');
    await shot('02-dataset');
  });

  it('changes a column type from the schema table, showing a refused change and then the API agreeing', async () => {
    const typeOf = (column: string) => page.getByRole('combobox', { name: `Type of ${column}` });
    expect(await typeOf('year').inputValue()).toBe('integer');
    // Species names are not numbers: the problem's detail appears in the error area and nothing changes.
    await typeOf('species').selectOption('integer');
    await page.getByRole('button', { name: 'Save schema' }).click();
    await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
    expect(await page.textContent('#error')).toContain('species cannot be integer');

    await typeOf('species').selectOption('categorical');
    await typeOf('year').selectOption('categorical');
    await page.getByRole('button', { name: 'Save schema' }).click();
    await expect.poll(() => page.textContent('#schema-status'), { timeout: 30_000 }).toContain('Saved');
    expect(await page.isHidden('#error')).toBe(true);
    expect(await typeOf('year').inputValue()).toBe('categorical');
    expect(await page.locator('#schema tbody tr', { hasText: 'year' }).textContent()).toContain('set by the user');
    const id = /#\/files\/(.+)$/.exec(page.url())![1]!;
    const meta = await call<{ columns: { name: string; type: string; categories?: string[] }[] }>(stack.url, 'GET', `/files/${id}`);
    expect(meta.json.columns.find((c) => c.name === 'year')).toMatchObject({ type: 'categorical', categories: ['2007', '2008', '2009'] });
    expect(meta.json.columns.find((c) => c.name === 'species')?.type).toBe('categorical');
    await shot('07-schema-edit');

    // A column the detector did not flag can be marked as personal data by hand, then kept after all.
    await page.getByRole('combobox', { name: 'Mark island as personal data' }).selectOption('person_name');
    await page.getByRole('combobox', { name: 'In synthesis, island' }).waitFor();
    const marked = await call<{ columns: { name: string; pii?: { kind: string; action: string } }[] }>(stack.url, 'GET', `/files/${id}`);
    expect(marked.json.columns.find((c) => c.name === 'island')?.pii).toMatchObject({ kind: 'person_name', action: 'fake' });
    await page.getByRole('combobox', { name: 'In synthesis, island' }).selectOption('keep');
    await expect
      .poll(async () => (await call<{ columns: { name: string; pii?: { action: string } }[] }>(stack.url, 'GET', `/files/${id}`)).json.columns.find((c) => c.name === 'island')?.pii?.action, { timeout: 20_000 })
      .toBe('keep');
    // And unmarked: not personal data after all; the cell offers marking again.
    await page.getByRole('combobox', { name: 'In synthesis, island' }).selectOption('none');
    await page.getByRole('combobox', { name: 'Mark island as personal data' }).waitFor();
    await expect.poll(() => page.textContent('#schema-status'), { timeout: 20_000 }).toContain('Saved: island is not marked as personal data.');
    const unmarked = (await call<{ columns: { name: string; pii?: unknown; not_pii?: boolean }[] }>(stack.url, 'GET', `/files/${id}`)).json.columns.find((c) => c.name === 'island');
    expect(unmarked).toMatchObject({ not_pii: true });
    expect(unmarked?.pii).toBeUndefined();
  }, 120_000);

  it('suggests features and applies the chosen ones into a new dataset with lineage', async () => {
    await page.selectOption('#feature-target', 'species');
    await page.click('#load-suggestions');
    await page.waitForSelector('#suggestions li');
    const firstOneHot = page.locator('#suggestions input[data-kind="one_hot"]').first();
    await firstOneHot.check();
    await page.click('#apply-features');
    await page.waitForSelector('#features-created', { timeout: 60_000 });
    const back = page.url();
    await page.click('#features-created');
    await page.waitForSelector('#parent-link');
    await expect.poll(() => page.locator('#schema tbody th', { hasText: '=' }).count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await shot('06-features');
    await page.goto(back);
    await page.waitForSelector('#rows');
  }, 120_000);

  it('generates with live progress to 100% and shows a quality report equal to the API’s', async () => {
    await page.fill('#rows', '500');
    await page.fill('#seed', '7');
    // The params form is generated from the generator's JSON Schema.
    await page.selectOption('#generator', 'privbayes');
    await page.waitForSelector('#param-epsilon');
    await page.selectOption('#generator', 'gaussian_copula');
    await page.selectOption('#param-default_distribution', 'beta');
    // A choice of named values or a column of the file: the copula's groups, by species.
    // Numbers of few values too (year: 3), but not measurements.
    expect(await page.locator('#param-strata option').allTextContents()).toEqual(['auto', 'off', 'by species', 'by island', 'by sex', 'by year']);
    await page.selectOption('#param-strata', 'column:species');
    // The examples name this file's own columns and values.
    expect(await page.getAttribute('#conditions', 'placeholder')).toBe('e.g. species=Adelie, island=Biscoe');
    await page.fill('#conditions', 'species=Gentoo');
    await page.fill('#constraints', '[{"type": "positive", "column": "body_mass_g", "strict": true}]');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForSelector('#generated-link', { timeout: 60_000 });
    expect(await page.textContent('#job-status')).toBe('Done.');
    expect(await page.getAttribute('#job-progress', 'value')).toBe('100');
    const holdout = await uploadDirect<{ file_id: string }>(stack.url, 'penguins-holdout.csv', await readFile(dataset('penguins.csv')));
    // A table with none of these columns is no one's drift: the drift list leaves it out.
    expect((await uploadDirect(stack.url, 'unrelated.csv', 'p,q\n1,2\n3,4\n')).status).toBe(201);
    await page.click('#generated-link');
    await page.waitForSelector('#shapes-chart svg', { timeout: 30_000 });
    expect(await page.textContent('#model-groups p')).toBe('One copula per group of rows by species, as the other columns behave differently in each. Share of the rows per group:');
    expect((await page.locator('#model-groups li').allTextContents()).map((t) => t.replace(/\d+/, 'N'))).toEqual(['Adelie: N %', 'Gentoo: N %', 'Chinstrap: N %']);
    await page.selectOption('#utility-holdout', holdout.json.file_id);
    // Species, which the condition fixed, is nothing to learn from these rows: not offered.
    expect(await page.locator('#utility-target option').allTextContents()).not.toContain('species');
    await page.selectOption('#utility-target', 'sex');
    await page.click('#utility-run');
    await page.waitForSelector('#utility-synthetic', { timeout: 60_000 });
    // Sex predicted from Gentoo rows, as the synthetic set was conditioned on that species; the page shows the API's number.
    const shown = Number(await page.textContent('#utility-synthetic'));
    const generatedId = /#\/files\/(.+)$/.exec(page.url())![1]!;
    const generated = await call<{ lineage: { details: { params: Record<string, unknown> } } }>(stack.url, 'GET', `/files/${generatedId}`);
    expect(generated.json.lineage.details.params.default_distribution).toBe('beta');
    expect(generated.json.lineage.details.params.strata).toEqual({ column: 'species' });
    const species = await call<Record<string, unknown>[]>(stack.url, 'GET', `/synth/${generatedId}/download?format=json`);
    expect(new Set(species.json.map((r) => r.species))).toEqual(new Set(['Gentoo']));

    const parentId = (await page.getAttribute('#parent-link', 'href'))!.replace('#/files/', '');
    const u = await call<{ train_synthetic: { macro_f1: number } }>(stack.url, 'POST', '/validation/utility', {
      json: { real_file_id: parentId, synthetic_file_id: generatedId, holdout_file_id: holdout.json.file_id, target: 'sex' },
    });
    expect(shown).toBe(Number(u.json.train_synthetic.macro_f1.toFixed(3)));
    // The page shows the summary stored by the generation, scored against the Gentoo rows the condition asks for,
    // as the on-demand route scores it too.
    const stored = (await call<{ quality: { overall: number; compared_with: { rows: number } } }>(stack.url, 'GET', `/files/${generatedId}`)).json.quality;
    expect(await page.textContent('#quality-overall')).toBe(`${(stored.overall * 100).toFixed(1)}%`);
    expect(await page.textContent('#quality-basis')).toBe(`Compared with the ${stored.compared_with.rows} source rows where species = Gentoo: the rows the conditions ask for, not the whole source.`);
    const q = await call<Quality>(stack.url, 'POST', '/validation/quality', { json: { real_file_id: parentId, synthetic_file_id: generatedId } });
    expect(q.json.overall).toBe(stored.overall);
    const driftChoices = await page.locator('#drift-against option').allTextContents();
    expect(driftChoices).toContain('penguins-holdout.csv');
    expect(driftChoices).not.toContain('unrelated.csv');
    await page.selectOption('#drift-against', parentId);
    await page.waitForSelector('#drift tbody tr');
    await page.waitForSelector('#privacy-table');
    // The page shows the API's verdicts (a Gentoo-only sample from the Gentoo group may repeat a real row by chance).
    const privacy = await call<{ exact_copies: { verdict: string }; dcr_baseline_protection: { verdict: string } }>(stack.url, 'POST', '/validation/privacy', {
      json: { real_file_id: parentId, synthetic_file_id: generatedId },
    });
    expect(await page.locator('#privacy-table .badge').nth(0).textContent()).toBe(privacy.json.exact_copies.verdict);
    expect(await page.locator('#privacy-table .badge').nth(1).textContent()).toBe(privacy.json.dcr_baseline_protection.verdict);
    const download = await fetch(new URL((await page.getAttribute('#download-csv', 'href'))!, stack.url), { redirect: 'follow' });
    expect((await download.text()).trimEnd().split('\n')).toHaveLength(501);
    await shot('03-quality');
  }, 240_000);

  it('renders the downloadable HTML report offline, charts included', async () => {
    const generatedId = /#\/files\/(.+)$/.exec(page.url())![1]!;
    const parentId = (await page.getAttribute('#parent-link', 'href'))!.replace('#/files/', '');
    const r = await call<{ html_url: string }>(stack.url, 'POST', '/validation/report', { json: { real_file_id: parentId, synthetic_file_id: generatedId } });
    const report = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
    report.on('pageerror', (e) => consoleErrors.push(e.message));
    await report.goto(r.json.html_url);
    await expect.poll(() => report.locator('figure svg').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await report.screenshot({ path: `${ARTIFACTS}05-report.png`, fullPage: true });
    await report.close();
  });

  it('trains a neural generator with DP and a live loss curve, both kept on the synthetic dataset page', async () => {
    const parentId = (await page.getAttribute('#parent-link', 'href'))!.replace('#/files/', '');
    await openDataset(parentId);
    await page.waitForSelector('#generator');
    await page.selectOption('#generator', 'autoregressive');
    await page.fill('#param-epochs', '12');
    await page.fill('#param-epsilon', '5');
    await page.fill('#ratio', '0.5');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForSelector('#live-loss svg', { timeout: 60_000 });
    await page.waitForSelector('#generated-link', { timeout: 120_000 });
    // Redrawn at every epoch and at the end, the curve still fits its card (it used to widen each time).
    const fits = await page.evaluate(() => {
      const svg = document.querySelector('#live-loss svg')!.getBoundingClientRect();
      const card = document.querySelector('#live-loss')!.closest('section')!.getBoundingClientRect();
      return svg.right <= card.right && svg.width > card.width / 2;
    });
    expect(fits).toBe(true);
    await shot('06-loss-curve');
    await page.click('#generated-link');
    await page.waitForSelector('#model-loss svg', { timeout: 30_000 });
    expect(await page.textContent('#training-h + p')).toContain('12 of 12 epochs');
    expect(await page.textContent('#model-privacy')).toMatch(/ε = (4\.9\d|5\.00)/);
    // One line point per epoch of the model's own history.
    const generatedId = /#\/files\/(.+)$/.exec(page.url())![1]!;
    const meta = await call<{ lineage: { details: { model_id: string } } }>(stack.url, 'GET', `/files/${generatedId}`);
    const model = await call<{ training: { history: unknown[] } }>(stack.url, 'GET', `/synth/models/${meta.json.lineage.details.model_id}`);
    expect(model.json.training.history).toHaveLength(12);
    // Half the source rows, as the ratio asked.
    expect((await call<{ rows: number }>(stack.url, 'GET', `/files/${generatedId}`)).json.rows).toBe(172);
  }, 240_000);

  it('lets a keyboard-only user choose a generator, start it and open the result', async () => {
    const parentId = (await page.getAttribute('#parent-link', 'href'))!.replace('#/files/', '');
    await openDataset(parentId);
    await page.waitForSelector('#generator');
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 300 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    };
    await tabTo('generator');
    // The focused control is visibly marked.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#generator')).not.toBe('gaussian_copula');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#generator')).toBe('gaussian_copula');
    await tabTo('rows');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('120');
    await tabTo('generate-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#generated-link', { timeout: 60_000 });
    await tabTo('generated-link');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#quality-overall', { timeout: 30_000 });
    const generatedId = /#\/files\/(.+)$/.exec(page.url())![1]!;
    expect((await call<{ rows: number }>(stack.url, 'GET', `/files/${generatedId}`)).json.rows).toBe(120);
  }, 120_000);

  it('shows the problem detail for a file that is not a table', async () => {
    await page.goto(`${stack.url}/#/`);
    await page.setInputFiles('#file-input', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    // Said on the file's own row, once (not again in the banner).
    const row = page.locator('#uploads li.failed', { hasText: 'empty.csv was not uploaded: ' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('empty');
    expect(await page.isHidden('#error')).toBe(true);
    await shot('04-error');
  });

  it('shows only the page last asked for when the user moves on before the first has loaded', async () => {
    const listed = await call<{ items: { file_id: string; status: string }[] }>(stack.url, 'GET', '/files');
    const [first, second] = listed.json.items.filter((f) => f.status === 'ready').map((f) => f.file_id);
    await page.goto(`${stack.url}/#/`);
    await page.waitForSelector('h1');
    await page.evaluate(([a, b]) => {
      location.hash = `#/files/${a}`;
      setTimeout(() => (location.hash = `#/files/${b}`), 0);
    }, [first!, second!]);
    await page.waitForSelector('#download-csv');
    await page.waitForLoadState('networkidle');
    expect(await page.getAttribute('#download-csv', 'href')).toBe(`/files/${second}/data?all=true&format=csv`);
    // No section of the first page left inside the second: every id once.
    const repeated = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      return ids.filter((id, i) => ids.indexOf(id) !== i);
    });
    expect(repeated).toEqual([]);
  });

  it('keeps a failure of a page left behind out of the page shown now', async () => {
    const listed = await call<{ items: { file_id: string; status: string }[] }>(stack.url, 'GET', '/files');
    const ready = listed.json.items.find((f) => f.status === 'ready')!.file_id;
    // The dataset page's data request fails, but only after the user has moved on to the home page.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let failed = false;
    await page.route('**/files/*/data?*', async (route) => {
      await released;
      failed = true;
      await route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'late failure of the page left behind' }) });
    });
    await page.goto(`${stack.url}/#/files/${ready}`);
    await page.evaluate(() => (location.hash = '#/'));
    await page.waitForSelector('#file-list tbody tr');
    release();
    await expect.poll(() => failed, { timeout: 20_000 }).toBe(true);
    await page.waitForLoadState('networkidle');
    expect(await page.isHidden('#error')).toBe(true);
    await page.unroute('**/files/*/data?*');
  });

  it('deletes a dataset', async () => {
    await page.goto(`${stack.url}/#/`);
    await page.waitForSelector('#file-list tbody tr');
    const before = await page.locator('#file-list tbody tr').count();
    await page.locator('#file-list tbody tr').first().getByRole('button', { name: /Delete/ }).click();
    await expect.poll(() => page.locator('#file-list tbody tr').count(), { timeout: 20_000 }).toBe(before - 1);
  });

  it('uploads a Parquet file from the picker, which the browser sends without a content type', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1, 2, 3, 4], type: 'INT32' },
        { name: 'colour', data: ['red', 'blue', null, 'red'], type: 'STRING' },
      ],
    });
    await page.goto(`${stack.url}/#/`);
    await page.setInputFiles('#file-input', { name: 'colours.parquet', mimeType: '', buffer: Buffer.from(bytes) });
    await page.waitForSelector('#uploads .upload-row-status:has-text("colours.parquet is ready: 4 rows, 2 columns")', { timeout: 60_000 });
    await page.locator('#file-list a', { hasText: 'colours.parquet' }).click();
    await page.waitForSelector('#preview tbody tr');
    expect(await page.locator('#preview tbody tr').count()).toBe(4);
  }, 120_000);

  it('changes a type on a file above the synchronous threshold through a job, its failure in the banner', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1, 2, 3, 4, 5, 6], type: 'INT32' },
        { name: 'code', data: ['10', '20', 'abc', '40', '50', '60'], type: 'STRING' },
      ],
    });
    const file = await uploadDirect<{ file_id: string }>(stack.url, 'codes.parquet', new Uint8Array(bytes), 'application/vnd.apache.parquet');
    expect(file.status).toBe(201);
    // The embedded stack runs in this process and reads the threshold per request: every file is "large".
    const saved = process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES;
    process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES = '0';
    try {
      await openDataset(file.json.file_id);
      const typeOf = (column: string) => page.getByRole('combobox', { name: `Type of ${column}` });
      await typeOf('code').selectOption('integer');
      await page.getByRole('button', { name: 'Save schema' }).click();
      await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
      expect(await page.textContent('#error')).toContain('code cannot be integer');

      // The refused edit left the file as it was; a good one is saved.
      await openDataset(file.json.file_id);
      expect(await typeOf('id').inputValue()).toBe('integer');
      await typeOf('id').selectOption('categorical');
      const reply = page.waitForResponse((r) => r.url().endsWith('/schema') && r.request().method() === 'PUT');
      await page.getByRole('button', { name: 'Save schema' }).click();
      expect((await reply).status()).toBe(202);
      await expect.poll(() => page.textContent('#schema-status'), { timeout: 30_000 }).toContain('Saved: id is categorical');
      expect(await page.isHidden('#error')).toBe(true);
      expect(await typeOf('id').inputValue()).toBe('categorical');
      const meta = await call<{ columns: { name: string; type: string }[] }>(stack.url, 'GET', `/files/${file.json.file_id}`);
      expect(meta.json.columns.find((c) => c.name === 'id')?.type).toBe('categorical');
      expect(meta.json.columns.find((c) => c.name === 'code')?.type).not.toBe('integer');
    } finally {
      if (saved === undefined) delete process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES;
      else process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES = saved;
    }
  }, 120_000);

  it('logged no console errors', () => {
    expect(consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
