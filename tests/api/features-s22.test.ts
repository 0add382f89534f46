/** Over HTTP, session 22's feature fixes: min–max near the largest double, a date fill applied across formats, minute parts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, featuresApplied, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (csv: string) => (await uploadDirect<FileMeta>(stack.url, 'f.csv', csv)).json.file_id;
const applied = (json: object) => featuresApplied(stack.url, json);
const csvOf = async (id: string) => (await fetch(`${stack.url}/files/${id}/data?all=true`)).text();

describe('features apply (s22)', () => {
  it('min–max scales values of ±1.7e308 into 0–1, with none missing', async () => {
    const file = await upload('x,n\n-1.7e308,1\n1.7e308,2\n0,3\n');
    const out = await applied({ file_id: file, steps: [{ kind: 'scale', column: 'x', method: 'minmax' }] });
    const rows = (await call<{ rows: { x: number }[] }>(stack.url, 'GET', `/files/${out.file_id}/data`)).json.rows;
    expect(rows.map((r) => r.x)).toEqual([0, 1, 0.5]);
  });

  it('fills a date column of another format with the same day the pipeline was fitted with', async () => {
    const iso = await upload('d,v\n2024-01-15,1\n,2\n2024-01-17,3\n');
    const fitted = await applied({ file_id: iso, steps: [{ kind: 'impute', column: 'd', strategy: 'constant', value: '2020-03-04' }] });
    expect(await csvOf(fitted.file_id)).toBe('d,v\n2024-01-15,1\n2020-03-04,2\n2024-01-17,3\n');
    const us = await upload('d,v\n06/13/2023,1\n,2\n06/14/2023,3\n');
    const out = await applied({ file_id: us, pipeline: fitted.pipeline });
    expect(await csvOf(out.file_id)).toBe('d,v\n06/13/2023,1\n03/04/2020,2\n06/14/2023,3\n');
  });

  it('suggests and extracts the minute of times whose minutes vary', async () => {
    const file = await upload(`t\n${Array.from({ length: 30 }, (_, i) => `2024-01-01 ${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`).join('\n')}\n`);
    const s = await call<{ suggestions: { step: { kind: string; parts?: string[] } }[] }>(stack.url, 'POST', '/features/suggestions', { json: { file_id: file } });
    const split = s.json.suggestions.find((x) => x.step.kind === 'datetime_parts');
    expect(split?.step.parts).toEqual(['hour', 'minute']);
    const out = await applied({ file_id: file, steps: [split!.step] });
    expect((await csvOf(out.file_id)).split('\n').slice(0, 3)).toEqual(['t,t_hour,t_minute', '2024-01-01 00:00,0,0', '2024-01-01 01:07,1,7']);
  });
});
