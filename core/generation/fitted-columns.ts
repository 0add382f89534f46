/**
 * The column types a stored model was fitted on. The source's schema may change after the fit (a
 * retype of `year` from integer to categorical), but the model still generates each column as it
 * learned it: its conditions, constraints and output are judged by these types, not the file's
 * current ones.
 */
import { z } from 'zod';
import { ColumnInfo } from '../files/model.js';
import { boundColumns } from '../files/record-bounds.js';
import { MISSING_CODE, cellLabel, type Column, type Table } from '../table/model.js';

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
 * `year` since made categorical still reads numbers). A cell that is no value of the fitted type is missing.
 */
export function realAsFitted(real: Table, fitted: readonly FittedColumn[] | undefined): Table {
  if (!fitted) return real;
  const columns = real.columns.map((c) => {
    const f = fitted.find((x) => x.name === c.name);
    return f && f.type !== c.type ? fromLabels(c, f) : c;
  });
  return { rowCount: real.rowCount, columns };
}

function fromLabels(c: Column, f: FittedColumn): Column {
  const labels = Array.from({ length: 'codes' in c ? c.codes.length : c.values.length }, (_, r) => cellLabel(c, r));
  switch (f.type) {
    case 'integer':
    case 'float':
      return { type: f.type, name: c.name, values: Float64Array.from(labels, (l) => (l === null || l.trim() === '' ? NaN : Number(l))), ...(f.decimals !== undefined ? { decimals: f.decimals } : {}) };
    case 'datetime':
      // Dates retyped away and back are rare; their text no longer says which instant it was: leave the constraint checks to the current type.
      return c;
    case 'categorical':
    case 'boolean': {
      const categories = [...new Set(labels.filter((l): l is string => l !== null))];
      const index = new Map(categories.map((l, i) => [l, i]));
      return { type: f.type, name: c.name, codes: Int32Array.from(labels, (l) => (l === null ? MISSING_CODE : index.get(l)!)), categories };
    }
    case 'text':
    case 'id':
      return { type: f.type, name: c.name, values: labels };
  }
}
