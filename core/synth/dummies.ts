/**
 * One-hot columns: side by side, 0 or 1, at most one of them 1 on every row (`Home=rent`,
 * `Home=own`; what a one-hot feature step or pandas' get_dummies writes). A model that draws each
 * flag on its own puts two ones in a row, or none where the data always has one. Found in the
 * data, such a group is modelled as one column of levels (which flag is 1, or none) and written
 * back as its flags.
 */
import { z } from 'zod';
import { getColumn, numbersColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { ColumnShape, levelsOf, shapeOf } from './copula.js';
import { unprocessable } from '../errors.js';
import { own, setOwn } from '../records.js';
import type { ConditionValue, Conditions } from './synthesizer.js';

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

/** Flags side by side searched together, at most: windows are found from every pair among them. */
const MAX_RUN = 200;

/**
 * The groups among `names`: windows of neighbouring columns (in table order) of 0 and 1 only, each
 * with a 1 somewhere, never two ones in a row. Of overlapping windows, those with a flag on every
 * row come first (a `mortgage` flag beside `Home=rent`, `Home=own` would otherwise pair with the
 * first of them), then the longest. A window holding a column in `modelled` (a condition's, which
 * may fix a flag to 0) is left out whole, and so is one a column of levels in the table already
 * determines (`Home` beside its flags: the flags follow it as lookups, and a cut of it stays whole).
 */
export function findDummies(table: Table, names: readonly string[], modelled: ReadonlySet<string> = new Set()): DummyGroup[] {
  if (table.rowCount < MIN_ROWS) return [];
  const eligible = new Set(names.filter((name) => isFlag(getColumn(table, name)!)));
  const segments: Column[][] = [[]];
  for (const column of table.columns) {
    if (eligible.has(column.name) && segments.at(-1)!.length < MAX_RUN) segments.at(-1)!.push(column);
    else segments.push(eligible.has(column.name) ? [column] : []);
  }
  const levelColumns = table.columns.filter((c) => !numbersOf(c));
  const groups: DummyGroup[] = [];
  for (const segment of segments.filter((s) => s.length >= 2)) {
    const used = new Set<number>();
    const windows = exclusiveWindows(segment, table.rowCount).sort((a, b) => Number(b.everyRow) - Number(a.everyRow) || b.to - b.from - (a.to - a.from) || a.from - b.from);
    for (const { from, to, everyRow } of windows) {
      const run = segment.slice(from, to + 1);
      if (run.some((_, i) => used.has(from + i)) || run.some((c) => modelled.has(c.name))) continue;
      if (!everyRow && expectedMeetings(run, table.rowCount) < MIN_EXPECTED_MEETINGS) continue;
      const group: DummyGroup = { columns: run.map((c) => c.name), ...(everyRow ? {} : { none: noneLevel(run) }), shapes: run.map(shapeOf) };
      if (levelColumns.some((c) => determines(levelsOf(c), levelCodes(group, table)))) continue;
      run.forEach((_, i) => used.add(from + i));
      groups.push(group);
    }
  }
  return groups.sort((a, b) => table.columns.findIndex((c) => c.name === a.columns[0]) - table.columns.findIndex((c) => c.name === b.columns[0]));
}

/** The maximal windows [from, to] of at least two flags that never share a row, and whether one is set on every row. */
function exclusiveWindows(segment: readonly Column[], rows: number): { from: number; to: number; everyRow: boolean }[] {
  const flags = segment.map((c) => numbersOf(c)!);
  const overlap = (i: number, j: number) => flags[i]!.some((f, r) => f === 1 && flags[j]![r] === 1);
  const windows: { from: number; to: number; everyRow: boolean }[] = [];
  let from = 0;
  for (let to = 0; to < segment.length; to++) {
    // The window [from, to − 1] is maximal when flag `to` overlaps one of it.
    const clash = Array.from({ length: to - from }, (_, k) => from + k).filter((i) => overlap(i, to));
    if (clash.length) {
      if (to - from >= 2) windows.push({ from, to: to - 1, everyRow: coversEveryRow(flags.slice(from, to), rows) });
      from = clash.at(-1)! + 1;
    }
  }
  if (segment.length - from >= 2) windows.push({ from, to: segment.length - 1, everyRow: coversEveryRow(flags.slice(from), rows) });
  return windows;
}

const coversEveryRow = (flags: readonly Float64Array[], rows: number) => Array.from({ length: rows }, (_, r) => r).every((r) => flags.some((f) => f[r] === 1));

/** Each row's level in the group: the index of its flag, or the group's size for none. */
function levelCodes(group: DummyGroup, table: Table): Int32Array {
  const flags = group.columns.map((name) => numbersOf(getColumn(table, name)!)!);
  return Int32Array.from({ length: table.rowCount }, (_, r) => {
    const set = flags.findIndex((f) => f[r] === 1);
    return set >= 0 ? set : group.columns.length;
  });
}

/** Whether each level of `levels` (missing one of them) goes with one code on every row, the levels repeating (an id determines anything). */
function determines(levels: readonly (string | number | null)[], codes: Int32Array): boolean {
  const codeOf = new Map<string | number | null, number>();
  for (let r = 0; r < codes.length; r++) {
    const seen = codeOf.get(levels[r]!);
    if (seen === undefined) codeOf.set(levels[r]!, codes[r]!);
    else if (seen !== codes[r]) return false;
  }
  return 2 * codeOf.size <= codes.length;
}

/** The model's table: each group one column of levels, named as its first flag, where the first flag stood. */
export function toLevels(groups: readonly DummyGroup[], table: Table): Table {
  if (!groups.length) return table;
  const columns = table.columns.flatMap((c): Column[] => {
    const group = groups.find((g) => g.columns.includes(c.name));
    if (!group) return [c];
    if (group.columns[0] !== c.name) return [];
    // A group without a none level has a flag on every row, so its codes are the flags' alone.
    const categories = [...group.columns, ...(group.none !== undefined ? [group.none] : [])];
    return [{ type: 'categorical', name: c.name, categories, codes: levelCodes(group, table) }];
  });
  return { rowCount: table.rowCount, columns };
}

/** `body` with each group's column of levels written back as its flags. */
export function toFlags(groups: readonly DummyGroup[], body: Table): Table {
  if (!groups.length) return body;
  const columns = body.columns.flatMap((c): Column[] => {
    const group = groups.find((g) => g.columns[0] === c.name);
    if (!group || c.type !== 'categorical') return [c];
    return group.columns.map((name, i) => numbersColumn(group.shapes[i]!, Float64Array.from(c.codes, (code) => (code < 0 ? NaN : c.categories[code] === name ? 1 : 0))));
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

/** A condition setting a flag to 1, in any of its spellings. */
export const setsFlag = (value: ConditionValue | undefined): boolean => value === 1 || value === '1' || value === true;
/** A condition setting a flag to 0. */
export const clearsFlag = (value: ConditionValue | undefined): boolean => value === 0 || value === '0' || value === false;

/**
 * The conditions with each one-hot flag set to 1 as its group's level (the model's column of levels
 * bears the first flag's name); a flag set to 0 beside one of its group set to 1 says nothing more.
 * A flag set to 0 alone leaves several levels open, and two set to 1 in one group contradict the
 * data: both a 422.
 */
export function flagsAsLevels(groups: readonly DummyGroup[], conditions: Conditions): Conditions {
  if (!groups.length) return conditions;
  const out: Record<string, ConditionValue> = {};
  for (const [name, value] of Object.entries(conditions)) {
    const group = groups.find((g) => g.columns.includes(name));
    if (!group) {
      setOwn(out, name, value);
      continue;
    }
    if (clearsFlag(value) && group.columns.some((c) => c !== name && setsFlag(own(conditions, c)))) continue;
    if (!setsFlag(value)) throw unprocessable(`${name} is one of the one-hot columns ${group.columns.join(', ')}, modelled together; condition on one of them being 1.`, { column: name });
    const level = group.columns[0]!;
    const taken = own(out, level);
    if (taken !== undefined && taken !== name) throw unprocessable(`${taken} and ${name} are one-hot columns of one group: at most one of them is 1 on a row.`, { column: name });
    setOwn(out, level, name);
  }
  return out;
}
