/**
 * Statistics as the page writes them, one way everywhere (stat cards, outlier bounds): thousands
 * grouped as counts are (dom.ts formatCount: "3,933" beside "53,940", never "3933"), four
 * significant digits but never fewer than the integer part has, and an exponent only for the very
 * large or small. A column whose numbers are labels (a year, an id, a code) is written ungrouped: 2019, not 2,019.
 */
import type { ColumnInfo } from './api.js';

/** Significant digits a statistic keeps when its integer part has fewer. */
const DIGITS = 4;

/** Words of a name that say its numbers are labels: a year (2019, not 2,019), an id, a code. */
const LABEL_WORDS = new Set(['year', 'yr', 'yyyy', 'id', 'zip', 'zipcode', 'postcode', 'postal', 'code']);

/**
 * A column whose numbers name something rather than measure it: an id or key column, or one with a
 * label word in its name (`model_year`, `YearBuilt`, `date_year` from a date split, `PassengerId`,
 * `zip`). Whole words only: `yearly_income` and `paid` are quantities.
 */
export function labelNumbers(column: Pick<ColumnInfo, 'name' | 'type' | 'primary_key'> | undefined): boolean {
  if (!column) return false;
  if (column.type === 'id' || column.primary_key) return true;
  const words = column.name.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase());
  return words.some((w) => LABEL_WORDS.has(w));
}

/** A statistic: `plain` (labelNumbers) leaves thousands ungrouped. Anything not a number is shown as it is; none is "—". */
export function statText(v: unknown, plain = false): string {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  // 0.00001234 and 1.2e+21 are unreadable spelled out; the exponent is the plainer form there.
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) return Number(v.toPrecision(DIGITS)).toExponential();
  const integerDigits = abs < 1 ? 1 : Math.floor(Math.log10(abs)) + 1;
  return new Intl.NumberFormat(undefined, { maximumSignificantDigits: Math.max(DIGITS, integerDigits), useGrouping: !plain }).format(v);
}
