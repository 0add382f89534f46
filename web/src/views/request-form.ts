/**
 * The submit of the forms that ask for rows (Generate, and Sample more rows from a model): one flow,
 * so both say a mistake in the same place. Conditions are read first (a mistake is said under their
 * field and nothing is sent), the constraints parsed, the request sent; the API refusing the
 * conditions or the constraints is said under that field, any other error in the page's banner.
 */
import { errorText, showError } from '../dom.js';
import type { Conditions, ConditionsField } from './conditions-field.js';
import type { ConstraintsField } from './constraints-help.js';

/** What the two fields ask for, each left out when empty (the API's defaults). */
export interface Asked {
  conditions?: Conditions;
  constraints?: unknown[];
}

export interface RequestForm {
  readonly form: HTMLFormElement;
  readonly submit: HTMLButtonElement;
  readonly conditions: ConditionsField;
  readonly constraints: ConstraintsField;
  /** The form's progress panel, emptied of the last run's outcome before the next is asked for. */
  readonly panel: { clear(): void };
  /** Sends the request and follows its job; a throw is the form's error, said as above. */
  send(asked: Asked): Promise<void>;
  /** The button's text while the request runs (a greyed button alone does not say it is on its way). */
  readonly busy?: string;
  /** The banner's words for an error about neither field; errorText by default. */
  failure?(err: unknown): string;
}

export function onRequest(o: RequestForm): void {
  o.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(undefined, o.form);
    const conditions = o.conditions.read();
    if (conditions === null) return;
    o.submit.disabled = true;
    const label = o.submit.textContent;
    if (o.busy) o.submit.textContent = o.busy;
    o.panel.clear();
    try {
      const constraints = o.constraints.read();
      await o.send({ ...(conditions ? { conditions } : {}), ...(constraints ? { constraints } : {}) });
    } catch (err) {
      if (!o.conditions.refused(err) && !o.constraints.refused(err)) showError(o.failure?.(err) ?? errorText(err), o.form);
    } finally {
      o.submit.disabled = false;
      o.submit.textContent = label;
    }
  });
}
