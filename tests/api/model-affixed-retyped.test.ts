/**
 * A stored model fitted on a number column written with a currency sign or percent (`$12.50`,
 * `7.5%`), sampled after the column was retyped to text labels: constraint checks read the labels
 * back as the numbers the model learned, not as missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type Generated, type TestStack } from '../helpers/stack.js';
import { fittedModel, retypeColumn } from '../helpers/stored-model.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

/** 60 rows: `price` in dollars, `rate` a percent, `c` a category. */
function source(): string {
  const lines = ['price,rate,c'];
  for (let i = 0; i < 60; i++) lines.push(`$${(10 + (i % 12) * 5).toFixed(2)},${((i % 9) * 1.5).toFixed(1)}%,${'xyz'[i % 3]}`);
  return lines.join('\n') + '\n';
}

describe('a stored model whose affixed number columns were since made categorical', () => {
  it.each(['price', 'rate'])('checks a constraint on %s against its numbers, not missing cells', async (column) => {
    const up = await uploadDirect<FileMeta>(stack.url, `${column}.csv`, source());
    expect(up.status).toBe(201);
    expect(up.json.columns?.find((c) => c.name === column)?.type).toBe('float');
    const modelId = await fittedModel(stack.url, up.json.file_id);
    await retypeColumn(stack.url, up.json.file_id, column, 'categorical');

    // The source's own rows break this range (prices up to $65, rates up to 12%): refused when read as numbers.
    const s = await call<Generated & { detail: string }>(stack.url, 'POST', `/synth/models/${modelId}/sample`, {
      json: { rows: 20, seed: 5, constraints: [{ type: 'range', column, min: 0, max: 5 }] },
    });
    expect(s.status, s.text).toBe(422);
    // Every price is over $5; 32 of the rates are over 5%.
    expect(s.json.detail).toContain(`{"type":"range","column":"${column}","min":0,"max":5} in ${column === 'price' ? 60 : 32} rows`);
  });
});
