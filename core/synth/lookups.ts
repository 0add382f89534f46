/**
 * Columns that another column determines: a code and its name, a zone and its borough, a year and
 * its dummy. One Gaussian copula links two such columns only through a correlation of their level
 * scores, so a country's 215 names and codes came back re-paired with neighbours (a quarter of the
 * synthetic rows held a real pair). Found in the data, each determined column is left out of the
 * model and looked up from its determinant's sampled level, so every pair is one the data holds.
 */
import { z } from 'zod';
import type { Column, Table } from '../table/model.js';

export const LookupLevel = z.union([z.string(), z.number(), z.null()]);
export type LookupLevel = z.infer<typeof LookupLevel>;

export const Lookup = z.object({
  /** The determined column. */
  column: z.string(),
  /** The column that determines it, modelled. */
  from: z.string(),
  /** Each level of `from` with the level of `column` it goes with. */
  pairs: z.array(z.tuple([LookupLevel, LookupLevel])),
});
export type Lookup = z.infer<typeof Lookup>;

/** Levels a determinant may have: more would be mostly one-off values, whose "determining" is chance. */
const MAX_LEVELS = 1000;
/** A determinant's levels must repeat: at least this many rows per level on average. */
const ROWS_PER_LEVEL = 2;

interface Coded {
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: LookupLevel[];
}

/**
 * The lookups that hold in `table` among `candidates` (columns modelled by their levels): B is
 * determined when some other column A has one level of B for each of its levels, every row
 * agreeing. Of two columns that determine each other, the first is kept. Each determined column is
 * looked up from a kept column (one always exists: determination is transitive), the one with
 * fewest levels. Columns in `keep` may determine others but are never looked up themselves.
 */
export function findLookups(table: Table, candidates: readonly string[], levelsOf: (c: Column) => LookupLevel[], keep: ReadonlySet<string> = new Set()): Lookup[] {
  const n = table.rowCount;
  const coded = table.columns
    .filter((c) => candidates.includes(c.name))
    .map((c) => coding(c.name, levelsOf(c)))
    .filter((c) => c.levels.length >= 2 && c.levels.length <= MAX_LEVELS);
  // maps[a][b]: b's level for each level of a, where a determines b.
  const maps = coded.map((a) => coded.map((b) => (a !== b && !keep.has(b.name) && n >= ROWS_PER_LEVEL * a.levels.length ? mapping(a, b) : undefined)));
  const determined = new Set(coded.flatMap((_, b) => (coded.some((_, a) => maps[a]![b] && (!maps[b]![a] || a < b)) ? [b] : [])));
  return [...determined].map((b) => {
    const from = coded.flatMap((_, a) => (!determined.has(a) && maps[a]![b] ? [a] : [])).sort((x, y) => coded[x]!.levels.length - coded[y]!.levels.length)[0]!;
    const map = maps[from]![b]!;
    return { column: coded[b]!.name, from: coded[from]!.name, pairs: coded[from]!.levels.map((level, i): [LookupLevel, LookupLevel] => [level, coded[b]!.levels[map[i]!]!]) };
  });
}

function coding(name: string, values: readonly LookupLevel[]): Coded {
  const index = new Map<LookupLevel, number>();
  const levels: LookupLevel[] = [];
  const codes = Int32Array.from(values, (v) => {
    let i = index.get(v);
    if (i === undefined) {
      i = levels.length;
      index.set(v, i);
      levels.push(v);
    }
    return i;
  });
  return { name, codes, levels };
}

/** For each level of `a`, the one level of `b` its rows hold; undefined when some level holds two. */
function mapping(a: Coded, b: Coded): Int32Array | undefined {
  const map = new Int32Array(a.levels.length).fill(-1);
  for (let r = 0; r < a.codes.length; r++) {
    const x = a.codes[r]!;
    const y = b.codes[r]!;
    if (map[x] === -1) map[x] = y;
    else if (map[x] !== y) return undefined;
  }
  return map;
}

/** The determined column's level for each row's level of its determinant. */
export function lookUp(lookup: Lookup, fromLevels: readonly LookupLevel[]): LookupLevel[] {
  const to = new Map(lookup.pairs);
  // Sampled levels are levels the model was fitted on, all of which are in the pairs.
  return fromLevels.map((level) => to.get(level) ?? null);
}

/** The determinant's levels that go with `level` of the determined column. */
export function preimage(lookup: Lookup, level: LookupLevel): LookupLevel[] {
  return lookup.pairs.filter(([, to]) => to === level).map(([from]) => from);
}
