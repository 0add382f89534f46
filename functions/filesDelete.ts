import { routeNamed } from '../core/api/routes.js';
import { deleteFile } from '../core/files/service.js';
import { deleteModelsFittedOn, failOutputFile } from '../core/generation/service.js';
import type { Job } from '../core/jobs/model.js';
import { httpHandler, noContent } from './lib/http.js';
import type { Services } from './lib/services.js';

export const handler = httpHandler(routeNamed('filesDelete'), async ({ params }, svc) => {
  await deleteFile(svc, params.id, (jobs) => deleteDependents(svc, params.id, jobs));
  return noContent();
});

/**
 * What the file leaves behind otherwise: the models fitted on it (they hold its category labels and
 * learned its rows), and the outputs of its jobs cut short, which would stay `generating` forever —
 * their job records are gone, so MarkFailed cannot settle them. Finished generated files stay: each
 * is an ordinary file of its own.
 */
async function deleteDependents(svc: Services, id: string, jobs: readonly Job[]): Promise<void> {
  for (const job of jobs) {
    if (job.input.output_file_id !== id) await failOutputFile(svc, job, `Its source file ${id} was deleted before it finished.`);
  }
  await deleteModelsFittedOn(svc, id, jobs);
}
