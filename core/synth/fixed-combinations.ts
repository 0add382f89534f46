/**
 * A `fixed_combinations` constraint enforced by transformation, not rejection: a generated
 * continuous value almost never equals a real one, so rejecting rows whose combination is unseen
 * kept only the all-blank one. Instead each generated row's number members are replaced by one
 * real combination, drawn as a whole:
 * - among the real rows matching the row's key members exactly (members that are not numbers, and
 *   conditioned ones): the relation of those to the other columns is the generator's own;
 * - with the members' missing pattern drawn at its real frequency in those rows (generators learn
 *   each column's missing rate apart, so keeping theirs would leave few rows blank together);
 * - the real combination nearest the generated values (each number scaled by its real spread), so
 *   the number members keep their relation to the rest of the row as far as the data allows.
 * Rows whose key members match no real row are left as drawn, for the constraint's check to reject
 * (exact and cheap for labels). A constraint with no number member outside its key needs no fixer.
 */
import { unprocessable } from '../errors.js';
import type { Rng } from '../random.js';
import { centralMoments, momentStatistics } from '../stats/moments.js';
import { cellLabel, getColumn, numbersOf, type Column, type Table } from '../table/model.js';

/** Replaces a table's number members by real combinations; one uniform draw per row. */
export type CombinationFixer = (t: Table, rng: Rng) => Table;

const SEP = '\u0001';
/** A missing cell in a key: distinct from every label, the empty string included. */
const MISSING = '\u0000';

const labelKey = (cols: readonly Column[], r: number): string => cols.map((c) => cellLabel(c, r) ?? MISSING).join(SEP);

/** Real rows sharing key labels and missing pattern, with a nearest-combination index built on first use. */
interface Pattern {
  /** Bit i set: number member i is present. */
  readonly mask: number;
  readonly rows: number[];
  nearest?: Nearest;
}

interface Group {
  readonly patterns: Pattern[];
  /** Rows in the group, for drawing a pattern by its real frequency. */
  total: number;
}

function member(t: Table, name: string): Column {
  const c = getColumn(t, name);
  if (!c) throw unprocessable(`Constraint on unknown column ${name}.`);
  return c;
}

/** The spread a member's distances are scaled by: its real standard deviation (1 when constant). */
function spread(values: Float64Array): number {
  const { std } = momentStatistics(centralMoments(values));
  return std > 0 && Number.isFinite(std) ? std : 1;
}

/**
 * The fixer for one constraint, its real combinations indexed once; undefined when every member
 * is a key (labels, or numbers fixed by a condition), where rejection is exact.
 */
export function combinationFixer(real: Table, columns: readonly string[], conditioned: readonly string[]): CombinationFixer | undefined {
  const realCols = columns.map((n) => member(real, n));
  const isNumber = (c: Column) => numbersOf(c) !== undefined && !conditioned.includes(c.name);
  const keyNames = realCols.filter((c) => !isNumber(c)).map((c) => c.name);
  const numberNames = realCols.filter(isNumber).map((c) => c.name);
  if (!numberNames.length) return undefined;
  const realKey = keyNames.map((n) => member(real, n));
  const realNumbers = numberNames.map((n) => numbersOf(member(real, n))!);
  const scales = realNumbers.map(spread);

  const groups = new Map<string, Group>();
  for (let r = 0; r < real.rowCount; r++) {
    const key = labelKey(realKey, r);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { patterns: [], total: 0 }));
    let mask = 0;
    realNumbers.forEach((v, i) => {
      if (!Number.isNaN(v[r]!)) mask |= 1 << i;
    });
    let pattern = group.patterns.find((p) => p.mask === mask);
    if (!pattern) group.patterns.push((pattern = { mask, rows: [] }));
    pattern.rows.push(r);
    group.total++;
  }

  return (t, rng) => {
    const key = keyNames.map((n) => member(t, n));
    const generated = numberNames.map((n) => {
      const v = numbersOf(member(t, n));
      if (!v) throw unprocessable(`Constraint fixed_combinations: ${n} is generated as ${member(t, n).type}, not numbers.`);
      return v;
    });
    const out = generated.map((v) => Float64Array.from(v));
    const query = new Float64Array(numberNames.length);
    const weights = new Float64Array(numberNames.length);
    for (let r = 0; r < t.rowCount; r++) {
      // Drawn for every row, kept or not, so a round judged in pieces draws as one judged whole.
      const u = rng.uniform();
      const group = groups.get(labelKey(key, r));
      if (!group) continue;
      // u picks the pattern by its real frequency, then (rescaled) a row of it where no generated value guides.
      let at = u * group.total;
      let pattern = group.patterns[0]!;
      for (const p of group.patterns) {
        pattern = p;
        if (at < p.rows.length) break;
        at -= p.rows.length;
      }
      let guided = false;
      generated.forEach((v, i) => {
        const present = (pattern.mask >> i) & 1 && !Number.isNaN(v[r]!);
        query[i] = present ? v[r]! / scales[i]! : 0;
        weights[i] = present ? 1 : 0;
        guided ||= !!present;
      });
      let source: number;
      if (guided) {
        pattern.nearest ??= nearestIndex(pattern, realNumbers, scales);
        source = pattern.nearest(query, weights);
      } else {
        source = pattern.rows[Math.min(pattern.rows.length - 1, Math.floor(at))]!;
      }
      realNumbers.forEach((v, i) => {
        out[i]![r] = v[source]!;
      });
    }
    const replaced = new Map(numberNames.map((n, i) => [n, out[i]!] as const));
    return { rowCount: t.rowCount, columns: t.columns.map((c) => (replaced.has(c.name) ? ({ ...c, values: replaced.get(c.name)! } as Column) : c)) };
  };
}

/** The real row of the nearest combination to a scaled query, by weighted squared distance. */
type Nearest = (query: Float64Array, weights: Float64Array) => number;

/**
 * A k-d tree over a pattern's combinations (present members, scaled): a query costs about
 * log n, so a large table is indexed once and each generated row looks up quickly. Ties go to the
 * combination met first, so the result is deterministic.
 */
function nearestIndex(pattern: Pattern, numbers: readonly Float64Array[], scales: readonly number[]): Nearest {
  const dims = numbers.length;
  // Repeated combinations stay in (a tie goes to the first row): deduplicating costs more than they do.
  const rows = pattern.rows;
  const n = rows.length;
  const points = new Float64Array(n * dims);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < dims; i++) {
      const v = numbers[i]![rows[j]!]!;
      points[j * dims + i] = Number.isNaN(v) ? 0 : v / scales[i]!;
    }
  }
  // order[lo..hi) is a subtree; its median (by axis depth % dims) is the node, smaller ones before it.
  const order = Int32Array.from({ length: n }, (_, j) => j);
  const value = (j: number, axis: number) => points[order[j]! * dims + axis]!;
  const swap = (a: number, b: number) => {
    const t = order[a]!;
    order[a] = order[b]!;
    order[b] = t;
  };
  /** Quickselect (middle pivot, deterministic): order[k] the k-th smallest of [lo, hi) on the axis. */
  const select = (lo: number, hi: number, k: number, axis: number): void => {
    let [l, h] = [lo, hi - 1];
    while (l < h) {
      const pivot = value((l + h) >> 1, axis);
      let [i, j] = [l, h];
      while (i <= j) {
        while (value(i, axis) < pivot) i++;
        while (value(j, axis) > pivot) j--;
        if (i <= j) swap(i++, j--);
      }
      if (k <= j) h = j;
      else if (k >= i) l = i;
      else return;
    }
  };
  const build = (lo: number, hi: number, depth: number): void => {
    if (hi - lo <= 1) return;
    const mid = (lo + hi) >> 1;
    select(lo, hi, mid, depth % dims);
    build(lo, mid, depth + 1);
    build(mid + 1, hi, depth + 1);
  };
  build(0, n, 0);

  return (query, weights) => {
    let best = -1;
    let bestDistance = Infinity;
    const search = (lo: number, hi: number, depth: number): void => {
      if (hi <= lo) return;
      const mid = (lo + hi) >> 1;
      const p = order[mid]!;
      let d = 0;
      for (let i = 0; i < dims; i++) {
        const diff = query[i]! - points[p * dims + i]!;
        d += weights[i]! * diff * diff;
      }
      if (d < bestDistance || (d === bestDistance && p < best)) {
        bestDistance = d;
        best = p;
      }
      const axis = depth % dims;
      const gap = query[axis]! - points[p * dims + axis]!;
      if (gap < 0) search(lo, mid, depth + 1);
      else search(mid + 1, hi, depth + 1);
      // The far side can only be nearer if the splitting plane is (a zero weight never prunes).
      if (weights[axis]! * gap * gap <= bestDistance) {
        if (gap < 0) search(mid + 1, hi, depth + 1);
        else search(lo, mid, depth + 1);
      }
    };
    search(0, n, 0);
    return rows[best]!;
  };
}
