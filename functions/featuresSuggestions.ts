import { routeNamed } from '../core/api/routes.js';
import { suggestions } from '../core/features/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('featuresSuggestions'), async ({ body }, svc) => ok(await suggestions(svc, body)));
