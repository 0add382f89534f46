/**
 * Isolation-forest outliers of a file read chunk by chunk. The forest is fit on a seeded uniform
 * sample of FOREST_SAMPLE_ROWS rows — as many as its 100 trees × 256 rows draw — gathered in pass 1;
 * each tree's 256 rows are then drawn from the sample, which makes them a uniform draw from the
 * whole file just the same (a uniform subset of a uniform subset is one). Missing values take the
 * sample's median. Pass 2 scores every row chunk by chunk with that forest, counts the rows over
 * the threshold and keeps the best offset + limit of them for the page.
 *
 * A file of at most FOREST_SAMPLE_ROWS rows is its own sample: the same medians, the same random
 * stream, hence the very forest and scores of the in-memory path. Unless columns are named,
 * identifiers (identifiers.ts) are left out as in memory: pass 1 samples every number column while
 * it gathers their facts, and the forest is fit on the others only.
 */
import { Rng } from '../../random.js';
import { sampleSortedIndices } from '../../stats/sample.js';
import { selectColumns, type Column, type Table } from '../../table/model.js';
import type { ColumnInfo } from '../../files/model.js';
import { filled, fillValue, fitIsolationForest, forestScores, SAMPLE, TREES } from '../isolation-forest.js';
import { ISOLATION_THRESHOLD, type Page } from '../outliers.js';
import { IdentifierScan } from '../identifiers.js';
import { chunkedComputation, type Computation } from '../approximation.js';
import { RowSample } from './row-sample.js';
import { TopRows } from './top-rows.js';
import type { ChunkSource } from './source.js';

export const FOREST_SAMPLE_ROWS = TREES * SAMPLE;

type NumberColumn = Extract<Column, { type: 'integer' | 'float' }>;

/** The number columns of a chunk among `names` (every one when undefined), in the table's order. */
function chosenOf(table: Table, names: readonly string[] | undefined): NumberColumn[] {
  return table.columns.filter((c): c is NumberColumn => (c.type === 'integer' || c.type === 'float') && (!names || names.includes(c.name)));
}

export async function chunkedIsolationOutliers(source: ChunkSource, asked: readonly string[] | undefined, page: Page, seed: number, info: readonly ColumnInfo[] = []) {
  const sampled = source.rows > FOREST_SAMPLE_ROWS;
  // Its own stream: the forest's stays the one the in-memory path seeds.
  const sample = new RowSample(sampled ? sampleSortedIndices(source.rows, FOREST_SAMPLE_ROWS, Rng.derived(seed, 'isolation-forest-sample')) : undefined);
  const identifiers = new IdentifierScan(source.rows);
  let candidates: string[] | undefined;
  let offset = 0;
  let chunks = 0;
  for await (const table of source.chunks()) {
    const chosen = chosenOf(table, asked);
    candidates ??= chosen.map((c) => c.name);
    if (!asked) identifiers.add(chosen);
    sample.add({ rowCount: table.rowCount, columns: chosen }, offset);
    offset += table.rowCount;
    chunks++;
  }
  const names = asked ? (candidates ?? []) : (candidates ?? []).filter((name) => !identifiers.identifier(name, info));
  const fitted = selectColumns(sample.table(), names).columns.map((c) => (c.type === 'integer' || c.type === 'float' ? c.values : new Float64Array()));
  const fills = fitted.map(fillValue);
  const forest = fitIsolationForest(
    fitted.map((values, i) => filled(values, fills[i]!)),
    Rng.seeded(seed),
  );

  // Pass 2: every row's score.
  const top = new TopRows(page.offset + page.limit);
  let count = 0;
  offset = 0;
  for await (const table of source.chunks()) {
    const scores = forestScores(
      forest,
      chosenOf(table, names).map((c) => c.values),
      fills,
    );
    for (let r = 0; r < scores.length; r++) {
      if (scores[r]! <= ISOLATION_THRESHOLD) continue;
      count++;
      top.offer(scores[r]!, offset + r);
    }
    offset += table.rowCount;
  }

  const result = {
    method: 'isolation_forest' as const,
    columns: names,
    threshold: ISOLATION_THRESHOLD,
    count,
    rows: top.best().slice(page.offset, page.offset + page.limit),
    offset: page.offset,
    limit: page.limit,
  };
  return {
    ...result,
    ...chunkedComputation({
      chunks,
      estimated: sampled ? ['count', 'rows', 'rows[].score'] : [],
      ...(sampled
        ? {
            note: `The forest is fit on a seeded uniform sample of ${FOREST_SAMPLE_ROWS} rows (missing values take the sample's median) instead of on subsamples drawn from every row; every row is scored with it, so count and rows are exact for that forest.`,
          }
        : {}),
    }),
  } satisfies Computation;
}
