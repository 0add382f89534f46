/**
 * The byte-level readers ingest uses instead of strings, each checked against the string rule it
 * stands in for: NUMBER / decimalsOf / Number() for numbers, the format regexes for dates,
 * Date.UTC for epoch arithmetic, MISSING_SPELLINGS, a Map for the byte map, TextEncoder and
 * flechette's own builders for Arrow text columns.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { float64, int32, tableFromArrays, tableFromIPC, tableToIPC, utf8 } from '@uwdata/flechette';
import { NumberShape, readNumber } from '../../core/table/numbers.js';
import { INTEGER, NUMBER, decimalsOf } from '../../core/table/value-facts.js';
import { DATETIME_FORMATS, epochMs, parseDatetime } from '../../core/table/datetime.js';
import { byteTemplate, parseDatetimeBytes } from '../../core/table/date-bytes.js';
import { MISSING_SPELLINGS, isMissingBytes } from '../../core/table/missing.js';
import { ABSENT, ByteMap } from '../../core/table/byte-map.js';
import { Utf8Builder, utf8FromStrings } from '../../core/table/utf8-column.js';
import { encodeColumns, encodeTable } from '../../core/table/arrow.js';
import { decodeUtf8Cell, decodeWindows1252, needsTrim, trim } from '../../core/table/cell.js';

/** The cell's bytes with a byte of noise either side, so readers must respect start and end. */
const framed = (text: string, encoding: BufferEncoding = 'latin1') => {
  const bytes = Buffer.concat([Buffer.from('7'), Buffer.from(text, encoding), Buffer.from('9')]);
  return { bytes, start: 1, end: bytes.length - 1 };
};

const numberish = fc.stringMatching(/^[+-]?[0-9]{0,20}(\.[0-9]{0,8})?([eE][+-]?[0-9]{0,4})?$/);
const nearNumbers = fc.string({ unit: fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', ',', ' ', 'x'), maxLength: 12 });

describe('numbers from bytes', () => {
  const shapeOf = (text: string) => {
    const shape = new NumberShape();
    const { bytes, start, end } = framed(text);
    return shape.read(bytes, start, end) ? { integer: shape.integer, leadingZero: shape.leadingZero, decimals: shape.decimals } : undefined;
  };
  const expected = (v: string) => (NUMBER.test(v) ? { integer: INTEGER.test(v), leadingZero: INTEGER.test(v) && /^[+-]?0\d/.test(v), decimals: decimalsOf(v) } : undefined);

  it.each([
    ['12', { integer: true, leadingZero: false, decimals: 0 }],
    ['-007', { integer: true, leadingZero: true, decimals: 0 }],
    ['+0', { integer: true, leadingZero: false, decimals: 0 }],
    ['10.90', { integer: false, leadingZero: false, decimals: 2 }],
    ['.5', { integer: false, leadingZero: false, decimals: 1 }],
    ['5.', { integer: false, leadingZero: false, decimals: 0 }],
    ['1.25e-3', { integer: false, leadingZero: false, decimals: 5 }], // the places of its value, 0.00125
    ['1E+05', { integer: false, leadingZero: false, decimals: 0 }],
    // Thousands separators are not numbers (the NUMBER rule has none), nor is anything spaced.
    ['1,234', undefined],
    ['1 234', undefined],
    ['', undefined],
    ['-', undefined],
    ['.', undefined],
    ['1e', undefined],
    ['e5', undefined],
    ['0x10', undefined],
  ])('shape of %j', (text, shape) => {
    expect(shapeOf(text)).toEqual(shape);
    expect(expected(text)).toEqual(shape);
  });

  it('reads the shape NUMBER, INTEGER and decimalsOf give, for any near-number', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, nearNumbers), (v) => {
        expect(shapeOf(v)).toEqual(expected(v));
      }),
      { numRuns: 3000 },
    );
  });

  const valueOf = (text: string) => {
    const { bytes, start, end } = framed(text);
    return readNumber(bytes, start, end);
  };

  it.each(['0', '-0', '-0.00', '+5', '.5', '5.', '0.1', '0.3', '123.456', '-9.99', '1e22', '1e-22', '4.35e2', '2.5E-3', '900719925474099', '0.000001', '1234567.89'])(
    '%s reads as Number() does, without a string',
    (text) => {
      expect(Object.is(valueOf(text), Number(text))).toBe(true);
    },
  );

  it.each(['1e23', '12345678901234567890', '9007199254740992', '9007199254740993', '1e400', '4.9e-324', '1.7976931348623157e308', '1e-23'])('%s is left to Number (could round differently)', (text) => {
    expect(valueOf(text)).toBeUndefined();
  });

  it('is Number() whenever it answers, for any near-number', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, nearNumbers), (v) => {
        const value = valueOf(v);
        if (value !== undefined) expect(Object.is(value, Number(v))).toBe(true);
        else if (NUMBER.test(v)) expect(v.replace(/[^0-9]/g, '').length + Math.abs(Number(v.split(/[eE]/)[1] ?? 0))).toBeGreaterThan(15);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('datetimes from bytes', () => {
  it('has a byte template for every known format of digits and literals, and none for month names, AM/PM or a two-digit year', () => {
    const wordy = (f: (typeof DATETIME_FORMATS)[number]) => f.fields.includes('N') || f.fields.includes('A');
    // A two-digit year's century comes from the pivot, not the bytes: such formats stay on their regex.
    for (const f of DATETIME_FORMATS) expect(byteTemplate(f), f.name).toEqual(wordy(f) || f.twoDigitYear ? undefined : expect.anything());
    expect(DATETIME_FORMATS.filter(wordy)).toHaveLength(9);
  });

  it('has no template for a digit group of a field it keeps no slot for, rather than dropping it', () => {
    const format = { ...DATETIME_FORMATS[0]!, fields: ['Y', 'N', 'D'] as const };
    expect(byteTemplate(format)).toBeUndefined();
  });

  it('has no template for a pattern that is not digit groups, offsets and literals', () => {
    const format = { ...DATETIME_FORMATS[0]!, fields: ['Y', 'M'] as const, pattern: /^(\d{4})-(\d+)$/ };
    expect(byteTemplate(format)).toBeUndefined();
  });

  const samples = ['2024-01-31', '2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '0099-12-31', '2024-13-01', '2024-00-10', '2024-1-01', '2024-01-01T12:30:45.123Z', '2024-01-01T24:00:00Z', '2024-01-01T23:59:59', '2024-01-01 23:59:59', '2024-01-01 23:60', '2024/01/02', '31/12/2024', '12/31/2024', '31.12.2024', '31-12-2024', '12-31-2024', '2024-01-0x', '', '2024-01-01 ', '２０２４-01-01',
    '2024-01-01T12:30:45+02:00', '2024-01-01T12:30:45-0530', '2024-01-01 12:30:45+02', '2024-01-01T12:30:45.123-01:00', '2024-01-01 12:30:45+24:00', '2024-01-01 12:30:45.5',
    '2024-01-01 12:30:45.123', '2024-01-01 12:30:45.123456', '2024-01-01T12:30:45Z', '2024-01-01 12:30:45Z', '2024-01-01T12:30:45.123Z', '2024-01-01T12:30:45.12Z', '1969-12-31T23:59:59.999999', '1/5/2024', '12/31/2024 9:05', '1/13/2024 23:59', '123/1/2024', '31.12.2024 23:59',
    '2024-01-01T12:30', '31/12/2024 23:59:59', '12/31/2024 23:59', '2024/12/31 23:59:59', '2024/12/31 23:59', '31.12.2024 23:59:59', '12:30:45.123', '2024-01-01T12:30:45.123456Z', '2024-01-01T12:30:45.123456+02:00', '2024-01-01 12:30:45.123456-05:30', '2024-01-01 12:30:45.123+02:00'];

  const TEMPLATED = DATETIME_FORMATS.filter((f) => byteTemplate(f) !== undefined);
  it('parses exactly as the format regex does, valid dates or not', () => {
    const mutated = fc.tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(30), fc.constantFrom('0', '1', '2', '3', '9', '/', '-', ':', 'T', 'Z', '.', '+', ' ')), { maxLength: 3 })).map(([s, edits]) => {
      const chars = [...s];
      for (const [at, ch] of edits) if (chars.length) chars[at % chars.length] = ch;
      return chars.join('');
    });
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...samples), mutated), (v) => {
        const { bytes, start, end } = framed(v, 'utf8');
        for (const f of TEMPLATED) expect(Object.is(parseDatetimeBytes(byteTemplate(f)!, bytes, start, end), parseDatetime(f, v)), `${f.name} ${v}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('computes epoch milliseconds as Date does, years 0–99 as written (not Date.UTC’s 1900s)', () => {
    const utc = (Y: number, M: number, D: number) => {
      const d = new Date(Date.UTC(2000, M - 1, D, 13, 7, 59, 999));
      d.setUTCFullYear(Y, M - 1, D);
      return d.getTime();
    };
    for (let Y = 0; Y <= 9999; Y += Y < 2100 ? 1 : 37) {
      for (const [M, D] of [[1, 1], [2, 28], [2, 29], [3, 1], [12, 31]] as const) {
        const got = epochMs(Y, M, D, 13, 7, 59, 999);
        const leap = (Y % 4 === 0 && Y % 100 !== 0) || Y % 400 === 0;
        expect(got).toBe(M === 2 && D === 29 && !leap ? NaN : utc(Y, M, D));
      }
    }
  });
});

describe('cells from bytes', () => {
  it('knows every missing spelling and nothing else', () => {
    for (const s of MISSING_SPELLINGS) {
      const { bytes, start, end } = framed(s);
      expect(isMissingBytes(bytes, start, end), s).toBe(true);
    }
    for (const s of ['NAN', 'n/A', 'nul', 'Nulls', '--', '??', ' ', '0', 'none ']) {
      const { bytes, start, end } = framed(s);
      expect(isMissingBytes(bytes, start, end), s).toBe(false);
    }
  });

  it('tells from the bytes when trim would change a cell', () => {
    for (const s of ['a', ' a', 'a ', '\ta', 'a\r', '\u00a0a', 'a\u00a0', 'é', '', '日本 ']) {
      for (const encoding of ['utf8', 'latin1'] as const) {
        if (encoding === 'latin1' && /[^\u0000-\u00ff]/.test(s)) continue;
        const { bytes, start, end } = framed(s, encoding);
        const looked = s.length > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32);
        expect(needsTrim(bytes, start, end), `${JSON.stringify(s)} ${encoding}`).toBe(looked);
        if (!needsTrim(bytes, start, end)) expect(trim(s)).toBe(s);
      }
    }
  });
});

describe('byte map', () => {
  it('finds exactly the keys put in, short and long', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 300 }), fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 100 }), (keys, probes) => {
        const map = new ByteMap();
        const reference = new Map<string, number>();
        // Keys sit inside a larger buffer, at an odd offset, so word loads are unaligned and may run past the key.
        const inBuffer = (k: Uint8Array) => {
          const b = Buffer.alloc(k.length + 11, 0xaa);
          b.set(k, 3);
          return { b, start: 3, end: 3 + k.length };
        };
        keys.forEach((k, i) => {
          const id = Buffer.from(k).toString('hex');
          const { b, start, end } = inBuffer(k);
          if (reference.has(id)) return;
          expect(map.get(b, start, end)).toBe(ABSENT);
          map.set(b, start, end, i - 1);
          reference.set(id, i - 1);
        });
        for (const k of [...keys, ...probes]) {
          const { b, start, end } = inBuffer(k);
          expect(map.get(b, start, end)).toBe(reference.get(Buffer.from(k).toString('hex')) ?? ABSENT);
          // The same key at the very end of its buffer (no room for word loads).
          const tight = Buffer.from(k);
          expect(map.get(tight, 0, tight.length)).toBe(reference.get(Buffer.from(k).toString('hex')) ?? ABSENT);
        }
        expect(map.size).toBe(reference.size);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Arrow text columns from bytes', () => {
  const decoded = (values: (string | null)[]) => {
    const bytes = encodeColumns(values.length, [{ type: 'text', name: 't', utf8: utf8FromStrings(values) }]);
    return tableFromIPC(bytes).getChild('c0').toArray() as unknown as (string | null)[];
  };

  it('copies UTF-8 and reads invalid bytes as Windows-1252, as the cell decoder does', () => {
    const b = new Utf8Builder();
    const cells = [Buffer.from('plain'), Buffer.from('naïve 日本 😀 \uFFFD'), Buffer.from([0x61, 0xff, 0x62]), Buffer.from([0xe6, 0x97]), Buffer.from([0x93, 0x63, 0xc3, 0xa9, 0x94]), Buffer.from('')];
    for (const c of cells) b.addUtf8(c, 0, c.length);
    b.addNull();
    const data = b.take();
    const table = tableFromIPC(encodeColumns(data.length, [{ type: 'text', name: 't', utf8: data }]));
    expect(table.getChild('c0').toArray()).toEqual(['plain', 'naïve 日本 😀 \uFFFD', 'aÿb', 'æ\u2014', '\u201cc\u00e9\u201d', '', null]);
    expect(cells.map((c) => decodeUtf8Cell(c, 0, c.length))).toEqual(['plain', 'naïve 日本 😀 \uFFFD', 'aÿb', 'æ\u2014', '\u201cc\u00e9\u201d', '']);
  });

  it('transcodes Windows-1252 (0x80–0x9F are €, quotes and dashes, not C1 controls)', () => {
    const b = new Utf8Builder();
    const cell = Buffer.concat([Buffer.from('Müller ÿ José ', 'latin1'), Buffer.from([0x80, 0x93, 0x96, 0x94, 0x81])]);
    b.addWindows1252(cell, 0, cell.length);
    const data = b.take();
    const expected = 'Müller ÿ José €\u201c\u2013\u201d\u0081';
    expect(tableFromIPC(encodeColumns(1, [{ type: 'id', name: 't', utf8: data }])).getChild('c0').toArray()).toEqual([expected]);
    expect(decodeWindows1252(cell, 0, cell.length)).toBe(expected);
  });

  it('encodes each chunk of a reused builder to the bytes of a new builder', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null }), { maxLength: 40 }), { minLength: 1, maxLength: 5 }), (chunks) => {
        const reused = new Utf8Builder();
        for (const values of chunks) {
          for (const v of values) {
            if (v === null) reused.addNull();
            else reused.addString(v);
          }
          const encode = (utf8: ReturnType<Utf8Builder['take']>) => Buffer.from(encodeColumns(values.length, [{ type: 'text', name: 't', utf8 }]));
          expect(encode(reused.take()).equals(encode(utf8FromStrings(values)))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips any strings, nulls and empty strings included', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null }), { minLength: 1, maxLength: 40 }), (values) => {
        expect(decoded(values)).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes a table to the same bytes as flechette building it value by value', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double(), fc.integer({ min: -1, max: 5 }), fc.option(fc.string(), { nil: null })), { maxLength: 30 }), (rows) => {
        const floats = Float64Array.from(rows, (r) => r[0]);
        const codes = Int32Array.from(rows, (r) => r[1]);
        const texts = rows.map((r) => r[2]);
        const categories = ['a', 'b', 'c', 'd', 'e', 'f'];
        const ours = encodeTable({
          rowCount: rows.length,
          columns: [
            { type: 'float', name: 'f', values: floats },
            { type: 'categorical', name: 'c', codes, categories },
            { type: 'text', name: 't', values: texts },
          ],
        });
        // How arrow.ts encoded before it built batches itself: flechette's builders, value by value.
        const built = tableFromArrays({ c0: floats, c1: codes, c2: [...texts] }, { types: { c0: float64(), c1: int32(), c2: utf8() } });
        const metadata = { rows: rows.length, columns: [{ name: 'f', type: 'float' }, { name: 'c', type: 'categorical', categories }, { name: 't', type: 'text' }] };
        built.schema.metadata = new Map([['tabmimic.columns', JSON.stringify(metadata)]]);
        expect(Buffer.from(ours)).toEqual(Buffer.from(tableToIPC(built, { format: 'file' })!));
      }),
      { numRuns: 200 },
    );
  });
});
