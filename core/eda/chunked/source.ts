/**
 * A table read one columnar chunk at a time, for statistics over files too large to hold whole.
 * Each call of `chunks()` starts again from the first chunk, so a two-pass statistic (histogram
 * counts once the bins are known, ranks once the quantiles are) reads the file twice, never keeps it.
 */
import type { Column, Table } from '../../table/model.js';
import { selectColumns, sliceTable } from '../../table/model.js';
import { concatTables, decodeTable } from '../../table/arrow.js';
import { fileKeys } from '../../files/model.js';
import type { StoreDeps } from '../../files/service.js';

export interface ChunkSource {
  readonly rows: number;
  readonly chunkCount: number;
  chunks(): AsyncIterable<Table>;
}

/**
 * The stored chunks of a ready file, optionally only some columns. The next chunk's bytes are
 * fetched while the current one is worked on.
 */
export function fileChunks(
  deps: StoreDeps,
  file: { readonly file_id: string; readonly version?: string; readonly rows: number; readonly chunks: number },
  columns?: readonly string[],
): ChunkSource {
  return {
    rows: file.rows,
    chunkCount: file.chunks,
    async *chunks() {
      const fetch = (i: number) => deps.blobs.getBytes(fileKeys.chunk(file.file_id, i, file.version));
      let next = file.chunks > 0 ? fetch(0) : undefined;
      let first: Table | undefined;
      try {
        for (let i = 0; i < file.chunks; i++) {
          const bytes = await next!;
          next = i + 1 < file.chunks ? fetch(i + 1) : undefined;
          const decoded = decodeTable(bytes);
          const table = columns ? selectColumns(decoded, columns) : decoded;
          first ??= table;
          yield alignCategories(first, table);
        }
      } finally {
        // A reader that stops early leaves the next chunk's fetch in flight: its failure is nobody's.
        next?.catch(() => undefined);
      }
    },
  };
}

/** An in-memory table as chunks of `chunkRows` rows (tests, benchmarks). */
export function tableChunks(table: Table, chunkRows: number): ChunkSource {
  return {
    rows: table.rowCount,
    chunkCount: Math.max(1, Math.ceil(table.rowCount / chunkRows)),
    async *chunks() {
      for (let start = 0; start < table.rowCount || start === 0; start += chunkRows) {
        yield sliceTable(table, start, start + chunkRows);
        if (start + chunkRows >= table.rowCount) break;
      }
    },
  };
}

/** Every chunk in one table: the in-memory path, for a file whose metadata is already read. */
export async function wholeTable(source: ChunkSource): Promise<Table> {
  const parts: Table[] = [];
  for await (const table of source.chunks()) parts.push(table);
  return concatTables(parts);
}

/**
 * The first chunk, and the chunks from the first on without reading it again: a pass that must see
 * the columns before it can plan (drift pairs two files' columns) starts on the chunk it looked at.
 */
export async function peekChunks(source: ChunkSource): Promise<{ first: Table | undefined; chunks: AsyncIterable<Table> }> {
  const it = source.chunks()[Symbol.asyncIterator]();
  const head = await it.next();
  return {
    first: head.done ? undefined : head.value,
    chunks: {
      async *[Symbol.asyncIterator]() {
        if (head.done) return;
        yield head.value;
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
      },
    },
  };
}

/**
 * Category codes as the first chunk numbers them. Ingest fixes one category list per column for the
 * whole file, so this costs one comparison per column; a chunk listing them in another order is
 * recoded, and one with a label the first chunk lacks is an inconsistent copy, refused.
 */
export function alignCategories(reference: Table, chunk: Table): Table {
  if (reference === chunk) return chunk;
  let changed = false;
  const columns = chunk.columns.map((c, i): Column => {
    const ref = reference.columns[i];
    if ((c.type !== 'categorical' && c.type !== 'boolean') || !ref || !('categories' in ref)) return c;
    if (ref.categories.length === c.categories.length && ref.categories.every((label, j) => label === c.categories[j])) return c;
    changed = true;
    const index = new Map(ref.categories.map((label, j) => [label, j] as const));
    const map = c.categories.map((label) => {
      const j = index.get(label);
      if (j === undefined) throw new Error(`Chunk category ${JSON.stringify(label)} of ${c.name} is not in the file's category list`);
      return j;
    });
    return { ...c, categories: ref.categories, codes: Int32Array.from(c.codes, (k) => (k < 0 ? k : map[k]!)) };
  });
  return changed ? { rowCount: chunk.rowCount, columns } : chunk;
}
