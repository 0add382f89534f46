/**
 * Distributions ready to chart: histograms (Freedman–Diaconis unless `bins` is given) with a
 * Gaussian KDE curve (Scott's bandwidth) for numbers (and, for integers of few values, counts per
 * value), value counts for categories, counts per calendar period for datetimes (hours to decades,
 * by the span, never finer than the data's own step) — each with its Vega-Lite spec. The builders below take the figures however
 * they were computed, so the chunked path (./chunked/distributions.ts) shapes its results the same.
 */
import { z } from 'zod';
import type { Column, Table } from '../table/model.js';
import { gaussianKde } from '../stats/kde.js';
import { FEW_VALUES, labels, presentNumbers, sortedValueCounts } from './columns.js';
import { Histogram, histogram, moments } from './describe.js';
import { keptOffset, keptOffsetMinutes } from '../table/utc-offset.js';

const VL = 'https://vega.github.io/schema/vega-lite/v6.json';
const KDE_POINTS = 100;
/** Histograms here may have up to this many bins (describe keeps to 50). */
export const DISTRIBUTION_MAX_BINS = 200;
/** Value counts shown per categorical column. */
const TOP_COUNTS = 50;
export const MISSING_LABEL = '(missing)';

const count = z.number().int().nonnegative();
const VegaLite = z.record(z.string(), z.unknown()).describe('A Vega-Lite v6 spec drawing the figures above, its data inline');

export const NumericDistribution = z
  .object({
    column: z.string(),
    kind: z.literal('numeric'),
    histogram: Histogram.describe('Freedman–Diaconis bins unless `bins` is given, at most 200'),
    kde: z
      .array(z.object({ x: z.number(), density: z.number() }))
      .describe("Gaussian kernel density (Scott's bandwidth) at 100 points over [min − 3h, max + 3h]; empty under two values or without spread"),
    values: z
      .array(z.object({ value: z.number(), count }))
      .optional()
      .describe(`An integer column of at most ${FEW_VALUES} distinct values: the count of each, ascending (what vega_lite then draws, one bar per value)`),
    vega_lite: VegaLite,
  })
  .meta({ id: 'EdaNumericDistribution' });

export const DatetimeDistribution = z
  .object({
    column: z.string(),
    kind: z.literal('datetime'),
    period: z.string().describe('The calendar bin: hour, day, week, month, quarter, year or a number of years ("5 years"); never finer than the data’s own step'),
    counts: z.array(z.object({ period: z.string().describe('The period’s start, as a date Vega-Lite reads'), count })).describe('Every period from the first to the last, empty ones too'),
    vega_lite: VegaLite,
  })
  .meta({ id: 'EdaDatetimeDistribution' });

export const CategoricalDistribution = z
  .object({
    column: z.string(),
    kind: z.literal('categorical'),
    counts: z.array(z.object({ value: z.string().describe(`The label; "${MISSING_LABEL}" counts missing values`), count })).describe('The 50 most common values, most common first'),
    vega_lite: VegaLite,
  })
  .meta({ id: 'EdaCategoricalDistribution' });

/** What POST /eda/distributions answers, besides how it was computed (approximation.ts). */
export const DistributionsResult = z.object({
  distributions: z.array(z.discriminatedUnion('kind', [NumericDistribution, DatetimeDistribution, CategoricalDistribution])).describe('One per column asked for, in that order'),
});
export type DistributionsResult = z.infer<typeof DistributionsResult>;

/**
 * The chunked path's kernel centres are every `step`-th of the ranks its sketch reads, about 5 000
 * (its approximation reports the bound). In memory every value is a centre.
 */
export const kdeStride = (n: number) => Math.max(1, Math.floor(n / 5000));

/** Scott's bandwidth for n values of sample standard deviation std. */
export const kdeBandwidth = (n: number, std: number) => std * n ** (-1 / 5);

/**
 * Gaussian KDE with the bandwidth of n values (min, max, std) through the given kernel centres
 * (sorted ascending), evaluated at 100 points over [min − 3h, max + 3h]. Empty when fewer than two
 * values or no spread. The sum over centres is exact to rounding (../stats/kde.ts), in linear time.
 */
export function kdeCurve(centres: Float64Array, n: number, std: number, min: number, max: number): { x: number; density: number }[] {
  if (n < 2 || !(std > 0) || !Number.isFinite(std)) return [];
  // In units of a power of two near the largest |value|: exact, and min − 3h, hi − lo and the
  // kernel sums stay finite for values near ±1.7e308. The grid is clamped to the doubles.
  const unit = 2 ** -Math.max(-1000, Math.floor(Math.log2(Math.max(Math.abs(min), Math.abs(max)) || 1)));
  const h = kdeBandwidth(n, std) * unit;
  const limit = Number.MAX_VALUE * unit;
  const lo = Math.max(-limit, min * unit - 3 * h);
  const hi = Math.min(limit, max * unit + 3 * h);
  const xs = Float64Array.from({ length: KDE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (KDE_POINTS - 1));
  const density = gaussianKde(ascending(centres.map((v) => v * unit)), h, xs);
  return Array.from(xs, (x, i) => ({ x: x / unit, density: density[i]! * unit }));
}

/** The centres themselves when already ascending (as sorted columns and sketch ranks are), else a sorted copy. */
function ascending(values: Float64Array): Float64Array {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return Float64Array.from(values).sort();
  return values;
}

/** The exact KDE: every value a kernel centre. */
function kde(sorted: Float64Array): { x: number; density: number }[] {
  const n = sorted.length;
  return kdeCurve(sorted, n, moments(sorted).std, sorted[0] ?? NaN, sorted[n - 1] ?? NaN);
}

/**
 * A number column's histogram and KDE. `values` — counts per value, ascending — is given for an
 * integer column of at most FEW_VALUES distinct values: it is then also what the chart draws, one
 * bar per value, since bins (7.0–8.0 between 6 and 8 cylinders) would suggest values the column never takes.
 */
export function numericDistribution(name: string, hist: Histogram, kdePoints: { x: number; density: number }[], values?: { value: number; count: number }[]) {
  const bins = hist.counts.map((count, i) => ({ start: hist.edges[i]!, end: hist.edges[i + 1]!, count }));
  values = values?.length ? values : undefined;
  return {
    column: name,
    kind: 'numeric' as const,
    histogram: hist,
    kde: kdePoints,
    ...(values ? { values } : {}),
    vega_lite: values
      ? {
          $schema: VL,
          data: { values },
          mark: 'bar',
          encoding: { x: { field: 'value', type: 'ordinal', title: name, sort: 'ascending', axis: { labelAngle: 0 } }, y: { field: 'count', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } } },
        }
      : {
          $schema: VL,
          data: { values: bins },
          mark: 'bar',
          encoding: { x: { field: 'start', bin: { binned: true }, title: name }, x2: { field: 'end' }, y: { field: 'count', type: 'quantitative' } },
        },
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Datetime counts have at most this many bins. */
export const DATETIME_MAX_BINS = 60;

/** A calendar period (UTC): the start of the one holding a time, the start of the next, and a label Vega-Lite reads as a date. */
export interface Period {
  readonly name: string;
  readonly start: (ms: number) => number;
  readonly next: (start: number) => number;
  readonly label: (start: number) => string;
}

/** ms at the first of month m (0-based, may overflow into other years) of year y; Date.UTC would read years 0–99 as 1900–1999. */
const utc = (y: number, m: number) => new Date(0).setUTCFullYear(y, m, 1);
const yearOf = (ms: number) => new Date(ms).getUTCFullYear();
const yearLabel = (y: number) => (y < 0 ? '-' : '') + String(Math.abs(y)).padStart(4, '0');
const monthLabel = (ms: number) => `${yearLabel(yearOf(ms))}-${String(new Date(ms).getUTCMonth() + 1).padStart(2, '0')}`;
const dayLabel = (ms: number) => `${monthLabel(ms)}-${String(new Date(ms).getUTCDate()).padStart(2, '0')}`;
const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

const hourLabel = (s: number, offset = 'Z') => `${dayLabel(s)}T${String(new Date(s).getUTCHours()).padStart(2, '0')}:00${offset}`;
const HOUR: Period = { name: 'hour', start: (t) => floorTo(t, HOUR_MS), next: (s) => s + HOUR_MS, label: (s) => hourLabel(s) };
const DAY: Period = { name: 'day', start: (t) => floorTo(t, DAY_MS), next: (s) => s + DAY_MS, label: dayLabel };
// Weeks start on Monday (ISO 8601); 1 January 1970, day 0, was a Thursday.
const WEEK: Period = { name: 'week', start: (t) => (Math.floor(t / DAY_MS) - ((((Math.floor(t / DAY_MS) + 3) % 7) + 7) % 7)) * DAY_MS, next: (s) => s + 7 * DAY_MS, label: dayLabel };
const months = (k: number, name: string): Period => ({
  name,
  start: (t) => {
    const d = new Date(t);
    return utc(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % k));
  },
  next: (s) => utc(yearOf(s), new Date(s).getUTCMonth() + k),
  label: monthLabel,
});
const years = (k: number): Period => ({
  name: k === 1 ? 'year' : `${k} years`,
  start: (t) => utc(Math.floor(yearOf(t) / k) * k, 0),
  next: (s) => utc(yearOf(s) + k, 0),
  label: (s) => yearLabel(yearOf(s)),
});
const FIXED: readonly Period[] = [HOUR, DAY, WEEK, months(1, 'month'), months(3, 'quarter')];

/** Whether the periods from min's to max's number at most DATETIME_MAX_BINS (stops counting there). */
function fits(p: Period, min: number, max: number): boolean {
  let bins = 0;
  for (let s = p.start(min); s <= max; s = p.next(s)) if (++bins > DATETIME_MAX_BINS) return false;
  return true;
}

/** The shortest length of each of FIXED's periods, then of a year: data stepping by one of them or more leaves the finer periods' bins empty between its values. */
const SHORTEST = [HOUR_MS, DAY_MS, 7 * DAY_MS, 28 * DAY_MS, 90 * DAY_MS];
const YEAR_MS = 365 * DAY_MS;

/**
 * The finest calendar period that covers [min, max] in at most DATETIME_MAX_BINS bins: hours, days,
 * weeks, months, quarters, then 1, 2, 5, 10, 20, 50 … years — and no finer than `step`, the smallest
 * step between distinct timestamps (the data's granularity): yearly data binned by quarter would
 * read as three empty quarters a year. Steps of a year or more give at least years.
 */
export function datetimePeriod(min: number, max: number, step = 0): Period {
  const floor = Number.isFinite(step) ? step * 1.01 : 0;
  for (const [i, p] of FIXED.entries()) {
    // Too fine when the data steps by the next coarser period or more.
    if (floor >= (SHORTEST[i + 1] ?? YEAR_MS)) continue;
    if (fits(p, min, max)) return p;
  }
  for (let k = 1; ; k *= 10) for (const m of [1, 2, 5]) if (fits(years(k * m), min, max)) return years(k * m);
}

/** The smallest step between consecutive distinct keys (Infinity for fewer than two). */
export function smallestStep(sortedDistinct: ArrayLike<number>): number {
  let step = Infinity;
  for (let i = 1; i < sortedDistinct.length; i++) step = Math.min(step, sortedDistinct[i]! - sortedDistinct[i - 1]!);
  return step;
}

/**
 * Counts per period, every period from the first to the last (empty ones too), from counts per
 * hour on the column's clock (addHours). Every period boundary is a whole hour, so the chunked path,
 * which keeps counts per hour, bins exactly as the in-memory path. `offsetMinutes` (east of UTC)
 * only names hours: `T00:00+02:00`; days, weeks and months are the column's own dates.
 * `starts`: each period's start, in ms of the column's clock read as UTC (for the chart's axis).
 */
export function datetimeCounts(hours: ReadonlyMap<number, number>, offsetMinutes = 0): { period: string; counts: { period: string; count: number }[]; starts: number[] } {
  if (!hours.size) return { period: 'month', counts: [], starts: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of hours.keys()) {
    lo = Math.min(lo, h);
    hi = Math.max(hi, h);
  }
  const step = smallestStep([...hours.keys()].sort((a, b) => a - b)) * HOUR_MS;
  const p = datetimePeriod(lo * HOUR_MS, hi * HOUR_MS, step);
  const starts: number[] = [];
  for (let s = p.start(lo * HOUR_MS); s <= hi * HOUR_MS; s = p.next(s)) starts.push(s);
  const counts = new Array<number>(starts.length).fill(0);
  for (const [h, n] of hours) {
    // The last start at or before the hour.
    const t = h * HOUR_MS;
    let a = 0;
    let b = starts.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >>> 1;
      if (starts[mid]! <= t) a = mid;
      else b = mid - 1;
    }
    counts[a]! += n;
  }
  const label = p === HOUR && offsetMinutes ? (s: number) => hourLabel(s, keptOffset(offsetMinutes)) : p.label;
  return { period: p.name, counts: starts.map((s, i) => ({ period: label(s), count: counts[i]! })), starts };
}

/**
 * Adds present timestamps to counts per hour (hour index → rows) on the column's clock,
 * `offsetMinutes` east of UTC: a Monday midnight at +02:00 is counted on Monday, not on Sunday
 * 22:00 UTC, so days and weeks are the column's own.
 */
export function addHours(hours: Map<number, number>, values: Float64Array, offsetMinutes = 0): void {
  const ahead = offsetMinutes * 60_000;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v !== v) continue;
    const h = Math.floor((v + ahead) / HOUR_MS);
    hours.set(h, (hours.get(h) ?? 0) + 1);
  }
}

/** Axis labels per period (d3 time formats), read on a UTC scale: the starts are the column's clock read as UTC. */
const AXIS_FORMAT: Record<string, string> = { hour: '%b %d %H:00', day: '%a %b %d', week: '%b %d', month: '%b %Y', quarter: '%b %Y' };

/**
 * The chart is drawn on a UTC scale with a tick at each period's start, so a browser in another
 * time zone still shows the column's dates, and weeks are labelled by their Mondays (Vega's own
 * ticks fell every few days: "Sat 09" on a weekly chart).
 */
export function datetimeDistribution(name: string, hours: ReadonlyMap<number, number>, utcOffset?: string) {
  const offsetMinutes = keptOffsetMinutes(utcOffset);
  const { period, counts: values, starts } = datetimeCounts(hours, offsetMinutes);
  const clock = offsetMinutes ? `, UTC${keptOffset(offsetMinutes)}` : '';
  const points = values.map((v, i) => ({ ...v, start: starts[i]! }));
  return {
    column: name,
    kind: 'datetime' as const,
    period,
    counts: values,
    vega_lite: {
      $schema: VL,
      data: { values: points },
      mark: 'line',
      encoding: {
        x: {
          field: 'start',
          type: 'temporal',
          title: `${name} (per ${period}${clock})`,
          scale: { type: 'utc' },
          axis: { values: starts, format: AXIS_FORMAT[period] ?? '%Y', labelOverlap: true },
        },
        y: { field: 'count', type: 'quantitative' },
        tooltip: [{ field: 'period', title: period }, { field: 'count' }],
      },
    },
  };
}

/** The 50 largest counts; ties keep the order of `counts` (first appearance, for the in-memory Map). */
export function categoricalDistribution(name: string, counts: ReadonlyMap<string, number>) {
  const values = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_COUNTS).map(([value, count]) => ({ value, count }));
  return { column: name, kind: 'categorical' as const, counts: values, vega_lite: { $schema: VL, data: { values }, mark: 'bar', encoding: { x: { field: 'value', type: 'nominal', sort: '-y' }, y: { field: 'count', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } } } } };
}

export function distributions(table: Table, columns: readonly string[], bins?: number) {
  return columns
    .map((n) => table.columns.find((c) => c.name === n))
    .filter((c): c is Column => c !== undefined)
    .map((c) => {
      if (c.type === 'integer' || c.type === 'float') {
        const sorted = presentNumbers(c).sort();
        const values = c.type === 'integer' ? sortedValueCounts(sorted) : undefined;
        return numericDistribution(c.name, histogram(sorted, DISTRIBUTION_MAX_BINS, bins), kde(sorted), values);
      }
      if (c.type === 'datetime') {
        const hours = new Map<number, number>();
        addHours(hours, c.values, keptOffsetMinutes(c.utcOffset));
        return datetimeDistribution(c.name, hours, c.utcOffset);
      }
      const counts = new Map<string, number>();
      for (const v of labels(c)) counts.set(v ?? MISSING_LABEL, (counts.get(v ?? MISSING_LABEL) ?? 0) + 1);
      return categoricalDistribution(c.name, counts);
    });
}
