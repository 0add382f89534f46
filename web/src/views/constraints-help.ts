/**
 * The generate form's Constraints field: the JSON list stays the field's value (what the API takes),
 * with help under it listing every constraint type, a helper that appends one built from the file's
 * columns, and mistakes reported next to the field as they are typed rather than after a submit.
 */
import { ApiError, type ColumnInfo, type ColumnType } from '../api.js';
import { h } from '../dom.js';
import { fieldError } from './field-error.js';

/** How a constraint names its columns, which decides the helper's inputs. */
type Shape = 'column' | 'pair' | 'columns';

interface Kind {
  readonly type: string;
  readonly meaning: string;
  readonly example: string;
  readonly shape: Shape;
  /** Keys it must have besides `type`, and keys it may have. The API refuses any other (strict schemas). */
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** The types of core/synth/constraints.ts (its zod schema), in the words of its descriptions. */
export const CONSTRAINT_KINDS: readonly Kind[] = [
  { type: 'positive', meaning: 'every value of the column is ≥ 0 (> 0 with "strict": true)', example: '{"type": "positive", "column": "price"}', shape: 'column', required: ['column'], optional: ['strict'] },
  { type: 'negative', meaning: 'every value of the column is ≤ 0 (< 0 with "strict": true)', example: '{"type": "negative", "column": "loss"}', shape: 'column', required: ['column'], optional: ['strict'] },
  { type: 'range', meaning: 'values between min and max (either may be left out, not both)', example: '{"type": "range", "column": "age", "min": 0, "max": 120}', shape: 'column', required: ['column'], optional: ['min', 'max'] },
  { type: 'inequality', meaning: 'low ≤ high on every row (< with "strict": true)', example: '{"type": "inequality", "low": "start", "high": "end"}', shape: 'pair', required: ['low', 'high'], optional: ['strict'] },
  { type: 'fixed_combinations', meaning: 'only combinations of these columns seen in the data', example: '{"type": "fixed_combinations", "columns": ["city", "country"]}', shape: 'columns', required: ['columns'], optional: [] },
  { type: 'unique', meaning: 'no two rows share these values', example: '{"type": "unique", "columns": ["email"]}', shape: 'columns', required: ['columns'], optional: [] },
  { type: 'one_hot', meaning: 'exactly one of these 0/1 columns is 1', example: '{"type": "one_hot", "columns": ["is_a", "is_b", "is_c"]}', shape: 'columns', required: ['columns'], optional: [] },
  {
    type: 'formula',
    meaning: 'the column is computed from other numeric columns (+ − * /, parentheses; `quote` odd names)',
    example: '{"type": "formula", "column": "total", "expression": "net + tax"}',
    shape: 'column',
    required: ['column', 'expression'],
    optional: [],
  },
];

/**
 * The column types each constraint type takes, as core/synth/constraints.ts checks them: positive and
 * negative only integer and float (SIGNED_TYPES); the others reading numbers take what numbersOf reads
 * (integer, float, datetime); fixed_combinations and unique compare any values. A column of another
 * type is refused with a 422, so the helper does not offer it.
 */
const NUMERIC: readonly ColumnType[] = ['integer', 'float', 'datetime'];
export const CONSTRAINT_COLUMN_TYPES: Readonly<Record<string, readonly ColumnType[] | undefined>> = {
  positive: ['integer', 'float'],
  negative: ['integer', 'float'],
  range: NUMERIC,
  inequality: NUMERIC,
  one_hot: NUMERIC,
  formula: NUMERIC,
};

/** The columns a constraint of `type` can name, in the file's order (every one when it compares any values). */
export function columnsFor(type: string, columns: readonly Pick<ColumnInfo, 'name' | 'type'>[]): string[] {
  const accepted = CONSTRAINT_COLUMN_TYPES[type];
  return columns.filter((c) => !accepted || accepted.includes(c.type)).map((c) => c.name);
}

/** The helper's range text for a column's observed bounds: `min, max`, or '' when either is unknown. */
export function rangeText(bounds: { min?: unknown; max?: unknown } | undefined): string {
  return bounds && typeof bounds.min === 'number' && typeof bounds.max === 'number' ? `${bounds.min}, ${bounds.max}` : '';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Column names a constraint reads (strings only: a wrong kind of value is reported by the shape check). */
function namesIn(c: Record<string, unknown>): string[] {
  const one = [c.column, c.low, c.high].filter((v): v is string => typeof v === 'string');
  return [...one, ...(Array.isArray(c.columns) ? c.columns.filter((v): v is string => typeof v === 'string') : [])];
}

/**
 * What is wrong with the field's text, in words, or undefined when it is empty or a list the API
 * would take the shape of: JSON, a list, known types, their keys, and column names of this file.
 */
export function constraintsProblem(text: string, columns: readonly string[]): string | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}.`;
  }
  if (!Array.isArray(value)) return 'Constraints must be a JSON list: [ … ], even for one.';
  for (const [i, c] of value.entries()) {
    const at = `Constraint ${i + 1}`;
    if (!isRecord(c)) return `${at} must be an object: {"type": …}.`;
    const kind = CONSTRAINT_KINDS.find((k) => k.type === c.type);
    if (!kind) return `${at}: unknown type ${JSON.stringify(c.type ?? null)}; use one of ${CONSTRAINT_KINDS.map((k) => k.type).join(', ')}.`;
    const missing = kind.required.filter((key) => !(key in c));
    if (missing.length) return `${at} (${kind.type}) needs ${missing.map((m) => `"${m}"`).join(' and ')}.`;
    const extra = Object.keys(c).filter((key) => key !== 'type' && !kind.required.includes(key) && !kind.optional.includes(key));
    if (extra.length) return `${at} (${kind.type}) takes no ${extra.map((m) => `"${m}"`).join(', ')}; its keys are ${['type', ...kind.required, ...kind.optional].join(', ')}.`;
    // As the API: a range of neither bound keeps every row, so a bound was most likely left out.
    if (kind.type === 'range' && !('min' in c) && !('max' in c)) return `${at} (range) needs "min" or "max".`;
    const unknown = namesIn(c).filter((n) => !columns.includes(n));
    if (unknown.length) return `${at} (${kind.type}): no column named ${unknown.map((n) => `"${n}"`).join(', ')} in this file.`;
  }
  return undefined;
}

const RANGE_NEEDS_BOUND = 'A range needs min or max: type min, max (e.g. 0, 100), or one of them (0, or , 100).';

/** A constraint of `kind` on the helper's choices, or a reason it cannot be built yet. */
function built(kind: Kind, first: string, second: string, extra: string): Record<string, unknown> | string {
  if (!first) return 'Choose a column.';
  if (kind.shape === 'pair') return second && second !== first ? { type: kind.type, low: first, high: second } : 'Choose two different columns.';
  if (kind.shape === 'columns') {
    const columns = second && second !== first ? [first, second] : [first];
    return kind.type === 'unique' || columns.length > 1 ? { type: kind.type, columns } : 'Choose two different columns.';
  }
  if (kind.type === 'formula') return extra.trim() ? { type: kind.type, column: first, expression: extra.trim() } : 'Type the expression, e.g. a + b.';
  if (kind.type === 'range') {
    const [min, max] = extra.split(',').map((s) => (s.trim() === '' ? undefined : Number(s)));
    if ([min, max].some((n) => n !== undefined && !Number.isFinite(n))) return 'Type min, max as numbers, e.g. 0, 100.';
    if (min === undefined && max === undefined) return RANGE_NEEDS_BOUND;
    return { type: kind.type, column: first, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  return { type: kind.type, column: first };
}

/**
 * The field with its error line, helper and help, as one cell of the form's grid, and what the form's
 * submit asks of it (request-form.ts). `textarea` keeps its id, so its label finds it. `idPrefix` keeps
 * the ids of a second form on the page (sampling again, views/sample.ts) apart from the generate form's.
 */
export function constraintsControl(
  textarea: HTMLTextAreaElement,
  columnInfos: readonly Pick<ColumnInfo, 'name' | 'type'>[],
  idPrefix = '',
  /** A column's observed min and max (POST /eda/describe), to pre-fill a range with bounds the data keeps. */
  boundsOf?: (column: string) => Promise<{ min?: unknown; max?: unknown } | undefined>,
): ConstraintsField {
  const columns = columnInfos.map((c) => c.name);
  const idOf = (name: string) => `${idPrefix}${name}`;
  const error = fieldError(textarea, idOf('constraints-error'), [idOf('constraints-help')]);
  const check = () => {
    const problem = constraintsProblem(textarea.value, columns);
    error.show(problem);
    return problem;
  };
  // Checked once the user pauses or leaves the field: an error on every keystroke of a half-typed list is noise.
  let timer: ReturnType<typeof setTimeout> | undefined;
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  });
  textarea.addEventListener('blur', () => {
    clearTimeout(timer);
    check();
  });

  const type = h('select', { id: idOf('constraint-type'), 'aria-label': 'Constraint type' }, ...CONSTRAINT_KINDS.map((k) => h('option', { value: k.type }, k.type)));
  const columnSelect = (id: string, label: string) => h('select', { id, 'aria-label': label });
  const first = columnSelect(idOf('constraint-first'), 'First column');
  const second = columnSelect(idOf('constraint-second'), 'Second column');
  // Only the columns the chosen type takes; a choice still offered is kept.
  const offer = (select: HTMLSelectElement, optional: boolean) => {
    const names = columnsFor(type.value, columnInfos);
    const kept = names.includes(select.value) ? select.value : '';
    select.replaceChildren(h('option', { value: '' }, optional ? '— (none)' : '— column'), ...names.map((c) => h('option', { value: c }, c)));
    select.value = kept;
  };
  const extra = h('input', { type: 'text', id: idOf('constraint-extra'), 'aria-label': 'Constraint values' });
  const add = h('button', { type: 'button', class: 'secondary', id: idOf('constraint-add') }, 'Add constraint');
  const kindOf = () => CONSTRAINT_KINDS.find((k) => k.type === type.value) ?? CONSTRAINT_KINDS[0]!;
  const shape = () => {
    const kind = kindOf();
    second.hidden = kind.shape === 'column';
    second.setAttribute('aria-label', kind.shape === 'pair' ? 'High column (low ≤ high)' : 'Second column');
    first.setAttribute('aria-label', kind.shape === 'pair' ? 'Low column' : 'Column');
    extra.hidden = kind.type !== 'range' && kind.type !== 'formula';
    extra.placeholder = kind.type === 'range' ? 'min, max (e.g. 0, 100)' : 'expression, e.g. a + b';
    offer(first, false);
    offer(second, true);
    void prefill();
    needsBound();
  };
  // A range starts at the column's observed bounds, which the data keeps by definition; the user narrows from there.
  // Bounds the user typed are theirs: only an empty field, or one still holding the last pre-fill, is filled.
  let asked = 0;
  let filled = '';
  const prefill = async () => {
    if (kindOf().type !== 'range' || !first.value || !boundsOf) return;
    const ticket = ++asked;
    const text = rangeText(await boundsOf(first.value).catch(() => undefined));
    if (ticket !== asked || kindOf().type !== 'range' || !text || (extra.value.trim() !== '' && extra.value !== filled)) return;
    extra.value = filled = text;
    needsBound();
  };
  first.addEventListener('change', () => void prefill());
  // A range of neither bound is refused by the API: the button waits for one (the title says why).
  const needsBound = () => {
    const waiting = kindOf().type === 'range' && extra.value.split(',').every((s) => s.trim() === '');
    add.disabled = waiting;
    add.title = waiting ? RANGE_NEEDS_BOUND : '';
  };
  type.addEventListener('change', shape);
  extra.addEventListener('input', needsBound);
  shape();
  add.addEventListener('click', () => {
    const made = built(kindOf(), first.value, second.value, extra.value);
    if (typeof made === 'string') {
      error.element.hidden = false;
      error.element.textContent = made;
      return;
    }
    // Appended to the list already typed; text that is not a list is left alone and reported.
    const current = textarea.value.trim() ? safeList(textarea.value) : [];
    if (!current) {
      check();
      return;
    }
    textarea.value = JSON.stringify([...current, made]);
    check();
  });

  const help = h(
    'details',
    // Folded: open, it pushes the Parameters below the fold; the summary says where to look.
    { id: idOf('constraints-help'), class: 'constraints-help' },
    h('summary', {}, 'Constraint types'),
    h('p', { class: 'muted' }, 'A JSON list of rules every generated row keeps. Rules the real data breaks are refused.'),
    h('ul', {}, ...CONSTRAINT_KINDS.map((k) => h('li', { 'data-type': k.type }, h('code', {}, k.type), ` — ${k.meaning}: `, h('code', { class: 'example' }, k.example)))),
  );
  return {
    element: h('div', { class: 'constraints-field' }, textarea, error.element, h('div', { class: 'constraint-helper chart-row' }, type, first, second, extra, add), help),
    read() {
      // Checked again: it also clears the API's refusal of a list the user has not changed since
      // (and a check still waiting on a pause in typing would only repeat this one, after the API's answer).
      clearTimeout(timer);
      const problem = check();
      if (problem) throw new Error(`Constraints: ${problem}`);
      return textarea.value.trim() ? safeList(textarea.value) : undefined;
    },
    refused(err) {
      if (!(err instanceof ApiError && err.status === 422 && /constraint|formula/i.test(err.detail))) return false;
      error.show(err.detail);
      return true;
    },
  };
}

export interface ConstraintsField {
  readonly element: HTMLElement;
  /**
   * The list to send: undefined when the field is empty; a mistake is said under the field and
   * thrown too (`Constraints: …`), so the submit sends nothing and its banner says why.
   */
  read(): unknown[] | undefined;
  /** Shows a 422 about the constraints under the field (not in the page's banner); false for any other error. */
  refused(err: unknown): boolean;
}

function safeList(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
