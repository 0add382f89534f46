import { retypeStep } from '../../core/schema/service.js';
import { deferredReport, stepHandler } from '../lib/step.js';

export const handler = stepHandler('retype', async (_state, { job, svc, report }) => {
  const progress = deferredReport(report);
  const result = await retypeStep(progress.stoppable(svc), job, progress.report);
  progress.settle();
  return result;
});
