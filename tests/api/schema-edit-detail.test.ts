/**
 * A schema edit that is neither column edits nor SDV metadata gets a detail naming what is wrong (the field,
 * the allowed values), from the branch the body came closest to, not a bare "Invalid input".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let file: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  file = (await uploadDirect<FileMeta>(stack.url, 'g.csv', 'a,b,d\n1,x,2024-01-01\n2,y,2024-01-02\n3,x,2024-01-03\n')).json;
});
afterAll(async () => {
  await stack?.destroy();
});

const CASES: [string, unknown, RegExp][] = [
  ['an unknown type', { columns: [{ name: 'b', type: 'bogus' }] }, /type|integer|categorical/i],
  ['a strftime format', { columns: [{ name: 'd', type: 'datetime', format: '%Y-%m-%d' }] }, /format|YYYY/i],
  ['an empty body', {}, /columns|METADATA_SPEC_VERSION/i],
  ['SDV metadata without sdtype', { METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1', columns: { a: {} } }, /sdtype/i],
  ['a multi-table SDV document', { METADATA_SPEC_VERSION: 'MULTI_TABLE_V1', columns: {} }, /SINGLE_TABLE_V1|METADATA_SPEC_VERSION/i],
];

for (const [what, body, mentions] of CASES) {
  it(`a schema edit with ${what} is a 4xx whose detail says what is wrong`, async () => {
    const r = await call(stack.url, 'PUT', `/files/${file.file_id}/schema`, { json: body });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.detail).not.toBe('Invalid input');
    expect(r.json.detail).toMatch(mentions);
  });
}
