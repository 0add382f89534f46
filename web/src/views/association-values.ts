/**
 * The association heatmap's values as text: a list of the strongest pairs and, folded, a table of
 * the matrix. The heatmap prints values only in a small matrix on a wide screen and otherwise only
 * in hover tooltips, which a keyboard, a screen reader or a phone never reach.
 */
import type { Correlation } from '../api.js';
import { h, wideTable } from '../dom.js';
import { associationText, associationValue } from '../privacy-risk-text.js';

/** Pairs listed under the heatmap. */
export const STRONGEST_PAIRS = 10;

export function associationValues(c: Correlation, shown: readonly number[]): HTMLElement[] {
  const pairs = c.top_pairs.slice(0, STRONGEST_PAIRS);
  const strongest = pairs.length
    ? h('ol', { id: 'correlation-strongest', 'aria-labelledby': 'correlation-strongest-h' }, ...pairs.map((p) => h('li', {}, associationText(p))))
    : h('p', { class: 'muted', id: 'correlation-strongest' }, 'No pair of columns has a defined association.');
  const names = shown.map((i) => c.columns[i]!);
  const table = h(
    'table',
    { id: 'correlation-table', 'aria-label': 'Association of each pair of columns', 'aria-describedby': 'correlation-table-note' },
    h('thead', {}, h('tr', {}, h('td', {}), ...names.map((n) => h('th', { scope: 'col', class: 'num' }, n)))),
    h('tbody', {}, ...shown.map((i) => h('tr', {}, h('th', { scope: 'row' }, c.columns[i]!), ...shown.map((j) => h('td', { class: 'num' }, associationValue(c.matrix[i]![j] ?? null)))))),
  );
  return [
    h('h3', { id: 'correlation-strongest-h' }, 'Strongest associations'),
    strongest,
    h(
      'details',
      { id: 'correlation-all' },
      h('summary', {}, 'All values as a table'),
      // Outside the table: a caption would scroll away with it on a phone.
      h('p', { class: 'muted', id: 'correlation-table-note' }, shown.length < c.columns.length ? `The ${shown.length} columns the heatmap shows. ` : '', '—: not defined (a column with one value, or empty).'),
      wideTable(table),
    ),
  ];
}
