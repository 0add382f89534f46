/** Sections built on the EDA and validation endpoints: overview warnings, correlations, privacy. */
import { api, type ColumnInfo, type FileMeta, type Privacy } from '../api.js';
import { generatedConditions } from '../lineage.js';
import { errorText, failureLine, formatCount, h, plural, showError, whileLoading, wideTable } from '../dom.js';
import { chart, nameKeys, strongestColumns, cellTextOpacity } from '../charts.js';
import type { TopLevelSpec } from 'vega-lite';
import { comparedWithText } from '../compared-with.js';
import type { DateSpelling } from '../dates.js';
import { reidentificationPanel } from './reidentification.js';
import { copiesBaselineText, distanceBaselineText, piiVerbatimValue } from '../privacy-risk-text.js';
import { NEAR_COPIES_HELP, NEAR_COPIES_LABEL, NEAR_COPIES_THRESHOLD, nearCopiesValue } from '../../../core/validation/near-real-text.js';
import { associationValues } from './association-values.js';
import { holdoutSelect } from './holdout-select.js';
import { HOLDOUT_PRIVACY_HELP, holdoutPrivacyRows, noHoldoutText, type HoldoutMeasure } from '../privacy-holdout-text.js';
import { categoryPairsWarning, CATEGORY_PAIRS_WARN, differentialPrivacyText, holdoutMeasuresText, holdoutOverlapText, holdoutTwinsNote, indistinguishabilityText, leftOutText, metricLabel, unseenPairTexts } from '../validation-text.js';

/** `fixed`: a generated file's conditions; a column they fix has one value by request, which is no warning. */
export async function overviewSection(id: string, fixed?: Readonly<Record<string, unknown>>): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'overview-h', id: 'overview' }, h('h2', { id: 'overview-h' }, 'Overview'));
  try {
    const s = await api.summary(id);
    section.append(
      h('p', { class: 'muted' }, `${(s.missing_share * 100).toFixed(1)} % of cells missing · ${plural(s.duplicate_rows, 'duplicate row')}`),
      s.warnings.length ? h('ul', { class: 'warnings', id: 'warnings' }, ...s.warnings.map((w) => warningItem(w, fixed))) : h('p', {}, 'No warnings.'),
    );
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

/** A warning, or for a column a condition fixed, the reason it has a single value. */
function warningItem(w: { kind: string; columns: string[]; message: string }, fixed: Readonly<Record<string, unknown>> | undefined): HTMLElement {
  const name = w.kind === 'constant' && w.columns.length === 1 ? w.columns[0]! : undefined;
  if (name === undefined || !fixed || !Object.hasOwn(fixed, name)) return h('li', { 'data-kind': w.kind }, w.message);
  const value = fixed[name] === null ? '(missing)' : String(fixed[name]);
  return h('li', { 'data-kind': 'condition', class: 'muted' }, `${name} has a single value, ${value}, because the generation was conditioned on ${name} = ${value}.`);
}

const UNDEFINED_GREY = '#b9bdc9';
/** Up to this many columns the heatmap's cells are wide enough to print their value in. */
const CELL_VALUES_UP_TO = 12;

export async function correlationSection(id: string): Promise<HTMLElement> {
  const box = h('div', { class: 'chart', id: 'correlation-chart' });
  const caption = h('p', { class: 'muted', id: 'correlation-caption' }, "Pearson for numbers, Cramér's V for categories, correlation ratio between the two.");
  // The colour legend has no entry for the grey layer: said in words.
  const undefinedKey = h('p', { class: 'muted', id: 'correlation-undefined' }, h('span', { class: 'swatch', style: `background:${UNDEFINED_GREY}` }), ' Grey: not defined (a column with one value, or empty).');
  const section = h('section', { 'aria-labelledby': 'corr-h' }, h('h2', { id: 'corr-h' }, 'Associations'), caption, box, undefinedKey);
  try {
    const c = await api.correlation(id);
    // A wide table's full matrix is thousands of pixels of tiny cells: only the columns most associated with another are drawn.
    const shown = strongestColumns(c.columns, c.matrix);
    if (shown.length < c.columns.length) caption.append(` Showing the ${shown.length} of ${formatCount(c.columns.length)} columns with the strongest association to another column.`);
    const columns = shown.map((i) => c.columns[i]!);
    const names = nameKeys(columns);
    const values = shown.flatMap((i) => shown.map((j) => ({ a: c.columns[i]!, b: c.columns[j]!, ka: names.key(c.columns[i]!), kb: names.key(c.columns[j]!), value: c.matrix[i]![j] })));
    const spec: TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: 'Association heatmap',
      data: { values },
      height: Math.max(160, columns.length * 26),
      // A pair with a constant or empty column has no association (null), which Vega-Lite leaves
      // out — an empty square that reads like 0. A grey layer under the colours shows it, with words.
      transform: [
        { calculate: "datum.value === null ? 'not defined (constant or empty column)' : format(datum.value, '.2f')", as: 'association' },
        { calculate: "datum.value === null ? '' : format(datum.value, '.2f')", as: 'cell' },
      ],
      encoding: {
        x: { field: 'ka', type: 'nominal', title: null, sort: names.sort, axis: names.axis },
        y: { field: 'kb', type: 'nominal', title: null, sort: names.sort, axis: names.axis },
        tooltip: [{ field: 'a' }, { field: 'b' }, { field: 'association' }],
      },
      layer: [
        { mark: { type: 'rect', color: UNDEFINED_GREY } },
        { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true }, title: 'association' } } },
        // A small matrix prints each value in its cell (white on the dark ends of the scale, black on the pale middle): colour alone cannot be read as a number.
        ...(columns.length <= CELL_VALUES_UP_TO
          ? [{ mark: { type: 'text' as const, fontSize: 10 }, encoding: { text: { field: 'cell', type: 'nominal' as const }, opacity: cellTextOpacity, color: { condition: { test: 'datum.value !== null && abs(datum.value) > 0.55', value: 'white' }, value: 'black' } } }]
          : []),
      ],
    };
    queueMicrotask(() => void chart(box, spec));
    section.append(...associationValues(c, shown));
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

/**
 * What each privacy measure means and what a good value is, in a line shown under its name: the
 * names (DCR, baseline protection) and thresholds are the metrics' own, and mean little to most readers.
 */
export const PRIVACY_HELP = {
  'Exact copies of real rows': 'Synthetic rows identical to a real row: each one may give a real record away. Good: 0.',
  'DCR baseline protection':
    'How far synthetic rows sit from their closest real row (DCR), as a share of how far random rows would. Near 0: rows sit on real records; higher is more private. Good: at least half of what real rows score among themselves.',
  'Median distance to closest real row': 'How far a typical synthetic row is from its most similar real row, each column scaled to 0–1. Good: clearly above 0; 0 means copies.',
  'Nearest-neighbour distance ratio (NNDR)':
    'A synthetic row’s distance to its closest real row over that to the second closest. Near 0: the row hugs one real record rather than sitting among several. Good: at least half of what real rows show among themselves.',
  [NEAR_COPIES_LABEL]: NEAR_COPIES_HELP,
  'Real personal data reappearing':
    'Real values of the columns marked as personal data (names, emails) found as they were in the synthetic rows. Good: 0.',
  'Diagnostic (validity and structure)': 'Share of basic checks the synthetic rows pass: values within the real ranges, only known categories, unique keys. Good: 100 %.',
  'Category pairs absent from the real rows':
    'Synthetic rows pairing a category of one column with a category of another that no real row pairs. A check of this service, not an SDMetrics metric; rare real combinations may be missing from the real rows too. Good: near 0.',
  'Differential privacy': 'A mathematical bound on what the synthetic rows can reveal about any one real row, set by epsilon (ε) when generating: smaller is more private. The measures above bound nothing. Good: an ε set, 1 or below for a strong guarantee.',
} as const;

/**
 * Privacy and validity of `synthetic`, generated from `realId`; `items`: the newest files (api.listFiles),
 * from which a holdout can be chosen to measure the DCR share and the membership attack as well.
 */
export async function privacySection(realId: string, synthetic: FileMeta, items: readonly FileMeta[]): Promise<HTMLElement> {
  const columns = synthetic.columns ?? [];
  const section = h('section', { 'aria-labelledby': 'privacy-h', id: 'privacy' }, h('h2', { id: 'privacy-h' }, 'Privacy and validity'));
  try {
    const [p, d] = await Promise.all([api.privacy(realId, synthetic.file_id), api.diagnostic(realId, synthetic.file_id)]);
    // Re-rendered in place when measured with a holdout (the picker's status line says so).
    const measured = h('div', { id: 'privacy-measured' }, ...privacyMeasured(p, d, columns));
    section.append(measured, privacyHoldoutPicker(realId, synthetic, items, measured, p, d));
    if (columns.length) section.append(reidentificationPanel(realId, synthetic.file_id, columns.map((c) => c.name)));
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

/**
 * The holdout select (the utility section's candidates and labels) and the button that asks privacy
 * again with it; until then, a line says what the holdout measures need. Once measured with one, a
 * second button, or the picker's first option (then "no holdout"), shows the measures without a
 * holdout again (`plain`, the first reply: the same request gives the same reply) — else only a reload did.
 */
function privacyHoldoutPicker(realId: string, synthetic: FileMeta, items: readonly FileMeta[], measured: HTMLElement, plain: Privacy, d: Diagnostic): HTMLElement {
  const { select, candidates } = holdoutSelect({ id: 'privacy-holdout', name: 'Holdout for the privacy measures', none: 'no file has these columns yet', realId, synthetic, items });
  // The empty first option: a prompt while nothing was measured with a holdout, the way back once something was.
  const blank = select.options[0]!;
  const prompt = blank.textContent ?? '';
  const run = h('button', { type: 'button', class: 'secondary', id: 'privacy-holdout-run', disabled: !candidates.length }, 'Measure with this holdout');
  const back = h('button', { type: 'button', class: 'secondary', id: 'privacy-holdout-clear', hidden: true }, 'Show without a holdout');
  // A status: a screen reader hears that the table above now holds the holdout measures, not the whole table again.
  const said = h('p', { class: 'muted', id: 'privacy-holdout-none', role: 'status' }, noHoldoutText(candidates.length > 0));
  const problem = h('div', { id: 'privacy-holdout-problem' });
  const box = h('div', { id: 'privacy-holdout-box' }, said, h('div', { class: 'chart-row' }, h('label', { for: 'privacy-holdout' }, 'Holdout'), select, run, back), problem);
  // Bumped by each click: a holdout reply arriving after "Show without a holdout" (or a later holdout) is dropped.
  let turn = 0;
  run.addEventListener('click', async () => {
    if (!select.value) return problem.replaceChildren(h('p', { class: 'failure', role: 'alert' }, 'Choose a holdout dataset first.'));
    const chosen = select.selectedOptions[0]?.textContent ?? '';
    const mine = ++turn;
    problem.replaceChildren();
    run.disabled = true;
    try {
      const p = await whileLoading(box, api.privacy(realId, synthetic.file_id, { holdout_file_id: select.value }));
      if (mine !== turn) return;
      measured.replaceChildren(...privacyMeasured(p, d, synthetic.columns ?? []));
      said.id = 'privacy-holdout-used';
      said.textContent = `Measured with the holdout ${chosen}.`;
      back.hidden = false;
      blank.textContent = NO_HOLDOUT;
    } catch (e) {
      if (mine === turn) problem.replaceChildren(failureLine(e));
    } finally {
      run.disabled = false;
    }
  });
  const showPlain = () => {
    turn++;
    measured.replaceChildren(...privacyMeasured(plain, d, synthetic.columns ?? []));
    said.id = 'privacy-holdout-none';
    said.textContent = noHoldoutText(candidates.length > 0);
    problem.replaceChildren();
    select.value = '';
    back.hidden = true;
    blank.textContent = prompt;
  };
  back.addEventListener('click', () => {
    showPlain();
    // The button goes away under the keyboard's focus: it moves to the picker, where the next choice is made.
    select.focus();
  });
  // The picker's own way back: its first option, reading "no holdout" once measured with one, shows the measures without it.
  select.addEventListener('change', () => {
    if (!select.value && !back.hidden) showPlain();
  });
  return box;
}

/** The privacy picker's first option once measured with a holdout: choosing it shows the measures without one. */
const NO_HOLDOUT = 'no holdout (the measures without one)';

type Diagnostic = Awaited<ReturnType<typeof api.diagnostic>>;

/** The privacy table and its notes for one privacy reply (with or without a holdout). */
function privacyMeasured(p: Privacy, d: Diagnostic, columns: readonly DateSpelling[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  const dpText = differentialPrivacyText(p.differential_privacy);
  const help: Readonly<Record<keyof typeof PRIVACY_HELP | HoldoutMeasure, string>> = { ...PRIVACY_HELP, ...HOLDOUT_PRIVACY_HELP };
  const row = (label: keyof typeof help, value: string, verdict: string, threshold: string) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, label, h('span', { class: 'metric-help' }, help[label])),
      h('td', { class: 'num' }, value),
      h('td', {}, h('span', { class: `badge verdict-${verdict}` }, verdict)),
      h('td', { class: 'muted' }, threshold),
    );
  out.push(
    // On a phone each measure stacks as a card, so its verdict and threshold are not off the screen.
    wideTable(
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
          row('Nearest-neighbour distance ratio (NNDR)', `median ${p.nndr.median.toFixed(3)}`, p.nndr.verdict, p.nndr.threshold),
          // Counted in the DCR verdict (real rows plus a little noise are as good as copies); absent with a single real row.
          ...(p.dcr.near ? [row(NEAR_COPIES_LABEL, nearCopiesValue(p.dcr.near), p.dcr.near.verdict, NEAR_COPIES_THRESHOLD)] : []),
          // Only when asked with a holdout whose rows are not all training rows (holdout_measures).
          ...holdoutPrivacyRows(p).map((r) => row(r.label, r.value, r.verdict, r.threshold)),
          row('Real personal data reappearing', piiVerbatimValue(p.pii_verbatim), p.pii_verbatim.verdict, p.pii_verbatim.threshold),
          row('Diagnostic (validity and structure)', `${(d.overall * 100).toFixed(1)} %`, d.overall >= 0.99 ? 'safe' : 'review', 'values in range, known categories, unique keys'),
          ...(d.category_pairs
            ? [
                row(
                  'Category pairs absent from the real rows',
                  `${formatCount(d.category_pairs.rows)} of ${formatCount(d.category_pairs.of)} rows (${(d.category_pairs.rate * 100).toFixed(1)} %)`,
                  d.category_pairs.rate > CATEGORY_PAIRS_WARN ? 'review' : 'safe',
                  `at most ${CATEGORY_PAIRS_WARN * 100} % of rows`,
                ),
              ]
            : []),
          // Only for a file generated here: of another, nothing is known (the reply leaves it out).
          ...(dpText ? [row('Differential privacy', dpText.value, '—', dpText.note)] : []),
        ),
      ),
      { cards: true },
    ),
    h('p', { class: 'muted' }, p.sample.note),
  );
  // A copy count alone alarms: real rows may repeat each other as often on the columns compared.
  const baseline = copiesBaselineText(p.exact_copies);
  if (baseline) out.push(h('p', { id: 'privacy-copies-baseline' }, baseline));
  // DCR and NNDR near 0 alarm too: real rows may sit as near each other (core/validation/privacy.ts judges them so).
  const distances = distanceBaselineText(p);
  if (distances) out.push(h('p', { id: 'privacy-distance-baseline' }, distances));
  const overlap = holdoutOverlapText(p.holdout_overlap, 'privacy');
  if (overlap) out.push(h('p', { class: 'failure', id: 'privacy-holdout-overlap' }, overlap));
  // Shared rows a table repeats by itself are no overlap: said quietly, so nobody hunts for a split that was fine.
  const twins = holdoutTwinsNote(p.holdout_overlap);
  if (twins) out.push(h('p', { class: 'muted', id: 'privacy-holdout-twins' }, twins));
  const measures = holdoutMeasuresText(p.holdout_measures);
  if (measures) out.push(h('p', { id: 'privacy-holdout-measures' }, measures));
  // Their synthetic values are not drawn from the real ones: counting them would hide copied rows.
  const leftOut = leftOutText(p.left_out_columns);
  if (leftOut) out.push(h('p', { class: 'muted', id: 'privacy-left-out' }, leftOut));
  const pairsWarning = categoryPairsWarning(d.category_pairs);
  if (pairsWarning) out.push(h('p', { class: 'failure', id: 'category-pairs-warning' }, pairsWarning));
  else if (d.category_pairs?.rows) out.push(h('p', { class: 'muted', id: 'category-pairs-note' }, `Pairs absent from the real rows: ${unseenPairTexts(d.category_pairs).join('; ')}.`));
  // A conditioned file's distances are to the source rows meeting its conditions: said as its quality's basis is.
  const basis = comparedWithText(p.compared_with, columns);
  if (basis) out.push(h('p', { id: 'privacy-basis' }, `${basis} Exact copies look at every source row.`));
  return out;
}

/** More classes than this is a code or a name (a ticket number, a cabin), not a class a model could learn from a few hundred rows. */
export const MAX_TARGET_CLASSES = 50;

/**
 * How fit a column is as the utility target (0 best), or undefined when a model cannot predict it.
 * The route takes the types core/validation/utility.ts TARGET_TYPES names (categorical, boolean,
 * integer, float); of those, personal data, the key, constants, counters and codes unique per row,
 * and categories with more than MAX_TARGET_CLASSES levels would score noise, so they are not offered.
 */
function targetRank(c: ColumnInfo, rows: number | undefined): number | undefined {
  if (c.type === 'id' || c.type === 'text' || c.primary_key || c.pii) return undefined;
  const present = rows === undefined ? undefined : rows - c.missing;
  const unique = c.distinct !== undefined && present !== undefined && present > 1 && c.distinct >= present;
  if (c.distinct !== undefined && (c.distinct < 2 || (unique && c.type !== 'float'))) return undefined;
  if (c.type === 'categorical' && c.distinct !== undefined && c.distinct > MAX_TARGET_CLASSES) return undefined;
  return c.type === 'boolean' ? 0 : c.type === 'categorical' ? 1 : c.type === 'integer' || c.type === 'float' ? 2 : undefined;
}

/** The columns offered as the utility target, in the table's order. */
export function targetColumns(columns: readonly ColumnInfo[], rows: number | undefined): string[] {
  return columns.filter((c) => targetRank(c, rows) !== undefined).map((c) => c.name);
}

/**
 * The column a model would most sensibly predict: a boolean or categorical column (a class), else a
 * number; never an id, the key, personal data, free text, a constant, or a whole-number or categorical
 * column unique in every row (a counter or a code: nothing to learn). Floats are often unique and fine.
 */
export function defaultTarget(columns: readonly ColumnInfo[], rows: number | undefined): string | undefined {
  let best: { name: string; rank: number } | undefined;
  for (const c of columns) {
    const r = targetRank(c, rows);
    if (r !== undefined && (!best || r < best.rank)) best = { name: c.name, rank: r };
  }
  return best?.name;
}

// Moved to holdout-select.ts, shared with the privacy section; still exported from here.
export { holdoutChoices, holdoutLabel } from './holdout-select.js';

/** Machine-learning utility against a real holdout the user picks, for a target column. */
/** `items`: the newest files, listed once by the page (api.listFiles). */
export async function utilitySection(realId: string, synthetic: FileMeta, items: readonly FileMeta[]): Promise<HTMLElement> {
  const columnInfos = synthetic.columns ?? [];
  const columns = columnInfos.map((c) => c.name);
  const real = items.find((f) => f.file_id === realId);
  const { select: holdout, candidates } = holdoutSelect({ id: 'utility-holdout', name: 'Holdout dataset', none: 'none with these columns (see above)', realId, synthetic, items });
  // Generated files carry no distinct counts: the source's columns tell which are unique per row.
  // Nor a column the generation's conditions fixed: the synthetic rows hold one value of it, nothing to learn (the API refuses it).
  const conditioned = generatedConditions(synthetic);
  const free = (c: ColumnInfo) => columns.includes(c.name) && !(conditioned && Object.hasOwn(conditioned, c.name));
  const targetInfos = (real?.columns ?? columnInfos).filter(free);
  const targetRows = real?.rows ?? synthetic.rows;
  // Only columns a classifier or regressor can predict: a free-text name or an id would be refused or score noise.
  const targets = targetColumns(targetInfos, targetRows);
  const chosen = defaultTarget(targetInfos, targetRows);
  const target = h(
    'select',
    { id: 'utility-target', 'aria-label': 'Target column', disabled: !targets.length },
    ...(targets.length ? targets.map((c) => h('option', { value: c, selected: c === chosen }, c)) : [h('option', { value: '' }, 'no column a model can predict')]),
  );
  // Nothing to measure against until a holdout is chosen: no candidates at all, or none chosen yet.
  const runnable = candidates.length > 0 && targets.length > 0;
  const run = h('button', { type: 'button', class: 'secondary', id: 'utility-run', disabled: !runnable }, 'Measure utility');
  const out = h('div', { id: 'utility-result' });
  run.addEventListener('click', async () => {
    if (!holdout.value) return showError('Choose a holdout dataset first.', out);
    run.disabled = true;
    try {
      const u = await api.utility(realId, synthetic.file_id, holdout.value, target.value);
      const metric = u.task === 'classification' ? 'macro_f1' : 'r2';
      // null: undefined for this holdout (r² of a target that does not vary there).
      const f = (x: number | null | undefined) => (x === undefined || x === null ? '—' : x.toFixed(3));
      const overlap = holdoutOverlapText(u.holdout_overlap);
      const twins = holdoutTwinsNote(u.holdout_overlap);
      out.replaceChildren(
        ...(overlap ? [h('p', { class: 'failure', id: 'utility-overlap' }, overlap)] : []),
        ...(twins ? [h('p', { class: 'muted', id: 'utility-overlap-note' }, twins)] : []),
        h(
          'table',
          { id: 'utility-table' },
          // Number headers align right, over their values.
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ...[metricLabel(metric), u.task === 'classification' ? metricLabel('accuracy') : ''].map((t) => h('th', { scope: 'col', class: 'num' }, t)))),
          h(
            'tbody',
            {},
            h('tr', {}, h('th', { scope: 'row' }, 'trained on real'), h('td', { class: 'num' }, f(u.train_real[metric])), h('td', { class: 'num' }, f(u.train_real.accuracy))),
            h('tr', {}, h('th', { scope: 'row' }, 'trained on synthetic'), h('td', { class: 'num', id: 'utility-synthetic' }, f(u.train_synthetic[metric])), h('td', { class: 'num' }, f(u.train_synthetic.accuracy))),
          ),
        ),
        h('p', { class: 'muted', id: 'utility-detection' }, `${u.model}; tested on the holdout. ${indistinguishabilityText(u.detection.score)}`),
        ...(u.train_real[metric] === null ? [h('p', { class: 'muted', id: 'utility-undefined' }, `${metricLabel(metric)} is undefined here: ${target.value} does not vary in the holdout's rows.`)] : []),
        ...[comparedWithText(u.compared_with, columnInfos), comparedWithText(u.holdout_compared_with, columnInfos, 'holdout')].flatMap((text, i) =>
          text ? [h('p', { id: i ? 'utility-holdout-basis' : 'utility-basis' }, text)] : [],
        ),
      );
    } catch (e) {
      showError(errorText(e), out);
    } finally {
      run.disabled = !runnable;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'utility-h', id: 'utility' },
    h('h2', { id: 'utility-h' }, 'Machine-learning utility'),
    utilityExplanation(candidates.length > 0, columns, targets.length > 0, real?.lineage.operation === 'features' ? real : undefined),
    h('div', { class: 'chart-row' }, h('label', { for: 'utility-holdout' }, 'Holdout'), holdout, h('label', { for: 'utility-target' }, 'Target'), target, run),
    out,
  );
}

/**
 * What the holdout is and, when no file can be one, exactly what to upload. The API has no way to
 * split a file already uploaded (no such route), so the advice is to keep rows back before fitting.
 * `featuresSource`: the source, when feature steps made it; held-out rows need those steps too,
 * applied from its page (a file made so is offered as the holdout).
 */
function utilityExplanation(haveHoldout: boolean, columns: readonly string[], haveTarget: boolean, featuresSource?: FileMeta): HTMLElement {
  const what = 'One model learns from the synthetic rows, another from the real source; both are tested on a holdout: real rows the generator never saw.';
  const box = h('div', { id: 'utility-explain' }, h('p', { class: 'muted' }, what));
  if (!haveHoldout) {
    box.append(
      h(
        'p',
        { id: 'utility-no-holdout' },
        'No file can be the holdout yet. ',
        h('a', { href: '#/' }, 'Upload'),
        ` a file of real rows the generator never saw, with the same columns (${columns.length > 12 ? `${columns.slice(0, 12).join(', ')} and ${columns.length - 12} more` : columns.join(', ')}). The source itself, or a copy of it, will not do: the generator learned those rows. `,
        'If every real row went into the source, split the original table next time: upload most rows as the source to generate from, and keep the rest (a fifth, say) to upload as the holdout.',
      ),
    );
  }
  // Said even with a holdout offered: an upload with the same column names may hold rows the steps never ran on.
  if (featuresSource)
    box.append(
      h(
        'p',
        { id: 'utility-features-holdout' },
        'The source was made by feature steps, so held-out rows need them too: upload the rows as they were before those steps, then apply the same steps to them on ',
        h('a', { href: `#/files/${featuresSource.file_id}` }, featuresSource.filename),
        '’s page (“Apply the same steps to another file”). The file made is offered here, among those made with feature steps.',
      ),
    );
  if (!haveTarget) box.append(h('p', { id: 'utility-no-target' }, 'No column here can be predicted: a target is a category with a few levels, a yes/no column or a number — not free text, an id, personal data or a constant.'));
  return box;
}
