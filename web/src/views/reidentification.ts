/**
 * The re-identification check under the privacy table: the user picks quasi-identifiers (what an
 * attacker may know of a person) and sensitive columns (what they want to learn), and the privacy
 * route answers with k-anonymity and attribute disclosure (CAP, l-diversity), said in words.
 */
import { api } from '../api.js';
import { h, latestLoad, whileLoading } from '../dom.js';
import { attributeDisclosureText, kAnonymityText } from '../privacy-risk-text.js';

/** A labelled group of checkboxes, one per column: keyboard usable as it is (Tab, Space), read as a group. */
function columnPicker(id: string, legend: string, hint: string, columns: readonly string[]): { box: HTMLFieldSetElement; chosen: () => string[] } {
  const boxes = columns.map((c, i) => h('input', { type: 'checkbox', id: `${id}-${i}`, value: c }));
  const box = h(
    'fieldset',
    { id, class: 'column-picker', 'aria-describedby': `${id}-hint` },
    h('legend', {}, legend),
    h('p', { class: 'muted', id: `${id}-hint` }, hint),
    h('div', { class: 'picker-options' }, ...boxes.map((b, i) => h('label', { for: b.id }, b, ' ', columns[i]!))),
  );
  return { box, chosen: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

/** Why the columns cannot be checked as chosen; undefined when they can. */
export function pickProblem(quasi: readonly string[], sensitive: readonly string[]): string | undefined {
  if (!quasi.length) return 'Choose at least one column an attacker may know.';
  const both = sensitive.filter((s) => quasi.includes(s));
  if (both.length) return `${both.join(', ')} cannot be both known and sought: untick it on one side.`;
  return undefined;
}

export function reidentificationPanel(realId: string, syntheticId: string, columns: readonly string[]): HTMLElement {
  const quasi = columnPicker('reid-quasi', 'Columns an attacker may know (quasi-identifiers)', 'Facts one could learn about a person elsewhere: age, sex, a postcode.', columns);
  const sensitive = columnPicker('reid-sensitive', 'Columns an attacker wants to learn (sensitive)', 'Optional: what should stay private, such as a diagnosis or an income.', columns);
  const run = h('button', { type: 'button', class: 'secondary', id: 'reid-run' }, 'Check re-identification risk');
  // Announced when it changes: the result arrives away from the button pressed.
  const out = h('div', { id: 'reid-result', 'aria-live': 'polite' });
  const { run: check, failure } = latestLoad(
    async (latest) => {
      const q = quasi.chosen();
      const s = sensitive.chosen();
      const problem = pickProblem(q, s);
      if (problem) return void out.replaceChildren(h('p', { class: 'failure', id: 'reid-problem' }, problem));
      out.replaceChildren();
      run.disabled = true;
      try {
        const p = await whileLoading(out, api.privacy(realId, syntheticId, { quasi_identifiers: q, sensitive: s }));
        if (!latest()) return;
        out.replaceChildren(
          ...(p.k_anonymity ? [h('p', { id: 'reid-k' }, h('span', { class: `badge verdict-${p.k_anonymity.verdict}` }, p.k_anonymity.verdict), ' ', kAnonymityText(p.k_anonymity))] : []),
          ...(p.attribute_disclosure?.length
            ? [
                h(
                  'ul',
                  { id: 'reid-attributes' },
                  ...p.attribute_disclosure.map((a) => h('li', { 'data-sensitive': a.sensitive }, h('span', { class: `badge verdict-${a.verdict}` }, a.verdict), ' ', attributeDisclosureText(a, q))),
                ),
              ]
            : [h('p', { class: 'muted', id: 'reid-no-sensitive' }, 'Tick a sensitive column too to see whether these columns let an attacker guess it (attribute disclosure).')]),
        );
      } finally {
        run.disabled = false;
      }
    },
    () => out.replaceChildren(),
  );
  run.addEventListener('click', () => void check());
  return h(
    'div',
    { id: 'reidentification' },
    h('h3', { id: 'reid-h' }, 'Re-identification risk'),
    h('p', { class: 'muted' }, 'Could someone who knows a few facts about a person find their row, or learn something private about them? Pick what they may know and, optionally, what they want to learn.'),
    h('div', { class: 'picker-row' }, quasi.box, sensitive.box),
    run,
    failure,
    out,
  );
}
