/**
 * A time-of-day column with microseconds (`12:34:56.123456`), over HTTP on the embedded stack: it is
 * read as a datetime in `HH:mm:ss.SSSSSS`, and gaussian_copula generates real clock times with their
 * six digits. Before that format existed the column was an `id` and came back scrambled
 * (`57:96:94.474193`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { downloaded, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const N = 60;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const source = ['t,x', ...Array.from({ length: N }, (_, i) => `${pad((i * 7) % 24)}:${pad((i * 13) % 60)}:${pad((i * 29) % 60)}.${pad((i * 104_729) % 1_000_000, 6)},${i}`)].join('\n') + '\n';

it('a microsecond time column is a datetime, generated as valid clock times with six fraction digits', async () => {
  const up = await uploadDirect<FileMeta>(stack.url, 'times.csv', source);
  expect(up.status, up.text).toBe(201);
  const t = up.json.columns!.find((c) => c.name === 't')!;
  expect([t.type, t.format]).toEqual(['datetime', 'HH:mm:ss.SSSSSS']);

  const started = await generated(stack.url, { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 50, seed: 7 });
  const lines = (await (await downloaded(stack.url, started.generated_file_id)).text()).trimEnd().split('\n');
  expect(lines[0]).toBe('t,x');
  expect(lines).toHaveLength(51);
  const times = lines.slice(1).map((l) => l.split(',')[0]!).filter((v) => v !== '');
  expect(times.length).toBeGreaterThan(0);
  for (const v of times) {
    const m = /^(\d{2}):(\d{2}):(\d{2})\.\d{6}$/.exec(v);
    expect(m, v).not.toBeNull();
    expect(Number(m![1]), v).toBeLessThan(24);
    expect(Number(m![2]), v).toBeLessThan(60);
    expect(Number(m![3]), v).toBeLessThan(60);
  }
  // Not every value on a whole millisecond: the microseconds are generated, not floored.
  expect(times.some((v) => !v.endsWith('000'))).toBe(true);
});
