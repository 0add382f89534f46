/**
 * Builders that turn a column's raw cells into its typed representation, given the inferred type.
 * Cells arrive as bytes, a batch of a column at a time (`addColumn`), and are read from their
 * bytes where the rules allow — numbers, dates, known categories, text. A cell with surrounding
 * spaces goes through `add`, the string path that defines the behaviour.
 */
import { MISSING_CODE } from './model.js';
import type { CsvDialect } from '../files/model.js';
import type { ChunkColumn } from './arrow.js';
import type { InferredColumn } from './infer.js';
import type { CsvBatch } from './tokenizer.js';
import { MISSING_SPELLINGS, isMissingBytes } from './missing.js';
import { cellDecoder, isSingleByte, needsTrim, trim } from './cell.js';
import { datetimeFormat, parseDatetime } from './datetime.js';
import { datetimeReader, type DatetimeReader } from './date-bytes.js';
import { AffixedShape, affixedNumberOf, decimalCommaNumberOf, finiteOrMissing, numberOf, readDecimalComma, readNumber } from './numbers.js';
import { ABSENT, ByteMap } from './byte-map.js';
import { Utf8Builder } from './utf8-column.js';

export interface ColumnBuilder {
  add(raw: string): void;
  /** The cell bytes[start, end): the same as `add` of its text. */
  addBytes(bytes: Buffer, start: number, end: number): void;
  /** Rows [from, to) of column `column` of a batch. */
  addColumn(batch: CsvBatch, column: number, from: number, to: number): void;
  /**
   * The column so far; the builder starts over afterwards (one builder serves every chunk). The
   * column shares the builder's memory: it is valid until the next row is added.
   */
  take(): ChunkColumn;
}

type CellReader = (bytes: Buffer, start: number, end: number) => void;

/**
 * Each builder spells out its own loop over a batch's column rather than sharing a helper: in a
 * shared helper the call to the cell reader is one call site for every column type, which the
 * engine cannot inline and pays a dispatch per cell; in its own loop the reader is inlined.
 */
export function columnBuilder(info: InferredColumn, encoding: CsvDialect['encoding'] = 'utf-8'): ColumnBuilder {
  const { name } = info;
  const decode = cellDecoder(encoding);
  switch (info.type) {
    case 'integer':
    case 'float': {
      const values = floats();
      const type = info.type;
      const affix = info.affix ? { affix: info.affix } : {};
      const extra = type === 'float' ? { decimals: info.decimals ?? 0, fixedDecimals: info.fixedDecimals ?? false, ...affix } : affix;
      // A decimal-comma column (infer.ts rule 4c) reads `1,234` as 1.234; any other as 1234 (thousands).
      const comma = type === 'float' && info.decimalComma === true;
      // An affixed column (rule 4d) reads `$1,234.50` as 1234.5: readNumber refuses it, then the text is read.
      // Every reader below that can meet `Infinity` or `1e309` goes through this (the byte fast paths
      // refuse them): rule 4e of infer.ts, a numeric column holds no non-finite number.
      const { affix: spelled } = info;
      // `€1,234` is 1.234 where the column's affix has a decimal comma (numbers.ts commaValue).
      const readText = comma ? decimalCommaNumberOf : spelled ? (v: string) => affixedNumberOf(v, spelled) : numberOf;
      const textNumber = (v: string) => finiteOrMissing(readText(v));
      const add = (raw: string) => {
        const v = trim(raw);
        values.push(MISSING_SPELLINGS.has(v) ? NaN : textNumber(v));
      };
      const affixed = info.affix && AffixedShape.of(info.affix, decode);
      const addBytes: CellReader = affixed
        ? (bytes, start, end) => {
            if (needsTrim(bytes, start, end)) return add(decode(bytes, start, end));
            if (affixed.read(bytes, start, end)) return values.push(affixed.value);
            if (isMissingBytes(bytes, start, end)) return values.push(NaN);
            values.push(readNumber(bytes, start, end) ?? textNumber(decode(bytes, start, end)));
          }
        : comma
        ? (bytes, start, end) => {
            if (needsTrim(bytes, start, end)) return add(decode(bytes, start, end));
            if (isMissingBytes(bytes, start, end)) return values.push(NaN);
            values.push(readDecimalComma(bytes, start, end) ?? textNumber(decode(bytes, start, end)));
          }
        : (bytes, start, end) => {
            if (needsTrim(bytes, start, end)) return add(decode(bytes, start, end));
            if (isMissingBytes(bytes, start, end)) return values.push(NaN);
            values.push(readNumber(bytes, start, end) ?? textNumber(decode(bytes, start, end)));
          };
      return {
        add,
        addBytes,
        addColumn: (batch, column, from, to) => {
          const { buffer, starts, ends, width } = batch;
          for (let k = from * width + column, stop = to * width; k < stop; k += width) addBytes(buffer, starts[k]!, ends[k]!);
        },
        take: () => ({ type, name, values: values.take(), ...extra }),
      };
    }
    case 'datetime': {
      const values = floats();
      const format = datetimeFormat(info.format ?? 'YYYY-MM-DD');
      const read = info.distinct <= MEMO_DISTINCT ? memoized(datetimeReader(format), info.distinct) : datetimeReader(format);
      const add = (raw: string) => values.push(parseDatetime(format, trim(raw)));
      const addBytes: CellReader = (bytes, start, end) => (needsTrim(bytes, start, end) ? add(decode(bytes, start, end)) : values.push(read(bytes, start, end, decode)));
      return {
        add,
        addBytes,
        addColumn: (batch, column, from, to) => {
          const { buffer, starts, ends, width } = batch;
          for (let k = from * width + column, stop = to * width; k < stop; k += width) addBytes(buffer, starts[k]!, ends[k]!);
        },
        take: () => ({ type: 'datetime', name, values: values.take(), format: format.name, ...(info.utcOffset !== undefined ? { utcOffset: info.utcOffset } : {}) }),
      };
    }
    case 'categorical':
    case 'boolean': {
      const categories = info.categories ?? [];
      const index = new Map(categories.map((c, i) => [c, i]));
      const codeOf = (raw: string) => index.get(trim(raw)) ?? MISSING_CODE;
      // Codes by bytes, so a known spelling costs a hash lookup, not a string. Bounded: a column
      // of categories has few spellings, but nothing stops a file from having many.
      const byBytes = new ByteMap();
      const byBytesCap = 2 * categories.length + 64;
      const codes = ints();
      const type = info.type;
      const add = (raw: string) => codes.push(codeOf(raw));
      const addBytes: CellReader = (bytes, start, end) => {
        if (needsTrim(bytes, start, end)) return add(decode(bytes, start, end));
        let code = byBytes.get(bytes, start, end);
        if (code === ABSENT) {
          code = codeOf(decode(bytes, start, end));
          if (byBytes.size < byBytesCap) byBytes.set(bytes, start, end, code);
        }
        codes.push(code);
      };
      return {
        add,
        addBytes,
        addColumn: (batch, column, from, to) => {
          const { buffer, starts, ends, width } = batch;
          for (let k = from * width + column, stop = to * width; k < stop; k += width) addBytes(buffer, starts[k]!, ends[k]!);
        },
        take: () => ({ type, name, codes: codes.take(), categories }),
      };
    }
    case 'text':
    case 'id': {
      // Straight to Arrow's UTF-8 layout: these cells are never needed as strings.
      const values = new Utf8Builder();
      const type = info.type;
      const add = (raw: string) => (MISSING_SPELLINGS.has(trim(raw)) ? values.addNull() : values.addString(raw));
      const singleByte = isSingleByte(encoding);
      const addBytes: CellReader = (bytes, start, end) => {
        if (needsTrim(bytes, start, end)) add(decode(bytes, start, end));
        else if (isMissingBytes(bytes, start, end)) values.addNull();
        else if (singleByte) values.addWindows1252(bytes, start, end);
        else values.addUtf8(bytes, start, end);
      };
      return {
        add,
        addBytes,
        addColumn: (batch, column, from, to) => {
          const { buffer, starts, ends, width } = batch;
          for (let k = from * width + column, stop = to * width; k < stop; k += width) addBytes(buffer, starts[k]!, ends[k]!);
        },
        take: () => ({ type, name, utf8: values.take() }),
      };
    }
  }
}

/**
 * A typed array that doubles as it fills; `take` hands over the filled part as a view and starts
 * again over the same memory — ingest encodes each chunk before adding to the next, and a copy per
 * chunk (megabytes at a time) was a steady load on the collector.
 */
class Growable<A extends Float64Array | Int32Array> {
  private data: A;
  length = 0;
  constructor(private readonly make: (n: number) => A) {
    this.data = make(1024);
  }
  push(v: number) {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  take(): A {
    const out = this.data.subarray(0, this.length) as A;
    this.length = 0;
    return out;
  }
}

const floats = () => new Growable((n) => new Float64Array(n));
const ints = () => new Growable((n) => new Int32Array(n));

/** Up to this many distinct values (as inference counted them), a datetime column remembers each one's value by its bytes. */
const MEMO_DISTINCT = 4096;

/**
 * A datetime reader that parses each distinct spelling once: a column of dates repeats them (a
 * few years of days), and a hash lookup costs a fraction of a parse. Bounded, in case the
 * spellings outnumber the values inference counted (they differ only in invalid UTF-8).
 */
function memoized(read: DatetimeReader, distinct: number): DatetimeReader {
  const index = new ByteMap();
  const values: number[] = [];
  const cap = 2 * distinct + 64;
  return (bytes, start, end, decode) => {
    const known = index.get(bytes, start, end);
    if (known !== ABSENT) return values[known]!;
    const value = read(bytes, start, end, decode);
    if (index.size < cap) index.set(bytes, start, end, values.push(value) - 1);
    return value;
  };
}
