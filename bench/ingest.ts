/**
 * Ingest throughput: a CSV of the requested size (default 1 GiB) generated on the fly — never on
 * disk, never whole in memory — streamed through both passes of the ingest engine.
 * `npm run bench -- ingest [MiB] [--one-thread]`
 *
 * `npm run bench` runs this compiled (bench/run.ts), as the service's code ships. The file's size
 * is given to ingest, as the service gives an upload's, so its column work runs in ingest's worker
 * thread; `--one-thread` keeps it in the calling thread, for the A/B.
 *
 * The generator must cost little next to ingest, or the bench measures it instead: at the
 * 100 MB/s target the two passes read 2 GiB in ten seconds, and formatting every row anew
 * (toFixed, template strings) ran at 30 MB/s. So the random part of each row (amount … flag) is
 * drawn once, for a pool of 65 536 rows, and pre-rendered around blank id and note digits; a block
 * of rows is then one copy of that and the digits of its ids and notes. Every column keeps the
 * shape it would have in a real file: 18 M unique ids and notes, tens of thousands of distinct
 * amounts and ratios (past the 10 000 where inference stops counting), 5 categories, 90 days,
 * 2 flags. The rows are generated in the thread that reads them, as ingest reads an S3 stream; the
 * generator alone is timed too and reported beside the result. (In a thread of its own it made
 * ingest slower: three busy threads on two cores, and the worker doing the column work is the
 * one that bounds the speed.)
 */
import { Readable } from 'node:stream';
import { ingestCsv } from '../core/table/ingest.js';
import { Rng } from '../core/random.js';
import { withPeakRss, writeResult } from './machine.js';

const args = process.argv.slice(2);
const oneThread = args.includes('--one-thread');
const mib = Number(args.find((a) => !a.startsWith('--')) ?? 1024);
const targetBytes = mib * 2 ** 20;

const HEADER = 'id,amount,ratio,category,day,flag,note\n';
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const BLOCK = 2 ** 20;
const POOL_ROWS = 65_536;

/** `,amount,ratio,category,day,flag,row ` for POOL_ROWS seeded rows, as one buffer with offsets. */
function tailPool(): { bytes: Buffer; offsets: Int32Array } {
  const rng = Rng.seeded(1);
  const tails: string[] = [];
  for (let i = 0; i < POOL_ROWS; i++) {
    tails.push(`,${(rng.uniform() * 10000).toFixed(2)},${rng.normal().toFixed(6)},${CATEGORIES[rng.int(0, 4)]},2024-0${rng.int(1, 9)}-1${rng.int(0, 9)},${rng.uniform() < 0.5 ? 'yes' : 'no'},row `);
  }
  const offsets = new Int32Array(POOL_ROWS + 1);
  for (let i = 0; i < POOL_ROWS; i++) offsets[i + 1] = offsets[i]! + tails[i]!.length;
  return { bytes: Buffer.from(tails.join(''), 'latin1'), offsets };
}

/** A decimal counter kept as ASCII digits, so writing it costs no number formatting. */
class DigitCounter {
  private readonly digits = new Uint8Array(20).fill(48);
  width = 1;
  constructor(start: number) {
    for (const [i, ch] of [...String(start)].reverse().entries()) this.digits[this.digits.length - 1 - i] = ch.charCodeAt(0);
    this.width = String(start).length;
  }
  increment(): void {
    let i = this.digits.length - 1;
    while (this.digits[i] === 57) this.digits[i--] = 48;
    this.digits[i]!++;
    this.width = Math.max(this.width, this.digits.length - i);
  }
  write(to: Buffer, at: number): number {
    const from = this.digits.length - this.width;
    for (let i = from; i < this.digits.length; i++) to[at++] = this.digits[i]!;
    return at;
  }
}

/**
 * Every pool row for ids of `width` digits, `<id><tail><note>\n`, with the digits left to fill in:
 * a block of rows is then one copy of a template range plus the digits of its ids and notes.
 */
function rowTemplates(pool: { bytes: Buffer; offsets: Int32Array }, width: number): { bytes: Buffer; offsets: Int32Array } {
  const offsets = new Int32Array(POOL_ROWS + 1);
  for (let p = 0; p < POOL_ROWS; p++) offsets[p + 1] = offsets[p]! + 2 * width + 1 + pool.offsets[p + 1]! - pool.offsets[p]!;
  const bytes = Buffer.alloc(offsets[POOL_ROWS]!, 48);
  for (let p = 0; p < POOL_ROWS; p++) {
    pool.bytes.copy(bytes, offsets[p]! + width, pool.offsets[p]!, pool.offsets[p + 1]!);
    bytes[offsets[p + 1]! - 1] = 10;
  }
  return { bytes, offsets };
}

/** Deterministic rows, `size` bytes in all, in blocks of up to 1 MiB on demand: `next` gives the next block, or null at the end. */
function csvBlocks(size: number, pool = tailPool()): { next(): Buffer | null } {
  let sent = 0;
  let id = 0;
  const ids = new DigitCounter(0);
  const notes = new DigitCounter(1);
  let templates = rowTemplates(pool, 1);
  let templateWidth = 1;
  return {
    next() {
      if (sent >= size) return null;
      const width = ids.width;
      // The last id of a width (9, 99, …) has a wider note: that row alone, written out.
      if (notes.width !== width) {
        const tail = id % POOL_ROWS;
        const row = Buffer.allocUnsafe(64);
        let at = ids.write(row, 0);
        at += pool.bytes.copy(row, at, pool.offsets[tail]!, pool.offsets[tail + 1]!);
        at = notes.write(row, at);
        row[at++] = 10;
        ids.increment();
        notes.increment();
        return advance(row.subarray(0, at), 1);
      }
      if (width !== templateWidth) templates = rowTemplates(pool, (templateWidth = width));
      const first = id % POOL_ROWS;
      const lastOfWidth = 10 ** width - 2; // the last id whose note has the same width
      const limit = Math.min(POOL_ROWS, first + (lastOfWidth - id + 1));
      const { bytes, offsets } = templates;
      let end = first + 1;
      while (end < limit && offsets[end + 1]! - offsets[first]! <= BLOCK) end++;
      const block = Buffer.allocUnsafe(offsets[end]! - offsets[first]!);
      bytes.copy(block, 0, offsets[first]!, offsets[end]!);
      for (let p = first; p < end; p++) {
        const at = offsets[p]! - offsets[first]!;
        ids.write(block, at);
        notes.write(block, offsets[p + 1]! - offsets[first]! - 1 - width);
        ids.increment();
        notes.increment();
      }
      return advance(block, end - first);
    },
  };

  function advance(rows: Buffer, count: number): Buffer {
    id += count;
    const chunk = sent === 0 ? Buffer.concat([Buffer.from(HEADER, 'latin1'), rows]) : rows;
    sent += chunk.length;
    return chunk;
  }
}

/** The random part of the rows, drawn once: each pass reads the same file. */
const pool = tailPool();

/** The rows as a stream of blocks of up to 1 MiB, generated as they are read. */
function generated(size: number): Readable {
  const blocks = csvBlocks(size, pool);
  return new Readable({
    read() {
      this.push(blocks.next());
    },
  });
}

const generatorBytes = Math.min(targetBytes, 256 * 2 ** 20);
const generatorStarted = performance.now();
for await (const _ of generated(generatorBytes));
const generatorMbPerSecond = generatorBytes / 1e6 / ((performance.now() - generatorStarted) / 1000);

let chunkBytes = 0;
const started = performance.now();
const { value: summary, peakRssMib } = await withPeakRss(() =>
  ingestCsv({
    open: async () => generated(targetBytes),
    writeChunk: async (_i, bytes) => void (chunkBytes += bytes.length),
    size: targetBytes,
    ...(oneThread ? { worker: false } : {}),
  }),
);
const seconds = (performance.now() - started) / 1000;
const mbPerSecond = targetBytes / 1e6 / seconds;
const { threads } = summary;
console.log(
  `${mib} MiB, ${summary.rows} rows in ${seconds.toFixed(1)} s → ${mbPerSecond.toFixed(1)} MB/s, peak RSS ${peakRssMib} MiB, ingest in ${threads} thread${threads > 1 ? 's' : ''} (generator alone: ${generatorMbPerSecond.toFixed(0)} MB/s)`,
);
console.log(await writeResult('ingest', {
  input_mib: mib,
  rows: summary.rows,
  seconds,
  mb_per_second: mbPerSecond,
  peak_rss_mib: peakRssMib,
  columnar_bytes: chunkBytes,
  ingest_threads: threads,
  compiled: !import.meta.url.endsWith('.ts'),
  generator_mb_per_second: generatorMbPerSecond,
  targets: { mb_per_second: 100, peak_rss_mib: 300 },
}));
