import { routeNamed } from '../core/api/routes.js';
import { getSchema } from '../core/schema/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesSchemaGet'), async ({ params, query }, svc) => ok(await getSchema(svc, params.id, query.format)));
