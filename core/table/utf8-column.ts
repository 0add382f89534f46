/**
 * Text columns in Arrow's utf8 layout — UTF-8 bytes, int32 offsets, a validity bitmap — built
 * straight from a cell's bytes. Ingest never needs these cells as JS strings: making one per cell
 * and encoding it back to UTF-8 for the Arrow chunk was most of the cost of a text column.
 *
 * The buffers are padded as flechette's own builder pads them (to 8 bytes, values one byte past
 * the end), so a chunk encodes to the same bytes either way.
 */
import { isUtf8 } from 'node:buffer';
import { WINDOWS_1252_HIGH, decodeUtf8Cell } from './cell.js';

export interface Utf8Data {
  readonly length: number;
  readonly nullCount: number;
  /** One bit per row, set when the row has a value; empty when no row is null. */
  readonly validity: Uint8Array;
  /** length + 1 offsets into `values`. */
  readonly offsets: Int32Array;
  readonly values: Uint8Array;
}

/** Elements of `bytesPerElement` that fill whole 8-byte words, for `length` elements. */
const align64 = (length: number, bytesPerElement = 1) => (((length * bytesPerElement + 7) & ~7) / bytesPerElement);

export class Utf8Builder {
  private values = Buffer.alloc(1 << 16);
  private offsets = new Int32Array(1024);
  private validity = new Uint8Array(128);
  private length = 0;
  private nullCount = 0;
  private used = 0;
  /** Bytes of `validity` a taken column may have set, cleared when the next row comes. */
  private staleValidity = 0;

  addNull(): void {
    this.nextRow();
    this.nullCount++;
    this.offsets[this.length] = this.used;
  }

  addString(s: string): void {
    this.reserve(3 * s.length);
    this.used += this.values.write(s, this.used, 'utf8');
    this.endValue();
  }

  /** UTF-8 bytes: copied when valid (most cells are ASCII); otherwise decoded as the cell decoder does (invalid bytes as Windows-1252). */
  addUtf8(bytes: Buffer, start: number, end: number): void {
    const ascii = this.copy(bytes, start, end);
    if (!ascii && !isUtf8(bytes.subarray(start, end))) return this.addString(decodeUtf8Cell(bytes, start, end));
    this.used += end - start;
    this.endValue();
  }

  /** Windows-1252 bytes: each byte is the code point (two UTF-8 bytes above 0x7f), but 0x80–0x9F, which take three (`€`). */
  addWindows1252(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(3 * (end - start));
    const out = this.values;
    let w = this.used;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b < 0x80) out[w++] = b;
      else if (b < 0xa0) {
        const code = WINDOWS_1252_HIGH[b - 0x80]!;
        if (code < 0x800) {
          out[w++] = 0xc0 | (code >> 6);
          out[w++] = 0x80 | (code & 0x3f);
        } else {
          out[w++] = 0xe0 | (code >> 12);
          out[w++] = 0x80 | ((code >> 6) & 0x3f);
          out[w++] = 0x80 | (code & 0x3f);
        }
      } else {
        out[w++] = 0xc0 | (b >> 6);
        out[w++] = 0x80 | (b & 0x3f);
      }
    }
    this.used = w;
    this.endValue();
  }

  /**
   * The column so far, in Arrow's layout; the builder starts over in the same memory, so the column
   * is valid until the next value is added (ingest encodes each chunk before the next row: new
   * buffers per chunk, megabytes each, were a steady cost in allocation and page faults).
   */
  take(): Utf8Data {
    const { length, nullCount, used } = this;
    const offsetsLength = align64(length + 1, 4);
    const data: Utf8Data = {
      length,
      nullCount,
      validity: nullCount ? padded(this.validity, align64(((length - 1) >> 3) + 1)) : new Uint8Array(0),
      // The padding must be zeros, as a new builder's would be: the memory may hold an earlier chunk's.
      offsets: padded(this.offsets, offsetsLength).fill(0, length + 1),
      // Past `used` may be bytes of a cell that was rewritten as a string.
      values: padded(this.values, align64(used + 1)).fill(0, used),
    };
    // Validity bits are only ever set: those of this chunk (and of any not yet cleared, if it was
    // empty) are cleared before the next row.
    this.staleValidity = Math.max(this.staleValidity, (length >> 3) + 1);
    this.length = this.nullCount = this.used = 0;
    return data;
  }

  /** Copies the bytes to the end of the values; whether they were all ASCII. */
  private copy(bytes: Uint8Array, start: number, end: number): boolean {
    this.reserve(end - start);
    const out = this.values;
    let w = this.used;
    let high = 0;
    for (let i = start; i < end; i++) high |= out[w++] = bytes[i]!;
    return high < 0x80;
  }

  /** Marks the row valid and records where its value ends. */
  private endValue(): void {
    this.nextRow();
    this.validity[(this.length - 1) >> 3]! |= 1 << ((this.length - 1) & 7);
    this.offsets[this.length] = this.used;
  }

  private nextRow(): void {
    if (this.staleValidity) {
      this.validity.fill(0, 0, this.staleValidity);
      this.staleValidity = 0;
    }
    this.length++;
    if (this.length + 1 >= this.offsets.length) this.offsets = grown(this.offsets, 2 * this.offsets.length);
    if (this.length >> 3 >= this.validity.length) this.validity = grown(this.validity, 2 * this.validity.length);
  }

  /** Room for `bytes` more, and for the padding `take` adds (up to 8 bytes), so `take` never copies the values. */
  private reserve(bytes: number): void {
    if (this.used + bytes + 8 <= this.values.length) return;
    const bigger = Buffer.alloc(Math.max(2 * this.values.length, this.used + bytes + 8));
    this.values.copy(bigger, 0, 0, this.used);
    this.values = bigger;
  }
}

/** Strings (null for a missing value) in Arrow's utf8 layout. */
export function utf8FromStrings(values: readonly (string | null)[]): Utf8Data {
  const builder = new Utf8Builder();
  for (const v of values) {
    if (v === null) builder.addNull();
    else builder.addString(v);
  }
  return builder.take();
}

function grown<A extends Uint8Array | Int32Array>(a: A, length: number): A {
  const b = new (a.constructor as new (n: number) => A)(length);
  b.set(a);
  return b;
}

/** The first `length` elements, zero-padded when the array is shorter. */
const padded = <A extends Uint8Array | Int32Array>(a: A, length: number): A => (a.length >= length ? (a.subarray(0, length) as A) : grown(a, length));
