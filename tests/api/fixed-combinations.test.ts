/**
 * POST /synth/generate with a `fixed_combinations` constraint on number columns, over HTTP on the
 * embedded stack. Rejection kept only rows whose generated numbers equal a real combination, which
 * continuous values almost never do: the job succeeded with nearly every row blank in them (100 of
 * 100 for x and y, 166 of 200 penguins). Now every row holds a real combination, blank about as
 * often as the data is, with every generator.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { Rng } from '../../core/random.js';
import { call, dataset, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

/** A CSV as rows of cells by header ('' for an empty cell). */
function parsed(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split('\n');
  const names = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v] as const)));
}

/** A cell as a key part: numbers by value (`7.0` is 7), blank as ∅. */
const part = (v: unknown): string => (v === null || v === undefined || v === '' || v === 'NA' ? '∅' : Number.isNaN(Number(v)) ? String(v) : String(Number(v)));
const keyOf = (row: Record<string, unknown>, names: readonly string[]) => names.map((n) => part(row[n])).join('|');

/** g in A/B/C, x a float by g, y an integer ≈ 10 x; x and y blank in 2 of 100 rows (the review's repro). */
function repro(): string {
  const rng = Rng.seeded(11);
  const lines = ['g,x,y'];
  for (let i = 0; i < 100; i++) {
    const g = 'ABC'[i % 3]!;
    const x = (i % 3) * 2 + rng.normal();
    lines.push(i === 10 || i === 60 ? `${g},,` : `${g},${x.toFixed(3)},${Math.round(x * 10 + rng.normal())}`);
  }
  return lines.join('\n') + '\n';
}

async function upload(name: string, csv: string): Promise<string> {
  const up = await uploadDirect<FileMeta>(stack.url, name, csv);
  expect(up.status, up.text).toBe(201);
  return up.json.file_id;
}

async function rowsOf(fileId: string): Promise<Record<string, unknown>[]> {
  const reply = await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${fileId}/data?limit=1000`);
  expect(reply.status, reply.text).toBe(200);
  return reply.json.rows;
}

/** Generates with the constraint and checks every row's combination is real; returns the share of rows blank in all of `columns`. */
async function blankShare(fileId: string, real: readonly Record<string, unknown>[], columns: readonly string[], body: Record<string, unknown>): Promise<number> {
  const g = await generated(stack.url, { file_id: fileId, seed: 1, ...body, constraints: [{ type: 'fixed_combinations', columns }] }, 180_000);
  const rows = await rowsOf(g.generated_file_id);
  expect(rows.length).toBe(body.rows);
  const seen = new Set(real.map((r) => keyOf(r, columns)));
  const unseen = rows.map((r) => keyOf(r, columns)).filter((k) => !seen.has(k));
  expect(unseen).toEqual([]);
  const numbers = columns.filter((n) => real.some((r) => r[n] !== '' && !Number.isNaN(Number(r[n]))));
  return rows.filter((r) => numbers.every((n) => part(r[n]) === '∅')).length / rows.length;
}

describe('fixed_combinations on number columns', () => {
  const csv = repro();

  it.each([
    ['gaussian_copula', {}],
    ['ctgan', { epochs: 5, batch_size: 50 }],
  ])('gives real (x, y) pairs, mostly present, with %s', async (generator, params) => {
    const fileId = await upload(`xy-${generator}.csv`, csv);
    const share = await blankShare(fileId, parsed(csv), ['x', 'y'], { generator, rows: 100, params });
    // 2 % blank in the data; all 100 rows were before.
    expect(share).toBeLessThan(0.1);
  });

  it('gives real (g, x) pairs, mostly present', async () => {
    const fileId = await upload('gx.csv', csv);
    expect(await blankShare(fileId, parsed(csv), ['g', 'x'], { generator: 'gaussian_copula', rows: 100 })).toBeLessThan(0.1);
  });

  it('keeps penguins measurements real and present', async () => {
    const text = readFileSync(dataset('penguins.csv'), 'utf8');
    const fileId = await upload('penguins.csv', text);
    const share = await blankShare(fileId, parsed(text), ['bill_length_mm', 'body_mass_g'], { generator: 'gaussian_copula', rows: 200 });
    // 2 of 344 penguins lack them; 166 of 200 generated rows did.
    expect(share).toBeLessThan(0.05);
  });

  it('keeps a conditioned member as conditioned, and refuses a value in no real combination at once', async () => {
    const fileId = await upload('xy-conditioned.csv', csv);
    const real = parsed(csv);
    const x = real[1]!.x!;
    const g = await generated(stack.url, { file_id: fileId, generator: 'gaussian_copula', seed: 2, rows: 20, conditions: { x: Number(x) }, constraints: [{ type: 'fixed_combinations', columns: ['x', 'y'] }] });
    const rows = await rowsOf(g.generated_file_id);
    const seen = new Set(real.map((r) => keyOf(r, ['x', 'y'])));
    expect(rows.every((r) => part(r.x) === part(x) && seen.has(keyOf(r, ['x', 'y'])))).toBe(true);

    // Within the source range and on its grid of three decimals (values off them are refused for that), but in no row.
    const xs = new Set(real.map((r) => part(r.x)));
    let unseen = 1;
    while (xs.has(part(unseen))) unseen = Math.round((unseen + 0.001) * 1000) / 1000;
    const refused = await call(stack.url, 'POST', '/synth/generate', {
      json: { file_id: fileId, generator: 'gaussian_copula', rows: 20, conditions: { x: unseen }, constraints: [{ type: 'fixed_combinations', columns: ['x', 'y'] }] },
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.detail).toMatch(/conditions break the constraint/);
  });
});
