/**
 * Over HTTP, the fuzz review's case: dates of birth over ~18k days and 5 ZIP codes, both faked as
 * PII. Fakes drawn at random had met real dates by chance (189 "leaked", verdict risk); now no fake
 * equals a real value, and a file not made here is judged against the matches chance would make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { Rng } from '../../core/random.js';
import { call, downloaded, fileSettled, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface PiiVerbatim {
  pii_verbatim: { columns: { column: string; leaked_values: number }[]; verdict: string };
}

const ZIPS = ['10001', '30301', '60601', '73301', '94105'];
const ROWS = 2000;
// As many as ZIPS, so a seed draws the same dates whichever list it picks from.
const OTHER_ZIPS = ['11111', '22222', '33333', '44444', '55555'];

/** `rows` of birth_date (1950–1999, day ≤ 28: 16 800 dates), zip (one of 5) and score, drawn from `seed`. */
function csv(seed: number, zips: readonly string[], rows = ROWS): string {
  const rng = Rng.seeded(seed);
  const two = (n: number) => String(n).padStart(2, '0');
  const lines = Array.from({ length: rows }, () => `19${two(rng.int(50, 99))}-${two(rng.int(1, 12))}-${two(rng.int(1, 28))},${zips[rng.int(0, zips.length - 1)]},${(rng.uniform() * 100).toFixed(2)}`);
  return ['birth_date,zip,score', ...lines].join('\n') + '\n';
}

let stack: TestStack;
let real: FileMeta;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const leaked = (r: PiiVerbatim, column: string) => r.pii_verbatim.columns.find((c) => c.column === column)?.leaked_values;

async function upload(name: string, body: string): Promise<FileMeta> {
  const up = await uploadDirect<FileMeta>(stack.url, name, body);
  expect(up.status, up.text).toBeLessThan(300);
  return fileSettled(stack.url, up.json.file_id);
}

beforeAll(async () => {
  stack = await testStack();
  real = await upload('people.csv', csv(1, ZIPS));
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('pii_verbatim does not call chance meetings a leak', () => {
  it('the columns are found as PII and faked', () => {
    const pii = (n: string) => real.columns?.find((c) => c.name === n)?.pii;
    expect(pii('birth_date')).toMatchObject({ kind: 'date_of_birth', action: 'fake' });
    expect(pii('zip')).toMatchObject({ kind: 'postal_code', action: 'fake' });
  });

  it('a generated file: no fake equals a real date or ZIP, so nothing leaked and the verdict is not risk', async () => {
    const g = await generated(stack.url, { file_id: real.file_id, generator: 'gaussian_copula', rows: ROWS, seed: 4 });
    const r = await post<PiiVerbatim>('/validation/privacy', { real_file_id: real.file_id, synthetic_file_id: g.generated_file_id });
    expect(r.status, r.text).toBe(200);
    expect(leaked(r.json, 'birth_date')).toBe(0);
    expect(leaked(r.json, 'zip')).toBe(0);
    expect(r.json.pii_verbatim.verdict).not.toBe('risk');
    // Not by the chance allowance: no generated date or ZIP is a real one, as written.
    const column = (text: string, i: number) => text.trimEnd().split('\n').slice(1).map((l) => l.split(',')[i]!);
    const synthetic = await (await downloaded(stack.url, g.generated_file_id)).text();
    const realText = csv(1, ZIPS);
    for (const i of [0, 1]) {
      const realValues = new Set(column(realText, i));
      expect(column(synthetic, i).filter((v) => v && realValues.has(v))).toEqual([]);
    }
    expect(new Set(column(synthetic, 0)).size).toBeGreaterThan(1000);
  }, 120_000);

  it('a file made elsewhere, its dates drawn independently: the matches are what chance makes, not a leak', async () => {
    const other = await upload('elsewhere.csv', csv(2, OTHER_ZIPS));
    const r = await post<PiiVerbatim>('/validation/privacy', { real_file_id: real.file_id, synthetic_file_id: other.file_id });
    expect(r.status, r.text).toBe(200);
    expect(leaked(r.json, 'birth_date')).toBe(0);
    expect(r.json.pii_verbatim.verdict).not.toBe('risk');
  }, 120_000);

  it('a copy of the real dates is still a leak', async () => {
    const copy = await upload('copy.csv', csv(1, OTHER_ZIPS));
    const r = await post<PiiVerbatim>('/validation/privacy', { real_file_id: real.file_id, synthetic_file_id: copy.file_id });
    expect(r.status, r.text).toBe(200);
    expect(leaked(r.json, 'birth_date')).toBeGreaterThan(1000);
    expect(r.json.pii_verbatim.verdict).toBe('risk');
  }, 120_000);
});
