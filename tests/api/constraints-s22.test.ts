/**
 * Constraints over HTTP: a formula whose whole-number column is computed from one-decimal inputs
 * holds on every generated row (it had been rounded into a violation on 188 of 200), and a
 * `__proto__` key in numerical_distributions is a 422 like any unknown column (zod's record had
 * dropped it silently).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type Row = Record<string, unknown>;

let stack: TestStack;
let file: FileMeta;
beforeAll(async () => {
  stack = await testStack();
  file = (await uploadDirect<FileMeta>(stack.url, 'formula_int.csv', formulaCsv())).json;
});
afterAll(async () => {
  await stack?.destroy();
});

/** 100 rows: n whole 1–20, p one decimal, s = n + p, so n = s − p exactly. */
function formulaCsv(): string {
  const lines = ['n,p,s'];
  for (let i = 0; i < 100; i++) {
    const n = 1 + ((i * 7) % 20);
    const tenths = (i * 13) % 50;
    lines.push(`${n},${(tenths / 10).toFixed(1)},${(n + tenths / 10).toFixed(1)}`);
  }
  return lines.join('\n') + '\n';
}

describe('a formula on a whole-number column of one-decimal inputs', () => {
  for (const generator of ['gaussian_copula', 'privbayes']) {
    it(`holds on every row (${generator})`, async () => {
      const job = await generated(stack.url, { file_id: file.file_id, generator, seed: 1, rows: 200, constraints: [{ type: 'formula', column: 'n', expression: 's - p' }] });
      const page = await call<{ rows: Row[] }>(stack.url, 'GET', `/files/${job.generated_file_id}/data?limit=500`);
      const rows = page.json.rows.map((r) => [Number(r.n), Number(r.s), Number(r.p)] as const);
      expect(rows).toHaveLength(200);
      const broken = rows.filter(([n, s, p]) => Math.abs(n - (s - p)) > 1e-9);
      expect(broken.slice(0, 5)).toEqual([]);
    });
  }
});

describe('numerical_distributions keys', () => {
  /** Raw JSON, so a `__proto__` key reaches the server as a key (an object literal would set the prototype). */
  const postRaw = (distributions: string, generator = 'gaussian_copula') =>
    call(stack.url, 'POST', '/synth/generate', { body: `{"file_id":"${file.file_id}","generator":"${generator}","seed":1,"rows":10,"params":{"numerical_distributions":${distributions}}}`, headers: { 'content-type': 'application/json' } });

  for (const generator of ['gaussian_copula', 'copulagan']) {
    it(`refuses __proto__ as it refuses any column the table lacks (${generator})`, async () => {
      const unknown = await postRaw('{"nocol":"norm"}', generator);
      expect(unknown.status, unknown.text).toBe(422);
      const proto = await postRaw('{"__proto__":"norm"}', generator);
      expect(proto.status, proto.text).toBe(422);
      expect(proto.text).toContain('__proto__');
    });
  }

  it('still takes a number column', async () => {
    expect((await postRaw('{"p":"norm"}')).status).toBe(202);
  });
});

describe('a unique constraint with no room for the rows asked', () => {
  const csv = 'kind,size\n' + Array.from({ length: 30 }, (_, i) => `${'abc'[i % 3]},${i}`).join('\n') + '\n';
  const ask = async (path: string, body: Record<string, unknown>) => call<{ detail: string; most: number }>(stack.url, 'POST', path, { json: body });

  it('is a 422 naming the most it takes, before a job, when the conditions fix every one of its columns', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'kinds.csv', csv)).json;
    const fixed = await ask('/synth/generate', { file_id: source.file_id, generator: 'gaussian_copula', seed: 1, rows: 50, constraints: [{ type: 'unique', columns: ['kind', 'size'] }], conditions: { kind: 'a', size: 3 } });
    expect(fixed.status, fixed.text).toBe(422);
    expect(fixed.json.detail).toMatch(/room for at most 1 distinct row \(the conditions fix every one of its columns\)/);
    expect(fixed.json.most).toBe(1);
  });

  it('is a 422 for more rows than a categorical column has labels, from a stored model too', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'kinds.csv', csv.split('\n').slice(0, 4).join('\n') + '\n')).json;
    const labels = await ask('/synth/generate', { file_id: source.file_id, generator: 'gaussian_copula', seed: 1, rows: 4, constraints: [{ type: 'unique', columns: ['kind'] }] });
    expect(labels.status, labels.text).toBe(422);
    expect(labels.json.most).toBe(3);
    const job = await generated(stack.url, { file_id: source.file_id, generator: 'gaussian_copula', seed: 1, rows: 3, constraints: [{ type: 'unique', columns: ['kind'] }] });
    const again = await ask(`/synth/models/${job.model_id}/sample`, { rows: 4, seed: 1, constraints: [{ type: 'unique', columns: ['kind'] }] });
    expect(again.status, again.text).toBe(422);
    expect(again.json.most).toBe(3);
  });
});
