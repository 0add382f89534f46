import type { ColumnInfo } from '../../core/files/model.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCsvTable, toRecords, writeCsv } from '../../core/table/csv.js';
import { datetimeFormat, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { byteTemplate, parseDatetimeBytes } from '../../core/table/date-bytes.js';
import { timeLikeName } from '../../core/table/infer.js';
import { NumberShape, THOUSANDS, ThousandsShape, numberOf } from '../../core/table/numbers.js';

const infer = async (csv: string) => {
  const { table, columns } = await readCsvTable(csv);
  return { table, cols: Object.fromEntries(columns.map((c) => [c.name, c])), values: (name: string) => table.columns.find((c) => c.name === name)! };
};

describe('epoch timestamps', () => {
  it('reads epoch seconds under a time-like name as datetime and writes them back unchanged', async () => {
    const csv = 'id,created_at\n1,1700000000\n2,1700000123\n3,946684800\n4,\n';
    const { table, cols, values } = await infer(csv);
    expect(cols.created_at).toMatchObject({ type: 'datetime', format: 'epoch_s', missing: 1 });
    expect(cols.created_at!.reason).toContain('epoch seconds');
    expect(cols.created_at!.reason).toContain('name suggests time');
    const col = values('created_at');
    expect(col.type === 'datetime' && [...col.values.slice(0, 3)]).toEqual([1_700_000_000_000, 1_700_000_123_000, 946_684_800_000]);
    expect(writeCsv(table)).toBe(csv);
  });

  it('reads epoch milliseconds under a time-like name as datetime and writes them back unchanged', async () => {
    const csv = 'eventTs,Timestamp,n\n1700000000123,1700000000,1\n1700000000999,1700000001,2\n';
    const { table, cols, values } = await infer(csv);
    expect(cols.eventTs).toMatchObject({ type: 'datetime', format: 'epoch_ms' });
    expect(cols.eventTs!.reason).toContain('epoch milliseconds');
    expect(cols.Timestamp).toMatchObject({ type: 'datetime', format: 'epoch_s' });
    const col = values('eventTs');
    expect(col.type === 'datetime' && [...col.values]).toEqual([1_700_000_000_123, 1_700_000_000_999]);
    expect(writeCsv(table)).toBe(csv);
  });

  it('keeps epoch-range integers under a name that does not suggest time as integers, saying why', async () => {
    const { cols } = await infer('amount,counts\n1700000000,1700000000\n1700000123,1700000001\n');
    expect(cols.amount!.type).toBe('integer');
    expect(cols.amount!.reason).toContain('name does not suggest time');
    expect(cols.counts!.type).toBe('integer');
  });

  it('keeps time-named integers outside the epoch range, or mixing seconds and milliseconds, as integers', async () => {
    const { cols } = await infer('time,updated,date_ms\n12,1700000000,1700000000\n15,99,1700000000000\n');
    expect(cols.time!.type).toBe('integer');
    expect(cols.time!.reason).not.toContain('epoch');
    expect(cols.updated!.type).toBe('integer');
    expect(cols.date_ms!.type).toBe('integer');
    const bounds = await infer('ts\n4102444800\n4102444801\n');
    expect(bounds.cols.ts!.type).toBe('integer');
  });

  it('writes epoch datetimes as numbers in JSON, as the source had them', async () => {
    const { table } = await readCsvTable('ts,event_ms\n1610762400,1610762400123\n,\n');
    expect(toRecords(table, 0, 2)).toEqual([
      { ts: 1_610_762_400, event_ms: 1_610_762_400_123 },
      { ts: null, event_ms: null },
    ]);
    expect(writeCsv(table)).toBe('ts,event_ms\n1610762400,1610762400123\n,\n');
  });

  it('says which epoch values a forced epoch format accepts', async () => {
    const refused = await readCsvTable('minute\n0\n59\n', { minute: { type: 'datetime', format: 'epoch_s' } }).then(
      () => undefined,
      (e: unknown) => String((e as { detail?: string }).detail ?? e),
    );
    expect(refused).toContain('dates in epoch_s: whole seconds since 1970 from 946684800 to 4102444800, i.e. 2000-01-01 to 2100-01-01 UTC, only');
    const ms = await readCsvTable('t\n5\n', { t: { type: 'datetime', format: 'epoch_ms' } }).catch((e: unknown) => String((e as { detail?: string }).detail ?? e));
    expect(ms).toContain('epoch_ms: whole milliseconds since 1970 from 946684800000 to 4102444800000');
  });

  it('accepts a user override to epoch_s on any column in range', async () => {
    const { columns, table } = await readCsvTable('amount\n1700000000\n1700000001\n', { amount: { type: 'datetime', format: 'epoch_s' } });
    expect(columns[0]).toMatchObject({ type: 'datetime', format: 'epoch_s' });
    expect(writeCsv(table)).toBe('amount\n1700000000\n1700000001\n');
    const found = await readCsvTable('amount\n1700000000\n1700000001\n', { amount: { type: 'datetime' } });
    expect(found.columns[0]).toMatchObject({ type: 'datetime', format: 'epoch_s' });
  });

  it('names time: contains time words, ends with _at, or has ts as a word', () => {
    for (const n of ['created', 'UpdatedOn', 'login_time', 'TIMESTAMP', 'epoch', 'birthdate', 'seen_at', 'ts', 'event_ts', 'tsSent', 'event.ts']) expect(timeLikeName(n), n).toBe(true);
    for (const n of ['amount', 'counts', 'products', 'at', 'status', 'id']) expect(timeLikeName(n), n).toBe(false);
  });

  it('parses epoch formats from bytes exactly as from text', () => {
    for (const name of ['epoch_s', 'epoch_ms']) {
      const f = datetimeFormat(name);
      const t = byteTemplate(f)!;
      expect(t).toBeDefined();
      fc.assert(
        fc.property(fc.oneof(fc.stringMatching(/^[0-9]{0,14}$/), fc.constantFrom('946684800', '946684799', '4102444800', '4102444801', '0946684800', '946684800000', '4102444800000', '4102444800001', '1700000000x')), (v) => {
          const bytes = Buffer.from(`;${v};`);
          expect(Object.is(parseDatetimeBytes(t, bytes, 1, 1 + v.length), parseDatetime(f, v)), `${name} ${v}`).toBe(true);
        }),
        { numRuns: 2000 },
      );
    }
    expect(formatDatetime(datetimeFormat('epoch_s'), 1_700_000_000_999)).toBe('1700000000');
    expect(formatDatetime(datetimeFormat('epoch_ms'), 1_700_000_000_999)).toBe('1700000000999');
  });
});

describe('thousands separators', () => {
  it('reads integers with thousands separators in a semicolon file', async () => {
    const { cols, values, table } = await infer('pop;name\n1,234,567;a\n12,000;b\n56;c\n;d\n');
    expect(cols.pop).toMatchObject({ type: 'integer', missing: 1 });
    expect(cols.pop!.reason).toContain('thousands separators');
    const col = values('pop');
    expect(col.type === 'integer' && [...col.values]).toEqual([1_234_567, 12_000, 56, NaN]);
    // Written back grouped as read; JSON keeps numbers.
    expect(writeCsv(table, { delimiter: ';' })).toBe('pop;name\n1,234,567;a\n12,000;b\n56;c\n;d\n');
    expect(toRecords(table, 0, 2).map((r) => r.pop)).toEqual([1_234_567, 12_000]);
  });

  it('reads quoted decimals with thousands separators in a comma file', async () => {
    const { cols, values, table } = await infer('price,n\n"1,234.50",1\n"999.00",2\n"-12,000.25",3\n');
    expect(cols.price!.type).toBe('float');
    expect(cols.price!.reason).toContain('thousands separators');
    const col = values('price');
    expect(col).toMatchObject({ decimals: 2, fixedDecimals: true });
    expect(col.type === 'float' && [...col.values]).toEqual([1234.5, 999, -12000.25]);
    expect(writeCsv(table)).toBe('price,n\n"1,234.50",1\n999.00,2\n"-12,000.25",3\n');
  });

  it('writes negative and generated values grouped, and reads its own output back to the same column', async () => {
    const csv = 'n,m\n"-1,234",1\n"12,000",2\n-5,3\n';
    const { table, cols } = await infer(csv);
    expect(cols.n!.type).toBe('integer');
    const n = table.columns[0]!;
    if (n.type !== 'integer') throw new Error('n is not an integer column');
    expect(n).toMatchObject({ affix: { prefix: '', suffix: '', thousands: true } });
    expect(writeCsv(table)).toBe(csv);
    const generated = { rowCount: 2, columns: [{ ...n, values: Float64Array.from([-1_234_567, 999]) }] };
    expect(writeCsv(generated)).toBe('n\n"-1,234,567"\n999\n');
    const again = await readCsvTable(writeCsv(table));
    expect(writeCsv(again.table)).toBe(csv);
  });

  it('keeps mixed separator shapes as text or categories', async () => {
    // In a semicolon file a, c and d are numbers with a decimal comma (rule 4c, decimal-comma.test.ts); b is ambiguous.
    const semicolon = await infer('a;b;c;d;e\n1,234;1,234;1,234;1.234,5;1,234\n12,34;1234;1,2345;2.345,6;x\n');
    for (const name of ['b', 'e']) expect(['text', 'categorical'], name).toContain(semicolon.cols[name]!.type);
    for (const name of ['a', 'c', 'd']) expect(semicolon.cols[name]!.type, name).toBe('float');
    // In a comma file a comma is never a decimal one.
    const { cols } = await infer('a,b,c,d,e\n"1,234","1,234","1,234","1.234,5","1,234"\n"12,34",1234,"1,2345","2.345,6",x\n');
    for (const name of ['a', 'b', 'c', 'd', 'e']) expect(['text', 'categorical'], name).toContain(cols[name]!.type);
  });

  it('decides past the distinct-value cap as before it', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => `${(1000 + i * 7).toLocaleString('en-US')};${1_600_000_000 + i}`);
    const ok = await infer(`n;created\n${rows.join('\n')}\n`);
    expect(ok.cols.n!.type).toBe('integer');
    expect(ok.cols.created).toMatchObject({ type: 'datetime', format: 'epoch_s' });
    const bad = await infer(`n;created\n${rows.join('\n')}\n1,23,4;17\n`);
    expect(bad.cols.n!.type).toBe('text');
    expect(bad.cols.created!.type).toBe('integer');
  });

  it('accepts thousands separators in numeric overrides', async () => {
    const { columns, table } = await readCsvTable('x;y\n1,234;1,234.5\n5;7\n', { x: { type: 'integer' }, y: { type: 'float' } });
    expect(columns.map((c) => c.type)).toEqual(['integer', 'float']);
    expect(writeCsv(table, { delimiter: ';' })).toBe('x;y\n1234;1234.5\n5;7\n');
  });

  it('reads the shape from bytes exactly as the regex does', () => {
    const shape = new ThousandsShape();
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?[0-9,.]{0,12}$/), (v) => {
        const bytes = Buffer.from(v);
        const ok = shape.read(bytes, 0, bytes.length);
        expect(ok, v).toBe(THOUSANDS.test(v));
        if (ok) {
          expect(shape.separated).toBe(v.includes(','));
          expect(shape.decimals).toBe(v.includes('.') ? v.length - v.indexOf('.') - 1 : 0);
          expect(numberOf(v)).toBe(Number(v.replaceAll(',', '')));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('answers THOUSANDS from a NUMBER read, as inference asks it past the distinct cap', () => {
    const shape = new NumberShape();
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?[0-9.]{0,8}([eE][-+]?[0-9]{0,2})?$/), (v) => {
        const bytes = Buffer.from(v);
        if (shape.read(bytes, 0, bytes.length)) expect(shape.thousands, v).toBe(THOUSANDS.test(v));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('epoch datetimes in SDV metadata', () => {
  it('export as SDV integers and come back unchanged as our epoch datetimes', async () => {
    const { toSdvMetadata, editsFromSdv } = await import('../../core/schema/sdv.js');
    const columns: ColumnInfo[] = [{ name: 'created_at', type: 'datetime', format: 'epoch_s', missing: 0 }];
    const sdv = toSdvMetadata(columns);
    expect(sdv.columns.created_at).toEqual({ sdtype: 'numerical', computer_representation: 'Int64' });
    const edits = editsFromSdv(sdv, columns);
    expect(edits).toEqual([{ name: 'created_at' }]);
  });
});
