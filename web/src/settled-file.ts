/**
 * A file's record once it has left its pending statuses (ready or failed). Its job ends just after
 * the file record is written — or, on a slow server, a little later than the reader expects — so the
 * record is read again in short polls until it has settled rather than after a fixed wait.
 */
import type { FileMeta } from './api.js';

export interface SettleOptions {
  /** Pause between reads. */
  readonly intervalMs?: number;
  /** Reads at most: a record that never settles (a crashed writer) is given back as last read. */
  readonly maxReads?: number;
  /** Whether to keep reading (false once the page that asked has gone). */
  readonly wanted?: () => boolean;
  readonly sleep?: (ms: number) => Promise<void>;
}

const SETTLED: ReadonlySet<FileMeta['status']> = new Set(['ready', 'failed']);

/** The first read that has settled, else the last one (undefined when a read failed or no read was wanted). */
export async function settledFile(read: () => Promise<FileMeta>, options: SettleOptions = {}): Promise<FileMeta | undefined> {
  const { intervalMs = 150, maxReads = 40, wanted = () => true, sleep = (ms) => new Promise<void>((r) => setTimeout(r, ms)) } = options;
  let last: FileMeta | undefined;
  for (let n = 0; n < maxReads && wanted(); n++) {
    if (n > 0) await sleep(intervalMs);
    // A failed read ends the wait: the page's own reload then says what went wrong.
    last = await read().catch(() => undefined);
    if (!last || SETTLED.has(last.status)) return last;
  }
  return last;
}
