/**
 * Numbers read from a cell's bytes, without making a string: the shape inference asks about
 * (infer.ts NUMBER, INTEGER, leading zeros, decimals) and the value `Number()` would give.
 */
import type { NumberAffix } from './model.js';
import { encodeWindows1252 } from './cell.js';

const ZERO = 48;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;

/** One unsigned comparison instead of two: bytes below '0' wrap around to large numbers. */
const isDigit = (b: number): boolean => (b - ZERO) >>> 0 <= 9;

/** Past this an exponent only says 0 or Infinity; decimal counts stop growing there. */
export const MAX_EXPONENT = 100_000;

/**
 * Decimals past which a double is not rounded to the source's places: 10^-d is no longer a step
 * it can round to (1e-300 would become 0), and toFixed refuses d > 100.
 */
export const MAX_ROUNDED_DECIMALS = 15;

/** Rounding to a float column's decimals applies: they are known and few enough to round to. */
export const roundsTo = (decimals: number | undefined): decimals is number => decimals !== undefined && decimals <= MAX_ROUNDED_DECIMALS;

/**
 * The facts of the last cell `read` accepted. One reusable instance per reader: reading a cell
 * allocates nothing.
 */
export class NumberShape {
  /** `^[+-]?\d+$`: no point, no exponent. */
  integer = false;
  /** An integer whose digits start with 0 and go on (`007`, `-01`): a code, not a quantity. */
  leadingZero = false;
  /** Digits after the point, as `decimalsOf` counts them. */
  decimals = 0;
  /**
   * Whether THOUSANDS matches too. A NUMBER-shaped cell has no comma, so that is: no exponent, an
   * integer part of 0 or of 1 to 3 digits not starting with 0, and digits after any point — which
   * spares inference a second read of every small decimal (`0.25`, `-1.5`).
   */
  thousands = false;
  /** An integer beyond ±Number.MAX_SAFE_INTEGER: a double cannot hold every such value, so the column is not read as numbers (infer.ts rule 4a). */
  unsafe = false;
  /** Beyond the largest double (`1e309`): Number gives ±Infinity, which a numeric column reads as missing (infer.ts rule 4e). */
  overflow = false;

  /** Whether bytes[start, end) matches `^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`, the NUMBER of inference. */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    let i = start;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    const intStart = i;
    while (i < end && isDigit(bytes[i]!)) i++;
    const intDigits = i - intStart;
    let fracDigits = 0;
    let point = false;
    if (i < end && bytes[i] === DOT) {
      point = true;
      const fracStart = ++i;
      while (i < end && isDigit(bytes[i]!)) i++;
      fracDigits = i - fracStart;
    }
    if (intDigits === 0 && fracDigits === 0) return false;
    let exponent = false;
    let shift = 0;
    if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
      exponent = true;
      i++;
      const negative = i < end && bytes[i] === MINUS;
      if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
      const expStart = i;
      for (; i < end && isDigit(bytes[i]!); i++) shift = Math.min(MAX_EXPONENT, shift * 10 + bytes[i]! - ZERO);
      if (i === expStart) return false;
      if (negative) shift = -shift;
    }
    if (i !== end) return false;
    this.integer = !point && !exponent;
    this.leadingZero = this.integer && intDigits > 1 && bytes[intStart] === ZERO;
    this.unsafe = this.integer && intDigits >= SAFE_DIGITS && unsafeDigits(bytes, intStart, i);
    // Only exponents and long digit runs can overflow: ordinary cells pay one test of flags already at hand.
    this.overflow = (exponent || intDigits >= SAFE_DIGITS) && intDigits + shift > MAX_FINITE_DIGITS && overflows(bytes, start, end);
    this.decimals = Math.max(0, fracDigits - shift);
    this.thousands = !exponent && intDigits >= 1 && intDigits <= 3 && (intDigits === 1 || bytes[intStart] !== ZERO) && (!point || fracDigits > 0);
    return true;
  }
}

/** MAX_SAFE_INTEGER has 16 digits: a shorter integer is always exact. */
const SAFE_DIGITS = 16;

/** The largest double is about 1.8e308: a number with at most this many digits before its point is finite. */
const MAX_FINITE_DIGITS = 308;

/** Whether the NUMBER-shaped (ASCII) bytes are beyond the largest double. */
function overflows(bytes: Uint8Array, start: number, end: number): boolean {
  return !Number.isFinite(Number(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')));
}

/**
 * Spellings of infinity (`inf`, `-Infinity`, any case) and numbers beyond the largest double
 * (`1e309`). A numeric column reads them as missing (infer.ts rule 4e): no consumer of a column
 * (EDA, generators, JSON) has to handle a non-finite number.
 */
export const NON_FINITE = /^[+-]?inf(inity)?$/i;

/** `NON_FINITE` of a cell's bytes (ASCII in every encoding ingest reads). */
export function isNonFiniteWord(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
  const length = end - i;
  if (length !== 3 && length !== 8) return false;
  for (let k = 0; k < length; k++) if ((bytes[i + k]! | 0x20) !== INFINITY[k]) return false;
  return true;
}
const INFINITY = Uint8Array.from('infinity', (ch) => ch.charCodeAt(0));

/** A value for a numeric column: NaN (missing) in place of ±Infinity (rule 4e). */
export const finiteOrMissing = (v: number): number => (v - v === 0 ? v : NaN);

/**
 * Whether the digits bytes[start, end) are above MAX_SAFE_INTEGER. Accumulating in a double is
 * exact up to 2^53 and rounds monotonically past it, so the comparison is exact.
 */
function unsafeDigits(bytes: Uint8Array, start: number, end: number): boolean {
  let value = 0;
  for (let i = start; i < end; i++) if (bytes[i] !== COMMA) value = value * 10 + bytes[i]! - ZERO;
  return value > Number.MAX_SAFE_INTEGER;
}

/** Whether an integer's text (INTEGER-shaped) is beyond ±MAX_SAFE_INTEGER: `Number` would round it. */
export const unsafeInteger = (text: string): boolean => text.length >= SAFE_DIGITS && Math.abs(Number(text)) > Number.MAX_SAFE_INTEGER;

/** The same for a whole number written with thousands separators (THOUSANDS-shaped, no point). */
export const unsafeSeparatedInteger = (text: string): boolean => !text.includes('.') && unsafeInteger(text.replaceAll(',', ''));

/** Powers of ten that are exact doubles (10^22 is the last); parsed, since `10 ** k` need not round exactly. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const EXACT_BEFORE_DIGIT = Math.floor(2 ** 53 / 10) - 1;

/**
 * `Number(text)` of a NUMBER-shaped cell, when it can be had exactly without a string; undefined
 * otherwise (the caller then decodes and calls Number). Exact by Clinger's fast path: a mantissa
 * below 2^53 and a power of ten up to 10^22 are both exact doubles, so one IEEE multiplication or
 * division rounds once, correctly, as Number does. Longer mantissas and larger exponents — rare in
 * tables — take the slow path rather than risk an off-by-one-ulp value.
 *
 * Most cells have fewer than 9 digits, whose mantissa fits an int32: integer arithmetic per digit
 * costs much less than floating point, so those are read here, and longer ones or exponents by
 * `readWideNumber`.
 */
export function readNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (i < end && bytes[i] === MINUS) {
    negative = true;
    i++;
  } else if (i < end && bytes[i] === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  for (; i < end; i++) {
    const digit = bytes[i]! - ZERO;
    if (digit >>> 0 > 9) break;
    mantissa = (mantissa * 10 + digit) | 0;
    if (++digits === 9) return readWideNumber(bytes, start, end);
  }
  if (i < end && bytes[i] === DOT) {
    for (i++; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit >>> 0 > 9) break;
      mantissa = (mantissa * 10 + digit) | 0;
      scale--;
      if (++digits === 9) return readWideNumber(bytes, start, end);
    }
  }
  if (digits === 0 || i !== end) return i < end && digits > 0 ? readWideNumber(bytes, start, end) : undefined;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale === 0) value = mantissa;
  else value = mantissa / EXACT_POWERS[-scale]!;
  return negative ? -value : value;
}

/** `readNumber` for any number of digits, accumulating the mantissa as a double. */
function readWideNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (i < end && bytes[i] === MINUS) {
    negative = true;
    i++;
  } else if (i < end && bytes[i] === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  // While the mantissa is below EXACT_BEFORE_DIGIT, mantissa * 10 + digit stays below 2^53: each step is exact.
  let exact = true;
  for (; i < end; i++) {
    const digit = bytes[i]! - ZERO;
    if (digit >>> 0 > 9) break;
    if (mantissa >= EXACT_BEFORE_DIGIT) exact = false;
    mantissa = mantissa * 10 + digit;
    digits++;
  }
  if (i < end && bytes[i] === DOT) {
    for (i++; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit >>> 0 > 9) break;
      if (mantissa >= EXACT_BEFORE_DIGIT) exact = false;
      mantissa = mantissa * 10 + digit;
      digits++;
      scale--;
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    let expNegative = false;
    if (i < end && bytes[i] === MINUS) {
      expNegative = true;
      i++;
    } else if (i < end && bytes[i] === PLUS) i++;
    const expStart = i;
    let exp = 0;
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit >>> 0 > 9) break;
      // Past a few thousand the value is 0 or Infinity either way: leave those to Number.
      if (exp > 100_000) return undefined;
      exp = exp * 10 + digit;
    }
    if (i === expStart) return undefined;
    scale += expNegative ? -exp : exp;
  }
  if (i !== end) return undefined;
  // A mantissa of 16 digits or more may have been rounded while it was accumulated.
  if (!exact) return undefined;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale >= 0 && scale <= 22) value = mantissa * EXACT_POWERS[scale]!;
  else if (scale < 0 && scale >= -22) value = mantissa / EXACT_POWERS[-scale]!;
  else return undefined;
  return negative ? -value : value;
}

const COMMA = 44;

/**
 * A number as a column with thousands separators spells it: comma between groups of exactly three
 * digits, dot before decimals (`1,234,567`, `1,234.50`, and `56` or `0.5`, which need no comma).
 * A cell holds a comma only when the delimiter is not a comma or the cell is quoted.
 */
export const THOUSANDS = /^[+-]?(0|[1-9]\d{0,2}(,\d{3})*)(\.\d+)?$/;

/**
 * The facts of the last cell `read` accepted as THOUSANDS (value-facts.ts):
 * `^[+-]?(0|[1-9]\d{0,2}(,\d{3})*)(\.\d+)?$`. One reusable instance per reader.
 */
export class ThousandsShape {
  /** Holds a comma. */
  separated = false;
  /** Digits after the point. */
  decimals = 0;
  /** A whole number beyond ±Number.MAX_SAFE_INTEGER (rule 4a holds for separated integers too). */
  unsafe = false;

  read(bytes: Uint8Array, start: number, end: number): boolean {
    let i = start;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    const lead = i;
    while (i < end && isDigit(bytes[i]!)) i++;
    const leadDigits = i - lead;
    if (leadDigits === 0 || leadDigits > 3 || (bytes[lead] === ZERO && leadDigits > 1)) return false;
    const groupsEnd = afterGroups(bytes, i, end, COMMA);
    const separated = groupsEnd > i;
    if (groupsEnd < 0 || (separated && bytes[lead] === ZERO)) return false;
    i = groupsEnd;
    let decimals = 0;
    if (i < end && bytes[i] === DOT) {
      const fracStart = ++i;
      while (i < end && isDigit(bytes[i]!)) i++;
      decimals = i - fracStart;
      if (decimals === 0) return false;
    }
    if (i !== end) return false;
    this.separated = separated;
    this.decimals = decimals;
    // 16 digits and their 5 commas: shorter is always exact.
    this.unsafe = decimals === 0 && end - lead >= SAFE_DIGITS + 5 && unsafeDigits(bytes, lead, end);
    return true;
  }
}

/**
 * Where groups of `separator` and three digits (`,234,567`) starting at bytes[i] end: i itself when
 * there are none, -1 when a group is cut short. The thousands and decimal-comma readers share it.
 */
function afterGroups(bytes: Uint8Array, i: number, end: number, separator: number): number {
  while (i < end && bytes[i] === separator) {
    if (end - i < 4) return -1;
    for (let k = 1; k <= 3; k++) if (!isDigit(bytes[i + k]!)) return -1;
    i += 4;
  }
  return i;
}

/** `Number` of a cell's text, also when it is spelled with thousands separators (`1,234.50` → 1234.5). */
export function numberOf(text: string): number {
  const n = Number(text);
  if (!Number.isNaN(n) || !text.includes(',')) return n;
  return THOUSANDS.test(text) ? Number(text.replaceAll(',', '')) : NaN;
}

/**
 * Decimal comma (rule 4c of infer.ts) is considered only in a file whose delimiter is not a comma:
 * in a comma file a comma in a number is a thousands separator (quoted `"1,234.50"`), never a
 * decimal one.
 */
export const decimalCommaAllowed = (delimiter: string): boolean => delimiter !== ',';

/**
 * A number as a column with a decimal comma spells it: digits, a comma, digits (`0,33`, `-12,5`,
 * `1234,0`), `.` between groups of exactly three digits only before a comma (`1.234,56`; `1.234`
 * alone is a plain NUMBER, 1.234), or a plain integer (`12`), which needs no comma.
 */
export const DECIMAL_COMMA = /^[+-]?(\d+(,\d+)?|[1-9]\d{0,2}(\.\d{3})+,\d+)$/;

/**
 * The facts of the last cell `read` accepted as DECIMAL_COMMA (value-facts.ts). One reusable
 * instance per reader.
 */
export class DecimalCommaShape {
  /** Digits after the comma (0 for an integer). */
  decimals = 0;
  /**
   * Has a comma that cannot be a thousands separator: the value does not match THOUSANDS (not
   * 1–3 digits, no leading 0, then exactly three) — `0,5`, `12,34`, `1234,5`, `1.234,567`.
   */
  unambiguous = false;
  /** Has `.` between groups of thousands (`1.234,56`). */
  grouped = false;

  read(bytes: Uint8Array, start: number, end: number): boolean {
    let i = start;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    const lead = i;
    while (i < end && isDigit(bytes[i]!)) i++;
    const leadDigits = i - lead;
    if (leadDigits === 0) return false;
    const groupsEnd = afterGroups(bytes, i, end, DOT);
    const grouped = groupsEnd > i;
    if (groupsEnd < 0 || (grouped && (leadDigits > 3 || bytes[lead] === ZERO))) return false;
    i = groupsEnd;
    if (i === end) {
      if (grouped) return false; // `1.234` is not a decimal-comma number: see DECIMAL_COMMA
      this.decimals = 0;
      this.unambiguous = false;
      this.grouped = false;
      return true;
    }
    if (bytes[i] !== COMMA) return false;
    const fracStart = ++i;
    while (i < end && isDigit(bytes[i]!)) i++;
    const decimals = i - fracStart;
    if (decimals === 0 || i !== end) return false;
    this.decimals = decimals;
    this.unambiguous = grouped || decimals !== 3 || leadDigits > 3 || bytes[lead] === ZERO;
    this.grouped = grouped;
    return true;
  }
}

/**
 * Rule 4c's spelling as an affix, so output keeps it as it keeps a currency's: no symbol, a decimal
 * comma, and `.` between thousands when any value had them (`1.234,56`).
 */
export const decimalCommaAffix = (grouped: boolean): NumberAffix => ({ prefix: '', suffix: '', decimalComma: true, ...(grouped ? { thousands: true } : {}) });

/**
 * A decimal comma with no symbol (`0,33`, rule 4c): unlike `1,5 €`, read back only from a file whose
 * delimiter is not a comma, so the CSV writer changes its delimiter for it (csv.ts).
 */
export const isBareDecimalComma = (a: NumberAffix | undefined): boolean => a?.decimalComma === true && a.prefix === '' && a.suffix === '';

/**
 * `Number` of a cell's text in a decimal-comma column: a NUMBER as Number reads it (`12`, or
 * `1.5` when a user forced the type), else a DECIMAL_COMMA value (`1.234,56` → 1234.56).
 */
export function decimalCommaNumberOf(text: string): number {
  const n = Number(text);
  if (!Number.isNaN(n) || !text.includes(',')) return n;
  return DECIMAL_COMMA.test(text) ? Number(text.replaceAll('.', '').replace(',', '.')) : NaN;
}

/**
 * `decimalCommaNumberOf` of `^[+-]?\d+(,\d+)?$` with at most 15 digits, from the bytes; undefined
 * for anything else (the caller then decodes). Exact as readNumber is: the mantissa is below 2^53
 * and the power of ten at most 10^15, so one division rounds as Number does.
 */
export function readDecimalComma(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const negative = i < end && bytes[i] === MINUS;
  if (negative || (i < end && bytes[i] === PLUS)) i++;
  let mantissa = 0;
  let digits = 0;
  for (; i < end && isDigit(bytes[i]!); i++, digits++) mantissa = mantissa * 10 + bytes[i]! - ZERO;
  if (digits === 0) return undefined;
  let scale = 0;
  if (i < end && bytes[i] === COMMA) {
    for (i++; i < end && isDigit(bytes[i]!); i++, scale++) mantissa = mantissa * 10 + bytes[i]! - ZERO;
    if (scale === 0) return undefined;
  }
  if (i !== end || digits + scale > 15) return undefined;
  const value = mantissa === 0 ? 0 : mantissa / EXACT_POWERS[scale]!;
  return negative ? -value : value;
}

/**
 * A number written with a currency symbol before it or a percent sign (or currency symbol) after
 * it, as spreadsheets and finance exports spell them (infer.ts rule 4d): `$1,234.50`, `€12.00`,
 * `£3`, `-$5.25`, `$-5.25`, `12.5%`, `-3%`. Exactly one affix; digits plain or grouped in threes
 * by commas, no leading zero, a dot before any decimals, no exponent.
 */
export const AFFIXED = /^([+-]?)([$€£¥₹]?)([+-]?)(0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?([%$€£¥₹]?)$/;

/** What AFFIXED reads from one value. */
export interface AffixedNumber {
  readonly prefix: string;
  readonly suffix: string;
  /** With a minus and a prefix: whether the minus follows the prefix (`$-5`); undefined otherwise. */
  readonly signInside: boolean | undefined;
  /** Holds a thousands separator. */
  readonly separated: boolean;
  readonly decimals: number;
  /** The number as written: `12.5%` is 12.5 (kept as written, not 0.125, so it round-trips). */
  readonly value: number;
  /** Negative in accounting style, `($5.25)` or `$(5.25)` (signInside tells which). */
  readonly parentheses: boolean;
  /** The European spelling (`1.234,56 €`, `€1.234,56`): a decimal comma, and the thousands separator used, if any. */
  readonly decimalComma?: true;
  readonly group?: string;
  /**
   * A symbol first and one comma before three digits (`€1,234`): read here with a thousands comma,
   * but a decimal comma fits too, giving this (1.234, three decimals). The column decides, as rules
   * 4b and 4c do for bare numbers (AffixFold): a decimal comma only when another value shows one.
   */
  readonly commaValue?: number;
}

/**
 * A value's AFFIXED reading, or undefined. Only values that are not plain numbers get here
 * (inference asks while every value so far had an affix; parsing once `readNumber` refused the
 * bytes), so ordinary numbers never pay for it.
 */
export function readAffixed(v: string): AffixedNumber | undefined {
  return v.charCodeAt(v.length - 1) === CLOSE ? readParenthesized(v) : readSigned(v);
}

const OPEN = 40; // (
const CLOSE = 41; // )
/** `$(5.25)`: a currency symbol, then the parentheses. */
const INNER_PARENTHESES = /^([$€£¥₹])\(([^()+\-]*)\)$/;

/** An accounting-style negative, `($1,234.50)`, `$(1,234.50)` or `(12.5%)`: the unsigned reading inside, negated. */
function readParenthesized(v: string): AffixedNumber | undefined {
  const inner = INNER_PARENTHESES.exec(v);
  const text = inner ? inner[1]! + inner[2]! : v.charCodeAt(0) === OPEN ? v.slice(1, -1) : undefined;
  const a = text === undefined ? undefined : readSigned(text);
  if (!a || a.signInside !== undefined || /^[+-]/.test(text!)) return undefined;
  const comma = a.commaValue === undefined ? {} : { commaValue: -a.commaValue };
  return { ...a, value: -a.value, ...comma, signInside: !!inner, parentheses: true };
}

function readSigned(v: string): AffixedNumber | undefined {
  const m = AFFIXED.exec(v);
  if (!m) return readPrefixedComma(v) ?? readEuropean(v);
  const [, outer = '', prefix = '', inner = '', int = '', frac, suffix = ''] = m;
  if ((prefix === '') === (suffix === '') || (outer !== '' && inner !== '')) return undefined;
  const sign = outer || inner;
  const separated = int.length > 3 && int.includes(',');
  // `€1,234`: one group and no point, so a decimal comma reads it too (commaValue).
  const comma = separated && frac === undefined && prefix !== '' && int.indexOf(',') === int.lastIndexOf(',');
  return {
    prefix,
    suffix,
    signInside: sign === '-' && prefix !== '' ? inner === '-' : undefined,
    separated,
    decimals: frac?.length ?? 0,
    value: Number(sign + int.replaceAll(',', '') + (frac === undefined ? '' : `.${frac}`)),
    parentheses: false,
    ...(comma ? { commaValue: Number(sign + int.replace(',', '.')) } : {}),
  };
}

/**
 * A currency symbol first and a decimal comma, as German and Dutch exports spell money (`€552,56`,
 * `€2.631,93`, `-€12,50`, `€-12,50`): thousands only by dots, and a comma always, since without one
 * AFFIXED reads the value (`€12`, and `€1.234` as 1.234, as DECIMAL_COMMA leaves `1.234` alone).
 * A value AFFIXED reads too (`€1,234`) never gets here: readSigned marks it with commaValue.
 */
export const PREFIXED_COMMA = /^([+-]?)([$€£¥₹])([+-]?)(0|[1-9]\d*|[1-9]\d{0,2}(?:\.\d{3})+),(\d+)$/;

function readPrefixedComma(v: string): AffixedNumber | undefined {
  const m = PREFIXED_COMMA.exec(v);
  if (!m) return undefined;
  const [, outer = '', prefix = '', inner = '', int = '', frac = ''] = m;
  if (outer !== '' && inner !== '') return undefined;
  const sign = outer || inner;
  const separated = int.includes('.');
  return {
    prefix,
    suffix: '',
    signInside: sign === '-' ? inner === '-' : undefined,
    separated,
    decimals: frac.length,
    value: Number(`${sign}${int.replaceAll('.', '')}.${frac}`),
    parentheses: false,
    ...(separated ? { group: '.' } : {}),
    decimalComma: true,
  };
}

/**
 * The European spelling: a space (plain, no-break or narrow no-break) before a currency symbol or
 * percent sign after the number, a decimal comma, and thousands grouped by dots or spaces —
 * `1.234,56 €`, `12,5 %`, `-3 €`, `1 234,56 €`. The space before the symbol is what tells it from
 * `$1,234` (thousands), so nothing read here could be read the other way.
 */
const EUROPEAN = /^([+-]?)(0|[1-9]\d*|[1-9]\d{0,2}(?:([. \u00a0\u202f])\d{3})(?:\3\d{3})*)(?:,(\d+))?([ \u00a0\u202f][%€£$¥₹])$/;

function readEuropean(v: string): AffixedNumber | undefined {
  const m = EUROPEAN.exec(v);
  if (!m) return undefined;
  const [, sign = '', int = '', group, frac, suffix = ''] = m;
  return {
    prefix: '',
    suffix,
    signInside: undefined,
    separated: group !== undefined,
    decimals: frac?.length ?? 0,
    value: Number(sign + (group === undefined ? int : int.replaceAll(group, '')) + (frac === undefined ? '' : `.${frac}`)),
    parentheses: false,
    ...(group !== undefined ? { group } : {}),
    decimalComma: true,
  };
}

/**
 * `Number` of a cell of an affixed column (rule 4d): `$1,234.50` → 1234.5, `12.5%` → 12.5, and
 * `€1,234` → 1.234 in a column whose `affix` has a decimal comma; a plain number (a float override
 * may mix them) as `numberOf` reads it.
 */
export function affixedNumberOf(text: string, affix?: NumberAffix): number {
  const a = readAffixed(text);
  if (!a) return numberOf(text);
  return affix?.decimalComma && a.commaValue !== undefined ? a.commaValue : a.value;
}

/**
 * The affix values share, folded one value at a time: every value must have the same prefix and
 * suffix, and every negative one its minus on the same side of a prefix. Any value with a
 * thousands separator makes the column's output grouped. A decimal point and a decimal comma do
 * not mix (`€1.50` and `€1,50`); a value either reads (`€1,234`, commaValue) is read as the others
 * show, else with a thousands comma, as rule 4b comes before 4c for bare numbers.
 */
export class AffixFold {
  private prefix: string | undefined;
  private suffix = '';
  private signInside: boolean | undefined;
  private parentheses: boolean | undefined;
  private thousands = false;
  private decimalComma = false;
  /** A value only a decimal point reads: `€1.50`, `$1,234,567`, `12.5%`. */
  private decimalPoint = false;
  /** A value either reads (commaValue): its grouping and decimals depend on which. */
  private eitherComma = false;
  private group: string | undefined;
  /** Decimals of the values as read, and as a decimal comma reads those with a commaValue (three). */
  private readonly pointDecimals = { max: 0, min: Infinity };
  private readonly commaDecimals = { max: 0, min: Infinity };

  /** Whether `a` is spelled as the values before it; false leaves the fold as it was. */
  fits(a: AffixedNumber): boolean {
    if (this.prefix === undefined) {
      this.prefix = a.prefix;
      this.suffix = a.suffix;
    } else if (a.prefix !== this.prefix || a.suffix !== this.suffix) return false;
    const either = a.commaValue !== undefined;
    const pointOnly = !a.decimalComma && !either && (a.decimals > 0 || a.separated);
    if ((pointOnly && this.decimalComma) || (a.decimalComma && this.decimalPoint)) return false;
    if (a.signInside !== undefined) {
      if (this.signInside === undefined) this.signInside = a.signInside;
      else if (a.signInside !== this.signInside) return false;
    }
    // Every negative alike: all with a minus or all in parentheses.
    if (a.value < 0) {
      if (this.parentheses === undefined) this.parentheses = a.parentheses;
      else if (a.parentheses !== this.parentheses) return false;
    }
    // The suffix (its space included) already tells the European spelling; its thousands separator must agree too.
    if (a.group !== undefined) {
      if (this.group === undefined) this.group = a.group;
      else if (a.group !== this.group) return false;
    }
    if (a.decimalComma) this.decimalComma = true;
    if (pointOnly) this.decimalPoint = true;
    if (either) this.eitherComma = true;
    else if (a.separated) this.thousands = true;
    widen(this.pointDecimals, a.decimals);
    widen(this.commaDecimals, either ? 3 : a.decimals);
    return true;
  }

  /** Most and fewest decimals of the values as the column reads them (undefined before any value fitted). */
  decimals(): { readonly max: number; readonly min: number } | undefined {
    if (this.prefix === undefined) return undefined;
    return this.decimalComma ? this.commaDecimals : this.pointDecimals;
  }

  /** The shared affix, undefined before any value fitted. */
  affix(): NumberAffix | undefined {
    if (this.prefix === undefined) return undefined;
    return {
      prefix: this.prefix,
      suffix: this.suffix,
      ...(this.signInside ? { signInside: true } : {}),
      ...(this.parentheses ? { parentheses: true } : {}),
      // `€1,234` is grouped when read with a thousands comma, not with a decimal one.
      ...(this.thousands || (this.eitherComma && !this.decimalComma) ? { thousands: true } : {}),
      ...(this.decimalComma ? { decimalComma: true } : {}),
      ...(this.group !== undefined ? { group: this.group } : {}),
    };
  }
}

const widen = (range: { max: number; min: number }, decimals: number): void => {
  range.max = Math.max(range.max, decimals);
  range.min = Math.min(range.min, decimals);
};

/**
 * A plain number's text (`-1234.50`, as the CSV writer makes it) spelled with a column's affix:
 * `-$1,234.50`, `$-1,234.50`, `-3%`. A value that rounds to zero loses its minus (`-0.00` → `$0.00`).
 */
export function affixNumber(text: string, affix: NumberAffix): string {
  let negative = text.charCodeAt(0) === MINUS;
  let body = negative ? text.slice(1) : text;
  if (negative && !/[1-9]/.test(body)) negative = false;
  if (body.includes('e')) body = withoutExponent(body);
  if (!body.includes('e')) {
    const dot = body.indexOf('.');
    let int = dot < 0 ? body : body.slice(0, dot);
    // A bare decimal comma groups only before a comma: `1.234` alone reads as 1.234 (DECIMAL_COMMA).
    if (affix.thousands && (dot >= 0 || !isBareDecimalComma(affix))) int = int.replace(/\B(?=(\d{3})+$)/g, affix.decimalComma ? (affix.group ?? '.') : ',');
    body = int + (dot < 0 ? '' : (affix.decimalComma ? ',' : '.') + body.slice(dot + 1));
  }
  if (negative && affix.parentheses) return affix.signInside ? `${affix.prefix}(${body})${affix.suffix}` : `(${affix.prefix}${body}${affix.suffix})`;
  const sign = negative ? '-' : '';
  return affix.signInside ? `${affix.prefix}${sign}${body}${affix.suffix}` : `${sign}${affix.prefix}${body}${affix.suffix}`;
}

/**
 * `1.5e-7` as `0.00000015`, the same number: no affixed spelling reads an exponent (AFFIXED,
 * DECIMAL_COMMA). From 1e21 on toFixed keeps it, as no source spelled so reaches.
 */
function withoutExponent(body: string): string {
  const [mantissa = '', exponent = '0'] = body.split('e');
  const decimals = (mantissa.split('.')[1]?.length ?? 0) - Number(exponent);
  return Number(body).toFixed(Math.min(100, Math.max(0, decimals)));
}

/**
 * The bytes of `text` as `decode` reads them back (UTF-8 or Windows-1252), or undefined when neither
 * spelling decodes to it: a currency symbol to look for in cells without decoding them.
 */
function affixBytes(text: string, decode: (bytes: Buffer, start: number, end: number) => string): Buffer | undefined {
  for (const bytes of [Buffer.from(text, 'utf8'), encodeWindows1252(text)]) {
    if (bytes && decode(bytes, 0, bytes.length) === text) return bytes;
  }
  return undefined;
}

const startsWith = (bytes: Uint8Array, at: number, end: number, part: Uint8Array): boolean => {
  if (end - at < part.length) return false;
  for (let k = 0; k < part.length; k++) if (bytes[at + k] !== part[k]) return false;
  return true;
};

/**
 * `readAffixed` of a cell spelled with one known affix, from its bytes: the fast path of an
 * affixed column (parse, and inference past the distinct cap). Accepts only what readAffixed
 * accepts, with the same facts; a cell it refuses (another affix, 16 digits or more) is left to
 * the caller's string path, which decides. One reusable instance per reader.
 */
export class AffixedShape implements AffixedNumber {
  signInside: boolean | undefined = undefined;
  /** Parenthesized negatives are left to the string path (readAffixed). */
  readonly parentheses = false;
  separated = false;
  decimals = 0;
  value = 0;
  commaValue: number | undefined = undefined;

  private constructor(
    readonly prefix: string,
    readonly suffix: string,
    private readonly prefixBytes: Uint8Array,
    private readonly suffixBytes: Uint8Array,
  ) {}

  /** A reader of cells with this affix in the decoder's encoding; undefined when its bytes cannot be told (the string path then reads every cell). */
  static of(affix: { readonly prefix: string; readonly suffix: string; readonly decimalComma?: boolean }, decode: (bytes: Buffer, start: number, end: number) => string): AffixedShape | undefined {
    if (affix.decimalComma) return undefined; // the European spelling is read from text
    const prefix = affixBytes(affix.prefix, decode);
    const suffix = affixBytes(affix.suffix, decode);
    return prefix && suffix ? new AffixedShape(affix.prefix, affix.suffix, prefix, suffix) : undefined;
  }

  read(bytes: Uint8Array, start: number, end: number): boolean {
    let i = start;
    let negative = false;
    let inner = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) negative = bytes[i++] === MINUS;
    const signed = i > start;
    if (!startsWith(bytes, i, end, this.prefixBytes)) return false;
    i += this.prefixBytes.length;
    if (!signed && this.prefixBytes.length && i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      negative = bytes[i++] === MINUS;
      inner = true;
    }
    const stop = end - this.suffixBytes.length;
    if (stop < i || !startsWith(bytes, stop, end, this.suffixBytes)) return false;
    // (0|[1-9]\d*|[1-9]\d{0,2}(,\d{3})+)(\.\d+)?
    const lead = i;
    let mantissa = 0;
    while (i < stop && isDigit(bytes[i]!)) mantissa = mantissa * 10 + bytes[i++]! - ZERO;
    let digits = i - lead;
    if (digits === 0 || (bytes[lead] === ZERO && digits > 1)) return false;
    const groupsEnd = afterGroups(bytes, i, stop, COMMA);
    const separated = groupsEnd > i;
    if (groupsEnd < 0 || (separated && (digits > 3 || bytes[lead] === ZERO))) return false;
    const groups = (groupsEnd - i) / 4;
    for (; i < groupsEnd; i += 4, digits += 3) for (let k = 1; k <= 3; k++) mantissa = mantissa * 10 + bytes[i + k]! - ZERO;
    let decimals = 0;
    if (i < stop && bytes[i] === DOT) {
      const fracStart = ++i;
      while (i < stop && isDigit(bytes[i]!)) mantissa = mantissa * 10 + bytes[i++]! - ZERO;
      decimals = i - fracStart;
      if (decimals === 0) return false;
    }
    // Up to 15 digits the mantissa is exact and one division by an exact power of ten rounds as Number does.
    if (i !== stop || digits + decimals > 15) return false;
    const value = mantissa === 0 ? 0 : mantissa / EXACT_POWERS[decimals]!;
    this.value = negative ? -value : value;
    // As readSigned: a symbol first, one group and no point (`€1,234`) reads with a decimal comma too.
    this.commaValue = this.prefixBytes.length && !this.suffixBytes.length && groups === 1 && decimals === 0 ? this.value / 1000 : undefined;
    this.signInside = negative && this.prefixBytes.length ? inner : undefined;
    this.separated = separated;
    this.decimals = decimals;
    return true;
  }
}
