/**
 * The whole validation as one document — quality, diagnostic, privacy, drift (and utility when a
 * holdout and a target are given) — plus a self-contained HTML page of it with Vega-Lite plots:
 * real vs synthetic distributions per column, correlation heatmaps side by side, column shapes.
 */
import type { Table } from '../table/model.js';
import { qualityReport, type PairAggregate } from '../metrics/quality.js';
import { diagnosticReport } from './diagnostic.js';
import { privacyPart, type DisclosureOptions } from './privacy.js';
import { utilityReport } from './utility.js';
import { reportDrift } from './drift-left-out.js';
import { pairwisePearson } from '../stats/pearson.js';
import { FEW_VALUES, labels, presentNumbers, uniqueNumbers } from '../eda/columns.js';
import { datetimePeriod, smallestStep } from '../eda/distributions.js';
import { sortedCopy } from '../stats/sort.js';
import type { ComparedWith } from '../generation/condition-rows.js';
import { comparedSentence } from './basis.js';
import { readAsReal, type TypeDifference } from '../metrics/align.js';
import { NEAR_COPIES_MEANING, NEAR_COPIES_LABEL, NEAR_COPIES_THRESHOLD, nearCopiesValue } from './near-real-text.js';

export interface ReportInputs {
  readonly real: Table;
  readonly synthetic: Table;
  readonly holdout?: Table;
  readonly target?: string;
  readonly seed: number;
  readonly pairAggregate: PairAggregate;
  readonly disclosure: DisclosureOptions;
  /**
   * How `real` and `holdout` were chosen (basis.ts): for a conditioned synthetic file, the rows
   * meeting its conditions. `everyRealRow` is then the whole real file, for the checks of the real
   * domain (diagnostic validity: ranges, categories) and of real records exposed (privacy.ts).
   */
  readonly basis?: { readonly everyRealRow: Table; readonly comparedWith: ComparedWith; readonly holdoutComparedWith?: ComparedWith };
  /** Holdout columns typed otherwise than the real ones, read as the real type (holdout.ts): reported as the privacy and utility routes do. */
  readonly holdoutRetyped?: readonly TypeDifference[];
}

export function buildReport(inputs: ReportInputs) {
  const { real, synthetic, target, seed, basis } = inputs;
  // Read in the real types once for every part (align.ts); `real` and every real row type their columns alike (basis.ts takes rows).
  const aligned = readAsReal(real, synthetic);
  const holdout = inputs.holdout && readAsReal(real, inputs.holdout);
  return {
    ...(basis ? { compared_with: basis.comparedWith, ...(basis.holdoutComparedWith ? { holdout_compared_with: basis.holdoutComparedWith } : {}) } : {}),
    quality: qualityReport(real, aligned, { pairAggregate: inputs.pairAggregate }),
    diagnostic: diagnosticReport(basis?.everyRealRow ?? real, aligned, new Set(inputs.disclosure.leftOut?.map((c) => c.column))),
    privacy: privacyPart(real, aligned, holdout, seed, { ...inputs.disclosure, everyRealRow: basis?.everyRealRow }),
    drift: reportDrift(real, synthetic, inputs.disclosure.leftOut),
    ...(holdout && target ? { utility: utilityReport(real, aligned, holdout, target, seed) } : {}),
    ...(inputs.holdoutRetyped?.length ? { holdout_retyped_columns: [...inputs.holdoutRetyped] } : {}),
  };
}
export type Report = ReturnType<typeof buildReport>;

const VL = 'https://vega.github.io/schema/vega-lite/v6.json';
const MAX_POINTS = 5000;

function sampleValues(t: Table, name: string): (string | number)[] {
  const c = t.columns.find((x) => x.name === name);
  if (!c) return [];
  const step = Math.max(1, Math.floor(t.rowCount / MAX_POINTS));
  const out: (string | number)[] = [];
  if (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') {
    for (let r = 0; r < t.rowCount; r += step) if (!Number.isNaN(c.values[r]!)) out.push(c.values[r]!);
  } else {
    const l = labels(c);
    for (let r = 0; r < t.rowCount; r += step) if (l[r] !== null) out.push(l[r]!);
  }
  return out;
}

/** Present values of a number-like column of t (none when t lacks it or it is not numbers). */
function presentOf(t: Table, name: string): Float64Array {
  const c = t.columns.find((x) => x.name === name);
  return c ? presentNumbers(c) : new Float64Array();
}

/** Share of each source's rows per key. */
function shares(sources: readonly (readonly [string, Float64Array])[], key: (v: number) => number): { key: number; source: string; share: number }[] {
  return sources.flatMap(([source, values]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([k, n]) => ({ key: k, source, share: n / values.length }));
  });
}

/** Axis labels and tick steps per calendar period (d3 time formats, read in UTC). */
const PERIOD_AXES: Record<string, { format: string; interval: string }> = {
  hour: { format: '%Y-%m-%d %H:00', interval: 'hour' },
  day: { format: '%Y-%m-%d', interval: 'day' },
  week: { format: '%Y-%m-%d', interval: 'week' },
  month: { format: '%Y-%m', interval: 'month' },
  quarter: { format: '%Y-%m', interval: 'month' },
};

/**
 * A datetime column per calendar period — the finest that keeps to DATETIME_MAX_BINS and is no finer
 * than the real data's own step (yearly data by year) — as bars spanning their period on a UTC time
 * axis labelled in that period's terms. Undefined without present values.
 */
export function datetimeChart(real: Table, synthetic: Table, name: string): object | undefined {
  const sources = [['real', presentOf(real, name)], ['synthetic', presentOf(synthetic, name)]] as const;
  let min = Infinity;
  let max = -Infinity;
  for (const [, values] of sources)
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  if (!(min <= max)) return undefined;
  const period = datetimePeriod(min, max, smallestStep(sortedCopy(uniqueNumbers(sources[0][1]))));
  const years = /year/.test(period.name) ? Number(/^\d+/.exec(period.name)?.[0] ?? 1) : 0;
  const axis = PERIOD_AXES[period.name] ?? { format: '%Y', interval: 'year' };
  const values = shares(sources, period.start).map(({ key, source, share }) => ({ start: key, end: period.next(key), period: period.label(key), source, share }));
  return {
    $schema: VL,
    data: { values },
    width: 400,
    height: 160,
    // Rects, not bars: a bar with x and x2 reads as horizontal; each spans its period from 0 to its share.
    mark: { type: 'rect', opacity: 0.6, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: {
        field: 'start',
        type: 'temporal',
        title: `${name} (per ${period.name})`,
        scale: { type: 'utc' },
        axis: { format: axis.format, tickCount: { interval: axis.interval, step: Math.max(1, years) }, labelOverlap: true },
      },
      x2: { field: 'end' },
      y: { field: 'share', type: 'quantitative', title: 'share of rows', scale: { zero: true } },
      y2: { datum: 0 },
      color: { field: 'source', type: 'nominal' },
      tooltip: [{ field: 'period', title: name }, { field: 'source' }, { field: 'share', format: '.3f' }],
    },
  };
}

/**
 * An integer column of at most FEW_VALUES distinct values (real and synthetic together) as one pair
 * of bars per value, each labelled; undefined for more values (a histogram then).
 */
export function fewValuesChart(real: Table, synthetic: Table, name: string): object | undefined {
  const sources = [['real', presentOf(real, name)], ['synthetic', presentOf(synthetic, name)]] as const;
  const distinct = new Set<number>();
  for (const [, values] of sources) for (const v of values) if (distinct.add(v === 0 ? 0 : v).size > FEW_VALUES) return undefined;
  if (!distinct.size) return undefined;
  return {
    $schema: VL,
    data: { values: shares(sources, (v) => (v === 0 ? 0 : v)).map(({ key, source, share }) => ({ v: key, source, share })) },
    width: 400,
    height: 160,
    mark: 'bar',
    encoding: {
      x: { field: 'v', type: 'ordinal', title: name, sort: 'ascending', axis: { labelAngle: 0 } },
      xOffset: { field: 'source' },
      y: { field: 'share', type: 'quantitative', title: 'share of rows' },
      color: { field: 'source', type: 'nominal' },
      tooltip: [{ field: 'v', title: name }, { field: 'source' }, { field: 'share', format: '.3f' }],
    },
  };
}

/** Columns drawn one chart each, in the table's order, up to COLUMN_CHARTS of them. */
const COLUMN_CHARTS = 12;
const chartedColumns = (t: Table) => t.columns.filter((x) => x.type !== 'id' && x.type !== 'text');

/** The charts of the HTML page, as Vega-Lite specs (also useful to any client). */
export function reportCharts(real: Table, synthetic: Table, report: Report): { title: string; spec: object }[] {
  const charts: { title: string; spec: object }[] = [];
  charts.push({
    title: 'Column shapes (1 = identical distributions)',
    spec: {
      $schema: VL,
      data: { values: report.quality.column_shapes.details },
      mark: 'bar',
      width: 500,
      encoding: { y: { field: 'column', type: 'nominal', sort: '-x' }, x: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] } }, tooltip: [{ field: 'metric' }, { field: 'score', format: '.3f' }] },
    },
  });
  for (const c of chartedColumns(real).slice(0, COLUMN_CHARTS)) {
    const special = c.type === 'datetime' ? datetimeChart(real, synthetic, c.name) : c.type === 'integer' ? fewValuesChart(real, synthetic, c.name) : undefined;
    if (special) {
      charts.push({ title: `${c.name}: real vs synthetic`, spec: special });
      continue;
    }
    const numeric = c.type === 'integer' || c.type === 'float' || c.type === 'datetime';
    const values = [
      ...sampleValues(real, c.name).map((v) => ({ v, source: 'real' })),
      ...sampleValues(synthetic, c.name).map((v) => ({ v, source: 'synthetic' })),
    ];
    charts.push({
      title: `${c.name}: real vs synthetic`,
      spec: {
        $schema: VL,
        data: { values },
        width: 400,
        height: 160,
        mark: { type: 'bar', opacity: 0.6 },
        // Shares, not counts: the two tables may differ in size.
        transform: [
          { joinaggregate: [{ op: 'count', as: 'total' }], groupby: ['source'] },
          { calculate: '1 / datum.total', as: 'share' },
        ],
        encoding: numeric
          ? {
              x: { field: 'v', bin: { maxbins: 30 }, type: 'quantitative', title: c.name, ...(c.type === 'integer' ? { axis: { format: 'd' } } : {}) },
              y: { aggregate: 'sum', field: 'share', stack: null, title: 'share of rows' },
              color: { field: 'source', type: 'nominal' },
            }
          : { x: { field: 'v', type: 'nominal', title: c.name }, xOffset: { field: 'source' }, y: { aggregate: 'sum', field: 'share', title: 'share of rows' }, color: { field: 'source', type: 'nominal' } },
      },
    });
  }
  const p = report.privacy;
  // No distances when every column is left out (privacy.ts): the page says why instead.
  if (!('not_measured' in p)) {
    charts.push({
      title: 'Distance of each synthetic row to its closest real row (0 = a copy)',
      spec: {
        $schema: VL,
        data: { values: p.dcr.histogram.counts.map((count, i) => ({ from: p.dcr.histogram.edges[i], to: p.dcr.histogram.edges[i + 1], count })) },
        width: 400,
        height: 160,
        mark: 'bar',
        encoding: { x: { field: 'from', bin: { binned: true }, type: 'quantitative', title: 'distance to closest record' }, x2: { field: 'to' }, y: { field: 'count', type: 'quantitative', title: 'synthetic rows' } },
      },
    });
  }
  const numericNames = real.columns.filter((c) => c.type === 'integer' || c.type === 'float').map((c) => c.name).slice(0, 15);
  const heat = (t: Table, source: string) =>
    numericNames.flatMap((a) =>
      numericNames.map((b) => {
        const x = t.columns.find((c) => c.name === a);
        const y = t.columns.find((c) => c.name === b);
        const r = x && y && 'values' in x && 'values' in y && x.values instanceof Float64Array && y.values instanceof Float64Array ? pairwisePearson(x.values, y.values) : null;
        return { a, b, r, source };
      }),
    );
  if (numericNames.length > 1) {
    charts.push({
      title: 'Pearson correlations: real and synthetic',
      spec: {
        $schema: VL,
        data: { values: [...heat(real, 'real'), ...heat(synthetic, 'synthetic')] },
        facet: { column: { field: 'source', title: null } },
        spec: {
          width: 22 * numericNames.length,
          height: 22 * numericNames.length,
          mark: 'rect',
          encoding: {
            x: { field: 'a', type: 'nominal', title: null, sort: numericNames },
            y: { field: 'b', type: 'nominal', title: null, sort: numericNames },
            color: { field: 'r', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true } },
          },
        },
      },
    });
  }
  return charts;
}

type Row = [figure: string, value: string, how?: string];

const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
/** `body_mass_g (text in the holdout, read as integer; 3 values unreadable, scored as missing)`. */
const retypedText = (d: TypeDifference) =>
  `${d.column} (${d.synthetic_type} in the holdout, read as ${d.real_type}${d.unreadable ? `; ${d.unreadable} ${d.unreadable === 1 ? 'value' : 'values'} unreadable, scored as missing` : ''})`;

/**
 * CAP and l-diversity of one sensitive column; without a CAP, the note saying why (and, when the column
 * is missing in every real row, that there is no l-diversity either rather than "1").
 */
function attributeValue(a: { cap: number | null; l_diversity: number | null; note?: string; verdict: string }): string {
  const l = a.l_diversity === null ? undefined : `l-diversity ${a.l_diversity}`;
  return a.cap === null ? `${a.note ?? 'No CAP.'}${l ? ` ${l}.` : ''} (${a.verdict})` : `CAP ${a.cap.toFixed(3)}${l ? `, ${l}` : ''} (${a.verdict})`;
}

/** A page that needs nothing from the network: the Vega libraries are inlined. */
export function reportHtml(title: string, report: Report, charts: { title: string; spec: object }[], vegaScripts: string, real?: Table): string {
  const p = report.privacy;
  const drifting = report.drift.columns.filter((c) => c.verdict === 'drift').map((c) => c.column);
  const basis = report.compared_with && real ? comparedSentence(report.compared_with, real) : undefined;
  // [figure, value, how it is judged]: a verdict means little without its threshold.
  const rows: Row[] = [
    ['Overall quality', pct(report.quality.overall)],
    ['Column shapes', pct(report.quality.column_shapes.score)],
    ['Column pair trends', pct(report.quality.column_pair_trends.score)],
    ['Diagnostic', pct(report.diagnostic.overall)],
    ['Rows with category pairs absent from the real rows', `${report.diagnostic.category_pairs.rows} of ${report.diagnostic.category_pairs.of}`],
    ...('not_measured' in p
      ? [['Exact copies and distances', `not measured: ${p.not_measured}`] as Row]
      : [
          ['Exact copies of real rows', `${p.exact_copies.count} (${p.exact_copies.verdict})`, p.exact_copies.threshold] as Row,
          ['DCR baseline protection', `${p.dcr_baseline_protection.score.toFixed(3)} (${p.dcr_baseline_protection.verdict})`, p.dcr_baseline_protection.threshold] as Row,
          ['Nearest-neighbour distance ratio (NNDR)', `median ${p.nndr.median.toFixed(3)} (${p.nndr.verdict})`, p.nndr.threshold] as Row,
          // Counted in the DCR verdict, yet no other row shows it (absent with a single real row: no reference).
          ...(p.dcr.near ? [[NEAR_COPIES_LABEL, `${nearCopiesValue(p.dcr.near)} (${p.dcr.near.verdict})`, `${NEAR_COPIES_MEANING} Verdict: ${NEAR_COPIES_THRESHOLD}`] as Row] : []),
          // The privacy baselines then come from the real rows alone (privacy.ts): say why.
          ...(p.holdout_overlap?.overlapping
            ? [['Holdout rows also in the training rows (privacy judged against real rows instead)', `${p.holdout_overlap.rows} of ${p.holdout_overlap.of}`] as Row]
            : []),
        ]),
    ...(p.k_anonymity ? [[`k-anonymity of the real data on ${p.k_anonymity.quasi_identifiers.join(', ')}`, `k = ${p.k_anonymity.k} (${p.k_anonymity.verdict})`, p.k_anonymity.threshold] as Row] : []),
    ...(p.attribute_disclosure ?? []).map((a) => [`Attribute disclosure of ${a.sensitive} (CAP, l-diversity)`, attributeValue(a), a.threshold] as Row),
    // Copies and distances skip columns not drawn from real values (a fake name): say which, or the counts read as over every column.
    ...(p.left_out_columns.length ? [['Columns left out of copies, distances and drift', p.left_out_columns.map((c) => `${c.column} (${c.reason})`).join(', ')] as Row] : []),
    ['Columns drifting', `${report.drift.summary.drift} of ${report.drift.columns.length}`, drifting.length ? drifting.join(', ') : undefined],
    // Scores on these columns read the holdout's values as the real type: say so, and how many did not read.
    ...('holdout_retyped_columns' in report && report.holdout_retyped_columns
      ? [['Holdout columns read as the real file types them', report.holdout_retyped_columns.map(retypedText).join(', ')] as Row]
      : []),
  ];
  if ('utility' in report && report.utility) {
    const u = report.utility;
    rows.push(['Utility (synthetic / real)', u.relative_utility === null ? 'n/a' : u.relative_utility.toFixed(3)], ['Indistinguishability (1 = a classifier cannot tell synthetic from real)', u.detection.score.toFixed(3)]);
    if (u.holdout_overlap.overlapping) rows.push(['Holdout rows also in the training rows (scores overstated)', `${u.holdout_overlap.rows} of ${u.holdout_overlap.of}`]);
  }
  const data = JSON.stringify(charts).replace(/</g, '\\u003c');
  const charted = real ? chartedColumns(real).length : 0;
  const chartsNote = charted > COLUMN_CHARTS ? `<p id="charts-note">One chart for each of the first ${COLUMN_CHARTS} of ${charted} columns; Column shapes scores every column.</p>\n` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;padding:0 1rem;max-width:1000px;color:#1d2330}table{border-collapse:collapse;width:100%}th{min-width:13rem;width:26%}td:nth-child(2){min-width:8rem}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;overflow-wrap:break-word}h1{overflow-wrap:anywhere}td.how{color:#5a6272;font-size:.9em}figure{margin:1.5rem 0;overflow-x:auto}figcaption h3{font-size:1rem;margin:0 0 .4rem}</style>
<script>${vegaScripts}</script></head>
<body><h1>${escape(title)}</h1>
${basis ? `<p id="compared-with">${escape(basis)}</p>\n` : ''}<h2>Summary</h2>
<table>${rows.map(([k, v, how]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td><td class="how">${how ? escape(how) : ''}</td></tr>`).join('')}</table>
<h2>Charts</h2>
${chartsNote}<div id="charts"></div>
<script>
const charts = ${data};
for (const [i, c] of charts.entries()) {
  const fig = document.createElement('figure');
  fig.innerHTML = '<figcaption><h3></h3></figcaption><div id="chart' + i + '"></div>';
  fig.querySelector('h3').textContent = c.title;
  document.getElementById('charts').appendChild(fig);
  // The title as the chart's description, which Vega gives the SVG as its aria-label.
  vegaEmbed('#chart' + i, { description: c.title, ...c.spec }, { actions: false, renderer: 'svg' });
}
</script>
<script type="application/json" id="report">${JSON.stringify(report).replace(/</g, '\\u003c')}</script>
</body></html>`;
}
