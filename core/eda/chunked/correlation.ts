/**
 * Correlations of a file read chunk by chunk, with the measures of ../correlation.ts. Pearson's
 * co-moments, the group moments behind η and the contingency tables behind Cramér's V merge
 * exactly, so `pearson` and `auto` equal the in-memory results up to rounding. Kendall's τ reads
 * the first KENDALL_MAX_ROWS complete pairs, as in memory. Spearman's ρ needs ranks over the whole
 * file: a first pass sketches each column's quantiles (KLL), a second ranks every value from its
 * column's sketch and correlates the ranks — an estimate, and ranked within each column's present
 * values rather than each pair's complete rows.
 */
import { numbersOf, type Column } from '../../table/model.js';
import { KllSketch } from '../../stats/kll.js';
import { coMomentsPearson, mergeCoMoments, NO_CO_MOMENTS, pairwiseCoMoments, type CoMoments } from '../../stats/pearson.js';
import {
  contingencyOf,
  cramersVFromContingency,
  etaFromGroups,
  groupMoments,
  mergeContingency,
  mergeGroupMoments,
  type Contingency,
  type GroupMoments,
} from '../associations.js';
import {
  correlatedColumns,
  correlationReport,
  forEachPair,
  kendallResult,
  KENDALL_MAX_ROWS,
  pearsonResult,
  spearmanResult,
  type CorrelationMethod,
  type PairResult,
} from '../correlation.js';
import { chunkedComputation, quantileBound, type Computation } from '../approximation.js';
import { QUANTILE_SKETCH_K } from './column-sketch.js';
import type { ChunkSource } from './source.js';

/** What one pair accumulates over the chunks. */
type PairState =
  | { kind: 'moments'; moments: CoMoments }
  | { kind: 'kendall'; x: number[]; y: number[] }
  | { kind: 'groups'; groups: GroupMoments | undefined }
  | { kind: 'table'; table: Contingency | undefined };

const codesOf = (c: Column) => ('codes' in c ? { codes: c.codes, k: c.categories.length } : undefined);

/** Co-moments of every pair of the given numeric columns (indices into cols), merged into their states. */
function addCoMoments(cols: readonly Column[], numeric: readonly number[], values: readonly Float64Array[], states: Map<number, PairState>): void {
  const part = pairwiseCoMoments(values);
  for (let a = 0, p = 0; a < numeric.length; a++)
    for (let b = a + 1; b < numeric.length; b++, p++) {
      const state = states.get(numeric[a]! * cols.length + numeric[b]!);
      if (state?.kind === 'moments') state.moments = mergeCoMoments(state.moments, part[p]!);
    }
}

export async function chunkedCorrelation(source: ChunkSource, method: CorrelationMethod, topN = 10): Promise<ReturnType<typeof correlationReport> & Computation> {
  let cols: readonly Column[] = [];
  let numeric: number[] = [];
  const states = new Map<number, PairState>();
  const sketches = new Map<number, KllSketch>();
  let rows = 0;
  let chunks = 0;
  for await (const table of source.chunks()) {
    const chunkCols = correlatedColumns(table);
    if (!chunks) {
      cols = chunkCols;
      numeric = cols.flatMap((c, i) => (numbersOf(c) ? [i] : []));
      forEachPair(cols, method, (i, j, kind) => {
        const key = i * cols.length + j;
        if (kind === 'numbers') states.set(key, method === 'kendall' ? { kind: 'kendall', x: [], y: [] } : { kind: 'moments', moments: NO_CO_MOMENTS });
        else if (kind === 'number_category') states.set(key, { kind: 'groups', groups: undefined });
        else states.set(key, { kind: 'table', table: undefined });
      });
      if (method === 'spearman') for (const i of numeric) sketches.set(i, new KllSketch(QUANTILE_SKETCH_K, i + 1));
    }
    if (method === 'pearson' || method === 'auto') addCoMoments(cols, numeric, numeric.map((i) => numbersOf(chunkCols[i]!)!), states);
    for (const [i, sketch] of sketches) {
      const part = new KllSketch(QUANTILE_SKETCH_K, (i + 1) * 7919 + chunks + 1);
      part.addAll(numbersOf(chunkCols[i]!)!);
      sketch.merge(part);
    }
    forEachPair(cols, method, (i, j) => {
      const state = states.get(i * cols.length + j)!;
      const a = chunkCols[i]!;
      const b = chunkCols[j]!;
      if (state.kind === 'kendall') {
        const x = numbersOf(a)!;
        const y = numbersOf(b)!;
        for (let r = 0; r < x.length && state.x.length < KENDALL_MAX_ROWS; r++) {
          if (x[r] !== x[r] || y[r] !== y[r]) continue;
          state.x.push(x[r]!);
          state.y.push(y[r]!);
        }
      } else if (state.kind === 'groups') {
        const values = (numbersOf(a) ?? numbersOf(b))!;
        const g = codesOf(numbersOf(a) ? b : a)!;
        const part = groupMoments(values, g.codes, g.k);
        state.groups = state.groups ? mergeGroupMoments(state.groups, part) : part;
      } else if (state.kind === 'table') {
        const x = codesOf(a)!;
        const y = codesOf(b)!;
        const part = contingencyOf(x.codes, x.k, y.codes, y.k);
        state.table = state.table ? mergeContingency(state.table, part) : part;
      }
    });
    rows += table.rowCount;
    chunks++;
  }
  let ranksEstimated = false;
  if (method === 'spearman' && numeric.length > 1) {
    // Pass 2: each value's rank from its column's sketch; Pearson's co-moments of the ranks.
    ranksEstimated = [...sketches.values()].some((s) => !s.exact);
    for await (const table of source.chunks()) {
      const chunkCols = correlatedColumns(table);
      addCoMoments(cols, numeric, numeric.map((i) => sketches.get(i)!.midRanks(numbersOf(chunkCols[i]!)!)), states);
    }
  }
  const results = new Map<number, PairResult>();
  forEachPair(cols, method, (i, j) => {
    const key = i * cols.length + j;
    const state = states.get(key)!;
    const columns: [string, string] = [cols[i]!.name, cols[j]!.name];
    if (state.kind === 'kendall') results.set(key, kendallResult(columns, Float64Array.from(state.x), Float64Array.from(state.y)));
    else if (state.kind === 'moments') results.set(key, method === 'spearman' ? spearmanResult(columns, coMomentsPearson(state.moments), state.moments.n) : pearsonResult(columns, state.moments));
    else if (state.kind === 'groups') results.set(key, { columns, measure: 'correlation_ratio', value: state.groups ? etaFromGroups(state.groups) : null, p_value: null });
    else {
      const { v, p } = state.table ? cramersVFromContingency(state.table) : { v: null, p: null };
      results.set(key, { columns, measure: 'cramers_v', value: v, p_value: p });
    }
  });
  return {
    ...correlationReport(cols, method, results, topN, rows),
    ...chunkedComputation({
      chunks,
      estimated: ranksEstimated ? ['matrix', 'top_pairs'] : [],
      ...(ranksEstimated
        ? {
            quantiles: quantileBound(),
            note: "Spearman's ρ correlates ranks read from each column's quantile sketch (each rank within histogram_rank_error·n of the true one), over each column's present values.",
          }
        : {}),
    }),
  };
}
