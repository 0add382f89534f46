/**
 * Distinct present values of a column, counted as ingest counts them: exactly up to DISTINCT_CAP,
 * and DISTINCT_CAP + 1 (a floor) past it. Numbers are counted as numbers and categories by code, so
 * a generated table of a million rows is counted without a string per cell.
 */
import { DISTINCT_CAP } from './infer.js';
import { MISSING_CODE, type Column } from './model.js';

export function distinctCount(c: Column, cap = DISTINCT_CAP): number {
  const seen = new Set<number | string>();
  const add = (v: number | string) => {
    seen.add(v);
    return seen.size > cap;
  };
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      // Categories are distinct labels: a code used is a value present.
      for (const k of c.codes) if (k !== MISSING_CODE && add(k)) break;
      break;
    case 'text':
    case 'id':
      for (const v of c.values) if (v !== null && add(v)) break;
      break;
    default:
      // A Set keeps 0 and −0 as one value, as their label "0" does.
      for (const v of c.values) if (v === v && add(v)) break;
  }
  return seen.size;
}
