/**
 * What counts as the same value of a sensitive column for attribute disclosure (CAP, l-diversity).
 * CAP counts exact matches, as SDMetrics' CategoricalCAP, which is meant for categorical columns: on a
 * numeric one with many distinct values a near-copy (salary + 1 on every row) matches nothing and
 * read "safe". Such a column (integer, float or datetime with more than MAX_EXACT distinct real
 * values) is compared by the real column's deciles instead: a correct guess is the right tenth.
 * Missing values are no value: null, so CAP skips them (a missing value disclosed is no disclosure).
 */
import { cellLabel, numbersOf, type Column } from '../table/model.js';
import { sortedCopy, upperBound } from '../stats/sort.js';

/** As utility tells regression from classification: up to 10 distinct numbers are classes. */
export const MAX_EXACT = 10;
const BINS = 10;

export interface Binning {
  readonly bins: number;
  readonly note: string;
}

/** Inner decile edges of the real values (deduplicated), or none when the column is compared exactly. */
function edgesOf(real: Column): number[] | undefined {
  const values = numbersOf(real);
  if (!values) return undefined;
  const present = sortedCopy(values.filter((v) => !Number.isNaN(v)));
  let distinct = 0;
  for (let i = 0; i < present.length && distinct <= MAX_EXACT; i++) if (i === 0 || present[i] !== present[i - 1]) distinct++;
  if (distinct <= MAX_EXACT) return undefined;
  // Lower empirical quantiles at k/10: values tied across an edge stay in one bin.
  const edges = Array.from({ length: BINS - 1 }, (_, k) => present[Math.floor(((k + 1) * present.length) / BINS)]!);
  return edges.filter((e, i) => i === 0 || e !== edges[i - 1]);
}

export interface SensitiveLabels {
  /** A row's value as compared, null when missing. */
  readonly label: (c: Column, row: number) => string | null;
  readonly binned?: Binning;
}

const cache = new WeakMap<Column, SensitiveLabels>();

/** How the sensitive column `real` (and its synthetic counterpart) is compared; computed once per real column. */
export function sensitiveLabels(real: Column): SensitiveLabels {
  const known = cache.get(real);
  if (known) return known;
  const edges = edgesOf(real);
  const labels: SensitiveLabels = edges
    ? {
        label: (c, r) => {
          const v = numbersOf(c)?.[r];
          // A synthetic column of another type (not aligned) is compared by its labels, which match no bin.
          if (v === undefined) return cellLabel(c, r);
          return Number.isNaN(v) ? null : `\u0002${upperBound(edges, v)}`;
        },
        binned: {
          bins: edges.length + 1,
          note: `${real.name} has more than ${MAX_EXACT} distinct values: compared by the real column's deciles (${edges.length + 1} bins), so a correct guess is the right tenth, not the exact value.`,
        },
      }
    : { label: cellLabel };
  cache.set(real, labels);
  return labels;
}
