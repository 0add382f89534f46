/**
 * A hash map from byte strings to integers, so a cell seen before is recognised from its bytes
 * without making a string (inference's distinct values, category codes). Open addressing over
 * typed arrays, nothing allocated per lookup. Keys of up to 8 bytes — labels, flags, short codes:
 * the common case — are packed into two int32 words and compared as such; longer keys are hashed
 * byte by byte and kept in an arena.
 */

/** What `get` returns for a key that is not there (values may be any other int32, -1 included). */
export const ABSENT = -2_147_483_648;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const PACKED = 8;
/** Masks keeping the first n bytes of a little-endian word. */
const LOW_BYTES = [0, 0xff, 0xffff, 0xffffff, -1];

export class ByteMap {
  private arena = new Uint8Array(4096);
  private used = 0;
  /** Per entry: the key's length, its first 8 bytes packed (little-endian), where it is in the arena, its value and hash. */
  private keyLength = new Int32Array(64);
  private keyLow = new Int32Array(64);
  private keyHigh = new Int32Array(64);
  private keyStart = new Int32Array(64);
  private values = new Int32Array(64);
  private hashes = new Int32Array(64);
  /** Entry index + 1 per slot, 0 when empty; the length is a power of two kept above twice `size`. */
  private slots = new Int32Array(128);
  size = 0;
  /** The packed words of the last key hashed (set by `hash`, read right after). */
  private low = 0;
  private high = 0;
  /** A view of the last buffer seen, for word loads; a batch's cells share one buffer. */
  private view: DataView = new DataView(new ArrayBuffer(PACKED));
  private viewOf: Uint8Array | undefined;

  get(bytes: Uint8Array, start: number, end: number): number {
    const hash = this.hash(bytes, start, end);
    const { low, high } = this;
    const length = end - start;
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) return ABSENT;
      if (this.hashes[entry] !== hash || this.keyLow[entry] !== low || this.keyHigh[entry] !== high || this.keyLength[entry] !== length) continue;
      if (length <= PACKED || this.restEquals(entry, bytes, start, end)) return this.values[entry]!;
    }
  }

  /** Adds a key that `get` did not find. */
  set(bytes: Uint8Array, start: number, end: number, value: number): void {
    if (2 * (this.size + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    if (this.size === this.values.length) this.growEntries();
    const length = end - start;
    const entry = this.size++;
    const hash = (this.hashes[entry] = this.hash(bytes, start, end));
    this.keyLow[entry] = this.low;
    this.keyHigh[entry] = this.high;
    this.keyLength[entry] = length;
    this.values[entry] = value;
    if (length > PACKED) {
      if (this.used + length > this.arena.length) {
        const bigger = new Uint8Array(Math.max(2 * this.arena.length, this.used + length));
        bigger.set(this.arena.subarray(0, this.used));
        this.arena = bigger;
      }
      this.arena.set(bytes.subarray(start, end), this.used);
      this.keyStart[entry] = this.used;
      this.used += length;
    }
    this.place(entry, hash);
  }

  /** Packs the first 8 bytes into `low` and `high`; hashes them with the length, and any further bytes (FNV-1a). */
  private hash(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    let low = 0;
    let high = 0;
    if (start + PACKED <= bytes.length) {
      // Two unaligned little-endian loads (one instruction each, once optimised), then the bytes
      // past the key masked off: cheaper than assembling the words a byte at a time.
      if (bytes !== this.viewOf) {
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.viewOf = bytes;
      }
      low = this.view.getInt32(start, true);
      high = this.view.getInt32(start + 4, true);
      if (length < PACKED) {
        if (length <= 4) {
          low &= LOW_BYTES[length]!;
          high = 0;
        } else high &= LOW_BYTES[length - 4]!;
      }
    } else {
      const packedEnd = Math.min(end, start + PACKED);
      let i = start;
      for (let shift = 0; i < packedEnd && shift < 32; shift += 8) low |= bytes[i++]! << shift;
      for (let shift = 0; i < packedEnd; shift += 8) high |= bytes[i++]! << shift;
    }
    this.low = low;
    this.high = high;
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1) ^ length, 0x85ebca6b);
    h ^= h >>> 15;
    if (length > PACKED) {
      h ^= FNV_OFFSET;
      for (let i = start + PACKED; i < end; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
    }
    return h;
  }

  /** Bytes past the packed 8, for long keys whose packed words matched. */
  private restEquals(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.keyStart[entry]!;
    const arena = this.arena;
    for (let i = PACKED; i < end - start; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private rehash(length: number): void {
    this.slots = new Int32Array(length);
    for (let entry = 0; entry < this.size; entry++) this.place(entry, this.hashes[entry]!);
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.keyLength = grow(this.keyLength);
    this.keyLow = grow(this.keyLow);
    this.keyHigh = grow(this.keyHigh);
    this.keyStart = grow(this.keyStart);
    this.values = grow(this.values);
    this.hashes = grow(this.hashes);
  }
}
