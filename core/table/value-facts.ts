/**
 * What inference learns from one value, by the rules written as regexes here (the reference the
 * byte readers in numbers.ts and date-bytes.ts match). Inference computes these once per distinct
 * value and then only folds them per cell, so a column of five labels costs five regex runs, not
 * eighteen million.
 */
import { MISSING_SPELLINGS } from './missing.js';
import { DATETIME_FORMATS, parseDatetime } from './datetime.js';
import { MAX_FORMATS, NO_FORMATS, anyFormat, bothFormats, firstFormats, hasFormat, withFormat, type FormatSet } from './format-set.js';
import { trailingOffset } from './utc-offset.js';
import { DECIMAL_COMMA, MAX_EXPONENT, NON_FINITE, THOUSANDS, readAffixed, unsafeInteger, unsafeSeparatedInteger, type AffixedNumber } from './numbers.js';

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const INTEGER = /^[+-]?\d+$/;

/** Whether a trimmed value is a non-finite number (infer.ts rule 4e): a spelling of infinity, or a NUMBER beyond the largest double. */
export const isNonFiniteText = (v: string): boolean => NON_FINITE.test(v) || (NUMBER.test(v) && Math.abs(Number(v)) === Infinity);
const LEADING_ZERO = /^[+-]?0\d/;
/** Day and month (one or two digits) in either order, then the year (four digits or two) and maybe a time: a part above 12 can only be the day. */
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?: |$)/;
export const TRUE_WORDS = new Set(['true', 'yes', 'y', 't']);
export const FALSE_WORDS = new Set(['false', 'no', 'n', 'f']);

if (DATETIME_FORMATS.length > MAX_FORMATS) throw new Error(`Date format sets hold ${MAX_FORMATS}: too many datetime formats`);
/** Every datetime format, as a set (format-set.ts). */
export const ALL_DATES = firstFormats(DATETIME_FORMATS.length);
/** The formats with a UTC offset, as a set: while one is open, inference counts the values' offsets (utc-offset.ts OffsetTally). */
export const OFFSET_DATES = DATETIME_FORMATS.reduce((set, f, i) => (f.offset ? withFormat(set, i) : set), NO_FORMATS);

export interface ValueFacts {
  readonly missing: boolean;
  readonly number: boolean;
  /** A number with no point and no exponent. */
  readonly integer: boolean;
  /** An integer spelled with a leading zero (`007`). */
  readonly leadingZero: boolean;
  /** An integer beyond ±Number.MAX_SAFE_INTEGER, which a double cannot hold exactly. */
  readonly unsafe: boolean;
  readonly decimals: number;
  readonly boolean: boolean;
  readonly space: boolean;
  /** The formats of the mask asked about that read the value. */
  readonly dates: FormatSet;
  readonly dayFirst: boolean;
  readonly monthFirst: boolean;
  /** Matches THOUSANDS (decimals then counts its digits after the point). */
  readonly thousands: boolean;
  /** Holds a thousands separator (a comma). */
  readonly separated: boolean;
  /** Matches DECIMAL_COMMA (asked only in files whose delimiter is not a comma). */
  readonly decimalComma: boolean;
  /** Digits after the decimal comma (0 without one). */
  readonly commaDecimals: number;
  /** Holds a comma that cannot be a thousands separator (DecimalCommaShape.unambiguous). */
  readonly unambiguousComma: boolean;
  /** Has `.` between thousands before its decimal comma (DecimalCommaShape.grouped). */
  readonly commaGrouped: boolean;
  /** Read by AFFIXED (`$1,234.50`, `12.5%`; asked only of values that are not plain numbers). */
  readonly affixed: AffixedNumber | undefined;
  /** `inf`, `-Infinity`, `1e309` (asked while the column may be numeric): missing in a numeric column (rule 4e); `number` is then false. */
  readonly nonFinite: boolean;
  /** The code of the UTC offset the value is written with (utc-offset.ts trailingOffset), when a format with an offset reads it; else NaN. */
  readonly offset: number;
}

const MISSING: ValueFacts = {
  missing: true, number: false, integer: false, leadingZero: false, unsafe: false, decimals: 0, boolean: false, space: false, dates: NO_FORMATS, dayFirst: false, monthFirst: false, thousands: false, separated: false, decimalComma: false, commaDecimals: 0, unambiguousComma: false, commaGrouped: false, affixed: undefined, nonFinite: false, offset: NaN,
}; // prettier-ignore

/**
 * The questions an accumulator still asks of its values. Answers only ever close a question (a
 * column that had a non-number stays non-numeric), so facts for a closed one are never read again
 * and need not be computed: past the first few rows, most values cost a regex or two, not twenty.
 */
export interface OpenQuestions {
  readonly number: boolean;
  readonly boolean: boolean;
  readonly space: boolean;
  /** The date formats still possible. */
  readonly dates: FormatSet;
  /** Whether every value so far is a number spelled as THOUSANDS allows. */
  readonly thousands: boolean;
  /** Whether every value so far is a number spelled as DECIMAL_COMMA allows (never in a comma-delimited file). */
  readonly decimalComma: boolean;
  /** Whether every value so far is a number with the same currency or percent affix (AFFIXED). */
  readonly affixed: boolean;
}

/** The facts of a trimmed value, for the questions still open (the others read as false). */
export function factsOf(v: string, open: OpenQuestions): ValueFacts {
  if (MISSING_SPELLINGS.has(v)) return MISSING;
  const nonFinite = open.number && isNonFiniteText(v);
  const number = open.number && !nonFinite && NUMBER.test(v);
  const integer = number && INTEGER.test(v);
  const thousands = open.thousands && THOUSANDS.test(v);
  const decimalComma = open.decimalComma && DECIMAL_COMMA.test(v);
  const datesOpen = anyFormat(open.dates);
  const slash = datesOpen ? DAY_MONTH.exec(v) : null;
  const dates = datesOpen ? readableDates(v, open.dates) : NO_FORMATS;
  return {
    missing: false,
    number,
    integer,
    leadingZero: integer && LEADING_ZERO.test(v),
    unsafe: (integer && unsafeInteger(v)) || (thousands && unsafeSeparatedInteger(v)),
    decimals: number || thousands ? decimalsOf(v) : 0,
    boolean: open.boolean && isBooleanWord(v),
    space: open.space && v.includes(' '),
    dates,
    dayFirst: !!slash && Number(slash[1]) > 12,
    monthFirst: !!slash && Number(slash[2]) > 12,
    thousands,
    separated: thousands && v.includes(','),
    decimalComma,
    commaDecimals: decimalComma ? commaDecimalsOf(v) : 0,
    unambiguousComma: decimalComma && v.includes(',') && !THOUSANDS.test(v),
    commaGrouped: decimalComma && v.includes('.'),
    affixed: open.affixed && !number ? readAffixed(v) : undefined,
    nonFinite,
    offset: anyFormat(bothFormats(dates, OFFSET_DATES)) ? trailingOffset(v) : NaN,
  };
}

function readableDates(v: string, open: FormatSet): FormatSet {
  let readable = NO_FORMATS;
  for (let i = 0; i < DATETIME_FORMATS.length; i++) {
    if (hasFormat(open, i) && !Number.isNaN(parseDatetime(DATETIME_FORMATS[i]!, v))) readable = withFormat(readable, i);
  }
  return readable;
}

/**
 * Decimal places of a number as spelled (`10.90` → 2, `1e5` → 0), the exponent included
 * (`1.5e-3` → 4, `1e-300` → 300): the places its value has, which output is rounded to.
 */
export function decimalsOf(v: string): number {
  const dot = v.indexOf('.');
  const e = v.indexOf('e');
  const exp = e >= 0 ? e : v.indexOf('E');
  const places = dot < 0 ? 0 : (exp < 0 ? v.length : exp) - dot - 1;
  if (exp < 0) return places;
  const shift = Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, Number(v.slice(exp + 1)) || 0));
  return Math.max(0, places - shift);
}

/** Digits after a decimal comma (`0,33` → 2, `1.234,5` → 1; 0 without a comma), of a DECIMAL_COMMA value. */
export function commaDecimalsOf(v: string): number {
  const comma = v.indexOf(',');
  return comma < 0 ? 0 : v.length - comma - 1;
}

export function isBooleanWord(v: string): boolean {
  const lower = v.toLowerCase();
  return TRUE_WORDS.has(lower) || FALSE_WORDS.has(lower);
}
