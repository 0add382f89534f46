/**
 * A synthetic column typed otherwise than its real one (re-typed by a schema edit, or inferred so
 * from its own values) is read as the real column's type, from its values as written: the real
 * file decides what a column is, and every score compares like with like. A value that does not
 * read as that type (`w181` in a number column) is missing, which the scores then count against it,
 * and its count is reported with the column (TypeDifference.unreadable). Columns of the same type
 * spelled otherwise compare by what they mean: datetimes by their instants, booleans by truth value.
 */
import { columnLabels, MISSING_CODE, type CategoricalColumn, numbersColumn, type Column, type DatetimeColumn, type NumberColumn, type Table } from '../table/model.js';
import { datetimeFormat, formatDatetime, parseDatetime } from '../table/datetime.js';
import { OverrideCheck } from '../table/override.js';
import { columnBuilder } from '../table/parse.js';
import { isBareDecimalComma } from '../table/numbers.js';
import { FALSE_WORDS, TRUE_WORDS } from '../table/value-facts.js';

export interface TypeDifference {
  readonly column: string;
  readonly real_type: Column['type'];
  readonly synthetic_type: Column['type'];
  /** Synthetic values written but not read as the real type (`w181` in a number column), scored as missing; only when some are. */
  readonly unreadable?: number;
}

/** A synthetic table as given, and read in the real one's types (`table`); the columns that were read so. */
export interface Aligned {
  readonly given: Table;
  readonly table: Table;
  readonly retyped: TypeDifference[];
}

/**
 * `synthetic` aligned to `real` (readAsReal), unless it already is: the full report aligns once for
 * its parts, and each single route's report aligns for itself. An Aligned is reused against any real
 * table with the same column types (readAsReal reads only type, format and affix), such as the
 * conditioned rows of the one it was aligned to.
 */
export const alignedTo = (real: Table, synthetic: Table | Aligned): Aligned => ('given' in synthetic ? synthetic : readAsReal(real, synthetic));

/** The synthetic table with each column shared with the real one in the real one's type; the columns that were read so. */
export function readAsReal(real: Table, synthetic: Table): Aligned {
  const types = new Map(real.columns.map((c) => [c.name, c]));
  const retyped: TypeDifference[] = [];
  let reread = false;
  const columns = synthetic.columns.map((s) => {
    const r = types.get(s.name);
    if (!r || (sameKind(r, s) && !swappedDates(r, s) && !otherBooleans(r, s))) return s;
    reread = true;
    const read = readAs(r, s);
    // Dates or booleans spelled otherwise are the same type, read anew: not a type difference to report.
    if (!sameKind(r, s)) {
      const unreadable = unreadCount(s, read);
      retyped.push({ column: s.name, real_type: r.type, synthetic_type: s.type, ...(unreadable ? { unreadable } : {}) });
    }
    return read;
  });
  return { given: synthetic, table: reread ? { rowCount: synthetic.rowCount, columns } : synthetic, retyped };
}

/** Integer and float are both numbers to every score; other types differ in what their values are. */
const sameKind = (a: Column, b: Column) => a.type === b.type || (isNumber(a) && isNumber(b));
/**
 * Both datetimes, in formats that differ only in the order of day and month: a small synthetic file
 * with no day above 12 reads as MM/DD where the real one is DD/MM, swapping month and day, so its
 * values are read anew (readAs). Datetimes in any other two formats (`YYYY-MM-DD` and `DD/MM/YYYY`)
 * are compared by the instants each file's own format read.
 */
const swappedDates = (a: Column, b: Column) => a.type === 'datetime' && b.type === 'datetime' && a.format !== b.format && dayMonthSwapped(a.format, b.format);

function dayMonthSwapped(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const [fa, fb] = [datetimeFormat(a), datetimeFormat(b)];
  const swap = (f: string) => (f === 'D' ? 'M' : f === 'M' ? 'D' : f);
  return fa.pattern.source === fb.pattern.source && fa.fields.join() === fb.fields.map(swap).join();
}

/** Both booleans, spelled otherwise (`yes`/`no` and `Y`/`N`, `true`/`false` and `1`/`0`): read anew by truth value. */
const otherBooleans = (a: Column, b: Column) => a.type === 'boolean' && b.type === 'boolean' && a.categories.join('\0') !== b.categories.join('\0');

/**
 * A boolean label's truth value: a true or false word, `1`/`0`, `on`/`off`; undefined for any other
 * label (a boolean column's categories are then read by position: false first, as inference orders them).
 */
function truthOf(label: string, categories?: readonly string[]): boolean | undefined {
  const l = label.trim().toLowerCase();
  if (TRUE_WORDS.has(l) || l === '1' || l === 'on') return true;
  if (FALSE_WORDS.has(l) || l === '0' || l === 'off') return false;
  const at = categories?.length === 2 ? categories.indexOf(label) : -1;
  return at === -1 ? undefined : at === 1;
}

/** Values `s` holds that `read` (s read as another type) does not: written, but not readable so. */
function unreadCount(s: Column, read: Column): number {
  const [before, after] = [columnLabels(s), columnLabels(read)];
  return before.reduce((n, l, i) => (l !== null && after[i] === null ? n + 1 : n), 0);
}
const isNumber = (c: Column) => c.type === 'integer' || c.type === 'float';

/** `s`'s values as written, read as a column of `like`'s type and name. */
export function readAs(like: Column, s: Column): Column {
  const labels = columnLabels(s);
  switch (like.type) {
    case 'integer':
    case 'float':
      return numbersColumn(like, numbersIn(like, labels));
    case 'datetime': {
      // Numbers (epoch_s) and other spellings of an instant: the real format first, then ISO 8601.
      const format = datetimeFormat(like.format);
      if (s.type === 'datetime') {
        // Already instants: read anew only when day and month may be swapped, and every date reads so (else the synthetic format was unambiguous).
        if (!swappedDates(like, s)) return s;
        const read = Float64Array.from(writtenDates(s), (l) => (l === null ? NaN : parseDatetime(format, l)));
        return read.every((v, i) => Number.isNaN(v) === Number.isNaN(s.values[i]!)) ? numbersColumn(like, read) : s;
      }
      return numbersColumn(like, Float64Array.from(labels, (l) => (l === null ? NaN : instantOf(parseDatetime(format, l.trim()), l))));
    }
    case 'categorical':
    case 'boolean': {
      // A boolean is read by truth value, written as the real column spells it (`Y` as `yes`).
      const spelling = like.type === 'boolean' ? booleanSpelling(like, s) : (l: string) => l;
      const index = new Map<string, number>();
      const codes = Int32Array.from(labels, (raw) => {
        if (raw === null) return MISSING_CODE;
        const l = spelling(raw);
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

/**
 * `labels` read as ingest reads a column the user forced to `like`'s type (override.ts, parse.ts):
 * `$1,037.50`, `1,234.5` and, where it reads more of them, `3,5` as the real file may spell its
 * numbers; a label no spelling reads is missing. A decimal comma the labels' own spelling decides,
 * as a forced type does (a file from elsewhere may write the real one's `0,33` as `0.33`); a
 * currency or percent affix the real column's decides.
 */
function numbersIn(like: NumberColumn, labels: readonly (string | null)[]): Float64Array {
  const check = new OverrideCheck(like.name, { type: like.type }, undefined, true);
  labels.forEach((l, i) => {
    if (l !== null) check.add(l, i + 1, i + 2);
  });
  const spelled = check.finish({ name: like.name, type: like.type, reason: '', missing: 0, distinct: labels.length });
  const build = columnBuilder(like.affix && !isBareDecimalComma(like.affix) ? { ...spelled, decimalComma: false, affix: like.affix } : spelled);
  for (const l of labels) build.add(l ?? '');
  // A number builder takes a number column; the other arm only narrows the chunk column's type.
  const built = build.take();
  return built.type === 'integer' || built.type === 'float' ? Float64Array.from(built.values) : new Float64Array(labels.length).fill(NaN);
}

/** A label of `s` as the boolean column `like` spells its truth value; as written when either has no spelling of it. */
function booleanSpelling(like: CategoricalColumn, s: Column): (label: string) => string {
  const own = s.type === 'boolean' ? s.categories : undefined;
  const real = new Map<boolean, string>();
  for (const c of like.categories) {
    const t = truthOf(c, like.categories);
    if (t !== undefined && !real.has(t)) real.set(t, c);
  }
  return (label) => {
    const t = truthOf(label, own);
    return (t === undefined ? undefined : real.get(t)) ?? label;
  };
}

/** A datetime column's values as its file wrote them (format and offset); null where missing. */
function writtenDates(c: DatetimeColumn): (string | null)[] {
  const format = datetimeFormat(c.format);
  return Array.from(c.values, (v) => (Number.isNaN(v) ? null : formatDatetime(format, v, c.utcOffset)));
}

function instantOf(parsed: number, label: string): number {
  if (!Number.isNaN(parsed)) return parsed;
  // Date.parse reads a bare number as a year and much else loosely: only ISO-shaped text falls back,
  // read in UTC without an offset as the table's datetimes are (Date.parse would take local time).
  const iso = label.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return NaN;
  return Date.parse(iso.length === 10 || /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
}
