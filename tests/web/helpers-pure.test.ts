/**
 * Pure helpers of the web app, in Node: the time left of a job in words (eta.ts), a presigned link
 * asked for again once stale (fresh-url.ts), and numbers telling apart files of one name (lineage.ts).
 */
import { describe, expect, it } from 'vitest';
import { etaText } from '../../web/src/eta.js';
import { freshUrl, statedLifetimeMs } from '../../web/src/fresh-url.js';
import { copyNumbers } from '../../web/src/lineage.js';
import { progressLine, progressLines } from '../../web/src/jobs.js';

// etaEstimator: tests/web/eta-pure.test.ts.

describe('etaText', () => {
  it('rounds calmly: seconds to 5, then minutes, then 5 minutes', () => {
    expect(etaText(3)).toBe('a few seconds left');
    expect(etaText(12)).toBe('about 10 s left');
    expect(etaText(23)).toBe('about 25 s left');
    expect(etaText(58)).toBe('about 1 min left');
    expect(etaText(100)).toBe('about 2 min left');
    expect(etaText(59 * 60)).toBe('about 59 min left');
    expect(etaText(3600)).toBe('about 1 h left');
    expect(etaText(3600 + 21 * 60)).toBe('about 1 h 20 min left');
  });
});

describe('progressLines', () => {
  it('ignores the server eta (it jumps) and estimates from the pace of the percentage', () => {
    let t = 0;
    const line = progressLines(() => t);
    const job = (percent: number, eta: number) => ({ status: 'running' as const, progress: { step: 'fit', percent, eta_seconds: eta } });
    const texts: string[] = [];
    for (const [i, server] of [120, 10, 60, 200, 15, 90, 30, 100, 5, 300, 20, 60, 10].entries()) {
      t = i * 1000;
      texts.push(line(job(10 + i * 2, server)));
    }
    expect(texts[0]).toBe('Running — fit, 10 %');
    expect(texts.slice(0, 10).some((x) => x.includes('left'))).toBe(false);
    // 2 %/s with 66 % to go: about 35 s, whatever the server said.
    expect(texts.at(-1)).toBe('Running — fit, 34 % · about 35 s left');
    expect(progressLine({ status: 'succeeded', progress: { step: 'report', percent: 100 } })).toBe('Done.');
  });
});

describe('freshUrl', () => {
  const signed = (n: number, expires = 3600) => `http://127.0.0.1:9/bucket/report.html?X-Amz-Expires=${expires}&X-Amz-Signature=${n}`;

  it('reads the lifetime a presigned URL states', () => {
    expect(statedLifetimeMs(signed(1))).toBe(3_600_000);
    expect(statedLifetimeMs('/relative?X-Amz-Expires=60')).toBe(60_000);
    expect(statedLifetimeMs('http://x/y')).toBeUndefined();
  });

  it('keeps the URL while good and asks again once it is stale (a minute before it expires)', async () => {
    let t = 0;
    let asked = 0;
    const url = freshUrl(async () => signed(++asked), () => t);
    expect(url.peek()).toBeUndefined();
    expect(await url.get()).toBe(signed(1));
    t = 58 * 60_000;
    expect(url.peek()).toBe(signed(1));
    expect(await url.get()).toBe(signed(1));
    t = 59 * 60_000 + 1;
    expect(url.peek()).toBeUndefined();
    expect(await url.get()).toBe(signed(2));
    expect(asked).toBe(2);
  });

  it('takes a short-lived URL as stale a tenth of its life early, and one stating none as lasting 50 min', async () => {
    let t = 0;
    let asked = 0;
    const short = freshUrl(async () => signed(++asked, 10), () => t);
    await short.get();
    t = 8_999;
    expect(short.peek()).toBeDefined();
    t = 9_000;
    expect(short.peek()).toBeUndefined();
    t = 0;
    const plain = freshUrl(async () => 'http://x/report.html', () => t);
    await plain.get();
    t = 49 * 60_000 - 1;
    expect(plain.peek()).toBeDefined();
    t = 49 * 60_000;
    expect(plain.peek()).toBeUndefined();
  });
});

describe('copyNumbers', () => {
  it('numbers files sharing a name by creation time, and leaves names of their own alone', () => {
    const f = (file_id: string, filename: string, created_at: string) => ({ file_id, filename, created_at });
    const numbers = copyNumbers([
      f('f3', 'penguins.gaussian_copula.seed-7.synthetic.csv', '2026-11-27T10:02:00.000Z'),
      f('f2', 'penguins.gaussian_copula.seed-7.synthetic.csv', '2026-11-27T10:01:00.000Z'),
      f('f1', 'penguins.csv', '2026-11-27T10:00:00.000Z'),
      f('f4', 'penguins.ctgan.seed-7.synthetic.csv', '2026-11-27T10:03:00.000Z'),
    ]);
    expect([...numbers.entries()].sort()).toEqual([
      ['f2', 1],
      ['f3', 2],
    ]);
  });
});
