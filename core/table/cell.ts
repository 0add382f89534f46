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
 * line ends are ASCII, which never occurs inside a multi-byte character, and the decoder replaces
 * an invalid sequence without swallowing the ASCII byte after it. Buffer's decoder keeps a BOM
 * inside a cell, as a stream decoder does; TextDecoder would drop it.
 */
export function cellDecoder(encoding: CsvDialect['encoding']): CellDecoder {
  return encoding === 'latin1' ? (bytes, start, end) => bytes.toString('latin1', start, end) : (bytes, start, end) => bytes.toString('utf8', start, end);
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
