import { routeNamed } from '../core/api/routes.js';
import { completeUpload } from '../core/files/service.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesComplete'), async ({ params, body }, svc) =>
  accepted(await completeUpload(svc, params.id, body)),
);
