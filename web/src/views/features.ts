/** Feature suggestions with their rationales: pick some, apply, follow the job to the new dataset. */
import { api, type FileMeta } from '../api.js';
import { followFeaturesJob } from './features-job.js';
import { errorText, h, plural, showError } from '../dom.js';
import { stepTitle } from '../labels.js';
import { applyOrder, columnEffect, exclusiveColumn } from '../step-effects.js';

export function featuresSection(meta: FileMeta): HTMLElement {
  const target = h('select', { id: 'feature-target', 'aria-label': 'Target column (optional)' }, h('option', { value: '' }, 'no target'), ...(meta.columns ?? []).map((c) => h('option', { value: c.name }, c.name)));
  const list = h('ul', { class: 'suggestions', id: 'suggestions' });
  // Above the list: how many there are, and one box to tick them all (a long list is tedious to tick one by one).
  const all = h('input', { type: 'checkbox', id: 'select-all-suggestions' });
  const count = h('span', { id: 'suggestions-count' });
  const header = h('p', { class: 'suggestions-header', hidden: true }, count, ' ', h('label', {}, all, ' Select all'));
  const status = h('p', { 'aria-live': 'polite', id: 'features-status' });
  const apply = h('button', { type: 'button', id: 'apply-features', disabled: true }, 'Apply selected');
  const load = h('button', { type: 'button', class: 'secondary', id: 'load-suggestions' }, 'Suggest');
  // Apply shows once there is something to tick: a greyed button before any suggestion reads as broken.
  const actions = h('div', { class: 'actions', hidden: true }, apply);
  const boxes: { box: HTMLInputElement; step: Record<string, unknown>; note: HTMLElement }[] = [];
  /**
   * A column takes one step that replaces, rewrites or removes it (exclusiveColumn): while one is
   * ticked, the others on that column are unavailable, and say which step holds the column.
   */
  const settle = () => {
    const holder = new Map<string, Record<string, unknown>>();
    for (const b of boxes) {
      const column = exclusiveColumn(b.step);
      if (b.box.checked && column !== undefined && !holder.has(column)) holder.set(column, b.step);
    }
    for (const b of boxes) {
      const column = exclusiveColumn(b.step);
      const held = column === undefined ? undefined : holder.get(column);
      const blocked = held !== undefined && held !== b.step;
      b.box.disabled = blocked;
      if (blocked) b.box.checked = false;
      b.note.textContent = blocked ? ` (not with “${stepTitle(held)}”, chosen for ${column})` : '';
    }
  };
  /** Apply and "Select all" follow the boxes ticked. */
  const ticked = () => {
    settle();
    const free = boxes.filter((b) => !b.box.disabled || b.box.checked);
    const n = boxes.filter((b) => b.box.checked).length;
    apply.disabled = n === 0;
    all.checked = n > 0 && n === free.length;
    all.indeterminate = n > 0 && n < free.length;
  };
  // Ticking all takes each column's first step (the strongest, as listed) and leaves the others on it.
  all.addEventListener('change', () => {
    for (const b of boxes) {
      b.box.checked = false;
      b.box.disabled = false;
    }
    if (all.checked) {
      for (const b of boxes) {
        settle();
        if (!b.box.disabled) b.box.checked = true;
      }
    }
    ticked();
  });

  const section = h('section', { 'aria-labelledby': 'features-h' });
  load.addEventListener('click', async () => {
    showError(undefined, status);
    load.disabled = true;
    // Suggestions on a large file take seconds: a greyed button alone reads as nothing happening.
    status.textContent = 'Looking for suggestions…';
    section.setAttribute('aria-busy', 'true');
    // Where focus goes once the button is usable again: it was disabled, which drops focus to the body.
    let focus: HTMLElement = load;
    try {
      const { suggestions, truncated, omitted_suggestions: omitted } = await api.suggestions(meta.file_id, target.value || undefined);
      boxes.length = 0;
      list.replaceChildren(
        ...suggestions.map((s, i) => {
          const box = h('input', { type: 'checkbox', id: `suggestion-${i}`, 'data-kind': s.kind });
          const note = h('span', { class: 'muted', id: `suggestion-${i}-note` });
          boxes.push({ box, step: s.step, note });
          box.addEventListener('change', ticked);
          const effect = columnEffect(s.step);
          return h('li', {}, box, ' ', h('label', { for: `suggestion-${i}` }, h('strong', { title: s.kind }, stepTitle(s.step)), effect ? h('span', { class: 'effect' }, ` (${effect})`) : null, ' — ', s.rationale), note);
        }),
      );
      count.textContent = `${plural(suggestions.length, 'suggestion')}.`;
      header.hidden = suggestions.length === 0;
      actions.hidden = suggestions.length === 0;
      ticked();
      // A wide table's list is cut to the strongest: say so, rather than let it pass for all there is (the count alone is above the list).
      status.textContent = omitted ? `${suggestions.length} suggestions, the strongest (${omitted} more left out).` : truncated ? `${suggestions.length} suggestions (correlated pairs searched among some numeric columns only).` : suggestions.length ? '' : 'No suggestions for this file.';
      focus = boxes[0]?.box ?? load;
    } catch (e) {
      status.textContent = '';
      showError(errorText(e), status);
    } finally {
      load.disabled = false;
      section.removeAttribute('aria-busy');
      focus.focus();
    }
  });

  apply.addEventListener('click', async () => {
    showError(undefined, status);
    apply.disabled = true;
    let focus: HTMLElement = apply;
    try {
      const outcome = await followFeaturesJob(await api.applyFeatures(meta.file_id, applyOrder(boxes.filter((b) => b.box.checked).map((b) => b.step))), status, 'features-created');
      if ('created' in outcome) focus = outcome.created;
      else showError(outcome.failed, status);
    } catch (e) {
      showError(errorText(e), status);
    } finally {
      apply.disabled = false;
      focus.focus();
    }
  });

  section.append(
    h('h2', { id: 'features-h' }, 'Feature engineering'),
    // What the section is for, before anything is asked: a target picker and a button alone do not say.
    h(
      'p',
      { class: 'muted', id: 'features-about' },
      'Suggest proposes steps for the columns (fill in, transform, encode, bin, combine or drop them), each with its reason; the ones you tick are applied into a new file, and this one stays as it is. A target, the column a model would predict, lets the suggestions weigh what each column tells about it.',
    ),
    h('div', { class: 'chart-row' }, h('label', { for: 'feature-target' }, 'Target'), target, load),
    header,
    list,
    actions,
    status,
  );
  return section;
}
