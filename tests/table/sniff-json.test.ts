/**
 * JSON and JSON Lines are known by their content, as Parquet is by its magic (core/files/magic.ts,
 * core/table/sniff.ts sniffJson): a JSON array called `.csv` or sent as text/csv is read as JSON,
 * and JSON Lines called `.json` as JSON Lines, instead of a 422 that named the format it refused.
 * Content that is not unambiguous stays with its declared reader: a CSV whose first cell starts
 * with `[` or `{` reads as CSV when it is valid CSV of more than one column.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../core/errors.js';
import { detectContentFormat, withDetectedFormat } from '../../core/files/magic.js';
import type { FileMeta } from '../../core/files/model.js';
import { withCsvSource } from '../../core/files/source.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { sniffJson, startsLikeJson } from '../../core/table/sniff.js';

const rows = Array.from({ length: 30 }, (_, i) => ({ id: i, name: `n${i}`, score: i / 2 }));
const asArray = JSON.stringify(rows);
const asPrettyArray = JSON.stringify(rows, null, 2);
const asLines = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** The bytes in pieces of `size`, as a blob store streams them. */
const streamOf = (text: string, size = 1000) => {
  const bytes = Buffer.from(text);
  return Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
};
const meta = (filename: string, content_type: string, size = 0): FileMeta => ({
  file_id: 'f_test', filename, content_type, size, status: 'ingesting', created_at: '', updated_at: '', lineage: { operation: 'upload' },
});
const blobsOf = (text: string) => ({ getStream: async () => streamOf(text), getBytes: async () => new Uint8Array(Buffer.from(text)) });

/** What the service does: detect the format, then read the original through the reader it chose. */
async function ingestAs(text: string, filename: string, contentType: string) {
  const blobs = blobsOf(text);
  const detected = await withDetectedFormat(blobs, meta(filename, contentType, Buffer.byteLength(text)));
  const summary = await withCsvSource(blobs, detected, (source) =>
    ingestCsv({ open: () => source.open(), ...(source.dialect ? { dialect: source.dialect } : {}), writeChunk: async () => {} }),
  );
  return { contentType: detected.content_type, summary };
}

describe('sniffJson', () => {
  it('knows an array of objects, compact or pretty, and JSON Lines', () => {
    expect(sniffJson(asArray, true)).toBe('json');
    expect(sniffJson(asPrettyArray, true)).toBe('json');
    expect(sniffJson('\uFEFF  ' + asArray, true)).toBe('json');
    expect(sniffJson(asLines, true)).toBe('jsonl');
    expect(sniffJson(asLines.replaceAll('\n', '\r\n\r\n'), true)).toBe('jsonl');
  });

  it('knows them from a sample cut anywhere', () => {
    for (const cut of [100, 333, 1000]) {
      expect(sniffJson(asArray.slice(0, cut), false)).toBe('json');
      expect(sniffJson(asPrettyArray.slice(0, cut), false)).toBe('json');
      expect(sniffJson(asLines.slice(0, cut), false)).toBe('jsonl');
    }
  });

  it('leaves alone what is not unambiguously a table in JSON', () => {
    // One object is as much a JSON document as a line: its declared reader says what it is.
    expect(sniffJson('{"data": [{"a": 1}]}', true)).toBeUndefined();
    expect(sniffJson('{\n  "a": 1\n}\n', true)).toBeUndefined();
    // A line that is not an object: not JSON Lines of rows.
    expect(sniffJson('{"a":1}\n[1,2]\n{"a":3}\n', true)).toBeUndefined();
    expect(sniffJson('[1, 2, 3]', true)).toBeUndefined();
    expect(sniffJson('[]', true)).toBeUndefined();
    expect(sniffJson('a,b\n1,2\n', true)).toBeUndefined();
  });

  it('reads a valid CSV of more than one column whose first cell starts with a bracket as CSV', () => {
    // `[{}],[{}]` parses as neither one JSON array (two values) nor JSON Lines; `[[1,2],[3,4]]` is
    // an array of arrays, which the JSON reader does not take; each is a two- or four-column CSV.
    for (const csv of ['[],{}\n1,2\n', '[{}],[{}]\n1,2\n', '[[1,2],[3,4]]\n5,6,7,8\n', '{}\tb\n1\t2\n', '[a],{b}\n[1],{2}\n']) {
      expect(sniffJson(csv, true), csv).toBeUndefined();
      expect(startsLikeJson(csv), csv).toBe(false);
    }
    // Not CSV (a quote inside an unquoted field), not JSON either: still refused as CSV, saying why.
    expect(startsLikeJson('{"a": 1\n')).toBe(true);
    expect(startsLikeJson('[{}]\n')).toBe(true);
  });
});

describe('the reader is chosen by the content', () => {
  it('a JSON array called .csv, sent as text/csv, is read as JSON', async () => {
    for (const body of [asArray, asPrettyArray]) {
      const { contentType, summary } = await ingestAs(body, 'data.csv', 'text/csv');
      expect(contentType).toBe('application/json');
      expect(summary.rows).toBe(30);
      expect(summary.columns.map((c) => c.name)).toEqual(['id', 'name', 'score']);
    }
  });

  it('JSON Lines called .json (or .csv) are read as JSON Lines; a JSON array called .jsonl as JSON', async () => {
    for (const [name, type] of [['data.json', 'application/json'], ['data.json', 'application/octet-stream'], ['data.csv', 'text/csv']] as const) {
      const { contentType, summary } = await ingestAs(asLines, name, type);
      expect(contentType, name).toBe('application/x-ndjson');
      expect(summary.rows).toBe(30);
    }
    const { contentType, summary } = await ingestAs(asArray, 'data.jsonl', 'application/x-ndjson');
    expect(contentType).toBe('application/json');
    expect(summary.rows).toBe(30);
  });

  it('a large file is known from its first bytes; a CSV costs one small read', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `n${i}` }));
    expect(await detectContentFormat(streamOf(JSON.stringify(many)))).toBe('json');
    expect(await detectContentFormat(streamOf(many.map((r) => JSON.stringify(r)).join('\n')))).toBe('jsonl');
    let pulled = 0;
    const csv = Readable.from((function* () {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.from('a,b\n1,2\n');
      }
    })());
    expect(await detectContentFormat(csv)).toBeUndefined();
    expect(pulled).toBeLessThan(100);
  });

  it('a CSV whose first cell starts with a bracket stays CSV, and is read', async () => {
    const { contentType, summary } = await ingestAs('[],{}\n1,2\n3,4\n', 'odd.csv', 'text/csv');
    expect(contentType).toBe('text/csv');
    expect(summary.rows).toBe(2);
    expect(summary.columns.map((c) => c.name)).toEqual(['[]', '{}']);
  });

  it('JSON that is not unambiguous is still refused as CSV, saying how to send it', async () => {
    const refusal = await ingestAs('{"a": 1}\n', 'one.csv', 'text/csv').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ProblemError);
    expect((refusal as ProblemError).detail).toContain('looks like JSON, not CSV');
  });
});
