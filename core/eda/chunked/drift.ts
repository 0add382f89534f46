/**
 * Drift between two files read chunk by chunk, with the figures and verdicts of ../drift.ts.
 *
 * Pass 1 reads each file once: per numeric column a quantile sketch (KLL) of each side, per other
 * column its value counts, and the rows the classifier test keeps (the in-memory path's rows: they
 * depend on the row counts only). Pass 2 reads both again for the binned counts:
 * - numbers: PSI and Jensen–Shannon over exact counts in bins fixed from the reference — its
 *   deciles, read from its sketch (the in-memory edges while the sketch holds every value);
 *   KS and Wasserstein-1 come from the two sketches' CDFs, each within the all-quantile rank error
 *   ε of the truth, so |KŜ − KS| ≤ ε_ref + ε_cur and |Ŵ₁ − W₁| ≤ (ε_ref + ε_cur)·(max − min)
 *   (core/stats/weighted-cdf.ts; ε is 0 for a side whose sketch is exact);
 * - labels: exact counts of every value while both sides' values fit the Misra–Gries capacity (no
 *   second pass then); past it, exact counts in bins fixed by the frequent values both sides track,
 *   plus one bin for all the rest.
 * The classifier gets the same rows as in memory but, on files over DETECTION_ROWS rows, its own
 * draw of the three folds (the detection test draws them after subsampling, from one stream).
 * Every current chunk is read in the reference's column types, as in memory (../drift-read.ts).
 */
import { kllRankError, type KllSketch } from '../../stats/kll.js';
import type { FrequentValues } from '../../stats/frequent.js';
import { ksDistance, wassersteinDistance } from '../../stats/weighted-cdf.js';
import { areaMeasure } from '../../stats/area.js';
import type { Column, Table } from '../../table/model.js';
import {
  binAmong,
  categoricalDriftResult,
  comparedColumns,
  decileEdges,
  driftKind,
  driftReport,
  MISSING_FROM_CURRENT,
  numericDriftResult,
  precheck,
  sharesOf,
  type Precheck,
} from '../drift.js';
import { CurrentReader, extraColumns } from '../drift-read.js';
import { classifierDrift, DETECTION_ROWS, detectionSampleIndices } from '../classifier-drift.js';
import { chunkedComputation, quantileBound, type Approximation, type Computation, type FieldBound } from '../approximation.js';
import { QUANTILE_SKETCH_K, TOP_VALUES_CAPACITY } from './column-sketch.js';
import { chunkLabelCounts, newLabelCounts } from './labels.js';
import { addChunkQuantiles, newQuantileSketch } from './quantiles.js';
import { RowSample } from './row-sample.js';
import { peekChunks, type ChunkSource } from './source.js';

type Side = 'reference' | 'current';

interface NumericPair {
  readonly kind: 'numeric';
  readonly name: string;
  readonly seeds: Record<Side, number>;
  readonly sketches: Record<Side, KllSketch>;
  /** Pass 2: the reference's decile edges and each side's counts between them. */
  edges?: number[];
  counts?: Record<Side, number[]>;
}

interface LabelPair {
  readonly kind: 'categorical';
  readonly name: string;
  readonly labels: Record<Side, FrequentValues>;
  /** Pass 2, when either side overflowed: the tracked values' bins (the rest share the last). */
  bins?: Map<string, number>;
  counts?: Record<Side, number[]>;
}

type Pair = { readonly kind: 'missing'; readonly name: string } | NumericPair | LabelPair;

/** A chunk as a side is compared: the current side's in the reference's types. */
type View = (table: Table) => Table;

function planPairs(reference: Table | undefined, current: Table | undefined): Pair[] {
  return comparedColumns(reference ?? { rowCount: 0, columns: [] }).map((ref, i): Pair => {
    const kind = driftKind(ref, current?.columns.find((c) => c.name === ref.name));
    if (kind === 'missing') return { kind, name: ref.name };
    if (kind === 'categorical') return { kind, name: ref.name, labels: { reference: newLabelCounts(), current: newLabelCounts() } };
    const seeds = { reference: 2 * i + 1, current: 2 * i + 2 };
    return { kind, name: ref.name, seeds, sketches: { reference: newQuantileSketch(seeds.reference), current: newQuantileSketch(seeds.current) } };
  });
}

const numbers = (c: Column): Float64Array => ('values' in c && c.values instanceof Float64Array ? c.values : new Float64Array());

/** Pass 1 over one side: sketches and counts, and the classifier's rows. Returns the chunks read. */
async function sketchSide(chunks: AsyncIterable<Table>, pairs: readonly Pair[], side: Side, sample: RowSample, view: View): Promise<number> {
  let chunk = 0;
  let offset = 0;
  for await (const read of chunks) {
    const table = view(read);
    const byName = new Map(table.columns.map((c) => [c.name, c] as const));
    for (const pair of pairs) {
      const c = byName.get(pair.name);
      if (!c || pair.kind === 'missing') continue;
      if (pair.kind === 'numeric') addChunkQuantiles(pair.sketches[side], numbers(c), pair.seeds[side], chunk);
      else pair.labels[side].addCounts(chunkLabelCounts(c));
    }
    sample.add(table, offset);
    offset += table.rowCount;
    chunk++;
  }
  return chunk;
}

/** Pass 2 over one side: counts in the bins pass 1 fixed. */
async function countSide(source: ChunkSource, pairs: readonly Pair[], side: Side, view: View): Promise<void> {
  for await (const read of source.chunks()) {
    const table = view(read);
    const byName = new Map(table.columns.map((c) => [c.name, c] as const));
    for (const pair of pairs) {
      const c = byName.get(pair.name);
      if (!c || pair.kind === 'missing' || !pair.counts) continue;
      const counts = pair.counts[side];
      if (pair.kind === 'numeric') {
        const values = numbers(c);
        const edges = pair.edges!;
        for (let r = 0; r < values.length; r++) if (values[r] === values[r]) counts[binAmong(values[r]!, edges)]!++;
      } else {
        const other = pair.bins!.size;
        for (const [label, n] of chunkLabelCounts(c)) counts[pair.bins!.get(label) ?? other]! += n;
      }
    }
  }
}

/** Labels of both sides in first-appearance order, the reference's first (the in-memory category order). */
function unionLabels(pair: LabelPair): string[] {
  const labels = pair.labels.reference.entries().map(([label]) => label);
  const seen = new Set(labels);
  for (const [label] of pair.labels.current.entries()) if (!seen.has(label)) labels.push(label);
  return labels;
}

const exactLabels = (pair: LabelPair) => pair.labels.reference.exact && pair.labels.current.exact;
const rankError = (s: KllSketch) => (s.exact ? 0 : kllRankError(QUANTILE_SKETCH_K, true));

export async function chunkedDrift(reference: ChunkSource, current: ChunkSource) {
  const [ref, cur] = await Promise.all([peekChunks(reference), peekChunks(current)]);
  // Types come from the reference's first chunk: every chunk of a file has the file's types.
  const reader = new CurrentReader();
  const asReference = (reading: CurrentReader): View => (table) => (ref.first ? reading.read(ref.first, table) : table);
  const same: View = (table) => table;
  const pairs = planPairs(ref.first, cur.first && asReference(new CurrentReader())(cur.first));
  const [refRows, curRows] = detectionSampleIndices(reference.rows, current.rows);
  const samples = { reference: new RowSample(refRows), current: new RowSample(curRows) };
  const chunks =
    (await sketchSide(ref.chunks, pairs, 'reference', samples.reference, same)) + (await sketchSide(cur.chunks, pairs, 'current', samples.current, asReference(reader)));

  // Too few values, or none on a side: settled before any second pass (../drift.ts precheck).
  const rows = { reference: reference.rows, current: current.rows };
  const settled = new Map<string, Precheck>();
  for (const pair of pairs) {
    if (pair.kind === 'missing') continue;
    const present =
      pair.kind === 'numeric'
        ? { reference: pair.sketches.reference.n, current: pair.sketches.current.n }
        : { reference: pair.labels.reference.total, current: pair.labels.current.total };
    const checked = precheck(pair.name, pair.kind, present, rows, reader);
    if (checked) settled.set(pair.name, checked);
  }

  let secondPass = false;
  for (const pair of pairs) {
    if (settled.has(pair.name)) continue;
    if (pair.kind === 'numeric') {
      pair.edges = decileEdges((p) => pair.sketches.reference.quantile(p));
      pair.counts = { reference: new Array<number>(pair.edges.length + 1).fill(0), current: new Array<number>(pair.edges.length + 1).fill(0) };
      secondPass = true;
    } else if (pair.kind === 'categorical' && !exactLabels(pair)) {
      const labels = unionLabels(pair);
      pair.bins = new Map(labels.map((label, i) => [label, i] as const));
      pair.counts = { reference: new Array<number>(labels.length + 1).fill(0), current: new Array<number>(labels.length + 1).fill(0) };
      secondPass = true;
    }
  }
  if (secondPass) {
    await countSide(reference, pairs, 'reference', same);
    await countSide(current, pairs, 'current', asReference(new CurrentReader()));
  }

  const approximation = new DriftApproximation(chunks);
  const left_out_columns: { column: string; reason: string }[] = [];
  const columns = pairs.flatMap((pair) => {
    if (pair.kind === 'missing') return [{ column: pair.name, ...MISSING_FROM_CURRENT }];
    const checked = settled.get(pair.name);
    if (checked && 'left_out' in checked) {
      left_out_columns.push({ column: pair.name, reason: checked.left_out });
      return [];
    }
    return checked ? [{ column: pair.name, ...checked.result }] : [measured(pair, approximation)];
  });
  const classifier = classifierDrift(samples.reference.table(), samples.current.table());
  if (refRows || curRows) approximation.classifier();
  const report = { ...driftReport(columns), retyped_columns: reader.retyped(), extra_columns: extraColumns(ref.first?.columns ?? [], cur.first?.columns ?? []), left_out_columns, classifier };
  return { ...report, ...chunkedComputation(approximation.result()) } satisfies Computation;
}

/** A column's figures from its sketches and counts (both sides have values: precheck settled the rest). */
function measured(pair: NumericPair | LabelPair, approximation: DriftApproximation) {
  if (pair.kind === 'numeric') {
    const { reference: a, current: b } = pair.sketches;
    approximation.numeric(pair);
    const figures = {
      d: ksDistance(a.cdf(), b.cdf()),
      na: a.n,
      nb: b.n,
      p: sharesOf(pair.counts!.reference, a.n),
      q: sharesOf(pair.counts!.current, b.n),
      wasserstein: wassersteinDistance(a.cdf(), b.cdf()),
    };
    return { column: pair.name, ...numericDriftResult(figures) };
  }
  if (!pair.counts) {
    // Every value of both sides counted exactly: the in-memory categories, in its order.
    const labels = unionLabels(pair);
    const count = (side: Side) => {
      const m = new Map(pair.labels[side].entries());
      return labels.map((label) => m.get(label) ?? 0);
    };
    return { column: pair.name, ...categoricalDriftResult(count('reference'), count('current')) };
  }
  approximation.labels(pair);
  // The rest-of-values bin only when something fell in it.
  const { reference: ca, current: cb } = pair.counts;
  const keep = ca.map((_, i) => i).filter((i) => i < ca.length - 1 || ca[i]! + cb[i]! > 0);
  return { column: pair.name, ...categoricalDriftResult(keep.map((i) => ca[i]!), keep.map((i) => cb[i]!)) };
}

/** Which drift figures are estimates, and their bounds. */
class DriftApproximation {
  private readonly estimated = new Set<string>();
  private readonly bounds: FieldBound[] = [];
  private readonly notes: string[] = [];
  private sketched = false;
  private labelError = 0;

  constructor(private readonly chunks: number) {}

  numeric(pair: NumericPair): void {
    const { reference: a, current: b } = pair.sketches;
    if (a.exact && b.exact) return;
    this.sketched = true;
    const epsilon = rankError(a) + rankError(b);
    ['ks_statistic', 'ks_p_value', 'wasserstein', 'verdict', 'reason'].forEach((f) => this.estimated.add(`columns[].${f}`));
    if (!a.exact) ['psi', 'jensen_shannon'].forEach((f) => this.estimated.add(`columns[].${f}`));
    this.estimated.add('summary');
    const [lo, hi] = [Math.min(a.min, b.min), Math.max(a.max, b.max)];
    const measure = areaMeasure(lo, hi);
    this.bounds.push({ field: 'columns[].ks_statistic', column: pair.name, max_error: epsilon }, { field: 'columns[].wasserstein', column: pair.name, max_error: measure.total(epsilon * measure.width(lo, hi)) });
  }

  labels(pair: LabelPair): void {
    ['chi2', 'chi2_p_value', 'psi', 'jensen_shannon', 'verdict', 'reason'].forEach((f) => this.estimated.add(`columns[].${f}`));
    this.estimated.add('summary');
    this.labelError = Math.max(this.labelError, pair.labels.reference.errorBound, pair.labels.current.errorBound);
    this.notes.push(`${pair.name} has more distinct values than ${TOP_VALUES_CAPACITY} can track: χ², PSI and Jensen–Shannon are over exact counts of its frequent values plus one bin for the rest.`);
  }

  classifier(): void {
    ['classifier.auc', 'classifier.verdict'].forEach((f) => this.estimated.add(f));
    this.notes.push(`The classifier sees the same rows as in memory; on files over ${DETECTION_ROWS} rows its three folds are drawn apart from the subsample.`);
  }

  result(): Approximation {
    if (this.sketched)
      this.notes.unshift(
        'KS and Wasserstein-1 come from the two quantile sketches (bounds per column); PSI and Jensen–Shannon are exact counts in bins at the reference’s sketched deciles.',
      );
    return {
      chunks: this.chunks,
      estimated: [...this.estimated],
      ...(this.sketched ? { quantiles: quantileBound() } : {}),
      ...(this.labelError ? { top_values: { sketch: 'Misra-Gries' as const, capacity: TOP_VALUES_CAPACITY, count_error: this.labelError } } : {}),
      ...(this.bounds.length ? { bounds: this.bounds } : {}),
      ...(this.notes.length ? { note: this.notes.join(' ') } : {}),
    };
  }
}
