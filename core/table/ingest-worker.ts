/**
 * The ingest worker thread: the column work of both passes (ingest-sinks.ts) on rows the calling
 * thread has read and tokenized, so the two overlap on two cores. Started by ingest-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { ChunkSink, InferSink } from './ingest-sinks.js';
import { forEachPacked, type Packet } from './batch-packet.js';
import { CsvBatch } from './tokenizer.js';
import { sendableError, type FromWorker, type ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('ingest-worker runs as a worker thread (see ingest-thread.ts).');

type Pass = { readonly kind: 'infer'; readonly sink: InferSink } | { readonly kind: 'convert'; readonly sink: ChunkSink };

let pass: Pass | undefined;
/** After a failure the pass's remaining rows are only handed back: the calling thread is about to stop. */
let failed = false;
const view = new CsvBatch();
/** The packets' shared memory, by id. */
const packets = new Map<number, Packet>();

const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToWorker) => {
  try {
    switch (message.kind) {
      case 'infer':
        pass = { kind: 'infer', sink: new InferSink(message.names, message.overrides, message.encoding, message.decimalComma) };
        failed = false;
        break;
      case 'convert': {
        const emit = (bytes: Uint8Array) => send({ kind: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
        pass = { kind: 'convert', sink: new ChunkSink(message.inferred, message.encoding, message.chunkRows, emit) };
        failed = false;
        break;
      }
      case 'packet':
        packets.set(message.packet.id, message.packet);
        break;
      case 'forget':
        packets.delete(message.id);
        break;
      case 'rows': {
        const { counts } = message;
        try {
          const packet = packets.get(counts.id);
          if (!packet) throw new Error(`The ingest worker was sent rows in unknown packet ${counts.id}.`);
          if (!failed && pass) rows(pass, Object.assign(packet, counts));
        } finally {
          send({ kind: 'free', id: counts.id });
        }
        break;
      }
      case 'end':
        if (failed || !pass) break;
        if (pass.kind === 'infer') send({ kind: 'inferred', inferred: pass.sink.finish() });
        else {
          pass.sink.finish();
          send({ kind: 'converted' });
        }
        pass = undefined;
        break;
    }
  } catch (e) {
    failed = true;
    send({ kind: 'failed', error: sendableError(e) });
  }
});

function rows(pass: Pass, packet: Packet): void {
  if (pass.kind === 'infer') {
    const { sink } = pass;
    forEachPacked(packet, view, (batch, firstRow) => sink.rows(batch, 0, batch.rows, firstRow));
  } else {
    const { sink } = pass;
    forEachPacked(packet, view, (batch) => sink.rows(batch, 0, batch.rows));
  }
}
