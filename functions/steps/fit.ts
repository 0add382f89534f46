import { fitStep } from '../../core/generation/service.js';
import { stepHandler } from '../lib/step.js';

export const handler = stepHandler('fit', async (_state, { job, svc, report }) => fitStep(svc, job, report));
