/**
 * Streaming column type inference. An accumulator sees every cell of one column once, in bounded
 * memory, and then decides a logical type with a reason a person can check.
 *
 * Rules, in order:
 * 1. every value missing → categorical with no categories;
 * 2. two distinct values spelled as booleans (true/false, yes/no, y/n, t/f) → boolean (0/1 stay integer);
 * 3. digit strings with a leading zero (zip codes, account numbers) → categorical, or id when unique;
 * 4. every value a number → integer or float (a numeric column with few distinct values stays
 *    numeric; the reason says so);
 * 5. every value a date in one known format → datetime (dd/mm vs mm/dd decided by values > 12,
 *    mm/dd when nothing tells them apart);
 * 6. unique in every row and shaped like a key (no spaces) → id;
 * 7. few distinct values (≤ max(20, 5 % of rows), at most 1000) → categorical;
 * 8. otherwise → text.
 */
import type { LogicalType } from './model.js';
import { DATETIME_FORMATS, parseDatetime, type DatetimeFormat } from './datetime.js';

/** Cells that mean "no value". Documented in the README. */
export const MISSING_SPELLINGS = new Set(['', 'NA', 'N/A', 'n/a', 'na', 'null', 'NULL', 'Null', 'None', 'none', 'NaN', 'nan', '-', '?']);

export const isMissingText = (s: string): boolean => MISSING_SPELLINGS.has(s.trim());

/** Trims only when there is something to trim: most cells have no surrounding spaces. */
export const trim = (raw: string): string => (raw.length && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw);

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
export const TRUE_WORDS = new Set(['true', 'yes', 'y', 't']);
export const FALSE_WORDS = new Set(['false', 'no', 'n', 'f']);
const DISTINCT_CAP = 10_000;

export interface InferredColumn {
  readonly name: string;
  readonly type: LogicalType;
  readonly reason: string;
  readonly missing: number;
  /** Exact while below the cap of 10 000; then a lower bound. */
  readonly distinct: number;
  readonly format?: string;
  /** Sorted labels of categorical and boolean columns (booleans: false spelling first). */
  readonly categories?: string[];
  readonly decimals?: number;
  readonly fixedDecimals?: boolean;
}

export class ColumnAccumulator {
  private count = 0;
  private missing = 0;
  private readonly distinct = new Map<string, number>();
  private distinctOverflow = false;
  private allNumber = true;
  private allInteger = true;
  private leadingZero = false;
  private allBoolean = true;
  private withSpace = 0;
  private maxDecimals = 0;
  private minDecimals = Infinity;
  private dateFormats: DatetimeFormat[] = [...DATETIME_FORMATS];
  private dayFirstSeen = false;
  private monthFirstSeen = false;

  constructor(readonly name: string) {}

  add(raw: string): void {
    this.count++;
    const v = trim(raw);
    if (MISSING_SPELLINGS.has(v)) {
      this.missing++;
      return;
    }
    if (!this.distinctOverflow) {
      this.distinct.set(v, (this.distinct.get(v) ?? 0) + 1);
      if (this.distinct.size > DISTINCT_CAP) this.distinctOverflow = true;
    }
    if (this.allNumber) {
      if (!NUMBER.test(v)) this.allNumber = false;
      else {
        if (!INTEGER.test(v)) this.allInteger = false;
        else if (/^[+-]?0\d/.test(v)) this.leadingZero = true;
        const decimals = decimalsOf(v);
        this.maxDecimals = Math.max(this.maxDecimals, decimals);
        this.minDecimals = Math.min(this.minDecimals, decimals);
      }
    }
    if (this.allBoolean) {
      const lower = v.toLowerCase();
      if (!TRUE_WORDS.has(lower) && !FALSE_WORDS.has(lower)) this.allBoolean = false;
    }
    if (v.includes(' ')) this.withSpace++;
    if (this.dateFormats.length) this.narrowDates(v);
  }

  private narrowDates(v: string): void {
    // Most values fit every remaining format: allocate a new list only when one drops out.
    if (this.dateFormats.some((f) => Number.isNaN(parseDatetime(f, v)))) {
      this.dateFormats = this.dateFormats.filter((f) => !Number.isNaN(parseDatetime(f, v)));
    }
    const slash = /^(\d{2})[/.-](\d{2})[/.-]\d{4}$/.exec(v);
    if (slash) {
      if (Number(slash[1]) > 12) this.dayFirstSeen = true;
      if (Number(slash[2]) > 12) this.monthFirstSeen = true;
    }
  }

  finish(): InferredColumn {
    const present = this.count - this.missing;
    const distinct = this.distinct.size;
    const base = { name: this.name, missing: this.missing, distinct };
    const sortedCategories = () => [...this.distinct.keys()].sort(compareLabels);

    if (present === 0) return { ...base, type: 'categorical', categories: [], reason: 'every value is missing' };

    if (this.allBoolean && distinct <= 2 && !this.allNumber) {
      const labels = [...this.distinct.keys()];
      const falseLabel = labels.find((l) => FALSE_WORDS.has(l.toLowerCase()));
      const trueLabel = labels.find((l) => TRUE_WORDS.has(l.toLowerCase()));
      if (falseLabel !== undefined && trueLabel !== undefined) {
        return { ...base, type: 'boolean', categories: [falseLabel, trueLabel], reason: `boolean spelled ${falseLabel}/${trueLabel}` };
      }
    }

    const unique = !this.distinctOverflow && distinct === present && present > 1;
    if (this.allNumber && this.allInteger && this.leadingZero) {
      return unique
        ? { ...base, type: 'id', reason: 'unique digit strings with leading zeros: an identifier' }
        : { ...base, type: 'categorical', categories: sortedCategories(), reason: 'digit strings with leading zeros (like zip codes): codes, not quantities' };
    }

    if (this.allNumber) {
      const few = !this.distinctOverflow && distinct <= 10 ? ` (only ${distinct} distinct values: numeric, but the quality metrics treat it as categorical)` : '';
      if (this.allInteger) return { ...base, type: 'integer', reason: `every value is a whole number${few}` };
      return {
        ...base,
        type: 'float',
        decimals: this.maxDecimals,
        fixedDecimals: this.minDecimals === this.maxDecimals,
        reason: `every value is a number with up to ${this.maxDecimals} decimals${few}`,
      };
    }

    const date = this.chooseDateFormat();
    if (date) return { ...base, type: 'datetime', format: date.format.name, reason: date.reason };

    if (unique && this.withSpace === 0 && present >= 20) {
      return { ...base, type: 'id', reason: 'a different value in every row, without spaces: an identifier' };
    }
    const limit = Math.min(1000, Math.max(20, Math.floor(0.05 * present)));
    if (!this.distinctOverflow && distinct <= limit) {
      return { ...base, type: 'categorical', categories: sortedCategories(), reason: `${distinct} distinct values in ${present} rows (limit ${limit})` };
    }
    return { ...base, type: 'text', reason: `${this.distinctOverflow ? 'over 10 000' : distinct} distinct values in ${present} rows: free text` };
  }

  private chooseDateFormat(): { format: DatetimeFormat; reason: string } | undefined {
    const candidates = this.dateFormats;
    if (!candidates.length) return undefined;
    if (candidates.length === 1) return { format: candidates[0]!, reason: `every value is a date in ${candidates[0]!.name}` };
    const dayFirst = candidates.find((f) => f.fields[0] === 'D');
    const monthFirst = candidates.find((f) => f.fields[0] === 'M');
    if (dayFirst && this.dayFirstSeen && !this.monthFirstSeen) return { format: dayFirst, reason: `dates in ${dayFirst.name} (a first part above 12 shows the day comes first)` };
    if (monthFirst && this.monthFirstSeen && !this.dayFirstSeen) return { format: monthFirst, reason: `dates in ${monthFirst.name} (a second part above 12 shows the month comes first)` };
    const fallback = monthFirst ?? candidates[0]!;
    return { format: fallback, reason: `dates in ${fallback.name} (day and month order ambiguous: month first assumed; edit the schema if not)` };
  }
}

/** Decimal places of a number as spelled (`10.90` → 2, `1e5` → 0). */
export function decimalsOf(v: string): number {
  const dot = v.indexOf('.');
  const e = v.indexOf('e');
  const exp = e >= 0 ? e : v.indexOf('E');
  return dot < 0 ? 0 : (exp < 0 ? v.length : exp) - dot - 1;
}

/** Numbers in numeric order, then text — so "2" sorts before "10". */
export function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const aNum = a !== '' && Number.isFinite(na);
  const bNum = b !== '' && Number.isFinite(nb);
  if (aNum && bNum) return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
