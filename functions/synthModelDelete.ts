import { routeNamed } from '../core/api/routes.js';
import { deleteModel } from '../core/generation/service.js';
import { httpHandler, noContent } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthModelDelete'), async ({ params }, svc) => {
  await deleteModel(svc, params.model_id);
  return noContent();
});
