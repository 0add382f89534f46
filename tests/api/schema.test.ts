/** Column types and datetime formats edited through PUT /files/{id}/schema, over HTTP on the embedded stack. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import type { OverrideFailure } from '../../core/table/override.js';
import { LOGICAL_TYPES } from '../../core/table/model.js';
import { getReadyFile, ingestFile, readTable } from '../../core/files/service.js';
import { RETIRED_COPY_GRACE_MS, retypeFile } from '../../core/files/retype.js';
import { fileChunks } from '../../core/eda/chunked/source.js';
import { COLUMN_TYPES, DISTINCT_CAP as WEB_DISTINCT_CAP, KEY_TYPES as WEB_KEY_TYPES, PII_KINDS as WEB_PII_KINDS } from '../../web/src/api.js';
import { KEY_TYPES } from '../../core/generation/keys.js';
import { DISTINCT_CAP } from '../../core/table/infer.js';
import { PII_KINDS } from '../../core/pii/detect.js';
import { call, dataset, jobEnded, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

type Json = Record<string, unknown>;
type Described = { columns: (Json & { type: string })[] };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (name: string, content: string | Buffer) => {
  const r = await uploadDirect<FileMeta>(stack.url, name, content);
  expect(r.status).toBe(201);
  return r.json;
};
const getFile = async (id: string) => (await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json;
const csvOf = async (id: string) => (await call(stack.url, 'GET', `/files/${id}/data?limit=10000&format=csv`)).text;
const editSchema = (id: string, json: unknown) => call<FileMeta>(stack.url, 'PUT', `/files/${id}/schema`, { json });
const describeColumn = async (id: string, column: string) =>
  (await call<Described>(stack.url, 'POST', '/eda/describe', { json: { file_id: id, columns: [column] } })).json.columns[0]!;
const column = (meta: FileMeta, name: string) => meta.columns?.find((c) => c.name === name);

describe('changing a column type', () => {
  let penguins: FileMeta;
  let csvBefore: string;

  beforeAll(async () => {
    penguins = await upload('penguins.csv', await readFile(dataset('penguins.csv')));
    csvBefore = await csvOf(penguins.file_id);
  });

  it('re-derives the typed copy: year becomes categorical, the data reads the same', async () => {
    // Cache the numeric statistics first: they must not be served after the change.
    const numeric = await describeColumn(penguins.file_id, 'year');
    expect(numeric).toMatchObject({ type: 'integer', mean: expect.any(Number) });
    const oldChunks = await stack.services.blobs.list(`files/${penguins.file_id}/columnar/`);

    const r = await editSchema(penguins.file_id, { columns: [{ name: 'year', type: 'categorical' }] });
    expect(r.status).toBe(200);
    const got = await getFile(penguins.file_id);
    expect(got).toEqual(r.json);
    expect(column(got, 'year')).toMatchObject({ type: 'categorical', categories: ['2007', '2008', '2009'], missing: 0, distinct: 3 });
    expect(column(got, 'year')?.reason).toContain('set by the user');
    expect(got.overrides).toEqual({ year: { type: 'categorical' } });
    expect(got.rows).toBe(344);
    // The other columns keep their inferred types.
    expect(got.columns?.filter((c) => c.name !== 'year')).toEqual(penguins.columns?.filter((c) => c.name !== 'year'));

    expect(await csvOf(penguins.file_id)).toBe(csvBefore);
    const page = await call<{ rows: Json[] }>(stack.url, 'GET', `/files/${penguins.file_id}/data?limit=3&columns=year`);
    expect(page.json.rows).toEqual([{ year: '2007' }, { year: '2007' }, { year: '2007' }]);

    const categorical = await describeColumn(penguins.file_id, 'year');
    expect(categorical.type).toBe('categorical');
    expect(categorical).not.toHaveProperty('mean');
    expect(categorical.top).toEqual(expect.arrayContaining([expect.objectContaining({ value: '2009', count: 120 })]));

    // The new copy replaced the old one, which stays readable (retired) for reads already under way.
    const chunks = await stack.services.blobs.list(`files/${penguins.file_id}/columnar/`);
    expect(chunks.filter((k) => k.includes(`/columnar/${got.version}/`))).toHaveLength(1);
    expect(oldChunks.every((k) => chunks.includes(k))).toBe(true);
    expect(got.retired).toEqual([{ chunks: 1, at: got.updated_at }]);
  });

  it('synthesizes the column as categorical', async () => {
    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: penguins.file_id, generator: 'gaussian_copula', rows: 200, seed: 3 },
    });
    expect(started.status).toBe(202);
    const job = await until(async () => {
      const j = await call<Job>(stack.url, 'GET', `/synth/jobs/${started.json.job_id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(j.json.status) ? j.json : undefined;
    }, 'generation', 120_000);
    expect(job.status).toBe('succeeded');
    const generated = await getFile(started.json.generated_file_id);
    expect(column(generated, 'year')?.type).toBe('categorical');
    expect(['2007', '2008', '2009']).toEqual(expect.arrayContaining(column(generated, 'year')?.categories ?? []));

    // Its CSV alone would read year as integer: a type edit elsewhere keeps the types the file has.
    const edited = await editSchema(generated.file_id, { columns: [{ name: 'island', type: 'text' }] });
    expect(edited.status).toBe(200);
    expect(column(edited.json, 'island')?.type).toBe('text');
    expect(column(edited.json, 'year')).toMatchObject({ type: 'categorical', reason: column(generated, 'year')?.reason });
    expect(edited.json.columns?.filter((c) => c.name !== 'island').map((c) => c.type)).toEqual(generated.columns?.filter((c) => c.name !== 'island').map((c) => c.type));
  });

  it('keeps the type set by the user when the file is ingested again', async () => {
    const again = await ingestFile(stack.services, penguins.file_id);
    expect(column(again, 'year')).toMatchObject({ type: 'categorical', categories: ['2007', '2008', '2009'] });
    expect(await csvOf(penguins.file_id)).toBe(csvBefore);
  });

  it('changes it back', async () => {
    const r = await editSchema(penguins.file_id, { columns: [{ name: 'year', type: 'integer' }] });
    expect(r.status).toBe(200);
    expect(column(r.json, 'year')?.type).toBe('integer');
    expect((await describeColumn(penguins.file_id, 'year')).mean).toBeCloseTo(numericMean(csvBefore), 6);
    expect(await csvOf(penguins.file_id)).toBe(csvBefore);
  });
});

describe('a type edit racing other requests', () => {
  const csv = 'code,n\n1,10\n2,20\n3,30\n';
  const codeType = (meta: FileMeta) => column(meta, 'code')?.type;
  const rowsOf = async (source: ReturnType<typeof fileChunks>) => {
    let rows = 0;
    for await (const chunk of source.chunks()) rows += chunk.rowCount;
    return rows;
  };

  it('lets a read that began before the edit finish on the copy it started with', async () => {
    const file = await upload('race-read.csv', csv);
    const before = await getReadyFile(stack.services, file.file_id);
    const edited = await editSchema(file.file_id, { columns: [{ name: 'code', type: 'categorical' }] });
    expect(edited.status).toBe(200);
    // The reader still holds the old metadata: its chunks are there.
    expect(await rowsOf(fileChunks(stack.services, before))).toBe(3);
    expect(await rowsOf(fileChunks(stack.services, await getReadyFile(stack.services, file.file_id)))).toBe(3);
  });

  it('deletes a retired copy at the first edit after the grace period, and only that one', async () => {
    const file = await upload('race-sweep.csv', csv);
    const first = (await editSchema(file.file_id, { columns: [{ name: 'code', type: 'categorical' }] })).json;
    // Age the retired copy past the grace period.
    const aged = new Date(Date.parse(first.updated_at) - RETIRED_COPY_GRACE_MS - 1000).toISOString();
    await stack.services.meta.putFile({ ...first, retired: first.retired?.map((r) => ({ ...r, at: aged })) });
    const second = (await editSchema(file.file_id, { columns: [{ name: 'code', type: 'integer' }] })).json;
    expect(second.retired).toEqual([{ version: first.version, chunks: 1, at: second.updated_at }]);
    const keys = await stack.services.blobs.list(`files/${file.file_id}/columnar/`);
    expect(keys.map((k) => k.split('/columnar/')[1])).toEqual(expect.arrayContaining([`${first.version}/000000.arrow`, `${second.version}/000000.arrow`]));
    expect(keys).toHaveLength(2); // the first ingest's copy is gone
    // Deleting the file leaves nothing, retired copies included.
    expect((await call(stack.url, 'DELETE', `/files/${file.file_id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(`files/${file.file_id}/`)).toEqual([]);
  });

  it('refuses an edit made from a stale read (409) and removes the copy it wrote', async () => {
    const file = await upload('race-edit.csv', csv);
    const stale = await getReadyFile(stack.services, file.file_id);
    expect((await editSchema(file.file_id, { columns: [{ name: 'n', type: 'categorical' }] })).status).toBe(200);
    const current = await getFile(file.file_id);
    await expect(retypeFile(stack.services, stale, { code: { type: 'categorical' } }, stale.columns ?? [])).rejects.toMatchObject({ status: 409 });
    // The other edit stands, and no copy but the current one and the retired one remains.
    expect(await getFile(file.file_id)).toEqual(current);
    expect(codeType(current)).toBe('integer');
    const versions = new Set((await stack.services.blobs.list(`files/${file.file_id}/columnar/`)).map((k) => k.split('/columnar/')[1]!.split('/')[0]));
    expect(versions).toEqual(new Set([current.version, '000000.arrow']));
  });

  it('does not bring back a file deleted during the edit', async () => {
    const file = await upload('race-delete.csv', csv);
    const read = await getReadyFile(stack.services, file.file_id);
    // The file is deleted once the edit has read the original and is writing its new copy.
    const blobs = stack.services.blobs;
    let deleted = false;
    const racing = Object.assign(Object.create(blobs) as typeof blobs, {
      put: async (...args: Parameters<typeof blobs.put>) => {
        if (!deleted) {
          deleted = true;
          expect((await call(stack.url, 'DELETE', `/files/${file.file_id}`)).status).toBe(204);
        }
        return blobs.put(...args);
      },
    });
    await expect(retypeFile({ ...stack.services, blobs: racing }, read, { code: { type: 'categorical' } }, read.columns ?? [])).rejects.toMatchObject({ status: 409 });
    expect(deleted).toBe(true);
    expect((await call(stack.url, 'GET', `/files/${file.file_id}`)).status).toBe(404);
    expect(await stack.services.blobs.list(`files/${file.file_id}/`)).toEqual([]);
  });
});

/** Mean of the last column (year) of the penguins CSV. */
function numericMean(csv: string): number {
  const years = csv.trim().split('\n').slice(1).map((l) => Number(l.split(',').at(-1)));
  return years.reduce((a, b) => a + b, 0) / years.length;
}

describe('changing a datetime format', () => {
  // Every date reads both ways, so inference assumes month first.
  const csv = 'when,n\n02/01/2020,1\n01/03/2020,2\n05/04/2021,3\n';

  it('switches between month-first and day-first readings of the same text', async () => {
    const file = await upload('dates.csv', csv);
    expect(column(file, 'when')).toMatchObject({ type: 'datetime', format: 'MM/DD/YYYY' });
    const first = async () => {
      const { table } = await readTable(stack.services, file.file_id);
      const when = table.columns[0]!;
      return when.type === 'datetime' ? when.values[0] : undefined;
    };
    expect(await first()).toBe(Date.UTC(2020, 1, 1)); // 1 February
    expect((await describeColumn(file.file_id, 'when')).min).toBe('01/03/2020'); // 3 January comes first

    const r = await editSchema(file.file_id, { columns: [{ name: 'when', format: 'DD/MM/YYYY' }] });
    expect(r.status).toBe(200);
    expect(column(r.json, 'when')).toMatchObject({ type: 'datetime', format: 'DD/MM/YYYY' });
    expect(column(r.json, 'when')?.reason).toContain('set by the user');
    expect(await first()).toBe(Date.UTC(2020, 0, 2)); // 2 January
    expect((await describeColumn(file.file_id, 'when')).min).toBe('02/01/2020');
    expect(await csvOf(file.file_id)).toBe(csv);
  });

  it('refuses a format on a column that is not a datetime', async () => {
    const file = await upload('dates.csv', csv);
    const r = await call(stack.url, 'PUT', `/files/${file.file_id}/schema`, { json: { columns: [{ name: 'n', format: 'DD/MM/YYYY' }] } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('datetime columns only');
    expect((await editSchema(file.file_id, { columns: [{ name: 'when', format: 'DD-MM-YY' }] })).status).toBe(422);
  });
});

describe('an impossible type change', () => {
  // `code` is text (distinct values, one with a space); two of its values are not whole numbers.
  const rows = Array.from({ length: 30 }, (_, i) => `${i === 3 ? 'abc' : i === 16 ? 'x 1' : String(100 + i)},${i}`);
  const csv = ['code,k', ...rows].join('\n') + '\n';

  it('is refused with the column, the count and the rows, and changes nothing', async () => {
    const file = await upload('codes.csv', csv);
    expect(column(file, 'code')?.type).toBe('text');
    const before = await getFile(file.file_id);
    const dataBefore = await csvOf(file.file_id);
    const blobsBefore = await stack.services.blobs.list(`files/${file.file_id}/columnar/`);

    // One request, all or nothing: the key edit beside it is not applied either.
    const r = await call<{ status: number; detail: string; columns: OverrideFailure[] }>(stack.url, 'PUT', `/files/${file.file_id}/schema`, {
      json: { columns: [{ name: 'k', primary_key: true }, { name: 'code', type: 'integer' }] },
    });
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.detail).toContain('code cannot be integer');
    expect(r.json.columns).toEqual([
      {
        column: 'code',
        type: 'integer',
        bad_count: 2,
        bad_values: [
          { row: 4, line: 5, value: 'abc' },
          { row: 17, line: 18, value: 'x 1' },
        ],
        problem: 'whole numbers only',
      },
    ]);

    expect(await getFile(file.file_id)).toEqual(before);
    expect(await csvOf(file.file_id)).toBe(dataBefore);
    expect(await stack.services.blobs.list(`files/${file.file_id}/columnar/`)).toEqual(blobsBefore);
  });
});

describe('SDV metadata import', () => {
  it('changes types from sdtypes, with strftime datetime formats', async () => {
    const file = await upload('dates.csv', 'when,n,year\n02/01/2020,1,2019\n01/03/2020,2,2020\n05/04/2021,3,2020\n');
    const sdv = await call<{ columns: Record<string, Json> }>(stack.url, 'GET', `/files/${file.file_id}/schema?format=sdv`);
    expect(sdv.json.columns.year).toEqual({ sdtype: 'numerical', computer_representation: 'Int64' });
    const r = await editSchema(file.file_id, {
      ...sdv.json,
      columns: { ...sdv.json.columns, when: { sdtype: 'datetime', datetime_format: '%d/%m/%Y' }, year: { sdtype: 'categorical' }, n: { sdtype: 'numerical', computer_representation: 'Float' } },
    });
    expect(r.status).toBe(200);
    expect(column(r.json, 'when')).toMatchObject({ type: 'datetime', format: 'DD/MM/YYYY' });
    expect(column(r.json, 'year')).toMatchObject({ type: 'categorical', categories: ['2019', '2020'] });
    expect(column(r.json, 'n')?.type).toBe('integer'); // numerical keeps the numeric type the column has
    expect(r.json.overrides).toEqual({ when: { type: 'datetime', format: 'DD/MM/YYYY' }, year: { type: 'categorical' } });
    const back = await call<{ columns: Record<string, Json> }>(stack.url, 'GET', `/files/${file.file_id}/schema?format=sdv`);
    expect(back.json.columns.when).toEqual({ sdtype: 'datetime', datetime_format: '%d/%m/%Y' });

    // A second import of the same metadata changes nothing.
    const again = await editSchema(file.file_id, back.json);
    expect(again.status).toBe(200);
    expect(again.json.version).toBe(r.json.version);
  });

  it('takes Int64 on a float column as whole numbers: retyped when they are, a 422 naming the rows when not', async () => {
    const whole = await upload('whole.csv', 'w\n1.0\n2.0\n3.0\n');
    expect(column(whole, 'w')?.type).toBe('float');
    const asked = { METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1', columns: { w: { sdtype: 'numerical', computer_representation: 'Int64' } } };
    const r = await editSchema(whole.file_id, asked);
    expect(r.status).toBe(200);
    expect(column(r.json, 'w')?.type).toBe('integer');

    const wind = await upload('wind.csv', 'wind\n7.4\n8\n12.6\n');
    const refused = await editSchema(wind.file_id, { ...asked, columns: { wind: asked.columns.w } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.json)).toContain('whole numbers only');
    expect(column(await getFile(wind.file_id), 'wind')?.type).toBe('float');
  });
});

describe('unmarking a column that is not personal data', () => {
  it('removes the mark for good: the summary and a retype no longer flag it', async () => {
    const lines = ['contact,score', ...Array.from({ length: 30 }, (_, i) => `user${i}@example.com,${i % 7}`)];
    const f = await upload('contacts.csv', lines.join('\n') + '\n');
    expect(column(f, 'contact')?.pii).toMatchObject({ kind: 'email', action: 'fake' });
    const withKind = await editSchema(f.file_id, { columns: [{ name: 'contact', pii_action: 'none', pii_kind: 'email' }] });
    expect(withKind.status).toBe(422);
    expect(withKind.json).toMatchObject({ detail: expect.stringContaining('pii_action none unmarks the column, so it takes no pii_kind') });

    const r = await editSchema(f.file_id, { columns: [{ name: 'contact', pii_action: 'none' }] });
    expect(r.status, r.text).toBe(200);
    expect(column(r.json, 'contact')).toMatchObject({ not_pii: true });
    expect(column(r.json, 'contact')?.pii).toBeUndefined();
    const summary = await call<{ warnings: { kind: string }[] }>(stack.url, 'POST', '/eda/summary', { json: { file_id: f.file_id } });
    expect(summary.json.warnings.map((w) => w.kind)).not.toContain('pii');
    // A type change keeps the user's word.
    for (const type of ['categorical', 'text'] as const) expect((await editSchema(f.file_id, { columns: [{ name: 'contact', type }] })).status).toBe(200);
    expect(column(await getFile(f.file_id), 'contact')).toMatchObject({ type: 'text', not_pii: true });
    expect(column(await getFile(f.file_id), 'contact')?.pii).toBeUndefined();
    // Marking it again takes the unmark back.
    const marked = await editSchema(f.file_id, { columns: [{ name: 'contact', pii_kind: 'email' }] });
    expect(column(marked.json, 'contact')).toMatchObject({ pii: { kind: 'email', action: 'fake' } });
    expect(column(marked.json, 'contact')?.not_pii).toBeUndefined();
  });
});

describe('the web app offers what the API accepts', () => {
  it('has the same types', () => {
    expect(COLUMN_TYPES).toEqual(LOGICAL_TYPES);
    expect(WEB_PII_KINDS).toEqual(PII_KINDS);
    expect(WEB_KEY_TYPES).toEqual(KEY_TYPES);
    expect(WEB_DISTINCT_CAP).toBe(DISTINCT_CAP);
  });
});

describe('a type change on a file above the synchronous threshold', () => {
  // The threshold is read per request: a few hundred bytes makes these small files "large".
  const saved = process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES;
  beforeAll(() => {
    process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES = '200';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES;
    else process.env.TABMIMIC_SYNC_RETYPE_MAX_BYTES = saved;
  });
  const csv = ['code,n', ...Array.from({ length: 40 }, (_, i) => `${1000 + i},${i % 4}`)].join('\n') + '\n';
  const finished = (jobId: string) => jobEnded(stack.url, jobId, 30_000);

  it('runs as a job: 202, the job succeeds, the types and version change and the data reads the same', async () => {
    const file = await upload('big-retype.csv', csv);
    expect(file.size).toBeGreaterThan(200);
    expect(column(file, 'n')?.type).toBe('integer');
    const dataBefore = await csvOf(file.file_id);

    const r = await call<{ job_id: string; file_id: string }>(stack.url, 'PUT', `/files/${file.file_id}/schema`, {
      json: { columns: [{ name: 'n', type: 'categorical' }, { name: 'code', primary_key: true }] },
    });
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ job_id: expect.stringMatching(/^j_/), file_id: file.file_id });
    const job = await finished(r.json.job_id);
    expect(job).toMatchObject({ type: 'retype', status: 'succeeded', result: { file_id: file.file_id, rows: 40 } });

    const after = await getFile(file.file_id);
    expect(after.version).toBeDefined();
    expect(after.version).not.toBe(file.version);
    expect(column(after, 'n')).toMatchObject({ type: 'categorical', categories: ['0', '1', '2', '3'] });
    expect(column(after, 'code')?.primary_key).toBe(true);
    expect(after.overrides).toEqual({ n: { type: 'categorical' } });
    expect(await csvOf(file.file_id)).toBe(dataBefore);
  });

  it('still refuses a bad edit in the request (422), before any job', async () => {
    const file = await upload('big-bad-edit.csv', csv);
    const r = await editSchema(file.file_id, { columns: [{ name: 'nope', type: 'text' }] });
    expect(r.status).toBe(422);
    expect((await stack.services.meta.listUnfinishedJobs()).filter((j) => j.file_ids.includes(file.file_id))).toEqual([]);
  });

  it('applies a PII or key edit at once (200): nothing is parsed again', async () => {
    const file = await upload('big-key.csv', csv);
    const r = await editSchema(file.file_id, { columns: [{ name: 'code', primary_key: true }] });
    expect(r.status).toBe(200);
    expect(column(r.json, 'code')?.primary_key).toBe(true);
    expect(r.json.version).toBe(file.version);
  });

  it('ends the job failed with the 422 and its columns when a value does not parse, the file unchanged', async () => {
    const bad = csv.replace('1003,3', 'abc,3');
    const file = await upload('big-refused.csv', bad);
    expect(column(file, 'code')?.type).not.toBe('integer');
    const before = await getFile(file.file_id);
    const dataBefore = await csvOf(file.file_id);
    const blobsBefore = await stack.services.blobs.list(`files/${file.file_id}/columnar/`);

    const r = await call<{ job_id: string }>(stack.url, 'PUT', `/files/${file.file_id}/schema`, { json: { columns: [{ name: 'code', type: 'integer' }] } });
    expect(r.status).toBe(202);
    const job = await finished(r.json.job_id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ status: 422, detail: expect.stringContaining('code cannot be integer') });
    expect(job.error?.columns).toEqual([
      { column: 'code', type: 'integer', bad_count: 1, bad_values: [{ row: 4, line: 5, value: 'abc' }], problem: 'whole numbers only' },
    ]);

    expect(await getFile(file.file_id)).toEqual(before);
    expect(await csvOf(file.file_id)).toBe(dataBefore);
    expect(await stack.services.blobs.list(`files/${file.file_id}/columnar/`)).toEqual(blobsBefore);
  });

  it('ends the job failed with a 409 when the file was edited after the request', async () => {
    const file = await upload('big-race.csv', csv);
    const started = await stack.services.jobs.start('retype', {
      file_id: file.file_id,
      updated_at: new Date(Date.parse(file.updated_at) - 1000).toISOString(), // the request saw an older version
      overrides: { n: { type: 'categorical' } },
      columns: file.columns ?? [],
    }, [file.file_id]);
    const job = await finished(started.job_id);
    expect(job).toMatchObject({ status: 'failed', error: { status: 409 } });
    expect(await getFile(file.file_id)).toEqual(file);
  });

  it('stays synchronous (200) for a file at or below the threshold', async () => {
    const file = await upload('small-retype.csv', 'code,n\n1,0\n2,1\n');
    expect(file.size).toBeLessThanOrEqual(200);
    const r = await editSchema(file.file_id, { columns: [{ name: 'n', type: 'categorical' }] });
    expect(r.status).toBe(200);
    expect(column(r.json, 'n')?.type).toBe('categorical');
  });
});
