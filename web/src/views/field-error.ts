/**
 * A form field's error line, said under the field rather than in the page's banner (which covers
 * what it is about): the field names the line in aria-describedby, and is aria-invalid while it shows.
 */
import { h } from '../dom.js';

export interface FieldError {
  readonly element: HTMLElement;
  /** Shows the problem, or clears it when undefined. */
  show(problem: string | undefined): void;
}

/** `describedBy`: ids of the field's other descriptions (help, notes), read after the error. */
export function fieldError(control: HTMLElement, id: string, describedBy: readonly string[] = []): FieldError {
  const element = h('p', { id, class: 'failure field-error', role: 'alert', hidden: true });
  control.setAttribute('aria-describedby', [id, ...describedBy].join(' '));
  return {
    element,
    show(problem) {
      element.hidden = !problem;
      element.textContent = problem ?? '';
      if (problem) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}
