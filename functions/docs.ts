import { routeNamed } from '../core/api/routes.js';
import { body, httpHandler } from './lib/http.js';
import { swaggerPage } from './lib/docs-pages.js';

export const handler = httpHandler(routeNamed('docs'), async () => body(swaggerPage, 'text/html; charset=utf-8'));
