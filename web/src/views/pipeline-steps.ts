/**
 * How a feature-engineered file was made: its source and the steps applied, in order, each with what
 * it learned when fitted (fitted-text.ts), from its lineage; and a form that applies the same fitted
 * steps to another file (a holdout transformed exactly as this file was, never refitted).
 */
import { api, type FileMeta } from '../api.js';
import { errorText, h, plural } from '../dom.js';
import { stepTitle } from '../labels.js';
import { deletedParentText, fileChoiceLabel } from '../lineage.js';
import { fittedText } from '../fitted-text.js';
import { followFeaturesJob } from './features-job.js';

type Recorded = { spec: Record<string, unknown>; fitted: Record<string, unknown> };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The recorded pipeline of lineage.details.pipeline, or undefined when it is absent or malformed. */
function recordedPipeline(meta: FileMeta): Record<string, unknown> | undefined {
  const pipeline = meta.lineage.details?.pipeline;
  return isRecord(pipeline) && Array.isArray(pipeline.steps) ? pipeline : undefined;
}

/** Its steps, each `{ spec, fitted }` (fitted empty when missing). */
function recordedSteps(pipeline: Record<string, unknown> | undefined): Recorded[] {
  const steps = Array.isArray(pipeline?.steps) ? (pipeline.steps as unknown[]) : [];
  return steps.flatMap((s) => (isRecord(s) && isRecord(s.spec) ? [{ spec: s.spec, fitted: isRecord(s.fitted) ? s.fitted : {} }] : []));
}

/** The source columns the pipeline reads: a file needs all of them for it to apply. */
function inputColumns(pipeline: Record<string, unknown>): string[] {
  const names = pipeline.input_columns;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

/** "Made by feature engineering from <source>": the steps as a numbered list; null for other files. */
export function pipelineStepsSection(meta: FileMeta, parentName: string | undefined): HTMLElement | null {
  if (meta.lineage.operation !== 'features') return null;
  const pipeline = recordedPipeline(meta);
  const steps = recordedSteps(pipeline);
  const from = meta.lineage.parent && !meta.lineage.parent_deleted ? h('a', { href: `#/files/${meta.lineage.parent}` }, parentName ?? 'its source') : h('span', {}, parentName ?? deletedParentText(meta, 'a source file since deleted'));
  return h(
    'section',
    { 'aria-labelledby': 'steps-h', id: 'applied-steps' },
    h('h2', { id: 'steps-h' }, 'How this dataset was made'),
    h('p', {}, 'Feature engineering on ', from, steps.length ? `, ${plural(steps.length, 'step')} in this order:` : '.'),
    h(
      'ol',
      { class: 'steps' },
      ...steps.map(({ spec, fitted }) => {
        // The column as this file has it: its type and date format say how to write a date fill.
        const learned = fittedText(spec, fitted, meta.columns?.find((c) => c.name === spec.column));
        return h('li', {}, stepTitle(spec), learned ? h('span', { class: 'muted fitted' }, ` — ${learned}`) : null);
      }),
    ),
    pipeline && steps.length ? reuseForm(meta, pipeline) : null,
  );
}

/**
 * A file picker (ready files having every column the steps read) and "Apply the same steps": the
 * recorded pipeline sent as it is. The API's refusal (a 422: a column of another type, a level it
 * cannot read) is said under the picker, where the choice was made.
 */
function reuseForm(meta: FileMeta, pipeline: Record<string, unknown>): HTMLElement {
  const needs = inputColumns(pipeline);
  const select = h('select', { id: 'apply-pipeline-file', 'aria-describedby': 'apply-pipeline-help apply-pipeline-error' }, h('option', { value: '' }, 'Loading files…'));
  const button = h('button', { type: 'button', id: 'apply-pipeline' }, 'Apply the same steps');
  const error = h('p', { class: 'failure', id: 'apply-pipeline-error', role: 'alert', hidden: true });
  const status = h('p', { 'aria-live': 'polite', id: 'apply-pipeline-status' });
  const say = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = !message;
  };

  api.listFiles().then(
    ({ items }) => {
      const fits = items.filter((f) => f.file_id !== meta.file_id && f.status === 'ready' && needs.every((n) => f.columns?.some((c) => c.name === n)));
      select.replaceChildren(
        h('option', { value: '' }, fits.length ? 'Choose a file…' : 'No other file has these columns'),
        ...fits.map((f) => h('option', { value: f.file_id }, fileChoiceLabel(f))),
      );
    },
    (e: unknown) => say(`The files could not be listed: ${errorText(e)}`),
  );

  button.addEventListener('click', async () => {
    say(undefined);
    if (!select.value) {
      say(select.options.length > 1 ? 'Choose a file to apply the steps to.' : 'No other file has the columns these steps read: upload one that has them.');
      select.focus();
      return;
    }
    button.disabled = true;
    status.textContent = 'Starting…';
    try {
      const outcome = await followFeaturesJob(await api.applyPipeline(select.value, pipeline), status, 'pipeline-created');
      button.disabled = false;
      if ('created' in outcome) outcome.created.focus();
      else {
        status.textContent = '';
        say(outcome.failed);
        button.focus();
      }
    } catch (e) {
      button.disabled = false;
      status.textContent = '';
      say(errorText(e));
      button.focus();
    }
  });

  return h(
    'div',
    { class: 'reuse-pipeline', id: 'reuse-pipeline' },
    h('h3', {}, 'Apply the same steps to another file'),
    h(
      'p',
      { id: 'apply-pipeline-help', class: 'muted' },
      'With the values above, not refitted: a holdout transformed exactly as this file was. ',
      needs.length ? `The file needs the column${needs.length === 1 ? '' : 's'} ${needs.join(', ')}.` : '',
    ),
    h('div', { class: 'chart-row' }, h('label', { for: 'apply-pipeline-file' }, 'File'), select, button),
    error,
    status,
  );
}
