/** A features apply job followed in a status line, ending with a link to the file it made. */
import { api } from '../api.js';
import { followJob, progressLines } from '../jobs.js';
import { whileShown } from './job-panel.js';
import { h } from '../dom.js';

/**
 * Writes the job's progress into `status`; once it succeeds, names the new file there, linked (the
 * link is returned, for the caller to focus: the button clicked was disabled meanwhile, and focus
 * would otherwise be left on the page's body). A job that fails gives the reason instead.
 */
export async function followFeaturesJob(started: { job_id: string; file_id: string }, status: HTMLElement, linkId: string): Promise<{ created: HTMLAnchorElement } | { failed: string }> {
  const line = progressLines();
  const job = await followJob(started.job_id, (j) => (status.textContent = line(j)), whileShown(status));
  if (job.status !== 'succeeded') return { failed: job.error?.detail ?? `The job ended ${job.status}.` };
  // "Done." alone leaves the user to guess what was made: name the new file, linked.
  const made = await api.getFile(started.file_id).catch(() => undefined);
  // The one way to the new file: a second button to the same address would only repeat it.
  const created = h('a', { href: `#/files/${started.file_id}`, id: linkId }, made?.filename ?? started.file_id);
  status.replaceChildren('Done: created ', created, '.');
  return { created };
}
