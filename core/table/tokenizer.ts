/**
 * A streaming RFC 4180 tokenizer over bytes that knows the physical line every record starts on.
 * It exists because ingest must report the line of a bad row and stream at disk speed; csv-parse
 * gives line numbers only through its `info` mode, at a fifth of the speed needed (see
 * bench/ingest.ts). It works on bytes, not text: a field is handed over as a byte range, and only
 * the consumers that need a string make one (see cell.ts for why that decodes the same text).
 *
 * Lenient where files in the wild are: a quote inside an unquoted field is a literal character,
 * text after a closing quote is kept, CRLF, LF and lone CR all end a line, blank lines are skipped (a line
 * holding just `""` is a record of one empty field).
 */
import { unprocessable } from '../errors.js';

const EMPTY = Buffer.alloc(0);

/**
 * Consecutive records with the same number of fields: field c of row r is the bytes
 * [starts[r * width + c], ends[r * width + c]) of `buffer`. Consumers read a batch column by
 * column, so a column's parser runs in one tight loop instead of one call per cell through a
 * call site shared by every column type. Valid only during the sink call: the buffer is the
 * tokenizer's input, or its scratch space for a record with a field that had to be unescaped.
 */
export class CsvBatch {
  buffer: Buffer = EMPTY;
  rows = 0;
  width = 0;
  // Any Int32Array: the ingest worker's batches are views of shared memory.
  starts: Int32Array = new Int32Array(1024);
  ends: Int32Array = new Int32Array(1024);
  /** The physical line each record starts on. */
  lines: Int32Array = new Int32Array(64);

  /** The fields of one row as strings, for the few rows that need them (the header). */
  strings(row: number, decode: (bytes: Buffer, start: number, end: number) => string): string[] {
    const at = row * this.width;
    return Array.from({ length: this.width }, (_, c) => decode(this.buffer, this.starts[at + c]!, this.ends[at + c]!));
  }
}

export type BatchSink = (batch: CsvBatch) => void;

/** Records per batch, and fields per batch past which it is handed over even if fewer records: bounds its arrays for any chunk size. */
const BATCH_ROWS = 4096;
const BATCH_FIELDS = 65_536;

const LF = 10;
const CR = 13;

export class CsvTokenizer {
  private carry: Buffer = EMPTY;
  private joined: Buffer = EMPTY;
  /** Physical line where `carry` starts. */
  private carryLine = 1;
  private readonly batch = new CsvBatch();
  /**
   * A record with a field that is not a plain byte range of the input (quoted with "" inside, or
   * text after the closing quote) is copied here, every field of it, and handed over alone.
   */
  private scratch = Buffer.allocUnsafe(4096);
  /** Bytes of `scratch` used by the current record; -1 while the record is read in place. */
  private scratchUsed = -1;
  private readonly d: number;
  private readonly q: number;
  /** 1 for the bytes that end an unquoted field (delimiter, LF, CR), for the few bytes read one at a time. */
  private readonly fieldEnd = new Uint8Array(256);
  /** Fields in the batch arrays: the batch's records, then the current record's fields so far. */
  private fill = 0;
  /** Where the current record's fields start in the batch arrays. */
  private base = 0;

  constructor(delimiter: string, quote: string) {
    this.d = delimiter.charCodeAt(0);
    this.q = quote.charCodeAt(0);
    if (this.d > 127 || this.q > 127) throw new Error('The delimiter and quote must be ASCII characters.');
    this.fieldEnd[this.d] = this.fieldEnd[LF] = this.fieldEnd[CR] = 1;
  }

  /** Numbers the first record's line `line` (lines before it were skipped, as Excel's `sep=;`). Before the first push. */
  startAtLine(line: number): void {
    this.carryLine = line;
  }

  /** Tokenizes every complete record of carry + chunk; keeps the incomplete tail for the next call. */
  push(chunk: Buffer, sink: BatchSink): void {
    const text = this.carry.length ? this.join(chunk) : chunk;
    const offset = this.scan(text, this.carryLine, sink, false);
    this.carry = offset < text.length ? text.subarray(offset) : EMPTY;
  }

  end(sink: BatchSink): void {
    if (this.carry.length) this.scan(this.carry, this.carryLine, sink, true);
    this.carry = EMPTY;
  }

  /**
   * Carry + chunk in one buffer, reused from push to push (a batch is valid only during its sink
   * call, so nothing holds on to it): a new buffer per chunk was a steady load on the collector.
   */
  private join(chunk: Buffer): Buffer {
    const length = this.carry.length + chunk.length;
    if (length > this.joined.length) {
      const bigger = Buffer.allocUnsafe(Math.max(length, 2 * this.joined.length));
      this.carry.copy(bigger, 0);
      this.joined = bigger;
    } else this.carry.copy(this.joined, 0); // may overlap (the carry is often in `joined`): copy moves as memmove does
    chunk.copy(this.joined, this.carry.length);
    return this.joined.subarray(0, length);
  }

  /** Sinks the complete records of `text`; returns where the incomplete one starts (and sets `carryLine` to its line). */
  private scan(text: Buffer, startLine: number, sink: BatchSink, final: boolean): number {
    const { d, q, batch, fieldEnd } = this;
    const n = text.length;
    const view = new DataView(text.buffer, text.byteOffset, text.byteLength);
    const delimiterWord = Math.imul(d, ONES);
    let line = startLine;
    let recordStart = 0;
    let recordLine = line;
    let complete = true;
    // The batch's field arrays and fill live in locals while a record is read (they are the hot
    // loop's state) and go back to the fields around the rare calls that need them.
    let { starts, ends } = batch;
    let fill = 0;
    let inPlace = true;
    // Whether the last field was quoted: a record of one empty field is a blank line unless it was `""`.
    let quoted = false;
    this.base = 0;
    batch.rows = 0;
    this.scratchUsed = -1;
    let i = 0;
    scan: while (i < n) {
      // At the start of a field.
      quoted = text[i] === q;
      if (quoted) {
        const open = i;
        let escaped = false;
        let close: number;
        for (let from = open + 1; ; ) {
          const next = text.indexOf(q, from);
          if (next < 0) {
            if (!final) {
              complete = false;
              break scan;
            }
            throw unprocessable('The file is not valid CSV: a quoted field is never closed.', { line });
          }
          if (next + 1 < n && text[next + 1] === q) {
            escaped = true;
            from = next + 2;
            continue;
          }
          if (next + 1 >= n && !final) {
            complete = false;
            break scan;
          }
          close = next;
          break;
        }
        for (let k = open; k < close; k++) {
          const b = text[k];
          if (b === LF || (b === CR && text[k + 1] !== LF)) line++;
        }
        i = close + 1;
        // Anything between the closing quote and the delimiter is kept, as written.
        let end = i;
        while (end < n && fieldEnd[text[end]!] === 0) end++;
        if (end >= n && !final) {
          complete = false;
          break;
        }
        this.fill = fill;
        if (!escaped && end === i) this.pushField(text, open + 1, close);
        else this.pushUnescaped(text, sink, open + 1, close, i, end);
        fill = this.fill;
        starts = batch.starts;
        ends = batch.ends;
        inPlace = this.scratchUsed < 0;
        i = end;
      } else {
        const end = endOfField(text, view, i, n, delimiterWord, fieldEnd);
        if (end >= n && !final) {
          complete = false;
          break;
        }
        if (inPlace && fill < starts.length) {
          starts[fill] = i;
          ends[fill++] = end;
        } else {
          this.fill = fill;
          this.pushField(text, i, end);
          fill = this.fill;
          starts = batch.starts;
          ends = batch.ends;
        }
        i = end;
      }
      // After a field: a delimiter, a line end, or the end of the text.
      if (i < n && text[i] === d) {
        i++;
        if (i >= n) {
          if (!final) {
            complete = false;
            break;
          }
          this.fill = fill;
          this.pushField(text, n, n);
          fill = this.fill;
          starts = batch.starts;
          ends = batch.ends;
        } else continue;
      }
      if (i < n) {
        if (text[i] === CR) {
          if (i + 1 >= n && !final) {
            complete = false;
            break;
          }
          i += text[i + 1] === LF ? 2 : 1;
        } else i++;
        line++;
      }
      // The common record joins the batch right here: in place, as wide as the batch, room left.
      const base = this.base;
      const rows = batch.rows;
      if (inPlace && fill - base === batch.width && rows > 0 && rows < batch.lines.length && rows + 1 < BATCH_ROWS && fill < BATCH_FIELDS && (fill - base > 1 || ends[base] !== starts[base] || quoted)) {
        batch.lines[rows] = recordLine;
        batch.rows = rows + 1;
        this.base = fill;
      } else {
        this.fill = fill;
        this.endRecord(text, sink, recordLine, quoted);
        fill = this.fill;
        starts = batch.starts;
        ends = batch.ends;
      }
      inPlace = true;
      recordStart = i;
      recordLine = line;
    }
    // The incomplete record's fields are dropped; the records before it go out now, while `text` is theirs.
    this.fill = this.base;
    this.flush(text, sink);
    if (!complete) {
      this.carryLine = recordLine;
      return recordStart;
    }
    this.carryLine = line;
    return n;
  }

  /** The current record is complete: into the batch, unless it is a blank line; out with the batch, if full or in scratch. */
  private endRecord(text: Buffer, sink: BatchSink, line: number, quoted: boolean): void {
    const { batch } = this;
    const count = this.fill - this.base;
    if (count === 1 && !quoted && batch.ends[this.base] === batch.starts[this.base]) {
      this.fill = this.base;
      this.scratchUsed = -1;
      return;
    }
    if (batch.rows > 0 && count !== batch.width) this.deliverBeforeRecord(text, sink);
    batch.width = count;
    if (batch.rows === batch.lines.length) batch.lines = grown(batch.lines, 2 * batch.lines.length);
    batch.lines[batch.rows++] = line;
    this.base = this.fill;
    if (this.scratchUsed >= 0 || batch.rows === BATCH_ROWS || this.fill >= BATCH_FIELDS) {
      this.flush(text, sink);
      this.scratchUsed = -1;
    }
  }

  /** Hands over the batch's records (from scratch, if that is where they are) and starts a new batch. */
  private flush(text: Buffer, sink: BatchSink): void {
    const { batch } = this;
    if (batch.rows > 0) {
      batch.buffer = this.scratchUsed < 0 ? text : this.scratch;
      sink(batch);
    }
    batch.rows = 0;
    this.base = this.fill = 0;
  }

  /** Hands over the batch's records but not the current record's fields, which move to the start of a new batch. */
  private deliverBeforeRecord(text: Buffer, sink: BatchSink): void {
    const { batch, base } = this;
    const count = this.fill - base;
    batch.buffer = text;
    sink(batch);
    batch.rows = 0;
    batch.starts.copyWithin(0, base, base + count);
    batch.ends.copyWithin(0, base, base + count);
    this.base = 0;
    this.fill = count;
  }

  private pushField(text: Buffer, start: number, end: number): void {
    if (this.fill === this.batch.starts.length) this.growFields();
    if (this.scratchUsed < 0) {
      this.batch.starts[this.fill] = start;
      this.batch.ends[this.fill++] = end;
      return;
    }
    const at = this.scratchUsed;
    this.append(text, start, end, false);
    this.batch.starts[this.fill] = at;
    this.batch.ends[this.fill++] = this.scratchUsed;
  }

  /** A quoted field's content with each "" made one quote, then the text after its closing quote. */
  private pushUnescaped(text: Buffer, sink: BatchSink, from: number, close: number, after: number, end: number): void {
    if (this.scratchUsed < 0) this.moveRecordToScratch(text, sink);
    if (this.fill === this.batch.starts.length) this.growFields();
    const at = this.scratchUsed;
    this.append(text, from, close, true);
    this.append(text, after, end, false);
    this.batch.starts[this.fill] = at;
    this.batch.ends[this.fill++] = this.scratchUsed;
  }

  /** The records so far go out as they are; the current one's fields so far are copied to scratch, where the rest will follow. */
  private moveRecordToScratch(text: Buffer, sink: BatchSink): void {
    const { batch } = this;
    if (batch.rows > 0) this.deliverBeforeRecord(text, sink);
    this.scratchUsed = 0;
    for (let c = this.base; c < this.fill; c++) {
      const at = this.scratchUsed;
      this.append(text, batch.starts[c]!, batch.ends[c]!, false);
      batch.starts[c] = at;
      batch.ends[c] = this.scratchUsed;
    }
  }

  /** Appends bytes [from, end) to scratch, with each "" made one quote when `unescape`. */
  private append(text: Buffer, from: number, end: number, unescape: boolean): void {
    if (this.scratchUsed + (end - from) > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.scratch.length, this.scratchUsed + (end - from)));
      this.scratch.copy(bigger, 0, 0, this.scratchUsed);
      this.scratch = bigger;
    }
    const out = this.scratch;
    let w = this.scratchUsed;
    for (let k = from; k < end; k++) {
      const b = text[k]!;
      out[w++] = b;
      if (unescape && b === this.q) k++; // every quote before the closing one is the first of a pair
    }
    this.scratchUsed = w;
  }

  private growFields(): void {
    this.batch.starts = grown(this.batch.starts, 2 * this.batch.starts.length);
    this.batch.ends = grown(this.batch.ends, 2 * this.batch.ends.length);
  }
}

function grown(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/** Every byte of a 32-bit word set to 1, and to 0x80. */
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const LF_WORD = LF * ONES;
const CR_WORD = CR * ONES;

/**
 * The first position from `from` holding the delimiter, LF or CR (or `n`). Four bytes at a time:
 * one unaligned load, and for each of the three bytes the classic test for a zero byte in
 * `word ^ byte * 0x01010101`. That test can flag bytes above a real match, never below one, so the
 * lowest flag is the first match. A third faster than a table lookup per byte, on short fields too.
 */
function endOfField(text: Buffer, view: DataView, from: number, n: number, delimiterWord: number, stops: Uint8Array): number {
  let end = from;
  while (end + 4 <= n) {
    const word = view.getInt32(end, true);
    const a = word ^ delimiterWord;
    const b = word ^ LF_WORD;
    const c = word ^ CR_WORD;
    const hit = (((a - ONES) & ~a) | ((b - ONES) & ~b) | ((c - ONES) & ~c)) & HIGHS;
    if (hit !== 0) return end + ((31 - Math.clz32(hit & -hit)) >> 3);
    end += 4;
  }
  while (end < n && stops[text[end]!] === 0) end++;
  return end;
}
