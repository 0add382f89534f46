/**
 * A cell as the tokenizer hands it over: a byte range of a Buffer. Most cells are read straight
 * from their bytes; these helpers make the string when one is needed, and tell when a cell
 * needs the string rules (trimming) that only the string path implements.
 */
import type { CsvDialect } from '../files/model.js';

/** The text of bytes[start, end), in the file's encoding. */
export type CellDecoder = (bytes: Buffer, start: number, end: number) => string;

/**
 * UTF-8 is decoded per cell. That equals decoding the whole stream first: delimiters, quotes and
 * line ends are ASCII, which never occurs inside a multi-byte character. Buffer's decoder keeps a
 * BOM inside a cell, as a stream decoder does; TextDecoder would drop it. A cell that is not valid
 * UTF-8 (a stray Windows-1252 `é` in a UTF-8 file) has its invalid bytes read as Windows-1252
 * (`decodeUtf8Cell`). Single-byte files are Windows-1252 (`latin1` in records made before it was
 * told apart: the same bytes, but 0x80–0x9F are `€`, curly quotes and dashes, not C1 controls).
 */
export function cellDecoder(encoding: CsvDialect['encoding']): CellDecoder {
  return isSingleByte(encoding) ? decodeWindows1252 : decodeUtf8Cell;
}

/** Whether the file is read one byte per character (Windows-1252). */
export const isSingleByte = (encoding: CsvDialect['encoding']): boolean => encoding === 'windows-1252' || encoding === 'latin1';

/**
 * Unicode of the Windows-1252 bytes 0x80–0x9F (WHATWG's table: the five it leaves undefined stay C1
 * controls). Written out: Node 20's TextDecoder('windows-1252') decodes them as Latin-1.
 */
export const WINDOWS_1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;
const fromC1 = (ch: string) => String.fromCharCode(WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80]!);

/** Windows-1252 text of bytes[start, end): Latin-1 (fast, native), then 0x80–0x9F mapped where there are any. */
export function decodeWindows1252(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString('latin1', start, end);
  return C1.test(text) ? text.replace(C1_ALL, fromC1) : text;
}

/** Windows-1252 bytes of a text, or undefined when a character has none (the byte readers' affixes: `€` is 0x80). */
export function encodeWindows1252(text: string): Buffer | undefined {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const high = WINDOWS_1252_HIGH.indexOf(code);
    if (high >= 0) out[i] = 0x80 + high;
    else if (code <= 0xff && (code < 0x80 || code > 0x9f)) out[i] = code;
    else return undefined;
  }
  return out;
}

/**
 * UTF-8 text of a cell; invalid bytes (which Buffer would turn into U+FFFD) are read as
 * Windows-1252, so one cell typed in another program loses nothing. A valid cell, the common case,
 * costs one search of its text for U+FFFD.
 */
export function decodeUtf8Cell(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString('utf8', start, end);
  return text.indexOf('\uFFFD') < 0 ? text : repairUtf8(bytes, start, end);
}

/** Valid UTF-8 sequences as UTF-8, every other byte as Windows-1252 (a real U+FFFD stays one). */
function repairUtf8(bytes: Buffer, start: number, end: number): string {
  let out = '';
  let run = start;
  let i = start;
  while (i < end) {
    const length = utf8SequenceLength(bytes, i, end);
    if (length > 0) {
      i += length;
      continue;
    }
    out += bytes.toString('utf8', run, i) + decodeWindows1252(bytes, i, i + 1);
    run = ++i;
  }
  return out + bytes.toString('utf8', run, end);
}

/** Bytes of the well-formed UTF-8 sequence at bytes[i] (RFC 3629: no overlongs, surrogates or values past U+10FFFF), or 0. */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) low = 0xa0;
    else if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) low = 0x90;
    else if (b === 0xf4) high = 0x8f;
  } else return 0;
  if (i + length > end) return 0;
  const second = bytes[i + 1]!;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/** Trims only when there is something to trim: most cells have no surrounding spaces. */
export const trim = (raw: string): string => (raw.length && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw);

/**
 * Whether `trim` would look at this cell: its first or last character is a space or a control
 * character. Those are single bytes in UTF-8 and Latin-1, and every other character starts and
 * ends with a byte above 32, so the bytes tell.
 */
export const needsTrim = (bytes: Uint8Array, start: number, end: number): boolean => end > start && (bytes[start]! <= 32 || bytes[end - 1]! <= 32);

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const startsWithBom = (bytes: Uint8Array, at: number) => UTF8_BOM.every((b, i) => bytes[at + i] === b);

/**
 * Bytes of byte-order mark to skip at the start of a UTF-8 stream's first chunk: the decoder's one
 * BOM, and a second one right after it, as `text.replace(/^\uFEFF/, '')` on the first decoded
 * chunk did before ingest read bytes.
 */
export function leadingBomLength(first: Uint8Array): number {
  if (!startsWithBom(first, 0)) return 0;
  return startsWithBom(first, 3) ? 6 : 3;
}

/** Bytes at least that `excelSepLine` needs to see: `sep=;` and CRLF. */
export const SEP_LINE_MAX = 7;

/**
 * Excel's first line `sep=;` (also `sep=,`, `sep=\t`, `sep=|`) names the delimiter and is not part of
 * the table: its delimiter and length in bytes (the line end included), or undefined.
 */
export function excelSepLine(bytes: Uint8Array): { delimiter: string; length: number } | undefined {
  if (bytes.length < 6 || bytes[0] !== 0x73 || bytes[1] !== 0x65 || bytes[2] !== 0x70 || bytes[3] !== 0x3d) return undefined;
  const delimiter = String.fromCharCode(bytes[4]!);
  if (!EXCEL_DELIMITERS.includes(delimiter)) return undefined;
  if (bytes[5] === 0x0d) return { delimiter, length: bytes[6] === 0x0a ? 7 : 6 };
  return bytes[5] === 0x0a ? { delimiter, length: 6 } : undefined;
}
const EXCEL_DELIMITERS = [',', ';', '\t', '|'];
