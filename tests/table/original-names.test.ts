/**
 * Column renames on ingest are no longer silent: a name trimmed, made unique or filled in keeps the
 * header as written in its column's record (`original_name`), for CSV headers and JSON keys alike.
 * The renaming rules themselves are unchanged (core/table/names.ts headerNames).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ColumnInfo } from '../../core/files/model.js';
import { jsonRowsCsv } from '../../core/files/json-source.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { MAX_NAME_CHARS, headerNames, originalNames } from '../../core/table/names.js';

const ingest = (csv: string, dialect?: { delimiter: string; header: boolean }) =>
  ingestCsv({ open: async () => Readable.from([Buffer.from(csv)]), writeChunk: async () => {}, ...(dialect ? { dialect } : {}) });
const named = (columns: readonly ColumnInfo[]) => columns.map((c) => ({ name: c.name, ...(c.original_name !== undefined ? { original_name: c.original_name } : {}) }));

describe('original names', () => {
  it('keeps the header as written for each renamed column, and only for those', async () => {
    const { columns } = await ingest('x, x,x ,,a,a\n1,2,3,4,5,6\n7,8,9,10,11,12\n');
    expect(named(columns)).toEqual([
      { name: 'x' },
      { name: 'x_2', original_name: ' x' },
      { name: 'x_3', original_name: 'x ' },
      { name: 'column_4', original_name: '' },
      { name: 'a' },
      { name: 'a_2', original_name: 'a' },
    ]);
    // The record's schema keeps it (a zod parse would drop an unknown key).
    expect(ColumnInfo.parse(columns[1]).original_name).toBe(' x');
  });

  it('a file without renames, without a header, or with R row names keeps none for what was not written', async () => {
    expect(named((await ingest('a,b\n1,2\n3,4\n')).columns)).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(named((await ingest('1,2\n3,4\n5,6\n')).columns)).toEqual([{ name: 'column_1' }, { name: 'column_2' }]);
    // R's write.table: the header names every column but the first, which has no cell to keep.
    expect(named((await ingest('"a","b"\n"1",3,4\n"2",5,6\n')).columns)).toEqual([{ name: 'column_1' }, { name: 'a' }, { name: 'b' }]);
  });

  it('JSON keys renamed on the way to CSV keep theirs too', async () => {
    const csv = await new Response(Readable.toWeb(jsonRowsCsv([{ ' id ': 1, '': 'x' }])) as ReadableStream).text();
    expect(named((await ingest(csv, { delimiter: ',', header: true })).columns)).toEqual([
      { name: 'id', original_name: ' id ' },
      { name: 'column_2', original_name: '' },
    ]);
  });

  it('the renaming rules stay; an original past the name bounds is not kept', () => {
    expect(headerNames(['a', 'a', 'a_2'])).toEqual(['a', 'a_3', 'a_2']);
    const padded = ' '.repeat(MAX_NAME_CHARS + 5) + 'n';
    expect(originalNames([padded, 'b'], headerNames([padded, 'b']))).toEqual([undefined, undefined]);
  });
});
