/**
 * Numbers written with a decimal comma (`0,33`) in files whose delimiter is not a comma: rule 4c
 * of infer.ts, the parse of such columns, float overrides, and the byte paths agreeing with the
 * string paths. In a comma file inference changes nothing; a float override reads quoted ones.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { ColumnAccumulator } from '../../core/table/infer.js';
import { columnBuilder } from '../../core/table/parse.js';
import { OverrideCheck } from '../../core/table/override.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { sniffDialect } from '../../core/table/sniff.js';
import { ProblemError } from '../../core/errors.js';
import { DECIMAL_COMMA, DecimalCommaShape, THOUSANDS, decimalCommaNumberOf, readDecimalComma } from '../../core/table/numbers.js';

const infer = async (csv: string, overrides?: Parameters<typeof readCsvTable>[1]) => {
  const { table, columns, dialect } = await readCsvTable(csv, overrides);
  const values = (name: string) => {
    const col = table.columns.find((c) => c.name === name)!;
    return col.type === 'float' || col.type === 'integer' ? [...col.values] : undefined;
  };
  return { table, dialect, cols: Object.fromEntries(columns.map((c) => [c.name, c])), values };
};

describe('decimal comma: inference and parsing', () => {
  it('reads a semicolon file’s decimal-comma column as float, with the right values and decimals', async () => {
    const { cols, values, table } = await infer('price;name\n0,33;a\n-12,5;b\n1234,0;c\n12;d\n;e\n1.234,56;f\n');
    expect(cols.price).toMatchObject({ type: 'float', missing: 1 });
    expect(cols.price!.reason).toContain('decimal comma');
    expect(values('price')).toEqual([0.33, -12.5, 1234, 12, NaN, 1234.56]);
    const col = table.columns[0]!;
    expect(col).toMatchObject({ decimals: 2, fixedDecimals: false });
    // Written back with its decimal comma and `.` groups, `;`-delimited (decimal-comma-output.test.ts).
    expect(writeCsv(table)).toBe('price;name\n0,33;a\n-12,5;b\n1234;c\n12;d\n;e\n1.234,56;f\n');
  });

  it('counts decimals as for 0.33: fixed decimals are written back fixed', async () => {
    const { table, values } = await infer('v;w\n0,50;x\n1,25;y\n-3,10;z\n');
    expect(table.columns[0]).toMatchObject({ type: 'float', decimals: 2, fixedDecimals: true });
    expect(values('v')).toEqual([0.5, 1.25, -3.1]);
    expect(writeCsv(table)).toBe('v;w\n0,50;x\n1,25;y\n-3,10;z\n');
  });

  it('reads tab-separated files, and files where every column has a decimal comma', async () => {
    const tab = await infer('a\tb\n0,25\tx\n1,5\ty\n');
    expect(tab.dialect.delimiter).toBe('\t');
    expect(tab.values('a')).toEqual([0.25, 1.5]);
    const all = await infer('a;b\n' + Array.from({ length: 30 }, (_, i) => `${i},5;${i},25`).join('\n') + '\n');
    expect(all.dialect.delimiter).toBe(';');
    expect(all.cols.a!.type).toBe('float');
    expect(all.values('b')!.slice(0, 3)).toEqual([0.25, 1.25, 2.25]);
  });

  it('changes nothing in a comma file: quoted decimal commas stay text, thousands stay thousands', async () => {
    const { cols, values } = await infer('a,b\n"0,33","1,234.50"\n"1,5","2,000.25"\n');
    expect(['text', 'categorical']).toContain(cols.a!.type);
    expect(cols.b!.reason).toContain('thousands separators');
    expect(values('b')).toEqual([1234.5, 2000.25]);
  });

  it('decides ambiguous commas by the rule: 4b first, then 4c only with a comma that cannot separate thousands', async () => {
    const { cols, values } = await infer('t;mixed;ambiguous;zero;groups;dotted;plain\n1,234;1,234;1,234;0,750;1.234,5;1.234;0.5\n12,500;0,5;1234;12,500;2.345,67;0,5;1.25\n');
    // Every comma could separate thousands: rule 4b, as before.
    expect(cols.t).toMatchObject({ type: 'integer' });
    expect(values('t')).toEqual([1234, 12500]);
    // A comma that cannot (0,5; 0,750) makes the column decimal-comma, and 1,234 is 1.234 there.
    expect(values('mixed')).toEqual([1.234, 0.5]);
    expect(values('zero')).toEqual([0.75, 12.5]);
    expect(values('groups')).toEqual([1234.5, 2345.67]);
    // 1,234 beside 1234: thousands or decimal? Neither is safe.
    expect(['text', 'categorical']).toContain(cols.ambiguous!.type);
    // `.` groups only before a decimal comma: 1.234 alone is not one.
    expect(['text', 'categorical']).toContain(cols.dotted!.type);
    // Plain decimals in a semicolon file are plain numbers (rule 4).
    expect(cols.plain!.reason).not.toContain('decimal comma');
    expect(values('plain')).toEqual([0.5, 1.25]);
  });

  it('decides past the distinct-value cap as before it', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => `${(1000 + i * 7).toLocaleString('en-US')};${i}`);
    const comma = await infer(`n;i\n${rows.join('\n')}\n12,34;17\n`);
    expect(comma.cols.n).toMatchObject({ type: 'float' });
    expect(comma.cols.n!.reason).toContain('decimal comma');
    expect(comma.values('n')!.slice(0, 2)).toEqual([1, 1.007]);
    expect(comma.values('n')!.at(-1)).toBe(12.34);
    const text = await infer(`n;i\n${rows.join('\n')}\n12,34;17\n1.5;18\n`);
    expect(text.cols.n!.type).toBe('text');
  });

  it('sniffs the delimiter of a file whose header has no commas and whose rows have decimal commas', () => {
    // Split at commas, `a;b` over `0,5;0,25` gives more fields (3) than at semicolons (2), but not to the header.
    const text = 'a;b\n' + Array.from({ length: 20 }, (_, i) => `${i},5;${i},25`).join('\n') + '\n';
    expect(sniffDialect(text, 'utf-8', true).delimiter).toBe(';');
    expect(sniffDialect('a,b\n1;2,3\n', 'utf-8', true).delimiter).toBe(',');
  });
});

describe('decimal comma: overrides', () => {
  it('accepts a float override on decimal-comma values in a semicolon file', async () => {
    const { cols, values, table } = await infer('v;w\n0,33;a\n7;b\n1.234,5;c\n', { v: { type: 'float' } });
    expect(cols.v).toMatchObject({ type: 'float' });
    expect(cols.v!.reason).toContain('decimal comma');
    expect(values('v')).toEqual([0.33, 7, 1234.5]);
    expect(table.columns[0]).toMatchObject({ decimals: 2, fixedDecimals: false });
  });

  it('keeps thousands when every value reads as thousands, and refuses a mix of both spellings', async () => {
    const thousands = await infer('v;w\n1,234;a\n5;b\n', { v: { type: 'float' } });
    expect(thousands.values('v')).toEqual([1234, 5]);
    const mixed = await readCsvTable('v;w\n1,234.5;a\n0,5;b\n0,25;c\n', { v: { type: 'float' } }).catch((e: unknown) => e);
    expect(mixed).toBeInstanceOf(ProblemError);
    expect((mixed as ProblemError).detail).toContain('"1,234.5"');
  });

  it('accepts quoted decimal commas under a float override in a comma file (the user, not inference, says so)', async () => {
    const { cols, values } = await infer('v,w\n"0,33",a\n1.5,b\n', { v: { type: 'float' } });
    expect(cols.v!.reason).toContain('decimal comma');
    expect(values('v')).toEqual([0.33, 1.5]);
  });
});

const commaValue = fc.oneof(
  fc.stringMatching(/^[-+]?[0-9]{1,5}(,[0-9]{1,4})?$/),
  fc.stringMatching(/^[-+]?[0-9,.]{0,10}$/),
  fc.constantFrom('1.234,56', '-1.234.567,5', '0,750', '12,500', '1,234', '1234', '1.5', 'NA', '', ' 0,5 ', 'x', '007', '00,5'),
);
const cells = (values: string[]) => values.map((v) => Buffer.from(`<${v}>`));

describe('decimal comma: bytes and strings agree', () => {
  it('reads the shape from bytes exactly as the regex does, and the value as the string path does', () => {
    const shape = new DecimalCommaShape();
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?[0-9,.]{0,14}$/), (v) => {
        const bytes = Buffer.from(v);
        const ok = shape.read(bytes, 0, bytes.length);
        expect(ok, v).toBe(DECIMAL_COMMA.test(v));
        if (!ok) return;
        const comma = v.indexOf(',');
        expect(shape.decimals, v).toBe(comma < 0 ? 0 : v.length - comma - 1);
        expect(shape.unambiguous, v).toBe(comma >= 0 && !THOUSANDS.test(v));
        const value = decimalCommaNumberOf(v);
        expect(value, v).toBe(Number(v.replaceAll('.', '').replace(',', '.')));
        const fast = readDecimalComma(bytes, 0, bytes.length);
        if (fast !== undefined) expect(fast, v).toBe(value);
      }),
      { numRuns: 5000 },
    );
  });

  it('inference, typed columns and float overrides: addBytes does what add does', () => {
    fc.assert(
      fc.property(fc.array(commaValue, { minLength: 1, maxLength: 40 }), (values) => {
        const byString = new ColumnAccumulator('c', undefined, true);
        const byBytes = new ColumnAccumulator('c', undefined, true);
        for (const v of values) byString.add(v);
        for (const b of cells(values)) byBytes.addBytes(b, 1, b.length - 1);
        const info = byString.finish();
        expect(byBytes.finish()).toEqual(info);
        const built = [columnBuilder(info), columnBuilder(info)];
        for (const v of values) built[0]!.add(v);
        for (const b of cells(values)) built[1]!.addBytes(b, 1, b.length - 1);
        expect(built[1]!.take()).toEqual(built[0]!.take());
        const checks = [new OverrideCheck('c', { type: 'float' }, undefined, true), new OverrideCheck('c', { type: 'float' }, undefined, true)];
        values.forEach((v, i) => checks[0]!.add(v, i + 1, i + 2));
        cells(values).forEach((b, i) => checks[1]!.addBytes(b, 1, b.length - 1, i + 1, i + 2));
        expect(checks[1]!.failure()).toEqual(checks[0]!.failure());
        if (!checks[0]!.failure()) expect(checks[1]!.finish(info)).toEqual(checks[0]!.finish(info));
      }),
      { numRuns: 1000 },
    );
  });

  it('past the distinct cap, where cells are read from their bytes', () => {
    const cases: [string[], string][] = [[['0,5', '7'], 'float'], [['1,234', '12,500'], 'float'], [['1.5', '0,5'], 'text'], [['1.234,5', 'x'], 'text']];
    for (const [tail, type] of cases) {
      const values = [...Array.from({ length: 10_050 }, (_, i) => `${i},${i % 7}`), ...tail, ' 9 '];
      const byString = new ColumnAccumulator('c', undefined, true);
      const byBytes = new ColumnAccumulator('c', undefined, true);
      for (const v of values) byString.add(v);
      for (const b of cells(values)) byBytes.addBytes(b, 1, b.length - 1);
      expect(byBytes.finish()).toEqual(byString.finish());
      expect(byString.finish().type, tail.join()).toBe(type);
    }
  });
});

describe('decimal comma: the worker thread', () => {
  async function ingest(bytes: Buffer, worker: boolean) {
    const chunks: string[] = [];
    const pieces = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const summary = await ingestCsv({
      open: async () => Readable.from(pieces),
      writeChunk: async (_i, chunk) => void chunks.push(createHash('sha256').update(chunk).digest('hex')),
      chunkRows: 7_000,
      overrides: { forced: { type: 'float' } },
      worker,
    });
    return { chunks, summary };
  }

  it('infers, forces and parses decimal commas as one thread does', async () => {
    const lines = ['id;price;forced;label'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i};${(i % 997) * 3},${i % 100};${i % 5 ? `${i},5` : i};${'abc'[i % 3]}`);
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const one = await ingest(bytes, false);
    const two = await ingest(bytes, true);
    expect(two.summary.threads).toBe(2);
    expect(one.summary.inferred[1]).toMatchObject({ type: 'float', decimalComma: true });
    expect(one.summary.inferred[2]).toMatchObject({ type: 'float', decimalComma: true });
    expect(two.chunks).toEqual(one.chunks);
    expect({ ...two.summary, threads: 1 }).toEqual(one.summary);
  });
});
