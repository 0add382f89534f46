/**
 * Rows of tokenized batches on their way to the ingest worker. A batch points into the
 * tokenizer's buffers, which are reused as soon as the batch has been handed over, so its rows are
 * copied — cell bytes, field bounds, lines — into a packet of a few typed arrays. The arrays are
 * shared memory, made once and seen by both threads, so sending a packet is sending its counts:
 * transferring them instead made every packet new external memory for each heap, and the calling
 * thread ran a collection every few packets. Many small batches share a packet, so a stream of
 * small chunks (as S3 gives) does not cost a message each.
 */
import type { CsvBatch } from './tokenizer.js';

/** The part of a packet that is not shared memory: which packet, and how much of it is filled. */
export interface PacketCounts {
  readonly id: number;
  batches: number;
  /** Bytes of `text` up to the end of the last batch packed. */
  textUsed: number;
  fieldsUsed: number;
  rowsUsed: number;
}

export interface Packet extends PacketCounts {
  /** The cells' bytes; the batches' field bounds are offsets into it, from each batch's base. */
  readonly text: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly lines: Int32Array;
  /** META ints per batch: rows, width, first field, first line, data row number of the first row, base. */
  readonly meta: Int32Array;
  /** Where the last batch's buffer offset 0 is in `text` (the calling thread's bookkeeping). */
  base: number;
}

const META = 6;
/**
 * 2 MiB of cells — a 1 MiB chunk and the record carried over from the one before fit at their own
 * offsets — with room for their bounds when fields are short (8 bytes on average).
 */
const TEXT_BYTES = 2 << 20;
const FIELDS = 1 << 18;
const ROWS = 1 << 15;
const BATCHES = 512;

const shared = <A>(Array: new (buffer: SharedArrayBuffer) => A, bytes: number): A => new Array(new SharedArrayBuffer(bytes));

/** An empty packet in new shared memory, larger than usual when one row needs more room (a huge cell, a very wide row). */
export function emptyPacket(id: number, textBytes = TEXT_BYTES, fields = FIELDS): Packet {
  return {
    id,
    text: shared(Uint8Array, Math.max(textBytes, TEXT_BYTES)),
    starts: shared(Int32Array, 4 * Math.max(fields, FIELDS)),
    ends: shared(Int32Array, 4 * Math.max(fields, FIELDS)),
    lines: shared(Int32Array, 4 * ROWS),
    meta: shared(Int32Array, 4 * BATCHES * META),
    batches: 0,
    textUsed: 0,
    base: 0,
    fieldsUsed: 0,
    rowsUsed: 0,
  };
}

/** Whether a packet was made larger than usual (for one huge row), and is better not kept. */
export const oversized = (p: Packet): boolean => p.text.length > TEXT_BYTES || p.starts.length > FIELDS;

/** Empties a packet that came back, for reuse. */
export function reset(p: Packet): Packet {
  p.batches = p.textUsed = p.base = p.fieldsUsed = p.rowsUsed = 0;
  return p;
}

/** What is sent for a filled packet: the counts; the other thread has the memory. */
export const countsOf = (p: Packet): PacketCounts => ({ id: p.id, batches: p.batches, textUsed: p.textUsed, fieldsUsed: p.fieldsUsed, rowsUsed: p.rowsUsed });

/**
 * Copies rows [from, to) of a batch into the packet, as many as fit; returns the row it stopped
 * at (`to` when all fit, `from` when none did). `firstRow` is the data row number of row `from`.
 *
 * The bytes go to the same offsets as in the batch's buffer, shifted by a base the worker's view
 * of the batch starts at, so the field bounds are copied as they are (one memcpy each) rather
 * than rewritten one by one. Consecutive batches of one tokenizer buffer keep the base; a batch
 * that would overlap bytes already packed gets a new one; only rows too far into a buffer larger
 * than the packet have their bounds rewritten (shifted down to the packet's next free byte).
 */
export function packRows(p: Packet, batch: CsvBatch, from: number, to: number, firstRow: number): number {
  const { width, starts, ends, lines, buffer } = batch;
  if (p.batches === BATCHES) return from;
  const most = Math.min(to, from + p.lines.length - p.rowsUsed, from + Math.floor((p.starts.length - p.fieldsUsed) / width));
  if (most === from) return from;
  const lo = starts[from * width]!;
  const room = p.text.length - p.textUsed;
  let base = p.base;
  if (base + lo < p.textUsed) base = Math.max(0, p.textUsed - lo);
  // Fields lie in the buffer in order, so a row range's bytes run from its first start to its last end.
  let end = rowsWithin(ends, width, from, most, p.text.length - base);
  if (end === from) {
    // Not even one row at the buffer's offsets: the rows that fit at the packet's next free byte, bounds rewritten.
    end = rowsWithin(ends, width, from, most, room + lo);
    if (end === from) return from;
    base = p.textUsed - lo;
  }
  const hi = ends[end * width - 1]!;
  const fieldsFrom = from * width;
  const fieldsTo = end * width;
  p.text.set(buffer.subarray(lo, hi), base + lo);
  if (base >= 0) {
    p.starts.set(starts.subarray(fieldsFrom, fieldsTo), p.fieldsUsed);
    p.ends.set(ends.subarray(fieldsFrom, fieldsTo), p.fieldsUsed);
  } else {
    for (let k = fieldsFrom, o = p.fieldsUsed; k < fieldsTo; k++, o++) {
      p.starts[o] = starts[k]! + base;
      p.ends[o] = ends[k]! + base;
    }
  }
  p.lines.set(lines.subarray(from, end), p.rowsUsed);
  record(p, Math.max(base, 0), end - from, width, firstRow);
  p.base = Math.max(base, 0);
  p.textUsed = base + hi;
  return end;
}

/** The end of the longest run of rows from `from` (at most to `most`) whose bytes end by `limit`. */
function rowsWithin(ends: Int32Array, width: number, from: number, most: number, limit: number): number {
  if (ends[most * width - 1]! <= limit) return most;
  let ok = from;
  let over = most;
  while (over - ok > 1) {
    const mid = (ok + over) >>> 1;
    if (ends[mid * width - 1]! <= limit) ok = mid;
    else over = mid;
  }
  return ok;
}

/** The batch just copied (its rows, fields and lines are at the packet's used counts). */
function record(p: Packet, base: number, rows: number, width: number, firstRow: number): void {
  const m = p.batches * META;
  p.meta[m] = rows;
  p.meta[m + 1] = width;
  p.meta[m + 2] = p.fieldsUsed;
  p.meta[m + 3] = p.rowsUsed;
  p.meta[m + 4] = firstRow;
  p.meta[m + 5] = base;
  p.batches++;
  p.fieldsUsed += rows * width;
  p.rowsUsed += rows;
}

/** The room an empty packet needs for row `row` of a batch. */
export function roomForRow(batch: CsvBatch, row: number): { textBytes: number; fields: number } {
  const { width, starts, ends } = batch;
  return { textBytes: ends[(row + 1) * width - 1]! - starts[row * width]!, fields: width };
}

/**
 * Each batch of a packet as a CsvBatch (`view`, reused), with its data row number. The views share
 * the packet's memory: they are valid until the packet is handed back.
 */
export function forEachPacked(p: Packet, view: CsvBatch, each: (batch: CsvBatch, firstRow: number) => void): void {
  let viewBase = -1;
  for (let b = 0; b < p.batches; b++) {
    const m = b * META;
    const rows = p.meta[m]!;
    const width = p.meta[m + 1]!;
    const field = p.meta[m + 2]!;
    const line = p.meta[m + 3]!;
    const base = p.meta[m + 5]!;
    if (base !== viewBase) {
      view.buffer = Buffer.from(p.text.buffer, p.text.byteOffset + base, p.textUsed - base);
      viewBase = base;
    }
    view.rows = rows;
    view.width = width;
    view.starts = p.starts.subarray(field, field + rows * width);
    view.ends = p.ends.subarray(field, field + rows * width);
    view.lines = p.lines.subarray(line, line + rows);
    each(view, p.meta[m + 4]!);
  }
}
