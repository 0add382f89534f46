/**
 * Answers a fuzz run found wrong or unclear, over HTTP: imputing a column with no values, an apply
 * request with neither steps nor a pipeline, SDV datetime formats we cannot read, SDV metadata
 * without its version, zod's "received undefined"/"received NaN", and a few messages' wording; and
 * ISO timestamps whose fraction of a second varies, typed datetime and generated so they read back.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, downloaded, generated, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (name: string, content: string | Uint8Array, type?: string) => (await uploadDirect<FileMeta>(stack.url, name, content, type)).json;
const post = (path: string, json: unknown) => call<Record<string, unknown> & { detail?: string }>(stack.url, 'POST', path, { json });

describe('features', () => {
  it('refuses to impute the mode of a column with no values, naming it, instead of writing "null"', async () => {
    const file = await upload('am.csv', 'a,b,c\n' + Array.from({ length: 30 }, (_, i) => `${i},,${i % 2 ? 'x' : 'y'}`).join('\n') + '\n');
    for (const indicator of [false, true]) {
      const r = await post('/features/apply', { file_id: file.file_id, steps: [{ kind: 'impute', column: 'b', strategy: 'mode', indicator }] });
      expect(r.status).toBe(422);
      expect(r.json.detail).toMatch(/^Column b has no value to impute from: every value is missing/);
    }
  });

  it('says one of steps and a pipeline is needed when neither is given', async () => {
    const file = await upload('f.csv', 'a,b\n1,2\n3,4\n');
    const r = await post('/features/apply', { file_id: file.file_id });
    expect(r.status).toBe(422);
    expect(r.json.detail).toBe('give steps to fit, or a pipeline to apply: one of them is needed');
  });
});

describe('SDV metadata', () => {
  let id: string;
  beforeAll(async () => {
    id = (await upload('amb.csv', 'd,v\n01/02/2024,1\n03/04/2024,2\n05/06/2024,3\n07/08/2024,4\n')).file_id;
  });
  const put = (json: unknown) => call<Record<string, unknown> & { detail?: string; columns?: { format?: string }[] }>(stack.url, 'PUT', `/files/${id}/schema`, { json });

  it('refuses a datetime_format it cannot read, naming the column and the format, and lists those it can', async () => {
    for (const format of ['%Q', 'garbage']) {
      const r = await put({ METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1', columns: { d: { sdtype: 'datetime', datetime_format: format } } });
      expect(r.status).toBe(422);
      expect(r.json.detail).toContain(`column d: datetime_format ${JSON.stringify(format)} is not one tabmimic reads`);
      expect(r.json.supported_datetime_formats).toEqual(expect.arrayContaining(['%Y-%m-%d', '%d/%m/%Y', '%Y-%m-%dT%H:%M:%S%z']));
    }
    const ok = await put({ METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1', columns: { d: { sdtype: 'datetime', datetime_format: '%d/%m/%Y' } } });
    expect(ok.status).toBe(200);
    expect(ok.json.columns?.[0]?.format).toBe('DD/MM/YYYY');
  });

  it('says METADATA_SPEC_VERSION is missing from SDV-shaped metadata, not that columns should be an array', async () => {
    const r = await put({ columns: { d: { sdtype: 'datetime', datetime_format: '%d/%m/%Y' } } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('METADATA_SPEC_VERSION missing');
    expect(r.json.detail).toContain('SINGLE_TABLE_V1');
    expect(r.json.detail).not.toContain('expected array');
    const wrong = await put({ METADATA_SPEC_VERSION: 'MULTI_TABLE_V1', columns: { d: { sdtype: 'datetime' } } });
    expect(wrong.json.detail).toBe('METADATA_SPEC_VERSION: must be "SINGLE_TABLE_V1", the one SDV metadata version read (single-table), not "MULTI_TABLE_V1"');
  });
});

describe('messages', () => {
  it('says what a request lacks or holds in plain words', async () => {
    const empty = await post('/synth/generate', {});
    expect(empty.status).toBe(422);
    expect(empty.json.detail).toContain('file_id: is required');
    expect(empty.json.detail).not.toMatch(/received undefined/);
    const file = await upload('p.csv', 'a,b\n1,2\n3,4\n');
    const page = await call(stack.url, 'GET', `/files/${file.file_id}/data?limit=abc`);
    expect(page.status).toBe(422);
    expect(page.json.detail).toBe('limit: must be a number, got "abc"');
    const utility = await post('/validation/utility', { real_file_id: file.file_id, synthetic_file_id: file.file_id, holdout_file_id: file.file_id, target: 'nope' });
    expect(utility.status).toBe(422);
    expect(utility.json.detail).toBe('The target column nope is not in the real, synthetic or holdout file.');
  });

  it('says a column with no values is all missing, not that it has a single value', async () => {
    const file = await upload('am2.csv', 'a,b\n' + Array.from({ length: 10 }, (_, i) => `${i},`).join('\n') + '\n');
    const r = await post('/eda/summary', { file_id: file.file_id });
    const warnings = (r.json.warnings as { kind: string; message: string }[]).filter((w) => w.kind === 'constant');
    expect(warnings.map((w) => w.message)).toEqual(['b has no values (every one is missing): it carries no information.']);
  });

  it('ends a condition on a column left out as PII with one period', async () => {
    const file = await upload('pii.csv', 'email,v\n' + Array.from({ length: 20 }, (_, i) => `u${i}@example.com,${i % 3}`).join('\n') + '\n');
    for (const pii_action of ['drop', 'fake'] as const) {
      expect((await call(stack.url, 'PUT', `/files/${file.file_id}/schema`, { json: { columns: [{ name: 'email', pii_action, pii_kind: 'email' }] } })).status).toBe(200);
      const r = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', rows: 5, seed: 1, conditions: { email: 'u1@example.com' } });
      expect(r.status).toBe(422);
      expect(r.json.detail).toMatch(/^Invalid conditions: Column email .*[^.]\.$/);
    }
  });

  it('says a Parquet file of no rows has no rows, with no line number', async () => {
    const body = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [], type: 'INT32' }] }));
    const r = await uploadDirect<FileMeta>(stack.url, 'pz.parquet', body, 'application/vnd.apache.parquet');
    const meta = r.status === 201 ? r.json : (await call<FileMeta>(stack.url, 'GET', `/files/${(r.json as unknown as { file_id: string }).file_id}`)).json;
    const failure = meta.failure ?? (r.json as unknown as { detail?: string; line?: number });
    expect(failure).toMatchObject({ detail: 'The file has no rows.' });
    expect(failure).not.toHaveProperty('line');
  });
});

describe('ISO timestamps whose fraction of a second varies', () => {
  it('are a datetime column, generated and downloaded in a form that reads back', async () => {
    const values = Array.from({ length: 40 }, (_, i) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:30:00${i % 3 === 0 ? '' : i % 3 === 1 ? '.123' : '.5'}Z`);
    const file = await upload('frac.csv', `ts,v\n${values.map((t, i) => `${t},${i}`).join('\n')}\n`);
    expect(file.columns?.[0]).toMatchObject({ name: 'ts', type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ss.SSSZ' });
    const started = await generated(stack.url, { file_id: file.file_id, generator: 'gaussian_copula', rows: 30, seed: 3 });
    const text = await (await downloaded(stack.url, started.generated_file_id)).text();
    const stamps = text.trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]!);
    expect(stamps).toHaveLength(30);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const again = await upload('again.csv', text);
    expect(again.columns?.[0]).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ss.SSSZ' });
  });
});
