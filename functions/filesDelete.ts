import { routeNamed } from '../core/api/routes.js';
import { deleteFile } from '../core/files/service.js';
import { httpHandler, noContent } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesDelete'), async ({ params }, svc) => {
  await deleteFile(svc, params.id);
  return noContent();
});
