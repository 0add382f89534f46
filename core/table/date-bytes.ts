/**
 * Datetime formats read from a cell's bytes. Every known format is a fixed-width run of digit
 * groups and literal characters, so a value is checked and parsed position by position, with no
 * string and no regex. The template is derived from the format's own pattern, so the two cannot
 * disagree; a pattern of any other shape gets no template and stays on the regex.
 */
import { epochMs, epochValueMs, parseDatetime, type DatetimeFormat } from './datetime.js';

const DIGIT = -1;
const ZERO = 48;
/** Order of the parts `epochMs` takes, and their values when a format does not have them. */
const PARTS = ['Y', 'M', 'D', 'h', 'm', 's', 'f'] as const;
const PART_DEFAULTS = [0, 1, 1, 0, 0, 0, 0];

export interface ByteTemplate {
  readonly format: DatetimeFormat;
  /** Per position: the byte required there, or DIGIT. */
  readonly bytes: Int16Array;
  /** Per position: 1 + the index in PARTS of the digit group that ends there, else 0. */
  readonly groupEnds: Int8Array;
  /** The parts as read; those the format lacks keep their defaults. Reused per parse: parsing allocates nothing. */
  readonly parts: Int32Array;
  /** Epoch formats: ms per unit; `bytes` then holds DIGIT once per digit of the longest spelling, and `minDigits` the fewest digits. */
  readonly epochUnit?: number;
  readonly minDigits?: number;
}

/** The template of an epoch format: `^[1-9]\d{a,b}$` → digits only, 1 + a to 1 + b of them. */
function epochTemplate(format: DatetimeFormat, unit: number): ByteTemplate | undefined {
  const m = /^\^\[1-9\]\\d\{(\d+),(\d+)\}\$$/.exec(format.pattern.source);
  if (!m || format.pattern.flags !== '') return undefined;
  const max = 1 + Number(m[2]);
  return { format, bytes: new Int16Array(max).fill(DIGIT), groupEnds: new Int8Array(max), parts: Int32Array.from(PART_DEFAULTS), epochUnit: unit, minDigits: 1 + Number(m[1]) };
}

/** `^(\d{4})-(\d{2})…$` → a template; undefined for any pattern that is not just digit groups and literals. */
export function byteTemplate(format: DatetimeFormat): ByteTemplate | undefined {
  if (format.epochUnit !== undefined) return epochTemplate(format, format.epochUnit);
  const { source, flags } = format.pattern;
  if (flags !== '' || !source.startsWith('^') || !source.endsWith('$')) return undefined;
  const bytes: number[] = [];
  const groupEnds: number[] = [];
  let groups = 0;
  const body = source.slice(1, -1);
  for (let i = 0; i < body.length; ) {
    const group = /^\(\\d\{(\d+)\}\)/.exec(body.slice(i));
    if (group) {
      const field = format.fields[groups++];
      if (field === undefined) return undefined;
      for (let k = 0, width = Number(group[1]); k < width; k++) {
        bytes.push(DIGIT);
        groupEnds.push(k === width - 1 ? PARTS.indexOf(field) + 1 : 0);
      }
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
    const code = ch.charCodeAt(0);
    if (code > 127) return undefined;
    bytes.push(code);
    groupEnds.push(0);
  }
  if (groups !== format.fields.length) return undefined;
  return { format, bytes: Int16Array.from(bytes), groupEnds: Int8Array.from(groupEnds), parts: Int32Array.from(PART_DEFAULTS) };
}

/** Epoch ms of bytes[start, end) in the template's format, or NaN: exactly what `parseDatetime` gives for the same text. */
export function parseDatetimeBytes(t: ByteTemplate, bytes: Uint8Array, start: number, end: number): number {
  const { bytes: want, groupEnds, parts } = t;
  if (t.epochUnit !== undefined) return parseEpochBytes(t.epochUnit, t.minDigits!, want.length, bytes, start, end);
  if (end - start !== want.length) return NaN;
  let value = 0;
  for (let i = 0; i < want.length; i++) {
    const b = bytes[start + i]!;
    const w = want[i]!;
    if (w !== DIGIT) {
      if (b !== w) return NaN;
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
  return epochMs(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!, parts[5]!, parts[6]!);
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
