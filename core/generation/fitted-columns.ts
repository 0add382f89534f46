/**
 * The column types a stored model was fitted on. The source's schema may change after the fit (a
 * retype of `year` from integer to categorical), but the model still generates each column as it
 * learned it: its conditions, constraints and output are judged by these types, not the file's
 * current ones.
 */
import { z } from 'zod';
import { ColumnInfo, DatetimeFormatName } from '../files/model.js';
import { boundColumns } from '../files/record-bounds.js';
import { MISSING_CODE, columnLabels, isNumeric, type Column, type Table } from '../table/model.js';
import { valueText } from '../table/csv.js';
import { datetimeFormat, parseDatetime } from '../table/datetime.js';
import { affixedNumberOf } from '../table/numbers.js';

/** What the request checks read of a column beyond its name: its type, its spelling, its missing cells, its labels. */
export const FittedColumn = ColumnInfo.pick({
  name: true,
  type: true,
  missing: true,
  format: true,
  utc_offset: true,
  decimals: true,
  categories: true,
  categories_truncated: true,
});
export type FittedColumn = z.infer<typeof FittedColumn>;

/** The record's copy of the source's columns at fit time: labels kept as the file record bounds them. */
export function fittedColumns(columns: readonly ColumnInfo[]): FittedColumn[] {
  return boundColumns(columns).map((c) => FittedColumn.parse(c));
}

/** Fields that belong to a column's type: taken from the fit when the type has changed since. */
const TYPED_FIELDS = ['format', 'utc_offset', 'decimals', 'categories', 'categories_truncated'] as const;

/**
 * The columns with the types the model was fitted on; the rest of each column (PII, key) as the
 * schema says now. A column whose type is unchanged keeps its current record (its labels are the
 * data's, read whole when cut short). Without `fitted` (records made before it) the columns as they are.
 */
export function withFittedTypes(columns: readonly ColumnInfo[], fitted: readonly FittedColumn[] | undefined): ColumnInfo[] {
  if (!fitted) return [...columns];
  return columns.map((c) => {
    const f = fitted.find((x) => x.name === c.name);
    if (!f || f.type === c.type) return c;
    const rest: ColumnInfo = { ...c };
    for (const key of TYPED_FIELDS) delete rest[key];
    return { ...rest, ...f };
  });
}

/** The names of the columns whose type has changed since the fit. */
export function retypedSinceFit(columns: readonly ColumnInfo[], fitted: readonly FittedColumn[] | undefined): Set<string> {
  return new Set((fitted ?? []).filter((f) => columns.some((c) => c.name === f.name && c.type !== f.type)).map((f) => f.name));
}

/**
 * The real table with each column retyped since the fit read back as the model knows it, from the
 * cells' text: constraints are checked against the data as the model learned it (a range on a
 * `year` since made categorical still reads numbers; a `fixed_combinations` on a label column since
 * made a float matches `7.0`, not `7`). A cell that is no value of the fitted type is missing.
 */
export function realAsFitted(real: Table, fitted: readonly FittedColumn[] | undefined): Table {
  if (!fitted) return real;
  const columns = real.columns.map((c) => {
    const f = fitted.find((x) => x.name === c.name);
    return f && f.type !== c.type ? asFittedType(c, f) : c;
  });
  return { rowCount: real.rowCount, columns };
}

/**
 * Each cell as the file writes it (writtenTexts), read as the fitted type. A model fitted on labels
 * learned the file's text (`7.0`, `2021-03-01`), not a number's shortest form or a date's epoch
 * milliseconds; numbers stay numbers between integer and float.
 */
function asFittedType(c: Column, f: FittedColumn): Column {
  switch (f.type) {
    case 'integer':
    case 'float': {
      // A label written with a currency sign or percent (`$12.50`, `7.5%`, as the fitted column wrote it) is its number.
      const values = isNumeric(c) ? c.values : Float64Array.from(writtenTexts(c), (l) => (l === null ? NaN : affixedNumberOf(l)));
      return { type: f.type, name: c.name, values, ...(f.decimals !== undefined ? { decimals: f.decimals } : {}) };
    }
    case 'datetime': {
      // The text a date column was retyped to is its cells as written: read them in the fitted format again.
      if (f.format === undefined || !DatetimeFormatName.safeParse(f.format).success) return c;
      const format = datetimeFormat(f.format);
      const values = Float64Array.from(writtenTexts(c), (l) => (l === null ? NaN : parseDatetime(format, l)));
      return { type: 'datetime', name: c.name, values, format: f.format, ...(f.utc_offset !== undefined ? { utcOffset: f.utc_offset } : {}) };
    }
    case 'categorical':
    case 'boolean': {
      const labels = writtenTexts(c);
      const categories = [...new Set(labels.filter((l): l is string => l !== null))];
      const index = new Map(categories.map((l, i) => [l, i]));
      return { type: f.type, name: c.name, codes: Int32Array.from(labels, (l) => (l === null ? MISSING_CODE : index.get(l)!)), categories };
    }
    case 'text':
    case 'id':
      return { type: f.type, name: c.name, values: writtenTexts(c) };
  }
}

/** A column's cells as the file writes them (decimals, affix, date format), null when missing. */
function writtenTexts(c: Column): (string | null)[] {
  if (c.type !== 'integer' && c.type !== 'float' && c.type !== 'datetime') return columnLabels(c);
  return Array.from(c.values, (v) => (Number.isNaN(v) ? null : valueText(c, v)));
}
