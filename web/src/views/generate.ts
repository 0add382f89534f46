/**
 * The Generate form on a dataset page: generator, size, seed, conditions, constraints and the
 * generator's parameters, and the run's progress panel once started.
 */
import { api, piiLeftOut, type FileMeta, type Generator } from '../api.js';
import { h } from '../dom.js';
import { paramsForm } from './params-form.js';
import { constraintsControl } from './constraints-help.js';
import { showConstraintExample } from './constraint-example.js';
import { jobPanel } from './job-panel.js';
import { conditionsHint, wholeRows } from './sample.js';
import { conditionsField } from './conditions-field.js';
import { onRequest } from './request-form.js';

/** `generators`: GET /synth/models, asked for once by the page (the sample form follows them too). */
export async function generateSection(meta: FileMeta, generators: readonly Generator[]): Promise<HTMLElement> {
  const select = h('select', { id: 'generator', name: 'generator' }, ...generators.map((g: Generator) => h('option', { value: g.name }, g.name)));
  const rows = h('input', { id: 'rows', name: 'rows', type: 'number', min: 1, max: 10_000_000, value: meta.rows ?? 1000 });
  const ratio = h('input', { id: 'ratio', name: 'ratio', type: 'number', min: 0.01, max: 1000, step: 'any', placeholder: 'or a multiple of the source rows' });
  const seed = h('input', { id: 'seed', name: 'seed', type: 'number', min: 0, value: 42, 'aria-describedby': 'seed-note' });
  // A second run with the form as it was repeats the first byte for byte: say so before it is made.
  const seedNote = h('small', { id: 'seed-note', class: 'muted' }, 'The same seed gives the same rows again; change it, or leave it empty for a new draw.');
  // The example names this file's own columns and values.
  const conditions = h('input', { id: 'conditions', name: 'conditions', type: 'text', placeholder: conditionsHint(meta.columns ?? []) });
  const constraints = h('textarea', { id: 'constraints', name: 'constraints', rows: 2 });
  showConstraintExample(constraints, meta.file_id, meta.columns ?? [], meta.rows);
  const conditionsBox = conditionsField(conditions, generators, meta.columns ?? []);
  conditionsBox.follow(generators[0]);
  const description = h('p', { class: 'muted' }, generators[0]?.description ?? '');
  const paramsBox = h('div', { class: 'params-box' });
  // Columns the model sees: not faked or dropped as PII, not the primary key (made anew per row).
  const columns = (meta.columns ?? []).filter((c) => !piiLeftOut(c) && !c.primary_key);
  let params = generators[0] ? paramsForm(generators[0], columns) : undefined;
  if (params) paramsBox.append(params.element);
  select.addEventListener('change', () => {
    const g = generators.find((x) => x.name === select.value);
    description.textContent = g?.description ?? '';
    conditionsBox.follow(g);
    params = g ? paramsForm(g, columns) : undefined;
    paramsBox.replaceChildren(...(params ? [params.element] : []));
  });
  const constraintsBox = constraintsControl(constraints, columns, '', async (name) => (await api.describe(meta.file_id, [name])).columns[0]);
  // Rows and Ratio are one choice: a ratio typed greys Rows out, and the note says which applies.
  const sizeNote = h('p', { class: 'muted', id: 'size-note' });
  const followSize = () => {
    rows.disabled = ratio.value !== '';
    sizeNote.textContent = sizeText(ratio.value, meta.rows);
  };
  // `change` too: a ratio the browser fills in (autofill, a restored form) may come without an `input` event.
  ratio.addEventListener('input', followSize);
  ratio.addEventListener('change', followSize);
  followSize();
  const panel = jobPanel();
  const submit = h('button', { type: 'submit', id: 'generate-submit' }, 'Generate');

  const form = h(
    'form',
    { class: 'generate' },
    h('label', { for: 'generator' }, 'Generator'),
    select,
    h('label', { for: 'rows' }, 'Rows'),
    rows,
    h('label', { for: 'ratio', title: 'Rows as a multiple of the source rows; used instead of Rows when given' }, 'Ratio'),
    h('div', {}, ratio, sizeNote),
    h('label', { for: 'seed' }, 'Seed'),
    h('div', {}, seed, seedNote),
    h('label', { for: 'conditions', title: 'Fixed values for some columns' }, 'Conditions'),
    conditionsBox.element,
    h('label', { for: 'constraints', title: 'JSON list of constraints' }, 'Constraints'),
    constraintsBox.element,
    paramsBox,
    submit,
  );
  onRequest({
    form,
    submit,
    conditions: conditionsBox,
    constraints: constraintsBox,
    panel,
    async send(asked) {
      const size = ratio.value !== '' ? { ratio: Number(ratio.value) } : { rows: wholeRows(rows.value) };
      const started = await api.generate({
        file_id: meta.file_id,
        generator: select.value,
        ...size,
        seed: seed.value === '' ? undefined : Number(seed.value),
        params: params?.values() ?? {},
        ...asked,
      });
      const job = await panel.follow(started.job_id, started.model_id);
      if (job.status === 'succeeded') {
        const link = h('a', { href: `#/files/${started.generated_file_id}`, id: 'generated-link', class: 'button' }, 'Open the synthetic dataset and its quality report');
        panel.result.append(link);
        link.focus(); // the next thing to do, where the disabled Generate button had the focus
      }
    },
  });
  // The run's panel above the form: started from the foot of a long form, it is scrolled to, and its loss curve shows whole.
  if (meta.lineage.operation !== 'synthesize') return h('section', { 'aria-labelledby': 'gen-h' }, h('h2', { id: 'gen-h' }, 'Generate synthetic data'), description, panel.element, form);
  // Fitting on synthetic rows models a copy of a copy: rarely what is meant, so it waits behind a summary
  // that says so, and the note points to sampling the model that made these rows instead.
  return h(
    'section',
    { 'aria-labelledby': 'gen-h' },
    h('h2', { id: 'gen-h' }, 'Generate synthetic data'),
    h(
      'p',
      { class: 'muted', id: 'generate-synthetic-note' },
      'For more rows like these, use “Sample more rows from this model” above. A generator fitted here learns these synthetic rows, not the real ones: a copy of a copy.',
    ),
    h('details', { id: 'generate-details' }, h('summary', {}, 'Model this synthetic file as a new source'), description, panel.element, form),
  );
}

/** Which of Rows and Ratio applies, in words: a ratio when one is typed (the API takes it over rows). */
export function sizeText(ratio: string, sourceRows: number | undefined): string {
  if (ratio.trim() === '') return 'Rows applies; type a ratio instead to size by the source rows.';
  const n = Number(ratio);
  const made = Number.isFinite(n) && sourceRows ? ` (about ${Math.round(n * sourceRows).toLocaleString('en')} rows)` : '';
  return `Ratio applies: ${ratio.trim()} × the source rows${made}; Rows is ignored. Clear Ratio to use Rows.`;
}
