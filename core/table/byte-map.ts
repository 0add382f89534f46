/**
 * A hash map from byte strings to integers, so a cell seen before is recognised from its bytes
 * without making a string (inference's distinct values, category codes, dates). Open addressing
 * over one typed array, nothing allocated per lookup. Keys of up to 12 bytes — labels, flags,
 * codes, ISO dates: the common case — are packed into three int32 words, stored in the slot itself
 * and compared as such; longer keys also hash their further bytes and keep those in an arena.
 *
 * Everything a lookup reads is in its slot, one or two cache lines: with an array per field, a
 * lookup touched five arrays and took a quarter longer (and ISO dates, 10 bytes, a second compare).
 */

/** What `get` returns for a key that is not there (values may be any other int32, -1 included). */
export const ABSENT = -2_147_483_648;

const FNV_PRIME = 0x01000193;
const PACKED = 12;
/** Masks keeping the first n bytes of a little-endian word. */
const LOW_BYTES = [0, 0xff, 0xffff, 0xffffff, -1];

/** Int32s per slot: the packed words, length + 1 (0 for an empty slot), value, where the key's bytes past 12 are in the arena. */
const STRIDE = 6;
const W0 = 0;
const W1 = 1;
const W2 = 2;
const LENGTH = 3;
const VALUE = 4;
const REST = 5;

export class ByteMap {
  private table = new Int32Array(128 * STRIDE);
  /** Slots - 1; slots are a power of two kept above twice `size`. */
  private mask = 127;
  private arena = new Uint8Array(0);
  private used = 0;
  size = 0;
  /** A view of the last buffer seen, for word loads; a batch's cells share one buffer. */
  private view: DataView = new DataView(new ArrayBuffer(PACKED));
  private viewOf: Uint8Array | undefined;
  /** The words of the last key packed (set by `pack`, read right after). */
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;

  get(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const hash = this.pack(bytes, start, end);
    const { w0, w1, w2, table, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * STRIDE;
      const stored = table[at + LENGTH]!;
      if (stored === 0) return ABSENT;
      if (stored === length + 1 && table[at + W0] === w0 && table[at + W1] === w1 && table[at + W2] === w2 && (length <= PACKED || this.restEquals(table[at + REST]!, bytes, start, end))) {
        return table[at + VALUE]!;
      }
    }
  }

  /** Adds a key that `get` did not find. */
  set(bytes: Uint8Array, start: number, end: number, value: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    const length = end - start;
    const hash = this.pack(bytes, start, end);
    let rest = 0;
    if (length > PACKED) {
      rest = this.used;
      this.keep(bytes.subarray(start + PACKED, end));
    }
    this.place(hash, this.w0, this.w1, this.w2, length, value, rest);
    this.size++;
  }

  /** Packs the first 12 bytes into `w0`…`w2` and returns the key's hash (the bytes past 12 too, FNV-1a). */
  private pack(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    if (start + PACKED <= bytes.length) {
      // Three unaligned little-endian loads (one instruction each, once optimised), then the bytes
      // past the key masked off: cheaper than assembling the words a byte at a time.
      if (bytes !== this.viewOf) {
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.viewOf = bytes;
      }
      const view = this.view;
      w0 = view.getInt32(start, true);
      if (length <= 4) w0 &= LOW_BYTES[length]!;
      else {
        w1 = view.getInt32(start + 4, true);
        if (length <= 8) w1 &= LOW_BYTES[length - 4]!;
        else {
          w2 = view.getInt32(start + 8, true);
          if (length < PACKED) w2 &= LOW_BYTES[length - 8]!;
        }
      }
    } else {
      const packedEnd = Math.min(end, start + PACKED);
      for (let i = start, shift = 0; i < packedEnd; i++, shift += 8) {
        const b = bytes[i]! << (shift & 31);
        if (shift < 32) w0 |= b;
        else if (shift < 64) w1 |= b;
        else w2 |= b;
      }
    }
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    const h = mix(w0, w1, w2, length);
    return length > PACKED ? hashRest(h, bytes, start + PACKED, end) : h;
  }

  /** Bytes past the packed 12, for long keys whose words matched. */
  private restEquals(from: number, bytes: Uint8Array, start: number, end: number): boolean {
    const arena = this.arena;
    for (let i = start + PACKED, k = from; i < end; i++, k++) if (arena[k] !== bytes[i]) return false;
    return true;
  }

  private keep(rest: Uint8Array): void {
    if (this.used + rest.length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(2 * this.arena.length, this.used + rest.length, 4096));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(rest, this.used);
    this.used += rest.length;
  }

  private place(hash: number, w0: number, w1: number, w2: number, length: number, value: number, rest: number): void {
    const { table, mask } = this;
    let slot = hash & mask;
    while (table[slot * STRIDE + LENGTH] !== 0) slot = (slot + 1) & mask;
    const at = slot * STRIDE;
    table[at + W0] = w0;
    table[at + W1] = w1;
    table[at + W2] = w2;
    table[at + LENGTH] = length + 1;
    table[at + VALUE] = value;
    table[at + REST] = rest;
  }

  private rehash(slots: number): void {
    const old = this.table;
    this.table = new Int32Array(slots * STRIDE);
    this.mask = slots - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      const stored = old[at + LENGTH]!;
      if (stored === 0) continue;
      const length = stored - 1;
      const w0 = old[at + W0]!;
      const w1 = old[at + W1]!;
      const w2 = old[at + W2]!;
      const rest = old[at + REST]!;
      const h = mix(w0, w1, w2, length);
      const hash = length > PACKED ? hashRest(h, this.arena, rest, rest + length - PACKED) : h;
      this.place(hash, w0, w1, w2, length, old[at + VALUE]!, rest);
    }
  }
}

function mix(w0: number, w1: number, w2: number, length: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x7feb352d) ^ length, 0x85ebca6b);
  h ^= h >>> 15;
  return h;
}

function hashRest(h: number, bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return h;
}
