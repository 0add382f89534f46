/**
 * Value counts of any column read in chunks. Each chunk is counted exactly, in order of first
 * appearance (the order the in-memory Maps have, which decides how ties rank), and merged into a
 * Misra–Gries summary: exact, and in first-appearance order, while the distinct values fit its
 * capacity (always for categories); past that, the frequent values with a bounded undercount.
 */
import { cellLabel, isCategorical, type Column } from '../../table/model.js';
import { FrequentValues } from '../../stats/frequent.js';
import { TOP_VALUES_CAPACITY } from './column-sketch.js';

export const newLabelCounts = () => new FrequentValues(TOP_VALUES_CAPACITY);

/**
 * One chunk's counts per label (numbers as their text), in order of first appearance. Missing
 * values count under `missing` when given, else not at all.
 */
export function chunkLabelCounts(c: Column, missing?: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (label: string, n: number) => counts.set(label, (counts.get(label) ?? 0) + n);
  if (isCategorical(c)) {
    // By code, then by label: no string per row. Slot k is the missing code.
    const k = c.categories.length;
    const byCode = new Float64Array(k + 1);
    const order: number[] = [];
    for (let r = 0; r < c.codes.length; r++) {
      const code = c.codes[r]!;
      const slot = code < 0 ? k : code;
      if (byCode[slot]!++ === 0) order.push(slot);
    }
    for (const slot of order) {
      const label = slot === k ? missing : c.categories[slot];
      if (label !== undefined) add(label, byCode[slot]!);
    }
    return counts;
  }
  const rows = c.values.length;
  for (let r = 0; r < rows; r++) {
    const label = cellLabel(c, r) ?? missing;
    if (label !== undefined) add(label, 1);
  }
  return counts;
}
