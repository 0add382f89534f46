/**
 * The generate form's Conditions field, following the chosen generator (its capabilities from GET
 * /synth/models): disabled, with the reason beside it, for one that cannot condition; a note for one
 * that conditions on categories only, or only approximately; and a mistake said under the field.
 */
import type { Generator } from '../api.js';
import { h } from '../dom.js';
import { fieldError } from './field-error.js';

export interface ConditionsField {
  readonly element: HTMLElement;
  /** The text to send, or '' when the generator takes none (the typed text is kept for a generator that does). */
  text(): string;
  follow(generator: Generator | undefined): void;
  /** Says the problem under the field and moves the focus there; undefined clears it. */
  show(problem: string | undefined): void;
}

const names = (gs: readonly Generator[]) => gs.map((g) => g.name).join(', ');

/** What the field can do with `g`, in a line; undefined when it conditions on any column exactly. */
export function conditionsNote(g: Generator, generators: readonly Generator[]): string | undefined {
  const c = g.capabilities;
  // The alternative named is one that samples conditions on any column exactly (the copula).
  const exact = generators.filter((x) => x.capabilities.conditional && x.capabilities.numericConditions && !x.capabilities.approximateConditions);
  const instead = exact.length ? `; ${names(exact)} samples them exactly` : '';
  if (!c.conditional) {
    const can = generators.filter((x) => x.capabilities.conditional);
    return `${g.name} cannot fix column values${can.length ? `: choose ${names(can)} for conditions` : ''}.`;
  }
  if (c.approximateConditions) return `${g.name} conditions categories approximately: categorical and true/false columns only, the rest of each row roughly following them${instead}.`;
  if (!c.numericConditions) return `${g.name} conditions on categorical and true/false columns only, not numbers or dates${exact.length ? `; ${names(exact)} conditions on those too` : ''}.`;
  return undefined;
}

export function conditionsField(input: HTMLInputElement, generators: readonly Generator[]): ConditionsField {
  const note = h('p', { id: `${input.id}-note`, class: 'muted field-note', hidden: true });
  const error = fieldError(input, `${input.id}-error`, [note.id]);
  input.addEventListener('input', () => error.show(undefined));
  return {
    element: h('div', { class: 'conditions-field' }, input, error.element, note),
    text: () => (input.disabled ? '' : input.value.trim()),
    follow(g) {
      const text = g && conditionsNote(g, generators);
      note.hidden = !text;
      note.textContent = text ?? '';
      input.disabled = g?.capabilities.conditional === false;
      error.show(undefined);
    },
    show(problem) {
      error.show(problem);
      if (problem) input.focus();
    },
  };
}
