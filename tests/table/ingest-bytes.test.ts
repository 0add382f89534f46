/**
 * Ingest reads cells as bytes and falls back to strings only where it must. These check that the
 * byte paths give what the string paths give (inference, typed columns, forced types), and that
 * how the bytes arrive — cut anywhere, in any encoding — changes nothing.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ColumnAccumulator } from '../../core/table/infer.js';
import { columnBuilder } from '../../core/table/parse.js';
import { OverrideCheck, type ColumnOverride } from '../../core/table/override.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { concatTables, decodeTable } from '../../core/table/arrow.js';
import { readCsvTable } from '../../core/table/csv.js';
import { ProblemError } from '../../core/errors.js';
import { tableFromIPC } from '@uwdata/flechette';
import { columnLabels } from '../../core/table/model.js';

const TRICKY = [
  '1', '-2', '007', '+0', '3.50', '.5', '5.', '1e3', '2E-2', '12345678901234567890', '1,5', '0x1F', 'Infinity',
  'NA', 'N/A', 'null', 'NULL', 'None', 'nan', '-', '?', '', ' ', '  NA ', ' 12 ', '\t3\t',
  'yes', 'No', 'Y', 'n', 'TRUE', 'f', 'maybe',
  '2024-01-31', '2024-02-30', '31/12/2024', '12/31/2024', '01/02/2024', '2024-01-01T10:20:30Z', '2024-01-01 10:20', '0099-01-01',
  'alpha', 'a b', 'Müller', '日本', '😀', '\u00a0x', 'x\u00a0', '\u00a0 x ',
];
const value = fc.oneof(fc.constantFrom(...TRICKY), fc.integer({ min: -50, max: 50 }).map(String), fc.string({ maxLength: 6 }));
const cells = (values: string[]) => values.map((v) => Buffer.from(`<${v}>`));

describe('byte paths equal string paths', () => {
  it('inference: addBytes sees what add sees', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (values) => {
        const byString = new ColumnAccumulator('c');
        const byBytes = new ColumnAccumulator('c');
        for (const v of values) byString.add(v);
        for (const b of cells(values)) byBytes.addBytes(b, 1, b.length - 1);
        expect(byBytes.finish()).toEqual(byString.finish());
      }),
      { numRuns: 2000 },
    );
  });

  it('inference past the distinct cap, where cells are no longer looked up', () => {
    for (const tail of [['x y', '4'], ['5.25', '-6'], ['2024-01-01', '2024-02-30'], ['0012', '13'], ['yes', 'NA']]) {
      const values = [...Array.from({ length: 10_050 }, (_, i) => String(i * 7)), ...tail, ' 9 '];
      const byString = new ColumnAccumulator('c');
      const byBytes = new ColumnAccumulator('c');
      for (const v of values) byString.add(v);
      for (const b of cells(values)) byBytes.addBytes(b, 1, b.length - 1);
      expect(byBytes.finish()).toEqual(byString.finish());
    }
  });

  it('typed columns: addBytes builds what add builds, for every type inference can give', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => {
        const acc = new ColumnAccumulator('c');
        for (const v of values) acc.add(v);
        const info = acc.finish();
        for (const type of [info.type, 'text', 'categorical', 'float', 'datetime'] as const) {
          const typed = { ...info, type, format: info.format ?? 'YYYY-MM-DD', categories: info.categories ?? ['1', 'alpha', 'yes'] };
          const byString = columnBuilder(typed);
          const byBytes = columnBuilder(typed);
          for (const v of values) byString.add(v);
          for (const b of cells(values)) byBytes.addBytes(b, 1, b.length - 1);
          expect(byBytes.take()).toEqual(byString.take());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('forced types: addBytes refuses what add refuses, with the same rows', () => {
    const overrides: ColumnOverride[] = [
      { type: 'integer' }, { type: 'float' }, { type: 'boolean' }, { type: 'categorical' }, { type: 'datetime' },
      { type: 'datetime', format: 'DD/MM/YYYY' }, { type: 'text' },
    ];
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.constantFrom(...overrides), (values, override) => {
        const byString = new OverrideCheck('c', override);
        const byBytes = new OverrideCheck('c', override);
        values.forEach((v, i) => byString.add(v, i + 1, i + 2));
        cells(values).forEach((b, i) => byBytes.addBytes(b, 1, b.length - 1, i + 1, i + 2));
        expect(byBytes.failure()).toEqual(byString.failure());
        const inferred = new ColumnAccumulator('c').finish();
        if (!byString.failure()) expect(byBytes.finish(inferred)).toEqual(byString.finish(inferred));
      }),
      { numRuns: 1000 },
    );
  });
});

/** Ingests bytes arriving in the given pieces; the decoded table and the schema. */
async function ingestPieces(pieces: Uint8Array[], chunkRows?: number) {
  const chunks: Uint8Array[] = [];
  const summary = await ingestCsv({
    open: async () => Readable.from(pieces.map((p) => Buffer.from(p))),
    writeChunk: async (_i, bytes) => void chunks.push(bytes),
    chunkRows,
  });
  return { table: concatTables(chunks.map(decodeTable)), columns: summary.columns, rows: summary.rows, chunks };
}

const cutAt = (bytes: Buffer, cuts: number[]) => {
  const at = [0, ...cuts, bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
};

describe('bytes as they arrive', () => {
  const text = 'name,city,n\nJosé,Zürich,1\n"Ørsted, Søren","日本\n東京",2\n😀,naïve,3\n';

  it('multi-byte characters and a BOM cut at every byte give the same table', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const whole = await ingestPieces([bytes]);
    expect(whole.columns[0]).toMatchObject({ name: 'name', categories: ['José', 'Ørsted, Søren', '😀'] });
    expect(whole.columns[1]).toMatchObject({ name: 'city', categories: ['Zürich', 'naïve', '日本\n東京'] });
    for (let cut = 1; cut < bytes.length; cut++) {
      const cutOne = await ingestPieces(cutAt(bytes, [cut]));
      expect(cutOne.table, `cut at ${cut}`).toEqual(whole.table);
    }
    const byteByByte = await ingestPieces(cutAt(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)));
    expect(byteByByte.table).toEqual(whole.table);
  });

  it('reads Latin-1 as the same text as UTF-8', async () => {
    const latin = 'name,n\nJosé,1\nÆble ÿ,2\nMüller,3\n';
    const fromLatin1 = await readCsvTable(Buffer.from(latin, 'latin1'));
    const fromUtf8 = await readCsvTable(Buffer.from(latin, 'utf8'));
    expect(fromLatin1.dialect.encoding).toBe('windows-1252');
    expect(fromLatin1.table).toEqual(fromUtf8.table);
  });

  it('reads invalid UTF-8 bytes as Windows-1252, cell by cell', async () => {
    // Past the 64 KiB the encoding is sniffed from, so the file is read as UTF-8.
    const bytes = Buffer.concat([Buffer.from('t,n\n' + 'ok,1\n'.repeat(15_000)), Buffer.from([0x61, 0xff, 0x62, 0x2c, 0x32, 0x0a, 0xe6, 0x97, 0x2c, 0x33, 0x0a])]);
    const { table } = await ingestPieces([bytes]);
    expect(columnLabels(table.columns[0]!)).toEqual([...Array(15_000).fill('ok'), 'aÿb', 'æ\u2014']);
  });

  it('writes chunks of the asked size however records are batched', async () => {
    const rows = Array.from({ length: 9_001 }, (_, i) => `${i},${i % 3 === 0 ? 'NA' : (i / 4).toFixed(2)},k${i % 5}`);
    const bytes = Buffer.from(`a,b,c\n${rows.join('\n')}\n`);
    const { table, chunks, columns } = await ingestPieces(cutAt(bytes, [5000, 70_000, 70_001]), 1000);
    expect(chunks).toHaveLength(10);
    expect(chunks.map((c) => tableFromIPC(c).numRows)).toEqual([...Array(9).fill(1000), 1]);
    expect(columns.map((c) => c.type)).toEqual(['integer', 'float', 'categorical']);
    expect(table.rowCount).toBe(9_001);
    const b = table.columns[1]!;
    expect(b.type === 'float' && [b.values[1], b.values[3], b.values[8999]]).toEqual([0.25, NaN, 2249.75]);
  });

  it('reports the line of a bad row past multi-line fields and batch boundaries', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => (i === 10 ? '"multi\nline",1' : `r${i},${i}`));
    rows.splice(5000, 0, 'short');
    const bytes = Buffer.from(`a,b\n${rows.join('\n')}\n`);
    const failure = await ingestPieces([bytes]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ProblemError);
    // Header line 1, row i on line i + 2, one extra line from the quoted newline before row 5000.
    expect((failure as ProblemError).extensions.line).toBe(5000 + 2 + 1);
  });

  it('names the rows and lines of refused values past the first batch', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i === 4500 ? 'x' : i},${i}`);
    const e = await readCsvTable(`a,b\n${rows.join('\n')}\n`, { a: { type: 'integer' } }).then(
      () => undefined,
      (err: unknown) => err as ProblemError,
    );
    expect(e?.extensions.columns).toEqual([expect.objectContaining({ bad_count: 1, bad_values: [{ row: 4501, line: 4502, value: 'x' }] })]);
  });
});
