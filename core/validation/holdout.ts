/**
 * What a holdout file must be to score anything: more rows of the real table, the generator never
 * saw. Its column names alone do not say so: a holdout spelling `sex` as 1/0 where the real file
 * writes male/female has the names, yet every distance and prediction on that column is a miss
 * (a "risk" verdict, an accuracy of 0). So the holdout is read in the real types, as a synthetic
 * file is (metrics/align.ts), and refused where that reads nothing.
 */
import { readAsReal, type Aligned, type TypeDifference } from '../metrics/align.js';
import { columnLabels, isCategorical, type Column, type Table } from '../table/model.js';
import type { FileMeta } from '../files/model.js';
import { unprocessable } from '../errors.js';

const names = (t: Table) => t.columns.map((c) => c.name);

/** A holdout is more rows of the real table: the same columns, or the scores compare different things. */
export function checkHoldoutColumns(real: Table, holdout: Table): void {
  const realNames = new Set(names(real));
  const holdoutNames = new Set(names(holdout));
  const missing = names(real).filter((n) => !holdoutNames.has(n));
  const extra = names(holdout).filter((n) => !realNames.has(n));
  if (!missing.length && !extra.length) return;
  const parts = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(extra.length ? [`extra ${extra.join(', ')}`] : [])];
  throw unprocessable(`The holdout file must have the real file's columns: ${parts.join('; ')}.`, { missing, extra });
}

/**
 * A generated file (its lineage says so), or the synthetic file however made, is no holdout: its rows
 * are the generator's, not real rows it never saw. A "synthetic" file that is the real one is real
 * rows: as its holdout it is an overlap, which holdout_overlap reports.
 */
export function checkHoldoutNotGenerated(holdout: FileMeta, ids: { real: string; synthetic: string }): void {
  const generated = holdout.lineage.operation === 'synthesize';
  const itself = holdout.file_id === ids.synthetic && ids.synthetic !== ids.real;
  if (!generated && !itself) return;
  const what = itself ? 'is the synthetic file itself' : `was generated (from ${holdout.lineage.parent_name ?? holdout.lineage.parent ?? 'another file'})`;
  throw unprocessable(
    `The holdout file ${holdout.filename} ${what}: a holdout must be real rows the generator never saw, or the DCR share and the membership attack measure nothing.`,
    { holdout_file_id: holdout.file_id, ...(generated ? { lineage: { operation: holdout.lineage.operation, ...(holdout.lineage.parent ? { parent: holdout.lineage.parent } : {}) } } : {}) },
  );
}

const present = (c: Column) => columnLabels(c).filter((l): l is string => l !== null);

/**
 * Why a re-typed holdout column reads as nothing of the real one, or undefined when it reads:
 * every value written unreadable as the real type (a number column), or, for categories, no value
 * among the real ones (1/0 against male/female). A holdout typed as the real file is never refused
 * here: its new categories are real rows' values the training rows may lack.
 */
function unreadableWhy(real: Column, given: Column, read: Column, diff: TypeDifference): string | undefined {
  const written = present(given).length;
  if (!written) return undefined;
  if (isCategorical(real)) {
    const known = new Set(real.categories);
    const values = [...new Set(present(read))];
    if (values.some((v) => known.has(v))) return undefined;
    const shown = (xs: readonly string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? ', …' : '');
    return `${real.name} is ${real.type} in the real file (${shown(real.categories)}) but ${given.type} in the holdout (${shown(values)}): no holdout value is a real one`;
  }
  if ((diff.unreadable ?? 0) < written) return undefined;
  return `${real.name} is ${real.type} in the real file but ${given.type} in the holdout, and none of its ${written} values reads as ${real.type}`;
}

/**
 * The holdout read in the real file's types (align.ts), with the columns read so for the reply.
 * 422 when it holds no value at all, or a re-typed column reads as nothing of the real one.
 */
export function alignHoldout(real: Table, holdout: Table): Aligned {
  if (holdout.columns.every((c) => present(c).length === 0)) {
    throw unprocessable(`The holdout file has no values (${holdout.rowCount} rows, every cell empty): there are no real rows to compare with.`, { rows: holdout.rowCount });
  }
  const aligned = readAsReal(real, holdout);
  const unreadable = aligned.retyped.flatMap((diff) => {
    const [r, g, read] = [real, holdout, aligned.table].map((t) => t.columns.find((c) => c.name === diff.column)!) as [Column, Column, Column];
    const why = unreadableWhy(r, g, read, diff);
    return why ? [{ column: diff.column, why }] : [];
  });
  if (unreadable.length) {
    throw unprocessable(
      `The holdout file cannot be read as the real file's types: ${unreadable.map((u) => u.why).join('; ')}. Write the holdout as the real file writes these columns.`,
      { columns: unreadable.map((u) => u.column), holdout_retyped_columns: aligned.retyped },
    );
  }
  return aligned;
}

/** The reply's field for the holdout's re-typed columns: only when there are some. */
export const holdoutRetyped = (aligned: Aligned | undefined) => (aligned?.retyped.length ? { holdout_retyped_columns: aligned.retyped } : {});
