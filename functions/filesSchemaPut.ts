import { routeNamed } from '../core/api/routes.js';
import { editSchema } from '../core/schema/service.js';
import { accepted, httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesSchemaPut'), async ({ params, body }, svc) => {
  const outcome = await editSchema(svc, params.id, body);
  return 'started' in outcome ? accepted(outcome.started) : ok(outcome.done);
});
