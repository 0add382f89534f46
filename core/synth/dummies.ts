/**
 * One-hot columns: side by side, 0 or 1, at most one of them 1 on every row (`Home=rent`,
 * `Home=own`; what a one-hot feature step or pandas' get_dummies writes). A model that draws each
 * flag on its own puts two ones in a row, or none where the data always has one. Found in the
 * data, such a group is modelled as one column of levels (which flag is 1, or none) and written
 * back as its flags.
 */
import { z } from 'zod';
import { MISSING_CODE, getColumn, numbersOf, spellingOf, type Column, type Table } from '../table/model.js';
import { ColumnShape, shapeOf } from './copula.js';

export const DummyGroup = z.object({
  /** The flags, in table order; the model's column of levels takes the first one's name. */
  columns: z.array(z.string()).min(2),
  /** The level of a row with no flag set, when the data has such rows. */
  none: z.string().optional(),
  shapes: z.array(ColumnShape),
});
export type DummyGroup = z.infer<typeof DummyGroup>;

/** Rows a group needs. */
const MIN_ROWS = 20;
/**
 * Rows on which a group's flags would meet, two at a time, were they independent, at least, for a
 * group with rows of no flag set: two rare flags (hypertension and uterine irritability in a
 * birth-weight table, 1.8 rows expected) keep apart by chance, and one column of levels for them
 * cost the table 0.01. A group with one flag on every row needs no such evidence.
 */
const MIN_EXPECTED_MEETINGS = 10;

/**
 * The groups among `names`: runs of neighbouring columns (in table order) of 0 and 1 only, each
 * with a 1 somewhere, never two ones in a row. Columns in `modelled` are left out.
 */
export function findDummies(table: Table, names: readonly string[], modelled: ReadonlySet<string> = new Set()): DummyGroup[] {
  if (table.rowCount < MIN_ROWS) return [];
  const eligible = new Set(names.filter((name) => !modelled.has(name) && isFlag(getColumn(table, name)!)));
  const groups: DummyGroup[] = [];
  let run: Column[] = [];
  let taken = new Uint8Array(table.rowCount);
  const close = () => {
    const everyRow = taken.every((t) => t === 1);
    if (run.length >= 2 && (everyRow || expectedMeetings(run, table.rowCount) >= MIN_EXPECTED_MEETINGS)) {
      groups.push({ columns: run.map((c) => c.name), ...(everyRow ? {} : { none: noneLevel(run) }), shapes: run.map(shapeOf) });
    }
    run = [];
    taken = new Uint8Array(table.rowCount);
  };
  for (const column of table.columns) {
    if (!eligible.has(column.name)) {
      close();
      continue;
    }
    const flags = numbersOf(column)!;
    if (flags.some((f, r) => f === 1 && taken[r] === 1)) {
      close();
    }
    run.push(column);
    flags.forEach((f, r) => f === 1 && (taken[r] = 1));
  }
  close();
  return groups;
}

/** The model's table: each group one column of levels, named as its first flag, where the first flag stood. */
export function toLevels(groups: readonly DummyGroup[], table: Table): Table {
  if (!groups.length) return table;
  const columns = table.columns.flatMap((c): Column[] => {
    const group = groups.find((g) => g.columns.includes(c.name));
    if (!group) return [c];
    if (group.columns[0] !== c.name) return [];
    const flags = group.columns.map((name) => numbersOf(getColumn(table, name)!)!);
    const categories = [...group.columns, ...(group.none !== undefined ? [group.none] : [])];
    const codes = Int32Array.from({ length: table.rowCount }, (_, r) => {
      const set = flags.findIndex((f) => f[r] === 1);
      return set >= 0 ? set : group.none !== undefined ? group.columns.length : MISSING_CODE;
    });
    return [{ type: 'categorical', name: c.name, categories, codes }];
  });
  return { rowCount: table.rowCount, columns };
}

/** `body` with each group's column of levels written back as its flags. */
export function toFlags(groups: readonly DummyGroup[], body: Table): Table {
  if (!groups.length) return body;
  const columns = body.columns.flatMap((c): Column[] => {
    const group = groups.find((g) => g.columns[0] === c.name);
    if (!group || c.type !== 'categorical') return [c];
    return group.columns.map((name, i) => {
      const shape = group.shapes[i]!;
      const values = Float64Array.from(c.codes, (code) => (code < 0 ? NaN : c.categories[code] === name ? 1 : 0));
      return { type: shape.type === 'float' ? 'float' : 'integer', name, ...spellingOf(shape), values };
    });
  });
  return { rowCount: body.rowCount, columns };
}

/** `one-hot with b, c` (for the group's first flag a), as a model record shows it. */
export const dummiesExpression = (g: DummyGroup): string => `one-hot with ${g.columns.slice(1).join(', ')}${g.none === undefined ? '' : ' (or none)'}`;

/** Σ over pairs of flags of n · p_i · p_j: the rows on which two would both be set, were they independent. */
function expectedMeetings(run: readonly Column[], rows: number): number {
  const shares = run.map((c) => numbersOf(c)!.reduce((s, v) => s + v, 0) / rows);
  let meetings = 0;
  for (let i = 0; i < shares.length; i++) for (let j = i + 1; j < shares.length; j++) meetings += rows * shares[i]! * shares[j]!;
  return meetings;
}

/** A column of 0 and 1 only, with both. */
function isFlag(c: Column): boolean {
  if (c.type !== 'integer' && c.type !== 'float') return false;
  let ones = 0;
  for (const v of c.values) {
    if (v === 1) ones++;
    else if (v !== 0) return false;
  }
  return ones > 0 && ones < c.values.length;
}

/** A level for rows with no flag set that is none of the flags' names. */
function noneLevel(run: readonly Column[]): string {
  let level = '(none)';
  while (run.some((c) => c.name === level)) level = `(${level})`;
  return level;
}
