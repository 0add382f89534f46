/**
 * The rows a generation's quality summary scores: all of a table up to QUALITY_MAX_ROWS, else a
 * seeded subsample of that many. Column Shapes and Pair Trends over 10 M rows took about an hour;
 * on 100 000 rows drawn at random their scores move by well under 0.01, and a table under the cap
 * is scored whole, exactly as before.
 */
import { Rng } from '../random.js';
import { takeRows, type Table } from '../table/model.js';
import { concatTables } from '../table/arrow.js';
import { getReadyFile, readTable, type StoreDeps } from '../files/service.js';
import { fileChunks } from '../eda/chunked/source.js';
import type { FileMeta } from '../files/model.js';
import type { Report } from './progress.js';
import { groupedCount } from './sample-progress.js';

/** Most rows of each side a generation's quality summary scores. */
export const QUALITY_MAX_ROWS = 100_000;

/** The sorted row numbers to score of `rows` rows, drawn from the job's seed and the side's label: same seed, same rows. */
export function scoredRowNumbers(rows: number, seed: number, side: 'real' | 'synthetic', cap = QUALITY_MAX_ROWS): Int32Array | undefined {
  if (rows <= cap) return undefined;
  return Int32Array.from(Rng.derived(seed, `quality:${side}`).sampleIndices(rows, cap)).sort();
}

/** The table itself when it is under the cap, else its seeded subsample. */
export function scoredRows(table: Table, seed: number, side: 'real' | 'synthetic', cap = QUALITY_MAX_ROWS): Table {
  const picked = scoredRowNumbers(table.rowCount, seed, side, cap);
  return picked ? takeRows(table, picked) : table;
}

/**
 * The generated file's rows to score, read a chunk at a time when it is over the cap: only the
 * picked rows are kept, so a 10 M-row output is never held whole for scoring.
 */
export async function scoredFileRows(deps: StoreDeps, id: string, seed: number, cap = QUALITY_MAX_ROWS, onChunk?: ChunkRead): Promise<{ meta: FileMeta; table: Table }> {
  const meta = await getReadyFile(deps, id);
  const picked = scoredRowNumbers(meta.rows ?? 0, seed, 'synthetic', cap);
  if (!picked) return readTable(deps, id);
  const parts: Table[] = [];
  let offset = 0;
  let at = 0;
  for await (const chunk of fileChunks(deps, { file_id: id, rows: meta.rows ?? 0, chunks: meta.chunks ?? 0, ...(meta.version ? { version: meta.version } : {}) }).chunks()) {
    const start = at;
    while (at < picked.length && picked[at]! < offset + chunk.rowCount) at++;
    parts.push(takeRows(chunk, picked.subarray(start, at).map((r) => r - offset)));
    offset += chunk.rowCount;
    await onChunk?.(offset, meta.rows ?? 0);
  }
  return { meta, table: concatTables(parts) };
}

/** After each chunk read: the rows read so far and the file's rows; a cancel it finds (it throws) stops the read. */
export type ChunkRead = (done: number, rows: number) => Promise<void>;

/**
 * Reading a large output's chunks as report-step progress from `from` to `to` %, a report at most
 * every `everyMs` (`clock` injected by tests): every chunk of 10 M rows is decoded to pick its share of
 * the scored rows, about half a minute the bar sat at "scoring quality"; each report is also where a
 * cancel is seen.
 */
export function chunksProgress(report: Report, from: number, to: number, clock: () => number = () => performance.now(), everyMs = 1000): ChunkRead {
  let lastAt = clock();
  return async (done, rows) => {
    const now = clock();
    if (done >= rows || now - lastAt < everyMs) return;
    lastAt = now;
    await report(from + Math.floor(((to - from) * done) / rows), `reading the synthetic rows to score: ${groupedCount(done)} of ${groupedCount(rows)}`);
  };
}
