/**
 * The real values of the columns being faked, for fakes to avoid (fake.ts): a fake that equals a real
 * value reads as a leaked one in the privacy check's pii_verbatim, and could be a real person's.
 *
 * Held as a Bloom filter of the values' labels (cellLabel), not the strings: a 10 M-row email
 * column would otherwise sit in memory beside the synthetic one. The filter can only err one way —
 * "held" for a value that is not — and that costs no more than a redraw.
 */
import { fileChunks } from '../eda/chunked/source.js';
import type { StoreDeps } from '../files/service.js';
import { columnLabels, getColumn, type Column } from '../table/model.js';

/** What a fake must not equal: labels (cellLabel) of a real column. */
export interface RealValues {
  has(label: string): boolean;
}

const HASHES = 3;
const BITS_PER_VALUE = 16;
const MIN_BITS = 2 ** 10;
/** 16 MB a column: at 10 M distinct values about 1 % of fakes are redrawn needlessly. */
const MAX_BITS = 2 ** 27;

/** FNV-1a over UTF-16 code units from a given basis, as an unsigned 32-bit number. */
function fnv(s: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class RealValueFilter implements RealValues {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** Sized for `expected` values (the real row count bounds the distinct ones). */
  constructor(expected: number) {
    let size = MIN_BITS;
    while (size < expected * BITS_PER_VALUE && size < MAX_BITS) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
  }

  /** Sets (or, with `set` false, tests) the label's bits, found by double hashing; whether all were set before. */
  private touch(label: string, set: boolean): boolean {
    const a = fnv(label, 0x811c9dc5);
    const b = fnv(label, 0x6b43a9b5) | 1;
    let all = true;
    for (let i = 0; i < HASHES; i++) {
      const p = (a + Math.imul(i, b)) & this.mask;
      const word = p >>> 5;
      const bit = 1 << (p & 31);
      if ((this.bits[word]! & bit) === 0) all = false;
      if (set) this.bits[word] = this.bits[word]! | bit;
    }
    return all;
  }

  add(label: string): void {
    this.touch(label, true);
  }

  has(label: string): boolean {
    return this.touch(label, false);
  }

  addColumn(c: Column): void {
    for (const v of columnLabels(c)) if (v !== null) this.add(v);
  }
}

/**
 * Each named column's real values, read a chunk at a time and those columns only. A column the
 * file no longer has gets no entry: its fakes then avoid nothing, as before.
 */
export async function realValuesOf(
  deps: StoreDeps,
  file: { readonly file_id: string; readonly version?: string; readonly rows: number; readonly chunks: number },
  names: readonly string[],
): Promise<Map<string, RealValues>> {
  const filters = new Map<string, RealValueFilter>();
  if (!names.length) return filters;
  for await (const chunk of fileChunks(deps, file, names).chunks()) {
    for (const name of names) {
      const c = getColumn(chunk, name);
      if (!c) continue;
      let filter = filters.get(name);
      if (!filter) filters.set(name, (filter = new RealValueFilter(file.rows)));
      filter.addColumn(c);
    }
  }
  return filters;
}
