/** Charts are Vega-Lite specs rendered by vega-embed. */
import embed, { type Result } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { lossLabel } from './labels.js';
import { keptOffsetMinutes } from '../../core/table/utc-offset.js';

/**
 * Renders into target at the width of its box; a target not yet laid out gets a laptop-sized width
 * instead of 'container'. vega-embed makes the target inline-block, whose width is that of the chart
 * inside, so a redraw measured there would grow each time: the old chart goes first and the target
 * stays a block (style.css), so the width measured is the card's.
 */
export function chart(target: HTMLElement, spec: TopLevelSpec, drawn?: (target: HTMLElement) => void): Promise<void> {
  return inTurn(target, async () => {
    clear(target);
    // 'fit-x' counts axes and legends in the width, so the chart takes the card's width, not more.
    const width = Math.max(200, (await laidOutWidth(target)) - 8);
    const result = await embed(target, { ...spec, width, autosize: { type: 'fit-x', contains: 'padding' } } as TopLevelSpec, { actions: false, renderer: 'svg' });
    views.set(target, result);
    // In the same turn: a later draw into the target finds this one finished.
    drawn?.(target);
  });
}

/** Shows a sentence instead of a chart, for a column with nothing to draw. */
export function noChart(target: HTMLElement, text: string): Promise<void> {
  return inTurn(target, async () => {
    clear(target);
    target.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted no-values', textContent: text }));
  });
}

/**
 * The target's width once it is on the page: sections are often drawn into before they are
 * attached, and a guessed width then gets scaled down (tiny text on a phone). A target never laid
 * out (hidden) gets a laptop-sized width after a while.
 */
function laidOutWidth(target: HTMLElement): Promise<number> {
  if (target.clientWidth > 0) return Promise.resolve(target.clientWidth);
  return new Promise((resolve) => {
    const done = (width: number) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(width);
    };
    const observer = new ResizeObserver(() => target.clientWidth > 0 && done(target.clientWidth));
    const timer = setTimeout(() => done(640), 3000);
    observer.observe(target);
  });
}

/**
 * Empties a target, first stopping the view drawn there: a view whose elements are gone but whose
 * listeners (tooltips, resize) still run throws on the next pointer move.
 */
const views = new WeakMap<HTMLElement, Result>();
function clear(target: HTMLElement): void {
  views.get(target)?.finalize();
  views.delete(target);
  target.replaceChildren();
}

/**
 * Draws into a target one at a time, in the order asked: two embeds at once into one element
 * interleave (a chart over the sentence meant to replace it, Vega warning of empty extents).
 */
const turns = new WeakMap<HTMLElement, Promise<void>>();
function inTurn(target: HTMLElement, draw: () => Promise<void>): Promise<void> {
  const next = (turns.get(target) ?? Promise.resolve()).catch(() => undefined).then(draw);
  turns.set(target, next);
  return next;
}

/**
 * Column names as chart categories. Vega keys axis labels by their value in plain objects, so a
 * column named `__proto__` breaks the axis (TypeError reading 'datum'): charts get each name's index
 * ("c0", "c1"…) as the category and show the name through the axis' labelExpr.
 */
export function nameKeys(names: readonly string[]) {
  const key = (name: string) => `c${names.indexOf(name)}`;
  // Vega caches label text by value too: a zero-width space keeps such a name from being a prototype member.
  const labels = names.map((n) => (n in Object.prototype ? `${n}\u200b` : n));
  const axis = { labelExpr: `${JSON.stringify(labels)}[toNumber(slice(datum.value, 1))]` };
  return { key, sort: names.map((_, i) => `c${i}`), axis };
}

/** Longest category label an axis shows whole: past it, labels run into each other and off the chart. */
export const CATEGORY_LABEL_CHARS = 20;

/** `label` cut to at most `max` characters (never inside a surrogate pair, no space before the ellipsis), ending in an ellipsis when cut. */
export function shortLabel(label: string, max = CATEGORY_LABEL_CHARS): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : label;
}

/** The category axis' accessible name: also how categoryLabelTitles finds the axis among the chart's. */
const categoryAxisName = (column: string) => `${column} categories`;

/**
 * Bars of a category column's most frequent values, in the order given (most frequent first). Each
 * category is keyed by its index and shown through labelExpr as the text it is: a category is text,
 * never a number to format (`007`, `1e3`), nor a name Vega's plain-object caches trip on
 * (`__proto__`, nameKeys). Long labels are cut (shortLabel); categoryLabelTitles gives each its
 * whole text as a tooltip, as the bar's own tooltip does.
 */
export function categoryBarsSpec(column: string, counts: readonly { value: string; count: number }[]): TopLevelSpec {
  const labels = counts.map((c) => shortLabel(c.value)).map((l) => (l in Object.prototype ? `${l}\u200b` : l));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Distribution of ${column}`,
    height: 180,
    data: { values: counts.map((c, i) => ({ key: `c${i}`, value: c.value, count: c.count, aria: `${c.value}: ${c.count}` })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      // Parity hides every other label where they would collide (many bars on a phone); each bar's tooltip still names it.
      x: { field: 'key', type: 'nominal', sort: null, title: column, axis: { labelExpr: `${JSON.stringify(labels)}[toNumber(slice(datum.value, 1))]`, labelOverlap: 'parity', description: categoryAxisName(column) } },
      y: { field: 'count', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
      tooltip: [
        { field: 'value', type: 'nominal', title: column },
        { field: 'count', type: 'quantitative', title: 'count' },
      ],
      description: { field: 'aria', type: 'nominal' },
    },
  };
}

/**
 * Gives each label of a drawn categoryBarsSpec axis its whole category as an SVG <title>, the
 * tooltip of a cut one; Vega draws axis labels deaf to the pointer, so they are made to hear it.
 * The labels are drawn in the order of the bars (sort: null), the order of `values`.
 */
export function categoryLabelTitles(target: HTMLElement, column: string, values: readonly string[]): void {
  const axis = [...target.querySelectorAll('g.role-axis')].find((g) => g.getAttribute('aria-label') === categoryAxisName(column));
  axis?.querySelectorAll('.role-axis-label text').forEach((text, i) => {
    const value = values[i];
    if (value === undefined) return;
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = value;
    text.setAttribute('pointer-events', 'visiblePainted');
    text.prepend(title);
  });
}

/**
 * The opacity of a heatmap's cell text: none when the cells are narrower than the text of a value
 * such as "-0.55" at 10 px (about 28 px), where neighbouring numbers would run into each other (a
 * phone). Measured on the drawn band scale, so it holds at any width; the colour and tooltip remain.
 */
export const cellTextOpacity = { condition: { test: "bandwidth('x') < 30", value: 0 }, value: 1 } as const;

/** Most columns a heatmap or a per-column bar chart shows: past it, cells of a few pixels and charts thousands of pixels tall say nothing. */
export const CHART_COLUMNS = 40;

/**
 * The `limit` columns of an association matrix with the strongest association to any other column
 * (|value| off the diagonal), in their order in the table; all of them when there are no more.
 */
export function strongestColumns(columns: readonly string[], matrix: readonly (readonly (number | null)[])[], limit = CHART_COLUMNS): number[] {
  const all = columns.map((_, i) => i);
  if (columns.length <= limit) return all;
  const strength = all.map((i) => Math.max(0, ...all.filter((j) => j !== i).map((j) => Math.abs(matrix[i]?.[j] ?? 0))));
  return [...all].sort((a, b) => strength[b]! - strength[a]! || a - b).slice(0, limit).sort((a, b) => a - b);
}

/** The `limit` columns least alike in the synthetic data (lowest score): the ones worth a look. */
export function worstShapes<D extends { score: number }>(details: readonly D[], limit = CHART_COLUMNS): D[] {
  return details.length <= limit ? [...details] : [...details].sort((a, b) => a.score - b.score).slice(0, limit);
}

/** Scores below this get their label outside the bar: inside, the text would not fit. */
const LABEL_INSIDE = 0.2;

/**
 * Bars from 0 to 100 %, so their lengths compare honestly (an axis starting at 90 % made 92 % look
 * half of 100 %); each bar is labelled with its score, so 96.2 % and 99.5 % are still told apart.
 */
export function shapesSpec(details: { column: string; metric: string; score: number }[]): TopLevelSpec {
  const names = nameKeys(details.map((d) => d.column));
  // Least alike first, the columns to look at at the top: the rows come sorted (a sort by x is lost when the layers' domains merge).
  const y = { field: 'key', type: 'nominal', sort: null, title: null, axis: names.axis } as const;
  const x = { field: 'score', type: 'quantitative' } as const;
  const label = (inside: boolean) => ({
    transform: [{ filter: inside ? `datum.score >= ${LABEL_INSIDE}` : `datum.score < ${LABEL_INSIDE}` }],
    mark: { type: 'text', align: inside ? 'right' : 'left', dx: inside ? -4 : 4, color: inside ? '#ffffff' : '#1d2330', fontSize: 11 },
    encoding: { y, x, text: { field: 'score', type: 'quantitative', format: '.1%' } },
  }) as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Column shape similarity per column',
    height: Math.max(120, details.length * 22),
    data: { values: [...details].sort((a, b) => a.score - b.score).map((d) => ({ ...d, key: names.key(d.column) })) },
    layer: [
      {
        mark: { type: 'bar', tooltip: true, color: '#2f9e6e' },
        encoding: {
          y,
          x: { ...x, scale: { domain: [0, 1], nice: false }, axis: { format: '.0%', tickCount: 5, labelFlush: true }, title: 'similarity (100 % = the same distribution)' },
          tooltip: [{ field: 'column' }, { field: 'metric' }, { field: 'score', format: '.3f' }],
        },
      },
      label(true),
      label(false),
    ],
  } as TopLevelSpec;
}

/** Loss per epoch, one line per loss (train, validation, generator, critic…). */
export function lossCurveSpec(history: { epoch: number; loss: Record<string, number> }[]): TopLevelSpec {
  const values = history.flatMap((h) => Object.entries(h.loss).map(([series, loss]) => ({ epoch: h.epoch, series: lossLabel(series), loss })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Training loss per epoch',
    height: 200,
    data: { values },
    mark: { type: 'line', point: history.length <= 30, tooltip: true },
    encoding: {
      // Not niced: a nice domain stretches epochs 1–23 to 0–24.
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { nice: false }, axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    },
  };
}

/** Milliseconds (UTC) of a datetime cell; a time of day alone ("08:30") counts from 1970-01-01. */
function datetimeMs(v: string | number): number {
  if (typeof v === 'number') return v;
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(v.trim());
  if (time) return ((Number(time[1]) * 60 + Number(time[2])) * 60 + Number(time[3] ?? 0)) * 1000;
  return Date.parse(v);
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Bucket labels that sort as text in time order, at a grain that fits the spread of the values, on
 * the column's clock (`ahead` ms east of UTC): hours and days as the column writes them.
 */
function grainOf(spread: number, ahead: number, clock: string): { title: string; bucket: (ms: number) => string } {
  const local = (ms: number) => new Date(ms + ahead);
  if (spread < DAY_MS) return { title: `hour of day, ${clock}`, bucket: (ms) => `${pad(local(ms).getUTCHours())}:00` };
  if (spread < 62 * DAY_MS) return { title: 'per day', bucket: (ms) => local(ms).toISOString().slice(0, 10) };
  return { title: 'per month', bucket: (ms) => local(ms).toISOString().slice(0, 7) };
}

/**
 * A histogram of datetime values at a grain that fits their spread: per hour when they all fall
 * within a day (times of day, one day's events; every hour shown, empty ones too), per day within
 * two months, else per month. A per-month count of values from one day would be a single bar.
 * Counted here rather than by a Vega-Lite timeUnit, which re-ran badly under 'fit' sizing.
 */
export function datetimeHistogramSpec(column: string, values: (string | number | null)[], utcOffset?: string): TopLevelSpec {
  const ms = values.filter((v): v is string | number => v !== null && v !== '').map(datetimeMs).filter(Number.isFinite);
  const spread = ms.length ? Math.max(...ms) - Math.min(...ms) : 0;
  const minutes = keptOffsetMinutes(utcOffset);
  const grain = grainOf(spread, minutes * 60_000, minutes ? `UTC${utcOffset}` : 'UTC');
  const counts = new Map<string, number>(spread < DAY_MS ? Array.from({ length: 24 }, (_, h) => [`${pad(h)}:00`, 0]) : []);
  for (const t of ms) counts.set(grain.bucket(t), (counts.get(grain.bucket(t)) ?? 0) + 1);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Distribution of ${column}`,
    height: 180,
    data: { values: [...counts].map(([bucket, rows]) => ({ bucket, rows })) },
    mark: { type: 'bar', tooltip: true, color: '#4f6bed' },
    encoding: {
      x: { field: 'bucket', type: 'ordinal', sort: 'ascending', title: `${column} (${grain.title})`, axis: { labelOverlap: true } },
      y: { field: 'rows', type: 'quantitative', title: 'rows' },
    },
  };
}
