/**
 * Runs started from a file that are still going, on that file's page: "A ctgan run is in progress
 * (40 %) → open its file", with Cancel. The Generate form follows only the run it started, and is
 * drawn anew when the page is opened again; without this line, a run started earlier would vanish
 * from its source's page. The API lists no jobs per file, but every generation writes a file
 * (status `generating`, lineage.parent = the source, lineage.details.job_id = the job), so the runs
 * are found among the newest files.
 */
import { api, type FileMeta, type Job } from '../api.js';
import { followJob } from '../jobs.js';
import { errorText, h, showError } from '../dom.js';

/** A section, hidden until a run is found; it fills itself in once the file list has come back. */
export function runningJobsSection(meta: Pick<FileMeta, 'file_id'>): HTMLElement {
  const list = h('ul', { class: 'running-jobs' });
  const section = h('section', { id: 'running-jobs', 'aria-labelledby': 'running-jobs-h', hidden: true }, h('h2', { id: 'running-jobs-h' }, 'Runs in progress'), list);
  void api.listFiles().then(
    ({ items }) => {
      const runs = items.filter((f) => f.status === 'generating' && f.lineage.parent === meta.file_id && typeof f.lineage.details?.job_id === 'string');
      if (!runs.length || !section.isConnected) return;
      list.append(...runs.map((f) => runLine(f, String(f.lineage.details!.job_id))));
      section.hidden = false;
    },
    (e: unknown) => showError(errorText(e), section),
  );
  return section;
}

/** "A ctgan run is in progress (40 %) → open its file", kept up to date until the run ends or the page is left. */
function runLine(file: FileMeta, jobId: string): HTMLElement {
  const generator = typeof file.lineage.details?.generator === 'string' ? file.lineage.details.generator : 'generation';
  const text = h('span', { class: 'running-job-text' }, `A ${generator} run is in progress`);
  const link = h('a', { href: `#/files/${file.file_id}`, class: 'running-job-file' }, 'open its file');
  const cancel = h('button', { type: 'button', class: 'secondary running-job-cancel', 'aria-label': `Cancel the ${generator} run` }, 'Cancel');
  const line = h('li', { class: 'running-job', 'data-job-id': jobId, 'aria-live': 'polite' }, text, ' → ', link, ' ', cancel);
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    text.textContent = `A ${generator} run is being cancelled`;
    await api.cancel(jobId).catch((e: unknown) => showError(errorText(e), cancel));
  });
  const show = (j: Job) => {
    if (j.status === 'queued') text.textContent = `A ${generator} run is waiting to start`;
    else if (j.status === 'running' && !cancel.disabled) text.textContent = `A ${generator} run is in progress (${Math.round(j.progress.percent)} %)`;
    else if (j.status === 'succeeded') text.textContent = `A ${generator} run has finished`;
    else if (j.status === 'failed') text.textContent = `A ${generator} run failed`;
    else if (j.status === 'cancelled') text.textContent = `A ${generator} run was cancelled`;
    if (j.status === 'succeeded' || j.status === 'failed' || j.status === 'cancelled') cancel.remove();
  };
  void followJob(jobId, show, () => line.isConnected).catch((e: unknown) => showError(errorText(e), line));
  return line;
}
