/**
 * Runs started from a file that are still going, on that file's page: "A ctgan run is in progress
 * (40 %) → open its file", with Cancel. The Generate form follows only the run it started, and is
 * drawn anew when the page is opened again; without this line, a run started earlier would vanish
 * from its source's page. GET /files/{id}/jobs lists them, however old the file.
 */
import { api, type FileJob, type FileMeta, type Job } from '../api.js';
import { followJob } from '../jobs.js';
import { errorText, h, showError } from '../dom.js';

/** A generation still going, as its line names it. */
export interface Run {
  jobId: string;
  generator: string;
  generatedFileId: string;
}

/**
 * The generations (fresh or from a fitted model) reading this file that write another: the file's
 * jobs also hold its own ingest and type changes, its fits, and, for a generated file, the run
 * writing it, which its own page already follows.
 */
export function runsFrom(jobs: readonly FileJob[], fileId: string): Run[] {
  return jobs.flatMap((j) => {
    const { file_id, generated_file_id, generator } = j.input;
    if ((j.type !== 'synthesize' && j.type !== 'sampleModel') || file_id !== fileId || typeof generated_file_id !== 'string') return [];
    return [{ jobId: j.job_id, generator: typeof generator === 'string' ? generator : 'generation', generatedFileId: generated_file_id }];
  });
}

/** A section, hidden until a run is found; it fills itself in once the file's jobs have come back. */
export function runningJobsSection(meta: Pick<FileMeta, 'file_id'>): HTMLElement {
  const list = h('ul', { class: 'running-jobs' });
  const section = h('section', { id: 'running-jobs', 'aria-labelledby': 'running-jobs-h', hidden: true }, h('h2', { id: 'running-jobs-h' }, 'Runs in progress'), list);
  void api.fileJobs(meta.file_id, ['queued', 'running']).then(
    ({ jobs }) => {
      const runs = runsFrom(jobs, meta.file_id);
      if (!runs.length || !section.isConnected) return;
      list.append(...runs.map(runLine));
      section.hidden = false;
    },
    (e: unknown) => showError(errorText(e), section),
  );
  return section;
}

/** "A ctgan run is in progress (40 %) → open its file", kept up to date until the run ends or the page is left. */
function runLine({ jobId, generator, generatedFileId }: Run): HTMLElement {
  const text = h('span', { class: 'running-job-text' }, `A ${generator} run is in progress`);
  const link = h('a', { href: `#/files/${generatedFileId}`, class: 'running-job-file' }, 'open its file');
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
