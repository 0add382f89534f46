/**
 * Columns that another column determines: a code and its name, a zone and its borough, a year and
 * its dummy. One Gaussian copula links two such columns only through a correlation of their level
 * scores, so a country's 215 names and codes came back re-paired with neighbours (a quarter of the
 * synthetic rows held a real pair). Found in the data, each determined column is left out of the
 * model and looked up from its determinant's sampled level, so every pair is one the data holds.
 */
import { z } from 'zod';
import { getColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import { own, setOwn } from '../records.js';
import { ColumnShape, fromLevels, levelsOf, shapeOf } from './copula.js';
import type { Rng } from '../random.js';
import type { ConditionValue, Conditions, DateFormats } from './synthesizer.js';
import { conditionText, describeConditions } from './condition-text.js';

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
  /** Each row's level, an index into `levels`. */
  readonly codes: Int32Array;
  readonly levels: LookupLevel[];
  /** The most frequent level, and the rows off it when they are few (a sparse dummy's ones). */
  readonly mode: number;
  readonly offMode: number;
  readonly rare?: Int32Array;
}

/** A column's rows off its mode are listed when at most this share of the rows. */
const RARE_SHARE = 0.25;
/**
 * Rows a determined column must have off its most frequent level: on fewer, two sparse dummies
 * that happen to share their one or two ones would pass for a link.
 */
const MIN_EVIDENCE = 5;

/**
 * The lookups that hold in `table` among `candidates` (columns modelled by their levels): B is
 * determined when some other column A has one level of B for each of its levels, every row
 * agreeing. Of two columns that determine each other, the first is kept. Each determined column is
 * looked up from a kept column (one always exists: determination is transitive), the one with
 * fewest levels. Columns in `keep` may determine others but are never looked up themselves.
 * Number columns in `numbersOnlyDetermined` (modelled through a marginal, so their sampled values
 * are new ones: they cannot determine) are looked up when a column of levels determines them: a
 * country's latitude or numeric code, which one copula would blur into values no country has.
 */
export function findLookups(
  table: Table,
  candidates: readonly string[],
  levelsOf: (c: Column) => LookupLevel[],
  keep: ReadonlySet<string> = new Set(),
  numbersOnlyDetermined: ReadonlySet<string> = new Set(),
): Lookup[] {
  const n = table.rowCount;
  const coded = table.columns
    .map((c) => {
      if (candidates.includes(c.name)) return 'codes' in c ? fromCodes(c) : coding(c.name, levelsOf(c));
      const numbers = numbersOnlyDetermined.has(c.name) ? numbersOf(c) : undefined;
      return numbers && coding(c.name, numbers);
    })
    .filter((c): c is Coded => c !== undefined && c.levels.length >= 2 && c.levels.length <= MAX_LEVELS);
  const scratch = new Int32Array(MAX_LEVELS);
  const canDetermine = (a: Coded) => n >= ROWS_PER_LEVEL * a.levels.length && !numbersOnlyDetermined.has(a.name);
  const canBeDetermined = (b: Coded) => !keep.has(b.name) && b.offMode >= MIN_EVIDENCE;
  // maps[a][b]: b's level for each level of a, where a determines b.
  const maps = coded.map((a) => coded.map((b) => (a !== b && canDetermine(a) && canBeDetermined(b) ? mapping(a, b, scratch) : undefined)));
  const determined = new Set(coded.flatMap((_, b) => (coded.some((_, a) => maps[a]![b] && (!maps[b]![a] || a < b)) ? [b] : [])));
  return [...determined].map((b) => {
    const from = coded.flatMap((_, a) => (!determined.has(a) && maps[a]![b] ? [a] : [])).sort((x, y) => coded[x]!.levels.length - coded[y]!.levels.length)[0]!;
    const map = maps[from]![b]!;
    return { column: coded[b]!.name, from: coded[from]!.name, pairs: coded[from]!.levels.map((level, i): [LookupLevel, LookupLevel] => [level, coded[b]!.levels[map[i]!]!]) };
  });
}

/** A categorical or boolean column's own codes, renumbered densely over the levels present (missing is null). */
function fromCodes(c: Extract<Column, { codes: Int32Array }>): Coded {
  const slot = new Int32Array(c.categories.length + 1).fill(-1); // slot 0: missing
  const levels: LookupLevel[] = [];
  const counts: number[] = [];
  const codes = new Int32Array(c.codes.length);
  for (let r = 0; r < codes.length; r++) {
    const s = c.codes[r]! + 1;
    if (slot[s] === -1) {
      slot[s] = levels.length;
      levels.push(s === 0 ? null : c.categories[s - 1]!);
      counts.push(0);
    }
    counts[slot[s]!]!++;
    codes[r] = slot[s]!;
  }
  return withMode(c.name, codes, levels, counts);
}

/** A column's coded levels with its mode; undefined past MAX_LEVELS, which no determinant reaches. */
function coding(name: string, values: readonly LookupLevel[] | Float64Array): Coded | undefined {
  const coded = codeLevels(values, MAX_LEVELS);
  return coded && withMode(name, coded.codes, coded.levels, coded.counts);
}

/**
 * Each row's level numbered by first appearance (a number column's NaN as null), with the levels
 * and their counts; undefined once past `maxLevels`, so a column of many values is given up early.
 */
export function codeLevels(values: readonly LookupLevel[] | Float64Array, maxLevels: number): { codes: Int32Array; levels: LookupLevel[]; counts: number[] } | undefined {
  const index = new Map<LookupLevel, number>();
  const levels: LookupLevel[] = [];
  const counts: number[] = [];
  const codes = new Int32Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const raw = values[r]!;
    const v = typeof raw === 'number' && Number.isNaN(raw) ? null : raw;
    let i = index.get(v);
    if (i === undefined) {
      if (levels.length === maxLevels) return undefined;
      index.set(v, (i = levels.length));
      levels.push(v);
      counts.push(0);
    }
    counts[i]!++;
    codes[r] = i;
  }
  return { codes, levels, counts };
}

/** Rows off the most frequent level, from the levels' counts (0 for one level). */
export function offModeOf(counts: readonly number[]): number {
  let total = 0;
  let top = 0;
  for (const c of counts) {
    total += c;
    top = Math.max(top, c);
  }
  return total - top;
}

function withMode(name: string, codes: Int32Array, levels: LookupLevel[], counts: readonly number[]): Coded {
  const mode = counts.indexOf(Math.max(...counts));
  const offMode = codes.length - (counts[mode] ?? 0);
  if (offMode > RARE_SHARE * codes.length) return { name, codes, levels, mode, offMode };
  const rare = new Int32Array(offMode);
  let k = 0;
  for (let r = 0; r < codes.length; r++) if (codes[r] !== mode) rare[k++] = r;
  return { name, codes, levels, mode, offMode, rare };
}

/**
 * For each level of `a`, the one level of `b` its rows hold; undefined when some level holds two.
 * `scratch` holds the map while it is built: most pairs fail within a few rows, and allocating per
 * pair dominated on wide tables.
 */
function mapping(a: Coded, b: Coded, scratch: Int32Array): Int32Array | undefined {
  const k = a.levels.length;
  scratch.fill(-1, 0, k);
  const ac = a.codes;
  const bc = b.codes;
  if (a.rare && b.rare) {
    // Both mostly at their modes: every row off the two lists pairs the modes, so the listed rows
    // and that one pair decide it (scanning a thousand sparse dummies whole, pair by pair, took seconds).
    if (!agreesOn(a.rare, ac, bc, scratch) || !agreesOn(b.rare, ac, bc, scratch)) return undefined;
    if (scratch[a.mode] === -1) scratch[a.mode] = b.mode;
    else if (scratch[a.mode] !== b.mode) return undefined;
  } else if (!agreesOn(undefined, ac, bc, scratch)) return undefined;
  return scratch.slice(0, k);
}

/** Whether the rows listed (or every row) give each level of `ac` one level of `bc`, recorded in `map`. */
function agreesOn(rows: Int32Array | undefined, ac: Int32Array, bc: Int32Array, map: Int32Array): boolean {
  const count = rows ? rows.length : ac.length;
  for (let i = 0; i < count; i++) {
    const r = rows ? rows[i]! : i;
    const x = ac[r]!;
    const y = bc[r]!;
    if (map[x] === -1) map[x] = y;
    else if (map[x] !== y) return false;
  }
  return true;
}

/** The determined column's level for each row's level of its determinant. */
export function lookUp(lookup: Lookup, fromLevels: readonly LookupLevel[]): LookupLevel[] {
  const to = new Map(lookup.pairs);
  return fromLevels.map((level) => {
    // Sampled levels are levels the model was fitted on, every one of them in the pairs.
    if (!to.has(level)) throw new Error(`Lookup ${lookup.column}: no level for ${JSON.stringify(level)} of ${lookup.from}`);
    return to.get(level)!;
  });
}

/** The determinant's levels that go with `level` of the determined column. */
export function preimage(lookup: Lookup, level: LookupLevel): LookupLevel[] {
  return lookup.pairs.filter(([, to]) => to === level).map(([from]) => from);
}

/** A lookup as a saved model keeps it: with the determined column's shape, to rebuild it from its levels. */
export const ShapedLookup = Lookup.extend({ shape: ColumnShape });
export type ShapedLookup = z.infer<typeof ShapedLookup>;

/** The sampled modelled columns plus each determined column looked up from its determinant, in `columns`' order. */
export function withLookedUp(columns: readonly string[], lookups: readonly ShapedLookup[], body: Table): Table {
  const lookedUp = (name: string): Column => {
    const lookup = lookups.find((l) => l.column === name)!;
    return fromLevels(lookup.shape, lookUp(lookup, levelsOf(getColumn(body, lookup.from)!)));
  };
  return { rowCount: body.rowCount, columns: columns.map((name) => getColumn(body, name) ?? lookedUp(name)) };
}

/** A condition's value as a level among `levels`: a number where they are numbers, else text. */
export function levelLike(raw: ConditionValue, levels: readonly LookupLevel[]): LookupLevel {
  if (raw === null) return null;
  return levels.some((l) => typeof l === 'number') ? Number(raw) : String(raw);
}

/**
 * Conditions on determined columns as conditions on their determinants: `fixed` holds the
 * conditions on modelled columns (a determinant whose level is settled among them), `open` each
 * determinant several of whose levels still fit (a region's countries). A 422 when none fits,
 * writing a condition on a column of `dates` as that column writes dates.
 */
export function resolveLookupConditions(lookups: readonly Lookup[], conditions: Conditions, dates?: DateFormats): { fixed: Record<string, ConditionValue>; open: [string, LookupLevel[]][] } {
  const fixed: Record<string, ConditionValue> = {};
  const allowed = new Map<string, LookupLevel[]>();
  for (const [name, raw] of Object.entries(conditions)) {
    const lookup = lookups.find((l) => l.column === name);
    if (!lookup) {
      setOwn(fixed, name, raw);
      continue;
    }
    const from = preimage(lookup, levelLike(raw, lookup.pairs.map(([, to]) => to)));
    if (!from.length) throw unprocessable(raw === null ? `Condition ${name} = null: the column has no missing values.` : `Condition ${name} = ${conditionText(name, raw, dates)}: the data has no such value.`);
    const before = allowed.get(lookup.from);
    allowed.set(lookup.from, before ? before.filter((level) => from.includes(level)) : from);
  }
  const open: [string, LookupLevel[]][] = [];
  for (const [from, levels] of allowed) {
    const asked = own(fixed, from);
    const fits = asked === undefined ? levels : levels.filter((level) => level === levelLike(asked, levels));
    if (!fits.length) throw unprocessable(`Conditions ${describeConditions(conditions, dates)}: the data never holds these values together (${from} determines the others).`);
    if (fits.length === 1) setOwn(fixed, from, fits[0]!);
    else open.push([from, fits]);
  }
  return { fixed, open };
}

/**
 * A column of many levels that determines one of few (a car's name and its origin) but repeats too
 * little to be looked up from: as a determinant it would copy rows. The copula links the two only
 * through a correlation of level scores, so four in ten synthetic cars paired a real name with an
 * origin it never had. The few-level column stays modelled, and after sampling each row whose
 * level of the many-level one does not go with it is moved to one that does, at the same place on
 * the model's uniform scale among those levels (withDrawn), so the column keeps its marginal and
 * its place among the others as far as it can.
 */
export const Drawn = z.object({
  /** The many-level column, redrawn where its level does not go with `given`'s. */
  column: z.string(),
  /** The few-level column it determines, modelled (or looked up). */
  given: z.string(),
  /** Each level of `column` with the level of `given` it goes with. */
  pairs: z.array(z.tuple([LookupLevel, LookupLevel])),
  /** Each level's interval of the model's uniform scale, in the order of `pairs`. */
  at: z.array(z.tuple([z.number(), z.number()])),
});
export type Drawn = z.infer<typeof Drawn>;

/** Chance that the rows repeating a level of the many-level column all agree by luck, at most, for a link. */
const DRAWN_CHANCE = 1e-6;

/**
 * Links no lookup can carry (findLookups): a column A of `candidates` too sparse to determine
 * (fewer than ROWS_PER_LEVEL rows per level) whose levels each hold one level of a column B that
 * repeats well. A column of distinct values "determines" everything, so the rows repeating A's
 * levels must be evidence: too many for them all to agree on B by chance. For each A, the B of
 * most levels; `at` is the fitted model's, set by the generator.
 */
export function findDrawn(table: Table, candidates: readonly string[], levelsOf: (c: Column) => LookupLevel[], skip: ReadonlySet<string>): Omit<Drawn, 'at'>[] {
  const n = table.rowCount;
  const code = (c: Column) => ('codes' in c ? fromCodes(c) : coding(c.name, levelsOf(c)));
  const inCandidates = table.columns.filter((c) => candidates.includes(c.name) && !skip.has(c.name));
  const sparse = inCandidates.map(code).filter((a): a is Coded => a !== undefined && a.levels.length > 2 && n < ROWS_PER_LEVEL * a.levels.length);
  if (!sparse.length) return [];
  const repeating = table.columns
    .filter((c) => candidates.includes(c.name))
    .map(code)
    .filter((b): b is Coded => b !== undefined && b.levels.length >= 2 && n >= ROWS_PER_LEVEL * b.levels.length && b.offMode >= MIN_EVIDENCE);
  const scratch = new Int32Array(MAX_LEVELS);
  return sparse.flatMap((a) => {
    const evidence = n - a.levels.length;
    if (evidence < MIN_EVIDENCE) return [];
    const fits = repeating.filter((b) => b.levels.length < a.levels.length && b.name !== a.name && evidence * Math.log(agreeByChance(b)) <= Math.log(DRAWN_CHANCE));
    const given = fits.map((b) => ({ b, map: mapping(a, b, scratch) })).filter((f) => f.map !== undefined).sort((x, y) => y.b.levels.length - x.b.levels.length)[0];
    if (!given) return [];
    return [{ column: a.name, given: given.b.name, pairs: a.levels.map((level, i): [LookupLevel, LookupLevel] => [level, given.b.levels[given.map![i]!]!]) }];
  });
}

/** The chance two rows share their level of `b`: the sum of its levels' squared shares. */
function agreeByChance(b: Coded): number {
  const counts = new Float64Array(b.levels.length);
  for (const code of b.codes) counts[code]!++;
  let q = 0;
  for (const c of counts) q += (c / b.codes.length) ** 2;
  return q;
}

/**
 * `table` with each drawn column's level, where it does not go with the row's level of its given
 * column, moved to one that does: a point drawn in the row's interval of the scale, taken to the
 * same quantile among the levels that go with the given level, so the moved rows keep their order
 * along the scale (and the links it carries) and spread over those levels by their shares.
 * Columns in `fixed` are left as they are (a condition set them, and their given column with them).
 */
export function withDrawn(table: Table, drawn: readonly Drawn[], rng: Rng, fixed: ReadonlySet<string> = new Set()): Table {
  let out = table;
  for (const d of drawn) {
    if (fixed.has(d.column)) continue;
    const column = getColumn(out, d.column);
    const given = getColumn(out, d.given);
    if (!column || !given) continue;
    const levels = levelsOf(column);
    const givenLevels = levelsOf(given);
    const partner = new Map(d.pairs.map(([a, b], i) => [a, { b, at: d.at[i]! }]));
    const choices = choicesBy(d);
    let moved = false;
    for (let r = 0; r < levels.length; r++) {
      const mine = partner.get(levels[r]!);
      if (mine && mine.b === givenLevels[r]) continue;
      const options = choices.get(givenLevels[r]!);
      if (!options) continue; // a level of the given column the data never paired (none in a fitted model)
      const u = mine ? mine.at[0] + rng.uniform() * (mine.at[1] - mine.at[0]) : rng.uniform();
      levels[r] = atQuantile(options, u);
      moved = true;
    }
    if (moved) out = { rowCount: out.rowCount, columns: out.columns.map((c) => (c === column ? fromLevels(shapeOf(column), levels) : c)) };
  }
  return out;
}

interface Choices {
  readonly levels: LookupLevel[];
  /** The levels' cumulative shares among these, in their order on the scale: 0, …, 1. */
  readonly cum: number[];
}

/** For each level of the given column, the drawn column's levels that go with it, in their order on the scale, with their shares. */
function choicesBy(d: Drawn): Map<LookupLevel, Choices> {
  const by = new Map<LookupLevel, { level: LookupLevel; at: [number, number] }[]>();
  d.pairs.forEach(([a, b], i) => {
    const list = by.get(b) ?? [];
    list.push({ level: a, at: d.at[i]! });
    by.set(b, list);
  });
  return new Map(
    [...by].map(([b, list]) => {
      list.sort((x, y) => x.at[0] - y.at[0]);
      const total = list.reduce((sum, x) => sum + (x.at[1] - x.at[0]), 0);
      const cum = [0];
      for (const x of list) cum.push(total > 0 ? cum[cum.length - 1]! + (x.at[1] - x.at[0]) / total : cum.length / list.length);
      return [b, { levels: list.map((x) => x.level), cum }];
    }),
  );
}

/**
 * The level at `u` of the scale squeezed onto these levels alone: the same quantile among them.
 * (The level nearest `u` piled the moved rows onto the few levels next to long runs of the other
 * groups' levels: cars' name scores fell a fifth.)
 */
function atQuantile(c: Choices, u: number): LookupLevel {
  let lo = 0;
  let hi = c.levels.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.cum[mid]! <= u) lo = mid;
    else hi = mid - 1;
  }
  return c.levels[lo]!;
}

/**
 * Conditions on drawn columns: a condition on one fixes its given column to the level it goes
 * with (a 422 when the data has no such value, or a condition on the given column asks another);
 * the columns so fixed are left as sampled.
 */
export function resolveDrawnConditions(drawn: readonly Drawn[], conditions: Conditions, dates?: DateFormats): { conditions: Conditions; fixed: Set<string> } {
  const out: Record<string, ConditionValue> = { ...conditions };
  const fixed = new Set<string>();
  for (const d of drawn) {
    const raw = own(conditions, d.column);
    if (raw === undefined) continue;
    const to = new Map(d.pairs);
    const level = levelLike(raw, d.pairs.map(([a]) => a));
    if (!to.has(level)) throw unprocessable(raw === null ? `Condition ${d.column} = null: the column has no missing values.` : `Condition ${d.column} = ${conditionText(d.column, raw, dates)}: the data has no such value.`);
    const partner = to.get(level)!;
    const asked = own(out, d.given);
    if (asked !== undefined && levelLike(asked, [partner]) !== partner) {
      throw unprocessable(`Conditions ${describeConditions(conditions, dates)}: the data never holds these values together (${d.column} determines ${d.given}).`);
    }
    setOwn(out, d.given, partner);
    fixed.add(d.column);
  }
  return { conditions: out, fixed };
}
