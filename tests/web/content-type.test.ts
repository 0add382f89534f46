/** The content type the web app announces for a picked file, when the browser gives none or a generic one. */
import { describe, expect, it } from 'vitest';
import { contentTypeOf } from '../../web/src/upload.js';

describe('contentTypeOf', () => {
  it.each([
    [{ name: 'a.csv', type: '' }, 'text/csv'],
    [{ name: 'a.csv', type: 'application/vnd.ms-excel' }, 'application/vnd.ms-excel'],
    [{ name: 'a.tsv', type: '' }, 'text/tab-separated-values'],
    [{ name: 'a.json', type: 'application/json' }, 'application/json'],
    [{ name: 'a.jsonl', type: '' }, 'application/x-ndjson'],
    [{ name: 'a.NDJSON', type: 'text/plain' }, 'application/x-ndjson'],
    [{ name: 'a.parquet', type: '' }, 'application/vnd.apache.parquet'],
    [{ name: 'a.parquet', type: 'application/octet-stream' }, 'application/vnd.apache.parquet'],
    [{ name: 'noext', type: '' }, 'text/csv'],
  ])('%o → %s', (file, type) => {
    expect(contentTypeOf(file)).toBe(type);
  });
});
