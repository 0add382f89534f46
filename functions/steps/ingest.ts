import { z } from 'zod';
import { FileId } from '../../core/files/model.js';
import { ingestFile } from '../../core/files/service.js';
import { deferredReport, stepHandler } from '../lib/step.js';

const Input = z.object({ file_id: FileId });

export const handler = stepHandler('ingest', async (_state, { job, svc, report }) => {
  const { file_id } = Input.parse(job.input);
  const progress = deferredReport(report);
  // A delete meanwhile holds: ingest records its outcome conditionally and removes what it left.
  const meta = await ingestFile(progress.stoppable(svc), file_id, (fraction) => progress.report(Math.round(fraction * 100)));
  progress.settle();
  return { file_id, rows: meta.rows ?? 0 };
});
