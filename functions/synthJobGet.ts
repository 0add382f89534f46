import { routeNamed } from '../core/api/routes.js';
import { notFound } from '../core/errors.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthJobGet'), async ({ params }, svc) => {
  const job = await svc.jobs.get(params.job_id);
  if (!job) throw notFound(`No job ${params.job_id}.`);
  return ok(job);
});
