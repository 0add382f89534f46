import { routeNamed, routes } from '../core/api/routes.js';
import { openApiDocument } from '../core/api/openapi.js';
import { body, httpHandler } from './lib/http.js';
import { VERSION } from './lib/services.js';

let cached: string | undefined;

export const handler = httpHandler(routeNamed('openapi'), async () => {
  cached ??= JSON.stringify(
    openApiDocument(routes, {
      title: 'tabmimic API',
      version: VERSION,
      description: 'Upload a table, profile it, generate a statistically faithful synthetic copy, and measure its quality and privacy.',
    }),
  );
  return body(cached, 'application/json');
});
