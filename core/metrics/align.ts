/**
 * A synthetic column typed otherwise than its real one (re-typed by a schema edit, or inferred so
 * from its own values) is read as the real column's type, from its values as written: the real
 * file decides what a column is, and every score compares like with like. A value that does not
 * read as that type (`w181` in a number column) is missing, which the scores then count against it.
 */
import { columnLabels, MISSING_CODE, numbersColumn, type Column, type Table } from '../table/model.js';
import { datetimeFormat, parseDatetime } from '../table/datetime.js';

export interface TypeDifference {
  readonly column: string;
  readonly real_type: Column['type'];
  readonly synthetic_type: Column['type'];
}

/** The synthetic table with each column shared with the real one in the real one's type; the columns that were read so. */
export function readAsReal(real: Table, synthetic: Table): { table: Table; retyped: TypeDifference[] } {
  const types = new Map(real.columns.map((c) => [c.name, c]));
  const retyped: TypeDifference[] = [];
  const columns = synthetic.columns.map((s) => {
    const r = types.get(s.name);
    if (!r || sameKind(r, s)) return s;
    retyped.push({ column: s.name, real_type: r.type, synthetic_type: s.type });
    return readAs(r, s);
  });
  return { table: retyped.length ? { rowCount: synthetic.rowCount, columns } : synthetic, retyped };
}

/** Integer and float are both numbers to every score; other types differ in what their values are. */
const sameKind = (a: Column, b: Column) => a.type === b.type || (isNumber(a) && isNumber(b));
const isNumber = (c: Column) => c.type === 'integer' || c.type === 'float';

/** `s`'s values as written, read as a column of `like`'s type and name. */
export function readAs(like: Column, s: Column): Column {
  const labels = columnLabels(s);
  switch (like.type) {
    case 'integer':
    case 'float':
      return numbersColumn(like, Float64Array.from(labels, numberOf));
    case 'datetime': {
      // Numbers (epoch_s) and other spellings of an instant: the real format first, then ISO 8601.
      if (s.type === 'datetime') return s;
      const format = datetimeFormat(like.format);
      return numbersColumn(like, Float64Array.from(labels, (l) => (l === null ? NaN : instantOf(parseDatetime(format, l.trim()), l))));
    }
    case 'categorical':
    case 'boolean': {
      const index = new Map<string, number>();
      const codes = Int32Array.from(labels, (l) => {
        if (l === null) return MISSING_CODE;
        let code = index.get(l);
        if (code === undefined) index.set(l, (code = index.size));
        return code;
      });
      return { type: like.type, name: like.name, codes, categories: [...index.keys()] };
    }
    case 'text':
    case 'id':
      return { type: like.type, name: like.name, values: labels };
  }
}

function numberOf(label: string | null): number {
  const text = label?.trim();
  if (!text) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

function instantOf(parsed: number, label: string): number {
  if (!Number.isNaN(parsed)) return parsed;
  // Date.parse reads a bare number as a year and much else loosely: only ISO-shaped text falls back,
  // read in UTC without an offset as the table's datetimes are (Date.parse would take local time).
  const iso = label.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return NaN;
  return Date.parse(iso.length === 10 || /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
}
