/** One dataset: metadata, schema, data preview, a column chart, generation with live progress, quality. */
import { COLUMN_TYPES, DATETIME_FORMAT_NAMES, DISTINCT_CAP, KEY_TYPES, PII_KINDS, api, piiLeftOut, shownStatus, type ColumnInfo, type PiiAction, type FileMeta, type Generator, type ModelRecord, type TypeEdit } from '../api.js';
import { followJob } from '../jobs.js';
import { jobPanel, lossCurve, whileShown } from './job-panel.js';
import { runningJobsSection } from './running-jobs.js';
import { deletedParentText, generatedConditions } from '../lineage.js';
import { breakable, cellText, errorText, formatBytes, formatCount, h, showError, whileLoading, wideTable } from '../dom.js';
import { chart, shapesSpec, worstShapes } from '../charts.js';
import { correlationSection, overviewSection, privacySection, utilitySection } from './insights.js';
import { generateSection } from './generate.js';
import { setTitle } from '../title.js';
import { freshUrl } from '../fresh-url.js';
import { settledFile } from '../settled-file.js';
import { featuresSection } from './features.js';
import { pipelineStepsSection } from './pipeline-steps.js';
import { piiLabel } from '../labels.js';
import { describeSection, driftSection, outliersSection } from './explore.js';
import { sampleSection } from './sample.js';
import { comparedWithText, conditionsText, type ComparedWith } from '../compared-with.js';
import { typedOtherwise, unreadableTexts } from '../retyped-text.js';

const PAGE = 50;

/** `row`: a row to show in Data, from 1 (#/files/{id}/data?row=N, where an outlier's row number leads). */
export async function datasetView(root: HTMLElement, id: string, row?: number): Promise<void> {
  const meta = await api.getFile(id);
  // A source deleted since: files made from it stay, but nothing can be measured against it any more.
  // The reply says so (lineage.parent_deleted): asking for the parent would be a 404 the console logs.
  const parent = meta.lineage.parent && !meta.lineage.parent_deleted ? meta.lineage.parent : undefined;
  const crumbs = h('nav', { 'aria-label': 'Lineage', class: 'crumbs' }, h('a', { href: '#/' }, 'Datasets'), ' / ');
  // The link names the parent, so the trail says which file this one was made from.
  const parentName = parent ? await api.getFile(parent).then((p) => p.filename, () => undefined) : undefined;
  if (parent) crumbs.append(h('a', { href: `#/files/${parent}`, id: 'parent-link', title: 'The file this one was made from' }, parentName ?? 'source'), ' / ');
  else if (meta.lineage.parent) crumbs.append(h('span', { class: 'muted', id: 'parent-gone' }, deletedParentText(meta, 'source (deleted)')), ' / ');
  crumbs.append(meta.filename);

  const summary = h(
    'dl',
    { class: 'cards' },
    card('Status', h('span', { class: `badge ${shownStatus(meta)}`, id: 'file-status' }, shownStatus(meta))),
    card('Rows', meta.rows === undefined ? '—' : formatCount(meta.rows)),
    // Grouped as Rows is: "1,204 columns" beside "53,940 rows", not "1204".
    card('Columns', meta.columns === undefined ? '—' : formatCount(meta.columns.length)),
    card('Size', formatBytes(meta.size)),
  );

  root.replaceChildren(crumbs, h('h1', { class: 'filename', title: meta.filename }, breakable(meta.filename)), summary);
  if (root.isConnected) setTitle(meta.filename); // not from a visit the user has already left
  if (meta.status === 'failed') {
    root.append(await endedSection(meta));
    return;
  }
  if (meta.status !== 'ready') {
    root.append(await pendingSection(meta, () => datasetView(root, id)));
    return;
  }

  const downloads = h(
    'p',
    { class: 'actions' },
    csvDownload(meta),
    h('a', { class: 'button secondary', href: `/synth/${id}/download?format=json`, download: `${meta.filename.replace(/\.[^.]*$/, '')}.json` }, 'Download JSON'),
    h('a', { class: 'button secondary', href: `/synth/${id}/download?format=parquet`, id: 'download-parquet' }, 'Download Parquet'),
    meta.lineage.operation === 'synthesize' && parent ? reportButton(parent, id) : null,
  );
  root.append(downloads, runningJobsSection(meta));
  const steps = pipelineStepsSection(meta, parentName);
  if (steps) root.append(steps);

  const fixed = generatedConditions(meta);
  // Asked for once and shared: the file list (drift, utility) and what each generator can do (the sample and generate forms).
  const [{ items: files }, { generators }] = await Promise.all([api.listFiles(), api.generators()]);
  if (meta.lineage.operation === 'synthesize') root.append(generatedWithSection(meta, fixed));
  // Each measure has requests of its own: all asked for at once, each section placed now in the page's
  // order and filled in as it arrives, so the slowest holds up only itself.
  const measured: Promise<void>[] = [];
  if (meta.lineage.operation === 'synthesize' && parent) {
    const sections = [
      arriving('Quality against the source', qualitySection(parent, meta, files.find((f) => f.file_id === parent))),
      ...(typeof meta.lineage.details?.model_id === 'string' ? modelSections(meta, meta.lineage.details.model_id, fixed, generators) : []),
      arriving('Privacy and validity', privacySection(parent, meta, files)),
      arriving('Machine-learning utility', utilitySection(parent, meta, files)),
    ];
    root.append(...sections.map((s) => s.element));
    measured.push(...sections.map((s) => s.arrived));
  } else if (meta.lineage.operation === 'synthesize' && meta.lineage.parent) {
    root.append(
      h(
        'p',
        { class: 'muted', id: 'source-deleted' },
        'Its source file was deleted: the quality summary below is the one measured when this file was generated. Fresh measurements — privacy, utility, the full report — need the source. The synthetic rows are a file of their own.',
      ),
      await qualitySection(undefined, meta),
    );
    // Its model went with the source: the section says so rather than vanish without a word.
    if (typeof meta.lineage.details?.model_id === 'string') root.append(await sampleSection(meta, { model: undefined, generators }));
  }
  // The sections that load are placed at once, saying so, and filled in as they arrive; the view
  // resolves once all have (a redraw in place restores the scroll position on the whole page).
  const overview = arriving('Overview', overviewSection(id, fixed));
  const data = dataPreview(meta, row);
  const preview = arriving('Data', data.built);
  const correlation = arriving('Associations', correlationSection(id));
  root.append(
    overview.element,
    schemaSection(meta, () => datasetView(root, id)),
    describeSection(meta),
    preview.element,
    correlation.element,
    outliersSection(meta, (r) => void data.show(r)),
    await driftSection(meta, files),
    featuresSection(meta),
    await generateSection(meta, generators),
  );
  await Promise.all([overview.arrived, preview.arrived, correlation.arrived, ...measured]);
  // Once the sections above have their height: the row asked for, where the user can see it.
  if (row !== undefined && root.isConnected) await data.show(row);
}

/** A section placed before it is built, and settled once it is in its place (or has failed, said in the banner). */
interface Arriving {
  element: HTMLElement;
  arrived: Promise<void>;
}

/** A section still loading: its heading and "Loading…" in its place now, the section itself once built. */
function arriving(title: string, built: Promise<HTMLElement>): Arriving {
  const element = h('section', {}, h('h2', {}, title));
  const arrived = whileLoading(element, built).then(
    (section) => element.replaceWith(section),
    (e: unknown) => showError(errorText(e), element),
  );
  return { element, arrived };
}

/**
 * A section that may turn out to have nothing to show (null): an empty, hidden slot keeps its place
 * meanwhile, as its heading is not known before it arrives.
 */
function slot(built: Promise<HTMLElement | null>): Arriving {
  const element = h('div', { hidden: true });
  const arrived = built.then(
    (section) => (section ? element.replaceWith(section) : element.remove()),
    (e: unknown) => showError(errorText(e), element),
  );
  return { element, arrived };
}

/**
 * How the model that made this synthetic file was fitted, and the form sampling more rows from it:
 * the model asked for once, for both (each section's catch is on it at once, so a 404 is never unhandled).
 */
function modelSections(meta: FileMeta, modelId: string, fixed: Record<string, unknown> | undefined, generators: readonly Generator[]): Arriving[] {
  const model = api.model(modelId);
  return [slot(modelSection(model, fixed)), arriving('Sample more rows from this model', sampleSection(meta, { model, generators }))];
}

/**
 * A file not ready yet. A generated file names its job (lineage.details.job_id): follow it here with
 * progress and Cancel, and show the page again once the job has ended. Otherwise look again every
 * few seconds while the page is shown.
 */
async function pendingSection(meta: FileMeta, reload: () => Promise<void>): Promise<HTMLElement> {
  const jobId = meta.lineage.details?.job_id;
  const modelId = meta.lineage.details?.model_id;
  const section = h('section', { 'aria-labelledby': 'pending-h' }, h('h2', { id: 'pending-h' }, `This file is ${meta.status}`));
  if (typeof jobId === 'string') {
    const panel = jobPanel();
    section.append(panel.element);
    void panel.follow(jobId, typeof modelId === 'string' ? modelId : undefined).then(
      async (job) => {
        if (job.status === 'cancelled') return;
        // The file record is settled around when the job's is: read until it is, so a reload never finds it still pending (and a fast one waits for nothing).
        await settledFile(() => api.getFile(meta.file_id), { wanted: () => section.isConnected });
        if (section.isConnected) await reload();
      },
      (e: unknown) => showError(errorText(e), section),
    );
  } else {
    section.append(h('p', { 'aria-live': 'polite' }, 'This page updates when it is ready.'));
    setTimeout(() => section.isConnected && void reload(), 3000);
  }
  return section;
}

/**
 * A failed or cancelled file: why. A generated one names its job (lineage.details.job_id), whose panel
 * says it instead, with the loss curve the fit kept (no model was stored to draw it from).
 */
async function endedSection(meta: FileMeta): Promise<HTMLElement> {
  const jobId = meta.lineage.details?.job_id;
  // A job gone (or never named) leaves the file's own reason.
  const job = typeof jobId === 'string' ? await api.anyJob(jobId).catch(() => undefined) : undefined;
  if (job?.status === 'failed' || job?.status === 'cancelled') {
    const panel = jobPanel();
    panel.ended(job, meta.failure?.detail);
    return panel.element;
  }
  const cancelled = shownStatus(meta) === 'cancelled';
  return h('p', { class: cancelled ? 'muted' : 'failure' }, meta.failure?.detail ?? 'This file failed.');
}

/** The whole file as CSV: the API writes JSON, JSON Lines and Parquet uploads out as CSV (`all=true&format=csv`). */
function csvDownload(meta: FileMeta): HTMLElement {
  return h('a', { class: 'button', href: `/files/${meta.file_id}/data?all=true&format=csv`, id: 'download-csv' }, 'Download CSV');
}
/**
 * The full report, built on the first click and opened in a new tab; then a link to it. The link is a
 * presigned URL that expires (an hour): clicked once stale, on a page left open, it asks for a fresh one.
 */
function reportButton(realId: string, syntheticId: string): HTMLElement {
  const url = freshUrl(() => api.report(realId, syntheticId).then((r) => r.html_url));
  const button = h('button', { type: 'button', class: 'secondary', id: 'report-button' }, 'Full report (HTML)');
  const link = h('a', { class: 'button secondary', target: '_blank', rel: 'noopener', id: 'report-link' }, 'Open the full report');
  /** Opens the report in a new tab: the tab is opened at once, while the click still allows it, and led to the URL once it is known. */
  const open = async (from: HTMLElement) => {
    const tab = window.open('', '_blank');
    if (tab) {
      tab.opener = null; // as rel=noopener: the report page gets no handle on this one
      // Building a report takes a while: the new tab says so rather than stay blank.
      tab.document.title = 'Building the report…';
      tab.document.body?.append('Building the report…');
    }
    try {
      const href = await url.get();
      link.href = href;
      if (tab) tab.location.href = href;
      else window.open(href, '_blank', 'noopener'); // the blank tab was refused: try once more
      showError(undefined, from);
      return true;
    } catch (e) {
      tab?.close();
      showError(errorText(e), from);
      return false;
    }
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Building the report…';
    // The button was disabled meanwhile, which drops focus to the body: give it to what stands there now.
    if (await open(button)) {
      button.replaceWith(link);
      link.focus();
    } else {
      button.disabled = false;
      button.textContent = 'Full report (HTML)';
      button.focus();
    }
  });
  link.addEventListener('click', (e) => {
    // A good URL opens as any link does (middle-click and copy included); a stale one is asked for again.
    if (url.peek()) return;
    e.preventDefault();
    void open(link);
  });
  return button;
}

/**
 * Draws the page again from the saved metadata where it was: the same scroll position, the focus
 * back on the control just used (`selector`), and what was saved in the schema's status line.
 */
async function reloadInPlace(reload: () => Promise<void>, selector: string, saved: string): Promise<void> {
  const y = window.scrollY;
  // Type and format choices not saved yet are put back: redrawing must not quietly drop them.
  const pending = [...document.querySelectorAll<HTMLSelectElement>('select.column-type, select.column-format')].map((el) => ({ cls: el.className, column: el.dataset.column ?? '', value: el.value }));
  await reload();
  for (const p of pending) {
    const el = document.querySelector<HTMLSelectElement>(`select.${p.cls}[data-column="${CSS.escape(p.column)}"]`);
    if (el && el.value !== p.value) {
      el.value = p.value;
      el.dispatchEvent(new Event('change'));
    }
  }
  window.scrollTo(0, y);
  document.querySelector<HTMLElement>(selector)?.focus({ preventScroll: true });
  const status = document.getElementById('schema-status');
  if (status) status.textContent = saved;
}

function card(label: string, value: Node | string): HTMLElement {
  return h('div', { class: 'card' }, h('dt', {}, label), h('dd', {}, value));
}

function piiCell(meta: FileMeta, c: NonNullable<FileMeta['columns']>[number], reload: () => Promise<void>): HTMLElement {
  if (!c.pii) return h('td', {}, markAsPii(meta, c.name, reload));
  const select = h(
    'select',
    { 'aria-label': `In synthesis, ${c.name}`, 'data-column': c.name, class: 'pii-action' },
    ...(['fake', 'drop', 'keep'] as const).map((a) => h('option', { value: a, selected: c.pii!.action === a }, a === 'fake' ? 'replace with fakes' : a === 'drop' ? 'leave out' : 'keep (model it)')),
    h('option', { value: 'none' }, 'not personal data (unmark)'),
  );
  select.addEventListener('change', async () => {
    const action = select.value as PiiAction;
    try {
      await api.setPiiAction(meta.file_id, c.name, action);
      // Unmarked, the cell offers marking again: drawn anew, in place.
      if (action === 'none') await reloadInPlace(reload, `select.mark-pii[data-column="${CSS.escape(c.name)}"]`, `Saved: ${c.name} is not marked as personal data.`);
      else showError(undefined, select);
    } catch (e) {
      showError(errorText(e), select);
    }
  });
  return h('td', {}, h('span', { class: 'badge pii', title: c.pii.kind }, piiLabel(c.pii.kind)), ' ', select);
}

/** A column the detector did not flag can be marked by hand; it is then replaced by fakes of that kind. */
function markAsPii(meta: FileMeta, column: string, reload: () => Promise<void>): HTMLElement {
  const select = h(
    'select',
    { 'aria-label': `Mark ${column} as personal data`, 'data-column': column, class: 'mark-pii' },
    h('option', { value: '' }, '—'),
    ...PII_KINDS.map((k) => h('option', { value: k }, `${piiLabel(k)} (replace with fakes)`)),
  );
  select.addEventListener('change', async () => {
    if (!select.value) return;
    try {
      await api.setPiiAction(meta.file_id, column, 'fake', select.value);
      await reloadInPlace(reload, `select.pii-action[data-column="${CSS.escape(column)}"]`, `Saved: ${column} is replaced by fakes (${piiLabel(select.value)}).`);
    } catch (e) {
      showError(errorText(e), select);
    }
  });
  return select;
}

/** Whether the column is the primary key: left out of the model, every synthetic row gets a new, unique one. */
function keyCell(meta: FileMeta, c: ColumnInfo, reload: () => Promise<void>): HTMLElement {
  const faked = piiLeftOut(c);
  // Distinct counts are exact up to DISTINCT_CAP: below it, fewer than the rows means repeats.
  const repeats = c.distinct !== undefined && meta.rows !== undefined && c.distinct < Math.min(meta.rows, DISTINCT_CAP);
  const eligible = KEY_TYPES.includes(c.type) && c.missing === 0 && !faked && !repeats;
  const box = h('input', {
    type: 'checkbox',
    class: 'primary-key',
    'data-column': c.name,
    'aria-label': `${c.name} is the primary key`,
    checked: c.primary_key === true,
    disabled: !eligible && !c.primary_key,
    title: eligible
      ? 'Each synthetic row gets a new, unique key'
      : faked
        ? 'Handled as personal data: set it to keep (model it) to make it the key'
        : repeats
          ? 'Its values repeat: a key has a different value in every row'
          : 'A key is a whole-number or text column with a value in every row',
  });
  box.addEventListener('change', async () => {
    const previous = meta.columns?.find((x) => x.primary_key)?.name;
    try {
      await api.setPrimaryKey(meta.file_id, c.name, box.checked, previous);
      await reloadInPlace(reload, `input.primary-key[data-column="${CSS.escape(c.name)}"]`, box.checked ? `Saved: ${c.name} is the primary key.` : `Saved: ${c.name} is no longer the primary key.`);
    } catch (e) {
      box.checked = !box.checked;
      showError(errorText(e), box);
    }
  });
  return h('td', { class: 'key-cell' }, box);
}

/** A column's type as a select, with the datetime format beside it (shown for datetimes only). */
function typeControls(c: ColumnInfo) {
  const type = h(
    'select',
    { 'aria-label': `Type of ${c.name}`, 'data-column': c.name, class: 'column-type' },
    ...COLUMN_TYPES.map((t) => h('option', { value: t, selected: t === c.type }, t)),
  );
  const format = h(
    'select',
    { 'aria-label': `Datetime format of ${c.name}`, 'data-column': c.name, class: 'column-format' },
    ...(c.type === 'datetime' ? [] : [h('option', { value: '' }, 'detect the format')]),
    ...DATETIME_FORMAT_NAMES.map((f) => h('option', { value: f, selected: f === c.format }, f)),
  );
  const showFormat = () => {
    format.hidden = type.value !== 'datetime';
  };
  type.addEventListener('change', showFormat);
  showFormat();
  /** The edit the controls ask for, or undefined when they show the column as it is. */
  const edit = (): TypeEdit | undefined => {
    const chosen = COLUMN_TYPES.find((t) => t === type.value) ?? c.type;
    const chosenFormat = chosen === 'datetime' && format.value ? format.value : undefined;
    if (chosen === c.type && (chosen !== 'datetime' || chosenFormat === c.format)) return undefined;
    return { name: c.name, type: chosen, ...(chosenFormat ? { format: chosenFormat } : {}) };
  };
  return { cell: h('td', { class: 'type-cell' }, type, ' ', format), edit };
}

/** Distinct values are counted up to DISTINCT_CAP; a count past it (DISTINCT_CAP + 1) is a floor, not the number. */
function distinctText(distinct: number | undefined): string {
  if (distinct === undefined) return '—';
  return distinct > DISTINCT_CAP ? `> ${formatCount(DISTINCT_CAP)}` : formatCount(distinct);
}

/** What saving a type does: an upload's column is parsed again from its original; a generated or derived file has no upload, only the CSV written when it was made. */
function schemaHelp(meta: FileMeta): string {
  const from = meta.lineage.operation === 'upload' ? 'the original upload' : `the CSV written when this file was ${meta.lineage.operation === 'synthesize' ? 'generated' : 'derived'}`;
  return `Change a type or a datetime format and save: the column is read again from ${from} under it. Tick the key column (ids, a different value in every row): the model leaves it out and every synthetic row gets a new, unique key.`;
}

function schemaSection(meta: FileMeta, reload: () => Promise<void>): HTMLElement {
  const controls = (meta.columns ?? []).map(typeControls);
  const rows = (meta.columns ?? []).map((c, i) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', class: 'colname' }, breakable(c.name)),
      controls[i]!.cell,
      h('td', { class: 'num' }, formatCount(c.missing)),
      h('td', { class: 'num' }, distinctText(c.distinct)),
      keyCell(meta, c, reload),
      piiCell(meta, c, reload),
      h('td', { class: 'muted' }, c.reason ?? ''),
    ),
  );
  const save = h('button', { type: 'button', id: 'save-schema' }, 'Save schema');
  const status = h('p', { id: 'schema-status', 'aria-live': 'polite', class: 'muted' });
  save.addEventListener('click', async () => {
    const edits = controls.map((c) => c.edit()).filter((e): e is TypeEdit => e !== undefined);
    if (!edits.length) {
      status.textContent = 'No type has changed.';
      return;
    }
    showError(undefined, save);
    save.disabled = true;
    status.textContent = 'Parsing the columns again under their new types…';
    try {
      const reply = await api.setTypes(meta.file_id, edits);
      if ('job_id' in reply && !(await typesJobSucceeded(reply.job_id, status, save))) {
        save.disabled = false;
        return;
      }
      await reload();
      const shown = document.getElementById('schema-status');
      if (shown) shown.textContent = `Saved: ${edits.map((e) => `${e.name} is ${e.type}${e.format ? ` (${e.format})` : ''}`).join(', ')}.`;
      document.getElementById('save-schema')?.focus();
    } catch (e) {
      showError(errorText(e), save);
      status.textContent = '';
      save.disabled = false;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'schema-h' },
    h('h2', { id: 'schema-h' }, 'Schema'),
    h('p', { class: 'muted', id: 'schema-help' }, schemaHelp(meta)),
    // Long datetime formats and reasons can make the table wider than the page: it scrolls, the page does not.
    wideTable(h('table', { id: 'schema' }, h('thead', {}, h('tr', {}, ...['Column', 'Type', 'Missing', 'Distinct', 'Key', 'Personal data', 'Why'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows))),
    h('p', { class: 'actions' }, save),
    status,
  );
}

/** A large file's type change runs as a job: its progress in the status line, its failure in the banner. */
async function typesJobSucceeded(jobId: string, status: HTMLElement, from: HTMLElement): Promise<boolean> {
  const job = await followJob(jobId, (j) => {
    status.textContent = `Parsing the columns again under their new types… ${Math.round(j.progress.percent)}%`;
  }, whileShown(status));
  if (job.status === 'succeeded') return true;
  showError(job.error?.detail ?? `The type change ended ${job.status}.`, from);
  status.textContent = '';
  return false;
}

/** The Data section, and `show`, which pages it to a row (from 1, as numbered), marks it and brings it into view. */
interface DataPreview {
  built: Promise<HTMLElement>;
  show: (row: number) => Promise<void>;
}

/** `row`: the row the page was opened at (#/files/{id}/data?row=N), its page loaded first; `show` brings it into view. */
function dataPreview(meta: FileMeta, row?: number): DataPreview {
  let offset = 0;
  // A row past the end (an address kept from a longer file) is shown as the last row.
  const clamp = (r: number) => Math.max(1, Math.min(r, meta.rows ?? r));
  let marked = row === undefined ? undefined : clamp(row);
  const decimals = new Map((meta.columns ?? []).flatMap((c) => (c.decimals !== undefined ? [[c.name, c.decimals] as const] : [])));
  const table = h('table', { id: 'preview' });
  const info = h('span', { 'aria-live': 'polite', id: 'page-info' });
  const prev = h('button', { class: 'secondary', onclick: () => load(offset - PAGE) }, '← Previous');
  const next = h('button', { class: 'secondary', onclick: () => load(offset + PAGE) }, 'Next →');

  /** Row `n` (from 1), numbered as the outliers list numbers it; the row asked for is marked, its number focusable. */
  const rowOf = (n: number, cells: HTMLElement[]) => {
    const mark = n === marked;
    return h('tr', { class: mark ? 'marked-row' : undefined, 'aria-current': mark ? 'true' : undefined }, h('th', { scope: 'row', class: 'row-number', tabindex: mark ? -1 : undefined }, String(n)), ...cells);
  };

  async function load(to: number) {
    try {
      const page = await api.data(meta.file_id, Math.max(0, to), PAGE);
      offset = Math.max(0, to);
      table.replaceChildren(
        // Long names and values are cut with an ellipsis; the whole text is in the tooltip.
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'row-number' }, 'Row'), ...page.columns.map((c) => h('th', { scope: 'col', class: 'cut', title: c }, c)))),
        h('tbody', {}, ...page.rows.map((r, i) => rowOf(offset + i + 1, page.columns.map((c) => h('td', { class: 'cut', title: String(r[c] ?? '') }, cellText(r[c], decimals.get(c))))))),
      );
      info.textContent = `Rows ${formatCount(offset + 1)}–${formatCount(Math.min(offset + PAGE, page.total_rows))} of ${formatCount(page.total_rows)}`;
      prev.disabled = offset === 0;
      next.disabled = offset + PAGE >= page.total_rows;
    } catch (e) {
      showError(errorText(e), table);
    }
  }

  const pageOf = (r: number) => Math.floor((r - 1) / PAGE) * PAGE;
  const section = h(
    'section',
    { 'aria-labelledby': 'data-h', id: 'data' },
    h('h2', { id: 'data-h' }, 'Data'),
    h('div', { class: 'scroll' }, table),
    h('div', { class: 'pager' }, prev, info, next),
  );
  const built = load(marked === undefined ? 0 : pageOf(marked)).then(() => section);
  return {
    built,
    show: async (r) => {
      await built;
      marked = clamp(r);
      // Drawn again unless shown already with this row marked (the page the address opened at).
      const shown = () => table.querySelector<HTMLElement>('.marked-row .row-number');
      if (shown()?.textContent !== String(marked)) await load(pageOf(marked));
      // Focus goes to the row's number (read out with its row), and the row to the middle of the screen.
      const cell = shown();
      cell?.focus({ preventScroll: true });
      cell?.closest('tr')?.scrollIntoView({ block: 'center' });
    },
  };
}

/** How the model was fitted: the groups it modelled apart, the columns it looks up, and for neural ones the training and its loss curve. */
async function modelSection(asked: Promise<ModelRecord>, fixed?: Record<string, unknown>): Promise<HTMLElement | null> {
  const model = await asked.catch(() => undefined);
  if (model?.training) return trainingSection(model, model.training);
  if (!model?.groups && !model?.privacy && !model?.lookups?.length && !model?.formulas?.length && !model?.weekdays?.length && !model?.month_days?.length) return null;
  return h('section', { 'aria-labelledby': 'model-h' }, h('h2', { id: 'model-h' }, 'Model'), model.groups ? groupsLine(model.groups, fixed) : null, lookupsLine(model), formulasLine(model), weekdaysLine(model), monthDaysLine(model), privacyLine(model));
}

/** The differential privacy guarantee of the fit (PrivBayes, DP training), when it gives one. */
function privacyLine(model: ModelRecord): HTMLElement | null {
  const p = model.privacy;
  return p ? h('p', { id: 'model-privacy' }, `Differentially private: ε = ${p.epsilon.toFixed(2)}, δ = ${p.delta > 0 ? p.delta.toExponential(1) : '0'} — ${p.mechanism}.`) : null;
}

/** Columns another determines, looked up rather than modelled: "code (from country), region (from country)". */
function lookupsLine(model: ModelRecord): HTMLElement | null {
  const lookups = model.lookups ?? [];
  if (!lookups.length) return null;
  return h('p', { id: 'model-lookups' }, `Looked up from the column that determines them, so every pair is one the data holds: ${lookups.map((l) => `${l.column} (from ${l.from})`).join(', ')}.`);
}

/** Columns the data always holds as a sum of others, computed rather than modelled: "total = a + b". */
function formulasLine(model: ModelRecord): HTMLElement | null {
  const formulas = model.formulas ?? [];
  if (!formulas.length) return null;
  return h('p', { id: 'model-formulas' }, `Computed from other columns, as on every row of the data: ${formulas.map((f) => `${f.column} = ${f.expression}`).join('; ')}.`);
}

/** Dates the data holds on some days of the week only: "date on Monday to Friday". */
function weekdaysLine(model: ModelRecord): HTMLElement | null {
  const weekdays = model.weekdays ?? [];
  if (!weekdays.length) return null;
  return h('p', { id: 'model-weekdays' }, `Drawn on the days of the week the data holds them on: ${weekdays.map((w) => `${w.column} (${w.days.join(', ')})`).join('; ')}.`);
}

/**
 * Dates the data holds on one day of the month, in some months only, or one day a year:
 * "month (on the 1st of the month)", "Year (on the 1st of January)".
 */
function monthDaysLine(model: ModelRecord): HTMLElement | null {
  const rules = model.month_days ?? [];
  if (!rules.length) return null;
  return h('p', { id: 'model-month-days' }, `Drawn only on the days of the month or year the data holds them on: ${rules.map((m) => `${m.column} (${m.rule})`).join('; ')}.`);
}

/** "4, 3 and 5": the levels of a group, several when rare levels share one. */
function levelsText(levels: readonly (string | null)[]): string {
  const names = levels.map((l) => l ?? '(missing)');
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/**
 * The groups the copula modelled apart, one per line: "Adelie: 44 %", rare levels sharing a group as
 * "4, 3 and 5 (merged: too few rows alone): 53 %", a group split again as "a0, split by b — b0: 25 %, b1: 25 %".
 */
function groupsLine(fitted: NonNullable<ModelRecord['groups']>, fixed?: Record<string, unknown>): HTMLElement {
  const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
  const named = (levels: readonly (string | null)[]) => (levels.length > 1 ? `${levelsText(levels)} (merged: too few rows alone)` : levelsText(levels));
  const parts = new Map<string, { levels: readonly (string | null)[]; by?: string; shares: string[] }>();
  for (const g of fitted.groups) {
    const key = JSON.stringify(g.levels);
    const part = parts.get(key) ?? { levels: g.levels, ...(g.within ? { by: g.within.column } : {}), shares: [] };
    part.shares.push(g.within ? `${named(g.within.levels)}: ${percent(g.share)}` : percent(g.share));
    parts.set(key, part);
  }
  const items = [...parts.values()].map((p) => h('li', {}, p.by ? `${named(p.levels)}, split by ${p.by} — ${p.shares.join(', ')}` : `${named(p.levels)}: ${p.shares.join(', ')}`));
  return h(
    'div',
    { id: 'model-groups' },
    h('p', {}, `One copula per group of rows by ${fitted.column}, as the other columns behave differently in each. Share of the rows per group:`),
    h('ul', { class: 'groups' }, ...items),
    groupsConditionNote(fitted, fixed),
  );
}

/** The shares are the model's, learned from the source: a condition on a grouping column overrides them in the generated rows. */
function groupsConditionNote(fitted: NonNullable<ModelRecord['groups']>, fixed: Record<string, unknown> | undefined): HTMLElement | null {
  const by = [...new Set([fitted.column, ...fitted.groups.flatMap((g) => (g.within ? [g.within.column] : []))])].filter((c) => fixed && Object.hasOwn(fixed, c));
  if (!fixed || !by.length) return null;
  const which = conditionsText(Object.fromEntries(by.map((c) => [c, fixed[c]])));
  return h('p', { class: 'muted', id: 'model-groups-condition' }, `These shares are the source's, as the model learned them; in this file the condition fixed them: every row has ${which}.`);
}

function trainingSection(model: ModelRecord, t: NonNullable<ModelRecord['training']>): HTMLElement {
  const curve = lossCurve('model-loss');
  const section = h(
    'section',
    { 'aria-labelledby': 'training-h' },
    h('h2', { id: 'training-h' }, 'Training'),
    h('p', { class: 'muted' }, `${model.generator}: ${t.epochs} of ${t.planned_epochs} epochs${t.stopped_early ? ' (stopped early: the validation loss stopped improving)' : ''}, ${model.fit_seconds.toFixed(1)} s.`),
    lookupsLine(model),
    formulasLine(model),
    weekdaysLine(model),
    monthDaysLine(model),
    privacyLine(model),
    curve.element,
  );
  // Drawn once the section is on the page, at its width.
  void curve.show(t.history);
  return section;
}

/** Scores as the page shows them: the stored summary's, or an on-demand report's. */
interface ShownQuality {
  overall: number;
  shapes: number;
  pairs: number;
  details: readonly { column: string; metric: string; score: number }[];
  columns: number;
}

/**
 * The quality of a generated file. The summary its generation stored (with the least alike columns)
 * is shown as stored: it was measured against the rows its conditions ask for, and needs no source,
 * which may be gone. Older files without those columns, and files typed otherwise than the source
 * since, are scored on demand, against the same rows.
 */
async function qualitySection(realId: string | undefined, meta: FileMeta, source?: FileMeta): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'quality-h', id: 'quality' }, h('h2', { id: 'quality-h' }, 'Quality against the source'));
  const stored = meta.quality;
  // A column typed otherwise here than in the source (a schema edit since) is read as the source's
  // type by the route, which says what did not read so: the stored summary predates the edit.
  const retyped = realId !== undefined && source !== undefined && typedOtherwise(source.columns ?? [], meta.columns ?? []);
  try {
    let q: ShownQuality | undefined;
    let compared: ComparedWith | undefined = stored?.compared_with;
    let unreadable: string[] = [];
    if (stored?.column_shapes_details && typeof stored.overall === 'number' && !retyped) {
      q = { overall: stored.overall, shapes: stored.column_shapes ?? 0, pairs: stored.column_pair_trends ?? 0, details: stored.column_shapes_details, columns: stored.columns ?? stored.column_shapes_details.length };
    } else if (realId) {
      // Scored now, against the same rows the stored summary would have been (the route reads the conditions too).
      const r = await api.quality(realId, meta.file_id);
      q = { overall: r.overall, shapes: r.column_shapes.score, pairs: r.column_pair_trends.score, details: r.column_shapes.details, columns: r.column_shapes.details.length };
      compared = r.compared_with;
      unreadable = unreadableTexts(r.retyped_columns);
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    if (!q) {
      // An older summary (no columns) of a file whose source is gone: its scores are all there is.
      if (typeof stored?.overall !== 'number') section.append(h('p', { class: 'muted', id: 'quality-none' }, 'No quality summary was stored for this file.'));
      else section.append(h('dl', { class: 'cards' }, card('Overall', h('span', { id: 'quality-overall' }, pct(stored.overall))), card('Column shapes', pct(stored.column_shapes ?? 0)), card('Column pair trends', pct(stored.column_pair_trends ?? 0))));
      return section;
    }
    const box = h('div', { class: 'chart', id: 'shapes-chart' });
    // A bar per column of a wide table is a chart thousands of pixels tall: the least alike are the ones to look at.
    const shapes = worstShapes(q.details);
    const shapesNote = shapes.length < q.columns ? h('p', { class: 'muted', id: 'shapes-caption' }, `The ${shapes.length} of ${formatCount(q.columns)} columns least alike in the synthetic data.`) : null;
    const basis = qualityBasis(meta, compared);
    section.append(
      h('dl', { class: 'cards' }, card('Overall', h('span', { id: 'quality-overall' }, pct(q.overall))), card('Column shapes', pct(q.shapes)), card('Column pair trends', pct(q.pairs))),
      ...(basis ? [basis] : []),
      ...(unreadable.length ? [h('p', { id: 'quality-unreadable' }, unreadable.join(' '))] : []),
      h(
        'p',
        { class: 'muted', id: 'quality-caption' },
        'How alike each column is in the synthetic and the real rows: 100 % means the same spread of values (KSComplement for numbers and dates, TVComplement for categories). Column pair trends compare how each pair of columns moves together.',
      ),
      ...(shapesNote ? [shapesNote] : []),
      box,
    );
    // Drawn once the section is on the page, at its width.
    void chart(box, shapesSpec(shapes)).catch((e: unknown) => showError(errorText(e), box));
  } catch (e) {
    section.append(h('p', { class: 'failure' }, errorText(e)));
  }
  return section;
}

/** What the scores were measured against: the source rows meeting the conditions, or the whole source and why. */
function qualityBasis(meta: FileMeta, basis: ComparedWith | undefined): HTMLElement | null {
  const text = comparedWithText(basis, meta.columns ?? []);
  return text ? h('p', { id: 'quality-basis' }, text) : null;
}

/** "bill_length_mm > 0", "a ≤ b", "total = a + b": a constraint as a rule; other kinds by name and columns. */
function constraintText(c: unknown): string {
  if (!c || typeof c !== 'object') return JSON.stringify(c);
  const r = c as Record<string, unknown>;
  const str = (k: string) => String(r[k]);
  switch (r.type) {
    case 'positive':
      return `${str('column')} ${r.strict ? '>' : '≥'} 0`;
    case 'negative':
      return `${str('column')} ${r.strict ? '<' : '≤'} 0`;
    case 'inequality':
      return `${str('low')} ${r.strict ? '<' : '≤'} ${str('high')}`;
    case 'range':
      if (typeof r.min === 'number' && typeof r.max === 'number') return `${str('column')} between ${r.min} and ${r.max}`;
      return typeof r.min === 'number' ? `${str('column')} ≥ ${r.min}` : typeof r.max === 'number' ? `${str('column')} ≤ ${r.max}` : `${str('column')} in any range`;
    case 'formula':
      return `${str('column')} = ${str('expression')}`;
    default: {
      const { type, ...rest } = r;
      const args = Object.values(rest).map((v) => (Array.isArray(v) ? v.join(', ') : String(v)));
      return `${String(type).replace(/_/g, ' ')}${args.length ? ` (${args.join('; ')})` : ''}`;
    }
  }
}

/** How a generated file was made: generator and seed, and the conditions and constraints it was asked to meet. */
function generatedWithSection(meta: FileMeta, fixed: Record<string, unknown> | undefined): HTMLElement {
  const d = meta.lineage.details ?? {};
  const constraints = Array.isArray(d.constraints) ? d.constraints : [];
  const made = [typeof d.generator === 'string' ? d.generator : null, typeof d.seed === 'number' ? `seed ${d.seed}` : null].filter(Boolean).join(', ');
  return h(
    'section',
    { 'aria-labelledby': 'generated-with-h', id: 'generated-with' },
    h('h2', { id: 'generated-with-h' }, 'Generated with'),
    made ? h('p', { id: 'generated-by' }, `${made}.`) : null,
    h('p', { id: 'generated-conditions' }, fixed ? `Conditions: ${conditionsText(fixed)} — every row has these values.` : 'Conditions: none.'),
    h('p', { id: 'generated-constraints' }, constraints.length ? `Constraints: ${constraints.map(constraintText).join('; ')}.` : 'Constraints: none.'),
  );
}
