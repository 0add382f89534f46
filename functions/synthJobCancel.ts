import { routeNamed } from '../core/api/routes.js';
import { notFound } from '../core/errors.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthJobCancel'), async ({ params }, svc) => {
  const job = await svc.jobs.cancel(params.job_id);
  if (!job) throw notFound(`No job ${params.job_id}.`);
  return accepted(job);
});
