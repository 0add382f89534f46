/** CSV written a piece at a time: the same text as one string, never one string of the whole table. */
import { describe, expect, it } from 'vitest';
import { csvPieces, readCsvTable, writeCsv } from '../../core/table/csv.js';
import type { Table } from '../../core/table/model.js';

const table = (rows: number): Table => ({
  rowCount: rows,
  columns: [
    { type: 'integer', name: 'n', values: Float64Array.from({ length: rows }, (_, i) => i) },
    { type: 'text', name: 'note', values: Array.from({ length: rows }, (_, i) => (i % 3 ? `a "quoted", ${i}` : null)) },
  ],
});

describe('csvPieces', () => {
  it('gives the header, then pieces of at most 16 384 rows, together the same text as writeCsv', async () => {
    const t = table(40_000);
    const pieces = [...csvPieces(t)];
    expect(pieces).toHaveLength(1 + 3);
    expect(pieces[0]).toBe('n,note\n');
    for (const p of pieces) expect(p.endsWith('\n')).toBe(true);
    expect(pieces.slice(1).map((p) => p.split('\n').length - 1)).toEqual([16_384, 16_384, 40_000 - 2 * 16_384]);
    const whole = writeCsv(t);
    expect(pieces.join('')).toBe(whole);
    const back = (await readCsvTable(Buffer.from(whole))).table;
    expect(back.rowCount).toBe(40_000);
  });

  it('writes an empty table as its header, or a lone newline without one', () => {
    expect(writeCsv(table(0))).toBe('n,note\n');
    expect(writeCsv(table(0), { header: false })).toBe('\n');
  });
});
