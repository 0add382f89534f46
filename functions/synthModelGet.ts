import { routeNamed } from '../core/api/routes.js';
import { getModel } from '../core/generation/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthModelGet'), async ({ params }, svc) => ok(await getModel(svc, params.model_id)));
