/**
 * Over HTTP against the embedded stack: a CSV of `+02:00` timestamps keeps its offset from upload to
 * download. The file's columns name the offset, the data pages show the values as uploaded, and a
 * synthetic copy downloads as CSV and JSON with every timestamp at `+02:00`, within the data's range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import type { FileMeta } from '../../core/files/model.js';
import { call, downloaded, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type DataPage = { total_rows: number; columns: string[]; rows: Record<string, unknown>[]; offset: number };

const HOUR = 3_600_000;
const rows = 240;
const pad = (n: number) => String(n).padStart(2, '0');
/** A Berlin summer reading's local time, written at +02:00. */
const local = (ms: number) => {
  const d = new Date(ms + 2 * HOUR);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+02:00`;
};
const start = Date.UTC(2024, 5, 1, 4);
const instants = Array.from({ length: rows }, (_, i) => start + i * 5 * HOUR + (i % 4) * 15 * 60_000);
const readAt = instants.map(local);
const text = `read_at,kwh\n${readAt.map((t, i) => `${t},${(10 + (i % 7) * 1.5).toFixed(1)}`).join('\n')}\n`;
const [lo, hi] = [Math.min(...instants), Math.max(...instants)];

let stack: TestStack;
let file: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  file = (await uploadDirect<FileMeta>(stack.url, 'meter.csv', text)).json;
  expect(file.status).toBe('ready');
});
afterAll(async () => {
  await stack?.destroy();
});

describe('a column of +02:00 timestamps', () => {
  it('is a datetime column that names its offset', () => {
    expect(file.columns?.[0]).toMatchObject({ name: 'read_at', type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssxxx', utc_offset: '+02:00' });
  });

  it('shows the values as uploaded on the data pages, as JSON and as CSV', async () => {
    const page = await call<DataPage>(stack.url, 'GET', `/files/${file.file_id}/data?offset=10&limit=5`);
    expect(page.status).toBe(200);
    expect(page.json.rows.map((r) => r.read_at)).toEqual(readAt.slice(10, 15));
    const csvPage = await call(stack.url, 'GET', `/files/${file.file_id}/data?offset=0&limit=3&format=csv`);
    expect(csvPage.text.trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0])).toEqual(readAt.slice(0, 3));
  });

  it('is generated and downloaded at +02:00, every instant within the data\'s range', async () => {
    const id = (await generated(stack.url, { file_id: file.file_id, generator: 'gaussian_copula', rows: 300, seed: 7 })).generated_file_id;
    const gen = (await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json;
    expect(gen.columns?.[0]).toMatchObject({ name: 'read_at', type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssxxx', utc_offset: '+02:00' });

    const lines = (await (await downloaded(stack.url, id)).text()).trimEnd().split('\n');
    expect(lines[0]).toBe('read_at,kwh');
    expect(lines).toHaveLength(301);
    for (const line of lines.slice(1)) {
      const value = line.split(',')[0]!;
      expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+02:00$/);
      const ms = Date.parse(value);
      expect(ms).toBeGreaterThanOrEqual(lo);
      expect(ms).toBeLessThanOrEqual(hi);
    }

    const json = await call<Record<string, unknown>[] | { records: Record<string, unknown>[] }>(stack.url, 'GET', `/synth/${id}/download?format=json`);
    expect(json.status).toBe(200);
    const records = Array.isArray(json.json) ? json.json : json.json.records;
    expect(records).toHaveLength(300);
    expect(records.every((r) => typeof r.read_at === 'string' && r.read_at.endsWith('+02:00'))).toBe(true);

    // Parquet holds instants: the same ones the CSV names.
    const bytes = await (await downloaded(stack.url, id, 'parquet')).arrayBuffer();
    const read = (await parquetReadObjects({ file: bytes })) as { read_at: Date | null }[];
    expect(read.map((r) => r.read_at?.getTime())).toEqual(lines.slice(1).map((l) => Date.parse(l.split(',')[0]!)));

    // The synthetic file's own data page shows the same spelling.
    const page = await call<DataPage>(stack.url, 'GET', `/files/${id}/data?offset=0&limit=4`);
    expect(page.json.rows.map((r) => r.read_at)).toEqual(lines.slice(1, 5).map((l) => l.split(',')[0]));
  });
});
