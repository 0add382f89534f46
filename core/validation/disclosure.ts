/**
 * Disclosure measures on quasi-identifiers (QIs): k-anonymity and l-diversity of the real data,
 * the attacker's correct attribution probability (CAP, as SDMetrics' CategoricalCAP: for each
 * real row, the share of synthetic rows with the same QIs that also share its sensitive value,
 * averaged over rows with any match), and real PII values that reappear verbatim.
 */
import { cellLabel, getColumn, type Column, type Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import { sensitiveLabels } from './sensitive-bins.js';

const cell = (c: Column, r: number): string => cellLabel(c, r) ?? '';

function columns(t: Table, names: readonly string[]): Column[] {
  return names.map((n) => {
    const c = getColumn(t, n);
    if (!c) throw unprocessable(`No column ${n}.`);
    return c;
  });
}

const keyOf = (cols: Column[], r: number) => cols.map((c) => cell(c, r)).join('\u0001');

/** The smallest of many numbers (0 when none), by a loop: Math.min(...xs) overflows the call stack past ~125k arguments. */
function smallest(xs: Iterable<number>): number {
  let min = Infinity;
  for (const x of xs) if (x < min) min = x;
  return min === Infinity ? 0 : min;
}

export function kAnonymity(real: Table, quasi: readonly string[]): { k: number; groups: number; singletons: number } {
  const cols = columns(real, quasi);
  const sizes = new Map<string, number>();
  for (let r = 0; r < real.rowCount; r++) {
    const k = keyOf(cols, r);
    sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  let singletons = 0;
  for (const v of sizes.values()) if (v === 1) singletons++;
  return { k: smallest(sizes.values()), groups: sizes.size, singletons };
}

/**
 * The fewest distinct sensitive values in a group of real rows sharing the quasi-identifiers. Missing
 * values are skipped, as CAP skips them: a missing value is no value to disclose, so it neither adds a
 * distinct value to a group nor makes a group of missing rows "1-diverse". Null when no real row has
 * a value (nothing to disclose; 1 would read as the worst case).
 */
export function lDiversity(real: Table, quasi: readonly string[], sensitive: string): number | null {
  const cols = columns(real, quasi);
  const s = columns(real, [sensitive])[0]!;
  const { label } = sensitiveLabels(s);
  const groups = new Map<string, Set<string>>();
  for (let r = 0; r < real.rowCount; r++) {
    const v = label(s, r);
    if (v === null) continue;
    const k = keyOf(cols, r);
    const set = groups.get(k) ?? new Set<string>();
    set.add(v);
    groups.set(k, set);
  }
  return groups.size ? smallest(Array.from(groups.values(), (g) => g.size)) : null;
}

/**
 * Quasi-identifiers match exactly, as SDMetrics' key fields (a numeric one with many values matches
 * little: bin it in the data if an attacker knows it only roughly); a numeric sensitive column is
 * compared by the real deciles (sensitive-bins.ts). Rows whose sensitive value is missing are skipped
 * on both sides: a real one has nothing to disclose, a synthetic one offers no guess. Null when no
 * real row with a value matches a synthetic row with one.
 */
export function categoricalCap(real: Table, synthetic: Table, quasi: readonly string[], sensitive: string): number | null {
  const rq = columns(real, quasi);
  const sq = columns(synthetic, quasi);
  const rs = columns(real, [sensitive])[0]!;
  const ss = columns(synthetic, [sensitive])[0]!;
  const { label } = sensitiveLabels(rs);
  const bySyn = new Map<string, Map<string, number>>();
  for (let r = 0; r < synthetic.rowCount; r++) {
    const v = label(ss, r);
    if (v === null) continue;
    const k = keyOf(sq, r);
    const m = bySyn.get(k) ?? new Map<string, number>();
    m.set(v, (m.get(v) ?? 0) + 1);
    bySyn.set(k, m);
  }
  let sum = 0;
  let n = 0;
  for (let r = 0; r < real.rowCount; r++) {
    const v = label(rs, r);
    if (v === null) continue;
    const m = bySyn.get(keyOf(rq, r));
    if (!m) continue;
    sum += (m.get(v) ?? 0) / total(m);
    n++;
  }
  return n ? sum / n : null;
}

/** Good–Turing's estimate of chance needs this many values held by exactly two real rows; with fewer, any real value found counts. */
const MIN_DOUBLES = 10;
/** Standard deviations above the chance count before matches count as leaked. */
const CHANCE_SD = 4;

/**
 * Real values of PII columns found verbatim in the same synthetic column. Values from a small space
 * (dates of birth: ~18k days) meet by chance: a synthetic column drawn independently of the real
 * rows shares some with them. So a column's matches count only beyond chance, where that is
 * measurable: a value only one real row holds identifies it, and a draw from the distribution the
 * real rows came from (not from the rows) lands on such a value with probability ≈ 2·f₂/n
 * (Good–Turing; f₂ values held by exactly two of the n real rows). When more synthetic rows than
 * that chance count (plus 4 sd of its noise) hold a one-row value, or the real column has under 10
 * such doubles (chance not measurable: unique emails), every real value found counts, as before.
 */
export function piiVerbatim(real: Table, synthetic: Table, piiColumns: readonly string[]): { column: string; leaked_values: number }[] {
  return piiColumns.map((name) => {
    const r = getColumn(real, name);
    const s = getColumn(synthetic, name);
    if (!r || !s) return { column: name, leaked_values: 0 };
    const synCounts = valueCounts(s, synthetic.rowCount);
    const realCounts = valueCounts(r, real.rowCount);
    let leaked = 0;
    let identifyingHits = 0;
    let doubles = 0;
    for (const [v, n] of realCounts) {
      const inSynthetic = synCounts.get(v) ?? 0;
      if (inSynthetic) leaked++;
      if (n === 1) identifyingHits += inSynthetic;
      if (n === 2) doubles++;
    }
    if (!leaked || doubles < MIN_DOUBLES) return { column: name, leaked_values: leaked };
    const chance = (total(synCounts) * 2 * doubles) / total(realCounts);
    const noise = Math.sqrt(chance + (chance * chance) / doubles);
    return { column: name, leaked_values: identifyingHits > chance + CHANCE_SD * noise ? leaked : 0 };
  });
}

/** How many rows hold each present value of a column. */
function valueCounts(c: Column, rows: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const v = cell(c, i);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

const total = (counts: ReadonlyMap<string, number>) => {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
};
