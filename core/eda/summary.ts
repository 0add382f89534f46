/** The table at a glance, with warnings a person can act on. */
import type { Table } from '../table/model.js';
import type { ColumnInfo } from '../files/model.js';
import { missingCount, presentNumbers } from './columns.js';
import { moments } from './describe.js';
import { pairwisePearson } from '../stats/pearson.js';
import { coded, duplicateRows } from './codes.js';

export interface Warning {
  kind: 'skew' | 'imbalance' | 'high_correlation' | 'many_zeros' | 'missing' | 'constant' | 'high_cardinality' | 'duplicates' | 'pii';
  columns: string[];
  message: string;
}

/** Distinct non-missing values: sorting beats hashing for a million numbers. */
function distinctCount(c: Table['columns'][number]): number {
  if (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') {
    const sorted = presentNumbers(c).sort();
    let k = sorted.length ? 1 : 0;
    for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) k++;
    return k;
  }
  if (c.type === 'categorical' || c.type === 'boolean') {
    const used = new Uint8Array(c.categories.length);
    for (const k of c.codes) if (k >= 0) used[k] = 1;
    return used.reduce((a, b) => a + b, 0);
  }
  return coded(c).k;
}

function bytesOf(table: Table): number {
  let bytes = 0;
  for (const c of table.columns) {
    switch (c.type) {
      case 'text':
      case 'id':
        for (const v of c.values) bytes += 8 + (v?.length ?? 0) * 2;
        break;
      case 'categorical':
      case 'boolean':
        bytes += c.codes.byteLength;
        break;
      default:
        bytes += c.values.byteLength;
    }
  }
  return bytes;
}

export function summary(table: Table, info: readonly ColumnInfo[] = []) {
  const rows = table.rowCount;
  const warnings: Warning[] = [];
  const typeCounts: Record<string, number> = {};
  let missingCells = 0;
  const constant: string[] = [];
  const highCardinality: string[] = [];
  const numeric: { name: string; values: Float64Array }[] = [];

  for (const c of table.columns) {
    typeCounts[c.type] = (typeCounts[c.type] ?? 0) + 1;
    const missing = missingCount(c);
    missingCells += missing;
    if (rows && missing / rows > 0.2) warnings.push({ kind: 'missing', columns: [c.name], message: `${c.name} is ${((missing / rows) * 100).toFixed(0)} % missing.` });
    const distinct = distinctCount(c);
    if (distinct <= 1) {
      constant.push(c.name);
      warnings.push({ kind: 'constant', columns: [c.name], message: `${c.name} has a single value: it carries no information.` });
    }
    if ((c.type === 'text' || c.type === 'id' || c.type === 'categorical') && distinct > 0.5 * (rows - missing) && distinct > 50) {
      highCardinality.push(c.name);
      warnings.push({ kind: 'high_cardinality', columns: [c.name], message: `${c.name} has ${distinct} distinct values in ${rows} rows: an identifier or free text.` });
    }
    if (c.type === 'integer' || c.type === 'float') {
      const present = presentNumbers(c);
      numeric.push({ name: c.name, values: c.values });
      const m = moments(present);
      if (Math.abs(m.skewness) > 1) warnings.push({ kind: 'skew', columns: [c.name], message: `${c.name} is ${m.skewness > 0 ? 'right' : 'left'}-skewed (skewness ${m.skewness.toFixed(2)}).` });
      const zeros = present.filter((v) => v === 0).length;
      if (present.length && zeros / present.length > 0.5) warnings.push({ kind: 'many_zeros', columns: [c.name], message: `${c.name} is zero in ${((zeros / present.length) * 100).toFixed(0)} % of rows.` });
    }
    if (c.type === 'categorical' || c.type === 'boolean') {
      const counts = new Map<number, number>();
      for (const k of c.codes) if (k >= 0) counts.set(k, (counts.get(k) ?? 0) + 1);
      const top = Math.max(0, ...counts.values());
      const present = rows - missing;
      if (counts.size > 1 && present && top / present > 0.9) {
        warnings.push({ kind: 'imbalance', columns: [c.name], message: `${c.name} is imbalanced: its most common value covers ${((top / present) * 100).toFixed(0)} % of rows.` });
      }
    }
  }
  for (let i = 0; i < numeric.length; i++)
    for (let j = i + 1; j < numeric.length; j++) {
      const a = numeric[i]!;
      const b = numeric[j]!;
      const r = pairwisePearson(a.values, b.values);
      if (r !== null && Math.abs(r) > 0.9) warnings.push({ kind: 'high_correlation', columns: [a.name, b.name], message: `${a.name} and ${b.name} are highly correlated (r = ${r.toFixed(2)}).` });
    }
  const duplicates = duplicateRows(table.columns, rows);
  if (duplicates) warnings.push({ kind: 'duplicates', columns: [], message: `${duplicates} rows duplicate an earlier row.` });
  const pii = info.filter((c) => c.pii).map((c) => c.name);
  if (pii.length) warnings.push({ kind: 'pii', columns: pii, message: `Personal data detected in ${pii.join(', ')}; synthesis replaces it with fakes unless the schema says otherwise.` });
  const cells = rows * table.columns.length;
  return {
    rows,
    columns: table.columns.length,
    type_counts: typeCounts,
    memory_bytes: bytesOf(table),
    missing_cells: missingCells,
    missing_share: cells ? missingCells / cells : 0,
    duplicate_rows: duplicates,
    constant_columns: constant,
    high_cardinality_columns: highCardinality,
    pii_columns: pii,
    warnings,
  };
}
