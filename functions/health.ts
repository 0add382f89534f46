import { routeNamed } from '../core/api/routes.js';
import { httpHandler, ok } from './lib/http.js';
import { VERSION } from './lib/services.js';

export const handler = httpHandler(routeNamed('health'), async (_req, svc) => {
  const [blobs, metadata] = await Promise.all([
    svc.blobs.list('health/').then(() => true, () => false),
    svc.meta.listFiles(1).then(() => true, () => false),
  ]);
  return ok({ status: blobs && metadata ? 'ok' : 'degraded', version: VERSION, stores: { blobs, metadata } });
});
