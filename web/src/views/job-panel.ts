/** A job's live panel (progress bar, status, Cancel, loss curve) and the loss curve chart it draws. */
import { api, type EpochLoss, type Job } from '../api.js';
import { followJob, progressLines } from '../jobs.js';
import { errorText, h, showError } from '../dom.js';
import { chart, lossCurveSpec } from '../charts.js';

/** Said of a failed job whose error has no detail, live (the banner) or met later (the status line). */
const JOB_FAILED = 'The job failed.';

/**
 * A generation job's progress bar, status line, Cancel button and live loss curve, following the job
 * until it ends: on the source's page after Generate, and on the generated file's own page when it is
 * opened (or reloaded) while the job runs. Cancelling is the user's choice, so it is a status, not an error.
 * `prefix` keeps ids apart when a page has two panels (generate, and sample more rows from a model).
 */
export function jobPanel(prefix = 'job', label = 'Generation progress') {
  const bar = h('progress', { id: `${prefix}-progress`, max: 100, value: 0, 'aria-label': label });
  const status = h('p', { id: `${prefix}-status`, class: 'job-status', 'aria-live': 'polite' });
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true, id: `${prefix}-cancel` }, 'Cancel');
  const result = h('div', { id: `${prefix}-result`, class: 'job-result' });
  const curve = lossCurve(prefix === 'job' ? 'live-loss' : `${prefix}-loss`);
  // No bar before a job exists: an empty one reads as a run stuck at 0 %.
  const row = h('div', { class: 'progress-row', hidden: true }, bar, cancel);
  // The curve right under the bar and status line, where a user watching the run looks.
  const element = h('div', { class: 'job-panel', id: `${prefix}-panel` }, row, status, curve.element, result);
  const clear = () => {
    result.replaceChildren();
    status.textContent = '';
    status.classList.remove('failure');
    curve.reset();
  };
  async function follow(jobId: string, modelId: string | undefined): Promise<Job> {
    bar.value = 0;
    row.hidden = false;
    cancel.hidden = false;
    cancel.disabled = false;
    cancel.textContent = 'Cancel';
    // Bar, status and loss curve are watched together: brought to the top of the view unless already
    // near it (Generate is at the foot of a long form, and the curve would open below the fold).
    const top = element.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight / 3) element.scrollIntoView({ block: 'start' });
    // Started from the form, whose button is now disabled: the focus moves to what can act on the run.
    if (document.activeElement === document.body || (document.activeElement as HTMLButtonElement | null)?.disabled) cancel.focus({ preventScroll: true });
    cancel.onclick = async () => {
      cancel.disabled = true;
      // The button itself says the cancel is on its way, so it is not pressed again.
      cancel.textContent = 'Cancelling…';
      status.textContent = 'Cancelling…';
      await api.cancel(jobId).catch((e: unknown) => showError(errorText(e), cancel));
    };
    const line = progressLines();
    const watching = whileShown(element);
    try {
      const job = await followJob(jobId, (j) => {
        bar.value = j.progress.percent;
        // The job's own history when it has one: opened mid-run, the curve still starts at the first epoch.
        if (j.loss_history?.length) curve.update(j.loss_history);
        else curve.add(j.progress.metrics);
        const text = line(j); // fed every reading, shown or not, so the pace is measured throughout
        if (j.status === 'cancelled' || cancel.disabled) return;
        status.textContent = text;
      }, watching);
      if (job.status === 'succeeded') {
        const model = modelId ? await api.model(modelId).catch(() => undefined) : undefined;
        if (model?.training) await curve.show(model.training.history);
        return job;
      }
      // Said before anything is drawn. A failed or cancelled fit stored no model: its curve is the job's
      // own loss_history, which onUpdate was given with the final reading above (curve.update draws it
      // once, also when the page was opened after the run ended).
      if (job.status === 'cancelled') status.textContent = 'Cancelled.';
      else if (job.status === 'failed') showError(job.error?.detail ?? JOB_FAILED, element);
      return job;
    } finally {
      cancel.hidden = true;
    }
  }
  /**
   * A failed or cancelled job met after it ended (its file's page opened later): its status, its error
   * in the status line rather than the banner (nothing went wrong just now), then the curve it kept,
   * drawn without holding up the page. `detail` is the file's own reason when it has one (failOutputFile
   * wrote it, e.g. its source was deleted), which says more about this file than the job's error.
   */
  function ended(job: Job, detail?: string): void {
    clear();
    const failed = job.status === 'failed';
    const reason = detail ?? (failed ? job.error?.detail : undefined);
    status.textContent = reason ? (failed ? `Failed: ${reason}` : reason) : failed ? JOB_FAILED : 'Cancelled.';
    status.classList.toggle('failure', failed);
    if (job.loss_history?.length) void curve.show(job.loss_history);
  }
  return { element, result, clear, follow, ended };
}

/**
 * followJob's `watching`: polling stops once `element` has left the page (the user went elsewhere);
 * the job runs on. True until the element was first attached, as it may be followed before it is.
 */
export function whileShown(element: Node): () => boolean {
  let shown = false;
  return () => (element.isConnected ? (shown = true) : !shown);
}

/**
 * The training loss of a neural generator, drawn as epochs arrive in the job's progress (its
 * loss_history, at most 300 points) and redrawn at the end from the model's full history, or from
 * the job's own when the fit failed or was cancelled.
 */
export function lossCurve(id: string) {
  const element = h('figure', { id, class: 'loss-curve', hidden: true }, h('figcaption', {}, 'Training loss per epoch'));
  const plot = h('div', {});
  element.append(plot);
  let history: EpochLoss[] = [];
  let drawing: Promise<void> = Promise.resolve();
  const draw = () => {
    const snapshot = [...history];
    drawing = drawing.then(() => chart(plot, lossCurveSpec(snapshot))).catch(() => undefined);
    return drawing;
  };
  return {
    element,
    reset() {
      history = [];
      element.hidden = true;
      plot.replaceChildren();
    },
    add(metrics: Record<string, number> | undefined) {
      if (!metrics || typeof metrics.epoch !== 'number' || history.some((e) => e.epoch === metrics.epoch)) return;
      const { epoch, ...loss } = metrics;
      history.push({ epoch, loss });
      element.hidden = false;
      void draw();
    },
    /** A fuller history than the one drawn (the job's so far): drawn when it has an epoch not drawn yet. */
    update(full: readonly EpochLoss[]) {
      // Any epoch, not only the last: readings that named only the latest epoch drew that one alone.
      const drawn = new Set(history.map((e) => e.epoch));
      if (full.every((e) => drawn.has(e.epoch))) return;
      history = [...full];
      element.hidden = false;
      void draw();
    },
    async show(full: EpochLoss[]) {
      history = full;
      element.hidden = full.length === 0;
      await draw();
    },
  };
}
