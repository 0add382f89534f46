/**
 * The messages between ingest and its worker thread (ingest-thread.ts, ingest-worker.ts), and how
 * an error crosses: a problem (a 422 for a refused type) arrives as the same ProblemError, so the
 * caller cannot tell which thread found it; anything else stays an internal error.
 */
import type { CsvDialect } from '../files/model.js';
import { ProblemError } from '../errors.js';
import type { InferredColumn } from './infer.js';
import type { ColumnOverrides } from './override.js';
import type { Packet, PacketCounts } from './batch-packet.js';

export type ToWorker =
  | { readonly kind: 'infer'; readonly names: string[]; readonly overrides: ColumnOverrides; readonly encoding: CsvDialect['encoding']; readonly decimalComma: boolean }
  | { readonly kind: 'convert'; readonly inferred: InferredColumn[]; readonly encoding: CsvDialect['encoding']; readonly chunkRows: number }
  /** A packet's shared memory, sent once; the packet is then referred to by its id. */
  | { readonly kind: 'packet'; readonly packet: Packet }
  | { readonly kind: 'rows'; readonly counts: PacketCounts }
  /** A packet that will not be sent again (one made larger than usual): its memory can go. */
  | { readonly kind: 'forget'; readonly id: number }
  /** No more rows in this pass: answer with the pass's result. */
  | { readonly kind: 'end' };

export type FromWorker =
  /** A packet read, handed back for reuse. */
  | { readonly kind: 'free'; readonly id: number }
  | { readonly kind: 'chunk'; readonly bytes: Uint8Array }
  | { readonly kind: 'inferred'; readonly inferred: InferredColumn[] }
  | { readonly kind: 'converted' }
  | { readonly kind: 'failed'; readonly error: SentError };

export type SentError =
  | { readonly problem: { status: number; title: string; detail: string; extensions: Record<string, unknown> } }
  | { readonly message: string; readonly stack?: string };

export function sendableError(e: unknown): SentError {
  if (e instanceof ProblemError) return { problem: { status: e.status, title: e.title, detail: e.detail, extensions: e.extensions } };
  if (e instanceof Error) return { message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { message: String(e) };
}

export function receivedError(sent: SentError): Error {
  if ('problem' in sent) {
    const { status, title, detail, extensions } = sent.problem;
    return new ProblemError(status, title, detail, extensions);
  }
  const error = new Error(sent.message);
  if (sent.stack) error.stack = sent.stack;
  return error;
}
