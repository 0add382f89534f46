/** Writing tables back out — as CSV in the source's spelling, or as JSON records — and reading small CSVs. */
import { Readable } from 'node:stream';
import type { ColumnInfo, CsvDialect } from '../files/model.js';
import { MISSING_CODE, type Column, type DatetimeColumn, type NumberColumn, type Table } from './model.js';
import { datetimeFormat, formatDatetime } from './datetime.js';
import { ingestCsv } from './ingest.js';
import type { ColumnOverrides } from './override.js';
import { concatTables, decodeTable } from './arrow.js';
import { setOwn } from '../records.js';
import { affixNumber, isBareDecimalComma, roundsTo } from './numbers.js';

export type Cell = string | number | boolean | null;

/** A cell's value for JSON: numbers stay numbers (epoch datetimes too), booleans true/false, other datetimes and categories their source spelling. */
function cellReader(c: Column): (row: number) => Cell {
  switch (c.type) {
    case 'integer':
    case 'float': {
      const round = c.type === 'float' && roundsTo(c.decimals) ? roundTo(c.decimals) : (v: number) => v;
      return (r) => {
        const v = c.values[r]!;
        return Number.isNaN(v) ? null : round(v);
      };
    }
    case 'datetime': {
      const format = datetimeFormat(c.format);
      // Epoch seconds or milliseconds are numbers in the source, so JSON keeps them numbers (CSV text is the same).
      const unit = format.epochUnit;
      if (unit !== undefined) {
        return (r) => {
          const v = c.values[r]!;
          return Number.isNaN(v) ? null : Math.floor(v / unit);
        };
      }
      return (r) => {
        const v = c.values[r]!;
        return Number.isNaN(v) ? null : formatDatetime(format, v, c.utcOffset);
      };
    }
    case 'categorical':
      return categoryReader(c.codes, c.categories);
    case 'boolean': {
      // Spelled true/false in any case (a Parquet or JSON boolean, R's TRUE, Python's True): JSON's
      // booleans. Other spellings (yes/no, 0/1) stay labels, so the output keeps them. Categories are
      // [false spelling, true spelling].
      if (!isTrueFalse(c.categories)) return categoryReader(c.codes, c.categories);
      return (r) => {
        const code = c.codes[r]!;
        return code === MISSING_CODE ? null : code === 1;
      };
    }
    case 'text':
    case 'id':
      return (r) => c.values[r] ?? null;
  }
}

const categoryReader = (codes: Int32Array, categories: readonly string[]) => (r: number): Cell => {
  const code = codes[r]!;
  return code === MISSING_CODE ? null : (categories[code] ?? null);
};

/** A boolean column spelled `false`/`true` in any case: written as real booleans (JSON, Parquet); CSV keeps the spelling. */
export const isTrueFalse = (categories: readonly string[]): boolean => categories[0]?.toLowerCase() === 'false' && categories[1]?.toLowerCase() === 'true';

const roundTo = (decimals: number) => {
  const f = 10 ** decimals;
  return (v: number) => Math.round(v * f) / f;
};

/** A cell's CSV text: floats with the source's decimals (fixed when the source's were), numbers with the source's affix (`$1,234.50`, `12.5%`, `1.234,56`). */
function cellWriter(c: Column): (row: number) => string {
  const write = plainCellWriter(c);
  if ((c.type !== 'integer' && c.type !== 'float') || !c.affix) return write;
  const affix = c.affix;
  return (r) => {
    const text = write(r);
    return text === '' ? '' : affixNumber(text, affix);
  };
}

/** One value as a cell of `c` is written (its decimals, affix, date format): how a message quotes a value the file will show. */
export const valueText = (c: NumberColumn | DatetimeColumn, value: number): string => cellWriter({ ...c, values: Float64Array.of(value) })(0);

function plainCellWriter(c: Column): (row: number) => string {
  if (c.type === 'float' && c.fixedDecimals && roundsTo(c.decimals)) {
    const d = c.decimals;
    return (r) => {
      const v = c.values[r]!;
      return Number.isNaN(v) ? '' : v.toFixed(d);
    };
  }
  // Labels as spelled (TRUE stays TRUE), though JSON reads a true/false column as booleans.
  const read = c.type === 'boolean' ? categoryReader(c.codes, c.categories) : cellReader(c);
  return (r) => {
    const v = read(r);
    return v === null ? '' : String(v);
  };
}

const needsQuotes = (s: string, delimiter: string) => s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
const quote = (s: string, delimiter: string) => (needsQuotes(s, delimiter) ? `"${s.replaceAll('"', '""')}"` : s);

/** Source delimiters a table with a decimal comma is written back in (a space-delimited source's rows would not sniff back). */
const KEPT_DELIMITERS: ReadonlySet<string> = new Set([';', '\t', '|', ',']);

/**
 * `,` unless a column is written with a bare decimal comma (`0,33`, `1.234,56`): then the delimiter
 * of the file it was read from (NumberAffix.delimiter), so the download is shaped as its source.
 * A comma source keeps `,` with the values quoted (`"3,5"`), its own convention: our ingest reads
 * it back as it read the source — under the float type (a generated file's retype keeps every
 * column's type so) — whereas `;` would change the file's shape from its source's download, which
 * is the upload's own bytes. `;` when unknown (copies and models saved before the delimiter was
 * kept; none of them came from a comma file) or when columns disagree.
 */
export function csvDelimiter(table: Table): string {
  const sources = new Set<string | undefined>();
  for (const c of table.columns) if ((c.type === 'integer' || c.type === 'float') && isBareDecimalComma(c.affix)) sources.add(c.affix?.delimiter);
  if (sources.size === 0) return ',';
  const [only] = sources;
  return sources.size === 1 && only !== undefined && KEPT_DELIMITERS.has(only) ? only : ';';
}

export interface CsvOptions {
  /** csvDelimiter's choice unless given. */
  readonly delimiter?: string;
  readonly header?: boolean;
}

export function writeCsv(table: Table, options: CsvOptions = {}): string {
  return [...csvPieces(table, options)].join('') || '\n';
}

/** Rows per piece of `csvPieces`: a few megabytes of text at most table widths. */
export const PIECE_ROWS = 16_384;

/**
 * The table as CSV text in pieces (the header, then PIECE_ROWS rows at a time), each ending in a
 * newline: a table of millions of rows would pass V8's longest string as one.
 */
export function* csvPieces(table: Table, options: CsvOptions = {}): Generator<string> {
  const delimiter = options.delimiter ?? csvDelimiter(table);
  const writers = table.columns.map(cellWriter);
  if (options.header !== false) yield table.columns.map((c) => quote(c.name, delimiter)).join(delimiter) + '\n';
  for (let start = 0; start < table.rowCount; start += PIECE_ROWS) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(table.rowCount, start + PIECE_ROWS); r++) {
      // One empty field is written `""`: an empty line would be read back as a blank line, not a row.
      lines.push(writers.map((w) => quote(w(r), delimiter)).join(delimiter) || '""');
    }
    yield lines.join('\n') + '\n';
  }
}

export function toRecords(table: Table, offset: number, limit: number): Record<string, Cell>[] {
  const readers = table.columns.map((c) => [c.name, cellReader(c)] as const);
  const end = Math.min(table.rowCount, offset + limit);
  const out: Record<string, Cell>[] = [];
  for (let r = offset; r < end; r++) {
    const rec: Record<string, Cell> = {};
    for (const [name, read] of readers) setOwn(rec, name, read(r));
    out.push(rec);
  }
  return out;
}

/** A small CSV (tests, benchmarks) through the same engine as uploads, optionally with column types set. */
export async function readCsvTable(text: string | Uint8Array, overrides?: ColumnOverrides): Promise<{ table: Table; columns: ColumnInfo[]; dialect: CsvDialect }> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const chunks: Table[] = [];
  const summary = await ingestCsv({
    open: async () => Readable.from([bytes]),
    writeChunk: async (_i, encoded) => void chunks.push(decodeTable(encoded)),
    overrides,
  });
  return { table: concatTables(chunks), columns: summary.columns, dialect: summary.dialect };
}
