/**
 * How drift reads the current file: in the reference file's column types, as the quality scores read
 * a synthetic file in the real one's (metrics/align.ts). Each file inferred alone, a column that is
 * integer in the reference and text in the current file (an `n/a`, a `12 kg`, or a schema edit) was
 * compared as labels against numbers and called drift with no word of why. Read in the reference's
 * type, a value that does not read so is missing, and the reply names the column with those values.
 *
 * Also here: the fewest values a side must have for a column's figures to mean anything (a one-row
 * file had drifted in every column), and the columns only the current file has.
 */
import { z } from 'zod';
import { readAsReal } from '../metrics/align.js';
import { columnLabels, getColumn, type Column, type Table } from '../table/model.js';

/**
 * Below this many values on either side a column is not judged: PSI over ten bins, KS and χ² on a
 * handful of values call noise drift (a one-row file "drifted" in every column).
 */
export const MIN_DRIFT_VALUES = 10;

/** Distinct unreadable values the reply shows per column. */
const SAMPLE = 5;

export const DriftRetypedColumn = z
  .object({
    column: z.string(),
    reference_type: z.string().describe('Its type in the reference file, in which the current file’s values were read'),
    current_type: z.string().describe('Its type in the current file, read alone'),
    unreadable: z.number().int().positive().optional().describe('Current values written but not readable as the reference type, counted as missing; only when some are'),
    unreadable_values: z.array(z.string()).optional().describe(`Up to ${SAMPLE} of those values, distinct, as written`),
  })
  .meta({ id: 'DriftRetypedColumn' });
export type DriftRetypedColumn = z.infer<typeof DriftRetypedColumn>;

export const DriftReadFields = {
  retyped_columns: z
    .array(DriftRetypedColumn)
    .describe('Columns the current file types otherwise than the reference (integer against text): its values were read as the reference type, a value that does not read so counting as missing'),
  extra_columns: z.array(z.string()).describe('Columns only the current file has: compared with nothing'),
};

interface Tally {
  readonly reference_type: string;
  readonly current_type: string;
  written: number;
  unreadable: number;
  readonly values: Set<string>;
  /** Some other unreadable value was not kept. */
  more: boolean;
}

/**
 * The current file read in the reference's types, one chunk (or the whole table) at a time, keeping
 * per re-typed column how many values were written and how many did not read.
 */
export class CurrentReader {
  private readonly tallies = new Map<string, Tally>();

  /** `chunk` with every column the reference has read in its type (readAsReal: only types are taken from `reference`). */
  read(reference: Table, chunk: Table): Table {
    const aligned = readAsReal(reference, chunk);
    // Identifiers are never compared (drift.ts comparedColumns): how the current file types one is nothing to report.
    for (const diff of aligned.retyped.filter((d) => d.real_type !== 'id')) {
      const [given, read] = [columnLabels(getColumn(chunk, diff.column)!), columnLabels(getColumn(aligned.table, diff.column)!)];
      let tally = this.tallies.get(diff.column);
      if (!tally) this.tallies.set(diff.column, (tally = { reference_type: diff.real_type, current_type: diff.synthetic_type, written: 0, unreadable: 0, values: new Set(), more: false }));
      given.forEach((label, r) => {
        if (label === null) return;
        tally.written++;
        if (read[r] !== null) return;
        tally.unreadable++;
        if (tally.values.size < SAMPLE) tally.values.add(label);
        else if (!tally.values.has(label)) tally.more = true;
      });
    }
    return aligned.table;
  }

  /** The reply's `retyped_columns`, in the order first met. */
  retyped(): DriftRetypedColumn[] {
    return [...this.tallies].map(([name, t]) => ({
      column: name,
      reference_type: t.reference_type,
      current_type: t.current_type,
      ...(t.unreadable ? { unreadable: t.unreadable, unreadable_values: [...t.values] } : {}),
    }));
  }

  /** Why a column has no value in the reference's type though the current file wrote some; undefined otherwise. */
  unreadableThroughout(name: string): string | undefined {
    const t = this.tallies.get(name);
    if (!t || !t.written || t.unreadable < t.written) return undefined;
    const shown = [...t.values].join(', ') + (t.more ? ', …' : '');
    return `${t.reference_type} in the reference file but ${t.current_type} in the current one, and none of its ${t.written} values reads as ${t.reference_type} (${shown})`;
  }
}

/** The current table read in the reference's types, whole (the in-memory path). */
export function readCurrent(reference: Table, current: Table): { table: Table; reader: CurrentReader } {
  const reader = new CurrentReader();
  return { table: reader.read(reference, current), reader };
}

/** Columns of the current file the reference lacks, in the current file's order. */
export function extraColumns(reference: readonly Pick<Column, 'name'>[], current: readonly Pick<Column, 'name'>[]): string[] {
  const known = new Set(reference.map((c) => c.name));
  return current.map((c) => c.name).filter((n) => !known.has(n));
}

export type Sides = { readonly reference: number; readonly current: number };

/**
 * Why a column has too few values on some side to be judged, or undefined. A side with no value at
 * all but as many rows as the minimum is "missing throughout" (drift.ts), a finding in itself.
 */
export function tooFewValues(present: Sides, rows: Sides): string | undefined {
  const short = (['reference', 'current'] as const).filter((s) => present[s] < MIN_DRIFT_VALUES && (present[s] > 0 || rows[s] < MIN_DRIFT_VALUES));
  if (!short.length) return undefined;
  const said = short.map((s) => `${present[s]} ${present[s] === 1 ? 'value' : 'values'} in the ${s} file`).join(' and ');
  return `too few values to judge: ${said}, under the ${MIN_DRIFT_VALUES} each side needs`;
}
