import { routeNamed } from '../core/api/routes.js';
import { startSampling } from '../core/generation/service.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthSample'), async ({ params, body }, svc) =>
  accepted(await startSampling(svc, params.model_id, body)),
);
