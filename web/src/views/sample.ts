/**
 * More rows from the model that made a synthetic file (POST /synth/models/{id}/sample): no refit, so
 * a model that took minutes to train gives another file in seconds. Shown on a synthetic file's page.
 */
import { ApiError, api, piiLeftOut, type ColumnInfo, type FileMeta, type Generator, type ModelRecord } from '../api.js';
import { errorText, formatCount, h } from '../dom.js';
import { conditionsInput } from '../dates.js';
import { constraintsControl } from './constraints-help.js';
import { showConstraintExample } from './constraint-example.js';
import { conditionsField } from './conditions-field.js';
import { jobPanel } from './job-panel.js';
import { fittedTypesTexts } from '../fitted-types-text.js';
import { onRequest } from './request-form.js';

/** `e.g. species=Adelie, island=Biscoe`: the conditions hint, naming this file's own columns and values. */
export function conditionsHint(columns: readonly ColumnInfo[]): string {
  const examples = columns.filter((c) => (c.type === 'categorical' || c.type === 'boolean') && c.categories?.length && !c.pii && !c.primary_key).slice(0, 2);
  return examples.length ? `e.g. ${examples.map((c) => `${c.name}=${c.categories![0]}`).join(', ')}` : 'column=value, …';
}

/** What the page has asked for once and shares; the rest comes from the file's `meta`. */
export interface SampleOptions {
  /**
   * The model that made the file (GET /synth/models/{lineage.details.model_id}), its section above shows it too;
   * undefined when the source file is deleted, and its models with it: known without asking (a 404 the console logs).
   */
  model: Promise<ModelRecord> | undefined;
  /** GET /synth/models: the Conditions field follows what the model's generator can do, as the generate form's does. */
  generators: readonly Generator[];
}

export async function sampleSection(meta: FileMeta, o: SampleOptions): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'sample-h', id: 'sample' }, h('h2', { id: 'sample-h' }, 'Sample more rows from this model'));
  // Gone is an answer, not a failure: models go with their source file, or when deleted on purpose.
  const gone = () =>
    section.append(
      h(
        'p',
        { class: 'muted', id: 'sample-gone' },
        'The model that made this file no longer exists: it was deleted, or its source file was (which deletes the models fitted on it). More rows like these need a new fit on the source.',
      ),
    );
  if (!o.model) {
    gone();
    return section;
  }
  let model: ModelRecord;
  try {
    model = await o.model;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) gone();
    else section.append(h('p', { class: 'failure', id: 'sample-gone' }, errorText(e)));
    return section;
  }

  // This file's columns, as its model's source has them: the types conditions are read as (numbers for numeric ones).
  const columns = meta.columns ?? [];
  const panel = jobPanel('sample', 'Sampling progress');
  const rows = h('input', { id: 'sample-rows', name: 'rows', type: 'number', min: 1, max: 10_000_000, value: meta.rows ?? model.source_rows });
  // Empty: a new random seed (recorded in the new file's lineage). This file's seed would give these very rows again.
  const seed = h('input', { id: 'sample-seed', name: 'seed', type: 'number', min: 0, placeholder: 'random' });
  // This file's own conditions, so "more rows like these" are like them; dates as the column writes them, which the API reads back.
  const made = meta.lineage.details?.conditions;
  const own = made && typeof made === 'object' && !Array.isArray(made) ? conditionsInput(made as Record<string, unknown>, columns) : '';
  const conditions = h('input', { id: 'sample-conditions', name: 'conditions', type: 'text', placeholder: conditionsHint(columns), value: own });
  // As the generate form's, for the one generator a model has: disabled, or with a note, as it can condition
  // (the note says to generate again, as this form has no generator to choose).
  const conditionsBox = conditionsField(conditions, o.generators, columns, 'model');
  conditionsBox.follow(o.generators.find((g) => g.name === model.generator));
  // Its constraints too, and the generate form's editor for them (ids prefixed: that form is on this page as well).
  const asked = meta.lineage.details?.constraints;
  const kept = Array.isArray(asked) && asked.length ? JSON.stringify(asked) : '';
  const constraints = h('textarea', { id: 'sample-constraints', name: 'constraints', rows: 2 }, kept);
  // The columns the model sees, as the generate form offers them: not left out as PII, not the primary key.
  const modelled = columns.filter((c) => !piiLeftOut(c) && !c.primary_key);
  // Constraints are checked against the model's source, so the example is one its data keeps.
  showConstraintExample(constraints, model.source_file_id, modelled, model.source_rows);
  const constraintsBox = constraintsControl(constraints, modelled, 'sample-');
  const submit = h('button', { type: 'submit', id: 'sample-submit' }, 'Sample');
  const form = h(
    'form',
    { class: 'generate', id: 'sample-form' },
    h('label', { for: 'sample-rows' }, 'Rows'),
    rows,
    h('label', { for: 'sample-seed', title: 'The same seed gives the same rows; empty for new ones' }, 'Seed'),
    seed,
    h('label', { for: 'sample-conditions', title: 'Fixed values for some columns' }, 'Conditions'),
    conditionsBox.element,
    h('label', { for: 'sample-constraints', title: 'JSON list of constraints' }, 'Constraints'),
    constraintsBox.element,
    submit,
  );
  onRequest({
    form,
    submit,
    conditions: conditionsBox,
    constraints: constraintsBox,
    panel,
    busy: 'Sampling…',
    async send(asked) {
      const started = await api.sample(model.model_id, { rows: wholeRows(rows.value), ...(seed.value === '' ? {} : { seed: Number(seed.value) }), ...asked });
      // No model id: sampling trains nothing, so there is no loss curve to draw at the end.
      const job = await panel.follow(started.job_id, undefined);
      if (job.status === 'succeeded') {
        const link = h('a', { href: `#/files/${started.generated_file_id}`, id: 'sample-link', class: 'button' }, `Open the new synthetic file (${formatCount(started.rows)} rows, seed ${started.seed})`);
        panel.result.append(link);
        link.focus();
      }
    },
    // A model deleted since the page was drawn answers 404 here too: said as plainly as above.
    failure: (err) => (err instanceof ApiError && err.status === 404 ? 'The model that made this file no longer exists, so no more rows can be sampled from it.' : errorText(err)),
  });
  const retyped = await learnedOtherwise(model);
  section.append(
    h(
      'p',
      { class: 'muted', id: 'sample-about' },
      `New rows from the ${model.generator} model this file came from, fitted once on ${formatCount(model.source_rows)} source rows (${model.fit_seconds.toFixed(1)} s): no new fit.`,
      own || kept ? ` The ${own && kept ? 'conditions and constraints' : own ? 'conditions' : 'constraints'} this file was made with are filled in, so the new rows are like these; clear them for rows without them.` : null,
    ),
    // The form below is read in the types the model learned: say so where the source reads a column otherwise now.
    ...(retyped.length ? [h('p', { class: 'muted', id: 'sample-fitted-types' }, `${retyped.join(' ')} Conditions and constraints are read, and new rows written, as the model learned them.`)] : []),
    panel.element,
    form,
  );
  return section;
}

/** fittedTypesTexts against the source's types now; none when the record predates fitted_columns or the source cannot be read (it says nothing then). */
async function learnedOtherwise(model: ModelRecord): Promise<string[]> {
  if (!model.fitted_columns?.length) return [];
  try {
    return fittedTypesTexts(model.fitted_columns, (await api.getFile(model.source_file_id)).columns ?? []);
  } catch {
    return [];
  }
}

/** The Rows field as a whole number ≥ 1, or an error in words (the API's would name a schema path). */
export function wholeRows(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1) throw new Error('Rows: enter a whole number ≥ 1.');
  return n;
}
