/**
 * The datetime formats tabmimic recognises. Each parses to epoch milliseconds (UTC) and formats
 * back to the same spelling, so generated values look like the source's.
 *
 * Format names use date-fns tokens; `xxx`, `xx`, `x` are a UTC offset written `+02:00`, `+0200`,
 * `+02` (`xxx` also reads `Z`, so a column may mix the two; a column of only `Z` keeps the `…Z` formats, which come
 * first); `M`, `D`, `H`, `h` (one letter) are unpadded: read with or without a leading zero,
 * written without (`Jan 01 2000` comes back `Jan 1 2000`), so infer.ts prefers a padded format that
 * reads every value. `h`/`hh` is a 12-hour clock with its meridiem `A` (`AM`/`PM`; `am`/`pm` are
 * read too and written upper case, as a value keeps no spelling); `MMM`/`MMMM` an English month
 * name (`Jan`/`January`, that case only), `MON` one in capitals (`JAN`). An offset value is read as
 * the instant it names, and written back in the same shape at the column's own offset (`DatetimeColumn.utcOffset`,
 * utc-offset.ts): the one its values share, or the most common when they mix (daylight saving
 * time: `+01:00` and `+02:00`). Every value is written at that one offset, so each instant is kept
 * exactly; a column kept without an offset (one saved before offsets were kept) is written at
 * `+00:00`.
 *
 * ISO timestamps with a fraction of a second (`.SSS`, `.SSSSSS`) read it as optional and of any
 * length up to theirs (`fraction`): Python's isoformat() writes `…:00.123456` and `…:00` in one
 * column, JavaScript and others drop trailing zeros (`…:00.5Z`). Such a column is written back with
 * the full fraction on every value (`…:00.000Z`, `…:00.500Z`): a generated value keeps no spelling
 * of its own, and one width reads back by the same format. Where a format without a fraction reads
 * every value, infer.ts prefers it, then the fewer digits (preferPadded), so a column is written as
 * its source spells it whenever one format can.
 */
import { writtenOffset, type OffsetStyle } from './utc-offset.js';

export interface DatetimeFormat {
  readonly name: string;
  /** Digit groups `(\d{n})` or `(\d{a,b})`, an optional fraction `(?:\.(\d{1,n}))?`, an offset group (`O`), and escaped literals: date-bytes.ts derives its byte reader from it (any other shape stays on the regex). */
  readonly pattern: RegExp;
  /**
   * Field order of the pattern's groups; `O` is a UTC offset (`+02:00`, `+0200`, `+02`), `N` a month
   * name (sets the month), `A` a meridiem (`h` is then 1–12). `N` and `A` groups are not digits, so
   * date-bytes.ts leaves such formats on the regex.
   */
  readonly fields: readonly DatetimeField[];
  readonly render: (p: Parts) => string;
  /**
   * Unix epoch formats only: milliseconds per unit of the integer written (1000 for seconds, 1 for
   * milliseconds). Such a format has no fields; the pattern is the integer's spelling, and only
   * values in EPOCH_RANGE_MS parse.
   */
  readonly epochUnit?: number;
  /** Day, month or hour may be written with one digit: a padded format that reads every value is preferred (infer.ts). */
  readonly unpadded?: true;
  /** Formats with a UTC offset: how it is written (`+02:00`, `+0200`, `+02`). */
  readonly offset?: OffsetStyle;
  /**
   * Formats with a fraction of a second: read with none or 1 to this many digits (`.5` is half a
   * second), written with all of them; 3 for `.SSS`, 6 for `.SSSSSS`.
   */
  readonly fraction?: 3 | 6;
  /** `YY` formats: the year is written with two digits, its century inferred (twoDigitYear). */
  readonly twoDigitYear?: true;
}

export type DatetimeField = 'Y' | 'M' | 'D' | 'h' | 'm' | 's' | 'f' | 'u' | 'O' | 'N' | 'A';

interface Parts {
  Y: string;
  M: string;
  D: string;
  h: string;
  m: string;
  s: string;
  f: string;
  /** Milliseconds and microseconds: six digits. */
  u: string;
  /** The hour on a 12-hour clock (`01`–`12`) and its meridiem (`AM`/`PM`). */
  I: string;
  A: string;
  /** The month's English name: `Jan`, `January`. */
  b: string;
  B: string;
  /** The UTC offset as the format writes it (`+02:00`, `Z`, `+0200`). */
  o: string;
}

const time = (p: Parts) => `${p.h}:${p.m}:${p.s}`;
const isoDate = (p: Parts) => `${p.Y}-${p.M}-${p.D}`;
/** A two-digit part without its padding (`05` → `5`). */
const unpad = (two: string) => (two[0] === '0' ? two.slice(1) : two);
const unpaddedUs = (p: Parts) => `${unpad(p.M)}/${unpad(p.D)}/${p.Y}`;
const unpaddedEu = (p: Parts) => `${unpad(p.D)}/${unpad(p.M)}/${p.Y}`;

const ISO_DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const HMS = String.raw`(\d{2}):(\d{2}):(\d{2})`;
const YMDHMS = ['Y', 'M', 'D', 'h', 'm', 's'] as const;
/** `^…$` of pattern pieces. */
const exact = (...pieces: string[]) => new RegExp(`^${pieces.join('')}$`);
/** The offset groups of each style. */
const OFFSETS = {
  // `Z` too, as ISO 8601 writes offset zero: a column may mix `…Z` and `…+02:00`.
  xxx: String.raw`([+-]\d{2}:\d{2}|Z)`,
  xx: String.raw`([+-]\d{4})`,
  x: String.raw`([+-]\d{2})`,
} as const;

/** An optional fraction of a second of 1 to `digits` digits (`fraction` above; date-bytes.ts reads this shape). */
const optionalFraction = (digits: 3 | 6) => String.raw`(?:\.(\d{1,${digits}}))?`;
const MS = optionalFraction(3);
const US = optionalFraction(6);

/** A fraction of a second: none, milliseconds (`f`) or microseconds (`u`, as Python's isoformat writes them). */
const FRACTIONS = {
  none: { name: '', group: '', fields: [] as const, render: () => '', fraction: {} },
  ms: { name: '.SSS', group: MS, fields: ['f'] as const, render: (p: Parts) => `.${p.f}`, fraction: { fraction: 3 } as const },
  us: { name: '.SSSSSS', group: US, fields: ['u'] as const, render: (p: Parts) => `.${p.u}`, fraction: { fraction: 6 } as const },
};

/** `YYYY-MM-DD<sep>HH:mm:ss[.SSS|.SSSSSS]<offset>`: the instant, written back at the column's offset (formatDatetime). */
function isoWithOffset(sep: 'T' | ' ', fraction: keyof typeof FRACTIONS, offset: OffsetStyle): DatetimeFormat {
  const part = FRACTIONS[fraction];
  return {
    name: `YYYY-MM-DD${sep}HH:mm:ss${part.name}${offset}`,
    pattern: exact(ISO_DATE, sep, HMS, part.group, OFFSETS[offset]),
    fields: [...YMDHMS, ...part.fields, 'O'],
    render: (p) => `${isoDate(p)}${sep}${time(p)}${part.render(p)}${p.o}`,
    offset,
    ...part.fraction,
  };
}

/** Date then time, each in a fixed spelling: `DD/MM/YYYY HH:mm:ss` and the like; an `H` hour is unpadded (`D.M.YYYY H:mm`). */
function dateTime(name: string, date: string, dateFields: readonly DatetimeField[], withSeconds: boolean, render: (p: Parts) => string, hour: 'HH' | 'H' = 'HH'): DatetimeFormat {
  const hours = hour === 'H' ? String.raw`(\d{1,2})` : String.raw`(\d{2})`;
  return {
    name: `${name} ${hour}:mm${withSeconds ? ':ss' : ''}`,
    pattern: exact(date, ' ', hours, String.raw`:(\d{2})`, withSeconds ? String.raw`:(\d{2})` : ''),
    fields: [...dateFields, 'h', 'm', ...(withSeconds ? (['s'] as const) : [])],
    render: (p) => `${render(p)} ${hour === 'H' ? unpad(p.h) : p.h}:${p.m}${withSeconds ? `:${p.s}` : ''}`,
  };
}
const SLASH_DMY = String.raw`(\d{2})\/(\d{2})\/(\d{4})`;
const SLASH_YMD = String.raw`(\d{4})\/(\d{2})\/(\d{2})`;
const DOT_DMY = String.raw`(\d{2})\.(\d{2})\.(\d{4})`;
/** `21.6.2022`: German spreadsheets' default date, day first as dotted dates always are. */
const UNPADDED_DOT_DMY = String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`;
const unpaddedDotted = (p: Parts) => `${unpad(p.D)}.${unpad(p.M)}.${p.Y}`;
/** `D.M.YYYY` then a time with its hour padded (`18.8.2022 07:30`) or not (`18.8.2022 7:30`), with or without seconds. */
const unpaddedDottedTime = (hour: 'HH' | 'H', withSeconds: boolean): DatetimeFormat => ({
  ...dateTime('D.M.YYYY', UNPADDED_DOT_DMY, ['D', 'M', 'Y'], withSeconds, unpaddedDotted, hour),
  unpadded: true,
});

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Month number of a full or three-letter English name, or an upper-case three-letter one (`JAN`); the patterns admit no other spelling. */
const MONTH_OF = new Map(MONTH_NAMES.flatMap((name, i) => [[name, i + 1] as const, [name.slice(0, 3), i + 1] as const, [name.slice(0, 3).toUpperCase(), i + 1] as const]));
const SHORT_MONTH = `(${MONTH_NAMES.map((n) => n.slice(0, 3)).join('|')})`;
const UPPER_SHORT_MONTH = `(${MONTH_NAMES.map((n) => n.slice(0, 3).toUpperCase()).join('|')})`;
const LONG_MONTH = `(${MONTH_NAMES.join('|')})`;
const MERIDIEM = '(AM|PM|am|pm)';
const US_DATE = String.raw`(\d{1,2})\/(\d{1,2})\/(\d{4})`;
/**
 * The century of a two-digit year (`YY`): 69–99 are 1969–1999 and 00–68 are 2000–2068, the pivot
 * POSIX strptime's `%y` and Python use (a birth year `61` is 2061 here, as there). A value outside
 * 1969–2068 written as `YY` reads back in the other century.
 */
export const TWO_DIGIT_YEAR_PIVOT = 69;
export const twoDigitYear = (yy: number): number => yy + (yy < TWO_DIGIT_YEAR_PIVOT ? 2000 : 1900);
/** US and European short dates with a two-digit year (Excel's `m/d/yy h:mm`: `3/6/92 17:13`), unpadded day, month and hour. */
const SHORT_YEAR_DATE = String.raw`(\d{1,2})\/(\d{1,2})\/(\d{2})`;
function shortYear(order: 'M/D' | 'D/M', time: '' | 'H:mm' | 'H:mm:ss'): DatetimeFormat {
  const clock = time === '' ? '' : time === 'H:mm' ? String.raw` (\d{1,2}):(\d{2})` : String.raw` (\d{1,2}):(\d{2}):(\d{2})`;
  const timeFields = time === '' ? [] : time === 'H:mm' ? (['h', 'm'] as const) : (['h', 'm', 's'] as const);
  const date = (p: Parts) => (order === 'M/D' ? `${unpad(p.M)}/${unpad(p.D)}` : `${unpad(p.D)}/${unpad(p.M)}`) + `/${p.Y.slice(-2)}`;
  return {
    name: `${order}/YY${time ? ` ${time}` : ''}`,
    pattern: exact(SHORT_YEAR_DATE, clock),
    fields: [...(order === 'M/D' ? (['M', 'D'] as const) : (['D', 'M'] as const)), 'Y', ...timeFields],
    render: (p) => `${date(p)}${time === '' ? '' : ` ${unpad(p.h)}:${p.m}${time === 'H:mm:ss' ? `:${p.s}` : ''}`}`,
    unpadded: true,
    twoDigitYear: true,
  };
}

/** `3:45` or `3:45:07` then ` PM`: the 12-hour time of a US spreadsheet or .NET export. */
const clock12 = (p: Parts, withSeconds: boolean) => `${unpad(p.I)}:${p.m}${withSeconds ? `:${p.s}` : ''} ${p.A}`;

export const DATETIME_FORMATS: readonly DatetimeFormat[] = [
  { name: 'YYYY-MM-DD', pattern: /^(\d{4})-(\d{2})-(\d{2})$/, fields: ['Y', 'M', 'D'], render: (p) => `${p.Y}-${p.M}-${p.D}` },
  {
    name: 'YYYY-MM-DDTHH:mm:ss.SSSZ',
    pattern: exact(ISO_DATE, 'T', HMS, MS, 'Z'),
    fields: ['Y', 'M', 'D', 'h', 'm', 's', 'f'],
    render: (p) => `${p.Y}-${p.M}-${p.D}T${time(p)}.${p.f}Z`,
    fraction: 3,
  },
  {
    name: 'YYYY-MM-DDTHH:mm:ssZ',
    pattern: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/,
    fields: ['Y', 'M', 'D', 'h', 'm', 's'],
    render: (p) => `${p.Y}-${p.M}-${p.D}T${time(p)}Z`,
  },
  {
    name: 'YYYY-MM-DDTHH:mm:ss',
    pattern: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/,
    fields: ['Y', 'M', 'D', 'h', 'm', 's'],
    render: (p) => `${p.Y}-${p.M}-${p.D}T${time(p)}`,
  },
  {
    name: 'YYYY-MM-DD HH:mm:ss',
    pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/,
    fields: ['Y', 'M', 'D', 'h', 'm', 's'],
    render: (p) => `${p.Y}-${p.M}-${p.D} ${time(p)}`,
  },
  {
    name: 'YYYY-MM-DD HH:mm',
    pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/,
    fields: ['Y', 'M', 'D', 'h', 'm'],
    render: (p) => `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}`,
  },
  { name: 'YYYY/MM/DD', pattern: /^(\d{4})\/(\d{2})\/(\d{2})$/, fields: ['Y', 'M', 'D'], render: (p) => `${p.Y}/${p.M}/${p.D}` },
  { name: 'DD/MM/YYYY', pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, fields: ['D', 'M', 'Y'], render: (p) => `${p.D}/${p.M}/${p.Y}` },
  { name: 'MM/DD/YYYY', pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, fields: ['M', 'D', 'Y'], render: (p) => `${p.M}/${p.D}/${p.Y}` },
  { name: 'DD.MM.YYYY', pattern: /^(\d{2})\.(\d{2})\.(\d{4})$/, fields: ['D', 'M', 'Y'], render: (p) => `${p.D}.${p.M}.${p.Y}` },
  { name: 'DD-MM-YYYY', pattern: /^(\d{2})-(\d{2})-(\d{4})$/, fields: ['D', 'M', 'Y'], render: (p) => `${p.D}-${p.M}-${p.Y}` },
  { name: 'MM-DD-YYYY', pattern: /^(\d{2})-(\d{2})-(\d{4})$/, fields: ['M', 'D', 'Y'], render: (p) => `${p.M}-${p.D}-${p.Y}` },
  // Fractional seconds without a zone: wall-clock time, like the other zoneless formats.
  { name: 'YYYY-MM-DDTHH:mm:ss.SSS', pattern: exact(ISO_DATE, 'T', HMS, MS), fields: [...YMDHMS, 'f'], render: (p) => `${isoDate(p)}T${time(p)}.${p.f}`, fraction: 3 },
  { name: 'YYYY-MM-DD HH:mm:ss.SSS', pattern: exact(ISO_DATE, ' ', HMS, MS), fields: [...YMDHMS, 'f'], render: (p) => `${isoDate(p)} ${time(p)}.${p.f}`, fraction: 3 },
  // Microseconds (pandas, PostgreSQL): the value keeps them as a fraction of a millisecond.
  { name: 'YYYY-MM-DDTHH:mm:ss.SSSSSS', pattern: exact(ISO_DATE, 'T', HMS, US), fields: [...YMDHMS, 'u'], render: (p) => `${isoDate(p)}T${time(p)}.${p.u}`, fraction: 6 },
  { name: 'YYYY-MM-DD HH:mm:ss.SSSSSS', pattern: exact(ISO_DATE, ' ', HMS, US), fields: [...YMDHMS, 'u'], render: (p) => `${isoDate(p)} ${time(p)}.${p.u}`, fraction: 6 },
  isoWithOffset('T', 'none', 'xxx'),
  isoWithOffset('T', 'none', 'xx'),
  isoWithOffset('T', 'ms', 'xxx'),
  isoWithOffset(' ', 'none', 'xxx'),
  isoWithOffset(' ', 'none', 'xx'),
  isoWithOffset(' ', 'none', 'x'),
  { name: 'DD.MM.YYYY HH:mm', pattern: /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})$/, fields: ['D', 'M', 'Y', 'h', 'm'], render: (p) => `${p.D}.${p.M}.${p.Y} ${p.h}:${p.m}` },
  // Unpadded day and month (US `1/5/2023`, Excel's `1/5/2023 9:05`), in either order: infer.ts decides as for the padded ones.
  { name: 'M/D/YYYY', pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, fields: ['M', 'D', 'Y'], render: unpaddedUs, unpadded: true },
  { name: 'D/M/YYYY', pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, fields: ['D', 'M', 'Y'], render: unpaddedEu, unpadded: true },
  { name: 'M/D/YYYY H:mm', pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/, fields: ['M', 'D', 'Y', 'h', 'm'], render: (p) => `${unpaddedUs(p)} ${unpad(p.h)}:${p.m}`, unpadded: true },
  { name: 'D/M/YYYY H:mm', pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/, fields: ['D', 'M', 'Y', 'h', 'm'], render: (p) => `${unpaddedEu(p)} ${unpad(p.h)}:${p.m}`, unpadded: true },
  // Times of day (a shift's start, a departure): read on 1970-01-01, so a value is the time since midnight.
  { name: 'HH:mm:ss', pattern: exact(HMS), fields: ['h', 'm', 's'], render: time },
  { name: 'HH:mm', pattern: /^(\d{2}):(\d{2})$/, fields: ['h', 'm'], render: (p) => `${p.h}:${p.m}` },
  // Unix epoch integers. Inference offers them only for a whole-number column whose name suggests time (infer.ts).
  { name: 'epoch_s', pattern: /^[1-9]\d{8,9}$/, fields: [], render: () => '', epochUnit: 1000 },
  { name: 'epoch_ms', pattern: /^[1-9]\d{11,12}$/, fields: [], render: () => '', epochUnit: 1 },
  // Added after the epochs, so stored formats keep their places. A `…Z` column keeps its Z: it comes before the offset one.
  { name: 'YYYY-MM-DDTHH:mm:ss.SSSSSSZ', pattern: exact(ISO_DATE, 'T', HMS, US, 'Z'), fields: [...YMDHMS, 'u'], render: (p) => `${isoDate(p)}T${time(p)}.${p.u}Z`, fraction: 6 },
  isoWithOffset('T', 'us', 'xxx'),
  isoWithOffset(' ', 'us', 'xxx'),
  isoWithOffset(' ', 'ms', 'xxx'),
  // HTML's datetime-local and spreadsheets' minutes.
  { name: 'YYYY-MM-DDTHH:mm', pattern: exact(ISO_DATE, 'T', String.raw`(\d{2}):(\d{2})`), fields: ['Y', 'M', 'D', 'h', 'm'], render: (p) => `${isoDate(p)}T${p.h}:${p.m}` },
  dateTime('DD/MM/YYYY', SLASH_DMY, ['D', 'M', 'Y'], true, (p) => `${p.D}/${p.M}/${p.Y}`),
  dateTime('MM/DD/YYYY', SLASH_DMY, ['M', 'D', 'Y'], true, (p) => `${p.M}/${p.D}/${p.Y}`),
  dateTime('DD/MM/YYYY', SLASH_DMY, ['D', 'M', 'Y'], false, (p) => `${p.D}/${p.M}/${p.Y}`),
  dateTime('MM/DD/YYYY', SLASH_DMY, ['M', 'D', 'Y'], false, (p) => `${p.M}/${p.D}/${p.Y}`),
  dateTime('YYYY/MM/DD', SLASH_YMD, ['Y', 'M', 'D'], true, (p) => `${p.Y}/${p.M}/${p.D}`),
  dateTime('YYYY/MM/DD', SLASH_YMD, ['Y', 'M', 'D'], false, (p) => `${p.Y}/${p.M}/${p.D}`),
  dateTime('DD.MM.YYYY', DOT_DMY, ['D', 'M', 'Y'], true, (p) => `${p.D}.${p.M}.${p.Y}`),
  // Its fraction is optional, as the ISO ones' are: a Parquet TIME column mixes `…:00` and `…:00.5` (parquet-source.ts).
  { name: 'HH:mm:ss.SSS', pattern: exact(HMS, MS), fields: ['h', 'm', 's', 'f'], render: (p) => `${time(p)}.${p.f}`, fraction: 3 },
  // Microseconds (PostgreSQL's and Python's `time`, a Parquet TIME_MICROS): a column of at most three digits keeps
  // `.SSS` (infer.ts preferPadded), as the ISO timestamps do. Formats are stored by name; indices live only in memory.
  { name: 'HH:mm:ss.SSSSSS', pattern: exact(HMS, US), fields: ['h', 'm', 's', 'u'], render: (p) => `${time(p)}.${p.u}`, fraction: 6 },
  // 12-hour clocks (US Excel, .NET): 12 AM is 00h, 12 PM 12h; hour 0 or above 12 is no time.
  { name: 'M/D/YYYY h:mm:ss A', pattern: exact(US_DATE, String.raw` (\d{1,2}):(\d{2}):(\d{2}) `, MERIDIEM), fields: ['M', 'D', 'Y', 'h', 'm', 's', 'A'], render: (p) => `${unpaddedUs(p)} ${clock12(p, true)}`, unpadded: true },
  { name: 'M/D/YYYY h:mm A', pattern: exact(US_DATE, String.raw` (\d{1,2}):(\d{2}) `, MERIDIEM), fields: ['M', 'D', 'Y', 'h', 'm', 'A'], render: (p) => `${unpaddedUs(p)} ${clock12(p, false)}`, unpadded: true },
  { name: 'YYYY-MM-DD hh:mm:ss A', pattern: exact(ISO_DATE, ' ', HMS, ' ', MERIDIEM), fields: [...YMDHMS, 'A'], render: (p) => `${isoDate(p)} ${p.I}:${p.m}:${p.s} ${p.A}` },
  { name: 'h:mm A', pattern: exact(String.raw`(\d{1,2}):(\d{2}) `, MERIDIEM), fields: ['h', 'm', 'A'], render: (p) => clock12(p, false), unpadded: true },
  // English month names: vega's stocks.csv (`Jan 1 2000`), US prose dates, Oracle/SAS `05-Jan-2020`. The full
  // `September 25, 2021` (Kaggle's Netflix titles, scraped tables) took the last slot over `5 Jan 2020`, which is rarer in CSVs.
  { name: 'MMM D YYYY', pattern: exact(SHORT_MONTH, String.raw` (\d{1,2}) (\d{4})`), fields: ['N', 'D', 'Y'], render: (p) => `${p.b} ${unpad(p.D)} ${p.Y}`, unpadded: true },
  { name: 'MMM D, YYYY', pattern: exact(SHORT_MONTH, String.raw` (\d{1,2}), (\d{4})`), fields: ['N', 'D', 'Y'], render: (p) => `${p.b} ${unpad(p.D)}, ${p.Y}`, unpadded: true },
  { name: 'DD-MMM-YYYY', pattern: exact(String.raw`(\d{2})-`, SHORT_MONTH, String.raw`-(\d{4})`), fields: ['D', 'N', 'Y'], render: (p) => `${p.D}-${p.b}-${p.Y}` },
  { name: 'MMMM D, YYYY', pattern: exact(LONG_MONTH, String.raw` (\d{1,2}), (\d{4})`), fields: ['N', 'D', 'Y'], render: (p) => `${p.B} ${unpad(p.D)}, ${p.Y}`, unpadded: true },
  // Oracle's DD-MON-YYYY and SAS exports: the month in capitals (`05-JAN-2020`), written back so. Its own format, as
  // a value keeps no spelling: a column of `Jan` stays DD-MMM-YYYY.
  { name: 'DD-MON-YYYY', pattern: exact(String.raw`(\d{2})-`, UPPER_SHORT_MONTH, String.raw`-(\d{4})`), fields: ['D', 'N', 'Y'], render: (p) => `${p.D}-${p.b.toUpperCase()}-${p.Y}` },
  // Unpadded dotted dates (LibreOffice's and Excel's German default, `21.6.2022 17:30`). A padded
  // hour is its own format, so `07:30` is written back so; infer.ts prefers the fewest unpadded parts.
  { name: 'D.M.YYYY', pattern: exact(UNPADDED_DOT_DMY), fields: ['D', 'M', 'Y'], render: unpaddedDotted, unpadded: true },
  unpaddedDottedTime('HH', false),
  unpaddedDottedTime('H', false),
  unpaddedDottedTime('HH', true),
  unpaddedDottedTime('H', true),
  // Two-digit years (TWO_DIGIT_YEAR_PIVOT).
  shortYear('M/D', ''),
  shortYear('D/M', ''),
  shortYear('M/D', 'H:mm'),
  shortYear('D/M', 'H:mm'),
  shortYear('M/D', 'H:mm:ss'),
  shortYear('D/M', 'H:mm:ss'),
];

/** Epoch values read as datetimes: 2000-01-01 to 2100-01-01 (UTC), in ms, bounds included. */
export const EPOCH_RANGE_MS = [946_684_800_000, 4_102_444_800_000] as const;

/** Epoch ms of an epoch integer in the unit of a format, or NaN outside EPOCH_RANGE_MS. */
export function epochValueMs(value: number, unit: number): number {
  const ms = value * unit;
  return ms >= EPOCH_RANGE_MS[0] && ms <= EPOCH_RANGE_MS[1] ? ms : NaN;
}

/** What a format reads, for a message refusing values: an epoch's digits and range (the pattern and EPOCH_RANGE_MS), else its name. */
export function acceptedByFormat(format: DatetimeFormat): string {
  const unit = format.epochUnit;
  if (unit === undefined) return format.name;
  const [low, high] = EPOCH_RANGE_MS.map((ms) => ms / unit);
  const what = unit === 1 ? 'milliseconds' : 'seconds';
  return `${format.name}: whole ${what} since 1970 from ${low} to ${high}, i.e. 2000-01-01 to 2100-01-01 UTC,`;
}

const BY_NAME = new Map(DATETIME_FORMATS.map((f) => [f.name, f]));

export function datetimeFormat(name: string): DatetimeFormat {
  const f = BY_NAME.get(name);
  if (!f) throw new Error(`Unknown datetime format ${name}`);
  return f;
}

/** Epoch ms, or NaN when the text does not match the format or names an impossible date. */
export function parseDatetime(format: DatetimeFormat, text: string): number {
  const m = format.pattern.exec(text);
  if (!m) return NaN;
  if (format.epochUnit !== undefined) return epochValueMs(Number(text), format.epochUnit);
  let Y = 1970, M = 1, D = 1, h = 0, min = 0, s = 0, f = 0, offset = 0; // prettier-ignore
  let meridiem: string | undefined;
  for (let i = 0; i < format.fields.length; i++) {
    const value = Number(m[i + 1]);
    switch (format.fields[i]) {
      case 'Y': Y = format.twoDigitYear ? twoDigitYear(value) : value; break; // prettier-ignore
      case 'M': M = value; break; // prettier-ignore
      case 'D': D = value; break; // prettier-ignore
      case 'h': h = value; break; // prettier-ignore
      case 'm': min = value; break; // prettier-ignore
      case 's': s = value; break; // prettier-ignore
      case 'f': f = fractionDigits(m[i + 1], 3); break; // prettier-ignore
      case 'u': f = fractionDigits(m[i + 1], 6) / 1000; break; // prettier-ignore
      case 'O': offset = offsetMinutes(m[i + 1]!); break; // prettier-ignore
      case 'N': M = MONTH_OF.get(m[i + 1]!) ?? NaN; break; // prettier-ignore
      case 'A': meridiem = m[i + 1]!.toUpperCase(); break; // prettier-ignore
    }
  }
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  return epochMs(Y, M, D, h, min, s, f) - offset * 60_000;
}

/**
 * A fraction of a second's digits as an integer of `width` digits (milliseconds for 3, microseconds
 * for 6): `5` is 500 ms, as `.5` is half a second; none written is 0.
 */
function fractionDigits(digits: string | undefined, width: number): number {
  return digits === undefined ? 0 : Number(digits.padEnd(width, '0'));
}

/** Minutes east of UTC of `+02:00`, `-0530` or `+02`; NaN past ±23:59 (so the instant is NaN). */
function offsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const digits = text.replace(':', '');
  return utcOffsetMinutes(text[0] === '-' ? -1 : 1, Number(digits.slice(1, 3)), Number(digits.slice(3, 5) || '0'));
}

/** Minutes east of UTC of a sign, hours and minutes as written; NaN when they are no offset. */
export function utcOffsetMinutes(sign: number, hours: number, minutes: number): number {
  return hours > 23 || minutes > 59 ? NaN : sign * (hours * 60 + minutes);
}

/** Epoch ms of the parts of a date as written, or NaN when they name an impossible date or time. */
export function epochMs(Y: number, M: number, D: number, h: number, min: number, s: number, f: number): number {
  if (M < 1 || M > 12 || D < 1 || D > daysInMonth(Y, M) || h > 23 || min > 59 || s > 59) return NaN;
  // Plain arithmetic for every year: Date.UTC would read years 0–99 as 1900–1999, and `0001-01-01`
  // (a common "no date" sentinel) must stay in year 1.
  return daysFromCivil(Y, M, D) * 86_400_000 + ((h * 60 + min) * 60 + s) * 1000 + f;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), exact for any year. */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a month of the proleptic Gregorian calendar (so 31 February is rejected, not rolled over). */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The instant `ms` in a format; a format with a UTC offset writes the wall-clock time at
 * `utcOffset` (a column's, utc-offset.ts: `Z` or `±hh:mm`; `+00:00` when absent) and that offset,
 * so the text names the same instant. Formats without an offset ignore it.
 */
export function formatDatetime(format: DatetimeFormat, ms: number, utcOffset?: string): string {
  if (format.epochUnit !== undefined) return String(Math.floor(ms / format.epochUnit));
  const offset = format.offset ? writtenOffset(format.offset, utcOffset) : NO_OFFSET;
  const wall = ms + offset.minutes * 60_000;
  // Microsecond formats keep the fraction of a millisecond that `Date` would drop.
  const { whole, micros } = format.fields.includes('u') ? splitMicros(wall) : { whole: wall, micros: 0 };
  const d = new Date(whole);
  const hours = d.getUTCHours();
  const month = MONTH_NAMES[d.getUTCMonth()]!;
  return format.render({
    Y: pad(d.getUTCFullYear(), 4),
    M: pad(d.getUTCMonth() + 1),
    D: pad(d.getUTCDate()),
    h: pad(hours),
    m: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    f: pad(d.getUTCMilliseconds(), 3),
    u: pad(d.getUTCMilliseconds() * 1000 + micros, 6),
    I: pad(hours % 12 || 12),
    A: hours < 12 ? 'AM' : 'PM',
    b: month.slice(0, 3),
    B: month,
    o: offset.text,
  });
}

const NO_OFFSET = { text: '', minutes: 0 };

/**
 * Whole milliseconds and the microseconds past them, rounded. A double near 2^41 ms (today) has a
 * step of 2^-12 ms, well under half a microsecond, so the microseconds read are recovered exactly.
 */
function splitMicros(ms: number): { whole: number; micros: number } {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  return micros === 1000 ? { whole: whole + 1, micros: 0 } : { whole, micros };
}
