import { routeNamed } from '../core/api/routes.js';
import { conflict, notFound } from '../core/errors.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthJobCancel'), async ({ params }, svc) => {
  const asked = await svc.jobs.cancel(params.job_id);
  if (!asked) throw notFound(`No job ${params.job_id}.`);
  const { job, ended } = asked;
  if (ended) throw conflict(`Job ${job.job_id} has already ${job.status === 'succeeded' ? 'succeeded' : `ended ${job.status}`}; there is nothing to cancel.`);
  return accepted(job);
});
