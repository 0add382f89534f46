import { z } from 'zod';
import { FileId } from '../../core/files/model.js';
import { deleteFile, ingestFile } from '../../core/files/service.js';
import { deferredReport, stepHandler } from '../lib/step.js';
import type { Services } from '../lib/services.js';

const Input = z.object({ file_id: FileId });

export const handler = stepHandler('ingest', async (_state, { job, svc, report }) => {
  const { file_id } = Input.parse(job.input);
  const progress = deferredReport(report);
  const meta = await ingestFile(progress.stoppable(svc), file_id, (fraction) => progress.report(Math.round(fraction * 100))).finally(() =>
    removeIfDeleted(svc, job.job_id, file_id),
  );
  progress.settle();
  return { file_id, rows: meta.rows ?? 0 };
});

/**
 * Deleting the file during its ingest deletes this job with it; the ingest's last write (ready or
 * failed) then brings the file's record back. Delete it again so the delete holds.
 */
async function removeIfDeleted(svc: Services, jobId: string, fileId: string): Promise<void> {
  if (!(await svc.meta.getJob(jobId))) await deleteFile(svc, fileId);
}
