/**
 * Arrow IPC encoding of a Table chunk: the columnar copy stored beside every upload. Physical
 * arrays are stored as they are in memory (float64 with NaN, int32 codes, utf8 with nulls); the
 * logical types, formats and categories travel in the schema metadata.
 *
 * Columns are handed to flechette as finished batches rather than through its value-by-value
 * builders: the typed arrays are already the Arrow buffers, and text arrives from ingest already
 * as UTF-8 (utf8-column.ts). The buffers are padded as the builders pad them, so the bytes are
 * the same as building value by value.
 */
import { Column as ArrowColumn, batchType, float64, int32, tableFromColumns, tableFromIPC, tableToIPC, utf8, type Batch } from '@uwdata/flechette';
import { z } from 'zod';
import { LOGICAL_TYPES, datetimeSpellingOf, spellingOf, type Column, type Table } from './model.js';
import { UTC_OFFSET } from './utc-offset.js';
import { utf8FromStrings, type Utf8Data } from './utf8-column.js';

/** A text column already in Arrow's layout, as ingest builds it without making strings. */
export interface EncodedTextColumn {
  readonly type: 'text' | 'id';
  readonly name: string;
  readonly utf8: Utf8Data;
}

/** What a chunk is encoded from: model columns, or text columns already encoded. */
export type ChunkColumn = Column | EncodedTextColumn;

const METADATA_KEY = 'tabmimic.columns';

/** A number column's affix (model.ts NumberAffix) as saved models and chunk metadata hold it; optional wherever it travels, so copies saved before it still load. */
export const NumberAffixSchema = z.object({
  prefix: z.string(),
  suffix: z.string(),
  signInside: z.boolean().optional(),
  thousands: z.boolean().optional(),
  parentheses: z.boolean().optional(),
  decimalComma: z.boolean().optional(),
  group: z.string().max(1).optional(),
  delimiter: z.string().length(1).optional(),
});

/** A NumberSpelling (model.ts) as saved models and chunk metadata hold it: fields to spread into a zod object. */
export const numberSpellingFields = {
  decimals: z.number().int().optional(),
  fixedDecimals: z.boolean().optional(),
  affix: NumberAffixSchema.optional(),
};

/** A datetime column's UTC offset (model.ts DatetimeColumn.utcOffset) as saved models and chunk metadata hold it; absent in copies saved before it, which are read at `+00:00`. */
export const utcOffsetField = { utcOffset: z.string().regex(UTC_OFFSET).optional() };

const ColumnDescriptor = z.object({
  name: z.string(),
  type: z.enum(LOGICAL_TYPES),
  format: z.string().optional(),
  ...utcOffsetField,
  categories: z.array(z.string()).optional(),
  ...numberSpellingFields,
});
type ColumnDescriptor = z.infer<typeof ColumnDescriptor>;

function describe(c: ChunkColumn): ColumnDescriptor {
  if ('utf8' in c) return { name: c.name, type: c.type };
  switch (c.type) {
    case 'integer':
    case 'float':
      return { name: c.name, type: c.type, ...spellingOf(c) };
    case 'datetime':
      return { name: c.name, type: c.type, ...datetimeSpellingOf(c) };
    case 'categorical':
    case 'boolean':
      return { name: c.name, type: c.type, categories: [...c.categories] };
    default:
      return { name: c.name, type: c.type };
  }
}

/** Arrow field names must be unique; position keys keep duplicate or odd column names safe. */
const fieldName = (i: number) => `c${i}`;

export function encodeTable(table: Table): Uint8Array {
  return encodeColumns(table.rowCount, table.columns);
}

/** A chunk of `rowCount` rows as an Arrow IPC file. */
export function encodeColumns(rowCount: number, columns: readonly ChunkColumn[]): Uint8Array {
  const arrow = tableFromColumns(columns.map((c, i): [string, ArrowColumn<unknown>] => [fieldName(i), arrowColumn(c, rowCount)]));
  arrow.schema.metadata = new Map([[METADATA_KEY, JSON.stringify({ rows: rowCount, columns: columns.map(describe) })]]);
  const bytes = tableToIPC(arrow, { format: 'file' });
  if (!bytes) throw new Error('Arrow encoding produced no bytes');
  return bytes;
}

type BatchOptions = ConstructorParameters<typeof Batch>[0];

/** One batch of the column's rows; none for an empty table, as flechette's builders give. */
function arrowColumn(c: ChunkColumn, rowCount: number): ArrowColumn<unknown> {
  const of = (options: BatchOptions): ArrowColumn<unknown> => {
    const BatchClass = batchType(options.type) as new (o: BatchOptions) => Batch<unknown>;
    return new ArrowColumn(rowCount ? [new BatchClass(options)] : [], options.type);
  };
  const noNulls = { length: rowCount, nullCount: 0, validity: new Uint8Array(0) };
  if ('utf8' in c) return of({ type: utf8(), ...c.utf8 });
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      return of({ type: int32(), ...noNulls, values: padded(c.codes) });
    case 'text':
    case 'id':
      return of({ type: utf8(), ...utf8FromStrings(c.values) });
    default:
      return of({ type: float64(), ...noNulls, values: c.values });
  }
}

/** Int32 codes padded to whole 8-byte words with zeros, as flechette's builder stores them. */
const padded = (codes: Int32Array): Int32Array => {
  if (codes.length % 2 === 0) return codes;
  const out = new Int32Array(codes.length + 1);
  out.set(codes);
  return out;
};

const Metadata = z.object({ rows: z.number().int(), columns: z.array(ColumnDescriptor) });

export function decodeTable(bytes: Uint8Array): Table {
  const arrow = tableFromIPC(bytes);
  const meta = Metadata.parse(JSON.parse(arrow.schema.metadata?.get(METADATA_KEY) ?? '{}'));
  const columns = meta.columns.map((d, i): Column => {
    const child = arrow.getChild(fieldName(i));
    const data = child.toArray() as unknown;
    switch (d.type) {
      case 'integer':
      case 'float':
        return { type: d.type, name: d.name, values: toFloat64(data), ...spellingOf(d) };
      case 'datetime':
        return { type: 'datetime', name: d.name, values: toFloat64(data), ...datetimeSpellingOf({ format: d.format ?? 'YYYY-MM-DD', utcOffset: d.utcOffset }) };
      case 'categorical':
      case 'boolean':
        return { type: d.type, name: d.name, codes: toInt32(data), categories: d.categories ?? [] };
      case 'text':
      case 'id':
        return { type: d.type, name: d.name, values: Array.from(data as ArrayLike<string | null>) };
    }
  });
  return { rowCount: meta.rows, columns };
}

const toFloat64 = (data: unknown) => (data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>));
const toInt32 = (data: unknown) => (data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>));

/** Row-wise concatenation of tables with the same columns (e.g. chunks of one file). */
export function concatTables(tables: readonly Table[]): Table {
  const first = tables[0];
  if (!first) return { rowCount: 0, columns: [] };
  if (tables.length === 1) return first;
  const rowCount = tables.reduce((n, t) => n + t.rowCount, 0);
  const columns = first.columns.map((c, i): Column => {
    const parts = tables.map((t) => t.columns[i]!);
    switch (c.type) {
      case 'categorical':
      case 'boolean':
        return { ...c, codes: joinTyped(Int32Array, parts.map((p) => (p as typeof c).codes), rowCount) };
      case 'text':
      case 'id':
        return { ...c, values: parts.flatMap((p) => (p as typeof c).values) };
      default:
        return { ...c, values: joinTyped(Float64Array, parts.map((p) => (p as typeof c).values), rowCount) };
    }
  });
  return { rowCount, columns };
}

function joinTyped<A extends Float64Array | Int32Array>(Ctor: new (n: number) => A, parts: readonly A[], total: number): A {
  const out = new Ctor(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
