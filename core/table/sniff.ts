/** What kind of text file this is: encoding, binary or not, and the CSV dialect. */
import { parse } from 'csv-parse/sync';
import { unprocessable } from '../errors.js';
import type { CsvDialect } from '../files/model.js';
import { isMissingText } from './missing.js';
import { isUtf8 } from 'node:buffer';
import { decodeUtf8Cell, decodeWindows1252, isSingleByte, utf8SequenceLength } from './cell.js';

export type Encoding = CsvDialect['encoding'];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * UTF-8 (with or without a BOM) when the sample is UTF-8, or mostly so: stray Windows-1252 bytes
 * (one `café` pasted from another program in a file of `Zürich`) are read as Windows-1252 cell by
 * cell (cell.ts decodeUtf8Cell) rather than the whole file being garbled as single-byte. Windows-1252
 * when its high bytes form no UTF-8 character, or fewer than the invalid bytes among them. Decided
 * once, on the first SNIFF_BYTES (ingest.ts), for every chunk of the file; `complete` says the
 * sample is the whole file (so its last bytes were not cut off).
 * (UTF-16 is transcoded before: utf16.ts.)
 */
export function detectEncoding(sample: Uint8Array, complete = false): Encoding {
  if (UTF8_BOM.every((b, i) => sample[i] === b)) return 'utf-8-bom';
  const bytes = complete ? sample : withoutCutCharacter(sample);
  if (isUtf8(bytes)) return 'utf-8';
  const { valid, invalid } = utf8Sequences(bytes);
  // A character cut by the end of the sample is UTF-8 evidence too (its bytes start one).
  const cut = bytes.length < sample.length ? 1 : 0;
  // Counted, not the first invalid byte: Windows-1252 text rarely forms a UTF-8 character (an
  // accented capital then a symbol), so a few valid ones outweigh as many strays. Ties go to UTF-8:
  // there the strays still read right, while UTF-8 read as Windows-1252 garbles every character.
  return valid + cut > 0 && valid + cut >= invalid ? 'utf-8' : 'windows-1252';
}

/**
 * Multi-byte UTF-8 characters and bytes that start none, in a sample that is not all valid. Two-byte
 * characters that text hardly holds — C1 controls, IPA letters — are what Windows-1252 pairs of an
 * accented capital and a symbol make by chance (`É’` is C9 92, U+0252 ɒ), so they count as neither.
 */
function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i, bytes.length);
    if (!length) invalid++;
    else if (length > 2 || !unlikelyInText(((bytes[i]! & 0x1f) << 6) | (bytes[i + 1]! & 0x3f))) valid++;
    i += length || 1;
  }
  return { valid, invalid };
}

/** C1 controls (U+0080–U+009F) and IPA extensions (U+0250–U+02AF). */
const unlikelyInText = (codePoint: number) => (codePoint >= 0x80 && codePoint <= 0x9f) || (codePoint >= 0x250 && codePoint <= 0x2af);

/** The sample may end inside a multi-byte character; drop that partial character. */
function withoutCutCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? bytes.subarray(0, bytes.length - back) : bytes;
    }
    if ((b & 0x80) === 0) return bytes;
  }
  return bytes;
}

/**
 * NUL bytes or many control characters mean this is not text. The refusal names no line: a binary
 * file has no lines, and "line 1" (where a newline byte happens to fall) would send the user looking.
 */
export function assertText(sample: Uint8Array): void {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) throw unprocessable(NOT_TEXT + ' (Text saved as UTF-16 without a byte-order mark looks like this too: save it as UTF-8.)');
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) throw unprocessable(NOT_TEXT);
}

const NOT_TEXT =
  'The file is not text: it looks like a binary file (an image, an archive, an Excel workbook…). Upload a table as CSV, JSON, JSON Lines or Parquet.';

export function decodeSample(sample: Uint8Array, encoding: Encoding): string {
  const bytes = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength);
  if (isSingleByte(encoding)) return decodeWindows1252(bytes, 0, bytes.length);
  const whole = withoutCutCharacter(bytes);
  const text = decodeUtf8Cell(Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength), 0, whole.byteLength);
  return encoding === 'utf-8-bom' ? text.replace(/^\uFEFF/, '') : text;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter that splits the sample's lines into the most consistent number of fields (more
 * than one); ties go to the comma. A delimiter that splits the first line (the header, usually)
 * into as many fields as most lines beats one that does not: in `a;b` over `0,33;1,5` the comma
 * splits data rows into 3 fields but the header into 1 — decimal commas, not a delimiter.
 * `complete` says the sample is the whole file, so its last line is whole too. A delimiter other
 * than the comma must split the first line. A single space is the delimiter only where none of
 * these splits the header and it splits every line alike.
 */
export function sniffDialect(text: string, encoding: Encoding, complete: boolean): CsvDialect {
  const lineEnding = text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : text.includes('\r') ? '\r' : '\n';
  const lines = text.split(/\r\n|\n|\r/);
  if (!complete) lines.pop();
  const sample = lines.slice(0, 200).join('\n');
  let best: { delimiter: string; score: number; rows: string[][] } = { delimiter: ',', score: -Infinity, rows: [] };
  for (const delimiter of DELIMITERS) {
    const rows = parseLenient(sample, delimiter);
    // Only a comma may leave the first line whole (R's row names): a `;` inside a one-column file's values is text.
    if (!rows.length || (delimiter !== ',' && rows[0]!.length === 1)) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [width, agree] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    const consistent = width > 1 ? (agree / rows.length) * Math.log2(width + 1) : 0;
    // Scores are at most log2(MAX fields + 1) < 100: a first line that agrees outranks any score.
    const score = consistent + (width > 1 && rows[0]!.length === width ? 100 : 0);
    if (score > best.score + 1e-9) best = { delimiter, score, rows };
  }
  // Nothing else splits the lines: a file separated by single spaces (as R and Stata write them)
  // when every line, header included, splits into the same number of fields.
  if (best.rows[0]?.length === 1 || !best.rows.length) {
    const rows = parseLenient(sample, ' ');
    const width = rows[0]?.length ?? 0;
    if (width > 1 && rows.length > 1 && rows.every((r) => r.length === width)) best = { delimiter: ' ', score: 0, rows };
  }
  const header = hasHeader(best.rows);
  return { encoding, delimiter: best.delimiter, quote: '"', header, ...(header && headerNamesAllButFirst(best.rows) ? { row_names: true as const } : {}), lineEnding };
}

/** The header is one field short of every line below it: R's row names, which have no name of their own. */
function headerNamesAllButFirst([head, ...rest]: string[][]): boolean {
  return head !== undefined && head.length > 0 && rest.length > 0 && rest.every((r) => r.length === head.length + 1);
}

/** Rows of the sample; where the CSV itself is broken (an unclosed quote), a plain split still scores the delimiter. */
function parseLenient(text: string, delimiter: string): string[][] {
  try {
    return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch {
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => l.split(delimiter));
  }
}

type CellClass = 'number' | 'empty' | 'text';
const classify = (cell: string): CellClass =>
  isMissingText(cell) ? 'empty' : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell.trim()) || /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(cell.trim()) ? 'number' : 'text';

/**
 * The first row is data, not a header, only when it looks like the rows below it: every cell of
 * it has the class (number/date vs text) of its column, and some column is numeric. Otherwise a
 * header is assumed — the common case, and the safe one (a wrong header loses one row's names,
 * not a row of data silently turned into names).
 */
function hasHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first || !rest.length) return true;
  let numericColumn = false;
  for (let c = 0; c < first.length; c++) {
    const below = rest.map((r) => classify(r[c] ?? '')).filter((k) => k !== 'empty');
    const columnClass: CellClass = below.length && below.every((k) => k === 'number') ? 'number' : 'text';
    if (columnClass === 'number') numericColumn = true;
    const head = classify(first[c] ?? '');
    if (head === 'empty') return true; // a header may have blank names, data rarely starts so
    if (head !== columnClass) return true;
  }
  return !numericColumn;
}

/** What JSON content a file holds, whatever it was called: an array of objects, or JSON Lines. */
export type JsonShape = 'json' | 'jsonl';

/** `[{"`: no CSV starts so (a quote inside an unquoted field), and every JSON array of rows with keys does. */
const JSON_ARRAY_OF_OBJECTS = /^\[\s*\{\s*"/;
/** Lines read to tell JSON Lines: enough to be sure, few enough to stay cheap on a 64 KiB sample. */
const JSONL_PROBE_LINES = 20;

/**
 * JSON content by what it is, as Parquet is known by its magic (files/magic.ts): a file called
 * `.csv` (or sent as text/csv) holding JSON is read as JSON, and JSON Lines called `.json` as JSON
 * Lines. Undefined when the content is not unambiguously one of them:
 * - An array: `[{"` (which no CSV starts with), or a whole sample that parses as an array of
 *   objects. Anything else that starts with `[` — `[[1,2],[3,4]]`, `[a],b` — is left to the CSV
 *   reader, and read as CSV when it is valid CSV of more than one column (see startsLikeJson).
 * - JSON Lines: the first two non-blank lines (and every whole line after, up to a probe) each a JSON
 *   object. One object alone is as much a JSON document as a line, so it keeps its declared format.
 * `text` is the decoded sample; `complete`: it is the whole file (its last line is not cut).
 */
export function sniffJson(text: string, complete: boolean): JsonShape | undefined {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[')) return JSON_ARRAY_OF_OBJECTS.test(body) || (complete && isArrayOfObjects(body) && !isCsvTable(body)) ? 'json' : undefined;
  if (!body.startsWith('{')) return undefined;
  const lines = body.split(/\r\n|\n|\r/);
  if (!complete) lines.pop(); // cut by the sample's end
  const probe = lines.filter((l) => l.trim() !== '').slice(0, JSONL_PROBE_LINES);
  return probe.length >= 2 && probe.every(isJsonObject) ? 'jsonl' : undefined;
}

/**
 * Whether a CSV's first bytes look like JSON (an array of objects or rows, or an object), yet are
 * not a valid CSV of more than one column: `[],{}` over `1,2` is a CSV whose first cell begins with
 * a bracket. Ingest refuses such a file as CSV (its JSON, if it is JSON, was not unambiguous enough
 * for sniffJson), saying how to send it.
 */
export function startsLikeJson(text: string): boolean {
  return JSON_START.test(text) && !isCsvTable(text.replace(/^\uFEFF/, ''));
}

/** A JSON array of objects or rows, or a JSON object: how a JSON file begins, and no CSV header does. */
const JSON_START = /^\uFEFF?\s*(\[\s*[[{\]]|\{\s*["}])/;

function parsesTo(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const isJsonObject = (line: string): boolean => isObject(parsesTo(line));

function isArrayOfObjects(text: string): boolean {
  const value = parsesTo(text);
  return Array.isArray(value) && value.length > 0 && value.every(isObject);
}

/**
 * Strictly valid CSV (quotes only around whole fields) of more than one column, every line as wide,
 * under the delimiter the sniffer picks. The sample's last line may be cut: it is left out.
 */
function isCsvTable(text: string): boolean {
  const lines = text.split(/\r\n|\n|\r/).slice(0, 200);
  if (lines.length > 1) lines.pop();
  const sample = lines.join('\n');
  const { delimiter } = sniffDialect(sample, 'utf-8', true);
  try {
    const rows = parse(sample, { delimiter, skip_empty_lines: true }) as string[][];
    return rows.length > 0 && rows[0]!.length > 1 && rows.every((r) => r.length === rows[0]!.length);
  } catch {
    return false;
  }
}
