/** Sections built on the EDA and validation endpoints: overview warnings, correlations, privacy. */
import { api } from '../api.js';
import { errorText, formatCount, h, plural, showError } from '../dom.js';
import { chart, nameKeys } from '../charts.js';
import type { TopLevelSpec } from 'vega-lite';

export async function overviewSection(id: string): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'overview-h', id: 'overview' }, h('h2', { id: 'overview-h' }, 'Overview'));
  try {
    const s = await api.summary(id);
    section.append(
      h('p', { class: 'muted' }, `${(s.missing_share * 100).toFixed(1)} % of cells missing · ${plural(s.duplicate_rows, 'duplicate row')}`),
      s.warnings.length ? h('ul', { class: 'warnings', id: 'warnings' }, ...s.warnings.map((w) => h('li', { 'data-kind': w.kind }, w.message))) : h('p', {}, 'No warnings.'),
    );
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

const UNDEFINED_GREY = '#b9bdc9';

export async function correlationSection(id: string): Promise<HTMLElement> {
  const box = h('div', { class: 'chart', id: 'correlation-chart' });
  const section = h('section', { 'aria-labelledby': 'corr-h' }, h('h2', { id: 'corr-h' }, 'Associations'), h('p', { class: 'muted' }, "Pearson for numbers, Cramér's V for categories, correlation ratio between the two."), box);
  try {
    const c = await api.correlation(id);
    const names = nameKeys(c.columns);
    const values = c.columns.flatMap((a, i) => c.columns.map((b, j) => ({ a, b, ka: names.key(a), kb: names.key(b), value: c.matrix[i]![j] })));
    const spec: TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: 'Association heatmap',
      data: { values },
      height: Math.max(160, c.columns.length * 26),
      // A pair with a constant or empty column has no association (null), which Vega-Lite leaves
      // out — an empty square that reads like 0. A grey layer under the colours shows it, with words.
      transform: [{ calculate: "datum.value === null ? 'not defined (constant or empty column)' : format(datum.value, '.2f')", as: 'association' }],
      encoding: {
        x: { field: 'ka', type: 'nominal', title: null, sort: names.sort, axis: names.axis },
        y: { field: 'kb', type: 'nominal', title: null, sort: names.sort, axis: names.axis },
        tooltip: [{ field: 'a' }, { field: 'b' }, { field: 'association' }],
      },
      layer: [
        { mark: { type: 'rect', color: UNDEFINED_GREY } },
        { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true }, title: 'association' } } },
      ],
    };
    queueMicrotask(() => void chart(box, spec));
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

export async function privacySection(realId: string, syntheticId: string): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'privacy-h', id: 'privacy' }, h('h2', { id: 'privacy-h' }, 'Privacy and validity'));
  try {
    const [p, d] = await Promise.all([api.privacy(realId, syntheticId), api.diagnostic(realId, syntheticId)]);
    const row = (label: string, value: string, verdict: string, threshold: string) =>
      h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, value), h('td', {}, h('span', { class: `badge verdict-${verdict}` }, verdict)), h('td', { class: 'muted' }, threshold));
    section.append(
      h(
        'div',
        { class: 'wide' },
        h(
          'table',
          { id: 'privacy-table' },
          h('thead', {}, h('tr', {}, ...['Measure', 'Value', 'Verdict', 'Threshold'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            row('Exact copies of real rows', `${formatCount(p.exact_copies.count)} (${(p.exact_copies.rate * 100).toFixed(2)} %)`, p.exact_copies.verdict, p.exact_copies.threshold),
            row('DCR baseline protection', p.dcr_baseline_protection.score.toFixed(3), p.dcr_baseline_protection.verdict, p.dcr_baseline_protection.threshold),
            row('Median distance to closest real row', p.dcr.synthetic_to_real.median.toFixed(4), '—', 'range-normalised, 0 = identical'),
            row('Diagnostic (validity and structure)', `${(d.overall * 100).toFixed(1)} %`, d.overall >= 0.99 ? 'safe' : 'review', 'values in range, known categories, unique keys'),
          ),
        ),
      ),
      h('p', { class: 'muted' }, p.sample.note),
    );
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

/** Machine-learning utility against a real holdout the user picks, for a target column. */
export async function utilitySection(realId: string, syntheticId: string, columns: readonly string[]): Promise<HTMLElement> {
  const { items } = await api.listFiles();
  // Only files with every column of these rows can be a holdout for them.
  const fits = (names: readonly string[]) => columns.every((c) => names.includes(c));
  const candidates = items.filter((f) => f.status === 'ready' && f.file_id !== realId && f.file_id !== syntheticId && fits((f.columns ?? []).map((c) => c.name)));
  const holdout = h(
    'select',
    { id: 'utility-holdout', 'aria-label': 'Holdout dataset' },
    h('option', { value: '' }, candidates.length ? 'choose real rows the generator never saw' : 'no file has these columns: upload held-out rows of the source'),
    ...candidates.map((f) => h('option', { value: f.file_id }, f.filename)),
  );
  const target = h('select', { id: 'utility-target', 'aria-label': 'Target column' }, ...columns.map((c) => h('option', { value: c }, c)));
  const run = h('button', { type: 'button', class: 'secondary', id: 'utility-run' }, 'Measure utility');
  const out = h('div', { id: 'utility-result' });
  run.addEventListener('click', async () => {
    if (!holdout.value) return showError('Choose a holdout dataset first.', out);
    run.disabled = true;
    try {
      const u = await api.utility(realId, syntheticId, holdout.value, target.value);
      const metric = u.task === 'classification' ? 'macro_f1' : 'r2';
      const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
      out.replaceChildren(
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ...['', metric, u.task === 'classification' ? 'accuracy' : ''].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            h('tr', {}, h('th', { scope: 'row' }, 'trained on real'), h('td', { class: 'num' }, f(u.train_real[metric])), h('td', { class: 'num' }, f(u.train_real.accuracy))),
            h('tr', {}, h('th', { scope: 'row' }, 'trained on synthetic'), h('td', { class: 'num', id: 'utility-synthetic' }, f(u.train_synthetic[metric])), h('td', { class: 'num' }, f(u.train_synthetic.accuracy))),
          ),
        ),
        h('p', { class: 'muted' }, `${u.model}; tested on the holdout. Detection score ${u.detection.score.toFixed(3)} (1 = a classifier cannot tell synthetic from real).`),
      );
    } catch (e) {
      showError(errorText(e), out);
    } finally {
      run.disabled = false;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'utility-h' },
    h('h2', { id: 'utility-h' }, 'Machine-learning utility'),
    h('div', { class: 'chart-row' }, h('label', { for: 'utility-holdout' }, 'Holdout'), holdout, h('label', { for: 'utility-target' }, 'Target'), target, run),
    out,
  );
}
