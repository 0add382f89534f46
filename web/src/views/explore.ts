/** EDA views on the API: per-column statistics with their distribution, outliers, drift against another dataset. */
import { api, type ColumnInfo, type FileMeta } from '../api.js';
import { formatCount, h, latestLoad, plural, whileLoading, wideTable } from '../dom.js';
import { categoryBarsSpec, categoryLabelTitles, chart, datetimeHistogramSpec, noChart } from '../charts.js';
import type { TopLevelSpec } from 'vega-lite';
import { fileChoiceLabel } from '../lineage.js';
import { comparedWithText } from '../compared-with.js';
import { driftLegend } from '../validation-text.js';
import { driftExtraText, driftLeftOutTexts, driftRetypedTexts } from '../drift-text.js';
import { labelNumbers, statText } from '../stat-format.js';
import { dataRowHref } from '../route-hash.js';

/**
 * A column whose counts say nothing (50 bars of a row or two each): every value different (ids, free
 * text), or free text marked PII (names, emails), whose fakes in a generated file repeat by chance.
 * One rule for a source and the files generated from it.
 */
export function freeText(column: Pick<ColumnInfo, 'type' | 'pii'> | undefined, count: unknown, distinct: number | undefined): boolean {
  if (distinct !== undefined && distinct === count && distinct > 1) return true;
  return (column?.type === 'text' || column?.type === 'id') && column.pii !== undefined;
}

/** Row counts, grouped like every other count in the app (53,940). */
const COUNT_STATS = new Set(['count', 'missing', 'distinct', 'zeros']);

/**
 * What a datetime's gaps are: units of its granularity missing between its first and last value.
 * A daily series missing only Saturdays and Sundays is of business days, not one with holes.
 */
export function gapsText(col: Record<string, unknown>): string {
  const gaps = typeof col.gaps === 'number' ? col.gaps : 0;
  const unit = typeof col.granularity === 'string' ? col.granularity : undefined;
  const count = unit ? plural(gaps, `missing ${unit}`) : formatCount(gaps);
  const weekend = typeof col.weekend_gaps === 'number' ? col.weekend_gaps : undefined;
  if (!gaps || weekend === undefined || weekend === 0) return count;
  return weekend === gaps ? `${count}, all weekends (business days)` : `${count}, ${formatCount(weekend)} of them weekend days`;
}

/**
 * A statistic's card; long values (datetimes with an offset) take two columns and break where they must, rather than run into the next card.
 * Every number in one style (stat-format.ts): counts as counts, the rest grouped alike unless the column's numbers are labels (`plain`: years, ids).
 */
function statCard(key: string, col: Record<string, unknown>, plain: boolean): HTMLElement {
  const v = col[key];
  const text = key === 'gaps' ? gapsText(col) : COUNT_STATS.has(key) && typeof v === 'number' ? formatCount(v) : statText(v, plain);
  return h('div', { class: text.length > 12 ? 'stat long' : 'stat', 'data-stat': key }, h('dt', {}, key.replace('_', ' ')), h('dd', {}, text));
}

/** Under a category chart cut to the API's most frequent values: how many there are in all (missing values are a category of their own). */
export function cutCaption(shown: number, distinct: number | undefined, missing: unknown): string | undefined {
  if (distinct === undefined) return undefined;
  const categories = distinct + (typeof missing === 'number' && missing > 0 ? 1 : 0);
  return categories > shown ? `The ${formatCount(shown)} most frequent of ${formatCount(categories)} values.` : undefined;
}

/** The API's category counts (`{ value, count }`, most frequent first), any other entry left out. */
export const categoryCounts = (counts: readonly unknown[]) =>
  counts.filter((c): c is { value: string; count: number } => typeof c === 'object' && c !== null && typeof (c as { value?: unknown }).value === 'string' && typeof (c as { count?: unknown }).count === 'number');

const STAT_KEYS = ['type', 'count', 'missing', 'distinct', 'mean', 'std', 'min', 'q1', 'median', 'q3', 'max', 'skewness', 'kurtosis', 'zeros', 'entropy_bits', 'granularity', 'gaps'];

export function describeSection(meta: FileMeta): HTMLElement {
  const select = h('select', { id: 'describe-column', 'aria-label': 'Column to describe' }, ...(meta.columns ?? []).map((c) => h('option', { value: c.name }, c.name)));
  const stats = h('dl', { class: 'stats', id: 'describe-stats' });
  const box = h('div', { class: 'chart', id: 'distribution-chart' });
  const cut = h('p', { class: 'muted', id: 'distribution-cut' });
  const { run, failure } = latestLoad(
    async (latest) => {
      const name = select.value;
      const [d, dist] = await whileLoading(section, Promise.all([api.describe(meta.file_id, [name]), api.distributions(meta.file_id, [name])]));
      if (!latest()) return;
      const col = d.columns[0] ?? {};
      const column = meta.columns?.find((c) => c.name === name);
      stats.replaceChildren(...STAT_KEYS.filter((k) => k in col).map((k) => statCard(k, col, labelNumbers(column))));
      const one = dist.distributions[0];
      const counts = one?.counts ?? [];
      const distinct = typeof col.distinct === 'number' ? col.distinct : undefined;
      cut.textContent = '';
      if (col.count === 0) await noChart(box, `No values in ${name}.`);
      else if (one?.kind === 'categorical' && freeText(column, col.count, distinct))
        await noChart(box, `${name} is an identifier or free text (${formatCount(distinct ?? 0)} different values), with no distribution to draw.`);
      // The API's finest datetime bin is an hour: within an hour it is one point, and hourly points
      // of a time-of-day column read poorly as dates, so those are drawn from a sample as clock-labelled bars.
      else if (one?.kind === 'datetime' && (counts.length <= 1 || one.period === 'hour')) {
        const sample = await api.data(meta.file_id, 0, 2000, [name]);
        if (!latest()) return;
        await chart(box, datetimeHistogramSpec(name, sample.rows.map((r) => r[name] ?? null), column?.utc_offset));
      } else if (one?.vega_lite) {
        // The API sends a category's most frequent values only: the chart says it is not all of them.
        if (one.kind === 'categorical') {
          cut.textContent = cutCaption(counts.length, distinct, col.missing) ?? '';
          // Drawn here from the counts: labels as text, cut when long, whole in their tooltip (charts.ts categoryBarsSpec).
          const values = categoryCounts(counts);
          await chart(box, categoryBarsSpec(name, values), (drawn) => categoryLabelTitles(drawn, name, values.map((v) => v.value)));
        } else await chart(box, { ...one.vega_lite, height: 180 } as TopLevelSpec);
      }
    },
    () => {
      stats.replaceChildren();
      cut.textContent = '';
      void noChart(box, '');
    },
  );
  select.addEventListener('change', () => void run());
  queueMicrotask(() => void run());
  // Declared before `run` first runs (a microtask later), which marks it busy while it loads.
  const section = h('section', { 'aria-labelledby': 'describe-h' }, h('h2', { id: 'describe-h' }, 'Column statistics'), h('div', { class: 'chart-row' }, h('label', { for: 'describe-column' }, 'Column'), select), failure, stats, box, cut);
  return section;
}

/** Rows as numbered in Data, the first eight: ungrouped, since "507, 728, 1,236" splits 1236 in two in a comma-separated list. */
export const rowNumbersText = (rows: readonly number[]) => firstRows(rows).join(', ');

/** The rows an outlier's cell lists, numbered from 1 as Data numbers them. */
const firstRows = (rows: readonly number[]) => rows.slice(0, 8).map((r) => r + 1);

/** Shows a row (from 1) in the page's Data section, in place. */
export type OpenRow = (row: number) => void;

/**
 * Each listed row as a link to it in Data. A plain click shows it on this page (`open`), the address
 * changed with it (Back returns); a click for a new tab or window loads the address there instead.
 */
function rowLinks(fileId: string, rows: readonly number[], open: OpenRow | undefined): (Node | string)[] {
  return firstRows(rows).flatMap((row, i) => {
    const link = h('a', { href: dataRowHref(fileId, row), class: 'row-link', 'aria-label': `Row ${row} in Data` }, String(row));
    link.addEventListener('click', (e) => {
      if (!open || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      history.pushState(null, '', link.href);
      open(row);
    });
    return i ? [', ', link] : [link];
  });
}

type Outliers = Awaited<ReturnType<typeof api.outliers>>['columns'];

/** A lower bound below 0 (null is no bound: a column without values). */
const negativeLower = (c: Outliers[number]): c is Outliers[number] & { lower: number } => c.lower !== null && c.lower < 0;

/**
 * A lower bound below 0 on a column with no negative values (a price's Tukey fence at −5,612) is a
 * number no value can reach: the table says "none below" instead, and a line under it gives the
 * bound as computed. Display only: the API's numbers stay as they are.
 */
export function noneBelowNote(cut: readonly { column: string; lower: number; plain: boolean }[]): string | undefined {
  if (!cut.length) return undefined;
  const bounds = cut.map((c) => `${c.column} ${statText(c.lower, c.plain)}`).join(', ');
  return `None below: the lower bound falls under 0 and ${cut.length === 1 ? 'this column has' : 'these columns have'} no negative values, so no value is a low outlier (bound as computed: ${bounds}).`;
}

/** Whether a column of `meta`, by name, has numbers written ungrouped (stat-format.ts labelNumbers). */
const plainIn = (meta: FileMeta) => (name: string) => labelNumbers(meta.columns?.find((c) => c.name === name));

/** `nonNegative`: columns with no value below 0, whose negative lower bound is "none below". */
function outliersTable(meta: FileMeta, columns: Outliers, nonNegative: ReadonlySet<string>, open: OpenRow | undefined): HTMLTableElement {
  const plain = plainIn(meta);
  const lower = (c: Outliers[number]) =>
    negativeLower(c) && nonNegative.has(c.column) ? h('td', { class: 'num muted none-below', title: `Bound as computed: ${statText(c.lower, plain(c.column))}` }, 'none below') : h('td', { class: 'num' }, statText(c.lower, plain(c.column)));
  return h(
    'table',
    { id: 'outliers' },
    h('thead', {}, h('tr', {}, ...['Column', 'Outliers', 'Lower bound', 'Upper bound', 'First rows'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...columns.map((c) =>
        h('tr', {}, h('th', { scope: 'row', class: 'colname' }, c.column), h('td', { class: 'num' }, formatCount(c.count)), lower(c), h('td', { class: 'num' }, statText(c.upper, plain(c.column))), rowsCell(meta.file_id, c, open)),
      ),
    ),
  );
}

/** A column's first outlier rows as links; "none" for a column without outliers, not an empty cell that reads as still loading. */
function rowsCell(fileId: string, c: Outliers[number], open: OpenRow | undefined): HTMLElement {
  return c.count ? h('td', { class: 'rows' }, ...rowLinks(fileId, c.rows, open)) : h('td', { class: 'rows muted' }, 'none');
}

/** Under the table: how its rows are numbered when some are listed, else that this method finds none. */
function outliersCaption(counts: readonly number[]): string {
  return counts.some((n) => n > 0)
    ? 'Rows are numbered as in Data (select one to see it there); the first eight of each column are listed.'
    : 'No value lies outside these bounds: this method finds no outliers in any column.';
}

/**
 * The columns of `columns` with a negative lower bound and no negative value, their minimum asked
 * for only when some bound is negative. Unknown (the request failed) leaves every bound as computed.
 */
async function nonNegativeColumns(fileId: string, columns: Outliers): Promise<Set<string>> {
  const below = columns.filter(negativeLower).map((c) => c.column);
  if (!below.length) return new Set();
  const d = await api.describe(fileId, below).catch(() => undefined);
  return new Set((d?.columns ?? []).filter((c) => typeof c.min === 'number' && c.min >= 0 && typeof c.name === 'string').map((c) => c.name as string));
}

/** `open`: shows a row in this page's Data section; without it, a row's link loads its address. */
export function outliersSection(meta: FileMeta, open?: OpenRow): HTMLElement {
  const method = h('select', { id: 'outlier-method', 'aria-label': 'Outlier method' }, ...[['iqr', "Tukey's fences (IQR)"], ['zscore', 'z-score > 3'], ['mad', 'modified z (MAD)']].map(([v, l]) => h('option', { value: v! }, l!)));
  // Rebuilt with each answer: wideTable labels the cells it is given, for the cards a phone shows.
  const holder = h('div', { id: 'outliers-box' });
  const note = h('p', { class: 'muted', id: 'outliers-none-below' });
  // Said once the answer is in: before it, there are no rows to speak of.
  const caption = h('p', { class: 'muted', id: 'outliers-caption' });
  const { run, failure } = latestLoad(
    async (latest) => {
      const r = await whileLoading(section, api.outliers(meta.file_id, method.value));
      const nonNegative = await nonNegativeColumns(meta.file_id, r.columns);
      if (!latest()) return;
      holder.replaceChildren(wideTable(outliersTable(meta, r.columns, nonNegative, open), { cards: true }));
      const plain = plainIn(meta);
      caption.textContent = outliersCaption(r.columns.map((c) => c.count));
      note.textContent = noneBelowNote(r.columns.filter(negativeLower).filter((c) => nonNegative.has(c.column)).map((c) => ({ column: c.column, lower: c.lower, plain: plain(c.column) }))) ?? '';
    },
    () => {
      holder.replaceChildren();
      note.textContent = '';
      caption.textContent = '';
    },
  );
  method.addEventListener('change', () => void run());
  queueMicrotask(() => void run());
  const section = h(
    'section',
    { 'aria-labelledby': 'outliers-h' },
    h('h2', { id: 'outliers-h' }, 'Outliers'),
    h('div', { class: 'chart-row' }, h('label', { for: 'outlier-method' }, 'Method'), method),
    failure,
    holder,
    note,
    caption,
  );
  return section;
}

/** The reference's compared columns: ids are left out of drift, so sharing one makes no file comparable. */
const comparedColumns = (meta: FileMeta) => new Set((meta.columns ?? []).filter((c) => c.type !== 'id').map((c) => c.name));

/** How many of `meta`'s compared columns `f` has too (`shared`), of how many (`of`). */
export function columnsInCommon(meta: FileMeta, f: FileMeta): { shared: number; of: number } {
  const compared = comparedColumns(meta);
  return { shared: (f.columns ?? []).filter((c) => compared.has(c.name)).length, of: compared.size };
}

/**
 * The files Drift offers against `meta`, the reference: only a file with its compared (non-id)
 * columns can have drifted from it. `alike` share at least half of them; `few` share fewer (titanic
 * and penguins share `sex`, and little else), listed apart; a file sharing none is not offered.
 * Each list has the files sharing most columns first.
 */
export function driftChoices(meta: FileMeta, items: readonly FileMeta[]): { alike: FileMeta[]; few: FileMeta[] } {
  const alike: { f: FileMeta; shared: number }[] = [];
  const few: typeof alike = [];
  for (const f of items) {
    if (f.file_id === meta.file_id || f.status !== 'ready') continue;
    const { shared, of } = columnsInCommon(meta, f);
    if (shared === 0) continue;
    (shared * 2 >= of ? alike : few).push({ f, shared });
  }
  const files = (list: typeof alike) => list.sort((a, b) => b.shared - a.shared).map((c) => c.f);
  return { alike: files(alike), few: files(few) };
}

/**
 * A Drift choice as its option reads: a file sharing only some of the compared columns says how
 * many, since the verdicts cover those alone (the rest are listed as not compared).
 */
export function driftChoiceLabel(meta: FileMeta, f: FileMeta): string {
  const { shared, of } = columnsInCommon(meta, f);
  return shared < of ? `${fileChoiceLabel(f)} — ${formatCount(shared)} of ${formatCount(of)} columns in common` : fileChoiceLabel(f);
}

/** `items`: the newest files, listed once by the page (api.listFiles). */
export async function driftSection(meta: FileMeta, items: readonly FileMeta[]): Promise<HTMLElement> {
  const { alike, few } = driftChoices(meta, items);
  const option = (f: FileMeta) => h('option', { value: f.file_id }, driftChoiceLabel(meta, f));
  const select = h(
    'select',
    { id: 'drift-against', 'aria-label': 'Compare with' },
    h('option', { value: '' }, alike.length + few.length ? 'choose a dataset' : 'No other file has the same columns'),
    ...alike.map(option),
    few.length > 0 && h('optgroup', { label: 'Share few columns' }, ...few.map(option)),
  );
  const table = h('table', { id: 'drift' });
  const note = h('p', { class: 'muted', id: 'drift-missing' });
  // Columns read in this file's type, not judged, or only in the other file (drift-text.ts).
  const read = h('div', { id: 'drift-read' });
  // A conditioned generated file is compared with the real rows meeting its conditions; the help names only the statistics the reasons cite.
  const basis = h('p', { id: 'drift-basis' });
  const legend = h('p', { class: 'muted', id: 'drift-legend' }, driftLegend([]));
  const clear = () => {
    table.replaceChildren();
    note.textContent = '';
    read.replaceChildren();
    basis.textContent = '';
    legend.textContent = driftLegend([]);
  };
  const { run, failure } = latestLoad(async (latest) => {
    clear();
    const current = [...alike, ...few].find((f) => f.file_id === select.value);
    if (!current) return;
    const r = await whileLoading(section, api.drift(meta.file_id, current.file_id));
    if (!latest()) return;
    // The API calls a column the current file lacks "drift"; against a file sharing one column
    // that is a page of drift verdicts about nothing. Those are listed apart, as missing.
    const names = new Set((current.columns ?? []).map((c) => c.name));
    const compared = r.columns.filter((c) => names.has(c.column));
    const missing = r.columns.filter((c) => !names.has(c.column)).map((c) => c.column);
    // Every column may be left out (a one-row file): then no empty table, only the notes below saying why.
    if (compared.length)
      table.replaceChildren(
        h('thead', {}, h('tr', {}, ...['Column', 'Verdict', 'Why'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...compared.map((c) => h('tr', {}, h('th', { scope: 'row', class: 'colname' }, c.column), h('td', {}, h('span', { class: `badge drift-${c.verdict}` }, c.verdict)), h('td', { class: 'muted' }, c.reason)))),
      );
    const real = r.compared_with && meta.lineage.details?.conditions !== undefined ? current : meta;
    // The real side, named by its file, restricted to a conditioned generated file's conditions (core/validation/drift-basis.ts).
    basis.textContent = comparedWithText(r.compared_with, real.columns ?? [], real.filename) ?? '';
    legend.textContent = driftLegend(compared.map((c) => c.reason));
    if (missing.length) note.textContent = `Not in ${current.filename}, so not compared (${formatCount(missing.length)} of ${formatCount(r.columns.length)} columns): ${missing.join(', ')}.`;
    const extra = driftExtraText(r.extra_columns, current.filename);
    read.replaceChildren(
      ...driftRetypedTexts(r.retyped_columns, current.filename).map((t) => h('p', { class: 'drift-retyped' }, t)),
      ...driftLeftOutTexts(r.left_out_columns).map((t) => h('p', { class: 'drift-left-out' }, t)),
      ...(extra ? [h('p', { class: 'muted', id: 'drift-extra' }, extra)] : []),
    );
  }, clear);
  select.addEventListener('change', () => void run());
  const section = h(
    'section',
    { 'aria-labelledby': 'drift-h' },
    h('h2', { id: 'drift-h' }, 'Drift'),
    h('p', { class: 'muted' }, 'This file is the reference; the file you choose is the current data, compared with it column by column.'),
    h('div', { class: 'chart-row' }, h('label', { for: 'drift-against' }, 'Compare with'), select),
    failure,
    basis,
    note,
    read,
    h('div', { class: 'wide' }, table),
    // The verdicts rest on statistics few readers know by name: say in a line what each measures.
    legend,
  );
  return section;
}
