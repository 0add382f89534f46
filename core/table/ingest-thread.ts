/**
 * The calling thread's side of the ingest worker (ingest-worker.ts). Ingest reads and tokenizes
 * the file here and hands the rows over in packets of shared memory (batch-packet.ts); the worker
 * does the column work. At most a few packets are in flight, and the caller waits for one to come
 * back before reading on (`settle`), so memory stays flat however fast the file arrives. Answers
 * come back as results, chunks and errors, a refused type as the same 422 it is in one thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { canRunWorker, startWorker } from '../threads.js';
import type { CsvDialect } from '../files/model.js';
import type { InferredColumn } from './infer.js';
import type { ColumnOverrides } from './override.js';
import type { CsvBatch } from './tokenizer.js';
import { countsOf, emptyPacket, oversized, packRows, reset, roomForRow, type Packet } from './batch-packet.js';
import { receivedError, type FromWorker, type ToWorker } from './worker-protocol.js';

/**
 * The size from which a file's column work goes to a worker. A new worker starts cold — it loads,
 * then compiles its hot loops again — which costs about what the second core saves on a few tens
 * of MiB: compiled, the two broke even at 32–64 MiB (256 MiB: 2.4 s against 3.3 s). Run as
 * TypeScript (tsx), the worker compiles its modules first, and they broke even at 128 MiB (256 MiB:
 * 2.8 s against 3.8 s).
 */
export const WORKER_MIN_BYTES = (import.meta.url.endsWith('.ts') ? 192 : 64) * 2 ** 20;

/** Packets sent and not yet handed back: enough to keep the worker busy while this thread tokenizes. */
const IN_FLIGHT = 3;
/** Packets kept for reuse; one made after a burst beyond these is forgotten by both threads once back. */
const POOL = IN_FLIGHT + 2;

/**
 * Where the worker's code is: ingest-worker.ts or .js beside this module. A bundle that did not
 * include it (a Lambda handler's) gets none, and ingest stays in one thread.
 */
function workerScript(): URL | undefined {
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? './ingest-worker.ts' : './ingest-worker.js', here);
  return existsSync(fileURLToPath(url)) && canRunWorker(url) ? url : undefined;
}

type Result = { readonly inferred: InferredColumn[] } | { readonly converted: true };

export class IngestThread {
  private readonly worker: Worker;
  /** Packets the worker has the memory of, by id. */
  private readonly packets = new Map<number, Packet>();
  private nextId = 0;
  private packet: Packet;
  private readonly free: Packet[] = [];
  private inFlight = 0;
  private result: Result | undefined;
  private failure: Error | undefined;
  private onChunk: (bytes: Uint8Array) => void = () => {};
  private wake: (() => void) | undefined;
  private closed = false;

  /** A worker, or undefined where none can run (no worker script beside this module). */
  static start(): IngestThread | undefined {
    const script = workerScript();
    return script && new IngestThread(script);
  }

  private constructor(script: URL) {
    this.worker = startWorker(script);
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('messageerror', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`The ingest worker stopped (exit code ${code}).`));
    });
    this.packet = this.newPacket();
  }

  /** Starts pass 1 on the worker: the rows that follow are inferred (`decimalComma` as InferSink takes it). */
  infer(names: string[], overrides: ColumnOverrides, encoding: CsvDialect['encoding'], decimalComma: boolean): void {
    this.result = undefined;
    this.post({ kind: 'infer', names, overrides, encoding, decimalComma });
  }

  /** Starts pass 2: the rows that follow become chunks, handed to `onChunk` in order as they arrive. */
  convert(inferred: InferredColumn[], encoding: CsvDialect['encoding'], chunkRows: number, onChunk: (bytes: Uint8Array) => void): void {
    this.result = undefined;
    this.onChunk = onChunk;
    this.post({ kind: 'convert', inferred, encoding, chunkRows });
  }

  /** Rows [from, to) of a batch (valid only now: they are copied); `firstRow` is the data row number of row `from`. */
  rows(batch: CsvBatch, from: number, to: number, firstRow: number): void {
    let row = from;
    while (row < to) {
      const next = packRows(this.packet, batch, row, to, firstRow + row - from);
      if (next > row) row = next;
      else if (this.packet.batches > 0) this.send();
      else {
        const room = roomForRow(batch, row);
        this.release(this.packet);
        this.packet = this.newPacket(room.textBytes, room.fields);
      }
    }
  }

  /** Resolves once few enough packets are in flight to read on; rejects with the worker's error. */
  settle(): Promise<void> {
    return this.until(() => this.inFlight <= IN_FLIGHT);
  }

  /** Ends pass 1: the columns' types, or the worker's error (a 422 for a refused type). */
  async inferred(): Promise<InferredColumn[]> {
    const result = await this.end();
    if (!('inferred' in result)) throw new Error('The ingest worker answered another pass.');
    return result.inferred;
  }

  /** Ends pass 2 once every chunk has been handed to `onChunk`. */
  async converted(): Promise<void> {
    await this.end();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private async end(): Promise<Result> {
    if (this.packet.batches > 0) this.send();
    this.post({ kind: 'end' });
    await this.until(() => this.result !== undefined);
    const result = this.result!;
    this.result = undefined;
    return result;
  }

  private send(): void {
    this.post({ kind: 'rows', counts: countsOf(this.packet) });
    this.inFlight++;
    this.packet = this.free.pop() ?? this.newPacket();
  }

  /** A packet in new shared memory, which the worker is sent once. */
  private newPacket(textBytes?: number, fields?: number): Packet {
    const packet = emptyPacket(this.nextId++, textBytes, fields);
    this.packets.set(packet.id, packet);
    this.post({ kind: 'packet', packet });
    return packet;
  }

  /** A packet back from the worker: kept for reuse, unless enough are kept or it was made for one huge row. */
  private release(packet: Packet): void {
    if (this.free.length < POOL && !oversized(packet)) this.free.push(reset(packet));
    else {
      this.packets.delete(packet.id);
      this.post({ kind: 'forget', id: packet.id });
    }
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.kind) {
      case 'free': {
        this.inFlight--;
        const packet = this.packets.get(message.id);
        if (packet) this.release(packet);
        break;
      }
      case 'chunk':
        this.onChunk(message.bytes);
        break;
      case 'inferred':
        this.result = { inferred: message.inferred };
        break;
      case 'converted':
        this.result = { converted: true };
        break;
      case 'failed':
        this.fail(receivedError(message.error));
        return;
    }
    this.signal();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (ready()) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
