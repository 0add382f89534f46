/**
 * A JSON upload is known by how its structure starts, not by a whole first object or line inside
 * the first 64 KiB (uploads review s26): leading whitespace past the sample, a `[` then a long run
 * of whitespace before `{`, and JSON Lines whose first line is longer than the sample were read as
 * CSV (and refused as "looks like JSON"). The rest of the file is still not read.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectContentFormat, withDetectedFormat } from '../../core/files/magic.js';
import type { FileMeta } from '../../core/files/model.js';
import { withCsvSource } from '../../core/files/source.js';
import { ingestCsv } from '../../core/table/ingest.js';

const KIB = 1024;
const long = 'x'.repeat(100 * KIB);

/** The text's bytes in 16 KiB pieces, as a blob store streams them; `pulled` counts the pieces read. */
function streamOf(text: string) {
  const bytes = Buffer.from(text);
  const pieces = Array.from({ length: Math.ceil(bytes.length / (16 * KIB)) }, (_, i) => bytes.subarray(i * 16 * KIB, (i + 1) * 16 * KIB));
  const counter = { pulled: 0, of: pieces.length };
  const stream = Readable.from((function* () {
    for (const p of pieces) {
      counter.pulled++;
      yield p;
    }
  })());
  return { stream, counter };
}

describe('detectContentFormat decides from the structure start', () => {
  it.each([
    ['whitespace past the sample before the array', ' \n'.repeat(50 * KIB) + '[{"a":1},{"a":2}]'],
    ['a BOM, then newlines, then `[ {`', '\uFEFF\r\n\r\n[ {"a":"' + long + '"}]'],
    ['`[` then a long run of whitespace before `{`', '[' + ' '.repeat(100 * KIB) + '\n  {\n    "a": 1\n  }\n]'],
    ['a first key longer than the sample', '[\n  {"' + long + '": 1}\n]'],
  ])('%s is a JSON array', async (_, text) => {
    expect(await detectContentFormat(streamOf(text).stream)).toBe('json');
  });

  it('JSON Lines whose first line is longer than the sample are JSON Lines', async () => {
    expect(await detectContentFormat(streamOf(`{"a":"${long}"}\n{"a":"b"}\n{"a":"c"}\n`).stream)).toBe('jsonl');
    expect(await detectContentFormat(streamOf(' '.repeat(100 * KIB) + '{"a":1}\n{"a":2}\n').stream)).toBe('jsonl');
  });

  it('one object alone, however long, is not called JSON Lines', async () => {
    expect(await detectContentFormat(streamOf(`{"a":"${long}"}`).stream)).toBeUndefined();
  });

  it('a large array is decided on its first bytes, without reading the rest', async () => {
    const { stream, counter } = streamOf('\n  [\n    {"a": "' + 'y'.repeat(4 * KIB * KIB) + '"}\n  ]\n');
    expect(await detectContentFormat(stream)).toBe('json');
    expect(counter.pulled).toBeLessThanOrEqual(2);
    expect(counter.of).toBeGreaterThan(200);
  });

  it('a CSV whose cell starts with `[` stays CSV', async () => {
    expect(await detectContentFormat(streamOf('[a],b\n1,2\n').stream)).toBeUndefined();
    expect(await detectContentFormat(streamOf('a,b\n' + '1,2\n'.repeat(30 * KIB)).stream)).toBeUndefined();
  });
});

it('a pretty-printed array called data.csv after a long run of blank lines is read as its rows', async () => {
  const text = '\n'.repeat(70 * KIB) + JSON.stringify([{ id: 1, name: 'a' }, { id: 2, name: 'b' }], null, 2);
  const blobs = { getStream: async () => streamOf(text).stream, getBytes: async () => new Uint8Array(Buffer.from(text)) };
  const meta: FileMeta = { file_id: 'f_test', filename: 'data.csv', content_type: 'text/csv', size: Buffer.byteLength(text), status: 'ingesting', created_at: '', updated_at: '', lineage: { operation: 'upload' } };
  const detected = await withDetectedFormat(blobs, meta);
  expect(detected.content_type).toBe('application/json');
  const summary = await withCsvSource(blobs, detected, (source) =>
    ingestCsv({ open: () => source.open(), ...(source.dialect ? { dialect: source.dialect } : {}), writeChunk: async () => {} }),
  );
  expect(summary.rows).toBe(2);
  expect(summary.columns.map((c) => c.name)).toEqual(['id', 'name']);
});
