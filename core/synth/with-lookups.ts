/**
 * Lookups (lookups.ts) for any generator: a discrete column another determines (a code and its
 * name) is left out of the inner generator's table and looked up from its determinant's sampled
 * level, so every pair is one the data holds — where a network would learn the pair itself, and
 * sometimes re-pair it.
 *
 * A fit with no lookup (none found, or `lookups: off`) is the inner generator's own, byte for byte,
 * so its models and checkpoints are the ones it always made; a saved model without the wrapper's
 * format loads as the inner generator's.
 *
 * Likewise, from the sampled columns: a number column that is the sum of others on every row
 * (sums.ts: a total, a copy) or rises or falls with another (monotone.ts: a log, a square) is
 * computed; a calendar part of a date, or a function of one (calendar-parts.ts: a month, a weekend
 * flag), is read off the date; a column just above others (gaps.ts: a day's high, an end time) is
 * modelled as its gap and set back; one-hot flags (dummies.ts) are modelled as one column of
 * levels; a column of levels a number cuts into ranges (bins.ts: an age group) stays modelled and
 * is set from the number where the model crosses the ranges; a date the data holds on some
 * weekdays only (weekdays.ts: trading days) is moved to one of them, and one on a day of the month
 * (month-days.ts: a monthly series) to the nearest such date; a timestamp over many days is
 * modelled as its day and its time of day (time-of-day.ts: business hours). This for every
 * generator, the copula too (which finds its own lookups, so it asks the wrapper for the rest only).
 *
 * Never under differential privacy: finding any of these reads every row outside the privacy
 * budget (a link that one row breaks would show up or vanish), so a fit with `epsilon` has none.
 */
import { z } from 'zod';
import { getColumn, numbersOf, selectColumns, takeRows, type Column, type Table } from '../table/model.js';
import { concatTables } from '../table/arrow.js';
import { ProblemError, unprocessable } from '../errors.js';
import { Rng } from '../random.js';
import { columnKind, levelsOf, shapeOf } from './copula.js';
import { ShapedLookup, findLookups, resolveLookupConditions, withLookedUp, type LookupLevel } from './lookups.js';
import { dateFormatsOf, describeConditions } from './condition-text.js';
import { decodeJson, encodeJson, type ConditionValue, type Conditions, type DateFormats, type FitOptions, type FittedModel, type Formula, type Synthesizer, type Trainer, type TrainingRun, type WithinEpoch } from './synthesizer.js';
import { Sum, findSums, sumExpression, withSummed } from './sums.js';
import { Binned, binTest, crosses, findBins, withBinned } from './bins.js';
import { Monotone, findMonotone, monotoneExpression, withMonotone } from './monotone.js';
import { Gap, findGaps, fromGaps, gapExpression, toGaps } from './gaps.js';
import { DatePart, datePartExpression, findDateParts, partTest, withDateParts } from './calendar-parts.js';
import { DummyGroup, dummiesExpression, findDummies, flagsAsLevels, toFlags, toLevels } from './dummies.js';
import { MonthDays, findMonthDays, forwardToMonthDays, monthDaysExpression, onMonthDays, withMonthDays } from './month-days.js';
import { TimeOfDay, findTimesOfDay, joinTimes, splitCondition, splitTimes } from './time-of-day.js';
import { Weekdays, findWeekdays, forwardToWeekdays, onWeekdays, weekdayNames, weekdaysExpression, withWeekdays } from './weekdays.js';
import { LocalOffsets, inLocalTime, instantMs, localConditions, localMs, offsetsFor, offsetsOf, readInLocalTime, shifted } from './local-time.js';

export const LookupsChoice = z.enum(['auto', 'off']);
export type LookupsChoice = z.infer<typeof LookupsChoice>;

const LOOKUPS_DESCRIPTION =
  '`auto` looks up a categorical column that another determines (a code from its name, a borough from its zone) from that one, ' +
  'so every pair is one the data holds, computes a number column that is the sum of others on every row (a total) from them, ' +
  'and one that rises or falls with another (a log, a square) along the curve the data traces, ' +
  'keeps a column that sits just above others on every row (a day\'s high, an end time) above them, ' +
  'reads a column that is a calendar part of a date (its month, its weekday) off the date, ' +
  'draws a date the data holds on some days of the week only (trading days) on those days, ' +
  'and one always on one day of the month (a monthly series dated the 1st) on such dates, ' +
  'models a timestamp over many days as its day and its time of day (so orders placed from 9 to 5 stay there), ' +
  'models one-hot columns (at most one of them 1 on a row) as one column of levels, ' +
  'and sets a column a number cuts into ranges (an age group) from that number; `off` lets the generator learn them';

/** The `lookups` param of a generator without differential privacy. */
export const lookupsParam = LookupsChoice.default('auto').describe(LOOKUPS_DESCRIPTION);

/** The `lookups` param of a generator with an `epsilon` (see offUnderDp). */
export const dpLookupsParam = LookupsChoice.default('auto').describe(`${LOOKUPS_DESCRIPTION}; always \`off\` with epsilon: finding lookups reads the data outside the privacy budget`);

/**
 * For params with `epsilon`: lookups off under differential privacy, whatever was asked (a form
 * may send the default `auto` along with ε), so the parsed params say what the fit does.
 */
export const offUnderDp = <P extends LookupsParams>(p: P): P => (p.epsilon === undefined || p.lookups === 'off' ? p : { ...p, lookups: 'off' });

interface LookupsParams {
  readonly lookups?: LookupsChoice;
  readonly epsilon?: number;
  /** The copula's: numbers of at most this many values are levels it may look up. */
  readonly discrete_threshold?: number;
  /** The copula's: a column named to split the rows by, which must stay modelled. */
  readonly strata?: unknown;
}

/** The column a copula's params name to split the rows by, if any: kept modelled as a condition's column is. */
const strataColumn = (params: LookupsParams): string[] => {
  const { strata } = params;
  return typeof strata === 'object' && strata !== null && 'column' in strata && typeof strata.column === 'string' ? [strata.column] : [];
};

const FORMAT = 'tabmimic.lookups.v1';

/** The member of a 422 that says too few drawn rows met its conditions, the rows drawn per row asked for. */
const CHANCE = 'drawn_per_row';

/** Whether a refusal is one of chance (too few drawn rows met the conditions): more rows than a probe's may be met. */
export const isChanceRefusal = (e: ProblemError): boolean => e.extensions[CHANCE] !== undefined;
/** Rows drawn per row asked for, at most, when rejecting rows whose determinant took a level not allowed. */
const MAX_DRAWN_PER_ROW = 100;

/** A test a drawn number or datetime column must pass for its row to be kept: a cut's range, a date part's value. */
type NumberTest = readonly [column: string, keep: (x: number) => boolean];

/** The rows of `body` whose every determinant took an allowed level, and every tested number passed. */
function acceptedRows(body: Table, allowed: ReadonlyMap<string, ReadonlySet<LookupLevel>>, tests: readonly NumberTest[] = []): number[] {
  const ok = new Uint8Array(body.rowCount).fill(1);
  for (const [from, levels] of allowed) levelsOf(getColumn(body, from)!).forEach((level, r) => levels.has(level) || (ok[r] = 0));
  for (const [from, keep] of tests) numbersOf(getColumn(body, from)!)!.forEach((x, r) => keep(x) || (ok[r] = 0));
  return Array.from({ length: body.rowCount }, (_, r) => r).filter((r) => ok[r]);
}

/** The saved model (and, during a fit, the checkpoint) of a wrapped generator: the lookups and the inner generator's own bytes, as JSON. */
const Saved = z.object({
  format: z.literal(FORMAT),
  /** Every column, in the table's order. */
  columns: z.array(z.string()),
  lookups: z.array(ShapedLookup),
  /** Absent in models saved before sums were found. */
  sums: z.array(Sum).default([]),
  /** Columns of levels a number cuts into ranges; absent in models saved before. */
  bins: z.array(Binned).default([]),
  /** Number columns that rise or fall with another; absent in models saved before. */
  monotone: z.array(Monotone).default([]),
  /** Columns modelled as their gap above others; absent in models saved before. */
  gaps: z.array(Gap).default([]),
  /** Columns read off a date as one of its calendar parts; absent in models saved before. */
  dateParts: z.array(DatePart).default([]),
  /** Groups of one-hot columns, modelled as one column of levels; absent in models saved before. */
  dummies: z.array(DummyGroup).default([]),
  /** Dates that fall on some weekdays only, moved to one of them; absent in models saved before. */
  weekdays: z.array(Weekdays).default([]),
  /** Timestamps modelled as their day and time of day; absent in models saved before. */
  times: z.array(TimeOfDay).default([]),
  /** Dates on one day of the month (monthly, quarterly, yearly series), moved to the nearest such date; absent in models saved before. */
  monthDays: z.array(MonthDays).default([]),
  /**
   * The offsets (off UTC) of the dates those calendar rules (weekdays, days of the month, parts, times of day) were found and are
   * kept in, on the column's local clock (local-time.ts); absent in models saved before, whose rules are UTC's.
   */
  offsets: LocalOffsets.default({}),
  inner: z.unknown(),
});
type Saved = z.infer<typeof Saved>;
type Plan = Omit<Saved, 'format' | 'inner'>;
const planOf = ({ format: _, inner: __, ...plan }: Saved): Plan => plan;

/** What the wrapper finds: lookups and the rest, or the rest only (the copula finds its own lookups). */
export interface DerivedColumns {
  readonly lookups: boolean;
}

/**
 * The month days, weekdays, date parts, one-hot groups, lookups, sums, curves, candidate cuts,
 * gaps and times of day that hold in `table`, in that order (each search leaves out the columns an
 * earlier one sets), or undefined when there are none or the params rule them out.
 */
function planLookups(table: Table, params: LookupsParams, derived: DerivedColumns, options: FitOptions = {}): Plan | undefined {
  if (params.epsilon !== undefined || params.lookups === 'off') return undefined;
  const computed = new Set(options.computed ?? []);
  // A named strata column is never derived from others (a copy, a sum, a date part): the copula splits the rows by it.
  const conditioned = new Set([...(options.conditioned ?? []), ...strataColumn(params)]);
  const dates = table.columns.filter((c) => c.type === 'datetime' && !computed.has(c.name)).map((c) => c.name);
  // Calendar rules are found on each date's local clock: a column of local midnights at +02:00 is 22:00 UTC the day before.
  const offsets = offsetsOf(table);
  const local = shifted(offsets, table, 1);
  // A date a request fixes may fall on any day; the others are drawn on their days of the month, or of the week.
  const monthDays = findMonthDays(local, dates.filter((d) => !conditioned.has(d)));
  const weekdays = findWeekdays(local, dates.filter((d) => !conditioned.has(d) && !monthDays.some((m) => m.column === d)));
  // Calendar parts next, knowing the weekdays a date takes (its weekday names need only have seen those); a column that is a
  // function of a part (a weekend flag) is then read off the date too, not looked up from a part.
  const dateParts = findDateParts(local, table.columns.filter((c) => !computed.has(c.name)).map((c) => c.name), dates, conditioned, weekdays);
  const parted = new Set(dateParts.map((p) => p.column));
  // One-hot groups are modelled as one column of levels, so none of their flags is anything else.
  // A flag a condition sets to 1 keeps its group (the condition names its level); one set to 0 leaves the group to the model, unless a flag of it is set to 1.
  const [setToOne, setToZero] = [new Set(options.setToOne ?? []), new Set(options.setToZero ?? [])];
  const flagged = new Set([...conditioned].filter((c) => !setToOne.has(c) && !setToZero.has(c)));
  const dummies = findDummies(table, table.columns.filter((c) => !computed.has(c.name) && !parted.has(c.name)).map((c) => c.name), flagged).filter(
    (g) => !g.columns.some((c) => setToZero.has(c)) || g.columns.some((c) => setToOne.has(c)),
  );
  const flags = new Set(dummies.flatMap((g) => g.columns));
  // Levels every generator draws as such (categorical, boolean, repeated text); a network's numbers need not be values the data holds.
  const discrete = table.columns.filter((c) => !parted.has(c.name) && !flags.has(c.name) && !numbersOf(c) && columnKind(c, 0) === 'discrete').map((c) => c.name);
  const lookups = derived.lookups ? findLookups(table, discrete, levelsOf) : [];
  const determined = new Set(lookups.map((l) => l.column));
  const modelledOnly = (c: Column) => !determined.has(c.name) && !computed.has(c.name) && !parted.has(c.name) && !flags.has(c.name);
  const sums = findSums(table, table.columns.filter(modelledOnly).map((c) => c.name), conditioned);
  const summed = new Set(sums.map((x) => x.column));
  const monotone = findMonotone(table, table.columns.filter((c) => modelledOnly(c) && !summed.has(c.name)).map((c) => c.name), conditioned);
  const curved = new Set(monotone.map((m) => m.column));
  // Columns a lookup, a sum, a curve, a date, a one-hot group or a formula sets.
  const fromOthers = new Set([...determined, ...summed, ...curved, ...parted, ...flags, ...computed]);
  // Levels a number cuts into ranges stay modelled and are then set from the number: never a column a condition fixes or a formula sets.
  const kept = new Set([...fromOthers, ...conditioned]);
  // The copula looks its own lookups up inside its sample, before a cut is set: a cut column there would leave them stale.
  const innerLinked = derived.lookups ? new Set<string>() : linkedByLookups(table, table.columns.filter((c) => !fromOthers.has(c.name)), params.discrete_threshold ?? BIN_LEVELS);
  const levelled = table.columns.filter((c) => !kept.has(c.name) && !innerLinked.has(c.name) && !continuous(c)).map((c) => c.name);
  // A source is sampled by the inner model (never a column computed after it), so a condition on its cut column can be met by drawing.
  const bins = findBins(table, levelled, table.columns.filter((c) => continuous(c) && !fromOthers.has(c.name)).map((c) => c.name));
  // A cut's source may be a gap (cuts are judged on rows set back); its column, set after the gaps, bounds none.
  const cutTargets = new Set(bins.map((b) => b.column));
  const gaps = findGaps(table, table.columns.filter((c) => !fromOthers.has(c.name) && !cutTargets.has(c.name)).map((c) => c.name), conditioned);
  // Timestamps the model draws as such (not a gap above another, nor one a request fixes) are modelled as a day and a time.
  const gapped = new Set(gaps.map((g) => g.column));
  const times = findTimesOfDay(local, dates.filter((d) => !fromOthers.has(d) && !gapped.has(d) && !conditioned.has(d)));
  if (![lookups, sums, bins, monotone, gaps, dateParts, dummies, weekdays, times, monthDays].some((found) => found.length)) return undefined;
  const ruled = offsetsFor(offsets, [...monthDays, ...weekdays, ...times].map((r) => r.column).concat(dateParts.map((p) => p.from)));
  return { columns: table.columns.map((c) => c.name), lookups: lookups.map((l) => ({ ...l, shape: shapeOf(getColumn(table, l.column)!) })), sums, bins, monotone, gaps, dateParts, dummies, weekdays, times, monthDays, offsets: ruled };
}

/** Columns that determine, or are determined by, another of `columns` taken as levels: the lookups an inner copula may find. */
function linkedByLookups(table: Table, columns: readonly Column[], discreteThreshold: number): Set<string> {
  const ofKind = (kind: string) => columns.filter((c) => columnKind(c, discreteThreshold) === kind).map((c) => c.name);
  return new Set(findLookups(table, ofKind('discrete'), levelsOf, new Set(), new Set(ofKind('continuous'))).flatMap((l) => [l.column, l.from]));
}

/** Number and datetime columns of more values than a column of levels has: the ones that may cut another. */
const continuous = (c: Column) => numbersOf(c) !== undefined && columnKind(c, BIN_LEVELS) === 'continuous';
const BIN_LEVELS = 20;

/** Rows the inner model draws, freely and with a fixed seed, to see whether it crosses a cut. */
const PROBE_ROWS = 2000;

/**
 * The model of a finished fit. A cut column is kept only where the inner model, drawing freely,
 * crosses its boundaries: a copula of one group per level never does, and there conditions on the
 * level and the number keep their meaning. With nothing derived left, the inner model itself,
 * in its own format.
 */
function settled(plan: Plan, inner: FittedModel): FittedModel {
  const probe = plan.bins.length ? setBack(plan, inner.sample(PROBE_ROWS, Rng.seeded(0)), Rng.seeded(1)) : undefined;
  const bins = probe ? plan.bins.filter((b) => crosses(b, probe)) : [];
  const derives = [plan.lookups, plan.sums, plan.monotone, plan.gaps, plan.dateParts, plan.dummies, plan.weekdays, plan.times, plan.monthDays, bins].some((found) => found.length);
  return derives ? new LookupModel({ ...plan, bins }, inner) : inner;
}

/**
 * The inner model's rows with timestamps joined from their day and time, dates moved to their
 * days of the month and of the week (but for the dates in `fixed`: a condition's day is kept),
 * then gaps set back above the moved dates, and a gap column moved forward to its days, so it
 * stays above them. The calendar steps run on each date's local clock; gaps, between instants.
 */
function setBack(plan: Plan, rows: Table, rng: Rng, fixed: Conditions = {}): Table {
  const gapped = new Set(plan.gaps.map((g) => g.column));
  const free = <R extends { readonly column: string }>(rules: readonly R[], gap: boolean) => rules.filter((r) => !Object.hasOwn(fixed, r.column) && gapped.has(r.column) === gap);
  const localFixed = localConditions(plan.offsets, fixed);
  const drawn = inLocalTime(plan.offsets, rows, (local) => withWeekdays(free(plan.weekdays, false), withMonthDays(free(plan.monthDays, false), joinTimes(plan.times, local, localFixed)), rng));
  const [weekdays, monthDays] = [free(plan.weekdays, true), free(plan.monthDays, true)];
  const forward = (table: Table, column: string) =>
    inLocalTime(plan.offsets, table, (local) => forwardToWeekdays(weekdays.filter((w) => w.column === column), forwardToMonthDays(monthDays.filter((m) => m.column === column), local)));
  return fromGaps(plan.gaps, drawn, forward);
}

/**
 * The table the inner generator sees: without the determined columns, with gaps in place of the
 * columns above others, and timestamps as their day and time.
 */
function bodyOf(table: Table, plan: Plan): Table {
  const determined = new Set([...plan.lookups, ...plan.sums, ...plan.monotone, ...plan.dateParts].map((d) => d.column));
  const body = toGaps(plan.gaps, toLevels(plan.dummies, selectColumns(table, table.columns.filter((c) => !determined.has(c.name)).map((c) => c.name))));
  // A timestamp's day is its local midnight (as an instant), its time of day the local clock's.
  return inLocalTime(plan.offsets, body, (local) => splitTimes(plan.times, local));
}

/** The saved bytes; no curves, gaps, date parts, one-hot groups, weekdays, times of day or days of the month, no field for them, so models without them are the bytes they were before those were found. */
const envelope = ({ monotone, gaps, dateParts, dummies, weekdays, times, monthDays, offsets, ...plan }: Plan, inner: Uint8Array): Uint8Array =>
  encodeJson({
    format: FORMAT,
    ...plan,
    ...(monotone.length ? { monotone } : {}),
    ...(gaps.length ? { gaps } : {}),
    ...(dateParts.length ? { dateParts } : {}),
    ...(dummies.length ? { dummies } : {}),
    ...(weekdays.length ? { weekdays } : {}),
    ...(times.length ? { times } : {}),
    ...(monthDays.length ? { monthDays } : {}),
    ...(Object.keys(offsets).length ? { offsets } : {}),
    inner: decodeJson(inner),
  });

/** The wrapper's envelope, or undefined for the inner generator's own bytes (an old model, or a fit without lookups). */
function openEnvelope(bytes: Uint8Array): Saved | undefined {
  const json = decodeJson(bytes);
  return typeof json === 'object' && json !== null && 'format' in json && json.format === FORMAT ? Saved.parse(json) : undefined;
}

/** Samples the inner model, then looks each determined column up. */
class LookupModel implements FittedModel {
  constructor(
    private readonly plan: Plan,
    private readonly inner: FittedModel,
  ) {}

  /** The inner model's dates and the looked-up columns' (left out of it), for problems that quote conditions. */
  dateFormats(): DateFormats {
    return new Map([...(this.inner.dateFormats?.() ?? []), ...dateFormatsOf(this.plan.lookups.map((l) => l.shape))]);
  }

  sample(rows: number, rng: Rng, asked: Conditions = {}): Table {
    const conditions = flagsAsLevels(this.plan.dummies, asked);
    for (const w of this.plan.weekdays) {
      const day = conditions[w.column];
      if (typeof day === 'number' && !onWeekdays(w, localMs(this.plan.offsets, w.column, day))) throw unprocessable(`${w.column} falls ${weekdaysExpression(w)} in the data, and is generated so; condition on one of those days, or fit with lookups off.`, { column: w.column });
    }
    for (const m of this.plan.monthDays) {
      const day = conditions[m.column];
      if (typeof day === 'number' && !onMonthDays(m, localMs(this.plan.offsets, m.column, day))) throw unprocessable(`${m.column} falls ${monthDaysExpression(m)} in the data, and is generated so; condition on such a date, or fit with lookups off.`, { column: m.column });
    }
    // A date part is met by drawing dates until the part is the one asked for; the other computed columns are refused.
    const parted = new Set(this.plan.dateParts.map((p) => p.column));
    const formulas = this.formulas().filter((f) => !this.plan.dummies.some((g) => g.columns[0] === f.column));
    const formula = formulas.find((f) => Object.hasOwn(conditions, f.column) && !parted.has(f.column));
    if (formula) {
      // Name only the parts a condition can fix: a stock's open is itself a gap above its low, so only the low is drawn.
      const drawn = formula.parts.filter((part) => !formulas.some((f) => f.column === part));
      const instead = drawn.length ? `condition on ${drawn.join(', ')} instead, or fit with lookups off` : 'fit with lookups off to condition on it';
      throw unprocessable(`${formula.column} is computed as ${formula.expression} on every row of the data, and generated so; ${instead}.`, { column: formula.column });
    }
    // A condition on a cut column holds for the model and for its number's range: rows are drawn until the number falls in it.
    const tests: NumberTest[] = [];
    for (const bin of this.plan.bins) {
      const test = Object.hasOwn(conditions, bin.column) ? binTest(bin, conditions[bin.column]!) : undefined;
      if (test) tests.push([bin.from, test]);
    }
    // A part missing is its date missing, which the model draws as asked.
    const drawnConditions: Record<string, ConditionValue> = Object.fromEntries(Object.entries(conditions).filter(([name]) => !parted.has(name)));
    for (const p of this.plan.dateParts.filter((p) => Object.hasOwn(conditions, p.column))) {
      const asked = conditions[p.column]!;
      if (asked === null) {
        if (conditions[p.from] !== undefined && conditions[p.from] !== null) throw unprocessable(`Conditions ${p.column} = null and ${p.from} = a date contradict each other: ${p.column} is missing exactly where ${p.from} is.`, { column: p.column });
        drawnConditions[p.from] = null;
        continue;
      }
      const test = partTest(p, asked);
      if (!test) throw unprocessable(`Condition ${p.column} = ${JSON.stringify(asked)}: ${p.column} is ${datePartExpression(p)} on every row, and no ${p.from} gives that value.`, { column: p.column });
      tests.push([p.from, (ms) => test(localMs(this.plan.offsets, p.from, ms))]);
    }
    const { fixed, open } = resolveLookupConditions(this.plan.lookups, drawnConditions, this.dateFormats());
    // Each determinant may take the levels the data pairs, or those the conditions leave open.
    const allowed = new Map(this.plan.lookups.map((l) => [l.from, new Set(l.pairs.map(([from]) => from))]));
    for (const [from, levels] of open) allowed.set(from, new Set(levels));
    const body = this.sampleAccepted(rows, rng, fixed, allowed, tests);
    // As rows are drawn, times are joined to their days, dates moved to their days and gaps set back;
    // then date parts, off dates set; then cuts, from modelled numbers; then curves, whose source may
    // be any of those; then sums, whose parts may be too.
    if (body) {
      const set = readInLocalTime(this.plan.offsets, toFlags(this.plan.dummies, body), (local) => withDateParts(this.plan.dateParts, local));
      return withLookedUp(this.plan.columns, this.plan.lookups, withSummed(this.plan.sums, withMonotone(this.plan.monotone, withBinned(this.plan.bins, set))));
    }
    const narrowed = [...new Set([...open.map(([from]) => from), ...tests.map(([from]) => from)])];
    // Marked as a refusal of chance, not of the conditions themselves: a one-row probe may meet it where more rows would not.
    throw unprocessable(
      narrowed.length
        ? `Conditions ${describeConditions(asked, this.dateFormats())}: fewer than one row in ${MAX_DRAWN_PER_ROW} the model draws meets them; condition on ${narrowed.join(' or ')} directly, or on fewer columns.`
        : `The model keeps drawing levels of ${[...allowed.keys()].join(', ')} that no row of the data holds, so the columns they determine cannot be looked up; fit with lookups off.`,
      { [CHANCE]: MAX_DRAWN_PER_ROW },
    );
  }

  /** The inner model's rows; a condition on a timestamp modelled as its day and time is one on both, and a refusal of the time names the timestamp. */
  private innerSample(rows: number, rng: Rng, fixed: Conditions): Table {
    try {
      return this.inner.sample(rows, rng, this.onDayAndTime(fixed));
    } catch (e) {
      const split = e instanceof ProblemError && e.status === 422 ? this.plan.times.find((f) => e.detail.includes(f.time)) : undefined;
      if (!split) throw e;
      throw unprocessable(`${split.column}: the data holds it at no such time of day; condition on a time it has, or fit with lookups off.`, { column: split.column });
    }
  }

  /** The conditions with a timestamp modelled as its day and time as conditions on both. */
  private onDayAndTime(conditions: Conditions): Conditions {
    const out: Record<string, ConditionValue> = { ...conditions };
    for (const f of this.plan.times) {
      const at = conditions[f.column];
      if (at === undefined) continue;
      // Split on the local clock; the model's day is that local midnight as an instant.
      const split = splitCondition(f, typeof at === 'number' ? localMs(this.plan.offsets, f.column, at) : NaN);
      const day = split[f.column];
      Object.assign(out, split, typeof day === 'number' ? { [f.column]: instantMs(this.plan.offsets, f.column, day) } : {});
    }
    return out;
  }

  /**
   * The inner model's rows (set back: times joined, dates moved, gaps restored) whose determinants took allowed levels, by rejection: exact under the
   * model, where weighing several open levels (a region's countries) by their likelihood would take
   * a model that has one (the copula), and the networks condition on one level per column. It also
   * drops a level no row holds: a category listed but absent from the rows (a split's missing
   * level) keeps some mass in a network's softmax, and has nothing to look up. Undefined when
   * fewer than one row in MAX_DRAWN_PER_ROW is accepted.
   */
  private sampleAccepted(rows: number, rng: Rng, fixed: Conditions, allowed: ReadonlyMap<string, ReadonlySet<LookupLevel>>, tests: readonly NumberTest[]): Table | undefined {
    const budget = MAX_DRAWN_PER_ROW * rows;
    const parts: Table[] = [];
    let kept = 0;
    let drawn = 0;
    do {
      const missing = rows - kept;
      // After the first draw, enough rows for what is missing at the rate accepted so far (at most 16 times it).
      const batch = drawn === 0 ? rows : Math.min(budget - drawn, missing * Math.min(16, Math.ceil((1.2 * drawn) / Math.max(kept, 1))));
      // Set back before they are judged: a cut's source may be a gap above other columns.
      const drawnRows = setBack(this.plan, this.innerSample(batch, rng, fixed), rng, fixed);
      drawn += batch;
      const accepted = acceptedRows(drawnRows, allowed, tests).slice(0, missing);
      parts.push(accepted.length === batch ? drawnRows : takeRows(drawnRows, accepted));
      kept += accepted.length;
    } while (kept < rows && drawn < budget);
    return kept < rows ? undefined : concatTables(parts);
  }

  save(): Uint8Array {
    return envelope(this.plan, this.inner.save());
  }

  lookups(): { column: string; from: string }[] {
    return [...this.plan.lookups, ...this.plan.bins].map(({ column, from }) => ({ column, from })).concat(this.inner.lookups?.() ?? []);
  }

  formulas(): Formula[] {
    const sums = this.plan.sums.map((s): Formula => ({ column: s.column, expression: sumExpression(s), parts: s.terms.map((t) => t.column), kind: 'sum' }));
    const curves = this.plan.monotone.map((m): Formula => ({ column: m.column, expression: monotoneExpression(m), parts: [m.from], kind: 'curve' }));
    const gaps = this.plan.gaps.map((g): Formula => ({ column: g.column, expression: gapExpression(g), parts: g.above, kind: 'gap' }));
    const parts = this.plan.dateParts.map((p): Formula => ({ column: p.column, expression: datePartExpression(p), parts: [p.from], kind: 'date_part' }));
    const dummies = this.plan.dummies.map((g): Formula => ({ column: g.columns[0]!, expression: dummiesExpression(g), parts: g.columns.slice(1), kind: 'one_hot' }));
    return [...sums, ...curves, ...gaps, ...parts, ...dummies];
  }

  monthDays(): { column: string; rule: string }[] {
    return this.plan.monthDays.map((m) => ({ column: m.column, rule: monthDaysExpression(m) }));
  }

  weekdays(): { column: string; days: string[] }[] {
    return this.plan.weekdays.map((w) => ({ column: w.column, days: weekdayNames(w) }));
  }

  groups() {
    return this.inner.groups?.();
  }

  privacy() {
    return this.inner.privacy?.();
  }
}

/** The inner run on the body table; its checkpoints carry the lookups, and its model looks them up. */
class LookupRun implements TrainingRun {
  constructor(
    private readonly plan: Plan,
    private readonly inner: TrainingRun,
  ) {}

  get epochsDone() {
    return this.inner.epochsDone;
  }
  get epochsPlanned() {
    return this.inner.epochsPlanned;
  }
  get finished() {
    return this.inner.finished;
  }
  get history() {
    return this.inner.history;
  }
  runEpoch(within?: WithinEpoch, clock?: () => number) {
    return this.inner.runEpoch(within, clock);
  }
  checkpoint(): Uint8Array {
    return envelope(this.plan, this.inner.checkpoint());
  }
  finish(): FittedModel {
    return settled(this.plan, this.inner.finish());
  }
  dispose(): void {
    this.inner.dispose();
  }
}

function wrapTrainer<P extends LookupsParams>(inner: Trainer<P>, derived: DerivedColumns): Trainer<P> {
  return {
    async start(table, params, seed, onPrepare, options) {
      const plan = planLookups(table, params, derived, options);
      return plan ? new LookupRun(plan, await inner.start(bodyOf(table, plan), params, seed, onPrepare)) : inner.start(table, params, seed, onPrepare);
    },
    async resume(table, checkpoint) {
      const saved = openEnvelope(checkpoint);
      if (!saved) return inner.resume(table, checkpoint);
      const plan = planOf(saved);
      return new LookupRun(plan, await inner.resume(bodyOf(table, plan), encodeJson(saved.inner)));
    },
  };
}

/** `inner` with lookups and the other derived columns: the same name, params, capabilities and trainer, fitting and sampling around them. */
export function withLookups<P extends LookupsParams>(inner: Synthesizer<P>, derived: DerivedColumns = { lookups: true }): Synthesizer<P> {
  return {
    ...inner,
    async fit(table, params, rng, onProgress, options) {
      const plan = planLookups(table, params, derived, options);
      return plan ? settled(plan, await inner.fit(bodyOf(table, plan), params, rng, onProgress)) : inner.fit(table, params, rng, onProgress);
    },
    async load(bytes) {
      const saved = openEnvelope(bytes);
      if (!saved) return inner.load(bytes);
      return new LookupModel(planOf(saved), await inner.load(encodeJson(saved.inner)));
    },
    ...(inner.trainer ? { trainer: wrapTrainer(inner.trainer, derived) } : {}),
  };
}
