/** Feature suggestions with their rationales: pick some, apply, follow the job to the new dataset. */
import { api, type FileMeta } from '../api.js';
import { followJob, progressLines } from '../jobs.js';
import { errorText, h, showError } from '../dom.js';
import { stepTitle } from '../labels.js';

export function featuresSection(meta: FileMeta): HTMLElement {
  const target = h('select', { id: 'feature-target', 'aria-label': 'Target column (optional)' }, h('option', { value: '' }, 'no target'), ...(meta.columns ?? []).map((c) => h('option', { value: c.name }, c.name)));
  const list = h('ul', { class: 'suggestions', id: 'suggestions' });
  const status = h('p', { 'aria-live': 'polite', id: 'features-status' });
  const result = h('div', {});
  const apply = h('button', { type: 'button', id: 'apply-features', disabled: true }, 'Apply selected');
  const load = h('button', { type: 'button', class: 'secondary', id: 'load-suggestions' }, 'Suggest');
  const boxes: { box: HTMLInputElement; step: Record<string, unknown> }[] = [];

  load.addEventListener('click', async () => {
    showError(undefined, status);
    load.disabled = true;
    try {
      const { suggestions, truncated, omitted_suggestions: omitted } = await api.suggestions(meta.file_id, target.value || undefined);
      boxes.length = 0;
      list.replaceChildren(
        ...suggestions.map((s, i) => {
          const box = h('input', { type: 'checkbox', id: `suggestion-${i}`, 'data-kind': s.kind });
          boxes.push({ box, step: s.step });
          box.addEventListener('change', () => (apply.disabled = !boxes.some((b) => b.box.checked)));
          return h('li', {}, box, ' ', h('label', { for: `suggestion-${i}` }, h('strong', { title: s.kind }, stepTitle(s.step)), ' — ', s.rationale));
        }),
      );
      // A wide table's list is cut to the strongest: say so, rather than let it pass for all there is.
      status.textContent = omitted ? `${suggestions.length} suggestions, the strongest (${omitted} more left out).` : truncated ? `${suggestions.length} suggestions (correlated pairs searched among some numeric columns only).` : `${suggestions.length} suggestions.`;
    } catch (e) {
      showError(errorText(e), status);
    } finally {
      load.disabled = false;
    }
  });

  apply.addEventListener('click', async () => {
    showError(undefined, status);
    apply.disabled = true;
    try {
      const started = await api.applyFeatures(meta.file_id, boxes.filter((b) => b.box.checked).map((b) => b.step));
      const line = progressLines();
      const job = await followJob(started.job_id, (j) => (status.textContent = line(j)));
      if (job.status === 'succeeded') result.replaceChildren(h('a', { href: `#/files/${started.file_id}`, class: 'button', id: 'features-link' }, 'Open the new dataset'));
      else showError(job.error?.detail ?? `The job ended ${job.status}.`, status);
    } catch (e) {
      showError(errorText(e), status);
    } finally {
      apply.disabled = false;
    }
  });

  return h(
    'section',
    { 'aria-labelledby': 'features-h' },
    h('h2', { id: 'features-h' }, 'Feature engineering'),
    h('div', { class: 'chart-row' }, h('label', { for: 'feature-target' }, 'Target'), target, load),
    list,
    h('div', { class: 'actions' }, apply),
    status,
    result,
  );
}
