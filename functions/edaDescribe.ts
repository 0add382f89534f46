import { routeNamed } from '../core/api/routes.js';
import { edaDescribe } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('edaDescribe'), async ({ body }, svc) => ok(await edaDescribe(svc, body)));
