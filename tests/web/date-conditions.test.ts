/**
 * A file generated with a condition on a date, in headless Chromium. The API keeps the condition as
 * epoch milliseconds, which the page once showed as "date = 1709596800000"; it shows the date as the
 * column writes it, and "Sample more rows" starts from the file's own conditions (dates so written),
 * which sample again to rows of that date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** A seattle_weather-like table: 120 days from 2024-01-01, a weather kind and two temperatures. */
function weatherCsv(): string {
  const kinds = ['rain', 'sun', 'fog', 'drizzle'];
  const lines = ['date,weather,temp_max,temp_min'];
  for (let i = 0; i < 120; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    const max = 8 + (i % 17) * 0.7;
    lines.push(`${day},${kinds[(i * 7) % 4]},${max.toFixed(1)},${(max - 4 - (i % 5)).toFixed(1)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a file generated with a date condition', () => {
  it('shows the date, not epoch milliseconds, and samples more rows with it filled in', async () => {
    const { page } = app;
    const source = await app.upload('weather.csv', weatherCsv());
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', {
      json: { file_id: source, generator: 'gaussian_copula', rows: 40, seed: 2, conditions: { date: '2024-03-05', weather: 'rain' } },
    });
    expect(started.status).toBe(202);
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    const id = started.json.generated_file_id;
    // The API keeps the date as epoch ms: the page is what writes it back.
    const meta = await call<{ lineage: { details: { conditions: Record<string, unknown> } } }>(app.stack.url, 'GET', `/files/${id}`);
    expect(meta.json.lineage.details.conditions.date).toBe(Date.UTC(2024, 2, 5));

    await app.openDataset(id);
    await page.waitForSelector('#generated-conditions');
    expect(await page.textContent('#generated-conditions')).toBe('Conditions: date = 2024-03-05 and weather = rain — every row has these values.');
    await page.waitForSelector('#quality-basis');
    expect(await page.textContent('#quality-basis')).toContain('where date = 2024-03-05 and weather = rain');
    await page.waitForSelector('#warnings');
    const warnings = (await page.locator('#warnings li[data-kind="condition"]').allTextContents()).join('\n');
    expect(warnings).toContain('date has a single value, 2024-03-05, because the generation was conditioned on date = 2024-03-05.');
    expect(await page.textContent('body')).not.toContain(String(Date.UTC(2024, 2, 5)));

    await page.waitForSelector('#sample-submit');
    expect(await page.inputValue('#sample-conditions')).toBe('date=2024-03-05, weather=rain');
    expect(await page.textContent('#sample-about')).toContain('clear them for rows without them');
    await page.fill('#sample-rows', '15');
    await page.click('#sample-submit');
    await page.waitForSelector('#sample-link', { timeout: 60_000 });
    const sampled = (await page.getAttribute('#sample-link', 'href'))!.replace('#/files/', '');
    const rows = await call<{ rows: { date: string; weather: string }[] }>(app.stack.url, 'GET', `/files/${sampled}/data?limit=15`);
    expect(new Set(rows.json.rows.map((r) => `${r.date} ${r.weather}`))).toEqual(new Set(['2024-03-05 rain']));
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);
});
