/**
 * The in-memory columnar table every analysis, synthesizer and report works on.
 *
 * One representation per logical type, chosen so that hot loops run over typed arrays:
 * - numbers and datetimes are Float64Array with NaN for a missing value;
 * - categoricals and booleans are integer codes into a category list, -1 for a missing value;
 * - free text and identifiers are plain strings, null for a missing value.
 */
export const LOGICAL_TYPES = ['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'id'] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];

export const MISSING_CODE = -1;

export interface NumberColumn {
  readonly type: 'integer' | 'float';
  readonly name: string;
  /** NaN marks a missing value. */
  readonly values: Float64Array;
  /** Most decimal places seen in the source text, so output can be written back alike. */
  readonly decimals?: number;
  /** Every source value had exactly `decimals` places (e.g. `0.0`, `10.9`): write them fixed. */
  readonly fixedDecimals?: boolean;
  /** The source wrote every value with this currency symbol or percent sign (infer.ts rule 4d): output is written alike. */
  readonly affix?: NumberAffix;
}

/** How a number column's values are written: what a copy or a generated column must carry along. */
export type NumberSpelling = Pick<NumberColumn, 'decimals' | 'fixedDecimals' | 'affix'>;

/** The spelling of a number column (or of a saved model's record of one), field by field in one place. */
export const spellingOf = (c: NumberSpelling): NumberSpelling => ({ decimals: c.decimals, fixedDecimals: c.fixedDecimals, affix: c.affix });

/** How a datetime column's values are written: its format, and the UTC offset of a format that has one. */
export type DatetimeSpelling = Pick<DatetimeColumn, 'format' | 'utcOffset'>;

/** The spelling of a datetime column, for a model's record of it; no `utcOffset` key without one, so records of other columns keep their bytes. */
export const datetimeSpellingOf = (c: DatetimeSpelling): DatetimeSpelling => ({ format: c.format, ...(c.utcOffset !== undefined ? { utcOffset: c.utcOffset } : {}) });

/** What a generated number or datetime column is named, typed and spelled as: a column's record in a model. */
export type NumbersLike = NumberSpelling & { readonly name: string; readonly type: string; readonly format?: string | undefined; readonly utcOffset?: string | undefined };

/** A generated column of `values`, as `like` describes it: a datetime in its format (ISO dates if none) and offset, else an integer or float column in its spelling. */
export function numbersColumn(like: NumbersLike, values: Float64Array): NumberColumn | DatetimeColumn {
  return like.type === 'datetime'
    ? { type: 'datetime', name: like.name, values, ...datetimeSpellingOf({ format: like.format ?? 'YYYY-MM-DD', utcOffset: like.utcOffset }) }
    : { type: like.type === 'integer' ? 'integer' : 'float', name: like.name, values, ...spellingOf(like) };
}

/**
 * How a column's numbers are spelled around their digits (infer.ts rule 4d): `$1,234.50`,
 * `-$5.25`, `$-5.25`, `12.5%`. A percent is kept as written (`12.5%` is 12.5, not 0.125), so the
 * value round-trips without rescaling.
 */
export interface NumberAffix {
  /** Before the digits: a currency symbol (`$`, `€`, `£`, `¥`, `₹`), or ''. */
  readonly prefix: string;
  /** After the digits: `%` or a currency symbol, or ''. */
  readonly suffix: string;
  /** A minus goes between the prefix and the digits (`$-5.25`), not before the prefix (`-$5.25`). */
  readonly signInside?: boolean;
  /** Digits grouped in threes with commas (`$1,234.50`). */
  readonly thousands?: boolean;
  /** Negatives in accounting style: `($5.25)`, or `$(5.25)` with signInside. */
  readonly parentheses?: boolean;
  /** The European spelling, `1.234,56 €`: a decimal comma, thousands grouped by `group` (`.` unless a space was used). */
  readonly decimalComma?: boolean;
  readonly group?: string;
  /**
   * A bare decimal comma only: the delimiter of the file it was read from, which CSV output keeps
   * (csv.ts csvDelimiter). Absent in copies and models saved before it (`;` is written then).
   */
  readonly delimiter?: string;
}

export interface DatetimeColumn {
  readonly type: 'datetime';
  readonly name: string;
  /** Milliseconds since the Unix epoch, UTC; NaN marks a missing value. */
  readonly values: Float64Array;
  /** The source format (e.g. `YYYY-MM-DD`, `DD/MM/YYYY HH:mm`, `epoch_s`), so output matches input. */
  readonly format: string;
  /**
   * Formats with a UTC offset: the offset values are written at (`+02:00`, `Z`; utc-offset.ts), the
   * source's own. Absent means `+00:00` (columns and models saved before it was kept).
   */
  readonly utcOffset?: string;
}

export interface CategoricalColumn {
  readonly type: 'categorical' | 'boolean';
  readonly name: string;
  /** Index into `categories`; MISSING_CODE (-1) marks a missing value. */
  readonly codes: Int32Array;
  /** Category labels exactly as spelled in the source. For booleans: [falseSpelling, trueSpelling]. */
  readonly categories: readonly string[];
}

export interface TextColumn {
  readonly type: 'text' | 'id';
  readonly name: string;
  /** null marks a missing value. */
  readonly values: readonly (string | null)[];
}

export type Column = NumberColumn | DatetimeColumn | CategoricalColumn | TextColumn;

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

export const isNumeric = (c: Column): c is NumberColumn => c.type === 'integer' || c.type === 'float';
/** A column of numbers (integer, float or datetime) as its values; undefined otherwise. */
export const numbersOf = (c: Column | undefined): Float64Array | undefined =>
  c && (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') ? c.values : undefined;
export const isCategorical = (c: Column): c is CategoricalColumn => c.type === 'categorical' || c.type === 'boolean';
export const isTextual = (c: Column): c is TextColumn => c.type === 'text' || c.type === 'id';

export function columnLength(c: Column): number {
  return 'codes' in c ? c.codes.length : c.values.length;
}

export function isMissing(c: Column, row: number): boolean {
  switch (c.type) {
    case 'integer':
    case 'float':
    case 'datetime':
      return Number.isNaN(c.values[row]!);
    case 'categorical':
    case 'boolean':
      return c.codes[row] === MISSING_CODE;
    case 'text':
    case 'id':
      return c.values[row] === null;
  }
}

export function getColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** Rows [start, end) of a column, sharing no memory with the input. */
export function sliceColumn(c: Column, start: number, end: number): Column {
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      return { ...c, codes: c.codes.slice(start, end) };
    case 'text':
    case 'id':
      return { ...c, values: c.values.slice(start, end) };
    default:
      return { ...c, values: c.values.slice(start, end) };
  }
}

export function sliceTable(t: Table, start: number, end: number): Table {
  const s = Math.max(0, Math.min(start, t.rowCount));
  const e = Math.max(s, Math.min(end, t.rowCount));
  return { rowCount: e - s, columns: t.columns.map((c) => sliceColumn(c, s, e)) };
}

export function selectColumns(t: Table, names: readonly string[]): Table {
  return { rowCount: t.rowCount, columns: names.map((n) => getColumn(t, n)).filter((c): c is Column => !!c) };
}

/** The given rows, in the given order. (Plain loops: TypedArray.from with a map function is ~10× slower.) */
export function takeRows(t: Table, rows: ArrayLike<number>): Table {
  const n = rows.length;
  const pick = <A extends Float64Array | Int32Array>(out: A, source: ArrayLike<number>): A => {
    for (let i = 0; i < n; i++) out[i] = source[rows[i]!]!;
    return out;
  };
  const columns = t.columns.map((c): Column => {
    switch (c.type) {
      case 'categorical':
      case 'boolean':
        return { ...c, codes: pick(new Int32Array(n), c.codes) };
      case 'text':
      case 'id': {
        const values = new Array<string | null>(n);
        for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!] ?? null;
        return { ...c, values };
      }
      default:
        return { ...c, values: pick(new Float64Array(n), c.values) };
    }
  });
  return { rowCount: n, columns };
}

/** A cell as text (numbers in their shortest form), null when missing: for keys, labels and counts. */
export function cellLabel(c: Column, row: number): string | null {
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      return c.codes[row] === MISSING_CODE ? null : (c.categories[c.codes[row]!] ?? null);
    case 'text':
    case 'id':
      return c.values[row] ?? null;
    default:
      return Number.isNaN(c.values[row]!) ? null : String(c.values[row]);
  }
}

export function columnLabels(c: Column): (string | null)[] {
  return Array.from({ length: columnLength(c) }, (_, r) => cellLabel(c, r));
}
