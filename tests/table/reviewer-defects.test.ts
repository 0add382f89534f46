import { describe, expect, it } from 'vitest';
import { readCsvTable, toRecords, writeCsv } from '../../core/table/csv.js';
import { datetimeFormat, epochMs, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { headerNames } from '../../core/table/ingest.js';
import type { Table } from '../../core/table/model.js';
import { encodeWindows1252 } from '../../core/table/cell.js';

describe('duplicate header names', () => {
  it('never generate a name another column already has', () => {
    expect(headerNames(['a', 'a', 'a_2'])).toEqual(['a', 'a_3', 'a_2']);
    expect(headerNames(['a', 'a_2', 'a', 'a'])).toEqual(['a', 'a_2', 'a_3', 'a_4']);
    expect(headerNames(['a_2', 'a', 'a', 'a_2'])).toEqual(['a_2', 'a', 'a_3', 'a_2_2']);
    expect(headerNames([' ', 'column_1', 'x'])).toEqual(['column_1', 'column_1_2', 'x']);
  });

  it('keep every column’s values through ingest', async () => {
    const { table, columns } = await readCsvTable('a,a,a_2\n1,2,3\n4,5,6\n');
    expect(columns.map((c) => c.name)).toEqual(['a', 'a_3', 'a_2']);
    expect(toRecords(table, 0, 2)).toEqual([{ a: 1, a_3: 2, a_2: 3 }, { a: 4, a_3: 5, a_2: 6 }]);
  });
});

describe('years below 100', () => {
  it('parse and format as written, not in the 1900s', () => {
    const iso = datetimeFormat('YYYY-MM-DD');
    expect(parseDatetime(iso, '0001-01-01')).toBe(-62_135_596_800_000);
    expect(formatDatetime(iso, parseDatetime(iso, '0099-12-31'))).toBe('0099-12-31');
    expect(epochMs(50, 6, 15, 12, 0, 0, 0)).toBe(new Date('0050-06-15T12:00:00Z').getTime());
  });

  it('survive ingest (byte reader) and come back in four digits', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `19${10 + i}-06-15,${i}`);
    const { table, columns } = await readCsvTable(`d,n\n${rows.join('\n')}\n0001-01-01,1\n0099-12-31,2\n9999-12-31,3\n`);
    expect(columns[0]!.type).toBe('datetime');
    expect(toRecords(table, 30, 3).map((r) => r['d'])).toEqual(['0001-01-01', '0099-12-31', '9999-12-31']);
    expect(writeCsv(table).split('\n').slice(31, 34)).toEqual(['0001-01-01,1', '0099-12-31,2', '9999-12-31,3']);
  });
});

describe('non-finite numbers (rule 4e)', () => {
  const numbers = (table: Table, name: string) => [...(table.columns.find((c) => c.name === name) as { values: Float64Array }).values];

  it('read infinity spellings and overflowing numbers as missing in a numeric column', async () => {
    const { table, columns } = await readCsvTable('a,b,c\n1e309,1,inf\n2.5,2,-Infinity\n3.5,3,4.25\n-1E400,INF,1.5\n');
    expect(columns.map((c) => c.type)).toEqual(['float', 'integer', 'float']);
    expect(columns.map((c) => c.missing)).toEqual([2, 1, 2]);
    expect(columns[0]!.reason).toContain('2 non-finite values');
    expect(columns[1]!.distinct).toBe(3);
    for (const c of ['a', 'b', 'c']) expect(numbers(table, c).every((v) => Number.isNaN(v) || Number.isFinite(v))).toBe(true);
    expect(toRecords(table, 0, 1)).toEqual([{ a: null, b: 1, c: null }]);
    expect(JSON.stringify(toRecords(table, 0, 4))).not.toContain('Infinity');
  });

  it('do the same past the distinct-value cap (the byte path)', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => `${i}.5`);
    rows.push('Infinity', '-inf', '1e999');
    const { table, columns } = await readCsvTable(`x\n${rows.join('\n')}\n`);
    expect(columns[0]!.type).toBe('float');
    expect(columns[0]!.missing).toBe(3);
    expect(numbers(table, 'x').slice(-4)).toEqual([10_049.5, NaN, NaN, NaN]);
  });

  it('leave a column of nothing but infinity as text, and keep words like "info"', async () => {
    const { columns } = await readCsvTable('a,b\ninf,1\ninf,2\ninfo,3\n');
    expect(columns[0]!.type).toBe('categorical');
    expect(columns[0]!.categories).toEqual(['inf', 'info']);
  });

  it('let a float or integer override read them as missing', async () => {
    const csv = 'a,b\n1.5,x\nInfinity,x\nbig,x\n';
    await expect(readCsvTable(csv, { a: { type: 'float' } })).rejects.toThrow(/big/);
    const { table, columns } = await readCsvTable('a,b\n1.5,1\nInfinity,2\n1e309,3\n', { a: { type: 'float' }, b: { type: 'float' } });
    expect(columns[0]!.missing).toBe(2);
    expect(numbers(table, 'a')).toEqual([1.5, NaN, NaN]);
    const ints = await readCsvTable('a\n1\n-inf\n7\n', { a: { type: 'integer' } });
    expect(numbers(ints.table, 'a')).toEqual([1, NaN, 7]);
  });
});

describe('text encodings', () => {
  it('do not take a Windows-1252 accented capital and symbol (É’ = C9 92, IPA ɒ in UTF-8) for UTF-8, nor a whole file’s last accent for a cut character', async () => {
    for (const text of ['id,name\n1,JOSÉ’S BAR\n2,Café\n', 'id,name\n1,JOSÉ’S BAR\n2,Zürich\n3,Café']) {
      const { table, dialect } = await readCsvTable(Buffer.from(encodeWindows1252(text)!));
      expect(dialect.encoding).toBe('windows-1252');
      expect(toRecords(table, 0, 3).map((r) => r['name'])).toEqual(text.trim().split('\n').slice(1).map((l) => l.split(',')[1]));
    }
  });

  it('read a file of UTF-8 with one stray Windows-1252 byte as UTF-8, that cell as Windows-1252', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},Zürich`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`id,name\n${rows}\n51,caf`), Buffer.from([0xe9, 0x0a])]);
    const { columns, dialect } = await readCsvTable(bytes);
    expect(dialect.encoding).toBe('utf-8');
    expect(columns[1]!.categories).toEqual(['Zürich', 'café']);
  });

  it('decide by counts, not the first invalid byte: one `café` and one stray byte is UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('id,name\n1,café\n2,Zürich\n3,d'), Buffer.from([0xe9]), Buffer.from('j'), Buffer.from([0x93]), Buffer.from('a\n')]);
    const { table, dialect } = await readCsvTable(bytes);
    expect(dialect.encoding).toBe('utf-8');
    expect(toRecords(table, 0, 3).map((r) => r['name'])).toEqual(['café', 'Zürich', 'déj\u201ca']);
    // No UTF-8 character among the high bytes, or fewer than the strays: Windows-1252.
    const latin = await readCsvTable(Buffer.concat([Buffer.from('id,name\n1,'), Buffer.from([0xc3, 0xa9]), Buffer.from('\n2,M'), Buffer.from([0xfc]), Buffer.from('ller\n3,na'), Buffer.from([0xef]), Buffer.from('ve\n4,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(latin.dialect.encoding).toBe('windows-1252');
    expect(toRecords(latin.table, 0, 4).map((r) => r['name'])).toEqual(['Ã©', 'Müller', 'naïve', 'café']);
    const one = await readCsvTable(Buffer.concat([Buffer.from('id,name\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n2,x\n')]));
    expect(one.dialect.encoding).toBe('windows-1252');
    expect(one.columns[1]!.categories).toEqual(['café', 'x']);
  });

  it('count a character cut by the end of the sniffed bytes as UTF-8, and keep the decision for the whole file', async () => {
    const SNIFF_BYTES = 64 * 1024;
    const start = Buffer.concat([Buffer.from('id,name\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n2,')]);
    for (const ch of ['é', '€']) {
      const pad = 'x'.repeat(SNIFF_BYTES - start.length - Buffer.byteLength(ch) + 1);
      const bytes = Buffer.concat([start, Buffer.from(`${pad}${ch}\n3,café\n`)]);
      expect(bytes.indexOf(Buffer.from(ch)) + Buffer.byteLength(ch)).toBeGreaterThan(SNIFF_BYTES);
      const { table, dialect } = await readCsvTable(bytes);
      expect(dialect.encoding).toBe('utf-8');
      expect(toRecords(table, 0, 3).map((r) => String(r['name']).slice(-4))).toEqual(['café', `xxx${ch}`, 'café']);
    }
  });

  it('read single-byte files as Windows-1252: 0x80–0x9F are €, quotes and dashes', async () => {
    const bytes = Buffer.concat([Buffer.from('id,name,price\n1,'), Buffer.from([0x93]), Buffer.from('quoted'), Buffer.from([0x94]), Buffer.from(',1\n2,'), Buffer.from([0x96]), Buffer.from('dash,2\n3,caf'), Buffer.from([0xe9]), Buffer.from(',3\n')]);
    const { table, columns, dialect } = await readCsvTable(bytes);
    expect(dialect.encoding).toBe('windows-1252');
    expect(columns[1]!.categories).toEqual(['café', '\u201cquoted\u201d', '\u2013dash'].sort());
    // A text column goes through the byte transcoder, not the decoder.
    const ids = Array.from({ length: 30 }, (_, i) => `r${i},x${i}\u20ac`).join('\n');
    const text = await readCsvTable(encodeWindows1252(`k,v\n${ids}\n`)!);
    expect(text.columns[1]!.type).toBe('id');
    expect(toRecords(text.table, 0, 1)).toEqual([{ k: 'r0', v: 'x0€' }]);
    // Euro amounts are read from their bytes as numbers (rule 4d).
    const euros = await readCsvTable(encodeWindows1252('a;b\n€1.50;\u00e9\n€2.25;x\n')!);
    expect(euros.columns[0]!.type).toBe('float');
    expect(toRecords(euros.table, 0, 2).map((r) => r['a'])).toEqual([1.5, 2.25]);
    void table;
  });

  for (const kind of ['utf-16le', 'utf-16be'] as const) {
    it(`transcode ${kind} with a byte-order mark to UTF-8`, async () => {
      const text = `name,n\n${Array.from({ length: 5000 }, (_, i) => `Zürich ${i} 😀,${i}`).join('\r\n')}\r\n`;
      const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
      const bytes = kind === 'utf-16le' ? le : Buffer.from(le).swap16();
      const { table, columns, dialect } = await readCsvTable(bytes);
      expect(dialect.encoding).toBe(kind);
      expect(columns.map((c) => [c.name, c.type])).toEqual([['name', 'text'], ['n', 'integer']]);
      expect(toRecords(table, 4999, 1)).toEqual([{ name: 'Zürich 4999 😀', n: 4999 }]);
    });
  }
});

describe("Excel's sep= line", () => {
  it('names the delimiter and is skipped; lines are still counted from the file’s first', async () => {
    for (const [lead, end] of [['', '\r\n'], ['\uFEFF', '\n']] as const) {
      const { table, columns, dialect } = await readCsvTable(`${lead}sep=;${end}a;b${end}1,5;x,y${end}2,5;z${end}`);
      expect(dialect.delimiter).toBe(';');
      expect(columns.map((c) => c.name)).toEqual(['a', 'b']);
      expect(toRecords(table, 0, 2)).toEqual([{ a: 1.5, b: 'x,y' }, { a: 2.5, b: 'z' }]);
    }
    await expect(readCsvTable('sep=,\na,b\n1,2\n3\n')).rejects.toThrow(/^Line 4 has 1 field/);
  });
});
