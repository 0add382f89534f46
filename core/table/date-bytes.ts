/**
 * Datetime formats read from a cell's bytes. Almost every known format is a fixed-width run of
 * digit groups and literal characters, so a value is checked and parsed position by position, with
 * no string and no regex; the few with one- or two-digit parts (`M/D/YYYY`) or an optional
 * fraction of a second (`…:ss.SSSZ` reads `…:00Z` and `…:00.5Z` too, datetime.ts) are walked group
 * by group instead. The template is derived from the format's own pattern, so the two cannot
 * disagree; a pattern of any other shape gets no template and stays on the regex.
 */
import { epochMs, epochValueMs, parseDatetime, utcOffsetMinutes, type DatetimeFormat } from './datetime.js';

const DIGIT = -1;
/** `+` or `-` of a UTC offset. */
const SIGN = -2;
/** `+` or `-` of a UTC offset that may also be written `Z` (`([+-]\d{2}:\d{2}|Z)`): in the fixed layout a SIGN, whose `Z` zuluAt reads. */
const SIGN_OR_Z = -3;
/** An optional fraction of a second, `(?:\.(\d{1,n}))?`: a point and 1 to n digits, or nothing. */
const FRACTION = -4;
const DOT = 46;
const ZERO = 48;
const PLUS = 43;
const MINUS = 45;
const ZULU = 90; // Z
/** Order of the parts `epochMs` takes, then the offset's hours and minutes and the microseconds (`u`, millisecond and microsecond digits), and their values when a format does not have them. */
const PARTS = ['Y', 'M', 'D', 'h', 'm', 's', 'f', 'oh', 'om', 'u'] as const;
/** The last slot of `parts`: the offset's sign, ±1. */
const SIGN_SLOT = PARTS.length;
const PART_DEFAULTS = [1970, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]; // a format without a date (a time of day) is on 1970-01-01

/** One step of a pattern: a literal byte, SIGN (or SIGN_OR_Z), a FRACTION, or a digit group of min to max digits that sets a part. */
interface Token {
  readonly byte: number;
  readonly min: number;
  readonly max: number;
  /** 1 + the index in PARTS of the part a digit group (or FRACTION) sets, else 0. */
  readonly part: number;
}

export interface ByteTemplate {
  readonly format: DatetimeFormat;
  /** Per position: the byte required there, SIGN, or DIGIT. */
  readonly bytes: Int16Array;
  /** Per position: 1 + the index in PARTS of the digit group that ends there, else 0. */
  readonly groupEnds: Int8Array;
  /** The parts as read; those the format lacks keep their defaults. Reused per parse: parsing allocates nothing. */
  readonly parts: Int32Array;
  /** The format has a UTC offset: the instant is the parts less it. */
  readonly offset: boolean;
  /** The format's fraction is microseconds (`u`), not milliseconds. */
  readonly micros: boolean;
  /** Where a `+hh:mm` offset that may also be written `Z` starts (offset-last formats). */
  readonly zuluAt?: number;
  /** Formats with groups of varying width: their steps, walked instead of `bytes`. */
  readonly flexible?: readonly Token[];
  /** Epoch formats: ms per unit; `bytes` then holds DIGIT once per digit of the longest spelling, and `minDigits` the fewest digits. */
  readonly epochUnit?: number;
  readonly minDigits?: number;
}

/** The template of an epoch format: `^[1-9]\d{a,b}$` → digits only, 1 + a to 1 + b of them. */
function epochTemplate(format: DatetimeFormat, unit: number): ByteTemplate | undefined {
  const m = /^\^\[1-9\]\\d\{(\d+),(\d+)\}\$$/.exec(format.pattern.source);
  if (!m || format.pattern.flags !== '') return undefined;
  const max = 1 + Number(m[2]);
  return { format, bytes: new Int16Array(max).fill(DIGIT), groupEnds: new Int8Array(max), parts: Int32Array.from(PART_DEFAULTS), offset: false, micros: false, epochUnit: unit, minDigits: 1 + Number(m[1]) };
}

const digits = (width: number, part: (typeof PARTS)[number]): Token => ({ byte: DIGIT, min: width, max: width, part: PARTS.indexOf(part) + 1 });
const literal = (ch: string): Token => ({ byte: ch.charCodeAt(0), min: 1, max: 1, part: 0 });
const SIGN_TOKEN: Token = { byte: SIGN, min: 1, max: 1, part: 0 };
/** The offset groups datetime.ts writes, as steps. */
const OFFSET_GROUPS: Record<string, readonly Token[]> = {
  // Also `Z`: read by the template's zuluAt (a cell one byte where the six of `+hh:mm` would start), or by readFlexible.
  '([+-]\\d{2}:\\d{2}|Z)': [{ ...SIGN_TOKEN, byte: SIGN_OR_Z }, digits(2, 'oh'), literal(':'), digits(2, 'om')],
  '([+-]\\d{4})': [SIGN_TOKEN, digits(2, 'oh'), digits(2, 'om')],
  '([+-]\\d{2})': [SIGN_TOKEN, digits(2, 'oh')],
};

/** The steps of a pattern's body (between `^` and `$`), or undefined for a shape the byte readers do not know. */
function tokensOf(format: DatetimeFormat, body: string): Token[] | undefined {
  const tokens: Token[] = [];
  let groups = 0;
  for (let i = 0; i < body.length; ) {
    const rest = body.slice(i);
    const fraction = /^\(\?:\\\.\(\\d\{1,(\d+)\}\)\)\?/.exec(rest);
    if (fraction) {
      const field = format.fields[groups++];
      // The fraction's digits set milliseconds (`f`, up to 3) or microseconds (`u`, up to 6), scaled to that width.
      if (field !== 'f' && field !== 'u') return undefined;
      tokens.push({ byte: FRACTION, min: 1, max: Number(fraction[1]), part: PARTS.indexOf(field) + 1 });
      i += fraction[0].length;
      continue;
    }
    const group = /^\(\\d\{(\d+)(?:,(\d+))?\}\)/.exec(rest);
    const offset = Object.keys(OFFSET_GROUPS).find((g) => rest.startsWith(g));
    const field = format.fields[groups];
    if (group || offset) {
      groups++;
      if (field === undefined || (field === 'O') !== !!offset) return undefined;
    }
    if (offset) {
      tokens.push(...OFFSET_GROUPS[offset]!);
      i += offset.length;
      continue;
    }
    if (group) {
      const min = Number(group[1]);
      const part = PARTS.indexOf(field as (typeof PARTS)[number]);
      // A field the byte reader keeps no slot for (a month name, a meridiem) would be read and dropped.
      if (part < 0) return undefined;
      tokens.push({ byte: DIGIT, min, max: group[2] === undefined ? min : Number(group[2]), part: part + 1 });
      i += group[0].length;
      continue;
    }
    let ch = body[i]!;
    if (ch === '\\') {
      ch = body[i + 1] ?? '';
      // Only escaped punctuation is a literal; \d, \s and friends are classes.
      if (!/^[/.\-:\\ ]$/.test(ch)) return undefined;
      i += 2;
    } else {
      if ('.*+?()[]{}|^$'.includes(ch)) return undefined;
      i += 1;
    }
    if (ch.charCodeAt(0) > 127) return undefined;
    tokens.push(literal(ch));
  }
  return groups === format.fields.length ? tokens : undefined;
}

/** `^(\d{4})-(\d{2})…$` → a template; undefined for any pattern that is not just digit groups, offsets and literals. */
export function byteTemplate(format: DatetimeFormat): ByteTemplate | undefined {
  if (format.epochUnit !== undefined) return epochTemplate(format, format.epochUnit);
  // A two-digit year's century is inferred (datetime.ts twoDigitYear), not read: left on the regex.
  if (format.twoDigitYear) return undefined;
  const { source, flags } = format.pattern;
  if (flags !== '' || !source.startsWith('^') || !source.endsWith('$')) return undefined;
  const tokens = tokensOf(format, source.slice(1, -1));
  if (!tokens) return undefined;
  const bytes: number[] = [];
  const groupEnds: number[] = [];
  for (const t of tokens) {
    for (let k = 0; k < t.min; k++) {
      bytes.push(t.byte === SIGN_OR_Z ? SIGN : t.byte);
      groupEnds.push(k === t.min - 1 ? t.part : 0);
    }
  }
  const offset = format.fields.includes('O');
  const micros = format.fields.includes('u');
  const flexible = tokens.some((t) => t.min !== t.max || t.byte === FRACTION) ? tokens : undefined;
  const zulu = source.endsWith('|Z)$') && !flexible ? { zuluAt: bytes.length - 6 } : {};
  return { format, bytes: Int16Array.from(bytes), groupEnds: Int8Array.from(groupEnds), parts: Int32Array.from(PART_DEFAULTS), offset, micros, ...zulu, ...(flexible ? { flexible } : {}) };
}

/** Epoch ms of bytes[start, end) in the template's format, or NaN: exactly what `parseDatetime` gives for the same text. */
export function parseDatetimeBytes(t: ByteTemplate, bytes: Uint8Array, start: number, end: number): number {
  const { bytes: want, groupEnds, parts } = t;
  if (t.epochUnit !== undefined) return parseEpochBytes(t.epochUnit, t.minDigits!, want.length, bytes, start, end);
  if (t.flexible) return readFlexible(t.flexible, parts, bytes, start, end) ? instant(t, parts) : NaN;
  let length = want.length;
  if (end - start !== length) {
    if (t.zuluAt === undefined || end - start !== t.zuluAt + 1 || bytes[end - 1] !== ZULU) return NaN;
    // `…Z`: the positions before the offset as usual, then offset zero.
    length = t.zuluAt;
    parts[SIGN_SLOT] = 1;
    parts[7] = parts[8] = 0;
  }
  let value = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[start + i]!;
    const w = want[i]!;
    if (w >= 0) {
      if (b !== w) return NaN;
      continue;
    }
    if (w === SIGN) {
      if (b !== PLUS && b !== MINUS) return NaN;
      parts[SIGN_SLOT] = b === MINUS ? -1 : 1;
      continue;
    }
    const digit = b - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
    const part = groupEnds[i]!;
    if (part !== 0) {
      parts[part - 1] = value;
      value = 0;
    }
  }
  return instant(t, parts);
}

/** Epoch ms of parts as read: the wall-clock time, less the UTC offset of a format that has one. */
function instant(t: ByteTemplate, parts: Int32Array): number {
  // A format has `f` or `u`, never both: the other is 0. `u / 1000` as parseDatetime divides it.
  const ms = epochMs(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!, parts[5]!, t.micros ? parts[9]! / 1000 : parts[6]!);
  return t.offset ? ms - utcOffsetMinutes(parts[SIGN_SLOT]!, parts[7]!, parts[8]!) * 60_000 : ms;
}

/** Walks the steps of a format with varying widths over bytes[start, end), into `parts`; false when they do not match. */
function readFlexible(tokens: readonly Token[], parts: Int32Array, bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.byte === FRACTION) {
      let value = 0;
      let width = 0;
      if (i < end && bytes[i] === DOT) {
        i++;
        while (i < end && width < t.max && bytes[i]! - ZERO >= 0 && bytes[i]! - ZERO <= 9) {
          value = value * 10 + bytes[i++]! - ZERO;
          width++;
        }
        if (width < t.min) return false;
      }
      // As datetime.ts fractionDigits: `.5` of milliseconds is 500, of microseconds 500000.
      parts[t.part - 1] = value * 10 ** (t.max - width);
    } else if (t.byte === SIGN_OR_Z && i < end && bytes[i] === ZULU) {
      // `Z`: offset zero, and the rest of the offset's steps (hours, `:`, minutes) are not written.
      i++;
      parts[SIGN_SLOT] = 1;
      parts[7] = parts[8] = 0;
      k += 3;
    } else if (t.byte === DIGIT) {
      // Greedy: a group is always followed by a literal or the end, never by digits.
      let value = 0;
      const from = i;
      while (i < end && i - from < t.max && bytes[i]! - ZERO >= 0 && bytes[i]! - ZERO <= 9) value = value * 10 + bytes[i++]! - ZERO;
      if (i - from < t.min) return false;
      parts[t.part - 1] = value;
    } else if (t.byte === SIGN || t.byte === SIGN_OR_Z) {
      if (i >= end || (bytes[i] !== PLUS && bytes[i] !== MINUS)) return false;
      parts[SIGN_SLOT] = bytes[i++] === MINUS ? -1 : 1;
    } else if (i >= end || bytes[i++] !== t.byte) return false;
  }
  return i === end;
}

/** `^[1-9]\d{min-1,max-1}$` read as an epoch integer in `unit` ms, in range: what `parseDatetime` gives for an epoch format. */
function parseEpochBytes(unit: number, minDigits: number, maxDigits: number, bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < minDigits || length > maxDigits || bytes[start] === ZERO) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i]! - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return epochValueMs(value, unit);
}

/** Reads one format from a cell's bytes: by its template, or by its regex on the decoded text when it has none. */
export type DatetimeReader = (bytes: Buffer, start: number, end: number, decode: (bytes: Buffer, start: number, end: number) => string) => number;

export function datetimeReader(format: DatetimeFormat): DatetimeReader {
  const template = byteTemplate(format);
  return template ? (bytes, start, end) => parseDatetimeBytes(template, bytes, start, end) : (bytes, start, end, decode) => parseDatetime(format, decode(bytes, start, end));
}
