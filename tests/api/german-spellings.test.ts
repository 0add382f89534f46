/**
 * A German spreadsheet export over HTTP on the embedded stack: unpadded dotted dates
 * (`21.6.2022`, `18.8.2022 17:30`) and euros with the symbol first and a decimal comma
 * (`€2.631,93`) are inferred as datetime and float, take a schema edit to `D.M.YYYY`, and a
 * synthetic CSV download writes them in the same spellings, as plausible values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { datetimeFormat, parseDatetime } from '../../core/table/datetime.js';
import { readAffixed } from '../../core/table/numbers.js';
import { call, downloaded, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const N = 80;
/** `2.631,93`: dots between thousands, a decimal comma. */
const euros = (v: number) => v.toFixed(2).replace(/\B(?=(\d{3})+\.)/g, 'X').replace('.', ',').replaceAll('X', '.');
const row = (i: number) => {
  const price = 10 + ((i * 7919) % 99_000) / 100 + (i % 5) * 1000;
  return `€${euros(price)};${1 + (i % 28)}.${1 + (i % 12)}.2022;${1 + ((i * 3) % 28)}.${1 + ((i * 5) % 12)}.2022 ${(i * 7) % 24}:${i % 2 ? '30' : '00'};${'abc'[i % 3]}`;
};
const source = 'price;day;when;grp\n' + Array.from({ length: N }, (_, i) => row(i)).join('\n') + '\n';

describe('a German export (unpadded dotted dates, euros with a decimal comma)', () => {
  it('is inferred, takes D.M.YYYY, and generates values spelled and ranged as the source', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'de.csv', source);
    expect(up.status, up.text).toBe(201);
    const id = up.json.file_id;
    const types = Object.fromEntries(up.json.columns!.map((c) => [c.name, [c.type, c.format]]));
    expect(types).toMatchObject({ price: ['float', undefined], day: ['datetime', 'D.M.YYYY'], when: ['datetime', 'D.M.YYYY H:mm'] });

    const edit = await call<FileMeta>(stack.url, 'PUT', `/files/${id}/schema`, { json: { columns: [{ name: 'day', type: 'datetime', format: 'D.M.YYYY' }] } });
    expect(edit.status, edit.text).toBe(200);
    const page = await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${id}/data?limit=1`);
    expect(page.status, page.text).toBe(200);
    expect(page.json.rows[0]!.price).toBe(10);

    const gen = await generated(stack.url, { file_id: id, generator: 'gaussian_copula', rows: 50, seed: 5 });
    const csv = await (await downloaded(stack.url, gen.generated_file_id)).text();
    const lines = csv.trimEnd().split('\n');
    // Written comma-delimited, as any affixed column is: the decimal comma is quoted, and reads back so.
    expect(lines[0]).toBe('price,day,when,grp');
    expect(lines).toHaveLength(51);
    const [day, when] = [datetimeFormat('D.M.YYYY'), datetimeFormat('D.M.YYYY H:mm')];
    const [low, high] = [Date.UTC(2022, 0, 1), Date.UTC(2022, 11, 31, 23, 59)];
    for (const line of lines.slice(1)) {
      const [, price = '', d = '', w = ''] = /^"(.*)",(.*),(.*),[abc]$/.exec(line) ?? [];
      expect(price, line).toMatch(/^-?€\d{1,3}(\.\d{3})*,\d{2}$/);
      expect(readAffixed(price)!.value, line).toBeGreaterThan(0);
      expect(readAffixed(price)!.value, line).toBeLessThan(6000);
      expect(d, line).toMatch(/^\d{1,2}\.\d{1,2}\.2022$/);
      expect(parseDatetime(day, d), line).toBeGreaterThanOrEqual(low);
      expect(w, line).toMatch(/^\d{1,2}\.\d{1,2}\.2022 \d{1,2}:\d{2}$/);
      expect(parseDatetime(when, w), line).toBeLessThanOrEqual(high);
    }
  });
});
