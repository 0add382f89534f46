/**
 * Over HTTP, the fuzz review's attribute-disclosure cases: loose requests are 422s naming the
 * problem (sensitive without quasi-identifiers was silently ignored), and a near-copy of a numeric
 * sensitive column is a risk, compared by the real deciles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Privacy {
  attribute_disclosure?: { sensitive: string; cap: number | null; binned?: { bins: number; note: string }; verdict: string }[];
}

let stack: TestStack;
let real: FileMeta;
let synthetic: FileMeta;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const csv = (shift: number) => ['age,name,salary', ...Array.from({ length: 120 }, (_, i) => `${20 + (i % 40)},P${i} Q${(i * 7) % 13},${30_000 + 211 * i + shift}`)].join('\n') + '\n';

beforeAll(async () => {
  stack = await testStack();
  real = (await uploadDirect<FileMeta>(stack.url, 'people.csv', csv(0))).json;
  synthetic = (await uploadDirect<FileMeta>(stack.url, 'people-plus-one.csv', csv(1))).json;
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('attribute disclosure over HTTP', () => {
  const ids = () => ({ real_file_id: real.file_id, synthetic_file_id: synthetic.file_id });

  it('a near-copy of a numeric sensitive column is a risk, binned by the real deciles', async () => {
    const r = await post<Privacy>('/validation/privacy', { ...ids(), quasi_identifiers: ['age', 'name'], sensitive: ['salary'] });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const a = r.json.attribute_disclosure![0]!;
    expect(a.cap).toBeGreaterThan(0.9);
    expect(a.verdict).toBe('risk');
    expect(a.binned?.bins).toBe(10);
  });

  it.each([
    ['sensitive without quasi-identifiers', { sensitive: ['salary'] }, 'quasi_identifiers'],
    ['a column both quasi-identifier and sensitive', { quasi_identifiers: ['age', 'salary'], sensitive: ['salary'] }, 'salary both'],
    ['a repeated quasi-identifier', { quasi_identifiers: ['age', 'age'], sensitive: ['salary'] }, 'age given more than once'],
    ['a repeated sensitive column', { quasi_identifiers: ['age'], sensitive: ['salary', 'salary'] }, 'salary given more than once'],
  ])('%s: 422 naming it', async (_, body, says) => {
    for (const path of ['/validation/privacy', '/validation/report']) {
      const r = await post(path, { ...ids(), ...body });
      expect(r.status, `${path} ${JSON.stringify(r.json)}`).toBe(422);
      expect(r.type).toContain('problem+json');
      expect(JSON.stringify(r.json)).toContain(says);
    }
  });
});
