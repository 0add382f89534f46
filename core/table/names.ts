/**
 * Bounds on column names. A file record, its list page and every reply that repeats the header carry
 * each name at least once, and a Lambda reply is at most 6 MB: unbounded names (two of 500 000
 * characters, or 4 096 of 2 000) made records of megabytes, as long labels once did (see
 * core/files/record-bounds.ts, which bounds those).
 *
 * - MAX_NAME_CHARS: generous for any real header (long survey questions run to a few hundred
 *   characters), far below what makes a record heavy.
 * - MAX_NAMES_BYTES: all names together, in UTF-8. 4 096 columns (MAX_COLUMNS in ./ingest.ts) ×
 *   1 000 characters would still be 4+ MB; 256 KiB keeps the header a small part of any reply while
 *   allowing 4 096 names of 64 bytes, or 260 of the longest.
 *
 * Ingest refuses a header past either bound (422, naming the column by position); feature steps,
 * whose names are made from values (`c=<label>`), shorten theirs instead: see boundedName.
 */
import { createHash } from 'node:crypto';
import { unprocessable } from '../errors.js';
import { codePoints } from './code-points.js';

/** Characters (Unicode code points) one column name holds at most. */
export const MAX_NAME_CHARS = 1000;
/** UTF-8 bytes all of a table's column names hold at most, together. */
export const MAX_NAMES_BYTES = 256 * 1024;

/** Code points of a name before the prefix messages quote. */
const PREFIX_CHARS = 40;

/** The first `chars` code points of `name` (a surrogate pair never split). */
function leading(name: string, chars: number): string {
  let out = '';
  let n = 0;
  for (const ch of name) {
    if (n++ === chars) break;
    out += ch;
  }
  return out;
}

/** Whether `name` is longer than MAX_NAME_CHARS. */
export const nameTooLong = (name: string): boolean => name.length > MAX_NAME_CHARS && codePoints(name) > MAX_NAME_CHARS;

/** The 422 for a name past MAX_NAME_CHARS; `position` counts columns from 1. */
export function nameTooLongProblem(name: string, position: number) {
  const prefix = leading(name, PREFIX_CHARS);
  return unprocessable(
    `Column ${position}'s name is longer than ${MAX_NAME_CHARS} characters (${codePoints(name)}), the limit for a column name: it begins ${JSON.stringify(prefix)}…. Shorten it in the header and upload the file again.`,
    { column: position, name_prefix: prefix, name_chars: codePoints(name), max_name_chars: MAX_NAME_CHARS },
  );
}

/** The 422 for names that together pass MAX_NAMES_BYTES; `position`: the column at which they did. */
export function namesTooLongProblem(bytes: number, position: number) {
  return unprocessable(
    `The column names take more than ${MAX_NAMES_BYTES} bytes together (${MAX_NAMES_BYTES / 1024} KiB, in UTF-8), from column ${position} on; the limit keeps a file's record small. Shorten the names in the header and upload the file again.`,
    { column: position, names_bytes: bytes, max_names_bytes: MAX_NAMES_BYTES },
  );
}

/** Adds names to a running total of their bytes: the 422 for the first past a bound. */
export class NameBudget {
  private bytes = 0;
  private count = 0;

  add(name: string): void {
    this.count++;
    if (nameTooLong(name)) throw nameTooLongProblem(name, this.count);
    this.bytes += Buffer.byteLength(name);
    if (this.bytes > MAX_NAMES_BYTES) throw namesTooLongProblem(this.bytes, this.count);
  }
}

/** 422 unless every name, and all of them together, are within the bounds. */
export function checkNames(names: readonly string[]): void {
  const budget = new NameBudget();
  for (const name of names) budget.add(name);
}

/** UTF-8 bytes of a table's names together. */
export const namesBytes = (names: readonly string[]): number => names.reduce((n, name) => n + Buffer.byteLength(name), 0);

/** Code points a shortened name keeps of the original: room for `…`, a hash and a clash suffix (`_2`). */
const KEPT_CHARS = MAX_NAME_CHARS - 24;

/**
 * A derived name (a feature step's `c=<label>`, `a*b`) within MAX_NAME_CHARS: unchanged when it is;
 * else its start, `…` and 8 hex digits of its SHA-256 — the same name for the same input on every
 * run, and different names for inputs that differ past the cut (two long labels of one prefix).
 */
export function boundedName(name: string): string {
  if (!nameTooLong(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${leading(name, KEPT_CHARS)}…${hash}`;
}

/**
 * Trimmed, non-empty, unique column names. A repeated name takes the next suffix (`_2`, `_3`, …)
 * that no column of the header has, so `a,a,a_2` gives `a, a_3, a_2`: a generated name that
 * equalled a real one would make two columns one, and one of them would be lost.
 */
export function headerNames(cells: readonly string[]): string[] {
  const bases = cells.map((cell, i) => cell.trim() || `column_${i + 1}`);
  const taken = new Set(bases);
  const used = new Set<string>();
  const next = new Map<string, number>();
  return bases.map((base) => {
    if (!used.has(base)) {
      used.add(base);
      return base;
    }
    let n = next.get(base) ?? 2;
    while (taken.has(`${base}_${n}`) || used.has(`${base}_${n}`)) n++;
    next.set(base, n + 1);
    const name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/**
 * Each header cell as written, by position, where its column's name differs (trimmed, made unique
 * or filled in by headerNames): the file's record keeps it as `original_name`, so a renamed column
 * can be told from its header. Left out past the names' bounds, which a long run of spaces around a
 * name could otherwise pass (the names themselves are checked by checkNames).
 */
export function originalNames(cells: readonly (string | undefined)[], names: readonly string[]): (string | undefined)[] {
  let bytes = 0;
  return names.map((name, i) => {
    const cell = cells[i];
    if (cell === undefined || cell === name || nameTooLong(cell)) return undefined;
    bytes += Buffer.byteLength(cell);
    return bytes <= MAX_NAMES_BYTES ? cell : undefined;
  });
}
