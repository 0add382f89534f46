/**
 * Drift of each column between a reference and a current table. Numbers: two-sample KS with its
 * asymptotic p-value, PSI over 10 quantile bins of the reference, Wasserstein-1, Jensen–Shannon
 * distance (base 2) over the same bins. Categories: χ² test of homogeneity, PSI and JS over the
 * categories. PSI: ≥ 0.1 warns, ≥ 0.2 alerts (the usual credit-risk thresholds); empty bins get
 * ε = 1e-4 so the logarithm is defined. The verdicts are functions of those figures alone, so the
 * chunked path (./chunked/drift.ts) reaches them from merged counts and sketches the same way.
 */
import { z } from 'zod';
import { columnLength, type Column, type Table } from '../table/model.js';
import { chiSquareSurvival, ksTwoSampleP } from '../stats/tests.js';
import { ksStatistic } from '../stats/ks.js';
import { areaMeasure } from '../stats/area.js';
import { isNumberLike, labels, missingCount, presentNumbers, quantileSorted } from './columns.js';
import { DriftReadFields, MIN_DRIFT_VALUES, readCurrent, tooFewValues, extraColumns, type CurrentReader, type Sides } from './drift-read.js';

const EPS = 1e-4;

export const DriftVerdict = z.enum(['stable', 'warn', 'drift']).describe('drift: PSI ≥ 0.2; warn: PSI ≥ 0.1, or (numbers) KS p < 0.01 with a KS statistic ≥ 0.1; else stable');
const psiField = z.number().nonnegative().describe('Population stability index over the bins (numbers: the reference’s deciles; else the categories), empty bins taken as 1e-4');
const jsField = z.number().min(0).max(1).describe('Jensen–Shannon distance (base 2) over the same bins: 0 same, 1 disjoint');

export const NumericDrift = z
  .object({
    column: z.string(),
    kind: z.literal('numeric'),
    ks_statistic: z.number().min(0).max(1).describe('Two-sample Kolmogorov–Smirnov D'),
    ks_p_value: z.number().describe('Its asymptotic p-value (0 to 1)'),
    psi: psiField,
    wasserstein: z.number().nonnegative().describe('Wasserstein-1 distance, in the column’s units (at most the largest double)'),
    jensen_shannon: jsField,
    verdict: DriftVerdict,
    reason: z.string().describe('The figure behind the verdict, in words'),
  })
  .meta({ id: 'EdaNumericDrift' });

export const CategoricalDrift = z
  .object({
    column: z.string(),
    kind: z.literal('categorical'),
    chi2: z.number().nonnegative().describe('χ² statistic of homogeneity over the categories of both files'),
    chi2_p_value: z.number().describe('Its p-value, 0 to 1 (1 with a single category)'),
    psi: psiField,
    jensen_shannon: jsField,
    verdict: DriftVerdict,
    reason: z.string().describe('The figure behind the verdict, in words'),
  })
  .meta({ id: 'EdaCategoricalDrift' });

export const UnmeasuredDrift = z
  .object({
    column: z.string(),
    kind: z.enum(['numeric', 'categorical']).optional().describe('Left out when the column is absent from the current file'),
    verdict: DriftVerdict,
    reason: z.string().describe('Why nothing was measured: absent from the current file, missing throughout in one file or both, or no current value readable as the reference type'),
  })
  .meta({ id: 'EdaUnmeasuredDrift' });

/** The drift routes' figures (validation/drift-reply.ts adds how the files were read and compared). */
export const DriftFigures = z.object({
  columns: z.array(z.union([NumericDrift, CategoricalDrift, UnmeasuredDrift])).describe('Every column of the reference file but identifiers, in its order'),
  summary: z.object({ stable: z.number().int(), warn: z.number().int(), drift: z.number().int() }).describe('Columns per verdict'),
  thresholds: z
    .object({ psi_warn: z.number(), psi_alert: z.number(), ks_p: z.number(), min_values: z.number().int().describe('Fewest values each side needs for a column to be judged; a column with fewer is in `left_out_columns`, in no verdict') })
    .describe('The thresholds of the verdicts'),
  ...DriftReadFields,
});
export type DriftFigures = z.infer<typeof DriftFigures>;

export function psi(expected: readonly number[], actual: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, EPS);
    const a = Math.max(actual[i]!, EPS);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    if (p[i]! > 0) js += 0.5 * p[i]! * Math.log2(p[i]! / m);
    if (q[i]! > 0) js += 0.5 * q[i]! * Math.log2(q[i]! / m);
  }
  // Base 2 bounds it by 1; shares summing to 1 ± 1e-16 could put disjoint distributions a hair past it.
  return Math.sqrt(Math.min(1, Math.max(0, js)));
}

export { ksStatistic };

/**
 * W1 = ∫ |F_a − F_b|: the area between the two empirical CDFs, measured without overflow (../stats/area.ts).
 */
export function wasserstein1(a: Float64Array, b: Float64Array): number {
  const all = Float64Array.from([...a, ...b]).sort();
  const measure = areaMeasure(all[0]!, all[all.length - 1]!);
  let i = 0;
  let j = 0;
  let area = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const x = all[k]!;
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    area += Math.abs(i / a.length - j / b.length) * measure.width(x, all[k + 1]!);
  }
  return measure.total(area);
}

/** The PSI bin edges: the reference's distinct deciles, from its quantile function. */
export const decileEdges = (quantile: (p: number) => number): number[] => [...new Set(Array.from({ length: 9 }, (_, i) => quantile((i + 1) / 10)))];

/** The bin of v among ascending edges: how many edges lie below it, so bins are (−∞, e₁], (e₁, e₂], …, (e_last, ∞). */
export function binAmong(v: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v > edges[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts as shares of n (of 1 when n is 0). */
export const sharesOf = (counts: readonly number[], n: number) => counts.map((c) => c / Math.max(1, n));

function shares(values: Float64Array, edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binAmong(v, edges)]!++;
  return sharesOf(counts, values.length);
}

export type Verdict = 'stable' | 'warn' | 'drift';

/**
 * A column missing throughout in one file (or both): there is nothing to compare, so no statistic —
 * χ² 0 with p = 1 beside a PSI of 5 (ε against every share) had read as both "same" and "drift".
 * Values that all went missing are drift; a column missing in both files has not moved.
 */
function missingThroughout(kind: 'numeric' | 'categorical', present: { reference: number; current: number }) {
  if (present.reference && !present.current) return { kind, verdict: 'drift' as Verdict, reason: 'missing throughout in the current file, but not in the reference one' };
  if (!present.reference && present.current) return { kind, verdict: 'drift' as Verdict, reason: 'missing throughout in the reference file, but not in the current one' };
  return { kind, verdict: 'stable' as Verdict, reason: 'missing throughout in both files' };
}

/** A numeric column's result from its figures: KS D over na and nb values, the binned shares p and q, W₁. */
export function numericDriftResult(figures: { d: number; na: number; nb: number; p: readonly number[]; q: readonly number[]; wasserstein: number }) {
  const { d, p, q } = figures;
  const index = psi(p, q);
  const ksP = ksTwoSampleP(d, figures.na, figures.nb);
  const verdict: Verdict = index >= 0.2 ? 'drift' : index >= 0.1 || (ksP < 0.01 && d >= 0.1) ? 'warn' : 'stable';
  const reason =
    verdict === 'drift'
      ? `PSI ${index.toFixed(3)} ≥ 0.2`
      : verdict === 'warn'
        ? index >= 0.1
          ? `PSI ${index.toFixed(3)} ≥ 0.1`
          : `KS ${d.toFixed(3)} with p = ${ksP.toExponential(2)}`
        : `PSI ${index.toFixed(3)} < 0.1`;
  return { kind: 'numeric' as const, ks_statistic: d, ks_p_value: ksP, psi: index, wasserstein: figures.wasserstein, jensen_shannon: jensenShannonDistance(p, q), verdict, reason };
}

/** Where a column stands before any figure: `left_out` when too few values to judge, a `result` when there is nothing to compare. */
export type Precheck = { readonly left_out: string } | { readonly result: ReturnType<typeof missingThroughout> };

/**
 * Too few values on a side (drift-read.ts), or none on one: no statistic. A current column the
 * reference's type reads nothing of is drift, and says why rather than "missing throughout".
 */
export function precheck(name: string, kind: 'numeric' | 'categorical', present: Sides, rows: Sides, reader: CurrentReader): Precheck | undefined {
  const few = tooFewValues(present, rows);
  if (few) return { left_out: few };
  const unreadable = present.reference && !present.current ? reader.unreadableThroughout(name) : undefined;
  if (unreadable) return { result: { kind, verdict: 'drift', reason: unreadable } };
  if (!present.reference || !present.current) return { result: missingThroughout(kind, present) };
  return undefined;
}

function numericDrift(ref: Column, cur: Column) {
  const a = presentNumbers(ref).sort();
  const b = presentNumbers(cur).sort();
  const edges = decileEdges((p) => quantileSorted(a, p));
  return numericDriftResult({ d: ksStatistic(a, b), na: a.length, nb: b.length, p: shares(a, edges), q: shares(b, edges), wasserstein: wasserstein1(a, b) });
}

/** A categorical column's result from the counts of each category (the same categories, in one order) on each side. */
export function categoricalDriftResult(ca: readonly number[], cb: readonly number[]) {
  const na = ca.reduce((s, c) => s + c, 0);
  const nb = cb.reduce((s, c) => s + c, 0);
  if (!na || !nb) return missingThroughout('categorical', { reference: na, current: nb });
  let chi2 = 0;
  for (let i = 0; i < ca.length; i++) {
    const total = ca[i]! + cb[i]!;
    const ea = (total * na) / (na + nb);
    const eb = (total * nb) / (na + nb);
    if (ea > 0) chi2 += (ca[i]! - ea) ** 2 / ea;
    if (eb > 0) chi2 += (cb[i]! - eb) ** 2 / eb;
  }
  const p = ca.map((c) => c / Math.max(1, na));
  const q = cb.map((c) => c / Math.max(1, nb));
  const index = psi(p, q);
  const chiP = ca.length > 1 ? chiSquareSurvival(chi2, ca.length - 1) : 1;
  const verdict: Verdict = index >= 0.2 ? 'drift' : index >= 0.1 ? 'warn' : 'stable';
  return { kind: 'categorical' as const, chi2, chi2_p_value: chiP, psi: index, jensen_shannon: jensenShannonDistance(p, q), verdict, reason: `PSI ${index.toFixed(3)}${verdict === 'stable' ? ' < 0.1' : verdict === 'warn' ? ' ≥ 0.1' : ' ≥ 0.2'}` };
}

function categoricalDrift(ref: Column, cur: Column) {
  const a = labels(ref).filter((v): v is string => v !== null);
  const b = labels(cur).filter((v): v is string => v !== null);
  const cats = [...new Set([...a, ...b])];
  const count = (xs: string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return cats.map((c) => m.get(c) ?? 0);
  };
  return categoricalDriftResult(count(a), count(b));
}

/** Values present in a column, whichever way it is compared. */
const presentCount = (c: Column) => columnLength(c) - missingCount(c);

export const MISSING_FROM_CURRENT = { verdict: 'drift' as Verdict, reason: 'in the reference table, but not in the current one' };

/** How a reference column is compared: absent from the current table, as numbers, or as labels. */
export function driftKind(ref: Column, cur: Column | undefined): 'missing' | 'numeric' | 'categorical' {
  if (!cur) return 'missing';
  return isNumberLike(ref) && isNumberLike(cur) ? 'numeric' : 'categorical';
}

/** Identifiers are never compared. */
export const comparedColumns = (reference: Table) => reference.columns.filter((c) => c.type !== 'id');

export function driftReport<C extends { verdict: Verdict }>(columns: C[]) {
  const counts = { stable: 0, warn: 0, drift: 0 };
  for (const c of columns) counts[c.verdict]++;
  return { columns, summary: counts, thresholds: { psi_warn: 0.1, psi_alert: 0.2, ks_p: 0.01, min_values: MIN_DRIFT_VALUES } };
}

/**
 * Drift of `current`, read in `reference`'s column types (drift-read.ts), from `reference`. Columns
 * with too few values to judge come back in `left_out_columns`, for the caller to add to its own.
 */
export function drift(reference: Table, current: Table, read = readCurrent(reference, current)) {
  const rows = { reference: reference.rowCount, current: current.rowCount };
  const left_out_columns: { column: string; reason: string }[] = [];
  const columns = comparedColumns(reference).flatMap((ref) => {
    const cur = read.table.columns.find((c) => c.name === ref.name);
    const kind = driftKind(ref, cur);
    if (kind === 'missing') return [{ column: ref.name, ...MISSING_FROM_CURRENT }];
    const checked = precheck(ref.name, kind, { reference: presentCount(ref), current: presentCount(cur!) }, rows, read.reader);
    if (checked && 'left_out' in checked) {
      left_out_columns.push({ column: ref.name, reason: checked.left_out });
      return [];
    }
    if (checked) return [{ column: ref.name, ...checked.result }];
    return [{ column: ref.name, ...(kind === 'numeric' ? numericDrift(ref, cur!) : categoricalDrift(ref, cur!)) }];
  });
  return { ...driftReport(columns), retyped_columns: read.reader.retyped(), extra_columns: extraColumns(reference.columns, current.columns), left_out_columns };
}
