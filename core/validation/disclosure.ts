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

export function lDiversity(real: Table, quasi: readonly string[], sensitive: string): number {
  const cols = columns(real, quasi);
  const s = columns(real, [sensitive])[0]!;
  const { label } = sensitiveLabels(s);
  const groups = new Map<string, Set<string>>();
  for (let r = 0; r < real.rowCount; r++) {
    const k = keyOf(cols, r);
    const set = groups.get(k) ?? new Set<string>();
    set.add(label(s, r) ?? '');
    groups.set(k, set);
  }
  return smallest(Array.from(groups.values(), (g) => g.size));
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
    let total = 0;
    for (const c of m.values()) total += c;
    sum += (m.get(v) ?? 0) / total;
    n++;
  }
  return n ? sum / n : null;
}

/** Real values of PII columns found verbatim anywhere in the same synthetic column. */
export function piiVerbatim(real: Table, synthetic: Table, piiColumns: readonly string[]): { column: string; leaked_values: number }[] {
  return piiColumns.map((name) => {
    const r = getColumn(real, name);
    const s = getColumn(synthetic, name);
    if (!r || !s) return { column: name, leaked_values: 0 };
    const synValues = new Set<string>();
    for (let i = 0; i < synthetic.rowCount; i++) synValues.add(cell(s, i));
    synValues.delete('');
    const leaked = new Set<string>();
    for (let i = 0; i < real.rowCount; i++) {
      const v = cell(r, i);
      if (v && synValues.has(v)) leaked.add(v);
    }
    return { column: name, leaked_values: leaked.size };
  });
}
