import { z } from 'zod';
import { FileId } from '../../core/files/model.js';
import { ingestFile } from '../../core/files/service.js';
import { stepHandler } from '../lib/step.js';

const Input = z.object({ file_id: FileId });

export const handler = stepHandler('ingest', async (_state, { job, svc, report }) => {
  const { file_id } = Input.parse(job.input);
  const meta = await ingestFile(svc, file_id, (fraction) => report(Math.round(fraction * 100)));
  return { file_id, rows: meta.rows ?? 0 };
});
