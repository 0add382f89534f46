import { routeNamed } from '../core/api/routes.js';
import { startGeneration } from '../core/generation/service.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthGenerate'), async ({ body }, svc) => accepted(await startGeneration(svc, body)));
