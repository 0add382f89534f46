import { routeNamed } from '../core/api/routes.js';
import { startFit } from '../core/generation/service.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthFit'), async ({ body }, svc) => accepted(await startFit(svc, body)));
