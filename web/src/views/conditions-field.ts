/**
 * The Conditions field of the generate and the sample forms, following the generator (its
 * capabilities from GET /synth/models): disabled, with the reason beside it, for one that cannot
 * condition; a note for one that conditions on categories only, or only approximately; and a
 * mistake, the browser's or the API's, said under the field.
 */
import { ApiError, type ColumnInfo, type Generator } from '../api.js';
import { errorText, h } from '../dom.js';
import { fieldError } from './field-error.js';

/** How the API's 422 for conditions it cannot meet begins (core/generation/conditions.ts): said under the field. */
const CONDITIONS_PROBLEM = 'Invalid conditions:';

export type Conditions = Record<string, string | number>;

export interface ConditionsField {
  readonly element: HTMLElement;
  follow(generator: Generator | undefined): void;
  /**
   * The conditions to send: undefined for none (also when the generator takes none; the typed text is
   * kept for one that does), null when the text has a mistake, said under the field.
   */
  read(): Conditions | undefined | null;
  /** True when `err` is the API refusing the conditions, said under the field; any other error is the caller's to show. */
  refused(err: unknown): boolean;
}

const names = (gs: readonly Generator[]) => gs.map((g) => g.name).join(', ');

/**
 * Where the field is: beside a choice of generator (the generate form), or on a fitted model whose
 * generator is given (the sample form), where "choose another" would point at nothing on the form.
 */
export type ConditionsContext = 'choice' | 'model';

/** What the field can do with `g`, in a line; undefined when it conditions on any column exactly. */
export function conditionsNote(g: Generator, generators: readonly Generator[], context: ConditionsContext = 'choice'): string | undefined {
  const c = g.capabilities;
  // The alternative named is one that samples conditions on any column exactly (the copula).
  const exact = generators.filter((x) => x.capabilities.conditional && x.capabilities.numericConditions && !x.capabilities.approximateConditions);
  const instead = exact.length ? `; ${names(exact)} samples them exactly` : '';
  if (!c.conditional) {
    const can = generators.filter((x) => x.capabilities.conditional);
    if (context === 'model') return `This model's generator (${g.name}) cannot fix column values${can.length ? `: generate again with ${names(can)} for conditions` : ''}.`;
    return `${g.name} cannot fix column values${can.length ? `: choose ${names(can)} for conditions` : ''}.`;
  }
  if (c.approximateConditions) return `${g.name} conditions categories approximately: categorical and true/false columns only, the rest of each row roughly following them${instead}.`;
  if (!c.numericConditions) return `${g.name} conditions on categorical and true/false columns only, not numbers or dates${exact.length ? `; ${names(exact)} conditions on those too` : ''}.`;
  return undefined;
}

/** `columns`: the types the text is read as (numbers for numeric columns). */
export function conditionsField(
  input: HTMLInputElement,
  generators: readonly Generator[],
  columns: readonly Pick<ColumnInfo, 'name' | 'type'>[],
  context: ConditionsContext = 'choice',
): ConditionsField {
  const note = h('p', { id: `${input.id}-note`, class: 'muted field-note', hidden: true });
  const error = fieldError(input, `${input.id}-error`, [note.id]);
  input.addEventListener('input', () => error.show(undefined));
  /** Says the problem under the field and moves the focus there. */
  const show = (problem: string) => {
    error.show(problem);
    input.focus();
  };
  return {
    element: h('div', { class: 'conditions-field' }, input, error.element, note),
    follow(g) {
      const text = g && conditionsNote(g, generators, context);
      note.hidden = !text;
      note.textContent = text ?? '';
      input.disabled = g?.capabilities.conditional === false;
      error.show(undefined);
    },
    read() {
      const text = input.disabled ? '' : input.value.trim();
      try {
        const fixed = text ? parseConditions(text, columns) : undefined;
        error.show(undefined);
        return fixed;
      } catch (e) {
        show(errorText(e));
        return null;
      }
    },
    refused(err) {
      if (!(err instanceof ApiError && err.detail.startsWith(CONDITIONS_PROBLEM))) return false;
      show(err.detail);
      return true;
    },
  };
}

/**
 * `a=1, b=x` → {a: 1, b: 'x'}: finite numbers for numeric columns, text otherwise. The object is
 * built with defineProperty so that a column named like an Object.prototype member (`__proto__`)
 * becomes a key of its own instead of replacing the prototype and vanishing from the request.
 */
export function parseConditions(text: string, columns: readonly Pick<ColumnInfo, 'name' | 'type'>[]): Conditions {
  const out: Conditions = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new Error(`Condition "${part}" should look like column=value.`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    const type = columns.find((c) => c.name === name)?.type;
    const parsed = type === 'integer' || type === 'float' ? conditionNumber(name, value, type) : value;
    Object.defineProperty(out, name, { value: parsed, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Number('') is 0 and Number('abc') NaN (sent as null); neither is what the user typed, so refuse them here. */
function conditionNumber(column: string, value: string, type: 'integer' | 'float'): number {
  const n = value === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Condition ${column}: "${value}" is not a number, and ${column} is a numeric column.`);
  if (type === 'integer' && !Number.isInteger(n)) throw new Error(`Condition ${column}: "${value}" is not a whole number, and ${column} is an integer column.`);
  return n;
}
