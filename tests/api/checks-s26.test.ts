/**
 * Review of POST /synth/generate (session 26): a unique constraint on a whole-number column kept
 * within its range is a 422 when the range holds fewer values than the rows asked (it had been a
 * job failing after the fit); a `__proto__` key in params is a 422 naming its path (zod's record had
 * dropped it silently); and a generator that cannot condition says so, and only so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let file: FileMeta;
beforeAll(async () => {
  stack = await testStack();
  // u: the whole numbers 0–79; x: a number of many values; kind: two labels.
  const csv = 'u,x,kind\n' + Array.from({ length: 80 }, (_, i) => `${i},${(i * 37) % 80 + i / 100},${'ab'[i % 2]}`).join('\n') + '\n';
  file = (await uploadDirect<FileMeta>(stack.url, 'ints.csv', csv)).json;
});
afterAll(async () => {
  await stack?.destroy();
});

const generate = (body: Record<string, unknown>) => call<{ detail: string; most?: number }>(stack.url, 'POST', '/synth/generate', { json: { file_id: file.file_id, seed: 1, ...body } });
const raw = (body: string) => call<{ detail: string }>(stack.url, 'POST', '/synth/generate', { body, headers: { 'content-type': 'application/json' } });

describe('a unique constraint on a whole-number column', () => {
  it('is a 422 at request past the whole numbers of its range', async () => {
    for (const rows of [81, 1000]) {
      const r = await generate({ generator: 'gaussian_copula', rows, constraints: [{ type: 'unique', columns: ['u'] }] });
      expect(r.status, r.text).toBe(422);
      expect(r.json.detail).toContain('at most 80 distinct rows');
      expect(r.json.most).toBe(80);
    }
  });
  it('multiplies the rooms of its columns', async () => {
    const r = await generate({ generator: 'gaussian_copula', rows: 161, constraints: [{ type: 'unique', columns: ['u', 'kind'] }] });
    expect(r.status, r.text).toBe(422);
    expect(r.json.most).toBe(160);
  });
  it('takes what fits, and a column whose values are not bounded', async () => {
    expect((await generate({ generator: 'gaussian_copula', rows: 80, constraints: [{ type: 'unique', columns: ['u'] }] })).status).toBe(202);
    expect((await generate({ generator: 'gaussian_copula', rows: 81, params: { enforce_min_max_values: false }, constraints: [{ type: 'unique', columns: ['u'] }] })).status).toBe(202);
  });
});

describe('a __proto__ key in the body', () => {
  const base = `"file_id":"FILE","generator":"gaussian_copula","rows":10`;
  const body = (rest: string) => `{${base.replace('FILE', file.file_id)},${rest}}`;
  it('in params is a 422 naming its path, as any unknown param is', async () => {
    const unknown = await raw(body('"params":{"nope":1}'));
    expect(unknown.status, unknown.text).toBe(422);
    const proto = await raw(body('"params":{"__proto__":{"discrete_threshold":5000}}'));
    expect(proto.status, proto.text).toBe(422);
    expect(proto.json.detail).toContain('params.__proto__');
  });
  it('at the top level, and constructor or prototype in params, are 422s too', async () => {
    for (const rest of ['"__proto__":{"rows":5}', '"params":{"constructor":{}}', '"params":{"prototype":1}']) {
      const r = await raw(body(rest));
      expect(r.status, `${rest}: ${r.text}`).toBe(422);
    }
  });
});

describe('conditions on a generator that does not sample conditionally', () => {
  for (const generator of ['privbayes', 'tvae']) {
    it(`say that, and only that (${generator})`, async () => {
      const r = await generate({ generator, rows: 10, conditions: { x: 5 } });
      expect(r.status, r.text).toBe(422);
      expect(r.json.detail).toBe(`Invalid conditions: the ${generator} generator does not sample conditionally, on any column; drop the conditions or use a generator that does (capabilities.conditional in GET /synth/models).`);
    });
  }
});
