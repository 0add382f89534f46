import { routeNamed } from '../core/api/routes.js';
import { deleteFileAndDependents } from '../core/generation/service.js';
import { httpHandler, noContent } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesDelete'), async ({ params }, svc) => {
  await deleteFileAndDependents(svc, params.id);
  return noContent();
});
